"""The build, one stage after another: load → validate → model → render → check → write."""

from __future__ import annotations

import ctypes
import gc
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Callable

from gongkai.cache import (MarkdownCache, Model, Stats, fingerprint, input_files, load_last, load_model,
                           model_key, output_stamp, save_last, save_model)
from gongkai.checks.deadlines import check_deadlines
from gongkai.checks.freshness import check_freshness
from gongkai.checks.html import scan_outputs
from gongkai.checks.identity import check_identity
from gongkai.checks.links import check_links
from gongkai.config import BaseUrl, SiteConfig, load_config
from gongkai.data import load_data
from gongkai.fields import INVALID, Where
from gongkai.load import Content, RawDocument, Scalar, discover
from gongkai.documents import Document, LeftOut
from gongkai.model.site import Site, build_site
from gongkai.prerender import Prerender, sources
from gongkai.problems import CONFIG, DATES, LOAD, MODEL, OUTPUT, RENDER, TEMPLATE, VALIDATE, WRITE, Problem, Problems
from gongkai.render.pages import Renderer
from gongkai.render.templates import Templates, make_environment
from gongkai.reuse import TaskRecord, pack_last_pages, reusable, reusable_after_body_edits, save_last_pages, template_digests
from gongkai.validate import validate_documents
from gongkai.search_index import PAGES_PER_INDEX, build_index
from gongkai.render.pages import Task
from gongkai.workers import Job, render_all, wording_check
from gongkai.write import check_paths, discard, new_staging, stage, swap


def _no_progress(done: int, total: int) -> None:
    pass


def left_out(content: Content, documents: tuple[Document, ...]) -> LeftOut:
    """The Markdown files that could not be read or validated: they exist, but are not in the model."""
    valid = {doc.src_path for doc in documents}
    return LeftOut(frozenset(content.unread) | {raw.src_path for raw in content.documents if raw.src_path not in valid})


def only_in(problems: Problems, files: LeftOut) -> bool:
    """Whether every error so far belongs to one of `files`."""
    labels = {f"content/{path}" for path in files.paths}
    return all(problem.path in labels for problem in problems.errors)


def hand_back_memory() -> None:
    """Return what the build has freed to the system. Python keeps freed memory for itself, and the
    model's many small objects leave it spread over the heap; without this the build would hold about
    90 MB more at 10,000 items while Pagefind, the largest user of memory, runs beside it."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory stays with the build until it ends


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out_dir: Path
    clock_today: date  # the current date in Asia/Shanghai, read by the CLI
    today: date | None = None  # --today, overrides everything
    drafts: bool = False
    base_url: str | None = None
    write: bool = True  # False for `check`: run everything, touch nothing
    inspection: bool = False  # `check`: the inspection's single-veto findings are errors, not warnings
    search: bool = True  # build the Pagefind index (the preview leaves it out to stay fast)
    pages_per_index: int = PAGES_PER_INDEX  # the search index is built in slices of this many pages
    keep: bool = False  # the preview: return the model and renderer, so a body edit can re-render just its page
    cache_dir: Path | None = None  # rendered-Markdown cache; default <root>/.cache
    progress: Callable[[int, int], None] = _no_progress


@dataclass(frozen=True)
class BuildResult:
    problems: Problems
    written: bool
    today: date | None = None
    counts: dict[str, int] = field(default_factory=dict)
    external_links: tuple[str, ...] = ()
    unchanged: bool = False  # nothing changed since the last build; site/ was left as it was
    snapshot: Snapshot | None = None  # with options.keep, what the preview's quick path starts from


@dataclass(frozen=True)
class Snapshot:
    """The inputs and model of a successful build, as the preview keeps them between edits."""

    options: BuildOptions
    site: Site
    job: Job
    raws: dict[PurePosixPath, RawDocument]  # every Markdown file as read, by path under content/
    problems: tuple[Problem, ...]  # the warnings the build reported


def build(options: BuildOptions, early: Callable[[Problems], None] | None = None) -> BuildResult:
    """Build the site. When files are left out for their errors, `early` is told those problems before the
    rest of the site is rendered and checked (the preview shows them at once, not seconds later)."""
    problems = Problems()
    root = options.root

    # Load the site configuration.
    config = load_config(root, problems.at(CONFIG))
    if config is None:
        discover(root, problems.at(LOAD))  # still report the content's own problems in the same run
        return BuildResult(problems, written=False)
    if options.base_url is not None:
        base = BaseUrl().parse(Scalar(options.base_url, 0), Where("--base-url", 0, "base_url", "网站地址", problems.at(CONFIG)))
        if base is INVALID:
            return BuildResult(problems, written=False)
        config = config.with_base_url(base)
    today = options.today or config.as_of or options.clock_today

    # Nothing changed since the last successful build: the site in place is already this build's output.
    cache_dir = options.cache_dir or root / ".cache"
    settings = (str(options.out_dir.absolute()), today.isoformat(), options.drafts, config.base_url, options.search)
    files = input_files(root) if options.write else {}
    stamp = fingerprint(root, settings, files) if options.write else ""
    last = load_last(cache_dir) if options.write else {}
    if last and not options.keep and last.get("fingerprint") == stamp and last.get("output") == output_stamp(options.out_dir):
        for problem in last["problems"]:
            problems.add(problem)
        return BuildResult(problems, written=True, today=today, counts=last["counts"],
                           external_links=last["external"], unchanged=True)

    # Convert Markdown into the cache on the spare core meanwhile, until the render workers start.
    cache = MarkdownCache(cache_dir, writable=options.write)
    prerender = Prerender(cache, sources(root, files))
    try:
        key = model_key(root, settings, files) if options.write and not options.keep else ""
        return _build(options, config, today, cache, files, stamp, key, last.get("output", ()), prerender, problems,
                      early)
    finally:
        prerender.stop()


def _build(options: BuildOptions, config: SiteConfig, today: date, cache: MarkdownCache, files: Stats, stamp: str,
           key: str, last_output: tuple, prerender: Prerender, problems: Problems,
           early: Callable[[Problems], None] | None = None) -> BuildResult:
    root = options.root
    cache_dir = options.cache_dir or root / ".cache"
    model = load_model(cache_dir, key) if key else None
    # The pages of the last build can be reused only while the site on disk is the one it wrote.
    previous = options.out_dir if key and last_output and last_output == output_stamp(options.out_dir) else None
    digests = template_digests(root) if key else {}
    reuse: dict[Task, TaskRecord] = {}
    content = None
    if model is not None:  # content/ and site.yml are as the model was made from: a template edit
        documents, site = model.documents, model.site
        for problem in model.problems:
            problems.add(problem)
    else:
        before = len(problems.items)  # the configuration's own warnings are reported afresh every build
        # Read every file under content/.
        content = discover(root, problems.at(LOAD))
        if not content.documents and problems.has_errors():
            return BuildResult(problems, written=False)

        # Validate each document's front-matter against its kind's fields, and the data files.
        documents = validate_documents(content.documents, config, problems.at(VALIDATE), content.unread)
        broken = left_out(content, documents)
        data = load_data(root, config, problems.at(VALIDATE))

        # Model the site: sections, URLs, what is published today, plans, catalogue, cross-file rules.
        site = build_site(config, data, documents, content.assets, today, options.drafts, problems.at(MODEL), broken)
        if site is None or not only_in(problems, broken):
            return BuildResult(problems, written=False, today=today)
        if not problems.has_errors():
            if previous is not None:  # before the kept model is replaced: it is what the edits are told from
                reuse = reusable_after_body_edits(cache_dir, root, files, digests, documents, site)
            if key:
                save_model(cache_dir, key, Model(documents, site, tuple(problems.items[before:])))

    # Files with errors are left out of the model; the rest of the site is still rendered and checked, in
    # memory, so that its links and pages are reported in this same run.
    write = options.write and not problems.has_errors()
    if early is not None and problems.has_errors():
        early(Problems(list(problems.items)))

    # Render every page into the staging folder; the pages an edit leaves alone are linked from the last site.
    templates = Templates(root, make_environment(root, config.base_url), problems.at(TEMPLATE))
    staging = new_staging(options.out_dir, problems.at(WRITE)) if write else None
    if write and staging is None:
        return BuildResult(problems, written=False, today=today)
    renderer = Renderer(site, templates, problems.at(RENDER), options.search and write, cache)
    if previous is not None and model is not None:  # only templates changed
        reuse = reusable(cache_dir, key, digests, templates.env)
    job = Job(renderer, wording_check(renderer, options.inspection), staging, reuse, previous)
    if prerender.stop():
        cache.read_index()  # the packs the helper wrote
    before_render = len(problems.items)
    outputs, scans = render_all(job, options.progress)
    pages = pack_last_pages(key, digests, root, files, job.records) if key and write else b""
    job.records = None  # type: ignore[assignment]
    counts = dict(sorted(Counter(o.kind for o in outputs).items()))
    # A page a template failed to render would only show up again as dead links; what an editor wrote wrong
    # (a dead link in a body, a misspelt name) leaves its page rendered, and the checks below still run.
    if any(p.leaves_pages_out for p in problems.items[before_render:]):
        if staging is not None:
            discard(staging)
        return BuildResult(problems, written=False, today=today, counts=counts)

    # Check the rendered site before anything touches the disk.
    checking = problems.at(OUTPUT)
    check_paths(outputs, checking)
    scans = scan_outputs(outputs, scans)
    external = check_links(scans, {"/" + o.out_path.as_posix() for o in outputs}, config.base_url, root, checking,
                           allows=config.allows_host)
    check_identity({url: scan for url, scan in scans.items() if not scan.checked}, config, checking)

    # Freshness as of today: warnings that never stop a build; the single-veto ones fail an inspection. Not
    # while files are left out for their errors: a column or a report they hold would be told missing.
    if not site.broken:
        check_freshness(site, today, options.inspection, problems.at(DATES))
        check_deadlines(site, documents, today, options.inspection, problems.at(DATES))
    if problems.has_errors() or not write:
        if staging is not None:
            discard(staging)
        return BuildResult(problems, written=False, today=today, counts=counts, external_links=tuple(external))

    # Write to a staging folder, index it for search, and swap it in for the output folder.
    staging = stage(outputs, options.out_dir, problems.at(WRITE), staging)
    searchable = [o.out_path for o in outputs if o.searchable]
    if not options.keep:  # Pagefind is about to need as much memory as the model: let it go first
        del content, model, documents, site, renderer, job, outputs, scans
        if options.search:
            hand_back_memory()
    if staging is not None and options.search and not build_index(staging, searchable, problems.at(WRITE), options.pages_per_index):
        discard(staging)
        staging = None
    written = staging is not None and swap(staging, options.out_dir, problems.at(WRITE))
    if written:
        save_last_pages(cache_dir, pages)
        try:
            cache.prune()
            save_last(cache_dir, {"fingerprint": stamp, "output": output_stamp(options.out_dir), "counts": counts,
                                  "problems": list(problems.items), "external": tuple(external)})
        except OSError:
            pass  # the cache only saves time; a build never fails for it
    snapshot = None
    if written and options.keep:
        job.sink = None
        snapshot = Snapshot(options, site, job, {raw.src_path: raw for raw in content.documents},
                            tuple(problems.items))
    return BuildResult(problems, written=written, today=today, counts=counts, external_links=tuple(external),
                       snapshot=snapshot)
