"""The link check's own path arithmetic agrees with posixpath's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_build
from gongkai.checks.html import PageScan
from gongkai.checks.links import _join, _normjoin, resolve_links

SEGMENT = st.sampled_from(["..", ".", "a", "b", "", "...", "..a", "x.html"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "news", "n1"]), max_size=4), st.lists(SEGMENT, max_size=6))
def test_join_is_posixpath_join_and_normpath(folders, segments):
    folder = "/" + "".join(f + "/" for f in folders)
    target = "/".join(segments)
    assert _join(folder, target) == _normjoin(folder, target)


def flat(runs) -> list[tuple[str, str, str]]:
    return [target for run in runs for target in run]


def test_links_resolve_to_site_paths_with_their_anchors():
    scan = PageScan("content/news/a.md", "news", links=[
        "../../", "../b/#%E6%AE%B5", "c.pdf?v=1", "#main", "https://www.gov.cn/", "https://x.cn/self/", "mailto:a@b.cn",
        "/self/static/a.css", "/elsewhere/", "//cdn.example/x.js"])
    resolve_links("/news/a/", scan, "https://x.cn/self/")
    assert sorted(flat(scan.targets)) == sorted([("../../", "/", ""), ("../b/#%E6%AE%B5", "/news/b/", "段"), ("c.pdf?v=1", "/news/a/c.pdf", ""),
                            ("#main", "/news/a/", "main"), ("/self/static/a.css", "/static/a.css", ""),
                            ("/elsewhere/", "\0outside", "")])
    assert scan.external == ["https://www.gov.cn/"]  # links to the site itself and other schemes are not listed


LINK = st.sampled_from(["../../", "../", "./", "", "#main", "a/", "../b/#段", "../../c.pdf?v=1", "/self/x/", "/else/",
                        "https://www.gov.cn/", "https://x.cn/self/y/", "mailto:a@b.cn", "..", "../a/../b/", "%E6%AE%B5/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "news", "n1"]), max_size=4), min_size=1, max_size=5),
       st.lists(LINK, max_size=8))
def test_what_one_page_taught_about_a_link_holds_on_every_page(folders, links):
    parsed: dict = {}
    for parts in folders:
        url = "/" + "".join(f + "/" for f in parts)
        taught, fresh = PageScan("x.md", "news", links=list(links)), PageScan("x.md", "news", links=list(links))
        resolve_links(url, taught, "https://x.cn/self/", parsed)
        resolve_links(url, fresh, "https://x.cn/self/")
        assert (taught.targets, taught.external) == (fresh.targets, fresh.external)
        for link, target, _ in flat(fresh.targets):
            if link and link[0] in ".a" and not any(c in link for c in "?#%"):  # relative, nothing to strip
                assert target == _normjoin(url, link)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "news", "n1"]), max_size=4), min_size=1, max_size=8),
       st.lists(st.lists(LINK, max_size=6), min_size=2, max_size=4))
def test_a_stretch_many_pages_share_leads_where_it_would_on_each_page_alone(folders, stretches):
    runs = [tuple(links) for links in stretches]  # the page's own, then the stretches it shares (as Chrome gives them)
    parsed: dict = {}
    resolved: dict = {}
    for parts in folders:
        for url in ("/" + "".join(f + "/" for f in parts), "/" + "".join(f + "/" for f in parts) + "p.html"):
            shared = PageScan("x.md", "news", links=[link for run in runs for link in run], runs=runs)
            alone = PageScan("x.md", "news", links=[link for run in runs for link in run])
            resolve_links(url, shared, "https://x.cn/self/", parsed, resolved)
            resolve_links(url, alone, "https://x.cn/self/")
            assert sorted(flat(shared.targets)) == sorted(flat(alone.targets)), url
            assert shared.external == alone.external


def test_links_to_sites_beyond_government_ones_and_those_registered_are_warnings(make_site):
    from conftest import run_build

    body = ("见[人民网](https://www.people.com.cn/n1/2019/0726/c1001.html)、[省政府](https://www.sc.gov.cn/)。\n\n"
            "购买请到[商城](https://shop.example.com/item?id=1)。")
    news = f"---\ntitle: 推进会\npublished: 2019-08-01 10:00\norgan: 县政府\n---\n{body}\n"
    root = make_site({"content/news/second.md": news})
    config = (root / "site.yml").read_text("utf-8")
    (root / "site.yml").write_text(config + "external_hosts: [people.com.cn]\n", "utf-8")
    result = run_build(root)
    assert result.written, result.problems.report()  # a warning: the page is published
    [warning] = [p for p in result.problems.warnings if p.code == "GK507"]
    assert (warning.path, warning.line) == ("content/news/second.md", 8) and "shop.example.com" in warning.message
    assert "external_hosts" in warning.hint


def test_a_links_line_is_found_in_the_body_the_build_read_not_in_the_file():
    from gongkai.checks.links import body_lines
    from gongkai.validate import validate_document
    from test_validate import CONFIG, raw

    from gongkai.problems import Problems

    doc = validate_document(raw("news/a.md", "---\ntitle: 甲\npublished: 2019-08-01\norgan: 县政府\n---\n第一段。\n\n"
                                             "见[预算](../gk/nope.md)。\n"), CONFIG, Problems())
    line_of = body_lines([doc])
    assert line_of("content/news/a.md", ['"../gk/nope/"', "../gk/nope.md"]) == 8
    assert line_of("content/news/a.md", ["nowhere"]) == 0  # a template put it there
    assert line_of("templates/base.html", ["../gk/nope.md"]) == 0


def test_a_shop_or_an_advertiser_is_never_linked_even_when_registered(make_site):
    news = "---\ntitle: 链接\npublished: 2019-07-20 10:00\norgan: 县政府\n---\n[店](https://shop.taobao.com/) [广告](https://ads.example-shop.com/x)\n"
    root = make_site({"content/news/l.md": news})
    path = root / "site.yml"
    path.write_text(path.read_text("utf-8") + "external_hosts: [taobao.com, example-shop.com]\n", "utf-8")
    assert [p.code for p in run_build(root).problems.errors] == ["GK509"]  # taobao: built in, whatever is registered
    path.write_text(path.read_text("utf-8") + "commercial_hosts: [example-shop.com]\n", "utf-8")
    assert [p.code for p in run_build(root).problems.errors] == ["GK509", "GK509"]
