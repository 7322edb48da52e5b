"""The Rong County example site in content/ builds cleanly and every link resolves."""

from __future__ import annotations

import re

import pytest

from conftest import copy_example, run_build
from htmlscan import html_pages, resolve, scan_file


def test_example_site_builds_without_problems(tmp_path):
    root = copy_example(tmp_path / "rongxian")
    result = run_build(root)
    assert not result.problems.errors, result.problems.report()
    assert not result.problems.warnings, result.problems.report()
    assert result.today.isoformat() == "2020-03-31"
    site = root / "site"
    pages = html_pages(site)
    assert len(pages) > 30
    for page in pages:
        scan = scan_file(page)
        for link in scan.links:
            target = resolve(site, page, link)
            assert target is None or target.is_file(), f"{page}: {link}"
    # every page has a title of its own (two columns are called 政策解读: their parents tell them apart)
    titles = [scan_file(page).title for page in pages]
    assert len(set(titles)) == len(titles), sorted(t for t in titles if titles.count(t) > 1)
    home = scan_file(site / "index.html")
    assert "政府信息公开" in home.text
    xxgk = scan_file(site / "xxgk/index.html").text
    for part in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert part in xxgk
    assert_no_english_a_visitor_would_meet(root, pages)


# Words a visitor meets on keys and in document numbers; any other Latin word on a page comes from the editors'
# own content (an e-mail address, a document code) or is a word of ours a visitor should not have to read.
UNDERSTOOD = {"Ctrl", "Tab", "ICP", "PDF", "GB/T"}


def assert_no_english_a_visitor_would_meet(root, pages) -> None:
    from selectolax.lexbor import LexborHTMLParser

    sources = " ".join(p.read_text("utf-8", errors="replace") for p in (root / "content").rglob("*")
                       if p.suffix in (".md", ".yml")) + (root / "site.yml").read_text("utf-8")
    found = {}
    for page in pages:
        tree = LexborHTMLParser(page.read_text("utf-8"))
        for node in tree.css("script, style, noscript"):
            node.decompose()
        text = tree.body.text(separator=" ") + " " + tree.css_first("title").text()
        text += " ".join(node.attributes.get(name) or "" for node in tree.css("[title], [alt], [aria-label], [placeholder]")
                         for name in ("title", "alt", "aria-label", "placeholder"))
        for word in re.findall(r"[A-Za-z][A-Za-z/]+", text):
            if word not in UNDERSTOOD and word not in sources:
                found.setdefault(word, page.relative_to(root / "site").as_posix())
    assert not found, found  # e.g. Atom, CSV, JSON, or a command name: say 订阅, 下载表格, 数据


@pytest.fixture(scope="module")
def rongxian(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("rongxian-broken"))
    return root


# A file of each kind that other files rely on: by path, by number, by folder, or by being there at all.
RELIED_ON = (
    "xxgk/_index.md",  # the disclosure column and its four parts
    "xxgk/zhinan/_index.md",  # one of the four parts
    "xxgk/nianbao/2019.md",  # the only annual report in its part
    "gzyd/2019/1/_index.md",  # a plan area: its tasks take their kind from it
    "gzyd/2019/1/1.md",  # a task items name by number
    "zfgs/sthj/_index.md",  # an enforcement folder: its decisions take their kind from it
    "xxgk/fdzdgknr/jgzn/csz.md",  # an organ's 机构信息 page
    "xxgk/fdzdgknr/zcjd/khbf-2020-jd.md",  # the interpretation a 行政规范性文件 must have
    "ztzl/tpgj/_index.md",  # a topic column, named by items and by the disclosure directory
    "zwdt/_index.md",  # a section in the main navigation
)


@pytest.mark.parametrize("path", RELIED_ON)
@pytest.mark.parametrize("slip", [(r"^title: ", "title："), (r"^title: .*$", "title: ")], ids=["unreadable", "invalid"])
def test_a_file_left_out_for_its_own_errors_is_not_reported_missing_elsewhere(rongxian, path, slip):
    # Editors were told to create the organ page, section or interpretation that was already there.
    source = rongxian / "content" / path
    text = source.read_text("utf-8")
    broken = re.sub(*slip, text, count=1, flags=re.M)
    assert broken != text
    source.write_text(broken, "utf-8")
    try:
        result = run_build(rongxian, write=False)
    finally:
        source.write_text(text, "utf-8")
    errors = result.problems.errors
    assert errors and {p.path for p in errors} == {f"content/{path}"}, result.problems.report()
    assert {p.code[:3] for p in errors} <= {"GK1", "GK2"}, result.problems.report()  # its reading or its fields
    # nor is its column told empty or its report unpublished
    others = {(p.code, p.path) for p in result.problems.warnings if p.path != f"content/{path}"}
    assert not others, result.problems.report()


def test_a_file_with_errors_leaves_the_rest_checked_in_the_same_run(rongxian):
    # The rest of the site is still rendered and checked (in memory): a dead link elsewhere shows up now,
    # not in the next run, and a link to the file with errors is not reported as dead.
    # The same goes for what only the built pages show: an anchor that is not there.
    news, other = rongxian / "content/zwdt/tjh-20190726.md", rongxian / "content/zwdt/jyh-20191125.md"
    kept = {path: path.read_text("utf-8") for path in (news, other)}
    news.write_text(kept[news].replace("title: ", "title：", 1), "utf-8")
    other.write_text(kept[other] + "\n见[推进会](tjh-20190726.md)、[要点](../gzyd/none.md)和[通知公告](../tzgg/_index.md#none)。\n",
                     "utf-8")
    try:
        result = run_build(rongxian)
    finally:
        for path, text in kept.items():
            path.write_text(text, "utf-8")
    found = sorted((p.code, p.path, p.message) for p in result.problems.errors)
    assert [(code, path) for code, path, _ in found] == [("GK105", "content/zwdt/tjh-20190726.md"),
                                                        ("GK303", "content/zwdt/jyh-20191125.md"),
                                                        ("GK506", "content/zwdt/jyh-20191125.md")], found
    assert "none.md" in found[1][2] and not result.written and not (rongxian / "site").exists()
