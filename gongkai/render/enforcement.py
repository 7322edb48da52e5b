"""Views of the enforcement column: 事前 tables, decisions as published, withdrawal and expiry notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gongkai.data import STAT_CATEGORIES
from gongkai.documents import DecisionMeta
from gongkai.model.enforcement import EnforcementOrgan, display_until
from gongkai.model.urls import CATEGORY_SLUGS
from gongkai.model.urls import category_url as column_category_url
from gongkai.model.site import Notice, Page, Site
from gongkai.render.details import entries
from gongkai.render.views import Entry, Link

@dataclass(frozen=True)
class DecisionView:
    """A decision as published: the party masked as the rules require."""

    category: str
    decision_no: str
    target: str
    target_type: str
    credit_code: str
    legal_rep: str
    violation_type: str
    facts: str
    basis: str
    result: str
    penalty_kind: str
    fine_wan: str
    confiscated_wan: str
    licence: str
    decided: date
    published: datetime | None
    organ: str
    display_until: date
    enforcement: Link | None


@dataclass(frozen=True)
class NoticeView:
    """What a withdrawn or expired decision's URL shows instead of the decision."""

    state: str  # withdrawn | expired
    decision_no: str
    category: str
    organ: str
    decided: date
    status: str
    status_changed: date | None
    reason: str
    withdrawn: date | None
    display_until: date
    enforcement: Link | None


@dataclass(frozen=True)
class TableView:
    title: str
    key: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ProcedureView:
    name: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class CategoryView:
    category: str
    url: str
    count: int
    latest: tuple[Entry, ...]


@dataclass(frozen=True)
class EnforcementView:
    organ: str
    subject: tuple[tuple[str, str], ...]  # (label, value)
    tables: tuple[TableView, ...]
    procedures: tuple[ProcedureView, ...]
    remedies: str
    stats_columns: tuple[str, ...]
    stats: tuple[tuple[str, ...], ...]
    categories: tuple[CategoryView, ...]
    platform_url: str
    has_data: bool


LATEST_PER_CATEGORY = 5
SUBJECT_LABELS = (("name", "执法主体名称"), ("nature", "主体性质"), ("basis", "设立依据"), ("address", "办公地址"),
                  ("phone", "联系电话"))


def organ_of(site: Site, page: Page) -> EnforcementOrgan | None:
    return next((o for o in site.enforcement if o.path == page.doc.section), None)


def decision_view(site: Site, page: Page) -> DecisionView:
    meta: DecisionMeta = page.meta  # already masked by the model
    organ = organ_of(site, page)
    return DecisionView(
        meta.category, meta.decision_no, meta.target_name, meta.target_type, meta.credit_code, meta.legal_rep,
        meta.violation_type, meta.facts, meta.basis, meta.result, meta.penalty_kind, meta.fine_wan,
        meta.confiscated_wan, meta.licence, meta.decided, meta.published, meta.organ.name if meta.organ else "",
        display_until(meta, site.config.enforcement), Link(organ.title, organ.url) if organ else None)


def notice_view(site: Site, notice: Notice) -> NoticeView:
    meta: DecisionMeta = notice.page.meta  # type: ignore[assignment]
    organ = organ_of(site, notice.page)
    return NoticeView(notice.fate.state, meta.decision_no, meta.category, meta.organ.name if meta.organ else "",
                      meta.decided, meta.status, meta.status_changed, meta.status_reason, meta.withdrawn,
                      notice.fate.display_until, Link(organ.title, organ.url) if organ else None)


def category_url(organ: EnforcementOrgan, category: str) -> str:
    return column_category_url(organ.url, category)


def enforcement_view(site: Site, organ: EnforcementOrgan) -> EnforcementView:
    data = organ.data
    categories = []
    for category in CATEGORY_SLUGS:
        pages = tuple(p for p in organ.decisions if p.meta.category == category)
        if pages:
            categories.append(CategoryView(category, category_url(organ, category), len(pages),
                                           entries(pages[:LATEST_PER_CATEGORY])))
    if data is None:
        return EnforcementView(organ.organ.name, (), (), (), "", (), (), tuple(categories),
                               site.config.enforcement.platform_url, False)
    tables = tuple(TableView(t.title, t.key, tuple(label for _, label in t.columns),
                             tuple(tuple(row.get(k) for k, _ in t.columns) for row in t.rows))
                   for t in data.tables if t.rows)
    stats = tuple(tuple(row.get(k) for k in ("year",) + STAT_CATEGORIES)
                  for row in sorted(data.stats, key=lambda r: r.get("year"), reverse=True))
    subject = tuple((label, data.subject.get(key)) for key, label in SUBJECT_LABELS if data.subject.get(key))
    return EnforcementView(organ.organ.name, subject, tables, tuple(ProcedureView(p.name, p.steps) for p in data.procedures),
                           data.remedies, ("年度",) + STAT_CATEGORIES, stats, tuple(categories),
                           site.config.enforcement.platform_url, True)
