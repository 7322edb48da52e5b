"""The rendered-Markdown cache in .cache/: a template or configuration edit re-renders pages without
converting their Markdown again. An entry is keyed by everything its HTML depends on, and is checked on
use against the current URLs of the files it links to."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path, PurePosixPath
from typing import Callable

import markdown
import nh3

from gongkai import __version__

# Bumped whenever the Markdown pipeline changes what it produces for the same text.
FORMAT = f"gongkai {__version__} markdown {markdown.__version__} nh3 {getattr(nh3, '__version__', '')} v2"
CACHE_FILE = "markdown.pickle"


class MarkdownCache:
    def __init__(self, entries: dict | None = None):
        self.entries: dict[str, object] = entries or {}
        self.fresh: dict[str, object] = {}  # made in this build
        self.used: set[str] = set()  # found and still valid in this build

    @staticmethod
    def key(text: str, src_path: PurePosixPath, body_line: int, url: str) -> str:
        digest = hashlib.sha256()
        for part in (FORMAT, str(src_path), str(body_line), url, text):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()

    def get(self, key: str, link_for: Callable[[PurePosixPath], str | None]):
        rendered = self.entries.get(key) or self.fresh.get(key)
        if rendered is None:
            return None
        if any(link_for(target) != link for target, link in rendered.links):
            return None  # a linked file moved or appeared: the links in this HTML are stale
        self.used.add(key)
        return rendered

    def put(self, key: str, rendered) -> None:
        self.fresh[key] = rendered

    def merge(self, fresh: dict, used: set) -> None:
        self.fresh.update(fresh)
        self.used |= used

    def save(self, folder: Path) -> None:
        """Keep what this build used or made, so the cache never outgrows the site."""
        keep = {k: v for k, v in self.entries.items() if k in self.used}
        keep.update(self.fresh)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{CACHE_FILE}.{os.getpid()}"
        with open(tmp, "wb") as handle:
            pickle.dump(keep, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / CACHE_FILE)


def load_cache(folder: Path) -> MarkdownCache:
    """The cache from the last build; an unreadable or foreign cache is simply started afresh."""
    try:
        with open(folder / CACHE_FILE, "rb") as handle:
            entries = pickle.load(handle)
        return MarkdownCache(entries if isinstance(entries, dict) else None)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return MarkdownCache()


LAST_BUILD = "last-build.pickle"


def fingerprint(root: Path, settings: tuple) -> str:
    """What a build's output depends on: every input file's path, size and modification time, and the settings."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(repr(settings).encode())
    for top in ("content", "templates", "site.yml"):
        base = root / top
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        for path in paths:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def output_stamp(out_dir: Path) -> tuple:
    """Identifies the output folder a build produced (a swap gives it a new inode)."""
    try:
        stat = out_dir.stat()
        return (stat.st_ino, stat.st_mtime_ns)
    except OSError:
        return ()


def load_last(folder: Path) -> dict:
    try:
        with open(folder / LAST_BUILD, "rb") as handle:
            last = pickle.load(handle)
        return last if isinstance(last, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return {}


def save_last(folder: Path, record: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{LAST_BUILD}.{os.getpid()}"
    with open(tmp, "wb") as handle:
        pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, folder / LAST_BUILD)
