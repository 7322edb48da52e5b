"""URL mapping: pretty URLs, output paths, and relative links identical to posixpath.relpath's."""

import posixpath
import random
from pathlib import PurePosixPath

from gongkai.model.urls import out_path, relative, section_url


def reference(target: str, from_url: str) -> str:
    target, hashmark, fragment = target.partition("#")
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(target, from_dir)
    if target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + hashmark + fragment


def test_relative_matches_relpath_on_many_paths():
    rng = random.Random(7)
    words = ["a", "b", "news", "gk", "items", "2019", "x.html", "static", "css", "site.css"]

    def url(folder: bool) -> str:
        parts = [rng.choice(words[:6]) for _ in range(rng.randint(0, 4))]
        text = "/" + "/".join(parts)
        if folder:
            return text if text.endswith("/") else text + "/"
        return text.rstrip("/") + "/" + rng.choice(words[6:])

    for _ in range(3000):
        target = url(rng.random() < 0.6) + (rng.choice(["", "#会议情况"]) if rng.random() < 0.3 else "")
        page = url(rng.random() < 0.8)
        assert relative(target, page) == reference(target, page), (target, page)


def test_examples():
    assert relative("/", "/") == "./"
    assert relative("/news/", "/news/first/") == "../"
    assert relative("/gk/items/budget/#预算表", "/news/first/") == "../../gk/items/budget/#预算表"
    assert relative("/static/css/site.css", "/404.html") == "static/css/site.css"
    assert relative("#top", "/news/") == "#top"


def test_pretty_urls_and_paths():
    assert section_url("news") == "/news/" and section_url("news", 3) == "/news/page/3/"
    assert section_url("") == "/"
    assert out_path("/news/first/") == PurePosixPath("news/first/index.html")
    assert out_path("/feed.xml") == PurePosixPath("feed.xml")


def test_a_change_of_the_url_scheme_is_one_edit(tmp_path):
    """Moving the generator's own pages and folders is an edit of model/urls.py alone: every page, link,
    feed and sitemap follows, and the build's own link check finds nothing broken."""
    import re
    import shutil

    from conftest import REPO, copy_site
    from test_cache import _build

    code = tmp_path / "code"
    shutil.copytree(REPO / "gongkai", code / "gongkai", ignore=shutil.ignore_patterns("__pycache__"))
    urls = code / "gongkai/model/urls.py"
    text = urls.read_text("utf-8")
    for old, new in (('SITEMAP = "/wzdt/"', 'SITEMAP = "/ditu/"'), ('STATISTICS = "/tongji/"', 'STATISTICS = "/tj/"'),
                     ('STATIC_DIR = "static"', 'STATIC_DIR = "assets"'), ('DATA_DIR = "data"', 'DATA_DIR = "shuju"'),
                     ('VIEW_FOLDERS = {"topic": "fl",', 'VIEW_FOLDERS = {"topic": "zhuti",')):
        assert old in text
        text = text.replace(old, new)
    urls.write_text(text, "utf-8")
    root = copy_site(tmp_path / "site")
    built = _build(code, root)
    assert built.returncode == 0, built.stderr
    assert "；0 个错误，0 个警告" in built.stdout, built.stdout + built.stderr
    site = root / "site"
    for moved in ("ditu/index.html", "tj/index.html", "assets/css/site.css", "shuju/catalogue.csv"):
        assert (site / moved).is_file(), moved
    for gone in ("wzdt", "tongji", "static", "data"):
        assert not (site / gone).exists(), gone
    home = (site / "index.html").read_text("utf-8")
    assert re.search(r'href="ditu/"', home) and re.search(r'href="assets/css/site\.css"', home)
    assert "/ditu/" in (site / "sitemap.xml").read_text("utf-8")
    assert any(site.glob("*/*/zhuti/*/index.html")) and not any(site.glob("*/*/fl"))  # the catalogue's views


def test_where_a_page_stands_among_links():
    from gongkai.model.urls import standing

    links = ["/", "/news/", "/gk/", "/static/", ""]
    # Items side by side stand alike: their links start from the folder above theirs.
    assert standing("/news/a/", links) == standing("/news/b/", links) == ("/news/", (("/", False), ("/news/", False)))
    assert standing("/news/", links) == ("/news/", (("/", False), ("/news/", True)))  # a link in its own folder
    assert standing("/news/page/2/", links)[1] == (("/", False), ("/news/", False))
    assert standing("/", links) == ("/", (("/", True),))
    assert standing("/gk/items/a/", links) != standing("/news/a/", links)
    assert standing("/feed.xml", links) == ("/", (("/", False),))
