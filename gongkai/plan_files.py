"""A plan's content files: written from the parsed plan, merged with what editors added, and matched on a
re-import to the files of the last one (a task keeps its file and its references when others are inserted)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gongkai.fields import resolve_path
from gongkai.load import yaml_text
from gongkai.plan_text import Node, Plan
from gongkai.plan_units import Units

MARKER = "<!-- 以下为编辑补充，重新导入时保留 -->"


@dataclass(frozen=True)
class Change:
    path: Path
    action: str  # 新建 / 更新 / 不变
    label: str


def _front_matter(pairs: list[tuple[str, str]]) -> list[str]:
    return [f"{k}: {v}" for k, v in pairs]


def _units_yaml(units: Units | None, indent: str = "") -> list[str]:
    if units is None or not units.roles:
        return []
    lines = [f"{indent}units:"]
    for role, names in units.roles:
        lines.append(f"{indent}  - role: {role}")
        lines.append(f"{indent}    names: [{', '.join(yaml_text(n) for n in names)}]")
    lines.append(f"{indent}units_text: {yaml_text(units.text)}")
    return lines


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Front-matter lines grouped by top-level key (a key line and its indented continuation)."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        if line and not line[0].isspace() and not line.startswith("- "):
            blocks.append((line.split(":", 1)[0].strip(), [line]))
        elif blocks:
            blocks[-1][1].append(line)
    return blocks


def _merge(path: Path, managed: list[str], managed_keys: set[str], body: str) -> str:
    """New managed fields and text; keep what editors added (other fields, in place, and all below MARKER)."""
    new = dict(_blocks(managed))
    head: list[str] = []
    kept_body = "\n"
    if path.is_file():
        old = path.read_text("utf-8")
        if old.startswith("---\n") and "\n---\n" in old[4:]:
            old_head, _, old_body = old[4:].partition("\n---\n")
            for key, lines in _blocks(old_head.split("\n")):
                if key in managed_keys:
                    head += new.pop(key, [])
                else:
                    head += lines
            if MARKER in old_body:
                kept_body = old_body.split(MARKER, 1)[1]
    for lines in new.values():  # managed fields the file did not have yet, in their usual order
        head += lines
    return "---\n" + "\n".join(head) + "\n---\n" + body.rstrip("\n") + "\n\n" + MARKER + kept_body


TASK_KEYS = {"title", "number", "units", "units_text", "subtasks", "deadline"}
AREA_KEYS = {"title", "kind", "number", "weight"}
PLAN_KEYS = {"title", "kind", "year", "summary"}


def _existing_tasks(area_dir: Path) -> dict[Path, tuple[str, str]]:
    """The task files an earlier import (and the editors) left in an area folder: path → (title, number)."""
    found = {}
    for path in sorted(area_dir.glob("*.md")) if area_dir.is_dir() else ():
        if path.name == "_index.md":
            continue
        head = path.read_text("utf-8").split("\n---\n", 1)[0]
        title = re.search(r"^title: *(.*)$", head, re.M)
        number = re.search(r"^number: *(.*)$", head, re.M)
        found[path] = ((title.group(1) if title else "").strip('"'), (number.group(1) if number else "").strip('"'))
    return found


def task_paths(area: Node, area_dir: Path) -> tuple[list[Path], dict[Path, tuple[str, str]]]:
    """Each new task's file: the file of the same task in the last import (matched by title, not by position,
    so that a task inserted above it does not move an editor's additions onto another task), else the file at
    its position when that one's task is gone, else a new one; and the old files no task took."""
    from difflib import SequenceMatcher

    old = _existing_tasks(area_dir)
    paths: list[Path | None] = [None] * len(area.children)
    pairs = sorted(((SequenceMatcher(None, task.title, title).ratio(), t, path)
                    for t, task in enumerate(area.children) for path, (title, _) in old.items()), reverse=True)
    for ratio, t, path in pairs:
        if ratio >= 0.6 and paths[t] is None and path not in paths:
            paths[t] = path
    for t in range(len(paths)):
        n = t + 1
        while paths[t] is None:  # its position's file, when no other task took it (its own task renamed)
            here = area_dir / f"{n}.md"
            paths[t] = None if here in paths else here
            n += 1
    return paths, {path: old[path] for path in old if path not in paths}


def plan_files(plan: Plan, folder: Path) -> dict[Path, str]:
    files: dict[Path, str] = {}
    summary = plan.opening[0][:80] if plan.opening else plan.title
    managed = _front_matter([("title", yaml_text(plan.title)), ("kind", "plan"), ("year", str(plan.year)),
                             ("summary", yaml_text(summary))])
    body = "\n\n".join(plan.opening + plan.closing)
    files[folder / "_index.md"] = _merge(folder / "_index.md", managed, PLAN_KEYS, body)
    for a, area in enumerate(plan.areas, start=1):
        area_dir = folder / str(a)
        managed = _front_matter([("title", yaml_text(area.title)), ("kind", "area"), ("number", area.number),
                                 ("weight", str(a))])
        files[area_dir / "_index.md"] = _merge(area_dir / "_index.md", managed, AREA_KEYS, "\n\n".join(area.text))
        for task, path in zip(area.children, task_paths(area, area_dir)[0]):
            number = task.number if task.number.isdigit() else f"（{task.number}）"
            managed = _front_matter([("title", yaml_text(task.title)), ("number", number)])
            managed += _units_yaml(task.units)
            if task.units and task.units.deadline:
                managed.append(f"deadline: {yaml_text(task.units.deadline)}")
            if task.children:
                managed.append("subtasks:")
                for sub in task.children:
                    managed.append(f"  - number: \"{sub.number}\"")
                    managed.append(f"    title: {yaml_text(sub.title)}")
                    if sub.text:
                        managed.append(f"    text: {yaml_text(' '.join(sub.text))}")
                    managed += _units_yaml(sub.units, "    ")
            files[path] = _merge(path, managed, TASK_KEYS, "\n\n".join(task.text))
    return files


def _bare(number: str) -> str:
    return number.strip("（）()")


def renumbered_references(root: Path, folder: Path, plan: Plan) -> dict[Path, str]:
    """Items that name a task by number (plan_task: 2019-二-三), rewritten where the task's number changed in
    this import, so that each stays with its task."""
    moved = {}
    for a, area in enumerate(plan.areas, start=1):
        old = _existing_tasks(folder / str(a))
        for task, path in zip(area.children, task_paths(area, folder / str(a))[0]):
            if path in old and _bare(old[path][1]) != task.number:
                moved[f"{plan.year}-{area.number}-{_bare(old[path][1])}"] = f"{plan.year}-{area.number}-{task.number}"
    files = {}
    if moved:
        pattern = re.compile(r"^(plan_task: *)(" + "|".join(map(re.escape, moved)) + r") *$", re.M)
        for path in sorted((root / "content").rglob("*.md")):
            text = path.read_text("utf-8", errors="replace")
            if "plan_task:" in text and not path.is_relative_to(folder) and pattern.search(text):
                files[path] = pattern.sub(lambda m: m.group(1) + moved[m.group(2)], text)
    return files


def cited_tasks(root: Path, folder: Path) -> set[str]:
    """The task files (inside content/) that items outside the plan name by path (plan_task: ../gzyd/2019/1/3.md)."""
    found = set()
    for path in (root / "content").rglob("*.md"):
        if not path.is_relative_to(folder):
            where = PurePosixPath(path.relative_to(root / "content").as_posix()).parent
            for ref in re.findall(r"^plan_task: *(\S+\.md) *$", path.read_text("utf-8", errors="replace"), re.M):
                target = resolve_path(where, ref)
                found.add(target.as_posix() if target else ref)
    return found
