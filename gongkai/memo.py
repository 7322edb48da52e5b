"""What a build may take from the last one, under keys made of its inputs and of the code that runs.

The steps share one folder (.cache/): the whole build (every input file, the settings and the tool: a
no-op answers with the site in place), load → validate → model (content/ and site.yml: a template edit
starts from the kept model), each render task (reuse.py: its templates and the model), each page (its
template and the views it is rendered from; a single page's, what it reads: reuse.LastOutputs), each body's
Markdown (cache.MarkdownCache), each compiled template (Jinja's bytecode cache) and which templates it pulls in
(by its source), and each search slice (search_index.py: what the index reads of its pages, with the search
copies Pagefind read).
Deleting the folder costs time, never correctness."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
from functools import cached_property
from datetime import date
from pathlib import Path

from gongkai.cache import (MarkdownCache, Model, Stats, fingerprint, input_files, load_last, load_model, model_key,
                           output_stamp, save_last, save_model, tool_digest)
from gongkai.file_memo import FileMemo
from gongkai.reuse import save_last_pages, template_digests
from gongkai.workers import die_with, workers


class Memo:
    """The memo folder as one build sees it. Only the whole build's key is worked out at once: a no-op
    reads nothing more; the rest is found when the build asks for it."""

    def __init__(self, root: Path, folder: Path, out_dir: Path, shaping: tuple, write: bool, keep: bool):
        self.root, self.folder, self.out_dir, self.shaping = root, folder, out_dir, shaping
        self.writable = write  # `check` keeps nothing on disk
        self.keep_model = write and not keep  # the preview keeps its model in memory instead
        self.files: Stats = input_files(root) if write else {}  # every input file, with its size and time
        self.stamp = fingerprint(shaping, self.files) if write else ""  # the whole build's key
        self.last: dict = load_last(folder) if write else {}  # the record of the last build written
        self.saving: multiprocessing.process.BaseProcess | None = None  # the process keeping this build's model

    @cached_property
    def model(self) -> str:
        """The key of load → validate → model; "" when the model is not kept."""
        return model_key(self.root, self.shaping, self.files) if self.keep_model else ""

    @cached_property
    def previous(self) -> Path | None:
        """The site the last build wrote, still in place: its pages can be linked, not rendered again."""
        in_place = bool(self.last) and self.last.get("output") == output_stamp(self.out_dir)
        return self.out_dir if self.model and in_place else None

    @cached_property
    def templates(self) -> dict[str, str]:
        """Every template's digest, when the model is kept."""
        return template_digests(self.root) if self.model else {}

    @cached_property
    def site_yml(self) -> bytes:
        try:
            return (self.root / "site.yml").read_bytes()
        except OSError:
            return b""

    @cached_property
    def render_salt(self) -> str:
        """What every page's key holds besides its own context: gongkai itself, the settings and site.yml."""
        return hashlib.sha256(f"{tool_digest()}\0{self.shaping!r}\0".encode() + self.site_yml).hexdigest()

    @cached_property
    def read_salt(self) -> str:
        """What reading and validating a file depends on besides the file: gongkai and site.yml."""
        return hashlib.sha256(tool_digest().encode() + b"\0" + self.site_yml).hexdigest()

    @cached_property
    def file_memo(self) -> FileMemo:
        return FileMemo(self.folder if self.writable else None, self.read_salt, self.files, self.root)

    @cached_property
    def compiled(self) -> Path | None:
        """Where Jinja keeps the templates it compiled (its bytecode cache; None for `check`). Jinja checks a
        template's source but not the environment's options, so the folder is this gongkai's own."""
        if not self.writable:
            return None
        return compiled_templates(self.folder / "templates", tool_digest()[:16])

    @property
    def references(self) -> Path | None:
        """Which templates each template pulls in (render.templates.read_references), beside the compiled ones."""
        return self.compiled / "references.pickle" if self.compiled is not None else None

    @cached_property
    def markdown(self) -> MarkdownCache:
        return MarkdownCache(self.folder, writable=self.writable)


def compiled_templates(parent: Path, name: str) -> Path | None:
    """The folder `name` under `parent`, made, with any other gongkai's folder beside it removed."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        for entry in parent.iterdir():
            if entry.name != name:
                shutil.rmtree(entry, ignore_errors=True)
        (parent / name).mkdir(exist_ok=True)
    except OSError:
        return None  # compiled again in every build
    return parent / name


def settings(out_dir: Path, today: date, drafts: bool, base_url: str, search: bool) -> tuple:
    """The options that shape a build's output, besides its input files."""
    return (str(out_dir.absolute()), today.isoformat(), drafts, base_url, search)


def replay(memo: Memo) -> dict | None:
    """The last build's record, when every input is as it was and its site is still in place."""
    last = memo.last
    if memo.stamp and last.get("fingerprint") == memo.stamp and last.get("output") == output_stamp(memo.out_dir):
        return last
    return None


def kept_model(memo: Memo) -> Model | None:
    return load_model(memo.folder, memo.model) if memo.model else None


def keep_model(memo: Memo, model: Model) -> None:
    """Keep the model for the next build. Pickling it takes a twentieth of a cold build, and about as long as
    publishing one item spends rendering on each core: a forked process does it on the core that is idle
    between modelling and rendering (the Markdown helper is done with it by then), and settle() waits for it."""
    if not memo.model:
        return
    if workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        save_model(memo.folder, memo.model, model)
        return
    settle(memo)
    memo.saving = multiprocessing.get_context("fork").Process(
        target=_save_apart, args=(memo.folder, memo.model, model, os.getpid()), daemon=True)
    memo.saving.start()


def _save_apart(folder: Path, key: str, model: Model, parent: int) -> None:
    die_with(parent)  # a model cut short is never read: it appears under its name only once written
    save_model(folder, key, model)


def settle(memo: Memo) -> None:
    """Wait until the model is kept: before the build returns, so that the next one finds it."""
    if memo.saving is not None:
        memo.saving.join()
        memo.saving = None


def remember(memo: Memo, record: dict, pages: bytes) -> None:
    """After a successful swap: what the next build may reuse."""
    save_last_pages(memo.folder, pages)
    try:
        memo.markdown.prune()
        save_last(memo.folder, {"fingerprint": memo.stamp, "output": output_stamp(memo.out_dir), **record})
    except OSError:
        pass  # the cache only saves time; a build never fails for it
