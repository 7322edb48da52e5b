"""The command line as an editor uses it: build, check, new."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, run_build
from gongkai.cli import main


def cli(root: Path, *args: str, capsys=None) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_build_prints_summary_and_exit_codes(make_site, capsys):
    root = make_site()
    code, out, err = cli(root, "build", "--today", "2020-03-31", capsys=capsys)
    assert code == 0 and err == ""
    assert out.startswith("页面 ") and "主动公开信息 1" in out and "0 个错误，0 个警告" in out and "用时" in out
    (root / "content/news/bad.md").write_text("---\ntitle: x\n---\n", "utf-8")
    code, out, err = cli(root, "build", capsys=capsys)
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == "共 2 个错误、0 个警告，涉及 1 个文件；网站未更新。"


def test_strict_turns_warnings_into_failure(make_site, capsys):
    root = make_site({"content/news/bom.md": b"\xef\xbb\xbf---\ntitle: x\npublished: 2019-01-01\norgan: \xe5\x8e\xbf\xe6\x94\xbf\xe5\xba\x9c\n---\n"})
    assert cli(root, "build", capsys=capsys)[0] == 0
    assert cli(root, "build", "--strict", capsys=capsys)[0] == 1


def test_check_touches_nothing_and_writes_json(make_site, tmp_path, capsys):
    root = make_site({"content/news/x.md": "---\ntitle: x\npublished: 2019-02-30\norgan: 县政府\n---\n"})
    report = tmp_path / "report.json"
    code, out, _ = cli(root, "check", "--json", str(report), capsys=capsys)
    assert code == 1 and not (root / "site").exists()
    assert "content/news/x.md:3: 错误 GK203" in out
    data = json.loads(report.read_text("utf-8"))
    assert data["errors"] == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["today"])
    [finding] = data["findings"]
    assert finding["code"] == "GK203" and finding["path"] == "content/news/x.md" and finding["line"] == 3
    assert finding["key"] == "published" and finding["label"] == "发布日期"


def test_check_lists_external_links(make_site, capsys):
    root = make_site({"content/news/x.md": "---\ntitle: x\npublished: 2019-02-03\norgan: 县政府\n---\n[省政府](https://www.sc.gov.cn/)\n"})
    code, out, _ = cli(root, "check", capsys=capsys)
    assert code == 0 and "https://www.sc.gov.cn/" in out


def test_bad_today_is_a_clear_message(make_site, capsys):
    root = make_site()
    try:
        main(["--root", str(root), "build", "--today", "2020-02-30"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "2020年2月只有 29 天" in capsys.readouterr().err


def test_new_writes_a_draft_that_cannot_be_published_unfinished(make_site, capsys):
    root = make_site()
    code, out, err = cli(root, "new", "news", "--title", "新的新闻", "--organ", "县政府", "--today", "2020-03-30",
                         capsys=capsys)
    assert code == 0, err
    assert "草稿" in out and "draft: true" in out
    path = root / "content/news/20200330-1.md"
    text = path.read_text("utf-8")
    assert "title: 新的新闻" in text and "draft: true" in text and "published: 2020-03-30" in text
    assert "organ: 测试县人民政府" in text and re.search(r"^summary: +#", text, re.M)  # blank, with its name beside
    assert "# keywords:  # 主题词" in text  # the optional fields, as comments with their Chinese names
    body = text.split("\n---\n", 1)[1]
    assert body.strip().startswith("<!--") and body.strip().endswith("-->")  # the placeholder is a comment
    result = run_build(root)  # a draft breaks nothing and is not published
    assert result.written and not result.problems.items, result.problems.report()
    assert not (root / "site/news/20200330-1").exists()
    preview = run_build(root, drafts=True)  # the preview shows it, marked as a draft
    page = (root / "site/news/20200330-1/index.html").read_text("utf-8")
    assert preview.written and "draft-banner" in page and "在这里写" not in page and "正文从下一行" not in page
    path.write_text(text.replace("draft: true\n", ""), "utf-8")  # published without its summary: refused
    refused = run_build(root)
    assert [(p.code, p.key, p.line) for p in refused.problems.errors] == [("GK202", "summary", 5)]
    path.write_text(re.sub(r"^summary:.*$", "summary: 新闻的概述。", text.replace("draft: true\n", ""), flags=re.M), "utf-8")
    published = run_build(root)
    assert published.written and not published.problems.items, published.problems.report()
    assert (root / "site/news/20200330-1/index.html").is_file()


def test_new_takes_its_day_as_build_does(make_site, capsys):
    """--today, else the site's as_of, else today in the site's time zone: the date and the 索引号 year agree
    with what the build will use."""
    from unittest import mock

    from datetime import datetime, timezone

    root = make_site()
    site_yml = root / "site.yml"
    site_yml.write_text(re.sub(r"^as_of:.*\n", "", site_yml.read_text("utf-8"), flags=re.M), "utf-8")
    # 2019-12-31 17:00 UTC is already 2020-01-01 in Asia/Shanghai: the new item is of 2020
    with mock.patch("gongkai.cli.now", return_value=datetime(2019, 12, 31, 17, 0, tzinfo=timezone.utc)):
        assert cli(root, "new", "item", "--title", "新年第一条", "--organ", "县财政局", capsys=capsys)[0] == 0
    text = (root / "content/gk/items/20200101-1.md").read_text("utf-8")
    assert "published: 2020-01-01" in text and "/2020-00001" in text
    site_yml.write_text(site_yml.read_text("utf-8") + "as_of: 2019-08-08\n", "utf-8")
    assert cli(root, "new", "item", "--title", "演示日", "--organ", "县财政局", capsys=capsys)[0] == 0
    assert "published: 2019-08-08" in (root / "content/gk/items/20190808-1.md").read_text("utf-8")
    assert cli(root, "new", "item", "--title", "指定日", "--organ", "县财政局", "--today", "2019-09-09", capsys=capsys)[0] == 0
    assert "published: 2019-09-09" in (root / "content/gk/items/20190909-1.md").read_text("utf-8")


def test_a_new_policy_does_not_default_to_a_kind_a_county_cannot_issue(make_site, capsys):
    root = make_site()
    assert cli(root, "new", "policy", "content/gk/items/zc.md", "--title", "新政策", "--organ", "县政府",
               "--today", "2019-06-01", capsys=capsys)[0] == 0
    text = (root / "content/gk/items/zc.md").read_text("utf-8")
    line, = [line for line in text.splitlines() if line.startswith("doc_type:")]
    assert line.startswith("doc_type:   #") and line.index("行政规范性文件") < line.index("规章")  # blank: the editor chooses
    result = run_build(root)
    assert result.written and not result.problems.errors, result.problems.report()


def test_new_item_allocates_index_numbers_never_reused(make_site, capsys):
    root = make_site()
    args = ("new", "item", "--title", "新文件", "--organ", "县财政局", "--today", "2019-05-01")
    assert cli(root, *args, capsys=capsys)[0] == 0
    first = (root / "content/gk/items/20190501-1.md").read_text("utf-8")
    assert "index_no: 12345678X/2019-00004" in first  # the ledger has issued up to 00003
    (root / "content/gk/items/20190501-1.md").unlink()
    assert cli(root, *args, capsys=capsys)[0] == 0
    again = (root / "content/gk/items/20190501-1.md").read_text("utf-8")
    assert "index_no: 12345678X/2019-00005" in again  # the ledger remembers the deleted number
    assert run_build(root).written


def test_ledger_registers_a_migrated_sites_numbers_with_their_gaps(make_site, capsys):
    root = make_site()
    old = (root / "content/gk/items/budget.md").read_text("utf-8")
    serial = re.search(r"index_no: 12345678X/2019-(\d{5})", old)
    assert serial, old
    migrated = old.replace(f"2019-{serial[1]}", "2019-00007").replace("title: ", "title: 迁移的", 1)
    (root / "content/gk/items/old.md").write_text(migrated, "utf-8")
    assert cli(root, "ledger", capsys=capsys)[0] == 0
    ledger = (root / "content/_data/ledger.yml").read_text("utf-8")
    assert '"2019": "1-3, 7"' in ledger  # 4 to 6 were never given out
    assert run_build(root).written
    hand = migrated.replace("2019-00007", "2019-00005").replace("迁移的", "手写的")
    (root / "content/gk/items/hand.md").write_text(hand, "utf-8")
    [error] = run_build(root).problems.errors
    assert error.code == "GK323" and error.path == "content/gk/items/hand.md" and "从未分配过 00005" in error.message
    (root / "content/gk/items/hand.md").unlink()
    args = ("new", "item", "--title", "新文件", "--organ", "县财政局", "--today", "2019-05-01")
    assert cli(root, *args, capsys=capsys)[0] == 0
    assert "index_no: 12345678X/2019-00008" in (root / "content/gk/items/20190501-1.md").read_text("utf-8")
    assert '"2019": "1-3, 7-8"' in (root / "content/_data/ledger.yml").read_text("utf-8")
    assert run_build(root).written


def test_new_needs_organ_for_dated_kinds(make_site, capsys):
    root = make_site()
    code, _, err = cli(root, "new", "news", "--title", "x", capsys=capsys)
    assert code == 1 and "--organ" in err


def test_new_takes_chinese_kind_names_and_only_files_the_build_can_publish(make_site, capsys):
    root = make_site()
    args = ("--title", "培训会召开", "--organ", "县政府", "--today", "2020-03-30")
    code, _, err = cli(root, "new", "政务动态", "news/px-20200330.md", *args, capsys=capsys)  # content/ may be left off
    assert code == 0, err
    assert "title: 培训会召开" in (root / "content/news/px-20200330.md").read_text("utf-8")
    code, _, err = cli(root, "new", "page", "content", "--title", "关于本站", "--today", "2020-03-30", capsys=capsys)
    assert code == 0 and (root / "content/20200330-1.md").is_file(), err  # the home folder is a section too
    refused = {  # what the build would refuse, or what it would never see
        "content/news/px-20200330.md": "已经存在",
        "content/news/培训.md": "不能直接用作网址",
        "content/nosuch/px.md": "没有 _index.md",
        "../px.md": "不在 content 文件夹中",
    }
    for path, words in refused.items():
        code, _, err = cli(root, "new", "news", path, *args, capsys=capsys)
        assert code == 1 and words in err, (path, err)
    assert not (root / "content/news/培训.md").exists() and not (root / "px.md").exists()
    assert not (root / "content/nosuch").exists()
    with pytest.raises(SystemExit):
        cli(root, "new", "新闻", *args, capsys=capsys)
    assert "没有“新闻”这种内容类型" in capsys.readouterr().err
    assert run_build(root).written


def test_build_py_is_a_thin_entry_point(make_site):
    root = make_site()
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "build"],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert (root / "site/index.html").is_file()
    assert len((REPO / "build.py").read_text("utf-8").splitlines()) < 10


def test_new_writes_a_complete_file_for_every_kind(make_site, capsys):
    from gongkai.config import KINDS
    from gongkai.pipeline import BuildOptions, build

    root = make_site({"content/new/_index.md": "---\ntitle: 新建\n---\n"})
    for kind in KINDS:
        code, _, err = cli(root, "new", kind, f"content/new/{kind}.md", "--title", f"新建{kind}", "--organ", "县财政局",
                           "--today", "2019-06-01", capsys=capsys)
        assert code == 0, err
    for drafts in (False, True):  # neither the build nor the preview (which shows drafts) is broken by them
        result = build(BuildOptions(root=root, out_dir=root / "site", clock_today=date(2019, 6, 1), write=False,
                                    drafts=drafts))
        assert not result.problems.errors, result.problems.report()
        # what is left blank is named: a field the day or the organ could not fill in
        assert {p.code for p in result.problems.warnings if p.path.startswith("content/new/")} <= {"GK202"}


def test_the_command_line_speaks_chinese(make_site):
    root = make_site()
    runs = [["-h"], ["new", "-h"], ["frobnicate"], ["new", "news"], ["serve", "--port", "x"], ["build", "--bogus"],
            ["new", "政务动态", "--title"]]
    for args in runs:
        proc = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), *args],
                              capture_output=True, text=True, encoding="utf-8")
        shown = proc.stdout + proc.stderr
        assert shown.startswith("用法：build.py"), (args, shown)
        words = re.sub(r"\b(build|check|serve|new|ledger|assign|page|news|notice|item|policy|interpretation|task|organ|decision|"
                       r"report|consultation|reply|service_guide|website_report|make|content|site|base_url|yml|docx|txt|md|gongkai|zwdt|hy|frobnicate|"
                       r"bogus|import-plan|templates|UTF|GBK|Markdown|Word|py)\b|--?[a-z][a-z-]*", "", shown)
        assert not re.search(r"[a-z]{3,}", words), (args, words)  # usage:, error:, the following arguments …
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "new", "news"],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 2 and "错误：缺少必须写的参数：--title" in proc.stderr

