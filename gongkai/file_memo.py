"""Each Markdown file as the last build read and validated it, kept under the file's size and modification
time, the kind its folder gives it, and the site.yml and gongkai that read it (the salt). A build whose
content changed reads and validates only the files that changed: publishing one item of a county archive
parses one file's YAML, not ten thousand. What reading and validating a file reported is kept with it and
told again, so a warning is never lost to the memo.

The records are kept as a base and a journal: a build that changed a few files appends their records to the
journal instead of writing every record again (at 100,000 items that is 270 MB, five seconds). The base is
written afresh once the journal holds a tenth as many records as the base, or cannot be read."""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from gongkai.cache import Stats, relative
from gongkai.pickled import digest, dump_texts, load_texts
from gongkai.config import SiteConfig
from gongkai.documents import Document
from gongkai.fields import FieldSpec
from gongkai.load import Map, RawDocument, read_document
from gongkai.problems import Problem, Problems
from gongkai.validate import validate_document

FILES = "files.pickle"
JOURNAL = "files.journal"
JOURNAL_SHARE = 10  # the base is written afresh once the journal holds 1/JOURNAL_SHARE as many records


@dataclass(frozen=True)
class FileRecord:
    stat: tuple[int, int]  # (size, modification time in ns), as cache.input_files read them
    raw: RawDocument | None
    read: tuple[Problem, ...]  # what reading it reported
    default: str | None = None  # the kind its folder gave it when it was validated
    doc: Document | None = None
    validated: tuple[Problem, ...] | None = None  # what validating it reported; None: not validated
    stripped: bool = False  # raw.meta left out but its kind (whole only for _index.md files: their folders' kinds)
    alone: tuple[Problem, ...] | None = None  # what the model's checks of the document on its own reported
    digest: str = ""  # of what doc is made from (FileMemo._digest): its page's keys are made of it


class FileMemo:
    """The records of the last build (read at once) and of this one (kept when the build is kept)."""

    def __init__(self, folder: Path | None, salt: str, files: Stats, root: Path):
        self.folder, self.salt, self.files, self.root = folder, salt, files, root
        self.base = ""  # the token of the base the journal belongs to ("": no base was read)
        self.journaled = 0  # records in the journal
        self.last: dict[str, FileRecord] = self._load() if folder is not None and files else {}
        self.now: dict[str, FileRecord] = {}

    def _load(self) -> dict[str, FileRecord]:
        try:
            with open(self.folder / FILES, "rb") as handle:  # type: ignore[operator]
                if pickle.load(handle) != self.salt:  # the salt is pickled first: records that do not fit are not read
                    return {}
                token = pickle.load(handle)
                records = load_texts(handle)
            if not isinstance(records, dict) or not isinstance(token, str):
                return {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return {}
        self.base = token
        try:
            with open(self.folder / JOURNAL, "rb") as handle:  # type: ignore[operator]
                while handle.peek(1):
                    if pickle.load(handle) != token:  # left by an older base, in a build stopped before it
                        self.base = ""  # removed the journal: the next save writes a new base, and removes it
                        break
                    changes = load_texts(handle)
                    for label, record in changes.items():  # type: ignore[attr-defined]
                        if record is None:
                            records.pop(label, None)
                        else:
                            records[label] = record
                    self.journaled += len(changes)  # type: ignore[arg-type]
        except FileNotFoundError:
            pass
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            self.base = ""  # an entry cut short: what came before it stands, and the next save writes a new base
        return records

    def read(self, root: Path, path: Path, problems: Problems) -> RawDocument | None:
        """load.read_document, or what it gave for the file at this size and time."""
        label = relative(root, path)  # content/…, as read_document labels it and input_files names it
        stat = self.files.get(label)
        record = self.last.get(label)
        if stat is None or record is None or record.stat != stat:
            found = Problems(stage=problems.stage)
            record = FileRecord(stat or (-1, -1), read_document(root, path, found), tuple(found.items))
        for problem in record.read:
            problems.add(problem)
        if stat is not None:
            self.now[label] = record
        return record.raw

    def validate(self, raw: RawDocument, config: SiteConfig, problems: Problems, defaults: dict[str, str] | None = None,
                 tables: dict[str, tuple[FieldSpec, ...]] | None = None) -> Document | None:
        """validate.validate_document, or what it gave for this file read as it is, in a folder of this kind."""
        folder = "" if str(raw.src_path.parent) == "." else raw.src_path.parent.as_posix()
        default = (defaults or {}).get(folder)
        record = self.now.get(raw.label)
        if record is None or record.raw is not raw:  # not read through this memo
            return validate_document(raw, config, problems, defaults, tables)
        if record.validated is None or record.default != default:
            if record.stripped:  # its folder's kind changed: its front matter is needed again
                raw = read_document(self.root, self.root / raw.label, Problems()) or raw
            found = Problems(stage=problems.stage)
            doc = validate_document(raw, config, found, defaults, tables)
            record = replace(record, raw=raw, default=default, doc=doc, validated=tuple(found.items), stripped=False,
                             alone=None, digest=self._digest(raw, default, doc))  # (its checks on its own run again)
            self.now[raw.label] = _stripped(record)  # its YAML nodes need not stay in memory till the build ends
        for problem in record.validated or ():
            problems.add(problem)
        return record.doc

    def _digest(self, raw: RawDocument, default: str | None, doc: Document | None) -> str:
        """The digest of a document validated from a file: of all it is made from (the file's bytes, its path,
        the kind its folder gives it, and the salt: site.yml and gongkai), not of the document itself: pickling
        it (pickled.digest) takes about 60 µs, against 3, a tenth of a county site's modelling."""
        if doc is None or not raw.source:
            return _digest(doc)
        return hashlib.sha256(f"{self.salt}\0{raw.label}\0{default}\0{raw.source}".encode()).hexdigest()

    def check_alone(self, doc: Document, check: Callable[[Problems], None], problems: Problems) -> None:
        """Run the model's checks of one document on its own, or tell again what they reported of this file
        as it is (a record holds them for the document it validated)."""
        record = self.now.get(doc.label)
        if record is None or record.doc is not doc:
            check(problems)
            return
        if record.alone is None:
            found = Problems(stage=problems.stage)
            check(found)
            record = self.now[doc.label] = replace(record, alone=tuple(found.items))
        for problem in record.alone:  # type: ignore[union-attr]
            problems.add(problem)

    def digests(self) -> list[tuple[Document, str]]:
        """Each document validated or taken from the memo in this build, with its digest: a publication's
        render workers need not pickle again the ten thousand documents that did not change."""
        return [(record.doc, record.digest) for record in self.now.values() if record.doc is not None and record.digest]

    def earlier(self, label: str, stat: tuple[int, int]) -> Document | None:
        """The document the last build validated from this file at that size and time, if it did."""
        record = self.last.get(label)
        return record.doc if record is not None and record.stat == stat and record.validated is not None else None

    def save(self) -> None:
        """Keep this build's records for the next (only the files it read: a deleted file's record goes)."""
        if self.folder is None or not self.files:
            return
        changes: dict[str, FileRecord | None] = {label: None for label in self.last.keys() - self.now.keys()}
        changes.update((label, record) for label, record in self.now.items() if self.last.get(label) is not record)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if self.base and (self.journaled + len(changes)) * JOURNAL_SHARE <= len(self.now):
                if changes:
                    # (not "ab": dump_texts goes back to fill in its head, and appending writes only at the end)
                    with open(os.open(self.folder / JOURNAL, os.O_RDWR | os.O_CREAT, 0o644), "r+b") as handle:
                        handle.seek(0, os.SEEK_END)
                        pickle.dump(self.base, handle, protocol=pickle.HIGHEST_PROTOCOL)
                        dump_texts({label: None if record is None else _stripped(record)
                                    for label, record in sorted(changes.items())}, handle)
                return
            tmp = self.folder / f"{FILES}.{os.getpid()}"
            with open(tmp, "wb") as handle:
                pickle.dump(self.salt, handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(os.urandom(8).hex(), handle, protocol=pickle.HIGHEST_PROTOCOL)  # what a journal belongs to
                dump_texts({label: _stripped(record) for label, record in self.now.items()}, handle)
            os.replace(tmp, self.folder / FILES)
            (self.folder / JOURNAL).unlink(missing_ok=True)
        except OSError:
            pass  # the memo only saves time; a build never fails for it


def _digest(doc: Document | None) -> str:
    try:
        return digest(doc) if doc is not None else ""
    except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError):
        return ""  # its page's inputs are then told apart as they always could be: not at all


def _stripped(record: FileRecord) -> FileRecord:
    """A validated file's record without its YAML nodes: the Document holds what they said, and reading a
    third of the records back is faster."""
    raw = record.raw
    if raw is None or record.validated is None or record.stripped or raw.src_path.name == "_index.md":
        return record
    kind = tuple(entry for entry in raw.meta.entries if entry.key == "kind")  # validate_documents still asks
    return replace(record, raw=replace(raw, meta=Map(kind, raw.meta.line)), stripped=True)
