"""A plan's content files: written from the parsed plan, merged with what editors added, and matched on a
re-import to the files of the last one (a task keeps its file and its references when others are inserted)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath

from ruamel.yaml import YAMLError

from gongkai.fields import resolve_path
from gongkai.plan_text import Node, Plan
from gongkai.plan_units import Units
from gongkai.yaml_edit import digest, join, load, plain, read_stamp, split, stamped, value

MARKER = "<!-- 以下为编辑补充，重新导入时保留 -->"
BODY = "正文"  # the text above MARKER, stamped and compared like a field


@dataclass(frozen=True)
class Change:
    path: Path
    action: str  # 新建 / 更新 / 不变 / 删除 / 保留 / 未改
    label: str


@dataclass(frozen=True)
class Conflict:
    """A field an editor changed since the last import, which the new document also changes: the editor's value
    is kept, and the import shows both."""
    path: Path
    field: str
    kept: str
    offered: str


def _first_sentence(text: str, limit: int = 80) -> str:
    """A summary ends where a sentence or clause does, never inside a word: 总体要求是……"""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。；;，,：:")
    return (text[:cut] if cut > limit // 3 else text[:limit]).rstrip("，,：:；;") + "……"


def _units(units: Units | None) -> dict:
    if units is None or not units.roles:
        return {}
    return {"units": [{"role": role, "names": list(names)} for role, names in units.roles], "units_text": units.text}


def _shown(data) -> str:
    data = plain(data)
    return "（空）" if data in (None, "", [], {}) else data if isinstance(data, str) else \
        json.dumps(data, ensure_ascii=False)


def _merge(path: Path, managed: dict, body: str) -> tuple[str | None, list[Conflict]]:
    """The file with the import's fields and text, keeping what editors added (other fields, comments, and all
    below MARKER). A managed field or text the editor changed since the last import (its digest no longer the
    stamped one) is kept too; when the new document changes it as well, that is a conflict, reported."""
    head, old_body = split(path.read_text("utf-8")) if path.is_file() else (None, "")
    stamp = read_stamp(head or "")
    try:
        data = load(head or "")
    except YAMLError:  # an editor's slip: the file is left as it is, to be mended first
        return None, [Conflict(path, "front-matter", "无法读取，文件没有改动", "改好这个文件的 front-matter 后再导入")]
    old_text, has_marker, kept_body = old_body.partition(MARKER)
    old_text = old_text.strip("\n") if head is not None else None
    conflicts: list[Conflict] = []
    new_stamp: dict[str, str] = {}
    for key, new in list(managed.items()) + [(BODY, body.strip("\n"))]:
        current = old_text if key == BODY else plain(data.get(key))
        edited = key in stamp and digest(current) != stamp[key]
        new_stamp[key] = digest(new)
        if edited:
            if new_stamp[key] != stamp[key] and plain(new) != current:
                conflicts.append(Conflict(path, key, _shown(current), _shown(new)))
        elif key == BODY:
            old_text = body.strip("\n")
        elif new in (None, "", [], {}):
            data.pop(key, None)
        elif plain(new) != current:  # an unchanged value keeps its node, and with it its quotes
            data[key] = value(new)
    text = stamped(new_stamp, data, (old_text or "") + "\n\n" + MARKER + (kept_body if has_marker else "\n"))
    return text, conflicts


def _heading(path: Path) -> tuple[str, str, str]:
    """The title and number a file of the last import has (empty when its front matter cannot be read), and the
    digest of the title that import gave it (an editor may have retitled it since)."""
    try:
        head = split(path.read_text("utf-8"))[0] or ""
        data = load(head)
    except (YAMLError, UnicodeDecodeError, ValueError):
        return "", "", ""
    return str(data.get("title") or ""), str(data.get("number") or ""), read_stamp(head).get("title", "")


def _match(titles: list[str], old: dict[Path, tuple[str, str, str]], at) -> list[Path]:
    """Each new part's path: the one of the same part in the last import (matched by title, or by the title that
    import wrote, not by position, so that a part inserted above it moves no editor's additions onto another),
    else the path at its position (`at(n)`) when no other part took it, else the next free one."""
    paths: list[Path | None] = [None] * len(titles)
    pairs = sorted(((1.0 if digest(title) == stamp else SequenceMatcher(None, title, was).ratio(), t, path)
                    for t, title in enumerate(titles) for path, (was, _, stamp) in old.items()), reverse=True)
    for ratio, t, path in pairs:
        if ratio >= 0.6 and paths[t] is None and path not in paths:
            paths[t] = path
    for t in range(len(paths)):
        n = t + 1
        while paths[t] is None:
            here = at(n)
            paths[t] = None if here in paths else here
            n += 1
    return paths


@dataclass(frozen=True)
class Placed:
    """Where each area and task of the new plan is written, what they were called in the last import, and the
    files of the last import no part of the new plan took."""
    areas: list[tuple[Node, Path, list[Path]]]  # area, its folder, its tasks' files
    was: dict[Path, tuple[str, str, str]]  # a folder or task file of the last import: (title, number, stamp) then
    dropped: list[Path]


def place(plan: Plan, folder: Path) -> Placed:
    old_areas = {d: _heading(d / "_index.md") for d in sorted(folder.iterdir()) if (d / "_index.md").is_file()} \
        if folder.is_dir() else {}
    dirs = _match([area.title for area in plan.areas], old_areas, lambda n: folder / str(n))
    areas, was, dropped = [], dict(old_areas), []
    for area, area_dir in zip(plan.areas, dirs):
        old = {path: _heading(path) for path in sorted(area_dir.glob("*.md")) if path.name != "_index.md"}
        tasks = _match([task.title for task in area.children], old, lambda n: area_dir / f"{n}.md")
        areas.append((area, area_dir, tasks))
        was |= old
        dropped += [path for path in old if path not in tasks]
    for area_dir in old_areas:
        if area_dir not in dirs:
            dropped += sorted(area_dir.glob("*.md"), key=lambda path: path.name != "_index.md")
    return Placed(areas, was, dropped)


def plan_files(plan: Plan, placed: Placed, folder: Path) -> tuple[dict[Path, str], list[Conflict]]:
    """Every file of the plan, merged with what is there; the conflicts found on the way."""
    files: dict[Path, str] = {}
    conflicts: list[Conflict] = []

    def merge(path: Path, managed: dict, body: list[str]) -> None:
        text, found = _merge(path, managed, "\n\n".join(body))
        conflicts.extend(found)
        if text is not None:
            files[path] = text

    summary = _first_sentence(plan.opening[0]) if plan.opening else plan.title
    merge(folder / "_index.md", {"title": plan.title, "kind": "plan", "year": plan.year, "summary": summary},
          plan.opening + plan.closing)
    for weight, (area, area_dir, paths) in enumerate(placed.areas, start=1):
        merge(area_dir / "_index.md", {"title": area.title, "kind": "area", "number": area.number,
                                       "weight": weight}, area.text)
        for task, path in zip(area.children, paths):
            subtasks = [{"number": int(sub.number) if sub.number.isdigit() else sub.number, "title": sub.title} | ({"text": " ".join(sub.text)} if sub.text else {})
                        | _units(sub.units) for sub in task.children]
            merge(path, {"title": task.title, "number": int(task.number) if task.number.isdigit() else f"（{task.number}）",
                         "units": None, "units_text": None} | _units(task.units)
                  | {"deadline": task.units.deadline if task.units else None, "subtasks": subtasks}, task.text)
    return files, conflicts


def _bare(number: str) -> str:
    return number.strip("（）()")


def renumbered_references(root: Path, folder: Path, plan: Plan, placed: Placed) -> tuple[dict[Path, str], list[Conflict]]:
    """Items that name a task by number (plan_task: 2019-二-三), rewritten where the task's (or its area's) number
    changed in this import, so that each stays with its task; an item whose front matter cannot be read is
    reported instead."""
    moved = {}
    for area, area_dir, paths in placed.areas:
        was_area = placed.was.get(area_dir, ("", area.number, ""))[1] or area.number
        for task, path in zip(area.children, paths):
            if path in placed.was:
                before = f"{plan.year}-{was_area}-{_bare(placed.was[path][1])}"
                if before != (after := f"{plan.year}-{area.number}-{task.number}"):
                    moved[before] = after
    files: dict[Path, str] = {}
    conflicts: list[Conflict] = []
    named = re.compile(r"^plan_task: *[\"']?(" + "|".join(map(re.escape, moved)) + r")[\"']? *(#.*)?$", re.M)
    for path in sorted((root / "content").rglob("*.md")) if moved else ():
        text = path.read_text("utf-8", errors="replace")
        if path.is_relative_to(folder) or not (found := named.search(text)):
            continue
        head, body = split(text)
        try:
            data = load(head or "")
        except YAMLError:
            conflicts.append(Conflict(path, "plan_task", "front-matter 无法读取，没有改动", moved[found.group(1)]))
            continue
        data["plan_task"] = value(moved[found.group(1)])
        files[path] = join(data, body)
    return files, conflicts


def cited_tasks(root: Path, folder: Path) -> set[str]:
    """The task files (inside content/) that items outside the plan name by path (plan_task: ../gzyd/2019/1/3.md)."""
    found = set()
    for path in (root / "content").rglob("*.md"):
        if not path.is_relative_to(folder):
            where = PurePosixPath(path.relative_to(root / "content").as_posix()).parent
            text = path.read_text("utf-8", errors="replace")
            for ref in re.findall(r"^plan_task: *[\"']?(\S+?\.md)[\"']? *(?:#.*)?$", text, re.M):
                target = resolve_path(where, ref)
                found.add(target.as_posix() if target else ref)
    return found
