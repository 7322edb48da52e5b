"""Parse built HTML for tests: links, ids, headings, meta tags, text of elements by class."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Scan:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    h1: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    title: str = ""
    lang: str = ""
    text: str = ""
    tags: list[tuple[str, dict]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self.stack: list[str] = []
        self._h1 = None
        self._title = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.scan.tags.append((tag, a))
        if tag == "html":
            self.scan.lang = a.get("lang", "")
        if "id" in a:
            self.scan.ids.add(a["id"])
        for attr in ("href", "src"):
            if attr in a and tag in ("a", "link", "img", "script"):
                self.scan.links.append(a[attr])
        if tag == "meta" and "name" in a:
            self.scan.meta[a["name"]] = a.get("content", "")
        if tag == "h1":
            self._h1 = []
        if tag == "title":
            self._title = True

    def handle_endtag(self, tag):
        if tag == "h1" and self._h1 is not None:
            self.scan.h1.append("".join(self._h1).strip())
            self._h1 = None
        if tag == "title":
            self._title = False

    def handle_data(self, data):
        if self._h1 is not None:
            self._h1.append(data)
        if self._title:
            self.scan.title += data
        self._text.append(data)

    def close(self):
        super().close()
        self.scan.text = "".join(self._text)


def scan_file(path: Path) -> Scan:
    parser = _Parser()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser.scan


def html_pages(site: Path) -> list[Path]:
    """The public pages: not the 编辑后台 (admin/), a tool whose page the CMS script draws (test_admin_browser)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """Follow a relative link from a built page to a file in the site; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page
    assert not parts.path.startswith("/"), f"absolute link {link} in {page}"
    base = posixpath.dirname(page.relative_to(site).as_posix())
    target = site / posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if target.is_dir():
        target = target / "index.html"
    return target
