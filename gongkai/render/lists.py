"""The list pages and the outputs that draw on the whole site: section lists, the catalogue's views, the
home page, enforcement lists, feeds, notices, and (through special.py) search, site maps and statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from gongkai.config import category as statutory_category
from gongkai.documents import KIND_LABELS, AreaMeta, EnforcementMeta, PlanMeta, TopicMeta
from gongkai.model.catalogue import FACET_TITLES
from gongkai.model.library import FACET_TITLES as LIBRARY_FACETS, doc_no_key
from gongkai.model.site import Page, Section
from gongkai.model.urls import CATEGORY_SLUGS, HOME, MEDIA, apply_url, feed_url, out_path
from gongkai.render.cms import admin_outputs
from gongkai.render.application import application_outputs, application_view
from gongkai.render.portal import media_page, media_views
from gongkai.render import details, enforcement, special
from gongkai.render.exports import exports
from gongkai.render.feeds import feed_view
from gongkai.render.templates import candidates
from gongkai.schema import FORMS
from gongkai.render.views import (DocNoGroup, Block, ColumnCard, ColumnNav, ColumnsView, DisclosureHome, FacetView, Link, Output,
                                  PageView, TreeNode)

if TYPE_CHECKING:
    from gongkai.render.pages import Renderer


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


HOME_BLOCK_SIZE = 6


SITE_WIDE_PARTS = 2  # the site-wide outputs are rendered as this many tasks, one per core where cores are free


def render_site_wide(renderer: Renderer, part: int) -> list[Output]:
    """The outputs that draw on the whole site: feeds, exports, statistics, site maps, notices. They are
    rendered in every build, in two halves of about the same length: an edit of one page at 100,000 items
    would otherwise wait for one core to render them all while the other has nothing left to do."""
    if part == 1:
        return special.site_files(renderer) + exports(renderer.site)
    outputs = render_catalogue_views(renderer) + render_enforcement_lists(renderer) + render_application(renderer)
    outputs += render_doc_no_index(renderer)
    for notice in renderer.site.notices:
        outputs += render_notice(renderer, notice)
    outputs += media_page(renderer) + admin_outputs(renderer)
    return outputs + special.statistics(renderer) + special.not_found(renderer) + render_feeds(renderer)


def render_section(renderer: Renderer, section: Section) -> list[Output]:
    if not section.path:
        return render_home(renderer, section)
    site = renderer.site
    meta = section.meta
    content, _ = renderer.markdown(section.index, section.url)
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
        detail = columns_view(renderer, section.path)
    elif section.kind == "service_guide":
        detail = details.services_view(renderer.section_pages(section))
    elif section.path == site.config.disclosure:
        kind, detail = "disclosure", disclosure_home(renderer, section)
    browse = facets(renderer) if section.path == site.catalogue.root else ()
    if section.path == site.library.root:
        browse = library_facets(renderer)
    children += special.generated_children(site, section.path)
    pages = renderer.section_pages(section)
    return renderer.paginate(base=section.url, title=section.title, crumbs=renderer.crumbs(section.path), pages=pages,
                         names=candidates(kind, "list", meta.template), origin=section.index.label, kind=kind,
                         column=Link(section.title, section.url), content=content, children=children,
                         facets=browse, detail=detail, meta=meta, description=meta.summary,
                         groups=by_form if section.kind == "interpretation" else None)


def by_form(pages: tuple[Page, ...]) -> tuple:
    """One list page's interpretations under their forms (文字解读, 图解, …), in the forms' order."""
    forms = sorted({p.meta.form for p in pages}, key=FORMS.index)
    return tuple((f, details.entries(p for p in pages if p.meta.form == f)) for f in forms)


def columns_view(renderer: Renderer, parent: str) -> ColumnsView:
    cards = [(c.archived, ColumnCard(c.title, c.url, len(c.pages), c.pages[0].meta.published if c.pages else None,
                                     c.meta.start, c.meta.end))
             for c in renderer.site.columns if c.path.rpartition("/")[0] == parent]
    return ColumnsView(tuple(card for archived, card in cards if not archived),
                       tuple(card for archived, card in cards if archived))


def render_enforcement_lists(renderer: Renderer) -> list[Output]:
    """Each organ's decisions by category: 行政许可, 行政处罚, … (published ones only)."""
    outputs = []
    for organ in renderer.site.enforcement:
        section = renderer.site.sections[organ.path]
        for category in CATEGORY_SLUGS:
            pages = tuple(p for p in organ.decisions if p.meta.category == category)
            if not pages:
                continue
            url = enforcement.category_url(organ, category)
            outputs += renderer.paginate(base=url, title=f"{organ.organ.name}{category}公示",
                                     crumbs=renderer.crumbs(organ.path) + (Link(f"{category}公示", url),),
                                     pages=pages, names=["decision/list.html", "list.html"],
                                     origin=section.index.label, kind="listing",
                                     column=Link(section.title, section.url),
                                     description=f"{organ.organ.name}{category}决定的事后公开")
    return outputs


def feeds(renderer: Renderer) -> dict[str, object]:
    """Feed views by the URL of the page they belong to: the home page and every dated column."""
    site, config = renderer.site, renderer.site.config
    found = {}
    home = feed_view(config.name, site.home.meta.summary, HOME, tuple(p for p in site.pages if p.kind != "decision"),
                     config)
    if home is not None:
        found[HOME] = home
    for section in site.sections.values():
        if section.path:
            feed = feed_view(f"{section.title} - {config.name}", section.meta.summary, section.url,
                             renderer.section_pages(section), config)
            if feed is not None:
                found[section.url] = feed
    return found


def render_feeds(renderer: Renderer) -> list[Output]:
    outputs = []
    for url, feed in renderer._feeds.items():
        template = renderer.templates.find(["feed.xml"], "templates/feed.xml")
        xml = None if template is None else renderer.templates.render(template, {"feed": feed}, "templates/feed.xml")
        if xml is not None:
            outputs.append(Output(out_path(feed_url(url)), "templates/feed.xml", "feed", data=xml.encode()))
    return outputs


def render_notice(renderer: Renderer, notice) -> list[Output]:
    page, site = notice.page, renderer.site
    view = enforcement.notice_view(site, notice)
    title = f"{view.category}决定撤回公告" if view.state == "withdrawn" else f"{view.category}决定公示期满"
    section = site.sections[page.doc.section]
    pv = PageView(title=title, url=page.url, kind="notice-" + view.state, kind_label="公告",
                  breadcrumbs=renderer.crumbs(page.doc.section), description=title, keywords=(), content=Markup(""),
                  toc=(), meta=None, column=Link(section.title, section.url), organ=view.organ, source=view.organ,
                  published=None, superseded_by=None, is_list=False, detail=view)
    html = renderer.render_template([f"decision/{view.state}.html"], {"page": pv, "section": None}, page.doc.label)
    return [] if html is None else [Output(out_path(page.url), page.doc.label, "decision-notice", data=html.encode())]


LATEST_ITEMS = 10


def disclosure_home(renderer: Renderer, column: Section) -> DisclosureHome:
    site = renderer.site
    parts = tuple((Link(site.sections[c].title, site.sections[c].url), site.sections[c].meta.summary or "",
                   len(site.pages_under(c))) for c in column.children)
    root = site.sections.get(site.catalogue.root) if site.catalogue.root else None
    return DisclosureHome(parts, details.entries(site.catalogue.items[:LATEST_ITEMS]),
                          Link(root.title, root.url) if root else None)


def column_nav(renderer: Renderer) -> ColumnNav | None:
    """The 政府信息公开 column's tree, or None for a site without the column."""
    site = renderer.site
    column = site.sections.get(site.config.disclosure)
    if column is None or not site.config.disclosure:
        return None
    parts = []
    for path in column.children:
        part = site.sections[path]
        children = tuple(TreeNode(site.sections[c].title, site.sections[c].url, ()) for c in part.children)
        children += tuple(TreeNode(link.title, link.url, ()) for link in special.generated_children(site, path))
        parts.append(TreeNode(part.title, part.url, children))
    return ColumnNav(column.title, column.url, tuple(parts), facets(renderer) if site.catalogue.root else ())


def facets(renderer: Renderer, current: str = "") -> tuple[FacetView, ...]:
    catalogue = renderer.site.catalogue
    return tuple(FacetView(FACET_TITLES[name], tuple((Link(v.label, v.url), len(v.pages))
                                                   for v in catalogue.facet(name)))
                 for name in ("category", "topic", "organ", "year") if catalogue.facet(name))


def library_facets(renderer: Renderer) -> tuple[FacetView, ...]:
    library = renderer.site.library
    return tuple(FacetView(LIBRARY_FACETS[name], tuple((Link(s.label, s.url), len(s.pages)) for s in library.facet(name)))
                 for name in ("state", "genre", "organ", "year") if library.facet(name))


def render_shelf(renderer: Renderer, index: int) -> list[Output]:
    """One pre-rendered list of the 政策文件库: 现行有效, 已废止, one 文种, one 发文机关 or one year."""
    site = renderer.site
    root = site.sections[site.library.root]
    shelf = site.library.shelves[index]
    return renderer.paginate(base=shelf.url, title=f"{root.title}：{shelf.label}",
                             crumbs=renderer.crumbs(root.path) + (Link(shelf.label, shelf.url),), pages=shelf.pages,
                             names=["policy/list.html"], origin=root.index.label, kind="listing",
                             column=Link(root.title, root.url), facets=library_facets(renderer),
                             description=f"{LIBRARY_FACETS[shelf.facet]}浏览政策文件：{shelf.label}")


def render_doc_no_index(renderer: Renderer) -> list[Output]:
    """The 文号 index: every policy by its 发文字号 代字, year and number, so that a 文号 is found without a search."""
    site = renderer.site
    library = site.library
    if not library.root:
        return []
    root = site.sections[library.root]
    groups: dict[str, list] = {}
    for page in sorted(library.pages, key=lambda p: doc_no_key(p.meta.doc_no) if p.meta.doc_no else ("~", 0, 0)):
        prefix = doc_no_key(page.meta.doc_no)[0] if page.meta.doc_no else "无文号"
        groups.setdefault(prefix, []).append((page.meta.doc_no, Link(page.title, page.url), page.meta.validity))
    detail = tuple(DocNoGroup(prefix, tuple(rows)) for prefix, rows in groups.items())
    crumbs = renderer.crumbs(root.path) + (Link("文号索引", library.index_url),)
    return renderer.paginate(base=library.index_url, title=f"{root.title}：文号索引", crumbs=crumbs, pages=(),
                             names=["policy/docno.html"], origin=root.index.label, kind="listing",
                             column=Link(root.title, root.url), facets=library_facets(renderer), detail=detail,
                             description="按发文字号查找政策文件")


def render_view(renderer: Renderer, index: int) -> list[Output]:
    """One static filtered view of the 目录: a 主题分类, a 发布机构 or a year."""
    site = renderer.site
    root = site.sections[site.catalogue.root]
    view = site.catalogue.views[index]
    return renderer.paginate(base=view.url, title=f"{root.title}：{view.label}",
                             crumbs=renderer.crumbs(root.path) + (Link(view.label, view.url),),
                         pages=view.pages, names=["item/list.html"], origin=root.index.label, kind="listing",
                         column=Link(root.title, root.url), facets=facets(renderer),
                         description=_view_description(view),
                         content=Markup("<p>{}</p>").format(_view_description(view)) if view.facet == "category" else Markup(""))


def _view_description(view) -> str:
    found = statutory_category(view.key) if view.facet == "category" else None
    if found is not None:  # say which article obliges it
        return f"《政府信息公开条例》{found.article}规定主动公开的{found.label}信息"
    return f"{FACET_TITLES[view.facet]}浏览：{view.label}"


def render_application(renderer: Renderer) -> list[Output]:
    """依申请公开: the page, with its form to print, and the same form as a Word file."""
    site = renderer.site
    guide = special.guide_section(site)
    if guide is None:
        return []
    view = application_view(guide.meta, Link(guide.title, guide.url), site.config.channels_of("依申请公开"))
    url = apply_url(guide.url)
    crumbs = renderer.crumbs(guide.path) + (Link("依申请公开", url),)
    page = PageView(title="依申请公开", url=url, kind="apply", kind_label=KIND_LABELS["apply"], breadcrumbs=crumbs,
                    description="申请获取政府信息的方式、申请表、办理期限、收费和救济途径", keywords=("依申请公开", "申请表"),
                    content=Markup(""), toc=(), meta=None, column=Link(guide.title, guide.url), organ="", source="",
                    published=None, superseded_by=None, is_list=False, detail=view,
                    search_filters=(("类型", KIND_LABELS["apply"]),))
    html = renderer.render_template(["apply.html"], {"page": page, "section": None}, guide.index.label)
    return application_outputs(view, html, guide.index.label, guide.meta.updated)


def render_catalogue_views(renderer: Renderer) -> list[Output]:
    """The 主动公开基本目录 page (the filtered views are rendered with the pages, in parallel)."""
    site = renderer.site
    catalogue = site.catalogue
    if not catalogue.root:
        return []
    root = site.sections[catalogue.root]
    crumbs = renderer.crumbs(catalogue.root)
    outputs = []
    if site.data.directory:
        outputs += renderer.paginate(base=catalogue.directory_url, title="主动公开基本目录",
                                     crumbs=crumbs + (Link("主动公开基本目录", catalogue.directory_url),), pages=(),
                                 names=["directory.html"], origin="content/_data/directory.yml", kind="listing",
                                 column=Link(root.title, root.url), detail=details.directory_rows(site),
                                 description="主动公开事项的内容、依据、时限、主体、渠道和对象")
    return outputs


def render_home(renderer: Renderer, home: Section) -> list[Output]:
    content, _ = renderer.markdown(home.index, "/")
    blocks = []
    for top in renderer.site.nav():
        pages = renderer.section_pages(top)[:HOME_BLOCK_SIZE]
        children = tuple(Link(renderer.site.sections[c].title, renderer.site.sections[c].url) for c in top.children)
        blocks.append(Block(top.title, top.url, details.entries(pages), children))
    page = PageView(title=renderer.site.config.name, url="/", kind="home", kind_label=KIND_LABELS["home"],
                    breadcrumbs=(), description=home.meta.summary or renderer.site.config.name, keywords=(),
                    content=content, toc=(), meta=home.meta, column=Link(home.title, "/"), organ="", source="",
                    published=None, superseded_by=None, is_list=True)
    dated = tuple(p for p in renderer.site.pages if p.meta.published is not None and p.kind != "decision")
    html = renderer.render_template(candidates("home", "home", home.meta.template),
                        {"page": page, "section": None, "blocks": tuple(blocks),
                         "media": tuple(v for v in media_views(renderer.site) if v.status == "运营"), "media_url": MEDIA,
                         "services": next((Link(s.title, s.url) for s in renderer.site.nav() if s.kind == "service_guide"), None),
                         "latest": details.entries(dated[:HOME_BLOCK_SIZE * 2])}, home.index.label)
    return [] if html is None else [Output(out_path(HOME), home.index.label, "home",
                                           data=html.encode())]
