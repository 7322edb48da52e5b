"""The helper that converts Markdown while the main process loads: its entries are the renderer's."""

from __future__ import annotations

import filecmp
import os
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
    listed = []  # by the helper, not by the build's own process (it models the site meanwhile)
    monkeypatch.setattr("gongkai.prerender.sources", lambda *a: listed.append(os.getpid()) or sources(*a))
    helper = Prerender(cache, root, input_files(root))
    assert helper.process is not None
    helper.process.join(60)  # let it finish everything instead of stopping it
    helper.stop()
    assert listed == []  # (the helper did: it converted every file, below)
    assert len(list((root / ".cache/markdown").iterdir())) == 1  # all in one pack
    assert len(MarkdownCache(root / ".cache").index) == len(found)

    edited = root / "content/news/n000.md"
    edited.write_text(edited.read_text("utf-8") + "补充一句。\n", "utf-8")
    converted = []  # rendered in this process: the render workers are not forked
    monkeypatch.setattr("gongkai.workers.workers", lambda: 1)
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
    files = list(input_files(root))
    assert Prerender(MarkdownCache(root / ".cache"), root, files[:100]).process is None
    # What counts is the Markdown to convert, not the templates and pictures beside it.
    few = [name for name in files if name.endswith(".md")][:100] + [f"templates/static/img/{i}.svg" for i in range(400)]
    assert Prerender(MarkdownCache(root / ".cache"), root, few).process is None
    assert Prerender(MarkdownCache(root / ".cache", writable=False), root, files).process is None


def test_entries_are_found_in_the_packs_other_processes_wrote(tmp_path):
    converter, src = MarkdownConverter(), PurePosixPath("news/a.md")
    writer = MarkdownCache(tmp_path)
    keys = [writer.key(f"## 第{i}节\n", src, 5) for i in range(3)]
    for i, key in enumerate(keys):
        writer.put(key, converter.render(f"## 第{i}节\n", src, 5))
    reader = MarkdownCache(tmp_path)  # the next process, as the render workers are
    assert reader.get(keys[0]) is None  # not written yet
    assert writer.flush() and len(list((tmp_path / "markdown").iterdir())) == 1  # one pack for all three
    assert reader.get(keys[0]) is None  # written since it looked
    reader.read_index()
    assert [reader.get(key).toc for key in keys] == [((2, f"第{i}节", f"第{i}节"),) for i in range(3)]
    assert reader.used == set(keys)


def test_pruning_drops_unused_entries_and_merges_small_packs(tmp_path):
    converter, src = MarkdownConverter(), PurePosixPath("news/a.md")
    cache = MarkdownCache(tmp_path)
    made = {}
    for batch in range(3):  # three builds' worth of packs: 20 entries, then one, then one
        for i in range(20 if batch == 0 else 1):
            body = f"第{batch}批第{i}段。\n"
            made[body] = key = cache.key(body, src, 1)
            cache.put(key, converter.render(body, src, 1))
        cache.flush()
    packs = tmp_path / "markdown"
    (packs / "ab").mkdir()  # an earlier version's one-file-per-entry layout
    (packs / "x.pack.1.tmp").write_bytes(b"cut short")
    assert len(list(packs.glob("*.pack"))) == 3

    used = MarkdownCache(tmp_path)  # a build that used 19 of the first 20 and both single entries
    for body, key in list(made.items())[1:]:
        assert used.get(key) is not None
    used.prune()
    assert sorted(p.name for p in packs.iterdir()) == sorted(p.name for p in packs.glob("*.pack"))
    assert len(list(packs.glob("*.pack"))) == 2  # the two small ones merged
    assert set(MarkdownCache(tmp_path).index) == set(made.values())  # the big pack kept whole: one in 20 unused

    few = MarkdownCache(tmp_path)  # a build that used only two entries: the big pack is mostly unused
    for key in list(made.values())[-2:]:
        few.get(key)
    few.prune()
    after = MarkdownCache(tmp_path)
    assert set(after.index) == set(list(made.values())[-2:]) and len(list(packs.glob("*.pack"))) == 1
    assert after.get(list(made.values())[-1]) is not None


def test_a_build_writes_a_pack_per_render_chunk_not_a_file_per_document(make_site, monkeypatch):
    root = make_site(NEWS)
    monkeypatch.setattr("gongkai.prerender.workers", lambda: 1)  # no helper: every body rendered in the pool
    assert run_build(root).written
    packs = list((root / ".cache/markdown").iterdir())
    assert all(p.suffix == ".pack" for p in packs) and 1 < len(packs) < 40
    assert len(MarkdownCache(root / ".cache").index) >= len(NEWS)


def test_the_helper_writes_a_pack_at_a_time_and_holds_no_more(make_site, monkeypatch):
    """At 100,000 items it converts nearly every body while the site is modelled: held until the end, they made it
    the largest process of the build (1.5 GB)."""
    import gongkai.prerender as prerender

    monkeypatch.setattr(prerender, "FLUSH_EVERY", 100)
    root = make_site(NEWS)
    cache = MarkdownCache(root / ".cache")
    helper = Prerender(cache, root, input_files(root))
    helper.process.join(60)
    helper.stop()
    found = sources(root, input_files(root))
    assert len(list((root / ".cache/markdown").iterdir())) == -(-len(found) // 100)  # one pack per hundred
    assert len(MarkdownCache(root / ".cache").index) == len(found)
