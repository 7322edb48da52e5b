"""The search index: Pagefind run on the staged site, its bundle made deterministic and fit for Chinese queries."""

from __future__ import annotations

import gzip
import os
import sys
import json
import shutil
from pathlib import Path

from conftest import run_build
import gongkai.search_bundle as search_bundle
import gongkai.search_index as search_index
from gongkai.problems import Problems
from gongkai.render.search_text import SEARCH_BODY, search_copy, search_digest
from gongkai.search_bundle import SPLIT_LIST, SPLIT_LIST_WITHOUT_CHINESE, SPLITTING_SCRIPTS, leave_chinese_queries_to_the_page


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
    monkeypatch.setattr(search_bundle, "SPLIT_LIST", 'return["zh","ko"].includes(primaryLang);')
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
    assert len(indexed) == 1 and any(str(path) == "news/new/index.html" for path, _ in indexed[0])  # one slice, the new page's
    cold = run_build(root, search=True, pages_per_index=6, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written
    ours, theirs = tree(root / "site/pagefind"), tree(tmp_path / "cold/pagefind")
    assert ours == theirs and len(ours) > 20


def test_a_slice_indexed_again_writes_only_the_search_copies_of_its_changed_pages(make_site, monkeypatch, tmp_path):
    """What Pagefind read for each slice is kept beside it: publishing one item copies that one page for the
    index, a deleted page's copy goes, and the index is still a cold build's."""
    from test_incremental import tree

    news = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i:02d} 10:00\norgan: 县政府\n---\n"
                                         f"全县政务公开第{i}项工作进展顺利。\n" for i in range(24)}
    root = make_site(news)
    assert run_build(root, search=True, pages_per_index=6).written
    memo = root / ".cache/search"

    def copies() -> dict[str, int]:
        return {p.relative_to(p.parents[2]).as_posix(): p.stat().st_ino for p in memo.glob("*.pages/**/*.html")}

    before = copies()
    copied = []
    copy = search_index.search_copy
    monkeypatch.setattr(search_index, "search_copy", lambda data: copied.append(data) or copy(data))
    (root / "content/news/new.md").write_text("---\ntitle: 新发布的动态\npublished: 2019-08-30 10:00\norgan: 县政府\n---\n"
                                              "县政府召开防汛工作会议。\n", "utf-8")
    assert run_build(root, search=True, pages_per_index=6).written
    after = copies()
    assert set(after) - set(before) == {"news/new/index.html"} and len(before) >= 24
    assert all(after[page] == inode for page, inode in before.items())  # none of the others written again
    (root / "content/news/n05.md").unlink()
    assert run_build(root, search=True, pages_per_index=6).written
    assert copied == []  # (the new page's copy was the one its render worker wrote)
    keys = json.loads((memo / "slices.json").read_text("utf-8"))
    held = {}
    for key in keys:  # each slice's copies are its pages', and nothing else is kept
        folder = memo / f"{key}.pages"
        pages = {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
        assert pages == set(json.loads((folder / "pages.json").read_text("utf-8")))
        held.update((page, key) for page in pages)
    assert "news/new/index.html" in held and "news/n05/index.html" not in held
    assert len(held) == sum(1 for page in (root / "site").rglob("index.html") if SEARCH_BODY in page.read_bytes())
    assert sorted(p.name for p in memo.iterdir()) == sorted([*keys, *(f"{key}.pages" for key in keys), "slices.json"])
    monkeypatch.undo()
    cold = run_build(root, search=True, pages_per_index=6, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site/pagefind") == tree(tmp_path / "cold/pagefind")


def test_the_index_takes_the_search_copies_the_pages_were_written_with(make_site, monkeypatch, tmp_path):
    """A page's search copy is cut out once, where it is rendered and written, not again for the index; the
    folder they wait in is gone once the site is built, and the index is the same."""
    from test_incremental import tree

    root = make_site()
    copied = []
    copy = search_index.search_copy
    monkeypatch.setattr(search_index, "search_copy", lambda data: copied.append(data) or copy(data))
    assert run_build(root, search=True, pages_per_index=2).written
    assert copied == []
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site", "site.yml"]
    pages = [p for p in (root / "site").rglob("*.html") if SEARCH_BODY in p.read_bytes()]
    kept = [p for p in (root / ".cache/search").glob("*.pages/**/*.html")]
    assert len(pages) == len(kept) >= 4
    monkeypatch.undo()
    import gongkai.pipeline

    # The same site indexed from copies cut out of its pages (no folder for the workers' copies can be made).
    monkeypatch.setattr(gongkai.pipeline, "copies_folder", lambda staging: tmp_path / "missing" / "copies")
    cold = run_build(root, search=True, pages_per_index=2, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site/pagefind") == tree(tmp_path / "cold/pagefind")


def test_a_slice_whose_copies_were_left_half_changed_is_copied_anew(make_site, tmp_path):
    """A build killed while it changed a slice's copies leaves them without their list: the next build writes
    them all again instead of trusting what is there."""
    from test_incremental import tree

    news = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i:02d} 10:00\norgan: 县政府\n---\n"
                                         f"全县政务公开第{i}项工作进展顺利。\n" for i in range(12)}
    root = make_site(news)
    assert run_build(root, search=True, pages_per_index=6).written
    memo = root / ".cache/search"
    for folder in memo.glob("*.pages"):
        (folder / "pages.json").unlink()
        for page in folder.rglob("*.html"):
            page.unlink()
            page.write_text("<html><body data-pagefind-body>旧的内容</body></html>", "utf-8")
        (folder / "news/stray").mkdir(parents=True)  # a page not of the slice
        (folder / "news/stray/index.html").write_text("<html><body data-pagefind-body>多余</body></html>", "utf-8")
    (root / "content/news/n03.md").unlink()
    assert run_build(root, search=True, pages_per_index=6).written
    cold = run_build(root, search=True, pages_per_index=6, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site/pagefind") == tree(tmp_path / "cold/pagefind")


def test_kept_copies_that_cannot_be_brought_up_to_date_are_written_anew(make_site, tmp_path):
    """The kept copies only save time: a copy the list names that is not a file, or a list naming a path
    outside its folder, does not stop the build (nor reach outside); the slice is copied afresh."""
    from test_incremental import tree

    news = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i:02d} 10:00\norgan: 县政府\n---\n"
                                         f"全县政务公开第{i}项工作进展顺利。\n" for i in range(12)}
    root = make_site(news)
    assert run_build(root, search=True, pages_per_index=6).written
    memo = root / ".cache/search"
    folder, = [f for f in memo.glob("*.pages") if (f / "news/n03/index.html").is_file()]
    (folder / "news/n03/index.html").unlink()
    (folder / "news/n03/index.html").mkdir()  # what the list names is not a file any more
    (root / "content/news/n03.md").unlink()  # so removing its copy fails
    outside = tmp_path / "outside.html"
    outside.write_text("不属于缓存", "utf-8")
    for other in memo.glob("*.pages"):
        if other != folder:
            listed = json.loads((other / "pages.json").read_text("utf-8"))
            listed[os.path.relpath(outside, other)] = "0" * 64
            (other / "pages.json").write_text(json.dumps(listed), "utf-8")
    for name, text in news.items():  # every slice is indexed again
        if name != "content/news/n03.md":
            (root / name).write_text(text.replace("进展顺利", "已经完成"), "utf-8")
    result = run_build(root, search=True, pages_per_index=6)
    assert result.written, result.problems.report()
    assert outside.read_text("utf-8") == "不属于缓存"
    cold = run_build(root, search=True, pages_per_index=6, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site/pagefind") == tree(tmp_path / "cold/pagefind")


def test_slots_no_page_falls_in_are_left_out(make_site):
    """With more slots than a small site fills, the empty ones are not handed to Pagefind (it refuses them)."""
    root = make_site()
    result = run_build(root, search=True, pages_per_index=1)
    assert result.written, result.problems.report()
    merged = (root / "site/pagefind/merge.js").read_text("utf-8")
    bundles = [root / "site/pagefind"] + sorted((root / "site/pagefind/more").iterdir())
    assert all((bundle / "pagefind-entry.json").is_file() for bundle in bundles)
    assert merged.count("more/") == len(bundles) - 1


PAGE = ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>标题</title>'
        '<link rel="stylesheet" href="site.css"><meta data-pagefind-filter="year[content]" content="2019"></head>'
        '<body><header><img src="logo.svg" alt="标志"></header><nav>栏目 (12)</nav>'
        '<main id="main" class="wrap" data-pagefind-body><h1>标题</h1><p>正文</p></main>'
        '<footer><img src="badge.svg" alt="党政机关"></footer></body></html>')


def test_the_search_copy_keeps_what_the_index_reads_and_only_that():
    copy = search_copy(PAGE.encode()).decode()
    assert copy == ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<title>标题</title>\n'
                    '<meta data-pagefind-filter="year[content]" content="2019">\n</head>\n<body>\n'
                    '<main id="main" class="wrap" data-pagefind-body><h1>标题</h1><p>正文</p></main>\n</body>\n</html>\n')
    # A theme that marks another element, marks two, or takes a filter from an element's text: indexed whole.
    for other in (PAGE.replace('<main id="main" class="wrap" data-pagefind-body>', '<main><article data-pagefind-body>'),
                  PAGE.replace("<nav>", "<nav data-pagefind-body>"),
                  PAGE.replace("<nav>栏目", '<nav><span data-pagefind-filter="栏目">栏目</span>'),
                  PAGE.replace("</main>", ""),
                  PAGE.replace("<footer>", '<footer><span data-pagefind-filter="页脚">页脚</span>'),
                  PAGE.replace("<body>", '<body><html lang="en">')):
        assert search_copy(other.encode()) is None


def test_the_stretches_pages_share_around_their_body_are_searched_for_tags_once(monkeypatch):
    """The header and navigation before the body and the footer after it are most of a page's bytes and the
    same on many pages: only each page's own <head> is searched every time. The copies are as before."""
    import gongkai.render.search_text as search_text

    pages = [PAGE.replace("标题", f"第{i}篇").replace("正文", f"第{i}篇的正文").encode() for i in range(50)]
    expected = [search_copy(page) for page in pages]
    searched = []
    pattern = search_text.SEARCH_TAGS

    class Counting:
        def findall(self, data, *span):
            searched.append(len(data[span[0]:span[1]] if span else data))
            return pattern.findall(data, *span)

    monkeypatch.setattr(search_text, "SEARCH_TAGS", Counting())
    search_text._tags.cache_clear()
    assert [search_copy(page) for page in pages] == expected
    head = PAGE.index("</head>")
    assert sum(searched) < len(pages) * head + 2 * len(PAGE), (sum(searched), head)


def _fragments(bundle: Path) -> dict[str, dict]:
    """Every page's record in a Pagefind bundle and the bundles it merges, by URL."""
    found = {}
    for path in [*bundle.glob("fragment/*.pf_fragment"), *bundle.glob("more/*/fragment/*.pf_fragment")]:
        record = json.loads(gzip.decompress(path.read_bytes())[len(search_bundle.HEADER):])
        found[record["url"]] = record
    return found


def test_the_index_of_the_search_copies_is_the_index_of_the_whole_pages_without_the_footer_badge(tmp_path):
    """Pagefind run on every searchable page of the example site whole, and the build's index of their search
    copies: the same pages, words, titles, meta and filters. The whole pages give every result the footer's
    党政机关 badge for a picture; the copies give none."""
    from conftest import copy_example

    root = copy_example(tmp_path / "example")
    result = run_build(root, search=True, pages_per_index=40)
    assert result.written, result.problems.report()
    whole = tmp_path / "whole"
    for page in (root / "site").rglob("*.html"):
        if SEARCH_BODY in page.read_bytes():
            (whole / page.relative_to(root / "site")).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, whole / page.relative_to(root / "site"))
    problems = Problems()
    assert search_index._index(whole, None, tmp_path / "bundle", problems), problems.report()
    expected, built = _fragments(tmp_path / "bundle"), _fragments(root / "site/pagefind")
    assert (root / "site/pagefind/more").is_dir() and len(built) > 100
    badges = [url for url, record in expected.items() if record["meta"].get("image", "").endswith("/dzjg.svg")]
    assert len(badges) > 100 and not any(record["meta"].get("image", "").endswith("/dzjg.svg") for record in built.values())
    for url in badges:  # (a page with a picture of its own shows that one either way)
        assert expected[url]["meta"].pop("image_alt") == "党政机关" and expected[url]["meta"].pop("image")
    assert built == expected


def test_the_search_digest_follows_what_the_index_reads_not_the_navigation_around_it():
    page = ('<html lang="zh-CN"><head><title>标题</title><meta data-pagefind-filter="year[content]" content="2019">'
            '</head><body><nav>栏目 (12)</nav><main id="main" data-pagefind-body><h1>标题</h1><p>正文</p></main>'
            '<footer>页脚</footer></body></html>')
    same = search_digest(page.encode())
    assert search_digest(page.replace("(12)", "(13)").replace("页脚", "新页脚").encode()) == same
    for changed in (page.replace("<p>正文", "<p>新正文"), page.replace("2019", "2020"), page.replace("<title>标题", "<title>新"),
                    page.replace('lang="zh-CN"', 'lang="en"')):
        assert search_digest(changed.encode()) != same


def test_adding_a_catalogue_item_reindexes_only_its_slice_though_every_catalogue_page_counts_it(make_site, monkeypatch,
                                                                                              tmp_path):
    """The catalogue's tree beside every page of the column shows counts, so adding one item changes all those
    pages' bytes; not their text, so only the new page's slice is indexed again, and the index is a cold build's."""
    from test_incremental import tree

    item = ("---\ntitle: 第{i}号公开信息\nindex_no: 12345678X/2019-{n:05d}\ntopic: 财政、金融、审计\\财政预决算\norgan: 县财政局\n"
            "created: 2019-03-01\npublished: 2019-03-{d:02d} 10:00\n---\n测试县财政局第{i}项主动公开信息。\n")
    items = {f"content/gk/items/i{i:02d}.md": item.format(i=i, n=4 + i, d=1 + i) for i in range(24)}
    ledger = '"12345678X":\n  "2018": 5\n  "2019": 40\n'
    root = make_site({**items, "content/_data/ledger.yml": ledger})
    indexed = []
    index = search_index._index
    monkeypatch.setattr(search_index, "_index", lambda staging, pages, *a: indexed.append(pages) or index(staging, pages, *a))
    first = run_build(root, search=True, pages_per_index=6)
    assert first.written, first.problems.report()
    assert len(indexed) >= 4
    before = (root / "site/gk/items/i00/index.html").read_text("utf-8")
    indexed.clear()
    (root / "content/gk/items/new.md").write_text(item.format(i=99, n=30, d=28), "utf-8")
    assert run_build(root, search=True, pages_per_index=6).written
    assert (root / "site/gk/items/i00/index.html").read_text("utf-8") != before  # its column tree counts the new one
    assert len(indexed) == 1 and any(str(path) == "gk/items/new/index.html" for path, _ in indexed[0]), indexed
    cold = run_build(root, search=True, pages_per_index=6, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site/pagefind") == tree(tmp_path / "cold/pagefind")


def test_slices_indexed_side_by_side_make_the_same_index_and_their_number_is_capped(make_site, monkeypatch, tmp_path):
    """Pagefind runs on every core, one slice each: the bundle is byte for byte the one made a slice at a
    time. Past MAX_INDEXES slices (the search page merges them all) the slices grow instead."""
    from gongkai import pipeline
    from test_incremental import tree

    news = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i:02d} 10:00\norgan: 县政府\n---\n"
                                         f"全县政务公开第{i}项工作进展顺利。\n" for i in range(12)}
    root = make_site(news)
    bundles = {}
    for processes in (1, 3):
        monkeypatch.setattr(pipeline, "workers", lambda: processes)
        out = tmp_path / f"p{processes}"
        result = run_build(root, search=True, pages_per_index=3, out_dir=out, cache_dir=tmp_path / f"c{processes}")
        assert result.written, result.problems.report()
        bundles[processes] = tree(out / "pagefind")
    assert bundles[1] == bundles[3] and (tmp_path / "p3/pagefind/more").is_dir()
    monkeypatch.setattr(search_index, "MAX_INDEXES", 2)
    assert run_build(root, search=True, pages_per_index=1, out_dir=tmp_path / "capped", cache_dir=tmp_path / "c").written
    assert (tmp_path / "capped/pagefind/merge.js").read_text("utf-8") == 'window.gongkaiIndexes = ["more/1/"];\n'


def test_a_slice_indexed_again_starts_from_its_last_version_and_keeps_nothing_of_it_that_is_stale(make_site, tmp_path):
    """Pagefind does not write a content-named file that exists: the slice of an edited page starts with the
    fragments of its last version, linked, and those no page of it names any more are removed."""
    import os

    from test_incremental import edit, tree

    news = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i:02d} 10:00\norgan: 县政府\n---\n"
                                         f"全县政务公开第{i}项工作进展顺利。\n" for i in range(24)}
    root = make_site(news)
    assert run_build(root, search=True, pages_per_index=6).written
    held = tmp_path / "held"  # links that keep the last fragments' inodes from being handed to new files
    held.mkdir()
    inodes = {}
    for path in (root / "site/pagefind").rglob("*.pf_fragment"):
        os.link(path, held / path.name)
        inodes[path.name] = path.stat().st_ino
    edit(root / "content/news/n03.md", "第3项工作进展顺利", "第3项工作已经完成")
    assert run_build(root, search=True, pages_per_index=6).written
    now = {path.name: path for path in (root / "site/pagefind").rglob("*.pf_fragment")}
    new, = set(now) - set(inodes)  # the edited page's
    gone, = set(inodes) - set(now)  # its last fragment
    slice_folder = now[new].parent
    unchanged = [path for path in slice_folder.iterdir() if path.name in inodes]
    assert len(unchanged) >= 2 and all(path.stat().st_ino == inodes[path.name] for path in unchanged)
    cold = run_build(root, search=True, pages_per_index=6, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site/pagefind") == tree(tmp_path / "cold/pagefind")


def test_a_kept_slice_that_cannot_be_put_in_place_is_indexed_again(make_site, monkeypatch, tmp_path):
    from test_incremental import tree

    news = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i:02d} 10:00\norgan: 县政府\n---\n"
                                         f"全县政务公开第{i}项工作进展顺利。\n" for i in range(12)}
    root = make_site(news)
    assert run_build(root, search=True, pages_per_index=3).written
    (root / "content/news/new.md").write_text("---\ntitle: 新发布的动态\npublished: 2019-08-30 10:00\norgan: 县政府\n---\n"
                                              "县政府召开防汛工作会议。\n", "utf-8")
    indexed = []
    index = search_index._index
    monkeypatch.setattr(search_index, "_index", lambda staging, pages, *a: indexed.append(pages) or index(staging, pages, *a))
    linked = []

    def failing(source: str, target: str) -> None:  # a disk that fills after a few files of each kept slice
        linked.append(target)
        if len(linked) % 5 == 0:
            raise OSError(28, "No space left on device")
        shutil.copyfile(source, target)

    monkeypatch.setattr(search_index, "_link_or_copy", failing)
    assert run_build(root, search=True, pages_per_index=3).written
    assert len(indexed) > 1  # the new page's slice, and the kept ones that could not be linked
    monkeypatch.undo()
    cold = run_build(root, search=True, pages_per_index=3, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site/pagefind") == tree(tmp_path / "cold/pagefind")


def test_the_index_is_built_while_the_rendered_site_is_checked(make_site, monkeypatch, tmp_path):
    import threading

    import gongkai.pipeline

    root = make_site()
    indexing = threading.Event()
    index = search_index._index
    monkeypatch.setattr(search_index, "_index", lambda *a: indexing.set() or index(*a))
    check_output = gongkai.pipeline.check_output
    began = []

    def checking(*a, **k):
        began.append(indexing.wait(timeout=20))  # the checks wait for Pagefind: it must begin without them
        return check_output(*a, **k)

    monkeypatch.setattr(gongkai.pipeline, "check_output", checking)
    assert run_build(root, search=True).written and began == [True]
    cold = run_build(root, search=True, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    from test_incremental import tree
    assert tree(root / "site") == tree(tmp_path / "cold")


def test_the_checks_begin_once_pagefind_runs_not_while_its_pages_are_sliced(make_site, monkeypatch, tmp_path):
    """Slicing the pages and putting their copies in place need the interpreter the checks hold: the checks
    wait until Pagefind has started (it then runs beside them), however long the slicing takes."""
    import subprocess
    import time

    import gongkai.pipeline

    root = make_site()
    launched = []
    popen = subprocess.Popen
    monkeypatch.setattr(search_index.subprocess, "Popen", lambda *a, **k: launched.append(1) or popen(*a, **k))
    slices = search_index._slices
    monkeypatch.setattr(search_index, "_slices", lambda *a: time.sleep(0.5) or slices(*a))
    check_output = gongkai.pipeline.check_output
    seen = []
    monkeypatch.setattr(gongkai.pipeline, "check_output", lambda *a, **k: seen.append(len(launched)) or check_output(*a, **k))
    assert run_build(root, search=True).written
    assert seen and seen[0] >= 1


def test_a_check_that_stops_the_build_stops_pagefind_and_keeps_the_site(make_site, monkeypatch, tmp_path):
    """The index is begun before the rendered site is checked: a dead link found then ends the Pagefind
    already running (not left to finish), and the site in place stays as it was."""
    import time

    import pagefind.service

    import gongkai.pipeline
    from test_incremental import edit, tree

    root = make_site()
    assert run_build(root, search=True).written
    before = tree(root / "site")
    slow = tmp_path / "pagefind"
    slow.write_text(f"#!{sys.executable}\nimport os, pathlib, time\nfolder = pathlib.Path({str(tmp_path)!r})\n"
                    "(folder / 'pid').write_text(str(os.getpid()))\ntime.sleep(30)\n(folder / 'finished').touch()\n", "utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: slow)
    check_output = gongkai.pipeline.check_output

    def checking(*a, **k):  # found once Pagefind runs (small sites are checked before it would start)
        for _ in range(200):
            if (tmp_path / "pid").exists():
                break
            time.sleep(0.05)
        return check_output(*a, **k)

    monkeypatch.setattr(gongkai.pipeline, "check_output", checking)
    edit(root / "templates/single.html", "发布日期：", '<a href="{{ \'/news/gone/\' | rel }}">旧闻</a>发布日期：')
    result = run_build(root, search=True)
    assert not result.written and "GK505" in [p.code for p in result.problems.errors]
    pid = int((tmp_path / "pid").read_text())
    try:
        os.kill(pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive and not (tmp_path / "finished").exists()
    assert tree(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site", "site.yml"]


def test_what_goes_wrong_in_the_indexing_thread_is_raised_by_the_build_not_swallowed(make_site, monkeypatch):
    import pytest

    root = make_site()

    def broken(bundle):
        raise ValueError("a bundle cut short")

    monkeypatch.setattr(search_index, "make_deterministic", broken)
    with pytest.raises(ValueError, match="cut short"):
        run_build(root, search=True)
    assert not (root / "site").exists()
