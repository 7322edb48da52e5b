"""The search index: Pagefind run on the staged site, its bundle made deterministic and fit for Chinese queries."""

from __future__ import annotations

from conftest import run_build
import gongkai.search_index as search_index
from gongkai.search_index import SPLIT_LIST, SPLIT_LIST_WITHOUT_CHINESE, SPLITTING_SCRIPTS, leave_chinese_queries_to_the_page


def test_the_built_bundle_leaves_chinese_queries_to_the_search_page(make_site):
    root = make_site()
    assert run_build(root, search=True).written
    for name in SPLITTING_SCRIPTS:
        script = (root / "site/pagefind" / name).read_text("utf-8")
        assert SPLIT_LIST_WITHOUT_CHINESE in script and SPLIT_LIST not in script, name


def test_a_pagefind_that_splits_queries_some_other_way_stops_the_build_and_keeps_the_site(make_site, monkeypatch):
    root = make_site()
    assert run_build(root, search=True).written
    before = (root / "site/index.html").read_bytes()
    (root / "content/news/first.md").write_text("---\ntitle: 新的一篇\npublished: 2019-08-02\norgan: 县政府\n---\n正文\n", "utf-8")
    monkeypatch.setattr(search_index, "SPLIT_LIST", 'return["zh","ko"].includes(primaryLang);')
    result = run_build(root, search=True)
    assert not result.written
    problem, = [p for p in result.problems.items if p.code == "GK530"]
    assert "Pagefind" in problem.message and "make setup" in problem.hint
    assert (root / "site/index.html").read_bytes() == before


def test_only_the_list_of_languages_to_split_changes(tmp_path):
    splitting = 'x=1;var needs=(lang)=>{' + SPLIT_LIST + '};new Intl.Segmenter(l,{granularity:"word"});'
    (tmp_path / "pagefind.js").write_text(splitting, "utf-8")
    (tmp_path / "pagefind-worker.js").write_text(splitting, "utf-8")
    assert leave_chinese_queries_to_the_page(tmp_path)
    expected = splitting.replace(SPLIT_LIST, SPLIT_LIST_WITHOUT_CHINESE)
    assert (tmp_path / "pagefind.js").read_text("utf-8") == expected
    assert leave_chinese_queries_to_the_page(tmp_path)  # a second pass changes nothing
    assert (tmp_path / "pagefind-worker.js").read_text("utf-8") == expected
    older = tmp_path / "older"  # Pagefind before 1.5 has no worker and does not split queries
    older.mkdir()
    (older / "pagefind.js").write_text("x=1;", "utf-8")
    assert leave_chinese_queries_to_the_page(older)
    assert (older / "pagefind.js").read_text("utf-8") == "x=1;"
    (older / "pagefind.js").write_text('new Intl.Segmenter(l,{granularity:"word"});return["zh"].includes(l);', "utf-8")
    assert not leave_chinese_queries_to_the_page(older)


def test_publishing_one_item_indexes_only_its_slice_and_the_index_is_a_cold_builds(make_site, monkeypatch, tmp_path):
    from test_incremental import tree

    news = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i:02d} 10:00\norgan: 县政府\n---\n"
                                         f"全县政务公开第{i}项工作进展顺利。\n" for i in range(24)}
    root = make_site(news)
    indexed = []
    index = search_index._index
    monkeypatch.setattr(search_index, "_index", lambda staging, pages, *a: indexed.append(pages) or index(staging, pages, *a))
    assert run_build(root, search=True, pages_per_index=6).written
    slices = len(indexed)
    assert slices >= 4 and all(indexed)  # the pages are spread over the slices
    indexed.clear()

    (root / "content/news/new.md").write_text("---\ntitle: 新发布的动态\npublished: 2019-08-30 10:00\norgan: 县政府\n---\n"
                                              "县政府召开防汛工作会议。\n", "utf-8")
    assert run_build(root, search=True, pages_per_index=6).written
    assert len(indexed) == 1 and any(str(p) == "news/new/index.html" for p in indexed[0])  # one slice, the new page's
    cold = run_build(root, search=True, pages_per_index=6, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written
    ours, theirs = tree(root / "site/pagefind"), tree(tmp_path / "cold/pagefind")
    assert ours == theirs and len(ours) > 20


def test_slots_no_page_falls_in_are_left_out(make_site):
    """With more slots than a small site fills, the empty ones are not handed to Pagefind (it refuses them)."""
    root = make_site()
    result = run_build(root, search=True, pages_per_index=1)
    assert result.written, result.problems.report()
    merged = (root / "site/pagefind/merge.js").read_text("utf-8")
    bundles = [root / "site/pagefind"] + sorted((root / "site/pagefind/more").iterdir())
    assert all((bundle / "pagefind-entry.json").is_file() for bundle in bundles)
    assert merged.count("more/") == len(bundles) - 1
