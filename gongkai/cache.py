"""The rendered-Markdown cache in .cache/: a template or configuration edit re-renders pages without
converting their Markdown again. An entry is keyed by everything its HTML depends on; its links to other
content files are placeholders, filled in on every use (markup.Rendered.resolve)."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from functools import cache
from importlib import metadata

from gongkai.pickled import dump_texts, load_texts

# The libraries whose answers shape the output; their versions are part of every key.
SHAPING_LIBRARIES = ("Markdown", "Jinja2", "MarkupSafe", "nh3", "PyYAML", "chinesecalendar", "pagefind",
                     "pagefind_bin_extended",
                     "python-docx", "cbor2")
CACHE_DIR = "markdown"
PACK = ".pack"
SMALL_PACK = 16  # entries: packs smaller than this, or more than half unused, are merged when the cache is pruned


class MarkdownCache:
    """Entries are written in packs under <cache>/markdown/, one pack per render chunk and one per prerender
    helper, each ending with its own table of contents. A file per entry would make a cold build create a
    file for every document, which is slow on many disks. Render workers read only the entries their pages
    need, so no process holds a county site's rendered Markdown at once."""

    def __init__(self, folder: Path | None = None, writable: bool = True):
        self.folder = folder / CACHE_DIR if folder is not None else None
        self.writable = writable and folder is not None  # `check` touches nothing on disk
        self.memory: dict[str, object] = {}  # not written yet (or never, without a folder)
        self.used: set[str] = set()  # entries found valid or made in this build
        self.log: list[str] = []  # the same, in the order they were used (what each render task used)
        self.index: dict[str, tuple[str, int, int]] = {}  # key -> (pack, offset, length) of the packs on disk
        self.pending: list[tuple[str, bytes]] = []  # made since the last flush()
        self.open_packs: dict[str, BinaryIO] = {}  # this process's own
        self.read_index()

    @staticmethod
    def key(text: str, src_path: PurePosixPath, body_line: int) -> str:
        digest = hashlib.sha256()
        for part in (tool_digest(), str(src_path), str(body_line), text):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()

    def read_index(self) -> None:
        """Find out which entries the packs on disk hold (after another process wrote some)."""
        for handle in self.open_packs.values():
            handle.close()
        self.index, self.open_packs = {}, {}
        for name, table in self._packs().items():
            for key, (offset, length) in table.items():
                self.index[key] = (name, offset, length)

    def _packs(self) -> dict[str, dict[str, tuple[int, int]]]:
        packs = {}
        try:
            names = sorted(name for name in os.listdir(self.folder) if name.endswith(PACK))  # type: ignore[arg-type]
        except (OSError, TypeError):
            return {}
        for name in names:
            try:
                with open(self.folder / name, "rb") as handle:  # type: ignore[operator]
                    handle.seek(-8, os.SEEK_END)
                    size = int.from_bytes(handle.read(8), "little")
                    handle.seek(-8 - size, os.SEEK_END)
                    packs[name] = pickle.loads(handle.read(size))
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
                packs[name] = {}  # cut short or damaged: its entries are rendered again, prune() removes it
        return packs

    def get(self, key: str):
        rendered = self.memory.get(key)
        if rendered is None:
            where = self.index.get(key)
            if where is None:
                return None
            try:
                rendered = pickle.loads(self._read(*where))
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
                return None  # gone, or unreadable: rendered afresh
        self.used.add(key)
        self.log.append(key)
        return rendered

    def _read(self, name: str, offset: int, length: int) -> bytes:
        handle = self.open_packs.get(name)
        if handle is None:
            handle = self.open_packs[name] = open(self.folder / name, "rb")  # type: ignore[operator]
        return os.pread(handle.fileno(), length, offset)

    def has(self, key: str) -> bool:
        return key in self.memory or key in self.index

    def put(self, key: str, rendered) -> None:
        self.used.add(key)
        self.log.append(key)
        self.memory[key] = rendered
        if self.writable:
            self.pending.append((key, pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL)))

    def flush(self) -> str | None:
        """Write what was made since the last flush as one pack, and return its name. It appears under that
        name only once complete, so a build killed meanwhile leaves no pack cut short."""
        pending, self.pending = self.pending, []
        if not pending:
            return None
        name = hashlib.sha256("".join(key for key, _ in pending).encode()).hexdigest()[:32] + PACK
        table, chunks, offset = {}, [], 0
        for key, data in pending:
            table[key] = (offset, len(data))
            chunks.append(data)
            offset += len(data)
        footer = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            tmp = self.folder / f"{name}.{os.getpid()}.tmp"  # type: ignore[operator]
            with open(tmp, "wb") as handle:
                handle.write(b"".join(chunks) + footer + len(footer).to_bytes(8, "little"))
            os.replace(tmp, self.folder / name)  # type: ignore[operator]
        except OSError:
            return None  # the cache only saves time; a build never fails for it (the entries stay in memory)
        for key, (start, length) in table.items():
            self.index[key] = (name, start, length)
            self.memory.pop(key, None)
        return name

    def merge(self, used: set | tuple) -> None:
        self.used.update(used)

    def prune(self) -> None:
        """Delete the entries this build did not use, so the cache never outgrows the site: a pack none of
        whose entries were used goes; small packs, and packs mostly unused, are merged into a new one."""
        if not self.writable or not self.folder.is_dir():  # type: ignore[union-attr]
            return
        self.flush()
        for entry in os.scandir(self.folder):
            if entry.is_dir():
                shutil.rmtree(entry.path, ignore_errors=True)  # the one-file-per-entry layout of earlier versions
            elif not entry.name.endswith(PACK):
                Path(entry.path).unlink(missing_ok=True)  # a pack a killed build did not finish
        packs = self._packs()
        kept, merged = set(), []
        for name, table in packs.items():
            live = [key for key in table if key in self.used]
            if live and len(table) >= SMALL_PACK and 2 * len(live) >= len(table):
                kept.add(name)
            else:
                merged.append((name, live))
        if len(merged) == 1 and len(merged[0][1]) == len(packs[merged[0][0]]):
            return  # one small pack, all of it used: nothing to gain
        held = {key for name in kept for key in packs[name]}
        for name, live in merged:
            for key in live:
                if key not in held:
                    try:
                        self.pending.append((key, self._read(name, *packs[name][key])))
                    except OSError:
                        continue
                    held.add(key)
        copied = bool(self.pending)
        written = self.flush()
        if copied and written is None:
            return  # the merged pack could not be written: the old ones stay
        for name, _ in merged:
            if name != written:
                (self.folder / name).unlink(missing_ok=True)  # type: ignore[operator]


@cache
def tool_digest() -> str:
    """The code that is running: every source file of gongkai and the versions of Python and of the libraries
    that shape output. Part of every cache key, so that an upgrade or an edit of gongkai itself is never
    answered from entries an older gongkai made; computed once per process, as the code cannot change under it."""
    digest = hashlib.sha256(sys.version.encode() + b"\0")
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in SHAPING_LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\0".encode())
    return digest.hexdigest()


LAST_BUILD = "last-build.pickle"
MODEL = "model.pickle"
Stats = dict[str, tuple[int, int]]  # every input file, by its path under the root: (size, modification time in ns)


@dataclass(frozen=True)
class Model:
    """What load, validate and model made of content/ and site.yml, with the problems they reported."""

    documents: tuple
    site: object
    problems: tuple
    digests: tuple = ()  # (document, digest) as the file memo made them: the pages' keys are made of them


def model_key(root: Path, settings: tuple, files: Stats) -> str:
    """What the model depends on: content/ and site.yml (not the templates) and the settings; the tool
    itself is in every fingerprint."""
    return fingerprint(settings + (str(root.absolute()),), {f: s for f, s in files.items() if not is_template(f)})


def is_template(name: str) -> bool:
    """Whether an input file (by its path under the root, as in Stats) is one of the theme's."""
    return name.startswith("templates/")


def load_model(folder: Path, key: str | None) -> Model | None:
    """The kept model if it was made under `key` (any kept model for None)."""
    try:
        with open(folder / MODEL, "rb") as handle:
            if key is not None and pickle.load(handle) != key:
                return None  # the key is pickled first: a model that does not fit is not read
            if key is None:
                pickle.load(handle)
            model = load_texts(handle)
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
            dump_texts(model, handle)
        os.replace(tmp, folder / MODEL)
    except OSError:
        pass  # the cache only saves time; a build never fails for it


def input_files(root: Path) -> Stats:
    """Every file a build reads (content/, templates/ and site.yml), by its path under the root, with its size
    and modification time, in the order of their paths. One stat each and no pathlib: a no-op of a county
    archive asks this of 100,000 files."""
    files: Stats = {}
    for top in ("content", "templates", "site.yml"):
        base = root / top
        if base.is_file():
            stat = base.stat()
            files[top] = (stat.st_size, stat.st_mtime_ns)
        elif base.is_dir():
            found: list[tuple[list[str], tuple[int, int]]] = []
            _walk(str(base), [top], found)
            found.sort()  # by the parts of each path, as pathlib orders them
            files.update(("/".join(parts), stat) for parts, stat in found)
    return files


def _walk(folder: str, parts: list[str], found: list) -> None:
    """Files under `folder` (following links to files, not to folders, as Path.rglob does)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, parts + [entry.name], found)
            elif entry.is_file():
                stat = entry.stat()
                found.append((parts + [entry.name], (stat.st_size, stat.st_mtime_ns)))
        except OSError:
            continue  # gone while listed


def fingerprint(settings: tuple, files: Stats) -> str:
    """What a build's output depends on: every input file's path, size and modification time, and the settings."""
    digest = hashlib.sha256(tool_digest().encode())
    digest.update(repr(settings).encode())
    for name, (size, mtime) in files.items():
        digest.update(f"{name}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def relative(root: Path, path: Path) -> str:
    """path.relative_to(root) of a path input_files found under root, without pathlib's cost (a county site
    has a hundred thousand files, and a no-op build asks this of each)."""
    prefix = str(root)
    text = str(path)
    return text[len(prefix) + 1:] if text.startswith(prefix + "/") else path.relative_to(root).as_posix()


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
