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


def _built_with_a_copy_of_gongkai(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of gongkai to edit, and a site built once with it."""
    code = tmp_path / "code"
    shutil.copytree(REPO / "gongkai", code / "gongkai", ignore=shutil.ignore_patterns("__pycache__"))
    root = copy_site(tmp_path / "site")
    first = _build(code, root)
    assert first.returncode == 0, first.stderr
    return code, root


def test_an_edit_of_gongkai_itself_reaches_the_next_build(tmp_path):
    code, root = _built_with_a_copy_of_gongkai(tmp_path)
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


def test_a_body_edit_after_an_edit_of_gongkai_renders_every_page_with_the_new_code(tmp_path):
    """A body edit takes the other pages from the last build: never pages an older gongkai rendered."""
    code, root = _built_with_a_copy_of_gongkai(tmp_path)
    news = root / "site/news/first/index.html"
    assert "2019-07-26<" in news.read_text("utf-8")

    module = code / "gongkai" / "render" / "templates.py"
    text = module.read_text("utf-8")
    assert 'd.strftime("%Y-%m-%d") if d' in text
    module.write_text(text.replace('d.strftime("%Y-%m-%d") if d', 'd.strftime("%Y/%m/%d") if d'), "utf-8")
    budget = root / "content/gk/items/budget.md"  # another page's body
    budget.write_text(budget.read_text("utf-8") + "\n补充一段正文。\n", "utf-8")
    second = _build(code, root)
    assert second.returncode == 0, second.stderr
    page = news.read_text("utf-8")
    assert "2019/07/26<" in page and "2019-07-26<" not in page
