"""The build, one stage after another: load → validate → model → render → check → write.

compile_site() is the one way pages are made: `build`, `check`, `serve` and the benchmark all call it
through build(), which stages what it makes, indexes it for search and swaps it in."""

from __future__ import annotations

import ctypes
import gc
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Callable

from gongkai.cache import Model
from gongkai.checks.deadlines import check_deadlines
from gongkai.checks.freshness import check_freshness
from gongkai.checks.html import PageScan, scan_outputs
from gongkai.checks.identity import check_identity
from gongkai.checks.links import LineOf, body_lines, check_links
from gongkai.config import BaseUrl, SiteConfig
from gongkai.config_file import load_config
from gongkai.data import load_data
from gongkai.documents import Document, LeftOut
from gongkai.fields import INVALID, Where
from gongkai.load import Content, RawDocument, Scalar, discover
from gongkai.memo import Memo, keep_model, kept_model, remember, replay, settings, settle
from gongkai.model.site import Site, build_site
from gongkai.prerender import Prerender
from gongkai.problems import CONFIG, DATES, LOAD, MODEL, OUTPUT, RENDER, TEMPLATE, VALIDATE, WRITE, Problem, Problems
from gongkai.render.pages import Renderer
from gongkai.render.templates import Templates, make_environment, read_references
from gongkai.render.views import Output
from gongkai.remove import remove_tree
from gongkai.reuse import Records, TaskRecord, last_outputs, pack_last_pages, reusable, reusable_after_body_edits
from gongkai.search_index import PAGES_PER_INDEX, Indexing, build_index
from gongkai.validate import folder_defaults, validate_documents
from gongkai.render.pages import Task
from gongkai.workers import Job, collection_paused, render_all, rescan_taken, wording_check, workers
from gongkai.write import check_paths, discard, new_staging, stage, swap, tidy


LAUNCH = 5  # seconds the checks wait at most for Pagefind to start (at 100,000 items it starts within one)


def _no_progress(done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out_dir: Path
    clock_today: date  # now, as the CLI read it (an aware datetime: its day in the site's time zone), or a day
    today: date | None = None  # --today, overrides everything
    drafts: bool = False
    base_url: str | None = None
    write: bool = True  # False for `check`: run everything, touch nothing in the project
    inspection: bool = False  # `check`: the inspection's single-veto findings are errors, not warnings
    search: bool = True  # build the Pagefind index (the preview leaves it out to stay fast)
    pages_per_index: int = PAGES_PER_INDEX  # the search index is built in slices of this many pages
    keep: bool = False  # the preview: return the model and renderer, so an edited page can be shown first
    cache_dir: Path | None = None  # the memo folder; default <root>/.cache
    progress: Callable[[int, int], None] = _no_progress


@dataclass(frozen=True)
class BuildResult:
    problems: Problems
    written: bool
    today: date | None = None
    counts: dict[str, int] = field(default_factory=dict)
    external_links: tuple[str, ...] = ()
    unchanged: bool = False  # nothing changed since the last build; site/ was left as it was
    snapshot: Snapshot | None = None  # with options.keep, what the preview renders an edited page against


@dataclass(frozen=True)
class Snapshot:
    """The inputs and model of a successful build, as the preview keeps them between edits."""

    options: BuildOptions
    site: Site
    job: Job
    raws: dict[PurePosixPath, RawDocument]  # every Markdown file as read, by path under content/
    problems: tuple[Problem, ...]  # the warnings the build reported
    defaults: dict[str, str]  # the kinds folders give (validate.folder_defaults): made once, not at every edit


@dataclass
class Built:
    """What compile_site made: descriptions of the outputs it streamed into the staging folder (their bytes
    are on disk, not in memory), and what publishing and the next build need of them."""

    today: date
    outputs: list[Output] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    external: tuple[str, ...] = ()
    pages: bytes = b""  # the render tasks' records, for the next build to reuse
    snapshot: Snapshot | None = None
    indexing: Indexing | None = None  # the search index, begun while the rendered site is checked


@dataclass
class Modelled:
    documents: tuple[Document, ...]
    site: Site
    content: Content | None  # None when the kept model was used
    reuse: dict[Task, TaskRecord]
    digests: list[tuple[Document, str]] = field(default_factory=list)  # of the documents, as the file memo keeps them


def build(options: BuildOptions, early: Callable[[Problems], None] | None = None) -> BuildResult:
    """Build the site into options.out_dir, or with options.write False only report its problems. When files
    are left out for their errors, `early` is told those problems before the rest is rendered and checked."""
    problems = Problems()
    setup = configure(options, problems)
    if setup is None:
        return BuildResult(problems, written=False)
    config, today = setup
    memo = Memo(options.root, options.cache_dir or options.root / ".cache", options.out_dir,
                settings(options.out_dir, today, options.drafts, config.base_url, options.search),
                options.write, options.keep)

    # Nothing changed since the last build: the site in place is already this build's output.
    last = None if options.keep else replay(memo)
    if last is not None:
        for problem in last["problems"]:
            problems.add(problem)
        if options.write:
            tidy(options.out_dir, problems.at(WRITE))
        return BuildResult(problems, True, today, last["counts"], last["external"], unchanged=True)

    # Compile into a staging folder beside the output folder (`check`: a throwaway one elsewhere).
    staging = new_staging(options.out_dir, problems.at(WRITE)) if options.write else Path(
        tempfile.mkdtemp(prefix="gongkai-check-"))
    if staging is None:
        return BuildResult(problems, written=False, today=today)
    try:
        try:
            built = compile_site(options, config, today, memo, staging, problems, early)
        except BaseException:
            discard(staging)
            raise
        result = BuildResult(problems, False, today, built.counts, built.external)
        if problems.has_errors() or not options.write:
            if built.indexing is not None:
                built.indexing.stop()
            discard(staging)
            return result

        # Index the staged site for search, and swap it in for the output folder.
        return publish(options, memo, staging, built, problems)
    finally:
        remove_tree(copies_folder(staging))  # the search copies the index did not take
        settle(memo)  # the model is kept before the build returns
        gc.unfreeze()


def copies_folder(staging: Path) -> Path:
    """Beside the staging folder (and cleared like it after a kill): the search copies of the pages rendered."""
    return staging.parent / f"{staging.name}.copies"


def configure(options: BuildOptions, problems: Problems) -> tuple[SiteConfig, date] | None:
    """The site configuration and the day the build is for; None when the configuration is unusable."""
    config = load_config(options.root, problems.at(CONFIG))
    if config is None:
        discover(options.root, problems.at(LOAD))  # still report the content's own problems in the same run
        return None
    if options.base_url is not None:
        where = Where("--base-url", 0, "base_url", "网站地址", problems.at(CONFIG))
        base = BaseUrl().parse(Scalar(options.base_url, 0), where)
        if base is INVALID:
            return None
        config = config.with_base_url(base)
    return config, options.today or config.as_of or day_in(options.clock_today, config)


def day_in(clock: date, config: SiteConfig) -> date:
    """The day it is in the site's time zone at `clock` (a date is taken as it is)."""
    return clock.astimezone(config.zone).date() if isinstance(clock, datetime) else clock


def compile_site(options: BuildOptions, config: SiteConfig, today: date, memo: Memo, sink: Path,
                 problems: Problems, early: Callable[[Problems], None] | None = None) -> Built:
    """Load, validate, model, render and check the whole site, streaming its outputs into `sink`; every
    problem goes to `problems`. Markdown is converted on the spare core meanwhile, until rendering starts."""
    prerender = Prerender(memo.markdown, options.root, memo.files)
    try:
        modelled = model_site(options, config, today, memo, problems)
        if modelled is None:
            return Built(today)
        if early is not None and problems.has_errors():
            early(Problems(list(problems.items)))
        return render_and_check(options, modelled, memo, prerender, sink, problems)
    finally:
        prerender.stop()


def model_site(options: BuildOptions, config: SiteConfig, today: date, memo: Memo,
               problems: Problems) -> Modelled | None:
    """Load → validate → model, or the kept model when content/ and site.yml are as it was made from."""
    with collection_paused():
        model = kept_model(memo)
        if model is None:
            return _model_anew(options, config, today, memo, problems)
    for problem in model.problems:  # a template edit
        problems.add(problem)
    if memo.previous is not None:
        env = make_environment(options.root, config.base_url)
        with collection_paused():  # (the last build's records, read back: as the model)
            reuse = reusable(memo.folder, memo.model, memo.templates, env, read_references(env, memo.references))
    else:
        reuse = {}
    return Modelled(model.documents, model.site, None, reuse, list(model.digests))  # type: ignore[arg-type]


def _model_anew(options: BuildOptions, config: SiteConfig, today: date, memo: Memo,
                problems: Problems) -> Modelled | None:
    before = len(problems.items)  # the configuration's own warnings are reported afresh every build
    # Read every file under content/.
    files = memo.file_memo  # each file as the last build read and validated it, if it is as it was
    content = discover(options.root, problems.at(LOAD), files.read)
    if not content.documents and problems.has_errors():
        return None
    # Validate each document's front-matter against its kind's fields, and the data files.
    documents = validate_documents(content.documents, config, problems.at(VALIDATE), content.unread, files.validate)
    broken = left_out(content, documents)
    data = load_data(options.root, config, problems.at(VALIDATE))
    # Model the site: sections, URLs, what is published today, plans, catalogue, cross-file rules.
    site = build_site(config, data, documents, content.assets, today, options.drafts, problems.at(MODEL), broken,
                      files.check_alone)
    files.save()
    if site is None or not only_in(problems, broken):
        if site is not None:  # the build stops here; the single-veto findings are still told
            check_freshness(site, today, options.inspection, problems.at(DATES), broken, veto_only=True)
        return None
    reuse: dict[Task, TaskRecord] = {}
    digests = files.digests()
    if not problems.has_errors():
        if memo.previous is not None:  # before the kept model is replaced: it is what the edits are told from
            reuse = reusable_after_body_edits(memo.folder, memo.files, memo.templates, documents, site, files.earlier)
        # The model lives until the build ends: later collections need not walk it (build() thaws it). Not
        # collected first: that walked the whole model (0.1 s at 10,000 items) to free only argparse's cycles.
        gc.freeze()
        keep_model(memo, Model(documents, site, tuple(problems.items[before:]), tuple(digests)))
    return Modelled(documents, site, content if options.keep else None, reuse, digests)  # (the preview shows raws)


def render_and_check(options: BuildOptions, modelled: Modelled, memo: Memo, prerender: Prerender, sink: Path,
                     problems: Problems) -> Built:
    """Render every page into `sink` (the pages an edit leaves alone are linked from the last site), then
    check the rendered site. Files with errors are left out of the model; the rest is still rendered and
    checked, so that its links and pages are reported in this same run."""
    site, config = modelled.site, modelled.site.config
    publishing = options.write and not problems.has_errors()
    templates = Templates(options.root, make_environment(options.root, config.base_url, memo.compiled),
                          problems.at(TEMPLATE))
    templates.read_references(memo.references)
    renderer = Renderer(site, templates, problems.at(RENDER), options.search and publishing, memo.markdown)
    renderer.documents.seed(modelled.digests)
    job = Job(renderer, wording_check(renderer, options.inspection), sink, modelled.reuse, memo.previous)
    if options.search and publishing:
        try:
            copies_folder(sink).mkdir(exist_ok=True)
            job.copies = copies_folder(sink)
        except OSError:
            pass  # the index cuts them out of the pages
    if memo.model and publishing:  # pages are keyed by what they are rendered from, for this build and the next
        renderer.salt = memo.render_salt
        if memo.previous is not None and not modelled.reuse:  # (what an edit of templates or bodies left is taken whole)
            with collection_paused():  # (as the model: 0.08 s of 0.5 at 10,000 items went to collecting)
                job.last = last_outputs(memo.folder)
            renderer.known = job.last.outputs
            gc.freeze()  # as the model: the last build's records live until this one ends (hand_back_memory)
    if prerender.stop():
        memo.markdown.read_index()  # the packs the helper wrote
    before = len(problems.items)
    hand_back_memory()  # the render workers fork from what the model holds, not from what reading it left free
    outputs, scans = render_all(job, options.progress)
    rescan_taken(job, outputs, scans)
    pages = pack_last_pages(memo.model, memo.templates, memo.files, job.records, site) \
        if memo.model and publishing else b""
    job.records = Records()  # packed: the chunks need not stay in memory
    built = Built(site.today, outputs, dict(sorted(Counter(o.kind for o in outputs).items())), pages=pages)
    if options.keep and publishing and modelled.content is not None:
        raws = {raw.src_path: raw for raw in modelled.content.documents}
        built.snapshot = Snapshot(options, site, job, raws, (), folder_defaults(raws.values()))
    searchable = [(o.out_path, o.digest) for o in outputs if o.searchable]
    if options.search and publishing and searchable and not problems.has_errors():
        built.indexing = Indexing(sink, searchable, options.pages_per_index, memo.folder / "search", workers(),
                                  job.copies)
    try:
        if built.indexing is not None:
            built.indexing.launched.wait(LAUNCH)
        return check_rendered(options, modelled, built, scans, before, problems)
    except BaseException:
        if built.indexing is not None:
            built.indexing.stop()
        raise


def check_rendered(options: BuildOptions, modelled: Modelled, built: Built, scans: dict[str, PageScan], before: int,
                   problems: Problems) -> Built:
    """The checks of the rendered site, and of the documents as of today."""
    site, config, outputs = modelled.site, modelled.site.config, built.outputs
    # Freshness as of today: warnings that never stop a build; the single-veto ones fail an inspection.
    check_freshness(site, site.today, options.inspection, problems.at(DATES), site.broken)
    # A page a template failed to render would only show up again as dead links; what an editor wrote wrong
    # (a dead link in a body, a misspelt name) leaves its page rendered, and the checks below still run.
    if any(problem.leaves_pages_out for problem in problems.items[before:]):
        return built
    built.external = check_output(config, outputs, scans, body_lines(modelled.documents), problems.at(OUTPUT),
                                  options.root)
    if not site.broken:  # a report a left-out file holds would be told missing
        check_deadlines(site, modelled.documents, site.today, options.inspection, problems.at(DATES))
    return built


def check_output(config: SiteConfig, outputs: list[Output], scans: dict[str, PageScan], line_of: LineOf,
                 problems: Problems, root: Path | None = None) -> tuple[str, ...]:
    """The checks across the rendered pages: one path each, links and anchors, the site's identity."""
    check_paths(outputs, problems)
    scans = scan_outputs(outputs, scans)
    external = check_links(scans, {"/" + o.out_path.as_posix() for o in outputs}, config.base_url, line_of, problems,
                           allows=config.allows_host, commercial=config.commercial_host)
    check_identity({url: scan for url, scan in scans.items() if not scan.checked}, config, problems, root)
    return tuple(external)


def publish(options: BuildOptions, memo: Memo, staging: Path, built: Built, problems: Problems) -> BuildResult:
    """Write what is left to stage (attachments, styles), index the staged site and swap it in."""
    writing = problems.at(WRITE)
    result = BuildResult(problems, False, built.today, built.counts, built.external)
    indexing = built.indexing
    if stage(built.outputs, options.out_dir, writing, staging) is None:
        if indexing is not None:
            indexing.stop()
        return result
    if options.search:
        hand_back_memory()  # Pagefind needs about as much memory as the model did
        if indexing is not None:
            indexed = indexing.wait(writing)
        else:  # no page is searched: Pagefind indexes the whole staged site, styles and all
            indexed = build_index(staging, [], writing, options.pages_per_index, memo.folder / "search", workers())
        if not indexed:
            discard(staging)
            return result
    if not swap(staging, options.out_dir, writing):
        return result
    remember(memo, {"counts": built.counts, "problems": list(problems.items), "external": built.external}, built.pages)
    snapshot = built.snapshot
    if snapshot is not None:
        snapshot.job.sink = None
        snapshot = replace(snapshot, problems=tuple(problems.items))
    return BuildResult(problems, True, built.today, built.counts, built.external, snapshot=snapshot)


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
    90 MB more at 10,000 items while Pagefind runs beside it, and every render worker would start 30 MB larger."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory stays with the build until it ends
