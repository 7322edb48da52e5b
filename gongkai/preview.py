"""The preview's rebuilds: every save runs the build (compile into staging, swap into the preview's own
folder), the same as `build` with the same options. While it runs, an edited page is shown at once: a
provisional copy rendered against the last build's model, which the build that follows replaces."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from gongkai.load import read_document
from gongkai.model.site import BODY_READ_BY_MODEL, hidden_reason, publish
from gongkai.model.urls import document_url
from gongkai.pipeline import BuildOptions, Snapshot, build
from gongkai.problems import Problems
from gongkai.validate import validate_document
from gongkai.workers import check_text


@dataclass(frozen=True)
class Update:
    problems: Problems
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
            if self.snapshot is not None:
                _look_up_pages(self.snapshot)
        return Update(result.problems, written=result.written)

    def update(self, changed: set[Path], options: BuildOptions | None = None,
               first_look: Callable[[], None] | None = None,
               early: Callable[[Problems], None] | None = None) -> Update:
        """Build again after the files in `changed` were saved, created or deleted. When one page was edited,
        its new version is written first and `first_look` called; a build that leaves files out for their
        errors tells `early` before it checks the rest."""
        options = options or self.options
        self.pending |= changed
        shown = None
        if self.snapshot is not None and _same(self.snapshot.options, options) and first_look:
            shown = page_first(self.snapshot, self.pending)
            if shown is not None:
                first_look()
        update = self.full(options, early)
        if shown is not None and not update.written:  # the last good site stays served, that page included
            _replace_file(*shown)
        return update


def _look_up_pages(snapshot: Snapshot) -> None:
    """Make the model's lookups across pages that a first look reads (each page by its file, consultations by
    their results) now, while the editor reads the page, not at the next save: the render workers made their
    own, and at 100,000 items making them took 0.2 s of the first look."""
    snapshot.site.page_at, snapshot.site.consultations_of  # noqa: B018 (cached properties)


def _same(built: BuildOptions, options: BuildOptions) -> bool:
    """Whether the last build had these options, whatever the clock said then (the build that follows the
    first look decides the day)."""
    return built == replace(options, keep=True, clock_today=built.clock_today)


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
    doc = validate_document(raw, site.config, problems, snapshot.defaults)  # (not made again: 0.1 s at 100,000 items)
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


def _replace_file(target: Path, data: bytes) -> None:
    """Replace a served file in one step, so the preview never serves half a page."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, target)
