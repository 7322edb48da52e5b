"""政策文件库: every policy document of the site in one library, browsable without JavaScript by state (现行有效,
已废止/已失效), issuing organ, year and 文种, with a 文号 index; and each document's 有效性 history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from gongkai.documents import PolicyMeta
from gongkai.model.catalogue import View  # a shelf is a view of the library, as a browse view is of the catalogue
from gongkai.problems import Problems

STATES = (("xxyx", "现行有效"), ("fzsx", "已废止、已失效和已修改"))
GENRES = (("gz", "规章"), ("gfxwj", "行政规范性文件"), ("qtwj", "其他文件"))
FOLDERS = {"state": "", "organ": "jg", "year": "nf", "genre": "wz"}
INDEX_FOLDER = "wh"  # the 文号 index
RESERVED = {folder for folder, _ in STATES} | {f for f in FOLDERS.values() if f} | {INDEX_FOLDER}
FACET_TITLES = {"state": "按有效性", "genre": "按文种", "organ": "按发文机关", "year": "按年份"}
DOC_NO = re.compile(r"^(?P<prefix>.+?)〔(?P<year>\d{4})〕(?P<number>\d+)号$")


@dataclass(frozen=True)
class Event:
    """A step in a document's 有效性 history."""

    day: date
    what: str  # 成文, 发布, 施行; 废止, 失效, 已修改 (its own end); 废止, 替代, 修改 (another's, by this one)
    other: PurePosixPath | None = None  # the document that ended or changed it, or that it ended
    ends_this: bool = False  # the event is this document's own end (其他 is then what replaces it)


@dataclass(frozen=True)
class Library:
    root: str  # the section holding the library ("" when the site has no policy section)
    url: str
    pages: tuple  # every published policy, newest first
    shelves: tuple[View, ...]
    history: dict[PurePosixPath, tuple[Event, ...]]
    index_url: str

    def facet(self, name: str) -> tuple[View, ...]:
        return tuple(s for s in self.shelves if s.facet == name)


def build_library(sections: dict, pages: tuple, problems: Problems) -> Library:
    policies = tuple(p for p in pages if isinstance(p.meta, PolicyMeta))
    roots = sorted((s for s in sections.values() if s.kind == "policy" and s.path
                    and not (s.parent and sections[s.parent].kind == "policy")), key=lambda s: (s.path.count("/"), s.path))
    if not roots:
        return Library("", "/", policies, (), {}, "/")
    root = roots[0]
    _check_reserved(root, sections, problems)
    url = root.url
    shelves = [View("state", key, label, f"{url}{key}/",
                     tuple(p for p in policies if (p.meta.validity == "有效") == (key == "xxyx"))) for key, label in STATES]
    shelves += [View("genre", key, label, f"{url}wz/{key}/", tuple(p for p in policies if p.meta.doc_type == label))
                for key, label in GENRES]
    organs = {}
    for page in policies:
        if page.meta.organ is not None:
            organs.setdefault(page.meta.organ.id, page.meta.organ)
    for organ_id, organ in sorted(organs.items(), key=lambda o: o[1].code):
        shelves.append(View("organ", organ_id, organ.name, f"{url}jg/{organ_id}/",
                             tuple(p for p in policies if p.meta.organ is not None and p.meta.organ.id == organ_id)))
    for year in sorted({p.meta.created.year for p in policies}, reverse=True):
        shelves.append(View("year", str(year), f"{year}年", f"{url}nf/{year}/",
                             tuple(p for p in policies if p.meta.created.year == year)))
    return Library(root.path, url, policies, tuple(s for s in shelves if s.pages or s.facet == "state"),
                   _history(policies), f"{url}{INDEX_FOLDER}/")


def _history(policies: tuple) -> dict[PurePosixPath, tuple[Event, ...]]:
    """成文, 发布, 施行, then what ended or changed it; a document that names another in superseded_by is told on both."""
    ended_by: dict[PurePosixPath, list] = {}
    for page in policies:
        if page.meta.superseded_by is not None:
            ended_by.setdefault(page.meta.superseded_by, []).append(page)
    history = {}
    for page in policies:
        meta = page.meta
        events = [Event(meta.created, "成文"), Event(meta.published.date(), "发布")]
        if meta.effective_from:
            events.append(Event(meta.effective_from, "施行"))
        for earlier in ended_by.get(page.doc.src_path, ()):
            verb = {"废止": "废止", "失效": "替代", "已修改": "修改"}.get(earlier.meta.validity, "替代")
            events.append(Event(earlier.meta.repealed_on or meta.effective_from or meta.published.date(), verb,
                                earlier.doc.src_path))
        if meta.validity != "有效":
            day = meta.repealed_on or (meta.updated.date() if meta.updated else None)
            events.append(Event(day or meta.published.date(), meta.validity, meta.superseded_by, ends_this=True))
        history[page.doc.src_path] = tuple(sorted(events, key=lambda e: e.day))
    return history


def doc_no_key(doc_no: str) -> tuple:
    """荣府发〔2019〕12号 sorts by 代字, then year, then number as a number (2 before 12)."""
    found = DOC_NO.match(doc_no)
    return (found["prefix"], int(found["year"]), int(found["number"])) if found else (doc_no, 0, 0)


def _check_reserved(root, sections: dict, problems: Problems) -> None:
    for child in root.children:
        name = child.rpartition("/")[2]
        if name in RESERVED:
            problems.error("GK332", sections[child].index.label, 0,
                           f"栏目文件夹名“{name}”已用于政策文件库的浏览页",
                           f"把 content/{child}/ 改为其他名称，例如 {name}xx")
