"""The template environment: fragments rendered once for the pages that show them alike."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_example, run_build
from test_incremental import tree

import gongkai.render.templates as templates
from gongkai.render.templates import make_environment
from gongkai.render.views import ColumnNav, FacetView, Link, SiteView, TreeNode


def test_a_fragment_is_rendered_once_per_key_and_per_call(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/page.html").write_text(
        '{% call fragment("a", key) %}[{{ count() }}]{% endcall %}{% call fragment("b", key) %}({{ count() }}){% endcall %}',
        "utf-8")
    env = make_environment(tmp_path, "https://example.gov.cn/")
    calls = []
    env.globals["count"] = lambda: calls.append(1) or len(calls)
    template = env.get_template("page.html")
    shown = [template.render(page=Link("页", "/p/"), key=key) for key in ("x", "y", "x", "y")]
    assert shown == ["[1](2)", "[3](4)", "[1](2)", "[3](4)"] and len(calls) == 4
    assert make_environment(tmp_path, "https://example.gov.cn/").globals["fragment"] is not env.globals["fragment"]
    # A key that differs on every page keeps at most FRAGMENTS_KEPT of them, and each page still shows its own.
    calls.clear()
    many = [template.render(page=Link("页", "/p/"), key=number) for number in range(templates.FRAGMENTS_KEPT + 10)]
    assert many[-1] == f"[{len(calls) - 1}]({len(calls)})" and len(calls) == 2 * len(many)
    kept = env.globals["fragment"].args[0]
    assert len(kept) <= templates.FRAGMENTS_KEPT


def test_relative_links_are_those_of_relative_wherever_the_page_is(tmp_path):
    import itertools

    from gongkai.model.urls import relative

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/link.html").write_text("{{ url | rel }}", "utf-8")
    template = make_environment(tmp_path, "https://example.gov.cn/").get_template("link.html")
    places = ["/", "/gk/", "/gk/items/", "/gk/items/a/", "/gk/items/b/", "/gk/items/a/x/", "/gk/zdly/cz/page/2/",
              "/feed.xml", "/gk/items/a/f.pdf", "/news/"]
    urls = places + [place + "#top" for place in places] + ["#top", "/static/css/site.css", "/gk/items/ab/", "/gk/itemsx/"]
    for here, url in itertools.product(places, urls):
        assert template.render(page=Link("页", here), url=url) == relative(url, here), (url, here)


def test_where_a_page_stands_in_the_column_tree():
    nav = ColumnNav("政府信息公开", "/gk/", (TreeNode("法定主动公开内容", "/gk/zdly/", (TreeNode("财政", "/gk/zdly/cz/", ()),)),),
                    (FacetView("年份", ((Link("2019年", "/gk/year/2019/"), 3),)),))
    # Two items side by side: the same (their folders' parent is where their links start).
    assert nav.where("/gk/items/a/") == nav.where("/gk/items/b/") == ("/gk/items/", (("/gk/", False),))
    assert nav.where("/gk/items/a/") != nav.where("/gk/items/a/x/")  # one level down links otherwise
    # A page of the tree, one under it, and one whose own folder holds a link of the tree (it links into it).
    assert nav.where("/gk/zdly/cz/") == ("/gk/zdly/cz/", (("/gk/", False), ("/gk/zdly/", False), ("/gk/zdly/cz/", True)))
    assert nav.where("/gk/zdly/cz/page/2/")[1] == (("/gk/", False), ("/gk/zdly/", False), ("/gk/zdly/cz/", False))
    assert nav.where("/gk/zdly/")[0] == "/gk/zdly/" and nav.where("/gk/year/")[0] == "/gk/year/"
    assert nav.where("/gk/year/2019/") != nav.where("/gk/year/2020/")


def test_where_a_page_stands_among_the_site_headers_links():
    site = SiteView("荣县人民政府", "/search/", "https://www.rongxian.gov.cn/", "/", "zh-CN", None,  # type: ignore[arg-type]
                    (Link("政府信息公开", "/gk/"), Link("政务动态", "/news/")), "/")
    assert site.where("/news/a/") == site.where("/news/b/") == ("/news/", (("/", False), ("/news/", False)))
    assert site.where("/news/") == ("/news/", (("/", False), ("/news/", True)))  # its own item is the current one
    assert site.where("/gk/items/a/") != site.where("/news/a/")  # under another item of the navigation
    assert site.where("/")[1] == (("/", True),) and site.where("/wza/") != site.where("/wzdt/")  # the tool links


def test_the_column_tree_and_header_are_rendered_once_per_place_and_each_page_shows_what_it_would_alone(
        tmp_path, monkeypatch):
    """Every page of the site is byte for byte what it is with the tree, the site header and the footer rendered
    for it alone, and far fewer are rendered than pages show. Short pages of lists give the tree's pages numbered pages."""
    root = copy_example(tmp_path / "example")
    (root / "site.yml").write_text((root / "site.yml").read_text("utf-8").replace("page_size: 20", "page_size: 5"), "utf-8")
    fragment = templates._fragment
    rendered = []

    def counted(kept, context, name, *key, caller):
        return fragment(kept, context, name, *key, caller=lambda: rendered.append(name) or caller())

    monkeypatch.setattr(templates, "_fragment", counted)
    assert run_build(root, out_dir=tmp_path / "kept", cache_dir=tmp_path / "c1").written
    pages = [page.read_bytes() for page in (tmp_path / "kept").rglob("*.html")]
    monkeypatch.setattr(templates, "_fragment", lambda kept, context, name, *key, caller: caller())
    assert run_build(root, out_dir=tmp_path / "alone", cache_dir=tmp_path / "c2").written
    assert tree(tmp_path / "kept") == tree(tmp_path / "alone")
    assert any("/page/2/" in page.as_posix() for page in (tmp_path / "kept").rglob("*.html")
               if b'class="column-nav"' in page.read_bytes())
    shown = sum(b'<nav class="column-nav"' in page for page in pages)
    assert shown > 60 and rendered.count("column_nav") < shown * 0.6, (rendered.count("column_nav"), shown)
    headers = sum(b'<header class="site-header">' in page for page in pages)
    assert headers > 200 and 0 < rendered.count("header") < headers * 0.5, (rendered.count("header"), headers)
    assert 0 < rendered.count("footer") < headers * 0.5, rendered.count("footer")


def test_no_rendered_page_is_left_in_a_reference_cycle(tmp_path, monkeypatch):
    """A macro at the top of a page template is kept in the page's context and holds it: each page then waits,
    with its view and its body, for the garbage collector (a tenth of the render workers' time at 10,000 items)."""
    import gc

    import jinja2

    import gongkai.workers

    root = copy_example(tmp_path / "site")
    monkeypatch.setattr(gongkai.workers, "workers", lambda: 1)  # every page rendered in this process
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector frees is kept in gc.garbage to be looked at
    try:
        assert run_build(root).written
        gc.collect()
        pages = sorted({o.name for o in gc.garbage if isinstance(o, jinja2.runtime.Context) and "page" in o})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert pages == []
