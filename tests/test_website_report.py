"""政府网站工作年度报表: counted figures come from the content, entered ones from the editor, never both."""

from __future__ import annotations

from datetime import date

from conftest import run_build
from selectolax.lexbor import LexborHTMLParser

REPORT = """---
title: 测试县政府网站{year}年度工作报表
published: {published}
organ: 县政府
year: {year}
unique_visitors: 1000
page_views: 5000
security_checks: 2
security_issues: 3
security_fixed: {fixed}
spending_wan: "10.5"
{extra}---
"""
NEWS = "---\ntitle: 动态{n}\npublished: 2019-0{n}-10 10:00\norgan: 县政府\n---\n正文\n"
REPLY = ("---\ntitle: 留言{n}\nkind: reply\npublished: 2019-0{n}-20 10:00\norgan: 县政府\nquestion: 问题\nreceived: 2019-0{n}-01\n"
         "reply: 答复\nreply_date: 2019-0{n}-0{d}\n---\n")


def report_site(make_site, report: str, extra_files=None):
    root = make_site({"content/wzbb/_index.md": "---\ntitle: 政府网站工作年度报表\n---\n", "content/wzbb/2019.md": report,
                      **{f"content/news/n{n}.md": NEWS.format(n=n) for n in (3, 4, 5)},
                      "content/news/r6.md": REPLY.format(n=6, d=5), "content/news/r7.md": REPLY.format(n=7, d=8),
                      **(extra_files or {})})
    config = root / "site.yml"
    config.write_text(config.read_text("utf-8").replace("sections:\n", "sections:\n  wzbb: website_report\n", 1), "utf-8")
    return root


def test_the_table_counts_what_the_site_published_in_its_year(make_site):
    root = report_site(make_site, REPORT.format(year=2019, published="2020-01-20 10:00", fixed=3, extra=""))
    result = run_build(root, today=date(2020, 3, 1))
    assert result.written and not result.problems.errors, result.problems.report()
    tree = LexborHTMLParser((root / "site/wzbb/2019/index.html").read_text("utf-8"))
    cells = {row.css_first('th[scope="row"]').text(): row.css_first("td").text() for row in tree.css(".report-table tbody tr")}
    # three news beside the minimal site's one of 2019, its budget item, two replies: 4 and 7 days, 5.5 on average
    assert cells["政务动态信息更新量"] == "4＊" and cells["信息公开目录信息更新量"] == "1＊"
    assert cells["留言办理：收到留言数量（条）"] == "2＊" and cells["留言办理：平均办理时间（天）"] == "5.5＊"
    assert cells["独立用户访问总量（个）"] == "1000" and cells["网站支出（万元）"] == "10.5"  # entered: no mark
    assert cells["政府网站标识码"] == "5103219999"  # from site.yml


def test_a_counted_figure_written_by_hand_is_an_error_naming_the_count(make_site):
    extra = "info_news: 50\n"
    root = report_site(make_site, REPORT.format(year=2019, published="2020-01-20 10:00", fixed=3, extra=extra))
    [error] = run_build(root, today=date(2020, 3, 1)).problems.errors
    assert error.code == "GK353" and error.line == 12 and "（2019 年为 4）" in error.message and "删去 info_news" in error.hint


def test_more_fixed_than_found_is_an_error_and_a_late_or_missing_report_is_told(make_site):
    root = report_site(make_site, REPORT.format(year=2019, published="2020-02-10 10:00", fixed=4, extra=""))
    [error] = run_build(root, today=date(2020, 3, 1)).problems.errors
    assert error.code == "GK354" and "3" in error.message
    (root / "content/wzbb/2019.md").write_text(REPORT.format(year=2019, published="2020-02-10 10:00", fixed=3, extra=""), "utf-8")
    result = run_build(root, today=date(2021, 2, 5))
    late = sorted(p.message for p in result.problems.warnings if p.code == "GK355")
    assert len(late) == 2 and "2019 年度报表 2020-02-10 才发布" in late[0] and "2020 年度" in late[1]
