"""The rendered-Markdown cache in .cache/: a template or configuration edit re-renders pages without
converting their Markdown again. An entry is keyed by everything its HTML depends on; its links to other
content files are placeholders, filled in on every use (markup.Rendered.resolve)."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import chinese_calendar
import markdown
import nh3

from gongkai import __version__

# Bumped whenever the Markdown pipeline changes what it produces for the same text.
FORMAT = f"gongkai {__version__} markdown {markdown.__version__} nh3 {getattr(nh3, '__version__', '')} v6"
CACHE_DIR = "markdown"


class MarkdownCache:
    """One file per entry under <cache>/markdown/, named by its key: render workers read what their pages
    need and write what they render, so no process holds a county site's rendered Markdown at once."""

    def __init__(self, folder: Path | None = None, writable: bool = True):
        self.folder = folder / CACHE_DIR if folder is not None else None
        self.writable = writable and folder is not None  # `check` touches nothing on disk
        self.memory: dict[str, object] = {}  # without a folder (tests, one-off use)
        self.used: set[str] = set()  # entries found valid or made in this build
        self.log: list[str] = []  # the same, in the order they were used (what each render task used)
        self.shards: set[str] = set()  # sub-folders known to exist
        self.known: set[str] | None = None  # every entry on disk, once take_stock() ran: others are not looked for

    @staticmethod
    def key(text: str, src_path: PurePosixPath, body_line: int) -> str:
        digest = hashlib.sha256()
        for part in (FORMAT, str(src_path), str(body_line), text):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key  # type: ignore[operator]

    def take_stock(self) -> None:
        """List the entries on disk. Worth it only when few exist (a cold build's, made by the prerender
        helper): every other key is then known to be missing without a failed open() each."""
        self.known = set()
        if self.folder is not None and self.folder.is_dir():
            for shard in os.scandir(self.folder):
                if shard.is_dir():
                    self.known.update(os.listdir(shard.path))

    def get(self, key: str):
        rendered = self.memory.get(key)
        if rendered is None and self.folder is not None and (self.known is None or key in self.known):
            try:
                rendered = pickle.loads(self._path(key).read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
                return None  # missing, or unreadable: rendered afresh
        if rendered is None:
            return None
        self.used.add(key)
        self.log.append(key)
        return rendered

    def has(self, key: str) -> bool:
        return key in self.memory or (self.folder is not None and self._path(key).exists())

    def put(self, key: str, rendered) -> None:
        self.used.add(key)
        self.log.append(key)
        if not self.writable:
            self.memory[key] = rendered
            return
        path = self._path(key)
        try:
            if key[:2] not in self.shards:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.shards.add(key[:2])
            # Written in place: an entry cut short by a crash fails to unpickle and is simply rendered again.
            path.write_bytes(pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL))
            if self.known is not None:
                self.known.add(key)
        except OSError:
            self.memory[key] = rendered  # the cache only saves time; a build never fails for it

    def merge(self, used: set | tuple) -> None:
        self.used.update(used)

    def prune(self) -> None:
        """Delete the entries this build did not use, so the cache never outgrows the site."""
        if not self.writable or not self.folder.is_dir():  # type: ignore[union-attr]
            return
        (self.folder.parent / "markdown.pickle").unlink(missing_ok=True)  # the single-file cache of 0.1
        for shard in self.folder.iterdir():  # type: ignore[union-attr]
            for path in shard.iterdir() if shard.is_dir() else ():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


LAST_BUILD = "last-build.pickle"
MODEL = "model.pickle"
Stats = dict[Path, tuple[int, int]]  # every input file: (size, modification time in ns)


@dataclass(frozen=True)
class Model:
    """What load, validate and model made of content/ and site.yml, with the problems they reported."""

    documents: tuple
    site: object
    problems: tuple


def model_key(root: Path, settings: tuple, files: Stats) -> str:
    """What the model depends on: content/ and site.yml (not the templates), the settings, and the
    libraries whose answers it keeps (the official calendar decides deadlines)."""
    versions = (sys.version, getattr(chinese_calendar, "__version__", ""), str(root.absolute()))
    return fingerprint(root, settings + versions, {f: s for f, s in files.items() if not is_template(root, f)})


def is_template(root: Path, path: Path) -> bool:
    return path.parts[len(root.parts)] == "templates"


def load_model(folder: Path, key: str | None) -> Model | None:
    """The kept model if it was made under `key` (any kept model for None)."""
    try:
        with open(folder / MODEL, "rb") as handle:
            if key is not None and pickle.load(handle) != key:
                return None  # the key is pickled first: a model that does not fit is not read
            if key is None:
                pickle.load(handle)
            model = pickle.load(handle)
        return model if isinstance(model, Model) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None


def save_model(folder: Path, key: str, model: Model) -> None:
    """Keep one model: a template edit's rebuild starts from it (unpickling is a quarter of the work)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{MODEL}.{os.getpid()}"
        with open(tmp, "wb") as handle:
            pickle.dump(key, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / MODEL)
    except OSError:
        pass  # the cache only saves time; a build never fails for it


def input_files(root: Path) -> Stats:
    """Every file a build reads (content/, templates/ and site.yml), with its size and modification time."""
    files: Stats = {}
    for top in ("content", "templates", "site.yml"):
        base = root / top
        if base.is_file():
            paths = [base]
        elif base.is_dir():
            paths = sorted(p for p in base.rglob("*") if p.is_file())
        else:
            continue
        for path in paths:
            stat = path.stat()
            files[path] = (stat.st_size, stat.st_mtime_ns)
    return files


def fingerprint(root: Path, settings: tuple, files: Stats) -> str:
    """What a build's output depends on: every input file's path, size and modification time, and the settings."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(repr(settings).encode())
    for path, (size, mtime) in files.items():
        digest.update(f"{path.relative_to(root)}\0{size}\0{mtime}\n".encode())
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
