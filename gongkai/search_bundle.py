"""Pagefind's bundle as a build publishes it: byte for byte the same for the same pages, and fit for Chinese
queries."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

# Pagefind 1.5 splits a Chinese query with the browser's word breaker, which knows far fewer words than the
# dictionary the index was split with: 扶贫 becomes 扶|贫 and finds only the pages that also hold a word starting
# with 贫 (Pagefind issue #1237). The search page splits Chinese queries itself (search.js), so the bundle's
# two copies of Pagefind's list of languages to split are told to leave Chinese alone.
SPLIT_LIST = 'return["zh","ja","th"].includes(primaryLang);'
SPLIT_LIST_WITHOUT_CHINESE = 'return["ja","th"].includes(primaryLang);'
SPLITTING_SCRIPTS = ("pagefind.js", "pagefind-worker.js")

# Pagefind names these files after their content and does not write one that exists (gzip at its best level
# is most of the time it takes to write a slice): a slice indexed again starts with its last version's.
NAMED_BY_CONTENT = ("fragment", "index")


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
