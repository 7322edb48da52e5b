"""unsafe_files: what would run on the government's domain is refused, in every form tried; clean pictures
and links inside the project pass, and a picture that turns unsafe between two builds is caught."""

from __future__ import annotations

import pytest

from conftest import REPO, run_build
from gongkai.problems import Problems
from gongkai.unsafe_files import links_leaving, svg_dangers

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
UNSAFE = {
    "script": HEAD + "<script>alert(1)</script></svg>",
    "script in capitals": HEAD + "<SCRIPT >alert(1)</SCRIPT></svg>",
    "namespaced script": HEAD + '<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script></svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "onclick with spaces": HEAD + '<rect width="5" height="5" onclick = "alert(1)"/></svg>',
    "onmouseover after a slash": HEAD + '<rect/onmouseover="alert(1)"/></svg>',
    "javascript link": HEAD + '<a href="javascript:alert(1)"><rect width="5" height="5"/></a></svg>',
    "javascript written as a character reference": HEAD + '<a href="&#106;avascript:alert(1)">x</a></svg>',
    "foreignObject": HEAD + "<foreignObject><body xmlns='http://www.w3.org/1999/xhtml'><p>x</p></body></foreignObject></svg>",
    "iframe": HEAD + '<iframe src="https://evil.example/"/></svg>',
    "outside picture": HEAD + '<image xlink:href="https://evil.example/track.png" width="5" height="5"/></svg>',
    "outside use": HEAD + '<use href="https://evil.example/sprite.svg#a"/></svg>',
    "outside url in a style": HEAD + '<rect style="fill:url(https://evil.example/a.svg#p)" width="5" height="5"/></svg>',
    "style import": HEAD + "<style>@import 'https://evil.example/a.css';</style></svg>",
    "entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]>' + HEAD + "<text>&a;</text></svg>",
    "html data link": HEAD + '<a href="data:text/html,<script>alert(1)</script>">x</a></svg>',
    "compressed": "\x1f\x8b\x08\x00",
}
CLEAN = {
    "shapes": HEAD + '<rect width="5" height="5" fill="#c00"/><circle cx="5" cy="5" r="2"/></svg>',
    "inside gradient": HEAD + '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
                              '<rect width="5" height="5" fill="url(#g)" style="stroke:url( #g )"/></svg>',
    "inside use": HEAD + '<defs><path id="p" d="M0 0h5"/></defs><use xlink:href="#p"/><use href="#p"/></svg>',
    "a comment": HEAD + "<!-- exported: <script> tags removed --><rect width='5' height='5'/></svg>",
    "text about the onset": HEAD + "<text>onset</text></svg>",
}


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_every_form_of_active_svg_is_found(name):
    assert svg_dangers(UNSAFE[name].encode("latin-1" if name == "compressed" else "utf-8")), name


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_a_clean_svg_passes(name):
    assert svg_dangers(CLEAN[name].encode()) == [], name


def test_the_themes_own_svg_pictures_pass():
    pictures = sorted((REPO / "templates").rglob("*.svg"))
    assert pictures and all(svg_dangers(p.read_bytes()) == [] for p in pictures)


def test_pages_and_scripts_in_any_case_are_refused_and_the_site_is_left_alone(make_site):
    root = make_site({"content/news/chart.svg": CLEAN["shapes"], "content/news/a.pdf": b"%PDF-1.4\n"})
    assert not run_build(root).problems.has_errors()
    published = (root / "site/news/chart.svg").read_bytes()
    assert published == CLEAN["shapes"].encode()
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    for name in ("page.HTML", "old.htm", "feed.xml", "run.Js", "mod.mjs", "x.xhtml", "index.php", "flash.swf"):
        (root / "content/news" / name).write_text("<script>alert(1)</script>", "utf-8")
    (root / "content/news/chart.svg").write_text(UNSAFE["onload"], "utf-8")  # unsafe since the last build
    result = run_build(root)
    codes = sorted((p.code, p.path) for p in result.problems.errors)
    assert [c for c, _ in codes].count("GK112") == 8 and ("GK113", "content/news/chart.svg") in codes, codes
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before


def test_links_out_of_the_project_are_refused_in_templates_and_links_inside_pass(tmp_path):
    root = tmp_path / "site"
    (root / "templates/static/css").mkdir(parents=True)
    (root / "templates/static/css/a.css").write_text("body{}", "utf-8")
    (root / "shared").mkdir()
    (root / "templates/static/inside.css").symlink_to(root / "templates/static/css/a.css")
    (root / "templates/shared").symlink_to(root / "shared")
    (root / "templates/static/hostname").symlink_to("/etc/hostname")
    (root / "templates/home").symlink_to(tmp_path)
    (root / "templates/static/dangling").symlink_to("/nonexistent/file")
    problems = Problems()
    links_leaving(root, "templates", problems)
    assert sorted((p.code, p.path) for p in problems.items) == [
        ("GK114", "templates/home"), ("GK114", "templates/static/dangling"), ("GK114", "templates/static/hostname")]


def test_a_data_file_linked_from_outside_the_project_is_refused(make_site, tmp_path):
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("subject: {name: x}\n", "utf-8")
    root = make_site()
    (root / "content/_data/enforcement").mkdir(parents=True)
    (root / "content/_data/enforcement/czj.yml").symlink_to(outside)
    result = run_build(root)
    assert ("GK114", "content/_data/enforcement/czj.yml") in [(p.code, p.path) for p in result.problems.errors]
