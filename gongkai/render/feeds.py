"""Atom 1.0 feeds: the whole site and every column with dated items. Dates carry +08:00."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from gongkai.model.site import Page
from gongkai.model.urls import absolute, feed_url

FEED_SIZE = 50


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str  # absolute
    published: str
    updated: str
    author: str
    summary: str


@dataclass(frozen=True)
class FeedView:
    title: str
    subtitle: str
    url: str  # absolute URL of the column page
    self_url: str  # absolute URL of the feed
    updated: str
    author: str
    entries: tuple[FeedEntry, ...]


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S+08:00")


def feed_view(title: str, subtitle: str, page_url: str, pages: tuple[Page, ...], base_url: str,
              site_name: str) -> FeedView | None:
    """A feed of the newest dated pages; None when nothing dated is there to announce."""
    dated = [p for p in pages if p.meta.published is not None][:FEED_SIZE]
    if not dated:
        return None
    entries = tuple(FeedEntry(
        p.title, absolute(p.url, base_url), stamp(p.meta.published), stamp(p.meta.updated or p.meta.published),
        p.meta.organ.name if p.meta.organ else site_name, p.meta.summary) for p in dated)
    updated = max(e.updated for e in entries)
    return FeedView(title, subtitle, absolute(page_url, base_url), absolute(feed_url(page_url), base_url), updated,
                    site_name, entries)
