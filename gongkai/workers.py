"""Run the render tasks on every core: each task is rendered, its editor's writing checked, its pages scanned
for the output checks and streamed to the staging folder. The job is forked into each worker (nothing is
pickled on the way in); only descriptions of the pages, their scans and the problems come back."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import multiprocessing
import os
import re
import signal
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from gongkai.checks.access import check_access
from gongkai.checks.html import Chrome, PageScan, is_page, scan_page
from gongkai.checks.identity import check_identity
from gongkai.checks.links import Parsed, resolve_links
from gongkai.checks.wording import WordingCheck, check_document
from gongkai.config import KINDS
from gongkai.data import NamedLeader
from gongkai.schema import kind_fields
from gongkai.documents import Document, OrganMeta
from gongkai.model.urls import page_url
from gongkai.pickled import digest
from gongkai.problems import OUTPUT, RENDER, TEMPLATE, WRITE, Problem, Problems
from gongkai.render.pages import Renderer, Task
from gongkai.render.search_text import SEARCH_BODY
from gongkai.render.views import Output
from gongkai.reuse import LastOutputs, Records, TaskRecord, Writing, link_file, link_outputs
from gongkai.write import io_error, write_output

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARALLEL_FROM = 300  # below this many tasks a fork costs more than it saves
# A worker holds a chunk's pages and scans until it has written them and sent their records back: uncapped,
# the first chunks of a 100,000-item site would each hold an eighth of its pages.
MAX_CHUNK = 250
MANY_GONE = 16  # past this many pages gone, scanning every page taken over again is faster than looking
STEP_BEFORE = b"/\"'"  # what stands before a step of an address in a link
DICTIONARY = 16  # the wording dictionary's digest leads a writing key, so a task taken whole is not pickled again
Progress = Callable[[int, int], None]
_job = None  # the worker process's own job, set once by the pool initializer


@dataclass
class Job:
    """What one build renders with, and where its pages go."""

    renderer: Renderer
    writing: WordingCheck  # the wording dictionary the editors' text is checked against
    sink: Path | None  # the staging folder pages are streamed into (None: kept in memory)
    reuse: dict[Task, TaskRecord] = field(default_factory=dict)  # tasks linked from the last site instead
    previous: Path | None = None  # that site
    last: LastOutputs = field(default_factory=LastOutputs)  # its pages by what they were rendered from
    records: Records = field(default_factory=Records)  # what each task made, for the next build to reuse
    copies: Path | None = None  # where the search copies of the pages rendered go, for the index (write_output)


def wording_check(renderer: Renderer, thorough: bool) -> WordingCheck:
    """The wording dictionary: the site's own and every leader named on an organ page."""
    site = renderer.site
    leaders = tuple(NamedLeader(leader.name, leader.title) for page in site.pages
                    if isinstance(page.meta, OrganMeta) for leader in page.meta.leaders)
    labels = {spec.key: spec.label for kind in KINDS for spec in kind_fields(kind, site.config)}
    return WordingCheck(site.data.wording, leaders, thorough=thorough, labels=labels)


def check_writing(job: Job, task: Task, problems: Problems, linked: Writing | None = None) -> Writing | None:
    """What the editor wrote, as its page is rendered: wording, and what screen-reader users need. What the
    last build found is told again when the document and the dictionary are as they were: `linked` is the
    record of a task taken whole (its document is the one it was rendered from: the findings stand while the
    dictionary is the same); any other page's are looked up under the key of its document (job.last)."""
    source = job.renderer.written_by_editor(task)
    if source is None:
        return None
    if linked is not None and linked[0].startswith(job.writing.digest[:DICTIONARY]):
        found = linked[1]
        key = linked[0]
    else:
        key = writing_key(job.writing, *source, job.renderer.documents)
        found = job.last.writing.get(key)
    if found is None:
        collected = Problems(stage=problems.stage)
        check_text(job, *source, collected)
        found = tuple(collected.items)
    for problem in found:
        problems.add(problem)
    return key, found


def writing_key(check: WordingCheck, doc: Document, body: str, documents: Callable[[object], str] = digest) -> str:
    """Of all the writing checks read: the dictionary, then the document and the body its page shows
    (gongkai itself is in the key of the records this is kept in)."""
    data = f"{documents(doc)}\0{body}".encode("utf-8", "surrogatepass")  # (not pickled: it would cache the encoding)
    return check.digest[:DICTIONARY] + hashlib.sha256(data).hexdigest()[:32]


def check_text(job: Job, doc: Document, body: str, problems: Problems) -> None:
    check_document(job.writing, doc, body, problems)
    check_access(doc, body, problems)


def _init(job: Job, parent: int) -> None:
    global _job
    _job = job
    die_with(parent)
    # The site's model was inherited from the main process and lives as long as this worker: the cyclic
    # collector need not walk it (walking it would also copy every page of it that fork shared). A worker
    # forked while the main process's collection was paused (collection_paused) collects its own garbage.
    gc.freeze()
    gc.enable()


def _work(tasks: list[Task]) -> tuple[list[Output], dict[str, PageScan], list[Problem], set, Records, list]:
    job = _job
    renderer = job.renderer
    problems = Problems()  # only this chunk's problems go back
    renderer.problems, renderer.templates.problems = problems.at(RENDER), problems.at(TEMPLATE)
    renderer.cache.used, renderer.cache.log = set(), []  # and only the keys of the cache entries it used or made
    outputs, scans, problems, records, linked = run(job, tasks)
    chunk = Records()
    chunk.add(records)  # pickled here: the main process only stores them for the next build
    return outputs, scans, problems, renderer.cache.used, chunk, linked


Rendered = tuple[list[Output], dict[str, PageScan], list[Problem], dict[Task, TaskRecord], list[tuple[Task, str]]]


def run(job: Job, tasks: list[Task]) -> Rendered:
    """Render, check and stream the tasks in this process. The tasks linked from the last site are only
    named: their outputs and scans are in job.reuse or job.last.pages, which the main process holds already."""
    renderer = job.renderer
    outputs: list[Output] = []
    linked: list[tuple[Task, str]] = []  # and the inputs it was found under ("": job.reuse holds it)
    records: dict[Task, TaskRecord] = {}
    made: list[tuple] = []  # task, its outputs, the templates it rendered, the Markdown entries it used, what its
    # writing checks found, a single page's inputs and where its links led
    taken: set[PurePosixPath] = set()  # pages rendered from what the last build's were: their files are linked
    renderer.take = lambda output: take(job, output, taken)
    for task in tasks:
        record, frame, inputs = job.reuse.get(task), None, ""
        renderer.links_read, logged = [], len(renderer.cache.log)
        if record is None and task[0] == "page" and renderer.salt:  # a single page: found by what it reads
            page = renderer.site.pages[task[1]]  # type: ignore[index]
            frame = renderer.page_frame(page)
            inputs = renderer.page_inputs(page, frame)
            found = job.last.pages.get(inputs) if inputs else None
            record = found if found is not None and renderer.links_hold(found.links) else None
        if record is not None and job.sink is not None and link_outputs(record, job.previous, job.sink):
            linked.append((task, "" if task in job.reuse else inputs))
            writing = check_writing(job, task, renderer.problems, linked=record.writing)
            records[task] = record if writing == record.writing else replace(record, writing=writing)  # (for the next)
            renderer.cache.merge(record.markdown)
            continue
        start = len(outputs)
        renderer.templates.rendered = set()
        outputs += renderer.render_task(task, frame, inputs)
        writing = check_writing(job, task, renderer.problems)
        made.append((task, start, len(outputs), frozenset(renderer.templates.rendered),
                     tuple(renderer.cache.log[logged:]), writing, inputs, tuple(renderer.links_read)))
    renderer.cache.flush()  # this chunk's new Markdown entries, as one pack
    urls = [page_url(o.out_path) if is_page(o) else "" for o in outputs]
    if renderer.search:  # (without an index to build, no search copy is cut out nor digested: 40 µs a page)
        outputs = [replace(o, searchable=True) if url and o.data is not None and SEARCH_BODY in o.data else o
                   for url, o in zip(urls, outputs)]
    chrome = Chrome()
    scans = {url: scan_page(o, chrome) for url, o in zip(urls, outputs) if url and o.out_path not in taken}
    check_identity(scans, renderer.site.config, renderer.problems.at(OUTPUT), renderer.templates.root)
    parsed: Parsed = {}
    pool: dict = {}
    resolved: dict = {}
    for url, scan in scans.items():
        resolve_links(url, scan, renderer.site.config.base_url, parsed, resolved)
        scan.slim(pool)
    scans.update((url, job.last.scans[o.key]) for url, o in zip(urls, outputs) if o.out_path in taken)
    if job.sink is not None:  # write in the worker, send back only what was written where
        try:
            outputs = [o if o.written else write_output(o, job.sink, job.copies) for o in outputs]
        except OSError as exc:
            io_error(renderer.problems.at(WRITE), job.sink, exc)
            return [], scans, list(renderer.problems.items), {}, []
    for task, start, end, templates, markdown, writing, inputs, links in made:
        # (A site-wide task is never taken whole (reuse.whole), but its record lets the next build take its
        # keyed pages one by one: an enforcement column's list pages stay as they were when a news item is added.)
        kept = {url: scans[url] if output.out_path in taken else scans[url].kept(url)  # (taken: kept already)
                for url, output in zip(urls[start:end], outputs[start:end]) if url}
        records[task] = TaskRecord(templates, tuple(outputs[start:end]), kept, markdown, writing, inputs, links)
    return outputs, scans, list(renderer.problems.items), records, linked


def add_linked(job: Job, linked: list[tuple[Task, str]], outputs: list[Output], scans: dict[str, PageScan]) -> None:
    """The outputs and scans of the tasks a worker linked, from the records this process already holds."""
    for task, inputs in linked:
        record = job.last.pages[inputs] if inputs else job.reuse[task]
        outputs += record.outputs
        scans.update(record.scans)


def take(job: Job, output: Output, taken: set[PurePosixPath]) -> bool:
    """Take over a page of the last site that this build would render byte for byte the same: link its file."""
    if job.sink is None or job.previous is None or output.key not in job.last.scans:
        return False
    if not link_file(job.previous, job.sink, output.out_path):
        return False
    taken.add(output.out_path)
    return True


def rescan_taken(job: Job, outputs: list[Output], scans: dict[str, PageScan]) -> None:
    """A page taken over keeps only its links to other pages' anchors for the checks across pages: its other
    links led to pages that existed. When a page of the last site is gone, they may not: scan the pages taken
    over again (their own checks were done when they were rendered): those whose bytes name a gone page's
    folder or file as a step of an address, as any link to it must (page addresses are ASCII slugs; otherwise,
    or when many pages are gone, every page). A name alone is not enough: a list's last numbered page, gone
    with one item, is "201", in every date of 2019."""
    gone = job.last.paths - {output.out_path for output in outputs}
    if not gone or job.sink is None:
        return
    names = {path.parent.name if path.name == "index.html" else path.name for path in gone}
    steps = [address_step(name) for name in names] if len(names) <= MANY_GONE and all(
        name and name.isascii() for name in names) else None
    chrome, parsed, pool, resolved = Chrome(), {}, {}, {}
    for output in outputs:
        if output.key in job.last.outputs and is_page(output):
            data = (job.sink / output.out_path).read_bytes()
            if steps is not None and not any(names_step(data, step) for step in steps):
                continue
            url = page_url(output.out_path)
            scan = scan_page(replace(output, data=data), chrome)
            resolve_links(url, scan, job.renderer.site.config.base_url, parsed, resolved)
            scan.slim(pool)
            scans[url] = scan


def names_step(data: bytes, step: re.Pattern) -> bool:
    """Whether data holds a step of an address that `step` (address_step) finds: after a slash or an attribute's
    opening quote."""
    return any(found.start() == 0 or data[found.start() - 1] in STEP_BEFORE for found in step.finditer(data))


def address_step(name: str) -> re.Pattern:
    """The name before a slash, the closing quote, an anchor or a query (a literal first: searched fast)."""
    return re.compile(re.escape(name.encode()) + rb"(?=[/\"'#?])")


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


@contextmanager
def collection_paused() -> Iterator[None]:
    """No garbage collection while the model is made or read back, or while the workers' outputs come in: they are
    millions of objects that live until the build ends, among which a few hundred are in cycles. At 10,000 items
    the collector walked them 25 times, 0.3 s of the main process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def render_all(job: Job, progress: Progress) -> tuple[list[Output], dict[str, PageScan]]:
    """Every output of the site, and the output-check scans of its pages; problems found in workers are
    added to the renderer's collector. The whole lists of many pages go to the workers one by one."""
    renderer = job.renderer
    tasks, alone = renderer.tasks()
    count = workers()
    if count == 1 or len(tasks) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        outputs, scans, _, records, linked = run(job, tasks)
        add_linked(job, linked, outputs, scans)
        job.records.add(records)
        progress(len(tasks), len(tasks))
        return outputs + renderer.assets(), scans
    chunks = [[task] for task in tasks[:alone]]
    start = alone
    while start < len(tasks):  # shorter and shorter, so that the workers run out of work at about the same time
        size = min(MAX_CHUNK, max(20, (len(tasks) - start) // (count * 4)))
        chunks.append(tasks[start:start + size])
        start += size
    outputs: list[Output] = []
    scans: dict[str, PageScan] = {}
    shared: dict = {}  # each chunk's scans share their values; across chunks, these do
    done = 0
    with multiprocessing.get_context("fork").Pool(count, initializer=_init, initargs=(job, os.getpid())) as pool, \
            collection_paused():  # (paused once the workers are forked: they collect theirs)
        for chunk, (chunk_outputs, chunk_scans, problems, used, records, linked) in zip(chunks, pool.imap(_work, chunks)):
            outputs += chunk_outputs
            for scan in chunk_scans.values():
                scan.share(shared)
            scans.update(chunk_scans)
            add_linked(job, linked, outputs, scans)
            renderer.cache.merge(used)
            job.records.merge(records)
            for problem in problems:
                renderer.problems.add(problem)
            done += len(chunk)  # imap keeps the order
            progress(done, len(tasks))
        gc.freeze()  # they live until the build ends (build() thaws them): no collection need walk them again
    return outputs + renderer.assets(), scans
