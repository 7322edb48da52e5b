"""Render the Site into in-memory outputs: pages, section lists, catalogue views, the home page, assets."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import PurePosixPath
from urllib.parse import unquote

from markupsafe import Markup

from gongkai.cache import MarkdownCache
from gongkai.fields import resolve_path
from gongkai.markup import BrokenLink, MarkdownConverter
from gongkai import report_tables
from gongkai.model import report
from gongkai.documents import (KIND_LABELS, AreaMeta, DecisionMeta, Document, EnforcementMeta,
                                     ConsultationMeta, InterpretationMeta, ItemMeta, OrganMeta, PlanMeta, ReplyMeta,
                                     ReportMeta, TaskMeta, TopicMeta)
from gongkai.model.catalogue import FACET_TITLES
from gongkai.model.site import DATED_KINDS, Page, Section, Site
from gongkai.model.urls import (CATEGORY_SLUGS, HOME, SEARCH, feed_url, out_path, paged, relative,
                                static_file)
from gongkai.problems import Problems
from gongkai.render import details, enforcement, special
from gongkai.render.exports import exports
from gongkai.render.feeds import feed_view
from gongkai.render.templates import Templates, candidates
from gongkai.render.views import (Block, ColumnCard, ColumnsView, ReportView, FacetView, Link, ListView, Output, PageView, Pager,
                                  SiteView)

Task = tuple[str, object]  # ("page", index), ("section", path), ("view", index), ("site", None)

HOME_BLOCK_SIZE = 6


def pager_numbers(current: int, total: int, around: int = 2) -> list[int]:
    """The page numbers a pager shows: the first, the last and those near the current one; 0 for a gap.
    (Every number on every page would make a long list's pages grow with its length, and fill a phone.)"""
    shown = sorted({1, total} | set(range(max(1, current - around), min(total, current + around) + 1)))
    numbers: list[int] = []
    for number in shown:
        if numbers and number - numbers[-1] == 2:
            numbers.append(number - 1)  # a gap of one page shows that page instead
        elif numbers and number - numbers[-1] > 2:
            numbers.append(0)
        numbers.append(number)
    return numbers


class Renderer:
    """Renders the Site's pages, lists and site-wide files into Outputs, in memory; writes nothing."""

    def __init__(self, site: Site, templates: Templates, problems: Problems, search: bool = True,
                 cache: MarkdownCache | None = None):
        self.site = site
        self.search = search  # whether a search index will be built for this output
        self.converter = MarkdownConverter()
        self.cache = cache or MarkdownCache()
        self.templates = templates
        self.problems = problems
        config = site.config
        self._feeds = self.feeds()
        titles = Counter([s.title for s in site.sections.values() if s.path] + [p.title for p in site.pages])
        self.site_view = SiteView(config.name, SEARCH, config.base_url, config.base_path, config.language, config.identity,
                                  tuple(Link(s.meta.nav_title or s.title, s.url) for s in site.nav()), "/",
                                  frozenset(title for title, count in titles.items() if count > 1))

    def tasks(self) -> tuple[list[Task], int]:
        """Every render task of the site, and how many of the first are whole lists of many pages."""
        site = self.site
        # Lists first, longest first, so that no worker is left with the long lists at the end.
        lists: list[tuple[int, str, object]] = [(len(self.section_pages(s)), "section", path)
                                                for path, s in site.sections.items()]
        lists += [(len(view.pages), "view", i) for i, view in enumerate(site.catalogue.views)]
        tasks: list[Task] = [(kind, key) for _, kind, key in sorted(lists, key=lambda t: -t[0])]
        tasks += [("site", None)] + [("page", i) for i in range(len(site.pages))]
        return tasks, len(lists) + 1

    def render_task(self, task: Task) -> list[Output]:
        kind, key = task
        if kind == "page":
            out = self.render_page(self.site.pages[key])  # type: ignore[index]
            return [out] if out is not None else []
        if kind == "section":
            return self.render_section(self.site.sections[key])  # type: ignore[index]
        if kind == "view":
            return self.render_view(key)  # type: ignore[arg-type]
        return self.render_site_wide()

    def written_by_editor(self, task: Task) -> tuple[Document, str] | None:
        """The Markdown file whose body a task renders, with that body: what the writing checks read."""
        kind, key = task
        if kind == "page":
            page = self.site.pages[key]  # type: ignore[index]
            return page.doc, page.body
        if kind == "section":
            index = self.site.sections[key].index  # type: ignore[index]
            return index, index.body
        return None

    def render_site_wide(self) -> list[Output]:
        """The outputs that draw on the whole site: feeds, exports, statistics, site maps, notices."""
        outputs = self.render_catalogue_views() + self.render_enforcement_lists()
        for notice in self.site.notices:
            outputs += self.render_notice(notice)
        outputs += special.statistics(self) + special.site_files(self) + special.not_found(self) + self.render_feeds()
        return outputs + exports(self.site)

    # --- Markdown -----------------------------------------------------------------

    def markdown(self, doc: Document, url: str, body: str | None = None) -> tuple[Markup, tuple]:
        def link_for(target: PurePosixPath) -> str | None:
            found = self.site.urls.get(target) or self.site.urls.get(target / "_index.md")
            return relative(found, url) if found else None

        text = doc.body if body is None else body
        key = self.cache.key(text, doc.src_path, doc.body_line)
        rendered = self.cache.get(key)
        if rendered is None:
            rendered = self.converter.render(text, doc.src_path, doc.body_line)
            self.cache.put(key, rendered)
        html, broken_links = rendered.resolve(link_for)
        if broken_links or rendered.local:
            self.report_links(doc, broken_links, rendered.local)
        return Markup(html), rendered.toc

    def report_links(self, doc: Document, broken_links: tuple[BrokenLink, ...], local: tuple[BrokenLink, ...]) -> None:
        """Links to missing files, and addresses that open only on the editor's computer."""
        for broken in broken_links:
            path = resolve_path(doc.src_path.parent, unquote(broken.href.partition("#")[0]))
            if path in self.site.broken:
                continue  # the linked file is left out for its own errors, which are reported
            reason = (f"指向的文件尚未发布（{self.site.hidden[path]}）" if path in self.site.hidden
                      else "指向的文件不存在")
            fix = "改成 content 中已有文件的相对路径，例如 [工作要点](../gzyd/_index.md)；外部网址以 https:// 开头"
            if resolve_path(doc.src_path.parent, unquote(broken.href)) in self.site.urls:  # a # read as a fragment
                fix = f"文件名中的 # 在链接中要写成 %23，例如 {broken.href.replace('#', '%23')}"
            elif "\\" in broken.href:
                fix = f"路径用 / 分隔，不用 \\，例如 {broken.href.replace(chr(92), '/')}"
            self.problems.error("GK303", doc.label, broken.line, f"链接“{broken.href}”{reason}", fix)
        for link in local:
            if link.reason == "file":
                name = re.split(r"[\\/]", link.href)[-1]
                self.problems.error("GK307", doc.label, link.line, f"链接“{link.href}”是本机电脑上的文件，网站上打不开",
                                    f"把文件复制到本文件旁边，链接只写文件名，例如 ({name})")
            else:
                self.problems.error("GK307", doc.label, link.line, f"链接“{link.href}”是本机预览的地址，网站上打不开",
                                    "站内页面写 content 中文件的相对路径，例如 [工作要点](../gzyd/_index.md)")

    # --- single pages ---------------------------------------------------------------

    def page_view(self, page: Page) -> PageView:
        doc, meta, site = page.doc, page.meta, self.site
        content, toc = self.markdown(doc, page.url, page.body)
        section = site.sections[doc.section]
        superseded = None
        if isinstance(meta, ItemMeta) and meta.superseded_by is not None and meta.superseded_by in site.urls:
            target = site.page_at.get(meta.superseded_by)
            superseded = Link(target.title, target.url) if target else None
        detail: object = None
        if isinstance(meta, TaskMeta):
            detail = details.task_view(site, page)
        elif isinstance(meta, OrganMeta):
            detail = details.organ_view(site, page)
        elif isinstance(meta, InterpretationMeta):
            detail = details.elements(meta)
        elif isinstance(meta, DecisionMeta):
            detail = enforcement.decision_view(site, page)
        elif isinstance(meta, ReportMeta):
            detail = self.report_view(page)
        elif isinstance(meta, ConsultationMeta):
            detail = details.consultation_view(site, page)
        elif isinstance(meta, ReplyMeta):
            detail = details.reply_view(page)
        related_title, related = details.related(site, page)
        organ = meta.organ.name if meta.organ else ""
        title = meta.title
        return PageView(
            title=title, url=page.url, kind=doc.kind, kind_label=KIND_LABELS[doc.kind],
            breadcrumbs=self.crumbs(doc.section), description=meta.summary or title,
            keywords=meta.keywords, content=content, toc=toc, meta=meta, column=Link(section.title, section.url),
            organ=organ, source=meta.source or organ, published=meta.published, superseded_by=superseded,
            is_list=False, attachments=details.attachments(site, meta), related=related, related_title=related_title,
            detail=detail, search_filters=self.search_filters(page),
        )

    def search_filters(self, page: Page) -> tuple[tuple[str, str], ...]:
        """What the search page can filter on: 类型, 发布机构, 年份, 主题分类."""
        meta = page.meta
        filters = [("类型", KIND_LABELS[page.kind])]
        if meta.organ is not None:
            filters.append(("发布机构", meta.organ.name))
        if meta.published is not None:
            filters.append(("年份", f"{meta.published.year}年"))
        if isinstance(meta, ItemMeta):
            filters.append(("主题分类", meta.topic))
        return tuple(filters)

    def report_view(self, page: Page) -> ReportView:
        meta: ReportMeta = page.meta  # type: ignore[assignment]
        organ_id = meta.organ.id if meta.organ_level == "department" else None
        counts = report.count_content(self.site.documents, meta.year, organ_id)
        sections = tuple((title, self.markdown(page.doc, page.url, text)[0])
                         for title, text in report.split_sections(page.body))
        rows = dict(meta.t3)
        t3 = tuple((label, level, rows.get(key, (0,) * 8) if key else None)
                   for key, label, level in report_tables.T3_ROWS[meta.format])
        t4 = sum((dict(meta.t4).get(key, (0,) * 5) for key, _ in report_tables.T4_GROUPS), ())
        return ReportView(meta.year, meta.organ.name, meta.format, sections, report.table2(meta, counts), t3,
                          report_tables.T3_COLUMNS, t4, tuple(label for _, label in report_tables.T4_GROUPS), report_tables.T4_COLUMNS)

    def crumbs(self, section: str) -> tuple[Link, ...]:
        return tuple(Link("首页" if not s.path else s.title, s.url) for s in self.site.chain(section))

    def render_page(self, page: Page) -> Output | None:
        view = self.page_view(page)
        html = self.render_template(candidates(page.kind, "single", page.meta.template), {"page": view, "section": None},
                            page.doc.label)
        return None if html is None else Output(out_path(page.url), page.doc.label, page.kind, data=html.encode())

    # --- lists ----------------------------------------------------------------------

    def paginate(self, *, base: str, title: str, crumbs: tuple[Link, ...], pages: tuple[Page, ...],
                 names: list[str], origin: str, kind: str, column: Link, content: Markup = Markup(""),
                 children: tuple[Link, ...] = (), facets: tuple = (), detail: object = None, meta: object = None,
                 description: str = "", groups: tuple = ()) -> list[Output]:
        """Render a list of pages over as many numbered pages as page_size asks."""
        size = self.site.config.page_size
        total = max(1, math.ceil(len(pages) / size))
        outputs = []
        for number in range(1, total + 1):
            url = paged(base, number)
            links = tuple(Link(str(n), paged(base, n)) if n else Link("…", "") for n in pager_numbers(number, total))
            pager = Pager(number, total, paged(base, number - 1) if number > 1 else "",
                          paged(base, number + 1) if number < total else "", links)
            chunk = pages[(number - 1) * size: number * size]
            listing = ListView(title, url, kind, content, details.entries(chunk), children, pager, facets, groups)
            page = PageView(title=title if number == 1 else f"{title}（第 {number} 页）", url=url, kind=kind,
                            kind_label=KIND_LABELS.get(kind, KIND_LABELS["listing"]), breadcrumbs=crumbs,
                            description=description or title, keywords=(), content=content, toc=(), meta=meta,
                            column=column, organ="", source="", published=None, superseded_by=None, is_list=True,
                            detail=detail)
            html = self.render_template(names, {"page": page, "section": listing}, origin)
            if html is not None:
                outputs.append(Output(out_path(url), origin, "section", data=html.encode()))
        return outputs

    def section_pages(self, section: Section) -> tuple[Page, ...]:
        column = next((c for c in self.site.columns if c.path == section.path), None)
        if column is not None:
            return column.pages
        if section.kind in DATED_KINDS and section.path:
            return tuple(p for p in self.site.pages_under(section.path) if p.kind in DATED_KINDS)
        return section.pages

    def render_section(self, section: Section) -> list[Output]:
        if not section.path:
            return self.render_home(section)
        site = self.site
        meta = section.meta
        content, _ = self.markdown(section.index, section.url)
        children = tuple(Link(site.sections[c].title, site.sections[c].url) for c in section.children)
        kind = section.index.kind if section.index.kind != "section" else section.kind
        detail: object = None
        if isinstance(meta, (PlanMeta, AreaMeta)):
            plan = details.find_plan(site, section.path)
            detail = details.plan_view(site, plan) if plan else None
        elif isinstance(meta, EnforcementMeta):
            organ = next(o for o in site.enforcement if o.path == section.path)
            detail = enforcement.enforcement_view(site, organ)
        elif any(isinstance(site.sections[c].meta, TopicMeta) for c in section.children):
            detail = self.columns_view(section.path)
        facets = self.facets() if section.path == site.catalogue.root else ()
        if section.path == site.catalogue.root:
            children += (Link("主动公开基本目录", site.catalogue.directory_url),) if site.data.directory else ()
        pages = self.section_pages(section)
        groups = ()
        if section.kind == "interpretation":
            forms = sorted({p.meta.form for p in pages}, key=lambda f: ("文字", "图解", "问答", "视频", "访谈").index(f))
            groups = tuple((f, details.entries(p for p in pages if p.meta.form == f)) for f in forms)
        return self.paginate(base=section.url, title=section.title, crumbs=self.crumbs(section.path), pages=pages,
                             names=candidates(kind, "list", meta.template), origin=section.index.label, kind=kind,
                             column=Link(section.title, section.url), content=content, children=children,
                             facets=facets, detail=detail, meta=meta, description=meta.summary, groups=groups)

    def columns_view(self, parent: str) -> ColumnsView:
        cards = [(c.archived, ColumnCard(c.title, c.url, len(c.pages), c.pages[0].meta.published if c.pages else None,
                                         c.meta.start, c.meta.end))
                 for c in self.site.columns if c.path.rpartition("/")[0] == parent]
        return ColumnsView(tuple(card for archived, card in cards if not archived),
                           tuple(card for archived, card in cards if archived))

    def render_enforcement_lists(self) -> list[Output]:
        """Each organ's decisions by category: 行政许可, 行政处罚, … (published ones only)."""
        outputs = []
        for organ in self.site.enforcement:
            section = self.site.sections[organ.path]
            for category in CATEGORY_SLUGS:
                pages = tuple(p for p in organ.decisions if p.meta.category == category)
                if not pages:
                    continue
                outputs += self.paginate(base=enforcement.category_url(organ, category),
                                         title=f"{organ.organ.name}{category}公示", crumbs=self.crumbs(organ.path),
                                         pages=pages, names=["decision/list.html", "list.html"],
                                         origin=section.index.label, kind="listing",
                                         column=Link(section.title, section.url),
                                         description=f"{organ.organ.name}{category}决定的事后公开")
        return outputs

    def feeds(self) -> dict[str, object]:
        """Feed views by the URL of the page they belong to: the home page and every dated column."""
        site, config = self.site, self.site.config
        found = {}
        home = feed_view(config.name, site.home.meta.summary, "/", tuple(p for p in site.pages if p.kind != "decision"),
                         config.base_url, config.name)
        if home is not None:
            found["/"] = home
        for section in site.sections.values():
            if section.path:
                feed = feed_view(f"{section.title} - {config.name}", section.meta.summary, section.url,
                                 self.section_pages(section), config.base_url, config.name)
                if feed is not None:
                    found[section.url] = feed
        return found

    def render_feeds(self) -> list[Output]:
        outputs = []
        for url, feed in self._feeds.items():
            template = self.templates.find(["feed.xml"], "templates/feed.xml")
            xml = None if template is None else self.templates.render(template, {"feed": feed}, "templates/feed.xml")
            if xml is not None:
                outputs.append(Output(out_path(feed_url(url)), "templates/feed.xml", "feed", data=xml.encode()))
        return outputs

    def render_notice(self, notice) -> list[Output]:
        page, site = notice.page, self.site
        view = enforcement.notice_view(site, notice)
        title = f"{view.category}决定撤回公告" if view.state == "withdrawn" else f"{view.category}决定公示期满"
        section = site.sections[page.doc.section]
        pv = PageView(title=title, url=page.url, kind="notice-" + view.state, kind_label="公告",
                      breadcrumbs=self.crumbs(page.doc.section), description=title, keywords=(), content=Markup(""),
                      toc=(), meta=None, column=Link(section.title, section.url), organ=view.organ, source=view.organ,
                      published=None, superseded_by=None, is_list=False, detail=view)
        html = self.render_template([f"decision/{view.state}.html"], {"page": pv, "section": None}, page.doc.label)
        return [] if html is None else [Output(out_path(page.url), page.doc.label, "decision-notice", data=html.encode())]

    def facets(self, current: str = "") -> tuple[FacetView, ...]:
        catalogue = self.site.catalogue
        return tuple(FacetView(FACET_TITLES[name], tuple((Link(v.label, v.url), len(v.pages))
                                                       for v in catalogue.facet(name)))
                     for name in ("topic", "organ", "year"))

    def render_view(self, index: int) -> list[Output]:
        """One static filtered view of the 目录: a 主题分类, a 发布机构 or a year."""
        site = self.site
        root = site.sections[site.catalogue.root]
        view = site.catalogue.views[index]
        return self.paginate(base=view.url, title=f"{root.title}：{view.label}", crumbs=self.crumbs(root.path),
                             pages=view.pages, names=["item/list.html"], origin=root.index.label, kind="listing",
                             column=Link(root.title, root.url), facets=self.facets(),
                             description=f"{FACET_TITLES[view.facet]}浏览：{view.label}")

    def render_catalogue_views(self) -> list[Output]:
        """The 主动公开基本目录 page (the filtered views are rendered with the pages, in parallel)."""
        site = self.site
        catalogue = site.catalogue
        if not catalogue.root:
            return []
        root = site.sections[catalogue.root]
        crumbs = self.crumbs(catalogue.root)
        outputs = []
        if site.data.directory:
            outputs += self.paginate(base=catalogue.directory_url, title="主动公开基本目录", crumbs=crumbs, pages=(),
                                     names=["directory.html"], origin="content/_data/directory.yml", kind="listing",
                                     column=Link(root.title, root.url), detail=details.directory_rows(site),
                                     description="主动公开事项的内容、依据、时限、主体、渠道和对象")
        return outputs

    def render_home(self, home: Section) -> list[Output]:
        content, _ = self.markdown(home.index, "/")
        blocks = []
        for top in self.site.nav():
            pages = self.section_pages(top)[:HOME_BLOCK_SIZE]
            children = tuple(Link(self.site.sections[c].title, self.site.sections[c].url) for c in top.children)
            blocks.append(Block(top.title, top.url, details.entries(pages), children))
        page = PageView(title=self.site.config.name, url="/", kind="home", kind_label=KIND_LABELS["home"],
                        breadcrumbs=(), description=home.meta.summary or self.site.config.name, keywords=(),
                        content=content, toc=(), meta=home.meta, column=Link(home.title, "/"), organ="", source="",
                        published=None, superseded_by=None, is_list=True)
        dated = tuple(p for p in self.site.pages if p.meta.published is not None and p.kind != "decision")
        html = self.render_template(candidates("home", "home", home.meta.template),
                            {"page": page, "section": None, "blocks": tuple(blocks),
                             "latest": details.entries(dated[:HOME_BLOCK_SIZE * 2])}, home.index.label)
        return [] if html is None else [Output(out_path(HOME), home.index.label, "home",
                                               data=html.encode())]

    # --- files ------------------------------------------------------------------------

    def assets(self) -> list[Output]:
        outputs = [Output(PurePosixPath(a.src_path.as_posix()), f"content/{a.src_path}", "asset", source=a.abs_path)
                   for a in self.site.assets]
        static = self.templates.root / "templates" / "static"  # the theme's folder; its URL is urls.STATIC_DIR
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    rel = path.relative_to(static).as_posix()
                    outputs.append(Output(out_path(static_file(rel)), f"templates/static/{rel}", "asset",
                                          source=path))
        return outputs

    def render_template(self, names: list[str], context: dict, origin: str) -> str | None:
        template = self.templates.find(names, origin)
        if template is None:
            return None
        feed = self._feeds.get(context["page"].url) if context.get("page") is not None else None
        context = {"site": self.site_view, "config": self.site.config, "feed_url": feed_url(context["page"].url) if feed else "",
                   **context}
        return self.templates.render(template, context, origin)

