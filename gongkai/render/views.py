"""What templates see: frozen views with precomputed site-relative URLs, no clock, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from gongkai.config import Identity
from gongkai.model.urls import ACCESSIBILITY, SITEMAP, standing


@dataclass(frozen=True)
class Output:
    """One file of the built site, held in memory (data) or copied from disk (source)."""

    out_path: PurePosixPath
    origin: str  # source file shown in messages
    kind: str  # page kind for the summary; "asset" for copied files, "data" for exports
    data: bytes | None = None
    source: Path | None = None
    written: bool = False  # already in the staging folder (written by a render worker)
    searchable: bool = False  # a page the search index takes (it marks its text data-pagefind-body)
    digest: str = ""  # once written: of what the search index reads of it (search_digest), else of its bytes
    key: str = ""  # of what it was rendered from (Renderer.output_key; a single page's page_inputs): a later build
    # with the same key links it
    text: str | None = field(default=None, compare=False, repr=False)  # data as rendered, until the page is scanned
    # and written: the scan need not decode it again (a fifth of its time). Never sent back from a render worker.


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One row of a list page."""

    title: str
    url: str
    kind: str
    published: datetime | None
    created: date | None
    organ: str
    summary: str
    index_no: str
    doc_no: str
    validity: str


@dataclass(frozen=True)
class Pager:
    current: int
    total: int
    prev_url: str
    next_url: str
    pages: tuple[Link, ...]


@dataclass(frozen=True)
class SiteView:
    name: str
    search_url: str
    base_url: str
    base_path: str
    language: str
    identity: Identity
    nav: tuple[Link, ...]
    home_url: str
    # Titles two pages share (政策解读 is a part of the catalogue and a topic): their <title> adds the parent
    # column or the date, so that a browser tab or a screen reader tells the pages apart.
    shared_titles: frozenset[str] = frozenset()
    logo: str = ""  # the emblem's URL

    def where(self, url: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
        """Where a page at `url` stands among the site header's links (model.urls.standing): with whether it is
        the home page, all the header shows that differs between pages."""
        return standing(url, (self.home_url, self.search_url, ACCESSIBILITY, SITEMAP, self.logo,
                              *(link.url for link in self.nav)))


@dataclass(frozen=True)
class AttachmentView:
    title: str
    url: str
    type: str
    size: int


@dataclass(frozen=True)
class PageView:
    """What a template knows about the page it renders."""

    title: str
    url: str
    kind: str
    kind_label: str
    breadcrumbs: tuple[Link, ...]
    description: str
    keywords: tuple[str, ...]
    content: Markup
    toc: tuple[tuple[int, str, str], ...]
    meta: object  # the kind's front-matter dataclass
    column: Link  # the section the page belongs to
    organ: str
    source: str
    published: datetime | None
    superseded_by: Link | None
    is_list: bool
    attachments: tuple[AttachmentView, ...] = ()
    related: tuple[Link, ...] = ()  # 相关解读 on a policy, 原文 on an interpretation, …
    related_title: str = ""
    detail: object = None  # a kind's own view: TaskView, OrganView, PlanView, …
    search_filters: tuple[tuple[str, str], ...] = ()  # Pagefind filters; a page with none is not indexed


@dataclass(frozen=True)
class FacetView:
    """One way to filter the catalogue: its terms with item counts."""

    name: str
    links: tuple[tuple[Link, int], ...]


@dataclass(frozen=True)
class ListView:
    title: str
    url: str
    kind: str
    content: Markup
    entries: tuple[Entry, ...]
    children: tuple[Link, ...]
    pager: Pager
    facets: tuple[FacetView, ...] = ()
    groups: tuple[tuple[str, tuple[Entry, ...]], ...] = ()


@dataclass(frozen=True)
class Block:
    """A home-page box: a top section and its latest entries."""

    title: str
    url: str
    entries: tuple[Entry, ...]
    children: tuple[Link, ...]


@dataclass(frozen=True)
class UnitView:
    name: str
    url: str  # the organ's page, "" for a group or an organ without one


@dataclass(frozen=True)
class RoleView:
    role: str
    units: tuple[UnitView, ...]


@dataclass(frozen=True)
class TaskRow:
    number: str
    title: str
    url: str
    roles: tuple[RoleView, ...]
    count: int
    latest: datetime | None
    status: str = ""
    deadline: str = ""


@dataclass(frozen=True)
class AreaView:
    number: str
    title: str
    url: str
    tasks: tuple[TaskRow, ...]


@dataclass(frozen=True)
class PlanView:
    title: str
    url: str
    year: int
    source: Link | None
    areas: tuple[AreaView, ...]
    total_tasks: int
    tasks_with_items: int


@dataclass(frozen=True)
class SubTaskView:
    number: str
    title: str
    text: str
    roles: tuple[RoleView, ...]
    units_text: str


@dataclass(frozen=True)
class TaskView:
    plan: Link
    area: Link
    number: str
    roles: tuple[RoleView, ...]
    units_text: str
    items: tuple[Entry, ...]
    subtasks: tuple[SubTaskView, ...] = ()
    status: str = ""


@dataclass(frozen=True)
class OrganTaskView:
    role: str
    via: str
    task: Link
    plan: Link


@dataclass(frozen=True)
class OrganView:
    name: str
    short: str
    code: str
    level: str
    tasks: tuple[OrganTaskView, ...]
    items: tuple[Entry, ...]
    items_url: str
    enforcement: Link | None = None
    decisions: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class ElementView:
    label: str
    text: str


@dataclass(frozen=True)
class DirectoryRowView:
    id: str
    area: str
    item_l1: str
    item_l2: str
    content: str
    basis: tuple[str, ...]
    subject: str
    deadline: str
    channels: tuple[str, ...]
    audience: str
    mode: str
    level: str
    column: Link | None
    hotline: str
    items: tuple[Entry, ...]








@dataclass(frozen=True)
class ColumnCard:
    title: str
    url: str
    count: int
    latest: datetime | None
    start: date | None
    end: date | None


@dataclass(frozen=True)
class ColumnsView:
    current: tuple[ColumnCard, ...]
    archived: tuple[ColumnCard, ...]


@dataclass(frozen=True)
class ReportView:
    year: int
    organ: str
    format: str
    sections: tuple[tuple[str, Markup], ...]
    t2: tuple  # model.report.T2Block
    t3: tuple[tuple[str, int, tuple[int, ...] | None], ...]  # (label, level, values or None for a heading row)
    t3_columns: tuple[str, ...]
    t4: tuple[int, ...]
    t4_groups: tuple[str, ...]
    t4_columns: tuple[str, ...]


@dataclass(frozen=True)
class ConsultationView:
    """Dates only: whether it is open depends on the day the page is read, which a static page cannot know."""

    opens: date
    closes: date
    how_to_comment: str
    result: Link | None
    short_reason: str = ""  # why the comment period is shorter than the minimum
    channels: tuple = ()  # config.Channel: where comments go
    comments: int | None = None
    adopted: int | None = None
    not_adopted_reasons: str = ""


@dataclass(frozen=True)
class HistoryEvent:
    day: date
    what: str
    other: Link | None  # the document that ended this one, or that this one ended
    ends_this: bool


@dataclass(frozen=True)
class DocNoGroup:
    """The 文号 index: one 发文字号 代字 and its documents in number order."""

    prefix: str
    rows: tuple  # (文号, Link, validity)


@dataclass(frozen=True)
class ServicesView:
    one_trip: tuple  # Entry: the matters marked 最多跑一次


@dataclass(frozen=True)
class ReplyView:
    question: str
    asker: str
    received: date
    reply: str
    reply_date: date | None
    organ: str
    days: int | None  # days from receipt to reply





@dataclass(frozen=True)
class TreeNode:
    title: str
    url: str
    children: tuple["TreeNode", ...]


@dataclass(frozen=True)
class DisclosureHome:
    """The 政府信息公开 column's own page: its parts with what each holds, and the newest items."""

    parts: tuple[tuple["Link", str, int], ...]  # part, its summary, how many pages it holds
    latest: tuple["Entry", ...]
    catalogue: "Link | None"


@dataclass(frozen=True)
class ColumnNav:
    """The 政府信息公开 column's left-hand tree, on every page of the column: its parts (the catalogue with its
    own sections and the 基本目录) and the ways to browse the catalogue, each term with its item count."""

    title: str
    url: str
    parts: tuple[TreeNode, ...]
    facets: tuple["FacetView", ...]

    def holds(self, url: str) -> bool:
        return url.startswith(self.url)

    def where(self, url: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
        """All the tree shows of a page at `url` that differs between pages (model.urls.standing)."""
        nodes = (node for part in self.parts for node in (part, *part.children))
        return standing(url, (self.url, *(node.url for node in nodes),
                              *(link.url for facet in self.facets for link, _ in facet.links)))


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str
