"""Markdown to safe HTML: tables, footnotes, heading ids, .md links rewritten to page URLs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import markdown
import nh3
from selectolax.lexbor import LexborHTMLParser
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from gongkai.fields import resolve_path
from gongkai.markdown_shortcuts import install

EXTENSIONS = ["tables", "footnotes", "toc", "attr_list", "sane_lists"]
# No [TOC] marker: the page template shows the table of contents, and looking for the marker costs time.
CONFIGS = {"toc": {"slugify": slugify_unicode, "permalink": False, "marker": ""},
           "footnotes": {"BACKLINK_TITLE": "返回正文"}}

# What government pages need from raw HTML, nothing that runs or restyles.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type", "reversed"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
SANITIZER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                        strip_comments=True)  # built once: nh3.clean() converts these sets on every call
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
# What the sanitizer writes otherwise than Python-Markdown does: entities and no-break spaces (it escapes them its
# own way), NUL (its parser drops it). Any other character it keeps, and Python-Markdown turns a carriage return
# into a line break (tests/test_markup.py).
_NOT_AS_WRITTEN = ("&", "\xa0", "\x00")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_SPACE_OR_CONTROL = re.compile("[\x00-\x20\x7f-\x9f]")
_ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
# Addresses that open on the editor's own computer and nowhere else: a file path (Word and Typora write
# C:\Users\…), a file: URL, or the preview server's address copied from the browser.
_ON_THIS_COMPUTER = re.compile(r"^(?:[a-z]:[\\/]|\\\\|file:)", re.I)
_PREVIEW = re.compile(r"^https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?:[:/?#]|$)", re.I)


@dataclass(frozen=True)
class BrokenLink:
    href: str
    line: int
    reason: str


@dataclass(frozen=True)
class ContentLink:
    target: PurePosixPath | None  # the content file it points to; None if the path leaves content/
    href: str  # as written, for messages
    line: int


Resolver = Callable[[PurePosixPath], "str | None"]  # content path -> page-relative link, None if missing


@dataclass(frozen=True)
class Rendered:
    """A document's Markdown as safe HTML in which each link to a content file is a placeholder, so one
    cache entry serves the page at any URL and whatever the linked files are called today."""

    html: str
    toc: tuple[tuple[int, str, str], ...]  # (level, anchor id, heading text)
    links: tuple[ContentLink, ...] = ()  # placeholder i stands for links[i]
    token: str = ""  # the placeholders are token + i: derived from the body, so no body can contain them
    local: tuple[BrokenLink, ...] = ()  # addresses on the editor's computer (reason "file" or "preview"), dropped

    def resolve(self, link_for: Resolver) -> tuple[str, tuple[BrokenLink, ...]]:
        """The HTML with its links filled in for the page being rendered; a link to a missing file loses its
        href or src (it is reported instead)."""
        if not self.links:
            return self.html, ()
        broken: list[BrokenLink] = []

        def fill(match: re.Match) -> str:
            link = self.links[int(match.group(2))]
            found = link_for(link.target) if link.target is not None else None
            if found is None:
                broken.append(BrokenLink(link.href, link.line, ""))
                return ""
            return f'{match.group(1)}{_attribute(found)}{match.group(3)}"'

        pattern = re.compile(r'(\s(?:href|src)=")' + self.token + r'(\d+)([^"]*)"')
        return pattern.sub(fill, self.html), tuple(broken)


def _attribute(value: str) -> str:
    """Escape an attribute value as nh3 (html5ever) writes one."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("\xa0", "&nbsp;")


class _LinkRewriter(Treeprocessor):
    """Rewrite relative links to content files into links to their published pages."""

    def __init__(self, md, converter: "MarkdownConverter"):
        super().__init__(md)
        self.converter = converter

    def run(self, root: Element) -> None:
        for el in root.iter():
            attr = "href" if el.tag == "a" else "src" if el.tag == "img" else None
            if attr is None:
                continue
            href = el.get(attr)
            if not href:
                continue
            if self.converter.note_local(href):
                del el.attrib[attr]
            elif not _EXTERNAL.match(href):
                el.set(attr, self.converter.placeholder(href))


class _Sanitary(Treeprocessor):
    """Whether the tree is already what the sanitizer would leave: allowed tags, links it would keep as they are,
    no link inside a link (an HTML parser would move it). Attributes it would drop are dropped here (the tables
    extension aligns cells with style). The converter's `sanitary` says whether nh3 can be passed over."""

    def __init__(self, md, converter: "MarkdownConverter"):
        super().__init__(md)
        self.converter = converter

    def run(self, root: Element) -> None:
        self.converter.sanitary = _sanitary(root)


def _sanitary(root: Element) -> bool:
    elements = root.iter()
    next(elements)  # Python-Markdown's own wrapper, not written out
    for el in elements:
        if el.tag not in ALLOWED_TAGS:  # (a comment's tag is a function: not among them)
            return False
        if el.attrib and not _attributes_kept(el):
            return False
    return all(sum(1 for _ in link.iter("a")) == 1 for link in root.iter("a"))


def _attributes_kept(el: Element) -> bool:
    allowed = ALLOWED_ATTRIBUTES.get(el.tag, ())
    for name, value in list(el.attrib.items()):
        if name in allowed or name in ALLOWED_ATTRIBUTES["*"]:
            if name in ("href", "src") and not _kept_as_it_is(value):
                return False
        elif _ATTRIBUTE_NAME.match(name):
            del el.attrib[name]
        else:
            return False  # a name it may read otherwise (in upper case, say): left to it
    return True


def _kept_as_it_is(url: str | None) -> bool:
    """A link the sanitizer keeps unchanged: relative, or with a scheme it allows (in lower case). Anything
    with spaces or control characters (which URL parsers strip before reading the scheme) is left to it."""
    if url is None or _SPACE_OR_CONTROL.search(url):
        return False
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group()[:-1] in URL_SCHEMES


class _Rewrite(Extension):
    def __init__(self, converter: "MarkdownConverter"):
        super().__init__()
        self.converter = converter

    def extendMarkdown(self, md):
        md.treeprocessors.register(_LinkRewriter(md, self.converter), "gongkai_links", 1)
        md.treeprocessors.register(_Sanitary(md, self.converter), "gongkai_sanitary", -1)  # (after unescape, at 0)
        install(md, lambda: self.converter.body)


class MarkdownConverter:
    """One Python-Markdown instance, reset between documents: setting up the extensions costs more than
    converting a typical page, and reset() clears every per-document state (footnotes, toc, ids)."""

    def __init__(self):
        self.body, self.body_line, self.token = "", 0, ""
        self.sanitary = False
        self.md = markdown.Markdown(extensions=EXTENSIONS + [_Rewrite(self)], extension_configs=CONFIGS,
                                    output_format="html")
        # Python-Markdown's "prettify" only adds line breaks between blocks for people reading the source;
        # it costs a sixth of the conversion, and browsers show the page the same without them.
        self.md.treeprocessors.deregister("prettify")
        self.folder = PurePosixPath()
        self.links: list[ContentLink] = []
        self.local: list[BrokenLink] = []
        self.pasted = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                                  link_rel=None, strip_comments=True, attribute_filter=self._pasted_link)

    def placeholder(self, href: str) -> str:
        path, _, fragment = href.partition("#")
        # Editors such as Typora write a file name's spaces as %20.
        target = resolve_path(self.folder, unquote(path))
        self.links.append(ContentLink(target, href, _line_of(self.body, href, self.body_line)))
        return f"{self.token}{len(self.links) - 1}" + ("#" + fragment if fragment else "")

    def note_local(self, href: str) -> bool:
        """Note an address that opens only on the editor's computer; False for any other."""
        local = "file" if _ON_THIS_COMPUTER.match(href) else "preview" if _PREVIEW.match(href) else ""
        if local:
            self.local.append(BrokenLink(href, _line_of(self.body, href, self.body_line), local))
        return bool(local)

    def _pasted_link(self, tag: str, attribute: str, value: str) -> str:
        """A link in HTML the editor wrote (pasted from an old site or Word) points to content files the
        same way as a Markdown link, so the sanitizer rewrites it the same way; the tree never held it."""
        if attribute not in ("href", "src") or not value or value.startswith(self.token) or _EXTERNAL.match(value):
            return value
        return self.placeholder(value)

    def render(self, body: str, src_path: PurePosixPath, body_line: int) -> Rendered:
        """Render one document's Markdown, its links to content files left as placeholders."""
        self.folder, self.body, self.body_line, self.links, self.local = src_path.parent, body, body_line, [], []
        self.token = "gk" + hashlib.blake2b(body.encode("utf-8"), digest_size=10).hexdigest() + "-"
        self.md.reset()
        self.sanitary = False
        html = self.md.convert(body)
        if "<" in body:  # HTML in the body: the tree never held its links (a tenth of the time otherwise)
            for node in LexborHTMLParser(html).css("[href], [src]"):  # before the sanitizer drops what it forbids
                for name in ("href", "src"):
                    self.note_local(node.attributes.get(name) or "")
            html = self.pasted.clean(html)
        elif not self.sanitary or any(character in html for character in _NOT_AS_WRITTEN):
            html = SANITIZER.clean(html)  # (otherwise it would write the HTML as it is: 60 µs a page saved)
        toc = tuple(_flatten(self.md.toc_tokens))  # type: ignore[attr-defined]
        return Rendered(html, toc, tuple(self.links), self.token if self.links else "", tuple(self.local))


def _flatten(tokens: list[dict]):
    for token in tokens:
        yield (token["level"], token["id"], token["name"])
        yield from _flatten(token["children"])


def _line_of(body: str, needle: str, body_line: int) -> int:
    at = body.find(f"({needle}")
    if at < 0:
        at = body.find(needle)
    return body_line + body[:at].count("\n") if at >= 0 else body_line
