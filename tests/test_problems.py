"""Problems are typed values: each knows the stage that found it, and a template's error is one finding."""

from __future__ import annotations

from conftest import run_build
from htmlscan import html_pages
from gongkai.problems import LOAD, OUTPUT, RENDER, TEMPLATE, WRITE, Problem, Problems


def test_a_stage_stamps_what_it_reports_and_the_collector_is_shared():
    problems = Problems()
    problems.at(LOAD).error("GK101", "content/a.md", 1, "读不出来")
    problems.at(RENDER).error("GK303", "content/a.md", 4, "链接指向的文件不存在")
    problems.warning("GK999", "", 0, "没有阶段")
    assert [(p.code, p.stage) for p in problems.items] == [("GK101", LOAD), ("GK303", RENDER), ("GK999", "")]
    stamped = Problems().at(OUTPUT)
    stamped.add(problems.items[0])
    assert stamped.items[0].stage == LOAD  # a problem keeps the stage that found it


def test_only_template_and_write_errors_leave_pages_out():
    def one(stage: str, severity: str = "error") -> Problem:
        return Problem("GK000", severity, "", 0, "", stage=stage)

    assert one(TEMPLATE).leaves_pages_out and one(WRITE).leaves_pages_out
    assert not one(RENDER).leaves_pages_out and not one(OUTPUT).leaves_pages_out
    assert not one(TEMPLATE, "warning").leaves_pages_out


def test_a_template_error_on_many_pages_is_one_finding(make_site):
    root = make_site()
    base = root / "templates/base.html"
    text = base.read_text("utf-8")
    line = text[:text.index("<title>")].count("\n") + 1
    pages = len(html_pages(root / "site")) if run_build(root).written else 0  # the 编辑后台's page does not extend it
    base.write_text(text.replace("<title>", "<title>{{ page.subtitel }}", 1), "utf-8")
    result = run_build(root)
    assert not result.written
    found = [p for p in result.problems.sorted() if p.code == "GK402"]
    assert len(found) == 1, [p.format() for p in found]
    finding = found[0]
    assert (finding.path, finding.line) == ("templates/base.html", line)
    assert finding.count == pages > 20 and len(finding.others) == 3  # every HTML page extends base.html
    assert finding.format().startswith(
        f"templates/base.html:{line}: 错误 GK402: 模板出错：用到了不存在的变量 page.subtitel（出现在 {finding.count} 个页面：")
    assert result.problems.summary().startswith("共 1 个错误、0 个警告")
    assert len(html_pages(root / "site")) == pages  # the last good site is untouched
