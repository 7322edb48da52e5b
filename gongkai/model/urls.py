"""The only place that maps documents to URLs and output paths, and URLs to relative links."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import PurePosixPath

from gongkai.model.documents import Document


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
    return "/" + src_path.as_posix()


def out_path(url: str) -> PurePosixPath:
    """Output file for a site-relative URL: folders get index.html."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return PurePosixPath(path)


@lru_cache(maxsize=1 << 16)  # every page links the same navigation: the same pairs come back thousands of times
def relative(target: str, from_url: str) -> str:
    """Link from the page at from_url to target, both site-relative; works under any base path."""
    target, hashmark, fragment = target.partition("#")
    suffix = hashmark + fragment
    if not target:
        return suffix
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(target, from_dir)
    if target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + suffix


def absolute(target: str, base_url: str) -> str:
    return base_url + target.lstrip("/")
