"""Convert Markdown on the spare core while the main process loads, validates and models the site.

Those stages run on one core; a forked helper meanwhile fills the rendered-Markdown cache from the files
as they are on disk, so the render workers find much of a cold build's Markdown already converted. Its
entries are keyed like the renderer's (cache.MarkdownCache.key): one it guessed wrong is never used."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection, Iterable
from pathlib import Path, PurePosixPath

from gongkai.cache import MarkdownCache
from gongkai.load import MAX_FILE_BYTES, decode, split_body
from gongkai.markup import MarkdownConverter
from gongkai.problems import Problems
from gongkai.workers import PARALLEL_FROM, die_with, workers

# Entries written as a pack at a time: the helper holds each entry twice (converted and pickled) until it is
# written, and at 100,000 items it converts nearly all of them while the site is modelled (1.5 GB held at once).
FLUSH_EVERY = 2000


def sources(root: Path, files: Iterable[str]) -> list[tuple[Path, PurePosixPath]]:
    """The Markdown files discover() will read (of the input files, by their paths under the root), with
    their paths under content/."""
    found = []
    for name in files:
        if not name.startswith("content/") or not name.endswith(".md"):
            continue  # templates/, site.yml, not Markdown
        rel = PurePosixPath(name[len("content/"):])
        if rel.parts[0] != "_data" and not any(part.startswith(".") for part in rel.parts):
            found.append((root / name, rel))
    return found


class Prerender:
    """The helper process; stop() before the render workers start, so the two never write one entry."""

    def __init__(self, cache: MarkdownCache, root: Path, files: Collection[str]):
        """`files`: the input files, by their paths under the root; the helper picks the Markdown among them
        itself (listing them costs the main process 0.1 s at 10,000 items, before it can start modelling)."""
        self.process = None
        markdown = sum(1 for name in files if name.startswith("content/") and name.endswith(".md"))  # (about)
        if not cache.writable or markdown < PARALLEL_FROM or workers() < 2:
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.stopping = context.Event()
        self.process = context.Process(target=_convert_all, args=(cache, root, files, self.stopping, os.getpid()),
                                       daemon=True)
        self.process.start()

    def stop(self) -> bool:
        """Stop the helper; True if it ran (and so may have written packs)."""
        if self.process is None:
            return False
        self.stopping.set()
        self.process.join()
        self.process = None
        return True


def _convert_all(cache: MarkdownCache, root: Path, files: Collection[str], stopping, parent: int) -> None:
    die_with(parent)
    converter = MarkdownConverter()
    try:
        _convert(converter, cache, sources(root, files), stopping, parent)
    finally:
        cache.flush()


def _convert(converter: MarkdownConverter, cache: MarkdownCache, files: list[tuple[Path, PurePosixPath]], stopping,
             parent: int) -> None:
    for path, rel in files:
        if stopping.is_set() or os.getppid() != parent:  # the build moved on, or was killed
            return
        try:
            if path.is_symlink() or path.stat().st_size > MAX_FILE_BYTES:
                continue  # discover() decides about these
            text = decode(path.read_bytes(), "", Problems())
        except OSError:
            continue
        parts = split_body(text) if text is not None else None
        if parts is None:
            continue
        body, body_line = parts
        key = cache.key(body, rel, body_line)
        if not cache.has(key):
            cache.put(key, converter.render(body, rel, body_line))
            if len(cache.pending) >= FLUSH_EVERY:
                cache.flush()
