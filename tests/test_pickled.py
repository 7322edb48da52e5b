"""The memo's pickling keeps every text once: no encoding cached inside a str, no encoded copy of them all
while saving or reading back."""

from __future__ import annotations

import pickle


def test_kept_records_do_not_hold_every_text_twice_and_read_back_whole_and_shared():
    """pickle caches its UTF-8 encoding inside each str it saves; the memo's own pickling must not."""
    import io
    import pickle
    import sys

    from gongkai.pickled import dump_texts, load_texts

    body = "".join(f"第{i}段：推进政务公开。" for i in range(200))
    title, ascii_text = "县政府办公室关于做好政务公开工作的通知", "news/a/index.html"
    value = {"doc": (body, title, ascii_text), "page": (body, "ünïcode"), "surrogate": "\ud800x"}
    before = sys.getsizeof(body), sys.getsizeof(title)
    buffer = io.BytesIO()
    dump_texts(value, buffer)
    assert (sys.getsizeof(body), sys.getsizeof(title)) == before
    copy = (body + "。")[:-1]  # a new str with the same text
    assert copy is not body and sys.getsizeof(copy) == before[0]
    pickle.dumps(copy)  # what the memo avoids: plain pickle keeps the encoding in the str
    assert sys.getsizeof(copy) > before[0]
    buffer.seek(0)
    read = load_texts(buffer)
    assert read == value
    assert read["doc"][0] is read["page"][0]  # a body the document and its page share is read back once


def test_saving_and_reading_records_holds_no_encoded_copy_of_every_text(tmp_path):
    """The texts are written and read a block at a time: neither side holds the UTF-8 of them all at once
    (at 100,000 items that copy was 300 MB, and the memory it left scattered stayed with the build)."""
    import gc
    import tracemalloc

    from gongkai.pickled import dump_texts, load_texts

    texts = [f"第{i}号文件：" + "推进政务公开，做好信息发布。" * 100 for i in range(2000)]  # 5.6 MB as UTF-8
    value = {"docs": [(text, i) for i, text in enumerate(texts)], "again": texts[::2]}
    path = tmp_path / "records.pickle"
    gc.collect()
    with open(path, "wb") as handle:
        tracemalloc.start()
        dump_texts(value, handle)
        handle.write(b"after")  # the handle is left at the end of what was written
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 1_500_000
    with open(path, "rb") as handle:
        tracemalloc.start()
        read = load_texts(handle)
        live, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert handle.read() == b"after"
    assert read == value and read["again"][1] is read["docs"][2][0]
    assert peak - live < 2_500_000


def test_a_damaged_head_is_refused_without_reading_what_it_claims(tmp_path):
    import io
    import pickle
    import struct

    import pytest

    from gongkai.pickled import dump_texts, load_texts

    buffer = io.BytesIO()
    dump_texts({"正文": "推进政务公开"}, buffer)
    data = bytearray(buffer.getvalue())
    lengths_at = struct.unpack("<Q", data[8:16])[0]
    data[16:24] = struct.pack("<Q", lengths_at + (1 << 59))  # where the lengths end: far past the file
    path = tmp_path / "damaged.pickle"
    path.write_bytes(bytes(data))
    with open(path, "rb") as handle, pytest.raises(pickle.UnpicklingError):
        load_texts(handle)  # (a read of that many bytes would first try to allocate them)
    assert load_texts(io.BytesIO(buffer.getvalue())) == {"正文": "推进政务公开"}


def test_every_slotted_dataclass_of_the_model_pickles_as_the_tuple_of_its_values(tmp_path):
    """Each document and front matter of the example site comes back equal, and is pickled as its fields' values
    in order (not as dataclasses' state, which looks the fields up again for every object)."""
    import dataclasses
    from datetime import date

    import gongkai.documents
    from conftest import copy_example
    from gongkai.cache import load_model
    from gongkai.pipeline import BuildOptions, build

    slotted = [cls for cls in vars(gongkai.documents).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)
               and cls.__module__ == "gongkai.documents" and "__slots__" in vars(cls)]
    assert len(slotted) >= 15
    # (one left undecorated still pickles whole, with dataclasses' own methods: the slow way)
    assert all("quick_pickling" in cls.__getstate__.__qualname__ for cls in slotted)
    root = copy_example(tmp_path / "example")
    assert build(BuildOptions(root=root, out_dir=root / "site", clock_today=date(2020, 3, 31), search=False)).written
    documents = load_model(root / ".cache", None).documents
    kinds = {type(doc.meta) for doc in documents}
    assert len(kinds) >= 10
    for doc in documents:
        assert pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)) == doc
        for obj in (doc, doc.meta):
            if type(obj) in slotted:
                state = obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)[2]
                assert state == tuple(getattr(obj, field.name) for field in dataclasses.fields(obj)), type(obj)


def test_a_digest_is_of_the_value_however_its_objects_are_shared_and_made_once_per_object(monkeypatch):
    import gongkai.pickled
    from gongkai.pickled import Digests, digest

    text = "荣县人民政府" * 3
    shared, apart = (text, text), (text, "".join(["荣县人民政府"] * 3))
    assert shared[1] is not apart[1] and digest(shared) == digest(apart) != digest((text, text + "。"))
    made = []
    monkeypatch.setattr(gongkai.pickled, "digest", lambda value: made.append(value) or digest(value))
    digests, first = Digests(), ["县政府办公室"]
    assert digests(first) == digests(first) == digest(first) and made == [first]
    assert digests(["县财政局"]) != digests(first) and len(made) == 2


def test_a_digest_leaves_no_encoding_cached_in_the_texts_it_reads():
    """A county site's documents are digested as they are validated: pickle's own encoding of each body would
    stay in memory beside it (a quarter of a gigabyte at 100,000 items)."""
    import sys

    from gongkai.pickled import digest

    body = "".join(f"第{i}段：推进政务公开。" for i in range(200))
    before = sys.getsizeof(body)
    assert digest({"body": body, "title": "县政府办公室"}) != digest({"body": body + "。", "title": "县政府办公室"})
    assert sys.getsizeof(body) == before
    assert digest(("甲", "乙丙")) != digest(("甲乙", "丙")) != digest(("甲乙丙",))  # where each text ends counts


def test_quick_pickling_is_refused_for_a_dataclass_without_slots():
    """Its objects are read back through their slots' descriptors: a class without slots has none."""
    import dataclasses

    import pytest

    from gongkai.pickled import quick_pickling

    with pytest.raises(TypeError, match="slotted"):
        quick_pickling(dataclasses.make_dataclass("Loose", ["a"], frozen=True))
    Tight = quick_pickling(dataclasses.make_dataclass("Tight", ["a", "b"], frozen=True, slots=True))
    assert Tight(1, "二").__reduce_ex__(pickle.HIGHEST_PROTOCOL)[2] == (1, "二")
