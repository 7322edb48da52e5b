"""One scan of every rendered page, shared by the output checks.

The pages are our own templates' output, so a few regular expressions over the tags find the links, ids,
meta tags and footer far faster than a full HTML parser (the checks run on every page of every build)."""

from __future__ import annotations

import functools
import html
import re
import sys
from dataclasses import dataclass, field

from gongkai.model.urls import page_url
from gongkai.render.views import Output

_HEAD_TAG = re.compile(r"<(base|meta)\b([^>]*)>", re.I)
_ATTR = re.compile(r'([a-zA-Z:-]+)\s*=\s*"([^"]*)"')
# An id (or name) after any whitespace HTML allows between attributes. A pattern that starts with a character
# class is slow to search for, so the one that starts with a space is tried first: it found them all if it
# found as many as there are.
_ID = re.compile(r' (?:id|name)="([^"]*)"')
_ID_AFTER_ANY_SPACE = re.compile(r'[ \t\n\f\r](?:id|name)="([^"]*)"')
_TEXT = re.compile(r"<[^>]+>")
# The address a tag leads to: href of a, link, area; src of img, script, source, iframe; action of form.
_LINK = re.compile(r'<(?:a|link|area)\b[^>]*?\shref\s*=\s*"([^"]*)"|<(?:img|script|source|iframe)\b[^>]*?\ssrc\s*=\s*"([^"]*)"'
                   r'|<form\b[^>]*?\saction\s*=\s*"([^"]*)"', re.I)


Targets = tuple[tuple[str, str, str], ...]  # (link, the site path it leads to, its anchor) of a run of links


def _unescape(value: str) -> str:
    return html.unescape(value) if "&" in value else value


@dataclass
class PageScan:
    origin: str  # the source file, for messages
    kind: str  # the output's kind (an article kind, or a list)
    links: list[str] = field(default_factory=list)
    runs: list[tuple[str, ...]] = field(default_factory=list)  # the links again: the page's own, then those of
    # each stretch it shares with others (header, footer), one tuple each: resolve_links works them out once
    ids: set[str] = field(default_factory=set)
    base: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    footer_text: str = ""
    footer_links: list[str] = field(default_factory=list)
    targets: list[Targets] | None = None  # set by checks.links.resolve_links, a run for each stretch
    external: list[str] = field(default_factory=list)
    checked: bool = False  # the page's own checks are done: only what the checks across pages need is kept

    def kept(self, url: str) -> PageScan:
        """What a later build that reuses this page unchanged must still check: its links into other pages'
        anchors (those pages may be rendered anew). Its other links lead where they led."""
        anchored = tuple(t for run in self.targets or () for t in run if t[2] and t[1] != url)
        return PageScan(self.origin, self.kind, ids=_shared(_id_tuple(self.ids)), targets=[anchored] if anchored else [],
                        external=_shared(tuple(self.external)), checked=True)  # type: ignore[arg-type]

    def slim(self, pool: dict) -> None:
        """Drop what only the page's own checks read, and keep what the checks across pages read once per
        value in `pool` (most links are the same navigation on every page): a county site's scans would
        otherwise fill memory. Pickled together, the scans of a chunk keep the sharing."""
        self.links, self.runs, self.meta, self.footer_text, self.footer_links = [], [], {}, "", []
        self.checked = True
        self.share(pool)

    def share(self, pool: dict) -> None:
        """Put the equal values of many scans (ids, links and where they lead) in one object each."""
        ids = _id_tuple(self.ids)
        self.ids = pool.setdefault(ids, ids)  # type: ignore[assignment]
        external = tuple(self.external)
        self.external = pool.setdefault(external, external)  # type: ignore[assignment]
        if self.targets is not None:
            self.targets = [self._pooled(run, pool) for run in self.targets]

    @staticmethod
    def _pooled(run: Targets, pool: dict) -> Targets:
        """A run many pages share is kept once; in a page's own run, each target many pages hold is (a list's
        links to a stylesheet, an item's to its section)."""
        found = pool.get(run)
        if found is None:
            found = tuple(pool.setdefault(target, target) for target in run)
            pool[found] = found
        return found


def _id_tuple(ids) -> tuple[str, ...]:
    """A page's ids as the checks across pages keep them: a sorted tuple is a ninth of a frozenset's size,
    and only the few links with an anchor look into it."""
    return ids if type(ids) is tuple else tuple(sorted(ids))


@functools.lru_cache(maxsize=4096)
def _shared(value):
    """One object for equal values: most pages have the same ids and external links (the header's, the
    footer's), and the records of a county site, pickled and read back, keep each only once per chunk."""
    return value


@dataclass(frozen=True)
class _Part:
    """What one stretch of a page holds: its ids, its links and its <base> and <meta> tags, in order."""

    ids: frozenset[str]
    links: tuple[str, ...]
    heads: tuple[tuple[str, dict[str, str]], ...]
    footer_text: str = ""  # for the stretch that starts at <footer


CHROME_KEPT = 512  # distinct stretches (and tags) remembered


@dataclass
class Chrome:
    """What the pages scanned so far share: the header and footer stretches around <main>, and the <meta>
    tags (most pages carry the same site-wide ones), each scanned once."""

    parts: dict[str, _Part] = field(default_factory=dict)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)

    def remember(self, memo: dict, text: str, make):
        found = memo.get(text)
        if found is None:
            found = make(text)
            if len(memo) >= CHROME_KEPT:  # a template that puts each page's own text there gets no use of it
                memo.clear()
            memo[text] = found
        return found

    def part(self, text: str) -> _Part:
        return self.remember(self.parts, text, self.scan)

    def scan(self, text: str) -> _Part:
        found = _ID.findall(text)
        if len(found) != text.count('id="') + text.count('name="'):
            found = _ID_AFTER_ANY_SPACE.findall(text)
        ids = frozenset(sys.intern(html.unescape(v) if "&" in v else v) for v in found)
        heads = tuple((tag.lower(), self.remember(self.tags, attributes, _attributes))
                      for tag, attributes in _HEAD_TAG.findall(text))
        links = tuple(_unescape(a or b or c) for a, b, c in _LINK.findall(text) if a or b or c)
        footer_text = ""
        if text.startswith("<footer"):
            footer = text[: text.find("</footer>")]
            footer_text = html.unescape(_TEXT.sub("", footer)) + " ".join(re.findall(r'alt="([^"]*)"', footer))
        return _Part(ids, links, heads, footer_text)


def _attributes(text: str) -> dict[str, str]:
    return {k.lower(): _unescape(v) for k, v in _ATTR.findall(text)}


def scan_page(output: Output, chrome: Chrome | None = None) -> PageScan:
    """Scan one page. Pages share their header (<body> up to <main>) and footer (from <footer>) with many
    others: given a `chrome` to remember them in, each distinct one is scanned once."""
    text = output.data.decode("utf-8") if output.text is None else output.text
    footer_at = text.find("<footer")
    footer_at = len(text) if footer_at < 0 else footer_at
    body_at, main_at = text.find("<body"), text.find("<main")
    chrome = Chrome() if chrome is None else chrome
    if 0 <= body_at <= main_at <= footer_at:
        parts = [chrome.scan(text[:body_at]), chrome.part(text[body_at:main_at]),
                 chrome.scan(text[main_at:footer_at]), chrome.part(text[footer_at:])]
        runs = [parts[0].links + parts[2].links, parts[1].links, parts[3].links]
    else:
        parts = [chrome.scan(text[:footer_at]), chrome.part(text[footer_at:])]
        runs = [parts[0].links, parts[1].links]
    scan = PageScan(output.origin, output.kind, runs=runs)
    scan.ids = set().union(*(part.ids for part in parts))  # most are on every page: interned, kept once
    for part in parts:
        scan.links += part.links
        for tag, attrs in part.heads:
            if tag == "base" and attrs.get("href"):
                scan.base = attrs["href"]
            elif tag == "meta" and "name" in attrs:
                scan.meta[attrs["name"]] = attrs.get("content", "")
    scan.footer_links = list(parts[-1].links)
    scan.footer_text = parts[-1].footer_text
    return scan


def is_page(output: Output) -> bool:
    """A page of the public site: the inspection's rules apply (the 编辑后台 is a tool, not a page)."""
    return output.out_path.suffix == ".html" and output.kind != "admin"


def scan_outputs(outputs: list[Output], done: dict[str, PageScan] | None = None) -> dict[str, PageScan]:
    """Scan every HTML output once (those the render workers scanned already are in `done`)."""
    scans = dict(done or {})
    chrome = Chrome()
    for output in outputs:
        if output.data is not None and is_page(output):
            url = page_url(output.out_path)
            if url not in scans:
                scans[url] = scan_page(output, chrome)
    return dict(sorted(scans.items()))
