"""Frozen dataclasses for each content kind's front-matter, and the validated Document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

from gongkai.config import Organ


@dataclass(frozen=True, kw_only=True)
class SectionMeta:
    """Front-matter of a section's _index.md (and of the home page, content/_index.md)."""

    title: str
    nav_title: str = ""
    summary: str = ""
    weight: int = 0
    template: str | None = None


@dataclass(frozen=True, kw_only=True)
class PageMeta:
    """Fields every content kind shares."""

    title: str
    kind: str | None = None
    draft: bool = False
    published: datetime | None = None
    updated: datetime | None = None
    expires: date | None = None
    slug: str | None = None
    template: str | None = None
    summary: str = ""
    keywords: tuple[str, ...] = ()
    organ: Organ | None = None
    source: str = ""
    author: str = ""
    weight: int = 0


@dataclass(frozen=True, kw_only=True)
class NewsMeta(PageMeta):
    """政务动态: dated news from an organ."""


@dataclass(frozen=True, kw_only=True)
class NoticeMeta(PageMeta):
    """通知公告: dated notices from an organ."""


@dataclass(frozen=True, kw_only=True)
class ItemMeta(PageMeta):
    """法定主动公开内容: a catalogue item with the standard disclosure metadata."""

    index_no: str
    topic: str
    created: date
    doc_no: str = ""
    validity: str = "有效"
    superseded_by: PurePosixPath | None = None
    genre: str = ""


KIND_META: dict[str, type[PageMeta]] = {
    "page": PageMeta,
    "news": NewsMeta,
    "notice": NoticeMeta,
    "item": ItemMeta,
}

KIND_LABELS = {
    "section": "栏目",
    "home": "首页",
    "page": "页面",
    "news": "政务动态",
    "notice": "通知公告",
    "item": "主动公开信息",
}


@dataclass(frozen=True)
class Document:
    """A validated content file: its kind, typed front-matter and Markdown body."""

    src_path: PurePosixPath  # inside content/
    label: str  # path shown in messages, e.g. content/zwdt/a.md
    section: str  # folder inside content/, POSIX; "" for the root
    kind: str  # a KIND_META key, or "section" for an _index.md
    meta: PageMeta | SectionMeta
    body: str
    body_line: int
    lines: dict[str, int]  # front-matter key -> line, for messages about cross-file problems

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def is_index(self) -> bool:
        return self.src_path.name == "_index.md"

    @property
    def title(self) -> str:
        return self.meta.title
