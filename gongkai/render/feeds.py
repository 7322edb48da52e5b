"""Atom 1.0 feeds: the whole site and every column with dated items, dates with the site's UTC offset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from gongkai.config import SiteConfig
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


def stamp(when: datetime, zone: tzinfo) -> str:
    """A date-time as written in content (the site's local time), with its offset: 2019-07-26T17:30:00+08:00."""
    return when.replace(tzinfo=zone).isoformat(timespec="seconds")


def feed_view(title: str, subtitle: str, page_url: str, pages: tuple[Page, ...], config: SiteConfig) -> FeedView | None:
    """A feed of the newest dated pages; None when nothing dated is there to announce."""
    dated = [p for p in pages if p.meta.published is not None][:FEED_SIZE]
    if not dated:
        return None
    base, zone, name = config.base_url, config.zone, config.name
    entries = tuple(FeedEntry(
        p.title, absolute(p.url, base), stamp(p.meta.published, zone), stamp(p.meta.updated or p.meta.published, zone),
        p.meta.organ.name if p.meta.organ else name, p.meta.summary) for p in dated)
    updated = stamp(max(p.meta.updated or p.meta.published for p in dated), zone)
    return FeedView(title, subtitle, absolute(page_url, base), absolute(feed_url(page_url), base), updated, name,
                    entries)
