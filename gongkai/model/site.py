"""The Site: published documents keyed by source path, sections, and cross-file checks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Callable

from gongkai.config import CONFIG_NAME, SiteConfig
from gongkai.data import SiteData
from gongkai.load import Asset
from gongkai.model.channels import check_channels
from gongkai.model.catalogue import Catalogue, build_catalogue
from gongkai.model.library import Library, build_library
from gongkai.model.website_report import check_website_reports
from gongkai.model.columns import Column, build_columns
from gongkai.documents import DecisionMeta, Document, ItemMeta, LeftOut, OrganMeta, PageMeta, SectionMeta
from gongkai.model.names import check_output_names
from gongkai.model.privacy import check_attachment_ids, check_written_ids
from gongkai.model.enforcement import (EnforcementOrgan, Fate, build_enforcement, check_decision, check_personal_data,
                                      fate, public_decision)
from gongkai.model.plan import Plan, build_plans
from gongkai.model.report import check_reports
from gongkai.model.urls import asset_url, document_url, section_url
from gongkai.problems import Problems

# The kinds whose bodies the model reads (a decision is masked, a report's headings are checked); any other
# body is read by its own page alone: lists, feeds, exports and related pages use the front-matter.
BODY_READ_BY_MODEL = ("decision", "report")
DATED_KINDS = ("news", "notice", "item", "policy", "interpretation", "decision", "report", "consultation", "reply",
               "service_guide", "website_report")


@dataclass(frozen=True)
class Page:
    """A published document with its URL, and its front-matter and body as the public may see them."""

    doc: Document
    url: str
    meta: PageMeta  # the document's own, or for a decision the masked copy
    body: str

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def kind(self) -> str:
        return self.doc.kind


def publish(doc: Document) -> Page:
    """The page of a document; a decision is masked here, once, so no list, feed or export can leak it."""
    if isinstance(doc.meta, DecisionMeta):
        meta, body = public_decision(doc.meta, doc.body)
        return Page(doc, document_url(doc), meta, body)
    return Page(doc, document_url(doc), doc.meta, doc.body)  # type: ignore[arg-type]

    @property
    def title(self) -> str:
        return self.doc.meta.title

    @property
    def kind(self) -> str:
        return self.doc.kind


@dataclass(frozen=True)
class Notice:
    """A decision that is no longer shown: its URL carries a withdrawal or end-of-period notice."""

    page: Page
    fate: Fate


@dataclass(frozen=True)
class Section:
    """A folder of content with its _index.md."""

    path: str  # "" for the home page
    index: Document
    url: str
    kind: str  # the kind of content the section holds
    parent: str | None
    children: tuple[str, ...]
    pages: tuple[Page, ...]  # published pages directly in this folder, in list order

    @property
    def title(self) -> str:
        return self.index.meta.title

    @property
    def meta(self) -> SectionMeta:
        return self.index.meta  # type: ignore[return-value]


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    today: date
    sections: dict[str, Section]
    pages: tuple[Page, ...]  # every published non-index page, newest first
    urls: dict[PurePosixPath, str]  # src_path -> URL of every published document and asset
    hidden: dict[PurePosixPath, str]  # src_path -> why it is not published
    assets: tuple[Asset, ...]
    plans: tuple[Plan, ...]
    catalogue: Catalogue
    library: Library
    organ_pages: dict[str, Page]  # organ id -> its 机构信息 page
    data: SiteData
    columns: tuple[Column, ...]
    enforcement: tuple[EnforcementOrgan, ...]
    notices: tuple[Notice, ...]
    documents: tuple[Document, ...]  # every valid document, published or not (annual reports count them all)
    broken: LeftOut = LeftOut()  # Markdown files left out for their own errors

    @property
    def home(self) -> Section:
        return self.sections[""]

    def chain(self, section: str) -> list[Section]:
        """The section and its ancestors, home first (for breadcrumbs)."""
        out = []
        probe: str | None = section
        while probe is not None:
            out.append(self.sections[probe])
            probe = self.sections[probe].parent
        return out[::-1]

    def pages_under(self, section: str) -> tuple[Page, ...]:
        """All published pages in a section and its sub-sections, newest first."""
        return self._under.get(section, ()) if section else self.pages

    @cached_property
    def _under(self) -> dict[str, tuple[Page, ...]]:
        """pages_under of every folder, found in one pass (every list and column asks for its own)."""
        found: dict[str, list[Page]] = {}
        for page in self.pages:
            folder = page.doc.section
            while folder:
                found.setdefault(folder, []).append(page)
                folder = folder.rpartition("/")[0]
        return {folder: tuple(pages) for folder, pages in found.items()}

    @cached_property
    def page_at(self) -> dict[PurePosixPath, Page]:
        """Published pages by source path."""
        return {p.doc.src_path: p for p in self.pages}

    @cached_property
    def consultations_of(self) -> dict[PurePosixPath, tuple[Page, ...]]:
        """Consultations by the path of the result document they point to."""
        found: dict[PurePosixPath, list[Page]] = {}
        for page in self.pages:
            result = getattr(page.meta, "result", None)
            if isinstance(result, PurePosixPath):
                found.setdefault(result, []).append(page)
        return {k: tuple(v) for k, v in found.items()}

    def nav(self) -> tuple[Section, ...]:
        return tuple(self.sections[path] for path in self.config.nav if path in self.sections)


def hidden_reason(meta: PageMeta, today: date) -> str:
    if meta.draft:
        return "草稿"
    if meta.published is not None and meta.published.date() > today:
        return f"定时发布（{meta.published:%Y-%m-%d}）"
    if meta.expires is not None and meta.expires < today:
        return f"已过下线日期（{meta.expires:%Y-%m-%d}）"
    return ""


def sort_pages(pages: list[Page], dated: bool) -> tuple[Page, ...]:
    if dated:
        return tuple(sorted(pages, key=lambda p: (-_stamp(p.meta.published), str(p.doc.src_path))))
    return tuple(sorted(pages, key=lambda p: (p.meta.weight, p.title, str(p.doc.src_path))))


def _stamp(when: datetime | None) -> float:
    return when.timestamp() if when else 0.0


# How a check of one document on its own (what it reports follows from that file, site.yml and gongkai alone)
# is run: the file memo tells again what it reported for the file as it was (FileMemo.check_alone).
CheckAlone = Callable[[Document, Callable[[Problems], None], Problems], None]


def _check_now(doc: Document, check: Callable[[Problems], None], problems: Problems) -> None:
    check(problems)


def build_site(config: SiteConfig, data: SiteData, docs: tuple[Document, ...],
               assets: tuple[Asset, ...], today: date, drafts: bool, problems: Problems,
               broken: LeftOut = LeftOut(), alone: CheckAlone = _check_now) -> Site | None:
    """Group documents into sections, decide what is published, and run the cross-file checks; None when
    sections lack their _index.md (there is no tree). A site with errors is still returned, for the checks
    that must be told whatever else is wrong (single veto); the caller stops on the errors. A reference to a
    file in `broken` (left out for its own errors) is not reported. `alone` runs the checks of one document
    on its own."""
    check_output_names(docs, assets, problems)
    _check_index_numbers(docs, problems)
    indexes = {d.section: d for d in docs if d.is_index}
    sections_ok = _check_sections(docs, indexes, problems, broken)
    hidden: dict[PurePosixPath, str] = {}
    pages: list[Page] = []
    notices: list[Notice] = []
    for doc in docs:
        if doc.is_index:
            continue
        reason = "" if drafts else hidden_reason(doc.meta, today)  # type: ignore[arg-type]
        decision = fate(doc.meta, config.enforcement, today) if isinstance(doc.meta, DecisionMeta) else None
        if decision is not None:
            check_decision(doc, config.enforcement, data.calendar, problems)
            if decision.state == "blocked":
                reason = reason or "未成年人，不予公开"
        if reason:
            hidden[doc.src_path] = reason
        elif decision is not None and decision.state in ("withdrawn", "expired"):
            notices.append(Notice(publish(doc), decision))
        else:
            pages.append(publish(doc))
    _check_superseded(docs, problems, broken)
    _check_attachments(docs, assets, problems)
    for doc in docs:  # (a default argument: each lambda its own document)
        alone(doc, lambda found, doc=doc: (check_personal_data(doc, config.enforcement, found),
                                           check_written_ids(doc, found), check_channels(config, doc, found)), problems)
    check_attachment_ids(docs, problems, assets)
    check_reports(docs, problems, data.enforcement)
    if "" in indexes:
        _check_nav(config, indexes, problems, broken)
    if not sections_ok:  # without every section's _index.md there is no tree to check further
        return None
    children: dict[str, list[str]] = {path: [] for path in indexes}
    for path in indexes:
        if path:
            parent = path.rpartition("/")[0]
            children[parent].append(path)
    sections = {}
    for path, index in indexes.items():
        kind = config.kind_for(path)
        own = [p for p in pages if p.doc.section == path]
        ordered_children = sorted(children[path], key=lambda c: (indexes[c].meta.weight, c))
        parent = None if path == "" else path.rpartition("/")[0]
        sections[path] = Section(path, index, section_url(path), kind, parent, tuple(ordered_children),
                                 sort_pages(own, kind in DATED_KINDS))
    urls = {p.doc.src_path: p.url for p in pages}
    urls.update({n.page.doc.src_path: n.page.url for n in notices})
    urls.update({s.index.src_path: s.url for s in sections.values()})
    urls.update({a.src_path: asset_url(a.src_path) for a in assets})
    every = sort_pages(pages, dated=True)
    sections = dict(sorted(sections.items()))
    plans = build_plans(sections, every, problems, broken)
    catalogue = build_catalogue(config, data, docs, sections, every, problems, broken)
    organ_pages = _organ_pages(config, every, problems, broken)
    columns = build_columns(sections, every, today, problems, broken)
    enforcement = build_enforcement(data.enforcement, sections, every, today, problems, config.enforcement.platform_url)
    library = build_library(sections, every, problems)
    check_website_reports(config, every, columns, data.media, problems)
    return Site(config, today, sections, every, urls, hidden, assets, plans, catalogue, library, organ_pages, data, columns,
                enforcement, tuple(sorted(notices, key=lambda n: str(n.page.doc.src_path))), docs, broken)


def _organ_pages(config: SiteConfig, pages: tuple[Page, ...], problems: Problems, broken: LeftOut) -> dict[str, Page]:
    """One 机构信息 page per organ in site.yml (Art. 20 (二))."""
    found: dict[str, Page] = {}
    for page in pages:
        if isinstance(page.meta, OrganMeta) and page.meta.organ is not None:
            organ = page.meta.organ
            if organ.id in found:
                problems.error("GK310", page.doc.label, page.doc.line("organ"), f"{organ.name}已有机构信息页",
                               "每个机构只写一个机构信息页", others=((found[organ.id].doc.label, 0),))
            found[organ.id] = page
    if config.organ_section and not broken.under(config.organ_section):  # else one of those may be its page
        for organ in config.organs:  # one just registered by import-plan (code 000000000) waits for its code
            if organ.id not in found and set(organ.code) != {"0"}:
                problems.error("GK310", CONFIG_NAME, 0, f"{organ.name}还没有机构信息页（机构职能、负责人、办公地址等）",
                               f"运行 build.py new organ content/{config.organ_section}/{organ.id}.md --title {organ.name} "
                               f"--organ {organ.short}，再填写内容")
    return found


def _check_attachments(docs: tuple[Document, ...], assets: tuple[Asset, ...], problems: Problems) -> None:
    present = {a.src_path for a in assets}
    for doc in docs:
        for attachment in getattr(doc.meta, "attachments", ()):
            if attachment.src_path not in present:
                problems.error("GK308", doc.label, doc.line("attachments"), f"附件 {attachment.src_path} 不存在",
                               "把附件文件放在本文件旁边，文件名与 attachments 中写的一致（注意大小写和扩展名）",
                               key="attachments", label="附件")


def _check_index_numbers(docs: tuple[Document, ...], problems: Problems) -> None:
    seen: dict[str, list[Document]] = {}
    for doc in docs:
        if isinstance(doc.meta, ItemMeta):
            seen.setdefault(doc.meta.index_no, []).append(doc)
    for number, holders in sorted(seen.items()):
        if len(holders) > 1:
            first, *rest = holders
            problems.error("GK302", first.label, first.line("index_no"), f"索引号“{number}”被 {len(holders)} 个文件重复使用",
                           "索引号必须唯一：新建信息请用 build.py new 分配新号，不要复制旧文件的索引号",
                           key="index_no", label="索引号", others=tuple((d.label, d.line("index_no")) for d in rest))


def _check_sections(docs: tuple[Document, ...], indexes: dict[str, Document], problems: Problems,
                    broken: LeftOut) -> bool:
    needed: dict[str, str] = {"": "content/_index.md"}  # the home page is always needed
    for doc in docs:
        path = doc.section
        while True:
            needed.setdefault(path, doc.label)
            if not path:
                break
            path = path.rpartition("/")[0]
    ok = True
    for path, example in sorted(needed.items()):
        if path not in indexes:
            ok = False
            if broken.index_of(path):
                continue
            folder = f"content/{path}/" if path else "content/"
            problems.error("GK305", f"{folder}_index.md", 0,
                           f"栏目文件夹 {folder} 缺少栏目说明文件 _index.md（例如 {example} 所在栏目）",
                           f"在 {folder} 中新建 _index.md，写上 ---、title: 栏目名称、---")
    return ok


def _check_superseded(docs: tuple[Document, ...], problems: Problems, broken: LeftOut) -> None:
    items = {d.src_path for d in docs if isinstance(d.meta, ItemMeta)}
    for doc in docs:
        meta = doc.meta
        if isinstance(meta, ItemMeta) and meta.superseded_by is not None and meta.superseded_by not in items \
                and meta.superseded_by not in broken:
            problems.error("GK304", doc.label, doc.line("superseded_by"), f"替代文件 {meta.superseded_by} 不存在或不是主动公开信息",
                           "填写取代它的那份文件的路径（相对本文件），例如 ../2020/qt-003.md",
                           key="superseded_by", label="替代文件")


def _check_nav(config: SiteConfig, indexes: dict[str, Document], problems: Problems,
               broken: LeftOut) -> None:
    for path in config.nav:
        if path not in indexes and not broken.index_of(path):
            problems.error("GK306", CONFIG_NAME, 0, f"主导航中的栏目“{path}”不存在",
                           "nav 中只列 content 下已有的栏目文件夹名，例如 zwdt", key="nav", label="主导航")
