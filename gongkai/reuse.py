"""Pages an edit leaves as they were.

When content/ and site.yml are what the last build modelled (cache.Model), a page can only change through
its templates: a rebuild re-renders the pages whose template, or anything it extends, includes or imports,
changed. When only the bodies of some articles changed, only their pages are rendered again (a body is read
by its own page alone, see model.site.BODY_READ_BY_MODEL). Those tasks are taken whole, without building
their views. After any other edit (a new item, a front-matter field) a single page is taken whole when what
it is rendered from but its Markdown (Renderer.page_inputs: its document, the frame of its view, its template)
is as it was and its Markdown's links lead where they did (Renderer.links_hold); any other page's view is built,
and a list page whose key (Renderer.output_key: its template, its context, site.yml, gongkai) is one the last
build rendered under is taken over too (LastOutputs; a single page's output is keyed by its inputs). Every page
taken is hard-linked from the last site, with the scan the output checks still read."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Callable

import jinja2

from gongkai.cache import Stats, is_template, load_model, tool_digest
from gongkai.checks.html import PageScan
from gongkai.documents import Document
from gongkai.model.site import BODY_READ_BY_MODEL, Site
from gongkai.problems import Problem
from gongkai.render.pages import Task
from gongkai.render.templates import closure
from gongkai.model.urls import page_url
from gongkai.render.views import Output

RECORD = "pages.pickle"


@dataclass(frozen=True)
class TaskRecord:
    """What one render task made: its outputs (as written) and what the output checks still need of them.
    (Rendering reports only errors, and a build with errors keeps no record.)"""

    templates: frozenset[str]  # the templates it rendered (not those they pull in)
    outputs: tuple[Output, ...]
    scans: dict[str, PageScan]
    markdown: tuple[str, ...]  # the Markdown cache entries it used, kept from pruning while it is reused
    writing: Writing | None = None  # what the writing checks found in the document it renders
    inputs: str = ""  # a single page's: Renderer.page_inputs, what it is rendered from but for its links
    links: tuple[tuple[PurePosixPath, str | None], ...] = ()  # and where those led (Renderer.links_hold)


Writing = tuple[str, tuple[Problem, ...]]  # under the key of what they read (workers.writing_key)


def template_digests(root: Path) -> dict[str, str]:
    folder = root / "templates"
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.relative_to(folder).parts[0] != "static"}


def reusable(folder: Path, model: str, current: dict[str, str], env: jinja2.Environment,
             parsed: dict | None = None) -> dict[Task, TaskRecord]:
    """After a template edit: the tasks of the last build whose pages this build would render byte for byte
    the same, given the templates' digests now. The caller makes sure the site on disk is the one that
    build wrote, and that the model is the one it rendered."""
    def choose(head: Head) -> Keep | None:
        if head.model != model or set(current) != set(head.templates):
            return None  # (a template added or removed can change which one a page uses)
        changed = {name for name, digest in current.items() if head.templates[name] != digest}
        untouched = {name for name in head.used if not _touched(env, name, changed, {} if parsed is None else parsed)}
        return (lambda task, record: whole(task) and record.templates <= untouched) if untouched else None

    return _last_tasks(folder, choose)


def reusable_after_body_edits(folder: Path, files: Stats, current: dict[str, str], documents: tuple[Document, ...],
                              site: Site, earlier: Earlier) -> dict[Task, TaskRecord]:
    """After edits to articles' bodies alone: every task of the last build but those pages'. Any other
    change (a front-matter field, a new or deleted file, data, attachments, site.yml, templates) gives {}.
    An edited file's last version comes from `earlier` (the file memo) when it still holds it: the kept model,
    a second copy of the whole site in memory, is read only when it does not."""
    def choose(head: Head) -> Keep | None:
        stats = _model_inputs(files)
        edited = {path for path in stats.keys() | head.stats.keys() if stats.get(path) != head.stats.get(path)}
        if head.templates != current or not edited or head.pages != page_digest(site) or not all(
                path.startswith("content/") and path.endswith(".md") and path in stats and path in head.stats
                for path in edited):
            return None
        before = {label: earlier(label, head.stats[label]) for label in edited}
        if not all(before.values()):
            old = load_model(folder, head.model)
            if old is None:
                return None
            before = {doc.label: doc for doc in old.documents if doc.label in edited}
        rendered: set[PurePosixPath] = set()
        for doc in documents:
            if doc.label not in edited:
                continue
            was = before.get(doc.label)
            if was is None or replace(was, body="") != replace(doc, body="") or doc.is_index:
                return None  # its front-matter changed, or an index page shows its body on every list page
            if was.body != doc.body and doc.src_path not in site.hidden:
                if doc.kind in BODY_READ_BY_MODEL:
                    return None
                rendered.add(doc.src_path)
        again = {("page", i) for i, page in enumerate(site.pages) if page.doc.src_path in rendered}
        return lambda task, record: whole(task) and task not in again

    return _last_tasks(folder, choose)


def whole(task: Task) -> bool:
    """Whether a task of the last build may be taken whole. Not a site-wide one: it draws on the whole site,
    and most of what it writes (exports, the application form, the CMS configuration) no template makes. Its
    record serves only to take its keyed pages over one by one."""
    return task[0] != "site"


def page_digest(site: Site) -> str:
    """Of every page's address, in order: an edit that leaves them as they were keeps the tasks' numbers."""
    return hashlib.sha256("\n".join(page.url for page in site.pages).encode()).hexdigest()


Keep = Callable[[Task, TaskRecord], bool]
Earlier = Callable[[str, tuple[int, int]], Document | None]  # a file's document at that size and time, if known


def _last_tasks(folder: Path, choose: Callable[[Head], Keep | None]) -> dict[Task, TaskRecord]:
    """The last build's tasks that `choose`, having read the record's head, keeps; the tasks themselves
    are not read when it keeps none."""
    try:
        with open(folder / RECORD, "rb") as handle:
            head = pickle.load(handle)
            if not isinstance(head, Head) or head.tool != tool_digest():
                return {}  # pages another gongkai rendered, in records it may not even read back
            keep = choose(head)
            if keep is None:
                return {}
            tasks: dict[Task, TaskRecord] = {}
            while handle.peek(1):
                tasks.update(pickle.load(handle))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return {}
    return {task: record for task, record in tasks.items() if keep(task, record)}


def _touched(env: jinja2.Environment, name: str, changed: set[str], parsed: dict) -> bool:
    found = closure(env, name, parsed)
    return found is None or bool(found.keys() & changed)


@dataclass
class LastOutputs:
    """The pages the last build rendered, by the key of what each was rendered from (Output.key)."""

    outputs: dict[str, Output] = field(default_factory=dict)  # as written, with their digests
    scans: dict[str, PageScan] = field(default_factory=dict)  # what the output checks still need of each
    paths: set[PurePosixPath] = field(default_factory=set)  # every file of the last site a task wrote
    writing: dict[str, tuple[Problem, ...]] = field(default_factory=dict)  # the writing checks' findings, by key
    pages: dict[str, TaskRecord] = field(default_factory=dict)  # single pages' tasks, by what they read (inputs)


def last_outputs(folder: Path) -> LastOutputs:
    """Read from the last build's task records, whatever changed since: a page is taken over only under its key."""
    last = LastOutputs()
    for record in _last_tasks(folder, lambda head: lambda task, record: True).values():
        if record.writing is not None:
            last.writing[record.writing[0]] = record.writing[1]
        if record.inputs:
            last.pages[record.inputs] = record
        for output in record.outputs:
            last.paths.add(output.out_path)
            if output.key:
                last.outputs[output.key] = output
                scan = record.scans.get(page_url(output.out_path))
                if scan is not None:
                    last.scans[output.key] = scan
    return last


def link_file(previous: Path, staging: Path, path: PurePosixPath) -> bool:
    """Hard-link one file of the last site into the staging folder (a copy where links are not possible)."""
    source, target = os.path.join(previous, path), os.path.join(staging, path)  # (strings: ten thousand a build)
    folder = os.path.dirname(target)
    made = False
    try:
        try:
            os.mkdir(folder)  # most pages are a folder's index.html: the folder is new
            made = True
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        try:
            os.link(source, target)
        except FileNotFoundError:
            if made:
                os.rmdir(folder)
            return False  # not in the last site (any more)
    except FileNotFoundError:
        return False
    except OSError:  # no hard links on this file system
        try:
            shutil.copyfile(source, target)
        except OSError:
            Path(target).unlink(missing_ok=True)  # a copy cut short
            return False
    return True


def link_outputs(record: TaskRecord, previous: Path, staging: Path) -> bool:
    """Link a task's files from the last site into the staging folder; False if one is missing, and the task
    is rendered instead."""
    made: list[PurePosixPath] = []
    for output in record.outputs:
        if not link_file(previous, staging, output.out_path):
            for path in made:  # rendering writes these paths, and must not write through a link into the old site
                (staging / path).unlink(missing_ok=True)
            return False
        made.append(output.out_path)
    return True


@dataclass(frozen=True)
class Head:
    """What decides whether the last build's pages can be used, read before the records themselves."""

    model: str  # cache.model_key of the build that rendered them
    templates: dict[str, str]  # every template's digest
    used: frozenset[str]  # the templates the tasks rendered
    stats: dict[str, tuple[int, int]]  # every input file but the templates, as in cache.input_files
    pages: str  # page_digest of the model they were rendered from
    tool: str  # cache.tool_digest of the gongkai that rendered them


class Records:
    """The task records of one build, pickled by the process that rendered them, a chunk at a time."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.templates: set[str] = set()  # every template the tasks rendered

    def add(self, tasks: dict[Task, TaskRecord]) -> None:
        if tasks:
            self.chunks.append(pickle.dumps(tasks, protocol=pickle.HIGHEST_PROTOCOL))
            self.templates.update(name for record in tasks.values() for name in record.templates)

    def merge(self, other: Records) -> None:
        self.chunks += other.chunks
        self.templates |= other.templates


def pack_last_pages(model: str, templates: dict[str, str], files: Stats, records: Records, site: Site) -> bytes:
    """Joined as soon as rendering ends, so the records do not sit in memory beside the search indexer.
    The head comes first, so an edit that rules out reuse reads no further; the chunks follow it."""
    head = Head(model, templates, frozenset(records.templates), _model_inputs(files), page_digest(site),
                tool_digest())
    return b"".join([pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)] + records.chunks)


def _model_inputs(files: Stats) -> dict[str, tuple[int, int]]:
    return {name: stat for name, stat in files.items() if not is_template(name)}


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
