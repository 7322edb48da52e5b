"""The preview's quick path: an edit to an article's body re-renders that one page against the model of the
last full build, and everything else goes through the full (cached) build.

A body is read by nothing but its own page, except where the model itself reads it (BODY_READ_BY_MODEL):
those kinds, front-matter edits, new, deleted and index files, templates and configuration take the full build.
The test in tests/test_incremental.py holds the result byte-identical to a cold build."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from gongkai.checks.html import Chrome, PageScan, scan_page
from gongkai.checks.identity import check_identity
from gongkai.checks.links import check_links
from gongkai.load import read_document
from gongkai.model.site import BODY_READ_BY_MODEL, Page, hidden_reason, publish
from gongkai.model.urls import document_url, out_path, page_url
from gongkai.pipeline import BuildOptions, Snapshot, build
from gongkai.problems import FROM_THE_BODY, LOAD, OUTPUT, RENDER, TEMPLATE, Problem, Problems
from gongkai.render.views import Output
from gongkai.validate import folder_defaults, validate_document
from gongkai.workers import check_text
from gongkai.write import io_error




@dataclass(frozen=True)
class Update:
    problems: Problems
    quick: bool  # True when only the edited pages were re-rendered
    written: bool


class Preview:
    """What the preview server rebuilds with: the last good build's snapshot, or a full build."""

    def __init__(self, options: BuildOptions):
        self.snapshot: Snapshot | None = None
        self.options = options
        self.pending: set[Path] = set()  # saved since the snapshot: a failed rebuild leaves them pending

    def full(self, options: BuildOptions | None = None, early: Callable[[Problems], None] | None = None) -> Update:
        result = build(replace(options or self.options, keep=True), early)
        if result.written:
            self.snapshot, self.pending = result.snapshot, set()
        return Update(result.problems, quick=False, written=result.written)

    def update(self, changed: set[Path], options: BuildOptions | None = None,
               first_look: Callable[[], None] | None = None,
               early: Callable[[Problems], None] | None = None) -> Update:
        """Rebuild after the files in `changed` were saved, created or deleted. When that takes the full
        build and the edited page itself can be shown sooner, it is written first and `first_look` called;
        a full build that leaves files out for their errors tells `early` before it checks the rest."""
        options = options or self.options
        self.pending |= changed
        if self.snapshot is not None and self.snapshot.options == replace(options, keep=True):
            quick = quick_update(self.snapshot, self.pending)
            if quick is not None:
                self.snapshot, update = quick
                if update.written:
                    self.pending = set()
                return update
            shown = page_first(self.snapshot, self.pending) if first_look is not None else None
            if shown is not None:
                first_look()
                update = self.full(options, early)
                if not update.written:  # the last good site stays served, that page included
                    _replace_file(*shown)
                return update
        return self.full(options, early)


def quick_update(snapshot: Snapshot, changed: set[Path]) -> tuple[Snapshot, Update] | None:
    """Re-render the pages whose bodies alone changed; None when the change needs the full build."""
    options, site, job = snapshot.options, snapshot.site, snapshot.job
    renderer = job.renderer
    root, out_dir = options.root, options.out_dir
    fresh = Problems()
    raws = dict(snapshot.raws)
    pages: list[Page] = []
    for path in sorted(changed):
        rel = _content_path(root, path)
        old = raws.get(rel) if rel is not None else None
        if old is None or rel.name == "_index.md" or not path.is_file():
            return None
        raw = read_document(root, path, fresh.at(LOAD))
        if raw is None or raw.meta != old.meta or raw.body_line != old.body_line:
            return None  # unreadable, or the front-matter changed: the full build says what
        raws[rel] = raw
        page = site.page_at.get(rel)
        if page is None:
            if rel in site.hidden:
                continue  # not published: nothing shows its body
            return None
        if page.kind in BODY_READ_BY_MODEL:
            return None
        pages.append(replace(page, doc=replace(page.doc, body=raw.body), body=raw.body))

    renderer.problems, renderer.templates.problems = fresh.at(RENDER), fresh.at(TEMPLATE)
    outputs = [output for output in map(renderer.render_page, pages) if output is not None]
    for page in pages:
        check_text(job, page.doc, page.body, fresh.at(RENDER))
    renderer.cache.flush()
    chrome = Chrome()
    scans = {page_url(o.out_path): scan_page(o, chrome) for o in outputs}
    for url, scan in scans.items():
        if scan.ids != (_scan_on_disk(out_dir, url) or PageScan("", "")).ids:
            return None  # other pages may link to an anchor that came or went: check them all
    check_links(scans, _OnDisk(out_dir), site.config.base_url, root, fresh.at(OUTPUT), lambda url: _scan_on_disk(out_dir, url),
                site.config.allows_host)
    check_identity(scans, site.config, fresh.at(OUTPUT))

    labels = {f"content/{rel}" for rel in raws if raws[rel] is not snapshot.raws[rel]}
    problems = Problems()
    for problem in _kept(snapshot.problems, labels) + fresh.items:
        problems.add(problem)
    if problems.has_errors():
        return snapshot, Update(problems, quick=True, written=False)  # the last good site stays
    try:
        for output in outputs:
            _replace_file(out_dir / output.out_path, output.data or b"")
    except OSError as exc:
        io_error(problems, out_dir, exc)
        return snapshot, Update(problems, quick=True, written=False)
    return replace(snapshot, raws=raws, problems=tuple(problems.items)), Update(problems, quick=True, written=True)


def page_first(snapshot: Snapshot, changed: set[Path]) -> tuple[Path, bytes] | None:
    """Write the new version of one edited page at once, rendered against the last build's model, so the
    editor sees a changed title or date in a moment; the full build that follows brings every list, feed
    and related page up to date (and decides the final page). Only for a valid, still-published page
    whose address and kind stay the same. Returns the file and what it held before."""
    options, site, job = snapshot.options, snapshot.site, snapshot.job
    renderer = job.renderer
    if len(changed) != 1:
        return None
    path = next(iter(changed))
    rel = _content_path(options.root, path)
    page = site.page_at.get(rel) if rel is not None else None
    if page is None or page.kind in BODY_READ_BY_MODEL or not path.is_file():
        return None
    problems = Problems()
    raw = read_document(options.root, path, problems)
    if raw is None:
        return None
    defaults = folder_defaults(snapshot.raws.values())
    doc = validate_document(raw, site.config, problems, defaults)
    if (doc is None or problems.has_errors() or doc.kind != page.kind or document_url(doc) != page.url
            or (not options.drafts and hidden_reason(doc.meta, site.today))):
        return None
    renderer.problems = renderer.templates.problems = problems
    page = publish(doc)
    output = renderer.render_page(page)
    check_text(job, page.doc, page.body, problems)
    renderer.cache.flush()  # the full build that follows finds it
    if output is None or problems.has_errors():
        return None
    target = options.out_dir / output.out_path
    try:
        before = target.read_bytes()
        _replace_file(target, output.data or b"")
    except OSError:
        return None
    return target, before


def _content_path(root: Path, path: Path) -> PurePosixPath | None:
    """A saved file's path under content/, as the model keys documents; None for anything else."""
    try:
        return PurePosixPath(path.relative_to(root / "content").as_posix())
    except ValueError:
        return None


def _kept(problems: tuple[Problem, ...], labels: set[str]) -> list[Problem]:
    return [p for p in problems if not (p.path in labels and p.stage in FROM_THE_BODY)]


class _OnDisk:
    """The output folder of the last good build as the set of "/path" its link check resolves against."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and (self.out_dir / url.lstrip("/")).is_file()


def _scan_on_disk(out_dir: Path, url: str) -> PageScan | None:
    path = out_dir / out_path(url)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return scan_page(Output(PurePosixPath(path.relative_to(out_dir).as_posix()), "", "", data=data))


def _replace_file(target: Path, data: bytes) -> None:
    """Replace a served file in one step, so the preview never serves half a page."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, target)
