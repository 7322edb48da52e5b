"""The output scan: what it finds on a page does not depend on the pages scanned before it."""

from __future__ import annotations

from pathlib import PurePosixPath

from conftest import run_build
from gongkai.checks.html import Chrome, scan_page
from gongkai.render.views import Output


def found(scan) -> tuple:
    return scan.links, scan.ids, scan.base, scan.meta, scan.footer_text, scan.footer_links


def page(head: str, header: str, main: str, footer: str) -> Output:
    text = f"<!DOCTYPE html><html><head>{head}</head><body>{header}<main id=\"main\">{main}</main>{footer}</body></html>"
    return Output(PurePosixPath("a/index.html"), "content/a.md", "news", text.encode("utf-8"))


NEWS = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条动态\npublished: 2019-07-{1 + i:02d} 10:00\norgan: 县政府\n---\n## 情况\n\n正文。\n"
        for i in range(25)}


def test_a_built_site_scans_the_same_with_its_headers_and_footers_remembered(make_site):
    root = make_site(NEWS)
    assert run_build(root).written
    outputs = [Output(PurePosixPath(p.relative_to(root / "site").as_posix()), "", "", p.read_bytes())
               for p in sorted((root / "site").rglob("*.html"))]
    chrome = Chrome()
    for output in outputs:
        assert found(scan_page(output, chrome)) == found(scan_page(output))
    assert len(outputs) > 45 and len(chrome.parts) < len(outputs) - 20  # the 25 news pages share one header, all one footer


def test_pages_that_share_a_header_keep_their_own_head_main_and_footer():
    chrome = Chrome()
    header = '<header><a href="../../">首页</a><a href="#care" id="care-toggle">长者模式</a></header>'
    first = scan_page(page('<meta name="SiteName" content="甲">', header, '<h2 id="一">一</h2><a href="x/">x</a>',
                           '<footer><a href="../../tongji/">统计</a>主办：荣县人民政府</footer>'), chrome)
    second = scan_page(page('<meta name="SiteName" content="乙"><base href="/">', header, '<a href="y/">y</a>',
                            '<footer><img src="b.svg" alt="党政机关">主办：某局</footer>'), chrome)
    assert first.links == ["../../", "#care", "x/", "../../tongji/"] and second.links == ["../../", "#care", "y/", "b.svg"]
    assert first.ids == {"SiteName", "care-toggle", "main", "一"} and second.ids == {"SiteName", "care-toggle", "main"}
    assert (first.meta, first.base, second.meta, second.base) == ({"SiteName": "甲"}, None, {"SiteName": "乙"}, "/")
    assert (first.footer_links, second.footer_links) == (["../../tongji/"], ["b.svg"])
    assert (first.footer_text, second.footer_text) == ("统计主办：荣县人民政府", "主办：某局党政机关")


def test_a_page_without_main_or_footer_is_scanned_whole():
    text = '<html><head><meta name="SiteName" content="甲"></head><body><a href="a/" id="x">a</a></body></html>'
    scan = scan_page(Output(PurePosixPath("404.html"), "", "", text.encode("utf-8")), Chrome())
    assert (scan.links, scan.ids, scan.meta, scan.footer_links, scan.footer_text) == (["a/"], {"SiteName", "x"}, {"SiteName": "甲"}, [], "")


def test_ids_after_any_whitespace_between_attributes_are_found_and_look_alikes_are_not():
    main = '<h2\nid="换行">甲</h2><div data-id="x"\tclass="a" id="y"></div><a\tname="乙">乙</a><p>id=</p>'
    scan = scan_page(page("", "", main, ""), Chrome())
    assert scan.ids == {"换行", "y", "乙", "main"}
    assert scan_page(page("", "", '<h2 id="丙">丙</h2>', ""), Chrome()).ids == {"丙", "main"}


def real_parse(data: bytes) -> tuple:
    """What an HTML5 parser (lexbor, through selectolax) finds on a page: the reference for the scan."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(data.decode("utf-8"))
    selector = "a[href], link[href], area[href], img[src], script[src], source[src], iframe[src], form[action]"
    links = [node.attributes.get("href") or node.attributes.get("src") or node.attributes.get("action") or ""
             for node in tree.css(selector)]
    ids = {value for node in tree.css("[id], [name]") for value in (node.attributes.get("id"),
                                                                   node.attributes.get("name")) if value is not None}
    base = next((node.attributes.get("href") for node in tree.css("base[href]")), None)
    meta = {node.attributes["name"]: node.attributes.get("content") or "" for node in tree.css("meta[name]")}
    footer = tree.css_first("footer")
    footer_links = [] if footer is None else [
        node.attributes.get("href") or node.attributes.get("src") or "" for node in footer.css("a[href], img[src]")]
    footer_text = "" if footer is None else footer.text(deep=True) + " ".join(
        node.attributes.get("alt") or "" for node in footer.css("img[alt]"))
    return links, ids, base, meta, footer_text, footer_links


def test_the_scan_finds_what_an_html_parser_finds_on_every_page_of_the_example(tmp_path):
    from conftest import copy_example

    root = copy_example(tmp_path / "example")
    assert run_build(root).written
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) > 100
    chrome = Chrome()
    for path in pages:
        output = Output(PurePosixPath(path.relative_to(root / "site").as_posix()), "", "", path.read_bytes())
        assert found(scan_page(output, chrome)) == real_parse(output.data), output.out_path


def test_slimmed_scans_keep_each_link_and_id_set_once_however_many_pages_hold_it():
    from gongkai.checks.links import resolve_links

    nav = '<nav><a href="../../news/">动态</a><a href="../../gk/#list">目录</a><a href="https://www.gov.cn/">国务院</a></nav>'
    pool: dict = {}
    scans = []
    for name in ("a", "b"):
        output = page('<link rel="stylesheet" href="../../static/site.css">', nav,
                      f'<h2 id="s">情况</h2><a href="../{name}x/">下一条</a>', "<footer>荣县</footer>")
        scan = scan_page(output, Chrome())
        resolve_links(f"/news/{name}/", scan, "https://x.cn/")
        scan.slim(pool)
        scans.append(scan)
    first, second = scans
    nav_first, nav_second = (next(run for run in scan.targets if ("../../news/", "/news/", "") in run) for scan in scans)
    assert nav_first == (("../../news/", "/news/", ""), ("../../gk/#list", "/gk/", "list"))
    assert nav_first is nav_second  # the navigation's, kept once
    css = ("../../static/site.css", "/static/site.css", "")
    [own_first] = [run for run in first.targets if run is not nav_first]
    [own_second] = [run for run in second.targets if run is not nav_first]
    assert own_first == (css, ("../ax/", "/news/ax/", "")) and own_second == (css, ("../bx/", "/news/bx/", ""))
    assert own_first[0] is own_second[0]  # a target in each page's own links, kept once too
    assert first.ids is second.ids and first.ids == ("main", "s")  # sorted: a tuple is a ninth of a set's size
    assert first.external is second.external and first.external == ("https://www.gov.cn/",)
    assert (first.links, first.meta, first.footer_text) == ([], {}, "")
