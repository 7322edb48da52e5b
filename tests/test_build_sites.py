"""scripts/build_sites.py and scripts/changed_files.py: several sites from one checkout of the theme, in
parallel, and the upload list of a deterministic build."""

from __future__ import annotations

import shutil
import subprocess
import sys

import yaml

from conftest import REPO, copy_site


def test_several_sites_build_in_parallel_from_one_theme_and_one_failure_stops_no_other(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme)
    base = theme / "base.html"
    base.write_text(base.read_text("utf-8").replace("跳到正文", "跳到正文（平台主题）"), "utf-8")
    sites = []
    for name, county in (("a", "甲县人民政府"), ("b", "乙县人民政府"), ("broken", "")):
        site = tmp_path / "sites" / name
        shutil.copytree(REPO / "tests/fixtures/sites/minimal", site)
        config = site / "site.yml"
        config.write_text(config.read_text("utf-8").replace("name: 测试县人民政府", f"name: {county}" if county
                                                            else "name: [坏"), "utf-8")
        sites.append(site)
    (sites[0] / "templates").mkdir()
    (sites[0] / "templates/stale.html").write_text("old", "utf-8")  # a file the theme no longer has
    result = subprocess.run([sys.executable, str(REPO / "scripts/build_sites.py"), "--theme", str(theme), "--jobs", "2",
                             "--out-root", str(tmp_path / "public"), *map(str, sites)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:3]] == [["成功", "a"], ["成功", "b"], ["失败", "broken"]], lines
    assert lines[-1] == "共 3 个网站，2 个成功，1 个失败。"
    for name, county in (("a", "甲县人民政府"), ("b", "乙县人民政府")):
        home = (tmp_path / "public" / name / "index.html").read_text("utf-8")
        assert "跳到正文（平台主题）" in home and county in home
        assert (tmp_path / "sites" / name / ".cache").is_dir()  # each site keeps its own cache
    assert not (sites[0] / "templates/stale.html").exists()


def test_only_the_files_a_change_touches_are_listed_for_upload(tmp_path):
    root = copy_site(tmp_path / "r", "minimal")
    build = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--no-search"]
    listing = [sys.executable, str(REPO / "scripts/changed_files.py"), str(root / "site"), str(tmp_path / "m.json"),
               "--changed", str(tmp_path / "changed.txt"), "--removed", str(tmp_path / "removed.txt")]
    subprocess.run(build, check=True, capture_output=True)
    subprocess.run(listing, check=True, capture_output=True)
    everything = (tmp_path / "changed.txt").read_text("utf-8").split()
    assert "index.html" in everything and not (tmp_path / "removed.txt").read_text("utf-8")
    assert not (tmp_path / "m.json").exists()  # kept only once the upload succeeded
    (tmp_path / "m.json.next").rename(tmp_path / "m.json")
    subprocess.run(build, check=True, capture_output=True)  # the same input again: nothing to upload
    subprocess.run(listing, check=True, capture_output=True)
    assert (tmp_path / "changed.txt").read_text("utf-8") == ""
    second = root / "content/news/second.md"
    second.write_text("---\ntitle: 第二条新闻\npublished: 2019-07-27 09:00\norgan: 县政府\n---\n正文。\n", "utf-8")
    subprocess.run(build, check=True, capture_output=True)
    subprocess.run(listing, check=True, capture_output=True)
    assert "news/second/index.html" in (tmp_path / "changed.txt").read_text("utf-8").split()
    (tmp_path / "m.json.next").rename(tmp_path / "m.json")
    first = root / "content/news/first.md"
    first.write_text(first.read_text("utf-8").replace("正文，见", "正文已修改，见"), "utf-8")
    second.unlink()
    subprocess.run(build, check=True, capture_output=True)
    subprocess.run(listing, check=True, capture_output=True)
    changed = (tmp_path / "changed.txt").read_text("utf-8").split()
    assert "news/first/index.html" in changed and len(changed) < len(everything) / 3, changed
    assert (tmp_path / "removed.txt").read_text("utf-8").split() == ["news/second/index.html"]
    manifest = yaml.safe_load((tmp_path / "m.json.next").read_text("utf-8"))
    assert set(manifest) == {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file()}


def test_the_gitlab_example_checks_merge_requests_builds_the_main_branch_and_keeps_the_cache():
    ci = yaml.safe_load((REPO / "docs/ci/gitlab-ci.yml").read_text("utf-8"))
    assert "sites/$SITE/.cache/" in ci["default"]["cache"]["paths"]
    assert any("build_sites.py --check" in line for line in ci["check"]["script"])
    assert ci["check"]["rules"][0]["if"].endswith('"merge_request_event"')
    script = " ".join(ci["build"]["script"])
    assert "build_sites.py --out-root" in script and "changed_files.py" in script and "changed.txt" in script
    for name in ("build_sites.py", "changed_files.py"):
        assert (REPO / "scripts" / name).is_file()
