"""Markdown to safe HTML: tables, footnotes, heading ids, .md links rewritten to page URLs."""

from __future__ import annotations

import hashlib
import re
from html import unescape as unescape_entities
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import markdown
import nh3
from selectolax.lexbor import LexborHTMLParser
from markdown.extensions import Extension
from markdown.extensions.toc import (TocExtension, TocTreeprocessor, nest_toc_tokens, run_postprocessors, slugify_unicode,
                                     strip_tags, unescape, unique)
from markdown.serializers import BOOLEAN_ATTRIBUTES, HTML_EMPTY, _escape_attrib_html, _escape_cdata, _serialize_html
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

from gongkai.fields import resolve_path

EXTENSIONS = ["tables", "footnotes", "toc", "attr_list", "sane_lists"]
# No [TOC] marker: the page template shows the table of contents, and looking for the marker costs time.
CONFIGS = {"toc": {"slugify": slugify_unicode, "permalink": False, "marker": ""},
           "footnotes": {"BACKLINK_TITLE": "返回正文"}}
# Each inline pattern these extensions register needs one of these to match: ` \\ [ < & * _ or a line break.
INLINE_PATTERNS = {"backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference",
                   "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html", "entity",
                   "em_strong", "em_strong2", "not_strong"}
INLINE_TRIGGER = re.compile(r"[`\\\[<&*_]|  \n")

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


class _PlainTextInline(InlineProcessor):
    """Python-Markdown tries every inline pattern on every run of text; most text on a government page is
    plain Chinese prose that none of them can match, so it is passed over. The HTML is the same
    (tests/test_markup.py compares it with Python-Markdown's own processor)."""

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        # Every text in the tree is cut from the lines the block parser read: when none of them holds a
        # trigger, walking the tree (a sixth of a typical conversion) would change nothing.
        if INLINE_TRIGGER.search("\n".join(self.md.lines)):
            return super().run(tree, ancestors)
        return tree

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if patternIndex == 0 and not isinstance(data, AtomicString) and not INLINE_TRIGGER.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[attr-defined]


def _finder(chars: str) -> Callable[[str], re.Match | None]:
    """Finds one of the characters in a text: one search in C, where a generator over them took a tenth of
    a conversion (the block processors ask it about every block)."""
    return re.compile(f"[{re.escape(chars)}]").search


class _OnlyIf:
    """Run a pre- or treeprocessor only on bodies that contain one of the characters it acts on: on any
    other body it has nothing to do, yet it would walk the whole text or tree (tests/test_markup.py)."""

    def __init__(self, inner, chars: str, converter: "MarkdownConverter"):
        self.inner, self.holds, self.converter = inner, _finder(chars), converter

    def __getattr__(self, name):  # other processors use theirs (the inline HTML pattern reads unescape's RE)
        return getattr(self.inner, name)

    def run(self, data):
        return self.inner.run(data) if self.holds(self.converter.body) else data


# What each of them needs: attr_list a "{", unescape the "\\" of an escape, the raw-HTML block parser a tag
# (or an entity, which it also passes through).
ONLY_IF = {"treeprocessors": {"attr_list": "{", "unescape": "\\"}, "preprocessors": {"html_block": "<&"}}


_MARKED = re.compile("[&<>\x02\x03]")  # in a heading's text: it must be serialized to be read


class _Toc(TocTreeprocessor):
    """The headings' ids and list, as the toc extension makes them, without serializing a heading that is
    only text (most are) to read its text back: that and walking the tree twice took a sixth of a conversion.
    Any other heading, or any other setting, is left to the extension (tests/test_markup.py compares them)."""

    def run(self, doc: Element) -> None:
        used, headings = set(), []
        for el in doc.iter():
            if "id" in el.attrib:
                used.add(el.attrib["id"])
            tag = el.tag
            if isinstance(tag, str) and tag[:1] in "hH" and self.header_rgx.match(tag):
                if len(el) or el.attrib or _MARKED.search(el.text or ""):
                    return super().run(doc)
                headings.append(el)
        if self.use_anchors or self.use_permalinks not in (False, None):
            return super().run(doc)
        counters: dict[str, int] = {}
        tokens = []
        for el in headings:
            self.set_level(el)
            inner = run_postprocessors((el.text or "").strip(), self.md)
            name = strip_tags(inner)
            el.attrib["id"] = unique(self.slugify(unescape_entities(name), self.sep), used, counters)
            level = int(el.tag[-1])
            if self.toc_top <= level <= self.toc_bottom:
                tokens.append({"level": level, "id": unescape(el.attrib["id"]), "name": name, "html": inner,
                               "data-toc-label": ""})
        tokens = nest_toc_tokens(tokens)
        div = self.build_toc_div(tokens)
        if self.marker:
            self.replace_marker(doc, div)
        text = self.md.serializer(div)
        for postprocessor in self.md.postprocessors:
            text = postprocessor.run(text)
        self.md.toc_tokens, self.md.toc = tokens, text


class _BlockNeeds:
    """Try a block processor only on blocks that contain one of the characters it looks for: each is tried in
    turn on every block (a list item is a block too), and most search the whole block with a pattern."""

    def __init__(self, inner, chars: str):
        self.inner, self.holds = inner, _finder(chars)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def test(self, parent, block: str) -> bool:
        return self.holds(block) is not None and self.inner.test(parent, block)

    def run(self, parent, blocks: list[str]):
        # The reference and footnote processors accept every block in test() and decline in run().
        return self.inner.run(parent, blocks) if self.holds(blocks[0]) is not None else False


BLOCK_NEEDS = {"table": "|", "hashheader": "#", "setextheader": "=-", "hr": "-_*", "quote": ">", "reference": "[",
               "footnote": "["}


def _priority(registry, name: str) -> float:
    return next(item.priority for item in registry._priority if item.name == name)


class _Rewrite(Extension):
    def __init__(self, converter: "MarkdownConverter"):
        super().__init__()
        self.converter = converter

    def extendMarkdown(self, md):
        md.treeprocessors.register(_LinkRewriter(md, self.converter), "gongkai_links", 1)
        # Only when the patterns are those INLINE_TRIGGER was written for (a new Markdown version may add some).
        if sum(name in md.inlinePatterns for name in INLINE_PATTERNS) == len(md.inlinePatterns):
            md.treeprocessors.register(_PlainTextInline(md), "inline", 20)
        for kind, wanted in ONLY_IF.items():
            registry = getattr(md, kind)
            for item in list(registry._priority):
                if item.name in wanted:
                    registry.register(_OnlyIf(registry[item.name], wanted[item.name], self.converter), item.name,
                                      item.priority)
        blocks = md.parser.blockprocessors
        for item in list(blocks._priority):
            if item.name in BLOCK_NEEDS:
                blocks.register(_BlockNeeds(blocks[item.name], BLOCK_NEEDS[item.name]), item.name, item.priority)
        toc = next(extension for extension in md.registeredExtensions if isinstance(extension, TocExtension))
        md.treeprocessors.register(_Toc(md, toc.getConfigs()), "toc", _priority(md.treeprocessors, "toc"))
        # Pages list their headings from Rendered.toc: the extension's own <div class="toc"> is never shown.
        md.treeprocessors["toc"].build_toc_div = lambda toc_list: Element("div")


_BOOLEAN = BOOLEAN_ATTRIBUTES["html"]


def _write(write: Callable[[str], None], el: Element) -> None:
    """Python-Markdown's HTML serializer, recursive: its loop over a queue of elements and end tags was a fifth
    of a conversion. Comments and processing instructions (not str tags) are left to it."""
    tag = el.tag
    if type(tag) is str:
        if el.attrib:
            write(f"<{tag}")
            for key, value in sorted(el.attrib.items()):
                if value is None:
                    write(f" {key}")
                    continue
                value = _escape_attrib_html(value)
                write(f" {value}" if key == value and key in _BOOLEAN else f' {key}="{value}"')
            write(">")
        else:
            write(f"<{tag}>")
        low = tag.lower()
        if el.text:
            write(el.text if low == "script" or low == "style" else _escape_cdata(el.text))
        for child in el:
            _write(write, child)
        if low not in HTML_EMPTY:
            write(f"</{tag}>")
    elif tag is None:
        if el.text:
            write(_escape_cdata(el.text))
        for child in el:
            _write(write, child)
    else:
        return _serialize_html(write, el, "html")  # (it writes the tail)
    if el.tail:
        write(_escape_cdata(el.tail))


def to_html(root: Element) -> str:
    data: list[str] = []
    _write(data.append, root)
    return "".join(data)


class MarkdownConverter:
    """One Python-Markdown instance, reset between documents: setting up the extensions costs more than
    converting a typical page, and reset() clears every per-document state (footnotes, toc, ids)."""

    def __init__(self):
        self.body, self.body_line, self.token = "", 0, ""
        self.md = markdown.Markdown(extensions=EXTENSIONS + [_Rewrite(self)], extension_configs=CONFIGS,
                                    output_format="html")
        # Python-Markdown's "prettify" only adds line breaks between blocks for people reading the source;
        # it costs a sixth of the conversion, and browsers show the page the same without them.
        self.md.treeprocessors.deregister("prettify")
        self.md.serializer = to_html
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
        html = self.md.convert(body)
        if "<" in body:  # HTML in the body: the tree never held its links (a tenth of the time otherwise)
            for node in LexborHTMLParser(html).css("[href], [src]"):  # before the sanitizer drops what it forbids
                for name in ("href", "src"):
                    self.note_local(node.attributes.get(name) or "")
            html = self.pasted.clean(html)
        else:
            html = SANITIZER.clean(html)
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
