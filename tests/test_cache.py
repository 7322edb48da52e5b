"""The cache keys: everything that shapes the output, gongkai's own code included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

from conftest import REPO, copy_site
from gongkai.cache import MarkdownCache, tool_digest


def _build(package_parent: Path, root: Path) -> subprocess.CompletedProcess:
    """`gongkai build` as a user runs it, importing gongkai from `package_parent`."""
    env = {**os.environ, "PYTHONPATH": str(package_parent), "PYTHONHASHSEED": "0",
           "PYTHONDONTWRITEBYTECODE": "1"}  # an edit of the same size in the same second would meet a stale .pyc
    return subprocess.run([sys.executable, "-m", "gongkai", "--root", str(root), "build", "--no-search",
                           "--today", "2020-03-31"], env=env, cwd=package_parent, capture_output=True, text=True,
                          timeout=120)  # -m puts the working folder first on the path


def test_an_edit_of_gongkai_itself_reaches_the_next_build(tmp_path):
    code = tmp_path / "code"
    shutil.copytree(REPO / "gongkai", code / "gongkai", ignore=shutil.ignore_patterns("__pycache__"))
    root = copy_site(tmp_path / "site")
    first = _build(code, root)
    assert first.returncode == 0, first.stderr
    feed = (root / "site" / "feed.xml").read_text("utf-8")
    assert "T10:00:00+08:00<" in feed and "T10:00+08:00<" not in feed

    # An output-affecting change in the renderer's code, with content and templates untouched.
    feeds = code / "gongkai" / "render" / "feeds.py"
    text = feeds.read_text("utf-8")
    assert 'isoformat(timespec="seconds")' in text
    feeds.write_text(text.replace('isoformat(timespec="seconds")', 'isoformat(timespec="minutes")'), "utf-8")
    second = _build(code, root)
    assert second.returncode == 0, second.stderr
    assert "内容没有变化" not in second.stderr
    feed = (root / "site" / "feed.xml").read_text("utf-8")
    assert "T10:00+08:00<" in feed and "T10:00:00+08:00<" not in feed


def test_the_markdown_key_holds_the_code_that_runs():
    key = MarkdownCache.key("正文", PurePosixPath("a.md"), 3)
    assert len(tool_digest()) == 64
    assert key != MarkdownCache.key("正文", PurePosixPath("a.md"), 4)
    assert key != MarkdownCache.key("正文。", PurePosixPath("a.md"), 3)
    tool_digest.cache_clear()
    try:
        assert MarkdownCache.key("正文", PurePosixPath("a.md"), 3) == key  # the same code, the same key
    finally:
        tool_digest.cache_clear()


def test_kept_records_do_not_hold_every_text_twice_and_read_back_whole_and_shared():
    """pickle caches its UTF-8 encoding inside each str it saves; the memo's own pickling must not."""
    import io
    import pickle
    import sys

    from gongkai.cache import dump_texts, load_texts

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

    from gongkai.cache import dump_texts, load_texts

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
