"""Pages a template edit leaves as they were.

When content/ and site.yml are what the last build modelled (cache.Model), a page can only change through
its templates. A rebuild then re-renders the pages whose template, or anything it extends, includes or
imports, changed; every other page is hard-linked from the last site with the scan the output checks read."""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta

from gongkai.checks.html import PageScan
from gongkai.render.views import Output

RECORD = "pages.pickle"
Task = tuple[str, object]  # ("page", index), ("section", path), ("view", index): see Renderer.render_all


@dataclass(frozen=True)
class TaskRecord:
    """What one render task made: its outputs (as written) and what the output checks still need of them.
    (Rendering reports only errors, and a build with errors keeps no record.)"""

    templates: frozenset[str]  # the templates it rendered (not those they pull in)
    outputs: tuple[Output, ...]
    scans: dict[str, PageScan]


def template_digests(root: Path) -> dict[str, str]:
    folder = root / "templates"
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.relative_to(folder).parts[0] != "static"}


def reusable(folder: Path, model: str, current: dict[str, str], env: jinja2.Environment) -> dict[Task, TaskRecord]:
    """The tasks of the last build whose pages this build would render byte for byte the same, given the
    templates' digests now. The caller makes sure the site on disk is the one that build wrote."""
    try:
        with open(folder / RECORD, "rb") as handle:
            last_model, templates, used = pickle.load(handle)
            if last_model != model or set(current) != set(templates):
                return {}  # (a template added or removed can change which one a page uses)
            changed = {name for name, digest in current.items() if templates[name] != digest}
            untouched = {name for name in used if not _touched(env, name, changed)}
            if not untouched:
                return {}
            tasks = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return {}
    return {task: record for task, record in tasks.items() if record.templates <= untouched}


def _touched(env: jinja2.Environment, name: str, changed: set[str]) -> bool:
    found = _closure(env, name)
    return found is None or bool(found & changed)


def _closure(env: jinja2.Environment, name: str) -> frozenset[str] | None:
    """The template and all it extends, includes or imports; None if one of those is chosen at render time."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0]  # type: ignore[union-attr]
            references = list(meta.find_referenced_templates(env.parse(source)))
        except (jinja2.TemplateError, OSError):
            return None
        if any(ref is None for ref in references):
            return None
        todo += references
    return frozenset(seen)


def link_outputs(record: TaskRecord, previous: Path, staging: Path) -> bool:
    """Hard-link a task's files from the last site into the staging folder (copying where links are not
    possible); False if one is missing, and the task is rendered instead."""
    made: list[Path] = []
    try:
        for output in record.outputs:
            source, target = previous / output.out_path, staging / output.out_path
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except FileNotFoundError:
                raise
            except OSError:  # no hard links on this file system
                target.write_bytes(source.read_bytes())
            made.append(target)
    except OSError:
        for target in made:  # rendering writes these paths, and must not write through a link into the old site
            target.unlink(missing_ok=True)
        return False
    return True


def pack_last_pages(model: str, templates: dict[str, str], tasks: dict[Task, TaskRecord]) -> bytes:
    """Pickled as soon as rendering ends, so the records do not sit in memory beside the search indexer.
    The head (what reusable() needs to decide) comes first, so a base template's edit reads no further."""
    used = frozenset(name for record in tasks.values() for name in record.templates)
    return (pickle.dumps((model, templates, used), protocol=pickle.HIGHEST_PROTOCOL)
            + pickle.dumps(tasks, protocol=pickle.HIGHEST_PROTOCOL))


def save_last_pages(folder: Path, packed: bytes) -> None:
    path = folder / RECORD
    try:
        if not packed:
            path.unlink(missing_ok=True)
            return
        tmp = folder / f"{RECORD}.{os.getpid()}"
        tmp.write_bytes(packed)
        os.replace(tmp, path)
    except OSError:
        pass  # the cache only saves time; a build never fails for it
