"""What of a page the search index reads, cut out of the page as a page of its own.

Pagefind reads the marked body, the language, the title and the tags it takes meta and filters from; it
also takes the first image anywhere on the page as a result's picture (every page's footer badge). The
header, navigation and footer are a third of each page's bytes and of Pagefind's time. Indexing the cut-out
instead gives the same words, titles and filters, no footer badge, and is what search_digest covers."""

from __future__ import annotations

import functools
import hashlib
import re

# How a page marks the text the search index takes (base.html, for pages with search filters).
SEARCH_BODY = b" data-pagefind-body>"
SEARCH_OPEN = b"<main"
SEARCH_END = b"</main>"
SEARCH_TAGS = re.compile(rb"<html[^>]*>|<title>[^<]*</title>|<[^>]*\bdata-pagefind-[^>]*>")
HEAD_TAGS = (b"<title>", b"<meta ")  # what may stand outside the body: elements without text of their own
HEAD_END = b"</head>"


def search_copy(data: bytes) -> bytes | None:
    """The page as the search index reads it: its <html> tag, <head> with the title and the meta and filter
    tags, and the marked <main>. None when the page is laid out otherwise (a theme that marks another
    element, or takes a filter from an element's text outside it): such a page is indexed whole."""
    start = data.find(SEARCH_BODY)
    if start < 0 or data.find(SEARCH_BODY, start + 1) >= 0:
        return None
    opening = data.rfind(b"<", 0, start)
    end = data.find(SEARCH_END, start)
    if not data.startswith(SEARCH_OPEN, opening) or end < 0:
        return None
    end += len(SEARCH_END)
    head_end = data.find(HEAD_END, 0, opening)
    head_end = opening if head_end < 0 else head_end
    # The page's own <head>, then the header and navigation before the body and the footer after it: those
    # two are the same on many pages, and are searched for tags once each (most of a page's bytes).
    outside = SEARCH_TAGS.findall(data, 0, head_end) + _tags(data[head_end:opening]) + _tags(data[end:])
    html = [tag for tag in outside if tag.startswith(b"<html")]
    head = [tag for tag in outside if not tag.startswith(b"<html")]
    if len(html) != 1 or not all(tag.startswith(HEAD_TAGS) for tag in head):
        return None
    return b"".join((b"<!DOCTYPE html>\n", html[0], b"\n<head>\n", *(tag + b"\n" for tag in head),
                     b"</head>\n<body>\n", data[opening:end], b"\n</body>\n</html>\n"))


@functools.lru_cache(maxsize=1024)
def _tags(part: bytes) -> list[bytes]:
    """SEARCH_TAGS in a stretch of a page (the caller does not change the list)."""
    return SEARCH_TAGS.findall(part)


def search_digest(data: bytes) -> str:
    """Of what the search index reads of a page. Navigation around the body (the counts beside a column's
    tree, the newest items) changes on many pages when one item is added; it does not change their index,
    so the slices holding them are reused."""
    return searched(data)[1]


def searched(data: bytes) -> tuple[bytes | None, str]:
    """A page's search copy (None: it is indexed whole) and its search digest."""
    copy = search_copy(data)
    return copy, hashlib.sha256(data if copy is None else copy).hexdigest()
