"""Render the Site into in-memory outputs: pages, section lists, catalogue views, the home page, assets."""

from __future__ import annotations

import functools
import hashlib
import io
import math
import pickle
import re
from collections import Counter
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Callable
from urllib.parse import unquote

from markupsafe import Markup

from gongkai.cache import MarkdownCache
from gongkai.config import topic_label
from gongkai.fields import resolve_path
from gongkai.markup import BrokenLink, MarkdownConverter
from gongkai import report_tables
from gongkai.model import report
from gongkai.documents import (KIND_LABELS, ConsultationMeta, DecisionMeta, Document, InterpretationMeta, ItemMeta,
                               OrganMeta, PolicyMeta, ReplyMeta, ReportMeta, TaskMeta, WebsiteReportMeta)
from gongkai.model.website_report import website_figures
from gongkai.model.site import DATED_KINDS, Page, Section, Site
from gongkai.model.urls import SEARCH, asset_url, feed_url, out_path, paged, relative, static_file
from gongkai.pickled import Digests
from gongkai.problems import Problems
from gongkai.render import details, enforcement, lists
from gongkai.render.lists import pager_numbers
from gongkai.render.templates import Templates, candidates
from gongkai.render.views import Link, ListView, Output, PageView, Pager, ReportView, SiteView

Task = tuple[str, object]  # ("page", index), ("section", path), ("view", index), ("shelf", index), ("site", part)


# The list pages a citizen searches for by name: the 指南, the plan and its areas, an organ's 执法公示 (its 事前
# tables). The search ranks them below news and documents (base.html weights their text down).
SEARCHED_LISTS = ("guide", "plan", "area", "enforcement")


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
        # The memo of rendered pages: the last build's, by the key of what each was rendered from, and how this
        # build takes one of them over (links its file); with no salt, every page is rendered.
        self.salt = ""
        self.known: dict[str, Output] = {}
        self.take: Callable[[Output], bool] = lambda output: False
        self.links_read: list[tuple[PurePosixPath, str | None]] = []  # where the Markdown's links led, as rendered
        self._crumbs: dict[str, tuple[Link, ...]] = {}
        self.documents = Digests()  # each document's, made once: its page's inputs and writing checks are keyed by it
        config = site.config
        self._feeds = lists.feeds(self)
        self.column_nav = lists.column_nav(self)
        titles = Counter([s.title for s in site.sections.values() if s.path] + [p.title for p in site.pages])
        self.site_view = SiteView(config.name, SEARCH, config.base_url, config.base_path, config.language, config.identity,
                                  tuple(Link(s.meta.nav_title or s.title, s.url) for s in site.nav()), "/",
                                  frozenset(title for title, count in titles.items() if count > 1),
                                  asset_url(PurePosixPath(config.logo)) if config.logo else "")

    def tasks(self) -> tuple[list[Task], int]:
        """Every render task of the site, and how many of the first are whole lists of many pages."""
        site = self.site
        # Lists first, longest first, so that no worker is left with the long lists at the end.
        whole: list[tuple[int, str, object]] = [(len(self.section_pages(s)), "section", path)
                                                for path, s in site.sections.items()]
        whole += [(len(view.pages), "view", i) for i, view in enumerate(site.catalogue.views)]
        whole += [(len(shelf.pages), "shelf", i) for i, shelf in enumerate(site.library.shelves)]
        tasks: list[Task] = [(kind, key) for _, kind, key in sorted(whole, key=lambda t: -t[0])]
        tasks += [("site", part) for part in range(lists.SITE_WIDE_PARTS)] + [("page", i) for i in range(len(site.pages))]
        return tasks, len(whole) + lists.SITE_WIDE_PARTS

    def render_task(self, task: Task, frame: PageView | None = None, inputs: str = "") -> list[Output]:
        """A task's outputs; a single page's frame and inputs may have been found already (to look it up by them)."""
        kind, key = task
        if kind == "page":
            out = self.render_page(self.site.pages[key], frame, inputs)  # type: ignore[index]
            return [out] if out is not None else []
        if kind == "section":
            return lists.render_section(self, self.site.sections[key])  # type: ignore[index]
        if kind == "view":
            return lists.render_view(self, key)  # type: ignore[arg-type]
        if kind == "shelf":
            return lists.render_shelf(self, key)  # type: ignore[arg-type]
        return lists.render_site_wide(self, key)  # type: ignore[arg-type]

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

    # --- Markdown -----------------------------------------------------------------

    def markdown(self, doc: Document, url: str, body: str | None = None) -> tuple[Markup, tuple]:
        def link_for(target: PurePosixPath) -> str | None:
            found = self.link_target(target)
            self.links_read.append((target, found))
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

    def link_target(self, target: PurePosixPath) -> str | None:
        """The address a body's link to a content file leads to."""
        return self.site.urls.get(target) or self.site.urls.get(target / "_index.md")

    # --- single pages ---------------------------------------------------------------

    def page_view(self, page: Page, frame: PageView | None = None) -> PageView:
        """The view of a page: its frame (page_frame) with its body's Markdown."""
        frame = frame or self.page_frame(page)
        content, toc = self.markdown(page.doc, page.url, page.body)
        return replace(frame, content=content, toc=toc)

    def page_frame(self, page: Page) -> PageView:
        """Everything a page's view holds but its body's Markdown. What else the view reads of the site must be
        read here: a page is taken over from the last build when this and its own document are as they were
        (page_inputs), and its Markdown's links still lead where they did (links_hold)."""
        doc, meta, site = page.doc, page.meta, self.site
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
        elif isinstance(meta, PolicyMeta):
            detail = details.policy_history(site, page)
        elif isinstance(meta, WebsiteReportMeta):
            detail = website_figures(site.config, site.pages, site.columns, site.data.media, meta.year)
        related_title, related = details.related(site, page)
        organ = meta.organ.name if meta.organ else ""
        title = meta.title
        return PageView(
            title=title, url=page.url, kind=doc.kind, kind_label=KIND_LABELS[doc.kind],
            breadcrumbs=self.crumbs(doc.section), description=meta.summary or title,
            keywords=meta.keywords, content=Markup(""), toc=(), meta=meta, column=Link(section.title, section.url),
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
            filters.append(("主题分类", topic_label(meta.topic)))
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
        found = self._crumbs.get(section)
        if found is None:  # (every page of a folder has the same)
            found = self._crumbs[section] = tuple(Link("首页" if not s.path else s.title, s.url)
                                                  for s in self.site.chain(section))
        return found

    def render_page(self, page: Page, frame: PageView | None = None, inputs: str = "") -> Output | None:
        """A single page. Known by its inputs (page_inputs), it is keyed by them: a page is taken over under them
        (whole, with its records), and its view need not be pickled for a key that would find it only when
        its document changed in nothing its page shows."""
        view = self.page_view(page, frame)
        return self.render_output(candidates(page.kind, "single", page.meta.template), {"page": view, "section": None},
                                  page.doc.label, page.kind, inputs)

    def page_inputs(self, page: Page, frame: PageView) -> str:
        """Of what a page is rendered from, but for where its Markdown's links lead: its template and all it pulls
        in, its document (the Markdown's own key is made of it), its frame, the site-wide views beside it, the
        settings, site.yml and gongkai. "" when it cannot be told, as in output_key."""
        template = self.templates.find(candidates(page.kind, "single", page.meta.template), page.doc.label)
        digest = self.templates.digest(template.name) if template is not None and self.salt else None
        if digest is None:
            return ""
        doc = page.doc
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # as in output_key: however the objects are shared, which differs between builds
        fields = dict(vars(frame))  # (not dataclasses.replace: a third of the time of this key)
        fields["meta"] = None  # the frame's meta is the page's; the page's meta and body are mostly the document's
        fields["breadcrumbs"] = self.documents(frame.breadcrumbs)  # a section's pages share one: digested once
        fields["content"] = frame.content or None  # (a frame's is empty: the body is the page's, above)
        try:
            pickler.dump((self.documents(doc), None if page.meta is doc.meta else page.meta,
                          None if page.body is doc.body else page.body, fields, page.url in self._feeds,
                          bool(self.column_nav and self.column_nav.holds(page.url)), self.search))
        except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError):
            return ""
        key = hashlib.sha256(f"{self.salt}\0{self._shared}\0{template.name}\0{digest}\0".encode())
        key.update(buffer.getvalue())
        return key.hexdigest()

    def links_hold(self, links: tuple[tuple[PurePosixPath, str | None], ...]) -> bool:
        """Whether each link a page's Markdown made still leads where it did."""
        return all(self.link_target(target) == found for target, found in links)

    # --- lists ----------------------------------------------------------------------

    def paginate(self, *, base: str, title: str, crumbs: tuple[Link, ...], pages: tuple[Page, ...],
                 names: list[str], origin: str, kind: str, column: Link, content: Markup = Markup(""),
                 children: tuple[Link, ...] = (), facets: tuple = (), detail: object = None, meta: object = None,
                 description: str = "", groups: Callable[[tuple[Page, ...]], tuple] | None = None) -> list[Output]:
        """Render a list of pages over as many numbered pages as page_size asks; `groups` sorts each numbered
        page's own entries under headings."""
        size = self.site.config.page_size
        total = max(1, math.ceil(len(pages) / size))
        outputs = []
        for number in range(1, total + 1):
            url = paged(base, number)
            links = tuple(Link(str(n), paged(base, n)) if n else Link("…", "") for n in pager_numbers(number, total))
            pager = Pager(number, total, paged(base, number - 1) if number > 1 else "",
                          paged(base, number + 1) if number < total else "", links)
            chunk = pages[(number - 1) * size: number * size]
            listing = ListView(title, url, kind, content, (), children, pager, facets, groups(chunk) if groups else ())
            keyed = self.keyed_listing(listing, chunk)
            rows = functools.partial(details.entries, chunk)  # made only to render: most are taken over by key
            if keyed is None:  # (6 µs a row, a tenth of rendering a list of twenty)
                listing, rows = replace(listing, entries=rows()), None
            page = PageView(title=title if number == 1 else f"{title}（第 {number} 页）", url=url, kind=kind,
                            kind_label=KIND_LABELS.get(kind, KIND_LABELS["listing"]), breadcrumbs=crumbs,
                            description=description or title, keywords=(), content=content, toc=(), meta=meta,
                            column=column, organ="", source="", published=None, superseded_by=None, is_list=True,
                            detail=detail,
                            search_filters=(("类型", KIND_LABELS[kind]),) if kind in SEARCHED_LISTS and number == 1 else ())
            output = self.render_output(names, {"page": page, "section": listing}, origin, "section",
                                        keyed=keyed and {"page": page, "section": keyed}, rows=rows)
            if output is not None:
                outputs.append(output)
        return outputs

    def keyed_listing(self, listing: ListView, chunk: tuple[Page, ...]) -> ListView | None:
        """A list as its key reads it. A row (details.entry) is made of its page's meta, address and kind, and
        the meta is mostly the document's, digested once (a page is in four lists); the facets, the same on
        every numbered page, are digested once. None when they cannot be."""
        try:
            rows = tuple(f"{self.documents(p.doc)}\0{p.url}\0{p.kind}" if p.meta is p.doc.meta else details.entry(p)
                         for p in chunk)
            return replace(listing, entries=rows, facets=self.documents(listing.facets))
        except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError):
            return None

    def section_pages(self, section: Section) -> tuple[Page, ...]:
        column = next((c for c in self.site.columns if c.path == section.path), None)
        if column is not None:
            return column.pages
        if section.kind in DATED_KINDS and section.path:
            return tuple(p for p in self.site.pages_under(section.path) if p.kind in DATED_KINDS)
        return section.pages

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

    def render_output(self, names: list[str], context: dict, origin: str, kind: str, inputs: str = "",
                      keyed: dict | None = None, rows: Callable[[], tuple] | None = None) -> Output | None:
        """A page, rendered, or taken over from the last build when what it is rendered from is the same (`keyed`:
        the context with its bulky parts, such as a list's `rows`, which are made only to render it, as digests)."""
        template = self.templates.find(names, origin)
        if template is None:
            return None
        url = context["page"].url
        key = inputs or self.output_key(template.name, keyed or context)
        known = self.known.get(key) if key and not inputs else None
        if known is not None:
            hit = replace(known, origin=origin, kind=kind)
            if self.take(hit):
                self.templates.rendered.add(template.name)
                return hit
        if rows is not None:
            context = {**context, "section": replace(context["section"], entries=rows())}
        html = self._render(template, context, origin)
        return None if html is None else Output(out_path(url), origin, kind, data=html.encode(), key=key, text=html)

    def output_key(self, name: str, context: dict) -> str:
        """Of everything a page is rendered from: its template and all that template pulls in, its context, the
        site-wide views beside it, the settings, site.yml and gongkai itself (the salt). "" when it cannot be
        told (no salt, a template chosen at render time, a context that does not pickle)."""
        template = self.templates.digest(name) if self.salt else None
        if template is None:
            return ""
        url = context["page"].url
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no back-references: equal contexts pickle alike however their objects are shared
        try:
            pickler.dump((sorted(context.items()), url in self._feeds,
                          bool(self.column_nav and self.column_nav.holds(url)), self.search))
        except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError):
            return ""
        digest = hashlib.sha256(f"{self.salt}\0{self._shared}\0{name}\0{template}\0".encode())
        digest.update(buffer.getvalue())
        return digest.hexdigest()

    @functools.cached_property
    def _shared(self) -> str:
        """Of the views every page is rendered beside: the site's and the column tree."""
        view = replace(self.site_view, shared_titles=frozenset())
        data = pickle.dumps((view, sorted(self.site_view.shared_titles), self.column_nav), protocol=pickle.HIGHEST_PROTOCOL)
        return hashlib.sha256(data).hexdigest()

    def render_template(self, names: list[str], context: dict, origin: str) -> str | None:
        template = self.templates.find(names, origin)
        return None if template is None else self._render(template, context, origin)

    def _render(self, template, context: dict, origin: str) -> str | None:
        page = context.get("page")
        feed = self._feeds.get(page.url) if page is not None else None
        nav = self.column_nav if page is not None and self.column_nav and self.column_nav.holds(page.url) else None
        context = {"site": self.site_view, "config": self.site.config, "feed_url": feed_url(page.url) if feed else "",
                   "column_nav": nav, **context}
        return self.templates.render(template, context, origin)

