"""The site's own pages: search, the human site map, statistics, 404, and sitemap.xml and robots.txt."""

from __future__ import annotations

from datetime import datetime

from markupsafe import Markup

from gongkai.documents import KIND_LABELS, GuideMeta
from gongkai.model.site import Site
from gongkai.model.urls import (ACCESSIBILITY, MEDIA, NOT_FOUND, ROBOTS, SEARCH, SITEMAP, SITEMAP_XML, STATISTICS, absolute, apply_url,
                                out_path)
from gongkai.render.statistics import statistics_view
from gongkai.render.views import Link, Output, PageView, SitemapEntry, TreeNode



def special_page(title: str, url: str, kind: str, description: str, detail: object = None) -> PageView:
    return PageView(title=title, url=url, kind=kind, kind_label=KIND_LABELS.get(kind, title),
                    breadcrumbs=(Link("首页", "/"), Link(title, url)), description=description, keywords=(), content=Markup(""),
                    toc=(), meta=None, column=Link(title, url), organ="", source="", published=None,
                    superseded_by=None, is_list=True, detail=detail)


def guide_section(site) :
    return next((s for s in site.sections.values() if isinstance(s.meta, GuideMeta)), None)


def generated_children(site, path: str) -> tuple[Link, ...]:
    """Pages the build makes under a section, beside its folders: the 主动公开基本目录 and 依申请公开."""
    section = site.sections.get(path)
    if path == site.catalogue.root and site.data.directory:
        return (Link("主动公开基本目录", site.catalogue.directory_url),)
    if path and path == site.library.root:
        return (Link("文号索引", site.library.index_url),)
    if section is not None and isinstance(section.meta, GuideMeta):
        return (Link("依申请公开", apply_url(section.url)),)
    if path == "" and site.data.media:
        return (Link("政务新媒体", MEDIA),)
    return ()


def tree(site: Site, path: str) -> tuple[TreeNode, ...]:
    section = site.sections[path]
    return tuple(TreeNode(site.sections[c].title, site.sections[c].url, tree(site, c)) for c in section.children) + tuple(
        TreeNode(link.title, link.url, ()) for link in generated_children(site, path))


def site_files(renderer) -> list[Output]:
    """The search page, the human site map, the accessibility statement, sitemap.xml and robots.txt."""
    site, outputs = renderer.site, []
    pages = (
        ("search.html", special_page("站内搜索", SEARCH, "search", "搜索本站已发布的信息", renderer.search)),
        ("wzdt.html", special_page("网站地图", SITEMAP, "sitemap", "本站全部栏目", tree(renderer.site, ""))),
        ("accessibility.html", special_page("无障碍说明", ACCESSIBILITY, "accessibility",
                                            "本网站的长者模式、字号、键盘和读屏软件使用说明")),
    )
    for template, page in pages:
        html = renderer.render_template([template], {"page": page, "section": None}, f"templates/{template}")
        if html is not None:
            outputs.append(Output(out_path(page.url), f"templates/{template}", page.kind, data=html.encode()))
    base = site.config.base_url
    entries = [SitemapEntry(absolute(s.url, base), "") for s in site.sections.values()]
    entries += [SitemapEntry(absolute(p.url, base), (p.meta.updated or p.meta.published).strftime("%Y-%m-%d")
                             if (p.meta.updated or p.meta.published) else "") for p in site.pages]
    extra = [link.url for path in site.sections for link in generated_children(site, path)]
    entries += [SitemapEntry(absolute(url, base), "") for url in (SITEMAP, STATISTICS, ACCESSIBILITY, *extra)]
    for url, context in ((SITEMAP_XML, {"entries": sorted(entries, key=lambda e: e.loc)}), (ROBOTS, {})):
        name = url.lstrip("/")  # the template has the file's name
        template = renderer.templates.find([name], f"templates/{name}")
        text = None if template is None else renderer.templates.render(
            template, {"site": renderer.site_view, "page": special_page(name, "/", "file", ""), **context},
            f"templates/{name}")
        if text is not None:
            outputs.append(Output(out_path(url), f"templates/{name}", "file", data=text.encode()))
    return outputs


def statistics(renderer) -> list[Output]:
    today = renderer.site.today
    page = PageView(title="网站统计", url=STATISTICS, kind="statistics", kind_label=KIND_LABELS["statistics"],
                    breadcrumbs=(Link("首页", "/"), Link("网站统计", STATISTICS)),
                    description="本网站信息发布、行政执法和工作要点落实的统计图表",
                    keywords=(), content=Markup(""), toc=(), meta=None, column=Link("网站统计", STATISTICS),
                    organ="", source="", published=datetime(today.year, today.month, today.day), superseded_by=None,
                    is_list=True, detail=statistics_view(renderer.site))
    html = renderer.render_template(["statistics.html"], {"page": page, "section": None}, "templates/statistics.html")
    return [] if html is None else [Output(out_path(STATISTICS), "templates/statistics.html", "statistics",
                                           data=html.encode())]


def not_found(renderer) -> list[Output]:
    page = PageView(title="页面不存在", url="/", kind="404", kind_label="404", breadcrumbs=(),
                    description="您访问的页面不存在", keywords=(), content=Markup(""), toc=(), meta=None,
                    column=Link("首页", "/"), organ="", source="", published=None, superseded_by=None,
                    is_list=False)
    html = renderer.render_template(["404.html"], {"page": page, "section": None}, "templates/404.html")
    return [] if html is None else [Output(out_path(NOT_FOUND), "templates/404.html", "404",
                                           data=html.encode())]
