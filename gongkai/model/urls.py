"""The only place that knows the site's URL scheme: documents, sections and the generator's own pages to
URLs, URLs to output paths and back, and URLs to relative links. Templates reach it through `urls`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import quote, unquote

from gongkai.documents import Document

HOME = "/"
SEARCH = "/search/"
SITEMAP = "/wzdt/"  # the visitors' site map (网站地图)
STATISTICS = "/tongji/"
MEDIA = "/zwxmt/"  # the 政务新媒体 registry
SERVICES = "/bsfw/"  # 办事服务: the province's 政务服务网, the county's own 办事指南 and 最多跑一次
ACCESSIBILITY = "/wza/"  # the accessibility statement (无障碍说明)
SITEMAP_XML = "/sitemap.xml"
ROBOTS = "/robots.txt"
NOT_FOUND = "/404.html"  # static hosts answer a missing page with it
FEED_NAME = "feed.xml"
INDEX_DIR = "pagefind"  # the search index, at /pagefind/
STATIC_DIR = "static"  # templates/static/, the theme's styles, scripts and pictures
DATA_DIR = "data"  # the exports: catalogue.csv, plan.json …
# The folders at the top of site/ the generator writes itself: no content may take their names.
GENERATED_FOLDERS = {INDEX_DIR: "站内搜索的索引", STATIC_DIR: "模板的样式、脚本和图片", DATA_DIR: "导出的数据",
                     SEARCH.strip("/"): "站内搜索页", SITEMAP.strip("/"): "网站地图", STATISTICS.strip("/"): "网站统计",
                     ACCESSIBILITY.strip("/"): "无障碍说明"}
# The 政府信息公开目录's browse views and its 基本目录, under the catalogue's own URL.
VIEW_FOLDERS = {"topic": "fl", "organ": "jg", "year": "nf", "category": "tl"}
DIRECTORY_FOLDER = "jbml"
APPLY_FOLDER = "ysqgk"  # the 依申请公开 page under the guide, with its application form
APPLY_FORM = "zfxxgk-sqb.docx"
# An enforcement organ's decisions by category, under its column.
CATEGORY_SLUGS = {"行政许可": "xk", "行政处罚": "cf", "行政强制": "qz", "行政检查": "jc", "行政征收": "zs"}


def document_url(doc: Document) -> str:
    """Site-relative URL (always starting with '/') of a document: pretty, folder style."""
    if doc.is_index:
        return section_url(doc.section)
    slug = getattr(doc.meta, "slug", None) or doc.src_path.stem
    prefix = f"/{doc.section}/" if doc.section else "/"
    return f"{prefix}{slug}/"


def section_url(section: str, page: int = 1) -> str:
    base = f"/{section}/" if section else "/"
    return base if page == 1 else f"{base}page/{page}/"


def asset_url(src_path: PurePosixPath) -> str:
    """An attachment keeps its file name, which may hold Chinese, spaces or # (附件1：议程 #2.pdf): the URL
    spells it percent-encoded, as links, feeds and sitemaps need."""
    return quote("/" + src_path.as_posix())


def out_path(url: str) -> PurePosixPath:
    """Output file for a site-relative URL: folders get index.html."""
    return PurePosixPath(out_name(url))


def out_name(url: str) -> str:
    """out_path as a string (the URLs the model makes have no empty or "." parts: it is already normal)."""
    path = unquote(url.lstrip("/")) if "%" in url else url.lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


def relative(target: str, from_url: str) -> str:
    """Link from the page at from_url to target, both site-relative; works under any base path.

    Same result as posixpath.relpath on these always-absolute, already-normal URLs, without its
    abspath work: this runs for every link of every page."""
    target, hashmark, fragment = target.partition("#")
    if not target:
        return hashmark + fragment
    common, ups = from_url[: from_url.rfind("/") + 1], 0  # the page's folder, then up until target is inside
    while not target.startswith(common):
        common = common[: common.rfind("/", 0, -1) + 1]
        ups += 1
    return ("../" * ups + target[len(common):] or "./") + hashmark + fragment


def standing(url: str, links: Iterable[str]) -> tuple[str, tuple[tuple[str, bool], ...]]:
    """Where a page at `url` stands among `links` (site-relative): where its relative links to them start, and
    which of them it is at or under (and which it is). Pages side by side link alike to all outside their own
    folders: they start from the folder above theirs, unless one of the links is inside the page's own folder.
    Two pages that stand alike show a block of those links alike (templates' fragment() keys)."""
    folder = url[: url.rfind("/") + 1]
    links = [link for link in links if link]
    marks = tuple((link, link == url) for link in links if url.startswith(link))
    inside = any(link.startswith(folder) for link in links)
    return folder if inside else folder[: folder.rfind("/", 0, -1) + 1], marks


def absolute(target: str, base_url: str) -> str:
    return base_url + target.lstrip("/")


def paged(base: str, number: int) -> str:
    """Page `number` of a list whose first page is at `base`."""
    return base if number == 1 else f"{base}page/{number}/"


def feed_url(page_url: str) -> str:
    return page_url + FEED_NAME


def view_url(catalogue_url: str, facet: str, key: str) -> str:
    return f"{catalogue_url}{VIEW_FOLDERS[facet]}/{key}/"


def directory_url(catalogue_url: str) -> str:
    return f"{catalogue_url}{DIRECTORY_FOLDER}/"


def apply_url(guide_url: str) -> str:
    return f"{guide_url}{APPLY_FOLDER}/"


def category_url(column_url: str, category: str) -> str:
    return f"{column_url}{CATEGORY_SLUGS[category]}/"


def data_file(name: str) -> str:
    return f"/{DATA_DIR}/{name}"


def static_file(name: str) -> str:
    return f"/{STATIC_DIR}/{name}"


def search_file(name: str) -> str:
    return f"/{INDEX_DIR}/{name}"


def page_url(path: PurePosixPath) -> str:
    """The URL of an output file: "a/index.html" is "/a/"."""
    return file_url("/" + path.as_posix())


def file_url(file: str) -> str:
    """The URL of an output file given as a site path: "/a/index.html" is "/a/"."""
    return file[: -len("index.html")] if file.endswith("/index.html") else file


class TemplateUrls:
    """The generator's own addresses, as templates see them: {{ urls.sitemap | rel }}, {{ urls.static('x.css') }}."""

    home, search, sitemap, statistics, sitemap_xml, feed = HOME, SEARCH, SITEMAP, STATISTICS, SITEMAP_XML, "/" + FEED_NAME
    accessibility = ACCESSIBILITY
    static = staticmethod(static_file)
    standing = staticmethod(standing)  # a fragment's key: {% call fragment("x", urls.standing(page.url, [links])) %}
    data = staticmethod(data_file)
    search_index = staticmethod(search_file)
