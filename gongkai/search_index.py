"""The static search index: Pagefind's extended build (it segments Chinese), run on the staged site, offline."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from gongkai.cache import tool_digest
from gongkai.model.urls import INDEX_DIR
from gongkai.problems import Problems
from gongkai.render.search_text import search_copy, search_digest
from gongkai.search_bundle import NAMED_BY_CONTENT, leave_chinese_queries_to_the_page, make_deterministic

PAGES_PER_INDEX = 1000  # Pagefind holds about 120 KB per page while it indexes; slices keep that bounded
MAX_INDEXES = 32  # the search page merges every slice's bundle: past this many, slices grow instead
MORE_DIR = "more"  # the further slices' bundles, under the main one; merged by the search page
MERGE_SCRIPT = "merge.js"
SLICES = "slices.json"  # in the memo folder: the keys of the last build's slices, in order
# Beside a kept slice's bundle, <key>.pages holds what Pagefind read for it (the pages' search copies), with
# a list of their digests: the slice's next version writes only the copies of the pages that changed.
INPUTS = ".pages"
MANIFEST = "pages.json"  # Pagefind reads only .html files
TIMEOUT = 1800  # seconds a slice may take


Page = tuple[PurePosixPath, str]  # a searchable page in the staged site, and the digest of its bytes


class Indexing:
    """build_index in a thread of its own, begun once the pages are rendered: the rendered site is checked
    meanwhile, on the core Pagefind leaves. stop() ends it, and the Pagefind processes it runs, when the checks
    stop the build."""

    def __init__(self, staging: Path, searchable: list[Page], pages_per_index: int, memo: Path | None, processes: int,
                 copies: Path | None = None):
        self.problems = Problems()  # its own: the checks report into the build's meanwhile
        self.lock = threading.Lock()
        self.running: set[subprocess.Popen] = set()
        self.stopped = False
        self.done = False
        self.failed: Exception | None = None  # raised again where the build waits, as if it had indexed there
        # Set once Pagefind runs (or nothing is left to run): the checks begin then, not before, so that slicing
        # the pages and putting their copies in place do not wait for the interpreter while the checks hold it.
        self.launched = threading.Event()
        self.thread = threading.Thread(target=self._build, args=(staging, searchable, pages_per_index, memo, processes,
                                                                 copies), daemon=True)
        self.thread.start()

    def _build(self, staging: Path, searchable: list[Page], pages_per_index: int, memo: Path | None,
               processes: int, copies: Path | None) -> None:
        try:
            self.done = build_index(staging, searchable, self.problems, pages_per_index, memo, processes, self, copies)
        except Exception as exc:  # noqa: BLE001 (the build's thread raises it)
            self.failed = exc
        finally:
            self.launched.set()

    def wait(self, problems: Problems) -> bool:
        """Whether the index was built; what it found is told to `problems`."""
        self.thread.join()
        if self.failed is not None:
            raise self.failed
        for problem in self.problems.items:
            problems.add(problem)
        return self.done

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            for process in self.running:
                process.kill()
        self.thread.join()

    def run(self, command: list[str]) -> subprocess.CompletedProcess | None:
        """Run one Pagefind; None when the indexing was stopped."""
        with self.lock:
            if self.stopped:
                return None
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            self.running.add(process)
        self.launched.set()
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
        finally:
            with self.lock:
                self.running.discard(process)
        return None if self.stopped else subprocess.CompletedProcess(command, process.returncode, out, err)


def build_index(staging: Path, searchable: list[Page], problems: Problems, pages_per_index: int = PAGES_PER_INDEX,
                memo: Path | None = None, processes: int = 1, indexing: Indexing | None = None,
                copies: Path | None = None) -> bool:
    """Index the staged site in place, in slices of about pages_per_index of its searchable pages (at most
    MAX_INDEXES of them) that the search page merges; a failure is reported and the site is not published.
    A page's slice follows from its path alone, so an edit changes one slice: with a `memo` folder, a slice
    whose pages read as those of a slice indexed before (search_digest) is copied from there, not indexed again.
    The slices left to index run `processes` at a time; the pages' search copies are taken from `copies`
    (named by their digests) where the render workers wrote them."""
    if not searchable:
        memo = None  # Pagefind then indexes every page of the site: not a slice of known pages
    elif memo is not None:
        try:
            memo.mkdir(parents=True, exist_ok=True)
        except OSError:
            memo = None  # the memo only saves time
    slices = _slices([(path, digest or search_digest((staging / path).read_bytes())) for path, digest in searchable],
                     pages_per_index)
    bundle = staging / INDEX_DIR
    keys = [_slice_key(chosen) for chosen in slices]
    outputs = [bundle if number == 0 else bundle / MORE_DIR / str(number) for number in range(len(slices))]
    kept = [number for number in range(len(slices)) if memo is not None and (memo / keys[number]).is_dir()]
    todo = [number for number in range(len(slices)) if number not in kept]
    found = {number: Problems(stage=problems.stage) for number in range(len(slices))}
    last = _last_keys(memo) if memo is not None else []

    def index(number: int) -> bool:
        folder = None if memo is None else memo / f"{keys[number]}{INPUTS}"
        if memo is not None and number < len(last):
            _link_named(memo / last[number], outputs[number])
            if last[number] not in keys:  # (a slice kept whole keeps its copies)
                _take(memo / f"{last[number]}{INPUTS}", folder)  # type: ignore[arg-type]
        pages = slices[number] if searchable else None
        return _index(staging, pages, outputs[number], found[number], f".slice{number}", indexing, folder, copies)

    with ThreadPoolExecutor(max(1, processes)) as pool:  # threads that wait for Pagefind's processes
        running = [pool.submit(index, number) for number in todo]
        # Meanwhile the kept slices are put in place; one that cannot be is indexed after all.
        again = [number for number in kept if not _link_tree(memo / keys[number], outputs[number])]  # type: ignore[operator]
        running += [pool.submit(index, number) for number in again]
        done = [future.result() for future in running]
    todo = sorted(todo + again)
    for problem in (problem for number in todo for problem in found[number].items):
        problems.add(problem)  # in the slices' order, however the processes finished
    if not all(done):
        return False
    for number in todo:
        if not _finish(outputs[number], memo / keys[number] if memo is not None else None, problems):
            return False
    more = [f"{MORE_DIR}/{number}/" for number in range(1, len(slices))]
    (bundle / MERGE_SCRIPT).write_text(f"window.gongkaiIndexes = {json.dumps(more)};\n", "utf-8")
    if memo is not None:
        _prune(memo, set(keys) | {key + INPUTS for key in keys})
        try:
            (memo / SLICES).write_text(json.dumps(keys), "utf-8")
        except OSError:
            pass
    return True


def _slices(searchable: list[Page], pages_per_index: int) -> list[list[Page]]:
    # A power of two: the slices are reshuffled only when the site doubles, not whenever it passes a multiple.
    count = min(MAX_INDEXES, 1 << max(0, -(-len(searchable) // pages_per_index) - 1).bit_length())
    slices: list[list[Page]] = [[] for _ in range(count)]
    for page in sorted(searchable, key=lambda page: str(page[0])):
        slices[_slot(page[0], count)].append(page)
    return [chosen for chosen in slices if chosen] or [[]]  # a slot no page fell in is no slice: Pagefind refuses it


def _finish(output: Path, keep: Path | None, problems: Problems) -> bool:
    """A slice just indexed: made deterministic, fit for Chinese queries and kept in the memo folder."""
    make_deterministic(output)
    if not leave_chinese_queries_to_the_page(output):
        problems.error("GK530", "", 0, "站内搜索：安装的 Pagefind 与 gongkai 不配套，中文检索词会被浏览器切碎、搜不全",
                       "按 README 重新安装（make setup），使用 pyproject.toml 指定的 Pagefind 版本")
        return False
    if keep is not None:
        _keep(output, keep)
    return True


def _slot(path: PurePosixPath, count: int) -> int:
    """The slice a page belongs to: from its path, so that adding a page leaves the other slices as they were."""
    return int.from_bytes(hashlib.blake2b(str(path).encode("utf-8"), digest_size=8).digest(), "big") % count


def _slice_key(pages: list[Page]) -> str:
    digest = hashlib.sha256(tool_digest().encode())
    digest.update("".join(f"{path}\0{page_digest}\n" for path, page_digest in pages).encode("utf-8"))
    return digest.hexdigest()[:32]


def _link_tree(source: Path, target: Path) -> bool:
    """Put a kept slice in place (hard links where the file system has them); False if none is kept."""
    if not source.is_dir():
        return False
    try:
        shutil.copytree(source, target, copy_function=_link_or_copy, dirs_exist_ok=True)
    except OSError:
        _clear(target)
        return False
    return True


def _clear(bundle: Path) -> None:
    """Empty a slice's bundle folder before it is indexed after all (the other slices' are under slice 0's)."""
    try:
        for entry in list(bundle.iterdir()) if bundle.is_dir() else ():
            if entry.is_dir() and entry.name != MORE_DIR:
                shutil.rmtree(entry, ignore_errors=True)
            elif not entry.is_dir():
                entry.unlink(missing_ok=True)
    except OSError:
        pass  # (a disk that fails here fails Pagefind after it too)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _last_keys(memo: Path) -> list[str]:
    try:
        keys = json.loads((memo / SLICES).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [key for key in keys if isinstance(key, str) and key.isalnum()] if isinstance(keys, list) else []


def _link_named(kept: Path, output: Path) -> None:
    """Start a slice's bundle with the content-named files of a kept slice. Pagefind leaves them as they are,
    so they may be links; those this slice does not name are removed once it is indexed (make_deterministic)."""
    for name in NAMED_BY_CONTENT:
        if not (kept / name).is_dir():
            continue
        try:
            shutil.copytree(kept / name, output / name, copy_function=_link_or_copy, dirs_exist_ok=True)
        except OSError:
            shutil.rmtree(output / name, ignore_errors=True)  # indexed as from nothing


def _keep(output: Path, folder: Path) -> None:
    """Keep a slice just indexed (its bundle only: slice 0's holds the others' folder later)."""
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(output, tmp, copy_function=_link_or_copy, ignore=shutil.ignore_patterns(MORE_DIR))
        os.replace(tmp, folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # the memo only saves time


def _prune(memo: Path, kept: set[str]) -> None:
    """Keep only the slices of this build: the folder never outgrows the site."""
    for entry in memo.iterdir():
        if entry.name not in kept and entry.name != SLICES:
            shutil.rmtree(entry, ignore_errors=True)


def _index(staging: Path, pages: list[Page] | None, output: Path, problems: Problems, name: str = ".slice",
           indexing: Indexing | None = None, folder: Path | None = None, copies: Path | None = None) -> bool:
    """Run Pagefind over the staged site, or over just `pages` of it: what the index reads of each, written
    into a folder of their own so that their URLs stay the same. That is `folder` in the memo, kept once the
    slice is indexed; without one, `name` beside the staging folder, removed (like staging after a kill)."""
    site = staging if pages is None else folder or staging.parent / f"{staging.name}{name}"
    indexed = False
    try:
        indexed = _run_pagefind(staging, pages, site, output, problems, indexing, copies)
        return indexed
    finally:
        if site != staging and not (indexed and site == folder):
            shutil.rmtree(site, ignore_errors=True)


def _run_pagefind(staging: Path, pages: list[Page] | None, site: Path, output: Path, problems: Problems,
                  indexing: Indexing | None, copies: Path | None) -> bool:
    from pagefind.service import get_executable  # its binary itself: `python -m pagefind` costs a Python start

    try:
        if indexing is not None and indexing.stopped:
            return False
        if pages is not None:
            _search_copies(staging, pages, site, copies)
        binary = get_executable()
        if binary is None:
            raise OSError("没有找到 Pagefind")
        command = [str(binary), "--site", str(site), "--output-path", str(output), "--silent"]
        result = indexing.run(command) if indexing is not None else subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT)
        if result is None:
            return False  # stopped: the build does not publish this site
    except (OSError, subprocess.TimeoutExpired) as exc:
        problems.error("GK530", "", 0, f"无法建立站内搜索索引：{exc}", "确认已按 README 安装（make setup），或用 build --no-search 先不建索引")
        return False
    files = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css")
    if result.returncode != 0 or not all((output / name).is_file() for name in files):
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["没有生成索引文件"]
        problems.error("GK530", "", 0, f"站内搜索索引建立失败：{detail[0]}", "确认已按 README 安装（make setup），或用 build --no-search 先不建索引")
        return False
    return True


def _take(kept: Path, folder: Path) -> None:
    """Start a slice's copies with its last version's (renamed: the memo keeps no two of a slice)."""
    try:
        shutil.rmtree(folder, ignore_errors=True)
        os.rename(kept, folder)
    except OSError:
        pass  # none kept, or not movable: the copies are all written


def _search_copies(staging: Path, pages: list[Page], folder: Path, copies: Path | None = None) -> None:
    """Put the search copies of `pages` into `folder`, but for those it holds already (its list says
    which): the one in `copies` a render worker wrote, else cut out of the page. Other pages' are removed.
    Copies the folder cannot be brought up to date from (its list names what is not there as it says) are
    all written anew: the memo only saves time."""
    held = _held(folder)
    wanted = {str(path): digest for path, digest in pages}
    try:
        _put_copies(staging, pages, folder, copies, held, wanted)
    except OSError:
        if not held:
            raise
        shutil.rmtree(folder, ignore_errors=True)
        _put_copies(staging, pages, folder, copies, {}, wanted)
    (folder / MANIFEST).write_text(json.dumps(wanted, ensure_ascii=False), "utf-8")


def _held(folder: Path) -> dict[str, str]:
    """The copies a slice's folder holds by its list, which is removed: the folder is changed from here on, and
    if the build is killed meanwhile it is made anew. Without a list it is emptied."""
    listed = folder / MANIFEST
    try:
        held = json.loads(listed.read_text("utf-8"))
        listed.unlink()
    except (OSError, ValueError):
        held = None
    if isinstance(held, dict) and all(isinstance(path, str) and isinstance(digest, str) and path
                                      and not path.startswith("/") and ".." not in path.split("/")
                                      for path, digest in held.items()):
        return held
    shutil.rmtree(folder, ignore_errors=True)
    return {}


def _put_copies(staging: Path, pages: list[Page], folder: Path, copies: Path | None, held: dict[str, str],
                wanted: dict[str, str]) -> None:
    for path in held.keys() - wanted.keys():
        (folder / path).unlink(missing_ok=True)
    for page, digest in pages:
        if held.get(str(page)) == digest:
            continue
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # may be a link to a page of a published site: never written through
        if copies is not None:
            try:
                os.rename(copies / digest, target)
                continue
            except OSError:
                pass  # none written (a page taken over, or one with the same text)
        copy = search_copy((staging / page).read_bytes())
        if copy is not None:
            target.write_bytes(copy)
            continue
        try:  # a page laid out otherwise is indexed whole
            os.link(staging / page, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(staging / page, target)
