"""Shortcuts through Python-Markdown: the HTML it makes, with less work.

Each stands in for one of its processors (or its serializer) and passes over work that cannot change the
result on the text at hand, handing anything else to the processor itself. tests/test_markup.py converts the
example site and random Markdown both ways and compares the results byte for byte."""

from __future__ import annotations

import re
from html import unescape as unescape_entities
from typing import Callable
from xml.etree.ElementTree import Element

from markdown.blockparser import BlockParser
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import (TocExtension, TocTreeprocessor, nest_toc_tokens, run_postprocessors, strip_tags,
                                     unescape, unique)
from markdown.serializers import BOOLEAN_ATTRIBUTES, HTML_EMPTY, _escape_attrib_html, _escape_cdata, _serialize_html
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# Each inline pattern these extensions register needs one of these to match: ` \\ [ < & * _ or a line break.
INLINE_PATTERNS = {"backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference",
                   "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html", "entity",
                   "em_strong", "em_strong2", "not_strong"}
INLINE_TRIGGER = re.compile(r"[`\\\[<&*_]|  \n")


def install(md, body: Callable[[], str]) -> None:
    """Put the shortcuts in place of the processors of `md` they stand for; `body` gives the text being converted."""
    # Only when the patterns are those INLINE_TRIGGER was written for (a new Markdown version may add some).
    if sum(name in md.inlinePatterns for name in INLINE_PATTERNS) == len(md.inlinePatterns):
        md.treeprocessors.register(_PlainTextInline(md), "inline", 20)
    for kind, wanted in ONLY_IF.items():
        registry = getattr(md, kind)
        for item in list(registry._priority):
            if item.name in wanted:
                registry.register(_OnlyIf(registry[item.name], wanted[item.name], body), item.name, item.priority)
    if type(md.parser) is BlockParser:  # (the processors hold the parser: it stays the same object)
        md.parser.__class__ = _Blocks
    blocks = md.parser.blockprocessors
    if type(blocks["table"]) is TableProcessor:
        blocks.register(_Table(md.parser, blocks["table"].config), "table", _priority(blocks, "table"))
    for item in list(blocks._priority):
        if item.name in BLOCK_NEEDS:
            blocks.register(_BlockNeeds(blocks[item.name], BLOCK_NEEDS[item.name]), item.name, item.priority)
    toc = next(extension for extension in md.registeredExtensions if isinstance(extension, TocExtension))
    md.treeprocessors.register(_Toc(md, toc.getConfigs()), "toc", _priority(md.treeprocessors, "toc"))
    # Pages list their headings from Rendered.toc: the extension's own <div class="toc"> is never shown.
    md.treeprocessors["toc"].build_toc_div = lambda toc_list: Element("div")
    # Markdown() picks its serializer from output_formats after the extensions are in: this instance's own.
    md.output_formats = {**md.output_formats, "html": to_html}


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

    def __init__(self, inner, chars: str, body: Callable[[], str]):
        self.inner, self.holds, self.body = inner, _finder(chars), body

    def __getattr__(self, name):  # other processors use theirs (the inline HTML pattern reads unescape's RE)
        return getattr(self.inner, name)

    def run(self, data):
        return self.inner.run(data) if self.holds(self.body()) else data


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


class _Blocks(BlockParser):
    """Python-Markdown's block parser, stepping through the block processors as listed once a document: its
    loop asked the registry for them again for every block, and the registry makes a sorted copy each time."""

    listed: tuple = ()

    def parseDocument(self, lines):
        self.listed = tuple(self.blockprocessors)
        try:
            return super().parseDocument(lines)
        finally:
            self.listed = ()  # (an extension that parses a chunk later lists them anew)

    def parseBlocks(self, parent: Element, blocks: list[str]) -> None:
        listed = self.listed or tuple(self.blockprocessors)
        while blocks:
            for processor in listed:
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break


class _Table(TableProcessor):
    """The tables extension's processor. A row with no backtick or backslash (most rows) splits at every pipe:
    that is what its scan for code spans and escaped pipes finds in it, one match at a time."""

    def _split(self, row: str) -> list[str]:
        return row.split("|") if "`" not in row and "\\" not in row else super()._split(row)


def _priority(registry, name: str) -> float:
    return next(item.priority for item in registry._priority if item.name == name)


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
