"""Front-matter of a section's _index.md, by the kind of section: plans, areas, the guide, topics, enforcement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
    update: str = ""  # freshness category; "" takes the default of the kind of content the section holds
    placeholder_text: str = ""  # why an empty column is empty (only then is it allowed to be)


@dataclass(frozen=True, kw_only=True)
class PlanMeta(SectionMeta):
    """A year's 政务公开工作要点: the _index.md of a plan folder."""

    year: int
    issued: date | None = None
    doc_no: str = ""
    issuer: Organ | None = None
    source: PurePosixPath | None = None  # the catalogue item that published the plan
    counts_from: date | None = None  # items count toward its tasks from this day (default: issued, else 1 January)
    counts_until: date | None = None  # … until this day (default: 31 December of the year)

    @property
    def window(self) -> tuple[date, date]:
        return (self.counts_from or self.issued or date(self.year, 1, 1),
                self.counts_until or date(self.year, 12, 31))


@dataclass(frozen=True, kw_only=True)
class AreaMeta(SectionMeta):
    """One of a plan's areas (一、二、…): the _index.md of an area folder."""

    number: str


@dataclass(frozen=True, kw_only=True)
class GuideMeta(SectionMeta):
    """政府信息公开指南: the elements Art. 12 and the application rules require."""

    updated: date
    office_name: str
    address: str
    hours: str
    phone: str
    fax: str
    email: str
    web_contact: str = ""
    classification: str
    how_to_obtain: str
    apply_how: str
    apply_contents: str
    time_limits: str
    fees: str
    remedies: str


@dataclass(frozen=True, kw_only=True)
class TopicMeta(SectionMeta):
    """A 专题专栏: its folder's items and any item that names it in `columns`."""

    start: date | None = None
    end: date | None = None  # after this day the column moves to 往期专题


@dataclass(frozen=True, kw_only=True)
class EnforcementMeta(SectionMeta):
    """An enforcing organ's 行政执法公示 folder: 事前 data from content/_data, 事后 decisions inside."""

    organ: Organ
