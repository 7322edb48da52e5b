"""The only place that maps documents to URLs and output paths, and URLs to relative links."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote, unquote

from gongkai.documents import Document

INDEX_DIR = "pagefind"  # the search index, at /pagefind/


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
    path = unquote(url.lstrip("/")) if "%" in url else url.lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return PurePosixPath(path)


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


def absolute(target: str, base_url: str) -> str:
    return base_url + target.lstrip("/")
