"""Stale and empty columns and the home page, against the national inspection's single-veto thresholds
(国办秘函〔2019〕19号). `today` is an argument: this module never reads the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.documents import AreaMeta, EnforcementMeta, GuideMeta, LeftOut, PlanMeta, TopicMeta
from gongkai.model.site import DATED_KINDS, Site
from gongkai.problems import Problems

DEFAULT_UPDATE = {"news": "news", "notice": "notice", "item": "policy", "policy": "policy", "interpretation": "policy",
                  "decision": "notice", "consultation": "notice", "reply": "news"}
KEY_CATEGORIES = ("news", "notice", "policy")  # 动态要闻、通知公告、政策文件: the inspection's key columns
CATEGORY_NAMES = {"news": "动态要闻", "notice": "通知公告", "policy": "政策文件", "personnel": "人事", "plan": "规划计划"}


@dataclass(frozen=True)
class ColumnState:
    path: str
    title: str
    label: str  # the column's _index.md, for messages
    category: str
    limit: int
    latest: date | None
    count: int
    placeholder: bool

    def age(self, today: date) -> int | None:
        return (today - self.latest).days if self.latest else None


def column_states(site: Site, broken: LeftOut = LeftOut()) -> list[ColumnState]:
    """Every column that must be kept current: leaf sections with dated content and open topics (not those
    holding a file left out for its errors: its newest item may be that one)."""
    rules = site.config.freshness
    columns = {c.path: c for c in site.columns}
    states = []
    for section in site.sections.values():
        meta = section.meta
        if not section.path or isinstance(meta, (PlanMeta, AreaMeta, GuideMeta)) or broken.under(section.path):
            continue
        column = columns.get(section.path)
        if column is not None and (column.archived or broken):
            continue  # 往期专题 are no longer inspected; a topic gathers items from anywhere, a left-out one too
        kind = "decision" if isinstance(meta, EnforcementMeta) else section.kind
        default = "notice" if isinstance(meta, TopicMeta) else DEFAULT_UPDATE.get(kind, "static")
        category = meta.update or default
        limit = rules.days(category)
        if limit is None:
            continue
        if column is not None:
            pages = column.pages
        elif section.children and not section.pages:
            continue  # an aggregate of sub-columns, inspected through them
        else:
            pages = tuple(p for p in site.pages_under(section.path) if p.kind in DATED_KINDS)
        dates = [p.meta.published.date() for p in pages if p.meta.published]
        states.append(ColumnState(section.path, section.title, section.index.label, category, limit,
                                  max(dates) if dates else None, len(pages), bool(meta.placeholder_text)))
    return states


def check_freshness(site: Site, today: date, inspection: bool, problems: Problems, broken: LeftOut = LeftOut(),
                    veto_only: bool = False) -> None:
    """Report stale and empty columns; the single-veto counts are errors in an inspection, warnings in a build.
    Run also when the build stops for other errors (single-veto findings are never hidden): the columns holding
    files left out are passed over, so what is found is found for certain, and the home page is judged only
    when nothing is left out. `veto_only`: the single-veto findings alone (the build stopped on other errors,
    which come first)."""
    rules = site.config.freshness
    veto = problems.error if inspection else problems.warning
    told, problems = problems, Problems() if veto_only else problems  # per-column findings: dropped if veto_only
    stale, stale_key, empty, soon_key, soon = [], [], [], [], []
    for state in column_states(site, broken):
        age = state.age(today)
        name = CATEGORY_NAMES[state.category]
        if age is None:
            if not state.placeholder:
                empty.append(state)
                problems.warning("GK526", state.label, 0, f"栏目“{state.title}”没有任何信息（空白栏目）",
                                 "发布信息，或在 _index.md 中写 placeholder_text 说明暂无信息的原因；确实不需要的栏目请删除",
                                 rule="empty-column")
            continue
        if age > state.limit:
            stale.append(state)
            if state.category in KEY_CATEGORIES:
                stale_key.append(state)
            problems.warning("GK524", state.label, 0,
                             f"栏目“{state.title}”（{name}类，要求 {state.limit} 天内更新）最近一次发布是 "
                             f"{state.latest:%Y-%m-%d}，已 {age} 天未更新", "发布新信息，或合并、撤销不再维护的栏目",
                             rule="stale-column")
        elif age > state.limit - rules.warn_days:
            soon.append(state)
            if state.category in KEY_CATEGORIES:
                soon_key.append(state)
            problems.warning("GK525", state.label, 0,
                             f"栏目“{state.title}”最近一次发布是 {state.latest:%Y-%m-%d}，{state.limit - age + 1} 天后即超期",
                             "近期发布新信息", rule="stale-soon")
    if not broken:
        _check_home(site, today, veto, problems)
    _check_guides(site, today, problems)
    _check_media(site, today, problems)
    for found, near, limit, code, what in (
            (stale_key, soon_key, rules.stale_key_limit, "GK521", "动态要闻、通知公告、政策文件类栏目"),
            (stale, soon, rules.stale_limit, "GK522", "栏目"),
            (empty, [], rules.empty_limit, "GK523", "空白栏目")):
        labels = tuple((s.label, 0) for s in found)
        if len(found) >= limit:
            veto(code, "", 0, f"{len(found)} 个{what}{'' if what == '空白栏目' else '超期未更新'}，达到单项否决标准（{limit} 个）",
                 "逐个更新或整合这些栏目", others=labels, rule="single-veto")
        elif len(found) + len(near) >= limit:
            told.warning(code, "", 0, f"已有 {len(found)} 个{what}超期，另有 {len(near)} 个即将超期；"
                             f"达到 {limit} 个将被单项否决", "尽快更新即将超期的栏目", others=labels, rule="single-veto-soon")


def _check_home(site: Site, today: date, veto, problems: Problems) -> None:
    rules = site.config.freshness
    dated = [p.meta.published.date() for p in site.pages if p.meta.published and p.kind != "decision"]
    latest = max(dated) if dated else None
    if latest is None or (today - latest).days > rules.home_days:
        when = f"最近一次是 {latest:%Y-%m-%d}" if latest else "没有任何带发布日期的信息"
        veto("GK520", "content/_index.md", 0, f"首页 {rules.home_days} 天内没有更新（{when}），达到单项否决标准",
             "发布新的政务动态或通知公告", rule="single-veto")
    elif (today - latest).days > rules.home_days - rules.warn_days:
        problems.warning("GK520", "content/_index.md", 0,
                         f"首页最近一次更新是 {latest:%Y-%m-%d}，{rules.home_days - (today - latest).days + 1} 天后即超过 "
                         f"{rules.home_days} 天未更新", "近期发布新信息", rule="single-veto-soon")


def _check_media(site: Site, today: date, problems: Problems) -> None:
    """A 政务新媒体 account in operation that has not posted for two weeks counts against the county (国办发〔2018〕123号)."""
    limit = site.config.freshness.media_days
    for account in site.data.media:
        if account.status == "运营" and account.updated is not None and (today - account.updated).days > limit:
            problems.warning("GK528", "content/_data/media.yml", account.line,
                             f"政务新媒体“{account.name}”（{account.platform}）最近更新是 {account.updated:%Y-%m-%d}，"
                             f"已 {(today - account.updated).days} 天未更新，超过 {limit} 天",
                             "督促主办单位更新，并改写 updated；不再维护的账号按程序关停（status: 关停，写 closed）",
                             key="updated", label="最近更新日期", rule="stale-media")


def _check_guides(site: Site, today: date, problems: Problems) -> None:
    """The 政府信息公开指南 is reviewed at least once a year (its office, address, phone and channels change)."""
    for section in site.sections.values():
        meta = section.meta
        if isinstance(meta, GuideMeta) and (today - meta.updated).days > site.config.freshness.guide_days:
            problems.warning("GK527", section.index.label, section.index.line("updated"),
                             f"政府信息公开指南已 {(today - meta.updated).days} 天未修订（更新日期 {meta.updated:%Y-%m-%d}），"
                             f"超过 {site.config.freshness.guide_days} 天", "核对指南中的机构、地址、电话、申请渠道和时限，改好后更新 updated 日期",
                             key="updated", label="更新日期", rule="guide-review")
