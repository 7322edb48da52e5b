"""The Rong County example site in content/ builds cleanly and every link resolves."""

from __future__ import annotations

import shutil

from conftest import REPO, run_build
from htmlscan import html_pages, resolve, scan_file


def test_example_site_builds_without_problems(tmp_path):
    root = tmp_path / "rongxian"
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copyfile(REPO / "site.yml", root / "site.yml")
    result = run_build(root)
    assert not result.problems.errors, result.problems.report()
    # the one late enforcement decision is there on purpose, to show the rule
    assert [(p.code, p.path) for p in result.problems.warnings] == [("GK360", "content/zfgs/sthj/cf-2019-012.md")]
    assert result.today.isoformat() == "2020-03-31"
    site = root / "site"
    pages = html_pages(site)
    assert len(pages) > 30
    for page in pages:
        scan = scan_file(page)
        for link in scan.links:
            target = resolve(site, page, link)
            assert target is None or target.is_file(), f"{page}: {link}"
    home = scan_file(site / "index.html")
    assert "政府信息公开" in home.text
    xxgk = scan_file(site / "xxgk/index.html").text
    for part in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert part in xxgk
