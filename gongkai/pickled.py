"""Pickling for what the memo keeps of a county site: every body and title once, with no second copy of them
in memory while they are saved or read back."""

from __future__ import annotations

import hashlib
import io
import operator
import pickle
import struct
from array import array
from dataclasses import fields
from typing import BinaryIO, TypeVar

T = TypeVar("T", bound=type)


def quick_pickling(cls: T) -> T:
    """Pickle a frozen slotted dataclass as the tuple of its fields' values. The methods dataclasses gives such
    a class look its fields up again for every object; saving and reading the model and the file memo, and
    every page's key, pickle tens of thousands of them at each build (half the time of saving the model)."""
    names = tuple(field.name for field in fields(cls))
    values = operator.attrgetter(*names)
    if "__slots__" not in vars(cls):
        raise TypeError(f"quick_pickling: {cls.__name__} is not a slotted dataclass")
    # The fields are set through their slots' own descriptors: object.__setattr__ would look each name up
    # again (a tenth of reading the file memo back).
    setters = tuple(getattr(cls, name).__set__ for name in names)

    def __getstate__(self) -> tuple:
        return values(self) if len(names) > 1 else (values(self),)

    def __setstate__(self, state: tuple) -> None:
        for setter, value in zip(setters, state):
            setter(self, value)

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__
    return cls


def digest(value: object) -> str:
    """Of a value's pickle, however its objects are shared (that differs between builds): raises what pickling
    raises, RecursionError for a value that holds itself."""
    buffer = io.BytesIO()
    pickler = _Digesting(buffer)
    pickler.dump(value)
    pickler.hasher.update(buffer.getbuffer())
    return pickler.hasher.hexdigest()


class _Digesting(pickle.Pickler):
    """Hashes each text that is not ASCII as it meets it, encoded here: pickle's own encoding would stay cached
    inside the text (a county site's every body, twice in memory, once its documents are digested)."""

    def __init__(self, buffer: BinaryIO):
        super().__init__(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True  # no back-references: equal values pickle alike
        self.hasher = hashlib.sha256()

    def persistent_id(self, obj: object) -> object:
        if type(obj) is not str or obj.isascii():
            return None
        data = obj.encode("utf-8", "surrogatepass")
        self.hasher.update(len(data).to_bytes(8, "little"))
        self.hasher.update(data)
        return 0  # the texts are hashed in the order they are met; the pickle says where each was


class Digests:
    """The digest of each frozen object asked for, made once: a page's document goes into the key of its inputs
    and into that of its writing checks. Each object is held, so that its id names no other while kept."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[object, str]] = {}

    def seed(self, made: list[tuple[object, str]]) -> None:
        """Take the digests made of these objects already (in an earlier build: the file memo keeps them)."""
        self._kept.update((id(value), (value, digest)) for value, digest in made)

    def __call__(self, value: object) -> str:
        found = self._kept.get(id(value))
        if found is None or found[0] is not value:
            found = self._kept[id(value)] = (value, digest(value))
        return found[1]


class _TextPickler(pickle.Pickler):
    """Pickles each text that is not ASCII by its number; dump_texts writes the texts after the objects, as
    UTF-8 it encodes itself. Pickle's own encoding of a str stays cached inside the str for as long as it
    lives (CPython keeps it), and an encoding given as a persistent id is kept in the pickler's memo until
    the dump ends: either way saving a county site's records would hold every body twice."""

    def __init__(self, handle: BinaryIO):
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.numbers: dict[int, int] = {}  # id of a text pickled -> its number: a text shared stays shared
        self.texts: list[str] = []

    def persistent_id(self, obj: object) -> object:
        if type(obj) is not str or obj.isascii():  # an ASCII str is its own UTF-8: nothing is cached
            return None
        number = self.numbers.get(id(obj))
        if number is None:
            number = self.numbers[id(obj)] = len(self.texts)
            self.texts.append(obj)
        return number  # (an int is not memoised)


class _TextUnpickler(pickle.Unpickler):
    def __init__(self, handle: BinaryIO, texts: list[str]):
        super().__init__(handle)
        self.texts = texts

    def persistent_load(self, pid: object) -> str:
        if type(pid) is not int or not 0 <= pid < len(self.texts):
            raise pickle.UnpicklingError("not a text")
        return self.texts[pid]


_HEAD = struct.Struct("<QQQ")  # where the texts, their lengths and the end are, from the head's own start
_BLOCK = 1 << 20  # texts are decoded from reads of about this many bytes, not from one read of them all


def dump_texts(value: object, handle: BinaryIO) -> None:
    """pickle.dump, without caching an encoding in every text it saves (read back with load_texts). The
    texts follow the objects, each encoded as it is written, then their lengths; the head says where."""
    start = handle.tell()
    handle.write(bytes(_HEAD.size))
    pickler = _TextPickler(handle)
    pickler.dump(value)
    texts_at, lengths = handle.tell(), array("Q")
    for text in pickler.texts:
        lengths.append(handle.write(text.encode("utf-8", "surrogatepass")))
    lengths_at = handle.tell()
    handle.write(lengths.tobytes())
    end = handle.tell()
    handle.seek(start)
    handle.write(_HEAD.pack(texts_at - start, lengths_at - start, end - start))
    handle.seek(end)


def load_texts(handle: BinaryIO) -> object:
    """What dump_texts wrote, the handle left after it. Each text is decoded from a block of the file, so
    no encoded copy of them all is held beside them."""
    start = handle.tell()
    texts_at, lengths_at, end = _HEAD.unpack(_read(handle, _HEAD.size))
    held = handle.seek(0, io.SEEK_END) - start  # a damaged head must not ask for more than the file holds
    if not _HEAD.size <= texts_at <= lengths_at <= end <= held or (end - lengths_at) % 8:
        raise pickle.UnpicklingError("not texts")
    handle.seek(start + lengths_at)
    lengths = array("Q", _read(handle, end - lengths_at))
    handle.seek(start + texts_at)
    texts: list[str] = []
    first = 0
    while first < len(lengths):
        last, size = first, 0
        while last < len(lengths) and (last == first or size + lengths[last] <= _BLOCK):
            size, last = size + lengths[last], last + 1
        block, at = memoryview(_read(handle, size)), 0
        for number in range(first, last):
            texts.append(str(block[at:at + lengths[number]], "utf-8", "surrogatepass"))
            at += lengths[number]
        first = last
    handle.seek(start + _HEAD.size)
    value = _TextUnpickler(handle, texts).load()
    handle.seek(start + end)
    return value


def _read(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise EOFError("cut short")
    return data
