"""The link check's own path arithmetic agrees with posixpath's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.checks.html import PageScan
from gongkai.checks.links import _join, _normjoin, resolve_links

SEGMENT = st.sampled_from(["..", ".", "a", "b", "", "...", "..a", "x.html"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "news", "n1"]), max_size=4), st.lists(SEGMENT, max_size=6))
def test_join_is_posixpath_join_and_normpath(folders, segments):
    folder = "/" + "".join(f + "/" for f in folders)
    target = "/".join(segments)
    assert _join(folder, target) == _normjoin(folder, target)


def test_links_resolve_to_site_paths_with_their_anchors():
    scan = PageScan("content/news/a.md", "news", links=[
        "../../", "../b/#%E6%AE%B5", "c.pdf?v=1", "#main", "https://www.gov.cn/", "https://x.cn/self/", "mailto:a@b.cn",
        "/self/static/a.css", "/elsewhere/", "//cdn.example/x.js"])
    resolve_links("/news/a/", scan, "https://x.cn/self/")
    assert scan.targets == [("../../", "/", ""), ("../b/#%E6%AE%B5", "/news/b/", "段"), ("c.pdf?v=1", "/news/a/c.pdf", ""),
                            ("#main", "/news/a/", "main"), ("/self/static/a.css", "/static/a.css", ""),
                            ("/elsewhere/", "\0outside", "")]
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
        for link, target, _ in fresh.targets:
            if link and link[0] in ".a" and not any(c in link for c in "?#%"):  # relative, nothing to strip
                assert target == _normjoin(url, link)
