"""政策文件库: state, 文种, organ and year shelves pre-rendered, the 文号 index, and each document's 有效性 history."""

from __future__ import annotations

import re

from conftest import run_build
from htmlscan import scan_file
from test_disclosure import POLICY_SECTIONS, item, with_config

EXEMPT = "interpretation_exempt: 内部管理，不涉及公众\n"


def library_site(make_site, extra_files=None):
    files = {
        "content/gk/items/zc/_index.md": "---\ntitle: 政策文件\n---\n",
        "content/gk/items/zc/old.md": item("老办法", "00002", extra="doc_type: 行政规范性文件\ndoc_no: 测府发〔2019〕12号\n"
                                           "validity: 废止\nrepealed_on: 2019-06-30\nsuperseded_by: new.md\n" + EXEMPT),
        "content/gk/items/zc/new.md": item("新办法", "00003", organ="县政府", published="2019-06-20 10:00",
                                           extra="doc_type: 行政规范性文件\ndoc_no: 测府发〔2019〕2号\neffective_from: 2019-07-01\n"
                                           + EXEMPT),
        "content/gk/items/zc/plan.md": item("工作方案", "00004", extra="doc_type: 其他文件\ndoc_no: 测财发〔2019〕9号\n"),
        "content/_data/ledger.yml": '"12345678X":\n  "2018": 5\n  "2019": 4\n',
        **(extra_files or {})}
    root = make_site(files)
    with_config(root, *POLICY_SECTIONS)
    return root


def titles(page) -> list[str]:
    return re.findall(r"(老办法|新办法|工作方案)", page.text)


def test_current_and_repealed_documents_and_the_filters_are_pages_of_their_own(make_site):
    root = library_site(make_site)
    result = run_build(root)
    assert result.written and not result.problems.errors, result.problems.report()
    lib = root / "site/gk/items/zc"
    assert sorted(titles(scan_file(lib / "xxyx/index.html"))) == ["工作方案", "新办法"]
    assert titles(scan_file(lib / "fzsx/index.html")) == ["老办法"]
    assert sorted(titles(scan_file(lib / "wz/gfxwj/index.html"))) == ["新办法", "老办法"]
    assert titles(scan_file(lib / "wz/qtwj/index.html")) == ["工作方案"]
    assert titles(scan_file(lib / "jg/zf/index.html")) == ["新办法"]
    assert sorted(titles(scan_file(lib / "nf/2019/index.html"))) == ["工作方案", "新办法", "老办法"]
    # every shelf is reachable from the library's own page, by plain links
    home = scan_file(lib / "index.html")
    for target in ("xxyx/", "fzsx/", "wz/gfxwj/", "wz/qtwj/", "jg/zf/", "jg/czj/", "nf/2019/", "wh/"):
        assert target in home.links, target


def test_the_doc_no_index_orders_numbers_as_numbers(make_site):
    root = library_site(make_site)
    run_build(root)
    page = scan_file(root / "site/gk/items/zc/wh/index.html")
    assert page.text.index("测府发〔2019〕2号") < page.text.index("测府发〔2019〕12号")
    groups = re.findall(r'<h2 id="wh-\d+">([^<]+)</h2>', (root / "site/gk/items/zc/wh/index.html").read_text("utf-8"))
    assert sorted(groups) == ["测府发", "测财发"]  # one group per 代字
    assert "../new/" in page.links and "../old/" in page.links


def test_each_document_tells_its_history_and_names_the_other(make_site):
    root = library_site(make_site)
    run_build(root)
    old = scan_file(root / "site/gk/items/zc/old/index.html")
    history = " ".join(old.text[old.text.index("有效性历史"):].split())
    assert re.search(r"2019-02-18 成文 2019-02-25 发布 2019-06-30 废止，以《新办法》为准", history), history
    assert "../new/" in old.links
    new = scan_file(root / "site/gk/items/zc/new/index.html")
    history = " ".join(new.text[new.text.index("有效性历史"):].split())
    assert "2019-07-01 施行" in history and "2019-06-30 废止《老办法》" in history


def test_a_folder_named_like_a_shelf_is_refused(make_site):
    root = library_site(make_site, {"content/gk/items/zc/wh/_index.md": "---\ntitle: 文号\n---\n"})
    errors = [p for p in run_build(root).problems.errors if p.code == "GK332"]
    assert errors and errors[0].path == "content/gk/items/zc/wh/_index.md"
