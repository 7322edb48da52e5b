"""What a build may take from the last one, under keys made of its inputs and of the code that runs.

Three memoised steps share one folder (.cache/): the whole build (every input file, the settings and the
tool: a no-op answers with the site in place), load → validate → model (content/ and site.yml: a template
edit starts from the kept model), and each render task (reuse.py: its templates and the model). The
Markdown cache (cache.MarkdownCache) keys each body. Deleting the folder costs time, never correctness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gongkai.cache import (MarkdownCache, Model, Stats, fingerprint, input_files, load_last, load_model, model_key,
                           output_stamp, save_last, save_model)
from gongkai.reuse import save_last_pages, template_digests


@dataclass
class Memo:
    folder: Path
    writable: bool  # `check` and the preview's own builds keep nothing on disk but what they may reuse
    files: Stats  # every input file, with its size and modification time
    stamp: str  # the whole build's key
    model: str  # the key of load → validate → model; "" when the model is not kept
    last: dict  # the record of the last build that was written
    previous: Path | None  # the site that build wrote, still in place: its pages can be linked, not rendered
    templates: dict[str, str]  # every template's digest, when the model is kept
    markdown: MarkdownCache


def settings(out_dir: Path, today: date, drafts: bool, base_url: str, search: bool) -> tuple:
    """The options that shape a build's output, besides its input files."""
    return (str(out_dir.absolute()), today.isoformat(), drafts, base_url, search)


def open_memo(root: Path, folder: Path, out_dir: Path, shaping: tuple, write: bool, keep: bool) -> Memo:
    files = input_files(root) if write else {}
    last = load_last(folder) if write else {}
    key = model_key(root, shaping, files) if write and not keep else ""
    in_place = bool(last) and last.get("output") == output_stamp(out_dir)
    return Memo(folder, write, files, fingerprint(root, shaping, files) if write else "", key, last,
                out_dir if key and in_place else None, template_digests(root) if key else {},
                MarkdownCache(folder, writable=write))


def replay(memo: Memo, out_dir: Path) -> dict | None:
    """The last build's record, when every input is as it was and its site is still in place."""
    last = memo.last
    if memo.stamp and last.get("fingerprint") == memo.stamp and last.get("output") == output_stamp(out_dir):
        return last
    return None


def kept_model(memo: Memo) -> Model | None:
    return load_model(memo.folder, memo.model) if memo.model else None


def keep_model(memo: Memo, model: Model) -> None:
    if memo.model:
        save_model(memo.folder, memo.model, model)


def remember(memo: Memo, out_dir: Path, record: dict, pages: bytes) -> None:
    """After a successful swap: what the next build may reuse."""
    save_last_pages(memo.folder, pages)
    try:
        memo.markdown.prune()
        save_last(memo.folder, {"fingerprint": memo.stamp, "output": output_stamp(out_dir), **record})
    except OSError:
        pass  # the cache only saves time; a build never fails for it
