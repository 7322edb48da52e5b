"""Render the Site into in-memory outputs: pages, section lists, the home page, assets."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Callable

from markupsafe import Markup

from gongkai.config import Identity, SiteConfig
from gongkai.markup import render_markdown
from gongkai.model.documents import KIND_LABELS, Document, ItemMeta, PageMeta
from gongkai.model.site import DATED_KINDS, Page, Section, Site
from gongkai.model.urls import out_path, relative, section_url
from gongkai.problems import Problems
from gongkai.render.templates import Templates, candidates

HOME_BLOCK_SIZE = 6


@dataclass(frozen=True)
class Output:
    """One file of the built site, held in memory (data) or copied from disk (source)."""

    out_path: PurePosixPath
    origin: str  # source file shown in messages
    kind: str  # page kind for the summary; "asset" for copied files
    data: bytes | None = None
    source: Path | None = None


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
    base_url: str
    base_path: str
    language: str
    identity: Identity
    nav: tuple[Link, ...]
    home_url: str


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


@dataclass(frozen=True)
class SectionView:
    title: str
    url: str
    kind: str
    content: Markup
    entries: tuple[Entry, ...]
    children: tuple[Link, ...]
    pager: Pager


@dataclass(frozen=True)
class Block:
    """A home-page box: a top section and its latest entries."""

    title: str
    url: str
    entries: tuple[Entry, ...]
    children: tuple[Link, ...]


Progress = Callable[[int, int], None]


class Renderer:
    def __init__(self, site: Site, templates: Templates, problems: Problems):
        self.site = site
        self.templates = templates
        self.problems = problems
        config = site.config
        self.site_view = SiteView(config.name, config.base_url, config.base_path, config.language, config.identity,
                                  tuple(Link(s.meta.nav_title or s.title, s.url) for s in site.nav()), "/")

    def render_all(self, progress: Progress) -> list[Output]:
        site = self.site
        outputs: list[Output] = []
        total = len(site.pages) + len(site.sections)
        done = 0
        for page in site.pages:
            out = self.render_page(page)
            if out is not None:
                outputs.append(out)
            done += 1
            progress(done, total)
        for section in site.sections.values():
            outputs.extend(self.render_section(section))
            done += 1
            progress(done, total)
        outputs.extend(self.render_404())
        outputs.extend(self.assets())
        return outputs

    # --- pages -----------------------------------------------------------------

    def markdown(self, doc: Document, url: str) -> tuple[Markup, tuple]:
        def link_for(target: PurePosixPath) -> str | None:
            found = self.site.urls.get(target) or self.site.urls.get(target / "_index.md")
            return relative(found, url) if found else None

        rendered = render_markdown(doc.body, doc.src_path, doc.body_line, link_for)
        for broken in rendered.broken:
            target = broken.href.partition("#")[0]
            reason = self._why_missing(doc, target)
            self.problems.error("GK303", doc.label, broken.line, f"链接“{broken.href}”{reason}",
                                "改成 content 中已有文件的相对路径，例如 [工作要点](../gzyd/_index.md)；外部网址以 https:// 开头")
        return Markup(rendered.html), rendered.toc

    def _why_missing(self, doc: Document, target: str) -> str:
        from gongkai.fields import resolve_path

        path = resolve_path(doc.src_path.parent, target)
        if path is not None and path in self.site.hidden:
            return f"指向的文件尚未发布（{self.site.hidden[path]}）"
        return "指向的文件不存在"

    def page_view(self, page: Page) -> PageView:
        doc = page.doc
        meta: PageMeta = page.meta
        content, toc = self.markdown(doc, page.url)
        section = self.site.sections[doc.section]
        superseded = None
        if isinstance(meta, ItemMeta) and meta.superseded_by is not None:
            target = meta.superseded_by
            found = self.site.urls.get(target)
            if found:
                superseded = Link(self._title_of(target), found)
        return PageView(
            title=meta.title, url=page.url, kind=doc.kind, kind_label=KIND_LABELS[doc.kind],
            breadcrumbs=self.crumbs(doc.section), description=meta.summary or _plain(meta.title),
            keywords=meta.keywords, content=content, toc=toc, meta=meta, column=Link(section.title, section.url),
            organ=meta.organ.name if meta.organ else "", source=meta.source or (meta.organ.name if meta.organ else ""),
            published=meta.published, superseded_by=superseded, is_list=False,
        )

    def _title_of(self, src: PurePosixPath) -> str:
        for page in self.site.pages:
            if page.doc.src_path == src:
                return page.title
        return str(src)

    def crumbs(self, section: str) -> tuple[Link, ...]:
        return tuple(Link("首页" if not s.path else s.title, s.url) for s in self.site.chain(section))

    def render_page(self, page: Page) -> Output | None:
        view = self.page_view(page)
        names = candidates(page.kind, "single", page.meta.template)
        html = self._render(names, {"page": view, "section": None}, page.doc.label)
        if html is None:
            return None
        return Output(out_path(page.url), page.doc.label, page.kind, data=html.encode("utf-8"))

    # --- sections ---------------------------------------------------------------

    def entries(self, pages: tuple[Page, ...]) -> tuple[Entry, ...]:
        return tuple(_entry(p) for p in pages)

    def section_pages(self, section: Section) -> tuple[Page, ...]:
        if section.kind in DATED_KINDS:
            return self.site.pages_under(section.path) if section.path else ()
        return section.pages

    def render_section(self, section: Section) -> list[Output]:
        if not section.path:
            return self.render_home(section)
        pages = self.section_pages(section)
        size = self.site.config.page_size
        total = max(1, math.ceil(len(pages) / size))
        children = tuple(Link(self.site.sections[c].title, self.site.sections[c].url) for c in section.children)
        outputs = []
        content = None
        for number in range(1, total + 1):
            url = section_url(section.path, number)
            if content is None:
                content, toc = self.markdown(section.index, section.url)
            pager = Pager(number, total, section_url(section.path, number - 1) if number > 1 else "",
                          section_url(section.path, number + 1) if number < total else "",
                          tuple(Link(str(n), section_url(section.path, n)) for n in range(1, total + 1)))
            view = SectionView(section.title, url, section.kind, content,
                               self.entries(pages[(number - 1) * size: number * size]), children, pager)
            page = self.list_page_view(section, url, content, number)
            names = candidates(section.kind, "list", section.meta.template)
            html = self._render(names, {"page": page, "section": view}, section.index.label)
            if html is not None:
                outputs.append(Output(out_path(url), section.index.label, "section", data=html.encode("utf-8")))
        return outputs

    def list_page_view(self, section: Section, url: str, content: Markup, number: int) -> PageView:
        title = section.title if number == 1 else f"{section.title}（第 {number} 页）"
        crumbs = self.crumbs(section.path)
        return PageView(title=title, url=url, kind="section", kind_label=KIND_LABELS["section"],
                        breadcrumbs=crumbs, description=section.meta.summary or section.title, keywords=(),
                        content=content, toc=(), meta=section.meta, column=Link(section.title, section.url),
                        organ="", source="", published=None, superseded_by=None, is_list=True)

    def render_home(self, home: Section) -> list[Output]:
        content, _ = self.markdown(home.index, "/")
        blocks = []
        for top in self.site.nav():
            pages = self.section_pages(top)[:HOME_BLOCK_SIZE]
            children = tuple(Link(self.site.sections[c].title, self.site.sections[c].url) for c in top.children)
            blocks.append(Block(top.title, top.url, self.entries(pages), children))
        page = PageView(title=self.site.config.name, url="/", kind="home", kind_label=KIND_LABELS["home"],
                        breadcrumbs=(), description=home.meta.summary or self.site.config.name, keywords=(),
                        content=content, toc=(), meta=home.meta, column=Link(home.title, "/"), organ="", source="",
                        published=None, superseded_by=None, is_list=True)
        latest = self.entries(self.site.pages[:HOME_BLOCK_SIZE * 2])
        html = self._render(candidates("home", "home", home.meta.template),
                            {"page": page, "section": None, "blocks": tuple(blocks), "latest": latest},
                            home.index.label)
        return [] if html is None else [Output(PurePosixPath("index.html"), home.index.label, "home",
                                               data=html.encode("utf-8"))]

    def render_404(self) -> list[Output]:
        page = PageView(title="页面不存在", url="/", kind="404", kind_label="404", breadcrumbs=(),
                        description="您访问的页面不存在", keywords=(), content=Markup(""), toc=(), meta=None,
                        column=Link("首页", "/"), organ="", source="", published=None, superseded_by=None,
                        is_list=False)
        html = self._render(["404.html"], {"page": page, "section": None}, "templates/404.html")
        return [] if html is None else [Output(PurePosixPath("404.html"), "templates/404.html", "404",
                                               data=html.encode("utf-8"))]

    # --- files ------------------------------------------------------------------

    def assets(self) -> list[Output]:
        outputs = [Output(PurePosixPath(a.src_path.as_posix()), f"content/{a.src_path}", "asset", source=a.abs_path)
                   for a in self.site.assets]
        static = self.templates.root / "templates" / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    rel = path.relative_to(static).as_posix()
                    outputs.append(Output(PurePosixPath("static") / rel, f"templates/static/{rel}", "asset",
                                          source=path))
        return outputs

    def _render(self, names: list[str], context: dict, origin: str) -> str | None:
        template = self.templates.find(names, origin)
        if template is None:
            return None
        context = {"site": self.site_view, "config": self.site.config, **context}
        return self.templates.render(template, context, origin)


def _entry(page: Page) -> Entry:
    meta = page.meta
    is_item = isinstance(meta, ItemMeta)
    return Entry(meta.title, page.url, page.kind, meta.published, meta.organ.short if meta.organ else "",
                 meta.summary, meta.index_no if is_item else "", meta.doc_no if is_item else "",
                 meta.validity if is_item else "")


def _plain(text: str) -> str:
    return text.replace("\n", " ")


def render_site(site: Site, templates: Templates, problems: Problems, progress: Progress) -> list[Output]:
    return Renderer(site, templates, problems).render_all(progress)


__all__ = ["Output", "render_site", "SiteConfig"]
