"""The static search index: Pagefind's extended build (it segments Chinese), run on the staged site, offline."""

from __future__ import annotations

import gzip
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



# Pagefind 1.5 splits a Chinese query with the browser's word breaker, which knows far fewer words than the
# dictionary the index was split with: 扶贫 becomes 扶|贫 and finds only the pages that also hold a word starting
# with 贫 (Pagefind issue #1237). The search page splits Chinese queries itself (search.js), so the bundle's
# two copies of Pagefind's list of languages to split are told to leave Chinese alone.
SPLIT_LIST = 'return["zh","ja","th"].includes(primaryLang);'
SPLIT_LIST_WITHOUT_CHINESE = 'return["ja","th"].includes(primaryLang);'
SPLITTING_SCRIPTS = ("pagefind.js", "pagefind-worker.js")

PAGES_PER_INDEX = 1000  # Pagefind holds about 120 KB per page while it indexes; slices keep that bounded
MAX_INDEXES = 32  # the search page merges every slice's bundle: past this many, slices grow instead
MORE_DIR = "more"  # the further slices' bundles, under the main one; merged by the search page
MERGE_SCRIPT = "merge.js"
SLICES = "slices.json"  # in the memo folder: the keys of the last build's slices, in order
TIMEOUT = 1800  # seconds a slice may take
# Pagefind names these files after their content and does not write one that exists (gzip at its best level
# is most of the time it takes to write a slice): a slice indexed again starts with its last version's.
NAMED_BY_CONTENT = ("fragment", "index")


Page = tuple[PurePosixPath, str]  # a searchable page in the staged site, and the digest of its bytes


class Indexing:
    """build_index in a thread of its own, begun once the pages are rendered: the rendered site is checked
    meanwhile, on the core Pagefind leaves. stop() ends it, and the Pagefind processes it runs, when the checks
    stop the build."""

    def __init__(self, staging: Path, searchable: list[Page], pages_per_index: int, memo: Path | None, processes: int):
        self.problems = Problems()  # its own: the checks report into the build's meanwhile
        self.lock = threading.Lock()
        self.running: set[subprocess.Popen] = set()
        self.stopped = False
        self.done = False
        self.failed: Exception | None = None  # raised again where the build waits, as if it had indexed there
        self.thread = threading.Thread(target=self._build, args=(staging, searchable, pages_per_index, memo, processes),
                                       daemon=True)
        self.thread.start()

    def _build(self, staging: Path, searchable: list[Page], pages_per_index: int, memo: Path | None,
               processes: int) -> None:
        try:
            self.done = build_index(staging, searchable, self.problems, pages_per_index, memo, processes, self)
        except Exception as exc:  # noqa: BLE001 (the build's thread raises it)
            self.failed = exc

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
                memo: Path | None = None, processes: int = 1, indexing: Indexing | None = None) -> bool:
    """Index the staged site in place, in slices of about pages_per_index of its searchable pages (at most
    MAX_INDEXES of them) that the search page merges; a failure is reported and the site is not published.
    A page's slice follows from its path alone, so an edit changes one slice: with a `memo` folder, a slice
    whose pages are byte for byte those of a slice indexed before is copied from there, not indexed again.
    The slices left to index run `processes` at a time."""
    if not searchable:
        memo = None  # Pagefind then indexes every page of the site: not a slice of known pages
    elif memo is not None:
        try:
            memo.mkdir(parents=True, exist_ok=True)
        except OSError:
            memo = None  # the memo only saves time
    slices = _slices(searchable, pages_per_index)
    bundle = staging / INDEX_DIR
    keys = [_slice_key(staging, chosen) for chosen in slices]
    outputs = [bundle if number == 0 else bundle / MORE_DIR / str(number) for number in range(len(slices))]
    kept = [number for number in range(len(slices)) if memo is not None and (memo / keys[number]).is_dir()]
    todo = [number for number in range(len(slices)) if number not in kept]
    found = {number: Problems(stage=problems.stage) for number in range(len(slices))}
    last = _last_keys(memo) if memo is not None else []

    def index(number: int) -> bool:
        pages = [Path(path) for path, _ in slices[number]] if searchable else None
        if memo is not None and number < len(last):
            _link_named(memo / last[number], outputs[number])
        return _index(staging, pages, outputs[number], found[number], f".slice{number}", indexing)

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
        _prune(memo, set(keys))
        try:
            (memo / SLICES).write_text(json.dumps(keys), "utf-8")
        except OSError:
            pass
    return True


def _slices(searchable: list[Page], pages_per_index: int) -> list[list[Page]]:
    # A power of two: the slices are reshuffled only when the site doubles, not whenever it passes a multiple.
    count = min(MAX_INDEXES, 1 << max(0, -(-len(searchable) // pages_per_index) - 1).bit_length())
    slices: list[list[Page]] = [[] for _ in range(count)]
    for page in sorted(searchable):
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


def _slice_key(staging: Path, pages: list[Page]) -> str:
    digest = hashlib.sha256(tool_digest().encode())
    for path, page_digest in pages:
        page_digest = page_digest or search_digest((staging / path).read_bytes())
        digest.update(f"{path}\0{page_digest}\n".encode("utf-8"))
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


def _index(staging: Path, pages: list[Path] | None, output: Path, problems: Problems, name: str = ".slice",
           indexing: Indexing | None = None) -> bool:
    """Run Pagefind over the staged site, or over just `pages` of it (what the index reads of each, written
    into a folder of their own, `name` beside the staging folder, so that their URLs stay the same)."""
    from pagefind.service import get_executable  # its binary itself: `python -m pagefind` costs a Python start

    site = staging if pages is None else staging.parent / f"{staging.name}{name}"  # cleaned like staging after a kill
    try:
        if indexing is not None and indexing.stopped:
            return False
        if pages is not None:
            _search_copies(staging, pages, site)
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
    finally:
        if site != staging:
            shutil.rmtree(site, ignore_errors=True)
    files = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css")
    if result.returncode != 0 or not all((output / name).is_file() for name in files):
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["没有生成索引文件"]
        problems.error("GK530", "", 0, f"站内搜索索引建立失败：{detail[0]}", "确认已按 README 安装（make setup），或用 build --no-search 先不建索引")
        return False
    return True


def _search_copies(staging: Path, pages: list[Path], folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for page in pages:
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        copy = search_copy((staging / page).read_bytes())
        if copy is not None:
            (folder / page).write_bytes(copy)
            continue
        try:  # a page laid out otherwise is indexed whole
            os.link(staging / page, folder / page)
        except OSError:  # a file system without hard links
            shutil.copyfile(staging / page, folder / page)


def leave_chinese_queries_to_the_page(bundle: Path) -> bool:
    """Keep Pagefind from splitting Chinese queries; False if its scripts split them some other way."""
    for name in SPLITTING_SCRIPTS:
        path = bundle / name
        text = path.read_text("utf-8") if path.is_file() else ""
        if "Intl.Segmenter" not in text or SPLIT_LIST_WITHOUT_CHINESE in text:
            continue  # a Pagefind from before 1.5 does not split queries
        if SPLIT_LIST not in text:
            return False
        path.write_text(text.replace(SPLIT_LIST, SPLIT_LIST_WITHOUT_CHINESE), "utf-8")
    return True


HEADER = b"pagefind_dcd"


def _read(path: Path):
    import cbor2

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(HEADER):
        raise ValueError(f"{path.name} is not a Pagefind file")
    return cbor2.loads(data[len(HEADER):])


def _write(folder: Path, prefix: str, suffix: str, value, digits: int) -> str:
    """Write a Pagefind file named by its own content; return the name Pagefind refers to it by."""
    import cbor2

    data = gzip.compress(HEADER + cbor2.dumps(value, canonical=True), mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def make_deterministic(bundle: Path) -> None:
    """Pagefind writes filter values in hash-map order, different on every run; sort them and rename
    the filter and meta files after their new content, so two builds of the same site are byte-identical.
    The pages' fragments and the word chunks that no language names (left from the slice's last version,
    see _link_named) are removed."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    named: set[str] = set()
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        named.update(f"fragment/{page[0]}.pf_fragment" for page in meta[1])
        named.update(f"index/{chunk[2]}.pf_index" for chunk in meta[2])
        filters = []
        for name, old_hash in sorted(meta[3]):
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read(old)
            old.unlink()
            new_hash = _write(bundle / "filter", f"{language}_", ".pf_filter", [filter_name, sorted(values)], 7)
            filters.append([name, new_hash])
        meta[3] = filters
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}_", ".pf_meta", meta, 13).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    if not all((bundle / name).is_file() for name in named):
        return  # a Pagefind whose meta names its files otherwise: nothing is told left over
    for folder in NAMED_BY_CONTENT:
        for path in (bundle / folder).glob("*"):
            if f"{folder}/{path.name}" not in named:
                path.unlink()
