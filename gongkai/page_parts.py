"""Small values inside front-matter fields: attachments, the units of a plan task, leaders, sub-tasks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Attachment:
    """A file published with a document, kept beside its Markdown file."""

    src_path: PurePosixPath  # inside content/
    title: str


@dataclass(frozen=True)
class Unit:
    """A unit named in a plan task: an organ or a declared group of organs."""

    name: str  # as the source words it
    organ_id: str = ""
    group: str = ""


@dataclass(frozen=True)
class UnitRole:
    """Units of one role (牵头单位, 责任单位, 配合单位, 分工负责, 未标注) as the source lists them."""

    role: str
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Leader:
    name: str
    title: str
    duties: str = ""


@dataclass(frozen=True)
class SubTask:
    """The third level of a plan (1. 2. … under a task), with its own units when the source names them."""

    number: str
    title: str
    text: str
    units: tuple[UnitRole, ...]
    units_text: str
