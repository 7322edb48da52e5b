"""Render pages and section lists on every core: the renderer is forked into each worker (nothing is
pickled on the way in), pages come back rendered and already scanned for the output checks."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from dataclasses import replace
from typing import Callable

from gongkai.checks.html import Chrome, PageScan, page_url, scan_page
from gongkai.checks.identity import check_identity
from gongkai.checks.links import Parsed, resolve_links
from gongkai.problems import Problem, Problems
from gongkai.render.views import Output
from gongkai.search_index import SEARCH_BODY
from gongkai.reuse import Records, Task, TaskRecord, link_outputs
from gongkai.write import io_error, write_output

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARALLEL_FROM = 300  # below this many tasks a fork costs more than it saves
_renderer = None  # the worker process's own renderer, set once by the pool initializer


def _init(renderer, parent: int) -> None:
    global _renderer
    _renderer = renderer
    die_with(parent)
    # The site's model was inherited from the main process and lives as long as this worker: the cyclic
    # collector need not walk it (walking it would also copy every page of it that fork shared).
    gc.freeze()


def _work(tasks: list[Task]) -> tuple[list[Output], dict[str, PageScan], list[Problem], set, Records]:
    renderer = _renderer
    renderer.problems = renderer.templates.problems = Problems()  # only this chunk's problems go back
    renderer.cache.used, renderer.cache.log = set(), []  # and only the keys of the cache entries it used or made
    outputs, scans, problems, records = _run(renderer, tasks)
    chunk = Records()
    chunk.add(records)  # pickled here: the main process only stores them for the next build
    return outputs, scans, problems, renderer.cache.used, chunk


def _run(renderer, tasks: list[Task]) -> tuple[list[Output], dict[str, PageScan], list[Problem], dict[Task, TaskRecord]]:
    outputs: list[Output] = []
    reused: list[TaskRecord] = []
    records: dict[Task, TaskRecord] = {}
    made: list[tuple[Task, int, int, frozenset[str], tuple[str, ...]]] = []  # task, its outputs, templates, entries
    for task in tasks:
        record = renderer.reuse.get(task)
        if record is not None and renderer.sink is not None and link_outputs(record, renderer.previous, renderer.sink):
            reused.append(record)
            records[task] = record  # and kept for the build after this one
            renderer.cache.merge(record.markdown)
            continue
        start, logged = len(outputs), len(renderer.cache.log)
        renderer.templates.rendered = set()
        kind, key = task
        if kind == "page":
            out = renderer.render_page(renderer.site.pages[key])
            outputs += [out] if out is not None else []
        elif kind == "section":
            outputs += renderer.render_section(renderer.site.sections[key])
        elif kind == "view":
            outputs += renderer.render_view(key)
        else:
            outputs += renderer.render_site_wide()
        made.append((task, start, len(outputs), frozenset(renderer.templates.rendered),
                     tuple(renderer.cache.log[logged:])))
    renderer.cache.flush()  # this chunk's new Markdown entries, as one pack
    urls = [page_url(o.out_path) if o.out_path.suffix == ".html" else "" for o in outputs]
    outputs = [replace(o, searchable=True) if url and SEARCH_BODY in o.data else o for url, o in zip(urls, outputs)]
    chrome = Chrome()
    scans = {url: scan_page(o, chrome) for url, o in zip(urls, outputs) if url}
    check_identity(scans, renderer.site.config, renderer.problems)
    parsed: Parsed = {}
    for url, scan in scans.items():
        resolve_links(url, scan, renderer.site.config.base_url, parsed)
        scan.slim()
    if renderer.sink is not None:  # write in the worker, send back only what was written where
        try:
            outputs = [write_output(o, renderer.sink) for o in outputs]
        except OSError as exc:
            io_error(renderer.problems, renderer.sink, exc)
            return [], scans, list(renderer.problems.items), {}
    for task, start, end, templates, markdown in made:
        if task[0] != "site":  # the site-wide outputs draw on every template: always rendered
            kept = {url: scans[url].kept(url) for url in urls[start:end] if url}
            records[task] = TaskRecord(templates, tuple(outputs[start:end]), kept, markdown)
    for record in reused:
        outputs += record.outputs
        scans.update(record.scans)
    return outputs, scans, list(renderer.problems.items), records


def die_with(parent: int) -> None:
    """Have this forked process killed when the build is: a killed build's workers would otherwise finish
    their chunk, writing into a staging folder the next build is already clearing away."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: the worker still ends once it finds the build's pipe closed
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def render_tasks(renderer, tasks: list[Task], progress: Callable[[int, int], None], alone: int = 0
                 ) -> tuple[list[Output], dict[str, PageScan]]:
    """Render the tasks in order; problems found in workers are added to the renderer's collector.
    The first `alone` tasks (whole lists of many pages) go to the workers one by one."""
    count = workers()
    if count == 1 or len(tasks) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        outputs, scans, _, records = _run(renderer, tasks)
        renderer.records.add(records)
        progress(len(tasks), len(tasks))
        return outputs, scans
    chunks = [[task] for task in tasks[:alone]]
    start = alone
    while start < len(tasks):  # shorter and shorter, so that the workers run out of work at about the same time
        size = max(20, (len(tasks) - start) // (count * 4))
        chunks.append(tasks[start:start + size])
        start += size
    outputs: list[Output] = []
    scans: dict[str, PageScan] = {}
    done = 0
    with multiprocessing.get_context("fork").Pool(count, initializer=_init, initargs=(renderer, os.getpid())) as pool:
        for chunk, (chunk_outputs, chunk_scans, problems, used, records) in zip(chunks, pool.imap(_work, chunks)):
            outputs += chunk_outputs
            scans.update(chunk_scans)
            renderer.cache.merge(used)
            renderer.records.merge(records)
            for problem in problems:
                renderer.problems.add(problem)
            done += len(chunk)  # imap keeps the order
            progress(done, len(tasks))
    return outputs, scans
