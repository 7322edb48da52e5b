"""The helper that converts Markdown while the main process loads: its entries are the renderer's."""

from __future__ import annotations

import filecmp
from pathlib import Path, PurePosixPath

from conftest import run_build
from gongkai.cache import MarkdownCache, input_files
from gongkai.markup import MarkdownConverter
from gongkai.prerender import Prerender, sources

NEWS = {f"content/news/n{i:03d}.md": (f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i % 28:02d} 10:00\n"
                                       f"organ: 县政府\n---\n## 情况{i}\n\n见[预算](../gk/items/budget.md#预算表)，第{i}段。\n")
        for i in range(320)}


def same_tree(a: Path, b: Path) -> bool:
    compare = filecmp.dircmp(a, b)
    if compare.left_only or compare.right_only or compare.funny_files:
        return False
    if filecmp.cmpfiles(a, b, compare.common_files, shallow=False)[1:] != ([], []):
        return False
    return all(same_tree(a / d, b / d) for d in compare.common_dirs)


def test_the_helper_converts_what_the_renderer_then_reads_and_the_site_is_the_same(make_site, monkeypatch):
    root = make_site(NEWS)
    cache = MarkdownCache(root / ".cache")
    found = sources(root, input_files(root))
    assert {rel.as_posix() for _, rel in found} >= {k.removeprefix("content/") for k in NEWS}
    assert not any(rel.parts[0] == "_data" for _, rel in found)
    helper = Prerender(cache, found)
    assert helper.process is not None
    helper.process.join(60)  # let it finish everything instead of stopping it
    helper.stop()
    made = {p.name for p in (root / ".cache/markdown").rglob("*") if p.is_file()}
    assert len(made) == len(found)

    edited = root / "content/news/n000.md"
    edited.write_text(edited.read_text("utf-8") + "补充一句。\n", "utf-8")
    converted = []  # rendered in this process: the render workers are not forked
    monkeypatch.setattr("gongkai.render.parallel.workers", lambda: 1)
    monkeypatch.setattr("gongkai.prerender.workers", lambda: 1)  # and no new helper
    render = MarkdownConverter.render
    monkeypatch.setattr(MarkdownConverter, "render", lambda self, *a: converted.append(a[1]) or render(self, *a))
    result = run_build(root)
    assert result.written and not result.problems.has_errors()
    assert [path.as_posix() for path in converted] == ["news/n000.md"]  # edited after the helper read it

    monkeypatch.undo()
    monkeypatch.setattr("gongkai.prerender.workers", lambda: 1)  # no helper: the reference build
    fresh = make_site(NEWS | {"content/news/n000.md": edited.read_text("utf-8")})
    assert run_build(fresh, cache_dir=fresh / ".nocache").written
    assert same_tree(root / "site", fresh / "site")


def test_small_sites_and_check_runs_start_no_helper(make_site):
    root = make_site(NEWS)
    files = sources(root, input_files(root))
    assert Prerender(MarkdownCache(root / ".cache"), files[:100]).process is None
    assert Prerender(MarkdownCache(root / ".cache", writable=False), files).process is None


def test_after_taking_stock_the_cache_looks_on_disk_only_for_entries_it_listed(tmp_path, monkeypatch):
    converter, src = MarkdownConverter(), PurePosixPath("news/a.md")
    cache = MarkdownCache(tmp_path)
    listed = cache.key("## 已有\n", src, 5)
    cache.put(listed, converter.render("## 已有\n", src, 5))

    cache = MarkdownCache(tmp_path)  # the next process, as the render workers are
    cache.take_stock()
    assert cache.known == {listed}
    opened = []
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or read(self))
    assert cache.get(listed).toc == ((2, "已有", "已有"),)
    missing = cache.key("## 没有\n", src, 5)
    assert cache.get(missing) is None
    assert opened == [listed]  # the missing entry was not looked for
    cache.put(missing, converter.render("## 没有\n", src, 5))
    assert cache.get(missing) is not None and opened == [listed, missing]  # what it writes, it finds


def test_stock_is_taken_only_when_the_build_starts_without_a_cache(make_site, monkeypatch):
    root = make_site(NEWS)
    taken = []
    take = MarkdownCache.take_stock
    monkeypatch.setattr(MarkdownCache, "take_stock", lambda self: taken.append(self) or take(self))
    assert run_build(root).written and len(taken) == 1
    (root / "content/news/n001.md").write_text(NEWS["content/news/n001.md"] + "再补一句。\n", "utf-8")
    assert run_build(root).written and len(taken) == 1  # the cache was there: listing it would cost more than it saves
