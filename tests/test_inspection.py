"""`check` as the county's own inspection: identity, annual reports, consultations, replies, statistics."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date

import pytest

from conftest import REPO, run_build
from gongkai.cli import main
from htmlscan import scan_file

REPORT = """---
title: 测试县人民政府{year}年政府信息公开工作年度报告
published: {published}
organ: 县政府
kind: report
year: {year}
organ_level: government
format: {fmt}
{tables}---
## 一、总体情况

总体情况。

## 二、主动公开政府信息情况

见下表。

## 三、收到和处理政府信息公开申请情况

见下表。

## 四、政府信息公开行政复议、行政诉讼情况

无。

## 五、存在的主要问题及改进情况

问题。

## 六、其他需要报告的事项

无。
"""
GOOD_T3 = """t3:
  new: [3, 1, 0, 0, 0, 0, 1, 4]
  open: [2, 1, 0, 0, 0, 0, 1, 3]
  total: [2, 1, 0, 0, 0, 0, 1, 3]
  carried_out: [1, 0, 0, 0, 0, 0, 0, 1]
t4:
  review: [1, 0, 0, 0, 1]
"""


def report(year=2021, published="2022-03-20", fmt="2021", tables=GOOD_T3):
    return REPORT.format(year=year, published=published, fmt=fmt, tables=tables)


def reports_site(make_site, files):
    root = make_site(files)
    path = root / "site.yml"
    path.write_text(path.read_text("utf-8").replace("report_organs: []", "report_organs: [zf]"), "utf-8")
    return root


def test_report_renders_the_six_sections_and_national_tables(make_site):
    policy = """---
title: 管理办法
index_no: 12345678X/2021-00001
topic: 综合政务\\政务公开
organ: 县政府
created: 2021-05-06
published: 2021-05-10
doc_type: 行政规范性文件
interpretation_exempt: 程序性规定
---
正文
"""
    root = reports_site(make_site, {
        "content/gk/reports/2021.md": report(),
        "content/gk/items/p.md": policy.replace("12345678X", "123456789"),
        "content/_data/ledger.yml": '"12345678X":\n  "2018": 5\n  "2019": 3\n"123456789":\n  "2021": 1\n',
    })
    text = (root / "content/gk/items/p.md").read_text("utf-8")
    (root / "content/gk/items/p.md").write_text(text.replace("---\n正文", "kind: policy\n---\n正文"), "utf-8")
    result = run_build(root, today=date(2022, 3, 25))
    assert result.written, result.problems.report()
    page = scan_file(root / "site/gk/reports/2021/index.html")
    headings = [h for h in re.findall(r"(一、总体情况|二、主动公开政府信息情况|三、收到和处理政府信息公开申请情况|"
                                      r"四、政府信息公开行政复议、行政诉讼情况|五、存在的主要问题及改进情况|六、其他需要报告的事项)",
                                      page.text)]
    assert headings[:6] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    for label in ("第二十条第（一）项", "本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件", "本年处理决定数量",
                  "本年收费金额（单位：万元）", "（七）总计", "四、结转下年度继续办理",
                  "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "未经复议直接起诉", "复议后起诉"):
        assert label in page.text, label
    # Table 2 counts the site's own normative document of 2021: 制发 1, 废止 0, 现行有效 1
    assert re.search(r"行政规范性文件\s*1\s*0\s*1", page.text)


def test_trial_format_for_2019_and_2020(make_site):
    root = reports_site(make_site, {"content/gk/reports/2019.md": report(2019, "2020-03-20", "2019-trial",
                                                                          GOOD_T3.replace("  open:", "  other: [0, 0, 0, 0, 0, 0, 0, 0]\n  open:"))})
    result = run_build(root, today=date(2020, 3, 25))
    assert result.written, result.problems.report()
    page = scan_file(root / "site/gk/reports/2019/index.html")
    for label in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "规范性文件", "上一年项目数量", "本年增/减",
                  "第二十条第（九）项", "政府集中采购"):
        assert label in page.text, label
    assert "1．申请人无正当理由逾期不补正" not in page.text


@pytest.mark.parametrize("t3, message", [
    ("t3:\n  new: [3, 1, 0, 0, 0, 0, 2, 5]\n", "“一、本年新收政府信息公开申请数量”行：法人或其他组织的总计 2 不等于五类之和 1"),
    ("t3:\n  new: [3, 1, 0, 0, 0, 0, 1, 5]\n", "“一、本年新收政府信息公开申请数量”行：总计 5 不等于自然人 3 加法人或其他组织 1"),
    ("t3:\n  open: [1, 0, 0, 0, 0, 0, 0, 1]\n", "“自然人”列：（七）总计 0 不等于（一）至（六）各项之和 1"),
    ("t3:\n  new: [1, 0, 0, 0, 0, 0, 0, 1]\n", "“自然人”列：新收加上年结转（1）不等于总计加结转下年度（0）"),
])
def test_table3_arithmetic_errors_name_row_and_column(make_site, t3, message):
    root = reports_site(make_site, {"content/gk/reports/2021.md": report(tables=t3)})
    messages = [p.message for p in run_build(root, today=date(2022, 3, 25)).problems.errors if p.code == "GK381"]
    assert message in messages


def test_table4_total_must_add_up(make_site):
    root = reports_site(make_site, {"content/gk/reports/2021.md": report(tables="t4:\n  direct: [1, 1, 0, 0, 1]\n")})
    [error] = [p for p in run_build(root, today=date(2022, 3, 25)).problems.errors if p.code == "GK382"]
    assert "表四“未经复议直接起诉”：总计 1 不等于维持、纠正、其他、尚未审结之和 2" in error.message


def test_sections_must_be_the_six_in_order(make_site):
    root = reports_site(make_site, {"content/gk/reports/2021.md": report().replace("## 五、存在的主要问题及改进情况", "## 五、问题")})
    assert "GK380" in [p.code for p in run_build(root, today=date(2022, 3, 25)).problems.errors]


def test_carried_over_applications_are_compared_across_years(make_site):
    year_before = report(2020, "2021-03-20", "2019-trial", "t3:\n  new: [1, 0, 0, 0, 0, 0, 0, 1]\n  carried_out: [1, 0, 0, 0, 0, 0, 0, 1]\n")
    this_year = report(tables="t3:\n  carried_in: [0, 0, 0, 0, 0, 0, 0, 0]\n")
    root = reports_site(make_site, {"content/gk/reports/2020.md": year_before, "content/gk/reports/2021.md": this_year})
    [warning] = [p for p in run_build(root, today=date(2022, 3, 25)).problems.warnings if p.code == "GK385"]
    assert warning.path == "content/gk/reports/2021.md"


def test_missing_annual_report_is_due_after_31_march_for_a_government(make_site):
    root = reports_site(make_site, {})
    assert "GK386" not in [p.code for p in run_build(root, today=date(2022, 3, 31), write=False, inspection=True).problems.items]
    check = run_build(root, today=date(2022, 4, 1), write=False, inspection=True)
    [error] = [p for p in check.problems.errors if p.code == "GK386"]
    assert "测试县人民政府 2021 年政府信息公开工作年度报告应在 2022 年 3 月 31 日前发布" in error.message
    build = run_build(root, today=date(2022, 4, 1))
    assert build.written and "GK386" in [p.code for p in build.problems.warnings]


CONSULTATION = """---
title: 征求意见稿
published: 2019-06-01
organ: 县政府
kind: consultation
opens: 2019-06-01
closes: 2019-06-30
how_to_comment: 发送电子邮件至 yj@ceshi.gov.cn
{extra}---
草案和说明。
"""


def test_consultation_open_closed_and_result(make_site):
    root = make_site({"content/news/c.md": CONSULTATION.format(extra="")})
    run_build(root, today=date(2019, 6, 20))
    during = (root / "site/news/c/index.html").read_bytes()
    text = scan_file(root / "site/news/c/index.html").text
    assert "2019年6月1日至2019年6月30日" in text and "征求意见截止 2019-06-30" in text
    assert "还剩" not in text and "已结束" not in text  # what depends on the day it is read is said by the script
    result = run_build(root, today=date(2019, 7, 2))
    assert (root / "site/news/c/index.html").read_bytes() == during  # the page does not go stale
    assert "GK388" not in [p.code for p in result.problems.items]
    late = run_build(root, today=date(2019, 8, 15))
    assert "GK388" in [p.code for p in late.problems.warnings]
    root = make_site({"content/news/c.md": CONSULTATION.format(extra="result: r.md\n"),
                      "content/news/r.md": "---\ntitle: 意见采纳情况\npublished: 2019-07-10\norgan: 县政府\n---\n采纳 3 条。\n"})
    result = run_build(root, today=date(2019, 8, 15))
    assert "GK388" not in [p.code for p in result.problems.items]
    assert "../r/" in scan_file(root / "site/news/c/index.html").links
    back = scan_file(root / "site/news/r/index.html")
    assert "意见征集" in back.text and "../c/" in back.links


REPLY = """---
title: 关于路灯的留言
published: {published}
organ: 县政府
kind: reply
question: 路灯坏了。
received: 2019-03-01
{extra}---
"""


def test_replies_late_and_unanswered(make_site):
    root = make_site({"content/news/ok.md": REPLY.format(published="2019-03-10", extra="reply: 已修好。\nreply_date: 2019-03-08\n"),
                      "content/news/late.md": REPLY.format(published="2019-07-10", extra="reply: 已修好。\nreply_date: 2019-07-08\n"),
                      "content/news/none.md": REPLY.format(published="2019-03-02", extra="")})
    build = run_build(root, today=date(2019, 7, 20))
    assert [p.path for p in build.problems.warnings if p.code == "GK391"] == ["content/news/late.md"]
    assert [p.path for p in build.problems.warnings if p.code == "GK392"] == ["content/news/none.md"]
    check = run_build(root, today=date(2019, 7, 20), write=False, inspection=True)
    assert [p.path for p in check.problems.errors if p.code == "GK392"] == ["content/news/none.md"]
    page = scan_file(root / "site/news/ok/index.html")
    assert "路灯坏了。" in page.text and "已修好。" in page.text and "收到后 7 天答复" in page.text


def test_statistics_page_has_accessible_svg_charts(make_site):
    root = make_site()
    run_build(root, today=date(2019, 8, 1))
    page = scan_file(root / "site/tongji/index.html")
    svgs = [a for tag, a in page.tags if tag == "svg"]
    assert len(svgs) >= 4 and all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    scripts = [a.get("src", "") for t, a in page.tags if t == "script"]
    assert scripts == ["../static/js/care.js"]  # the charts need no JavaScript; only the 长者模式 switch uses it
    # the numbers are there as text: July 2019 has the fixture's one news item
    assert re.search(r"7月\s*1", page.text)
    assert "tongji/" in scan_file(root / "site/index.html").links


def test_check_json_and_grouped_report(tmp_path, capsys):
    root = tmp_path / "rongxian"
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copyfile(REPO / "site.yml", root / "site.yml")
    assert main(["--root", str(root), "check"]) == 0 and "共 0 个错误、0 个警告" in capsys.readouterr().out
    decision = root / "content/zfgs/sthj/cf-2019-012.md"
    decision.write_text(decision.read_text("utf-8").replace("published: 2019-11-08", "published: 2019-11-25"), "utf-8")
    assert main(["--root", str(root), "check", "--json", str(tmp_path / "r.json")]) == 0  # as of 2020-03-31
    out = capsys.readouterr().out
    assert "【警告】1 项" in out and "  执法决定公示超过时限（1）" in out and "【错误】" not in out
    code = main(["--root", str(root), "check", "--today", "2022-03-31", "--json", str(tmp_path / "r.json")])
    out = capsys.readouterr().out
    assert code == 1 and "【错误】" in out and "  单项否决（" in out and "栏目超期未更新" in out
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert data["today"] == "2022-03-31" and data["errors"] >= 3
    vetoes = {f["code"] for f in data["findings"] if f["rule"] == "single-veto"}
    assert {"GK520", "GK521", "GK522"} <= vetoes
    stale = [f for f in data["findings"] if f["code"] == "GK524"]
    assert stale and all(re.search(r"最近一次发布是 \d{4}-\d{2}-\d{2}", f["message"]) for f in stale)
    assert not (root / "site").exists()


def test_a_comment_period_under_the_minimum_needs_a_reason_shown_on_the_page(make_site):
    short = CONSULTATION.replace("closes: 2019-06-30", "closes: 2019-06-20")
    assert "closes: 2019-06-20" in short
    root = make_site({"content/news/c.md": short.format(extra="")})
    found = [(p.code, p.line) for p in run_build(root, today=date(2019, 6, 10)).problems.errors]
    assert [code for code, _ in found] == ["GK393"], found
    root = make_site({"content/news/c.md": short.format(extra="short_reason: 汛期将至，须尽快实施\n")})
    assert not run_build(root, today=date(2019, 6, 10)).problems.errors
    text = scan_file(root / "site/news/c/index.html").text
    assert "征求意见期限少于 30 日的理由：汛期将至，须尽快实施" in text


def test_a_tasks_progress_and_deadline_reach_the_plan_page_and_plan_json_and_an_overdue_one_is_warned(make_site):
    task = (REPO / "tests/fixtures/sites/minimal/content/plan/2019/1/1.md").read_text("utf-8")
    late = task.replace("units_text: ", "deadline: 2019年6月底前\nstatus: 推进中\nunits_text: ", 1)
    root = make_site({"content/plan/2019/1/1.md": late})
    result = run_build(root, today=date(2019, 7, 2))
    assert [(p.code, p.path, p.line) for p in result.problems.warnings if p.code == "GK394"] == [
        ("GK394", "content/plan/2019/1/1.md", 10)]  # the status line
    page = scan_file(root / "site/plan/2019/index.html").text
    assert "推进中 · 完成时限：2019年6月底前" in page
    assert "进展：推进中" in scan_file(root / "site/plan/2019/1/1/index.html").text
    record = json.loads((root / "site/data/plan.json").read_text("utf-8"))["plans"][0]["areas"][0]["tasks"][0]
    assert (record["status"], record["due"], record["deadline"]) == ("推进中", "2019-06-30", "2019年6月底前")
    assert "GK394" not in [p.code for p in run_build(root, today=date(2019, 6, 30)).problems.items]  # the day itself
    (root / "content/plan/2019/1/1.md").write_text(late.replace("status: 推进中", "status: 已完成"), "utf-8")
    assert "GK394" not in [p.code for p in run_build(root, today=date(2019, 7, 2)).problems.items]


def test_every_government_department_and_township_reports_by_default_and_a_late_report_is_told(make_site):
    root = make_site({"content/gk/reports/r2021.md": report(published="2022-04-08 09:00")})
    path = root / "site.yml"
    path.write_text(path.read_text("utf-8").replace("report_organs: []\n", ""), "utf-8")  # the default
    result = run_build(root, today=date(2022, 4, 10), write=False)
    missing = [p.message for p in result.problems.warnings if p.code == "GK386"]
    assert missing == ["测试县财政局 2021 年政府信息公开工作年度报告应在 2022 年 1 月 31 日前发布，尚未发布"], missing
    [late] = [p for p in result.problems.warnings if p.code == "GK374"]
    assert (late.path, late.message) == ("content/gk/reports/r2021.md", "2021 年度报告于 2022-04-08 发布，晚于 2022-03-31 的期限")
    root = make_site({"content/gk/reports/r2021.md": report(published="2022-03-31 09:00")})
    assert "GK374" not in [p.code for p in run_build(root, today=date(2022, 4, 10), write=False).problems.items]


def test_table2_holds_the_organs_own_figures_checked_against_the_site_and_the_enforcement_data(tmp_path):
    from conftest import copy_example

    root = copy_example(tmp_path / "rongxian")
    assert run_build(root).written
    table = scan_file(root / "site/xxgk/nianbao/2019/index.html").text
    assert "127" in table and "1286" in table  # the entered totals, not the few decisions the site shows
    report = root / "content/xxgk/nianbao/2019.md"
    report.write_text(report.read_text("utf-8").replace("penalty_decisions: 127", "penalty_decisions: 1"), "utf-8")
    found = [p.message for p in run_build(root, write=False).problems.warnings if p.code == "GK377"]
    assert len(found) == 2 and "少于本网站 2019 年发布的" in found[0] + found[1], found
    assert any("与 2019 年行政执法数据的 127 件不一致" in message for message in found), found
