"""The enforcement-notice column on built output: 事前 tables, decisions, withdrawals, expiry, masking."""

from __future__ import annotations

import json
from datetime import date
from xml.etree import ElementTree

from conftest import run_build
from htmlscan import html_pages, scan_file

SHIQIAN = """subject: {name: 测试县财政局, nature: 行政机关, address: 人民路 2 号, phone: 0813-1234500}
officers:
  - {name: 执法员甲, cert_no: "5103009901001", area: 财政监督}
powers:
  - {type: 行政处罚, name: 对违反财政法规行为的处罚, basis: 《财政违法行为处罚处分条例》第十五条}
bases:
  - {title: 《财政违法行为处罚处分条例》, issuer: 国务院}
guides:
  - {matter: 政府采购投诉处理, office: 县财政局, conditions: 供应商认为采购文件、过程或结果使自己的权益受到损害, time_limit: 30 个工作日}
random_checks:
  - {type: 一般检查, item: 会计信息质量检查, target: 本县行政事业单位, basis: 《中华人民共和国会计法》, office: 县财政局}
discretion:
  - {violation: 违反财政法规, basis: 《财政违法行为处罚处分条例》第十五条, circumstance: 情节轻微, standard: 责令改正，给予警告}
procedures:
  - {name: 行政处罚一般程序, steps: [立案, 调查, 告知, 决定, 送达]}
remedies: 可以申请行政复议或者提起行政诉讼。
stats:
  - {year: 2019, 行政许可: 0, 行政处罚: 3, 行政强制: 0, 行政检查: 12, 行政征收: 0}
"""

DECISION = """---
title: {title}
decision_no: {no}
category: {category}
target_type: {target_type}
target_name: {name}
{extra}result: {result}
decided: {decided}
published: {published}
organ: 县财政局
---
{body}
"""


def decision(title="某某公司违规案", no="测财罚〔2019〕1号", category="行政处罚", target_type="法人及非法人组织",
             name="测试县某某会计服务有限公司", extra="credit_code: 91510321MA62XR3K1B\n", result="罚款 1 万元。",
             decided="2019-11-04", published="2019-11-06 10:00", body="当事人已履行。"):
    return DECISION.format(title=title, no=no, category=category, target_type=target_type, name=name, extra=extra,
                           result=result, decided=decided, published=published, body=body)


BASE = {
    "content/zfgs/_index.md": "---\ntitle: 行政执法公示\n---\n",
    "content/zfgs/cz/_index.md": "---\ntitle: 县财政局行政执法公示\nkind: enforcement\norgan: 县财政局\n---\n",
    "content/_data/enforcement/czj.yml": SHIQIAN,
}


def site_with(make_site, files: dict, config: str = ""):
    root = make_site({**BASE, **files})
    if config:  # more settings of the minimal site's enforcement block
        path = root / "site.yml"
        path.write_text(path.read_text("utf-8").replace("\nenforcement:\n", "\n" + config, 1), "utf-8")
    return root


def all_text(site) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(site.rglob("*")) if p.suffix in (".html", ".xml", ".json", ".csv"))


def test_shiqian_tables_flowchart_and_platform_link(make_site):
    root = site_with(make_site, {"content/zfgs/cz/a.md": decision()},
                     "enforcement:\n  display_years: 3\n")
    result = run_build(root)
    assert result.written, result.problems.report()
    page = scan_file(root / "site/zfgs/cz/index.html")
    for text in ("执法主体", "测试县财政局", "执法人员", "执法员甲", "5103009901001", "职责权限", "执法程序", "救济渠道",
                 "年度执法数据", "事后公开", "行政处罚（1 件）"):
        assert text in page.text, text
    assert "https://xzzf.sc.gov.cn/" in page.links
    svg = [t for t, a in page.tags if t == "svg"]
    assert svg and [t for t, a in page.tags if t == "rect"].__len__() == 5  # one box a step
    assert "cf/" in page.links and (root / "site/zfgs/cz/cf/index.html").is_file()


def test_publication_deadlines_count_working_days(make_site):
    root = site_with(make_site, {
        # 行政处罚: decided Mon 4 Nov, published Thu 14 Nov = 8 working days > 7
        "content/zfgs/cz/late.md": decision(no="测财罚〔2019〕2号", published="2019-11-14 10:00"),
        # 行政检查: 15 working days is within 20
        "content/zfgs/cz/check.md": decision(title="检查结果", no="测财检〔2019〕1号", category="行政检查",
                                             published="2019-11-25 10:00", result="未发现问题。"),
    })
    result = run_build(root)
    [late] = [p for p in result.problems.items if p.code == "GK360"]
    assert late.path == "content/zfgs/cz/late.md" and late.severity == "warning"
    assert "第 8 个工作日" in late.message and "超过 7 个工作日的时限 1 个工作日" in late.message
    root2 = site_with(make_site, {"content/zfgs/cz/late.md": decision(published="2019-11-14 10:00")},
                      "enforcement:\n  late_is_error: true\n")
    result = run_build(root2)
    assert [p.code for p in result.problems.errors] == ["GK360"] and not result.written


def test_withdrawn_decision_becomes_a_notice_and_leaves_every_list(make_site):
    withdrawn = decision(title="已撤销的处罚", no="测财罚〔2019〕9号", extra=(
        "credit_code: 91510321MA62XR3K1B\nstatus: 已撤销\nstatus_changed: 2020-01-06\n"
        "status_reason: 经行政复议，原决定被撤销。\nwithdrawn: 2020-01-13\nlate_reason: 复议决定 1 月 10 日才送达\n"),
        body="不应出现的正文")
    root = site_with(make_site, {"content/zfgs/cz/a.md": decision(), "content/zfgs/cz/w.md": withdrawn})
    result = run_build(root)
    assert result.written, result.problems.report()
    notice = scan_file(root / "site/zfgs/cz/w/index.html")
    assert "撤回公告" in notice.text and "经行政复议，原决定被撤销。" in notice.text and "2020年1月13日" in notice.text
    assert "不应出现的正文" not in notice.text and "罚款 1 万元" not in notice.text
    site = root / "site"
    for page in html_pages(site):
        if page != site / "zfgs/cz/w/index.html":
            assert not any(link.endswith("/w/") or link == "w/" for link in scan_file(page).links), page
    assert "已撤销的处罚" not in (site / "zfgs/cz/feed.xml").read_text("utf-8")
    data = json.loads((site / "data/enforcement.json").read_text("utf-8"))
    assert [d["decision_no"] for d in data["decisions"]] == ["测财罚〔2019〕1号"]
    # withdrawn 7 days after the change with the lapse explained: still reported, as a warning
    [slow] = [p for p in result.problems.warnings if p.code == "GK362"]
    assert slow.path == "content/zfgs/cz/w.md" and "超过 3 日" in slow.message


def test_late_withdrawal_is_an_error_until_explained(make_site):
    late = decision(no="测财罚〔2019〕9号", extra=(
        "credit_code: 91510321MA62XR3K1B\nstatus: 已撤销\nstatus_changed: 2020-01-06\n"
        "status_reason: 经行政复议，原决定被撤销。\nwithdrawn: 2020-01-13\n"))
    root = site_with(make_site, {"content/zfgs/cz/w.md": late})
    result = run_build(root)
    [error] = result.problems.errors
    assert error.code == "GK362" and error.line == 11 and "late_reason" in error.hint and not result.written
    on_time = late.replace("withdrawn: 2020-01-13", "withdrawn: 2020-01-09")
    (root / "content/zfgs/cz/w.md").write_text(on_time, "utf-8")
    result = run_build(root)
    assert not [p for p in result.problems.items if p.code == "GK362"] and result.written


def test_withdrawal_needs_reason_and_dates(make_site):
    root = site_with(make_site, {"content/zfgs/cz/w.md": decision(extra="credit_code: 91510321MA62XR3K1B\nstatus: 已变更\n")})
    result = run_build(root)
    [error] = result.problems.errors
    assert error.code == "GK361" and "状态变化日期、撤回理由、撤回日期" in error.message


def test_expired_decision_shows_an_end_of_period_notice(make_site):
    person = decision(title="王大明违规案", no="测财罚〔2017〕3号", target_type="自然人", name="王大明", extra="",
                      decided="2017-06-01", published="2017-06-05 10:00")
    company = decision(no="测财罚〔2017〕4号", decided="2017-06-01", published="2017-06-05 10:00")
    root = site_with(make_site, {"content/zfgs/cz/p.md": person, "content/zfgs/cz/c.md": company},
                     "enforcement:\n  display_years: 3\n  display_years_person: 2\n")
    result = run_build(root, today=date(2020, 4, 1))  # the person's two years are over, the company's three are not
    assert result.written, result.problems.report()
    site = root / "site"
    expired = scan_file(site / "zfgs/cz/p/index.html")
    assert "公示期满" in expired.text and "2019年6月1日" in expired.text and "王" not in expired.h1[0]
    assert "罚款" not in expired.text
    listing = scan_file(site / "zfgs/cz/cf/index.html").links
    assert "../c/" in listing and "../p/" not in listing
    data = json.loads((site / "data/enforcement.json").read_text("utf-8"))
    assert [d["decision_no"] for d in data["decisions"]] == ["测财罚〔2017〕4号"]
    assert data["decisions"][0]["display_until"] == "2020-06-01"


def test_natural_person_is_masked_everywhere(make_site):
    person = decision(title="王大明无证经营案", no="测财罚〔2019〕5号", target_type="自然人", name="王大明", extra=(
        "facts: 王大明在集市摆摊。\nkeywords: 王大明 无证经营\n"), body="王大明已缴纳罚款。")
    business = decision(title="某某小吃店案", no="测财罚〔2019〕6号", target_type="个体工商户", name="测试县老街小吃店",
                        extra="legal_rep: 欧阳娜娜\n", body="经营者欧阳娜娜已整改。")
    root = site_with(make_site, {"content/zfgs/cz/p.md": person, "content/zfgs/cz/b.md": business})
    result = run_build(root)
    assert result.written, result.problems.report()
    text = all_text(root / "site")
    assert "王大明" not in text and "欧阳娜娜" not in text
    page = scan_file(root / "site/zfgs/cz/p/index.html")
    assert page.h1 == ["王某无证经营案"] and "王某在集市摆摊。" in page.text and "王某已缴纳罚款。" in page.text
    assert "测试县老街小吃店" in text and "欧阳某" in text


def test_full_name_needs_a_reason(make_site):
    person = decision(target_type="自然人", name="王大明", extra="publish_full_name: true\n")
    root = site_with(make_site, {"content/zfgs/cz/p.md": person})
    assert [p.code for p in run_build(root).problems.errors] == ["GK363"]
    person = decision(target_type="自然人", name="王大明",
                      extra="publish_full_name: true\nfull_name_reason: 依据某条例第十条应当公开。\n")
    root = site_with(make_site, {"content/zfgs/cz/p.md": person})
    run_build(root)
    assert "王大明" in scan_file(root / "site/zfgs/cz/p/index.html").text


def test_minor_is_never_published(make_site):
    minor = decision(title="未成年人案", target_type="自然人", name="李小明", extra="target_is_minor: true\n")
    root = site_with(make_site, {"content/zfgs/cz/m.md": minor, "content/zfgs/cz/a.md": decision(no="测财罚〔2019〕7号")})
    result = run_build(root)
    assert [p.code for p in result.problems.warnings] == ["GK364"]
    assert not (root / "site/zfgs/cz/m").exists()
    assert "未成年人案" not in all_text(root / "site")


def test_personal_data_is_an_error_naming_file_line_and_masked_text(make_site):
    leaky = decision(target_type="自然人", name="王大明", extra="facts: 联系电话 13812345678。\n",
                     body="第一段。\n\n身份证号 510321198001011233，住旭阳镇人民路12号，卡号 6222021234567890128。")
    root = site_with(make_site, {"content/zfgs/cz/p.md": leaky})
    result = run_build(root)
    found = {(p.line, p.message) for p in result.problems.errors if p.code == "GK366"}
    assert found == {
        (7, "含有不得公开的手机号码“138*****678”"),
        (15, "正文含有不得公开的身份证号“510************233”"),
        (15, "正文含有不得公开的家庭住址“住旭阳****12号”"),
        (15, "正文含有不得公开的银行卡号“622*************128”"),
    }
    assert not result.written
    report = result.problems.report()
    assert "13812345678" not in report and "510321198001011233" not in report


def test_a_decisions_personal_data_is_checked_again_only_when_its_file_changes_and_is_still_told(make_site,
                                                                                                 monkeypatch):
    import gongkai.model.enforcement as enforcement
    from test_incremental import edit

    leaky = decision(target_type="自然人", name="王大明", body="身份证号 510321198001011233。")
    root = site_with(make_site, {"content/zfgs/cz/p.md": leaky, "content/zfgs/cz/q.md": decision(no="测财罚〔2019〕2号")})
    checked = []
    check = enforcement._check_personal_data
    monkeypatch.setattr(enforcement, "_check_personal_data", lambda doc, *a: checked.append(doc.label) or check(doc, *a))
    first = run_build(root)
    found = [p for p in first.problems.errors if p.code == "GK366"]
    assert len(found) == 1 and sorted(checked) == ["content/zfgs/cz/p.md", "content/zfgs/cz/q.md"]
    checked.clear()
    edit(root / "content/zfgs/cz/q.md", "当事人已履行。", "当事人已按期履行。")
    again = run_build(root)
    assert checked == ["content/zfgs/cz/q.md"]  # the other decision's findings come from the file memo
    assert [p for p in again.problems.errors if p.code == "GK366"] == found


def test_legal_person_needs_credit_code(make_site):
    root = site_with(make_site, {"content/zfgs/cz/a.md": decision(extra="")})
    assert [p.code for p in run_build(root).problems.errors] == ["GK365"]


def test_missing_annual_statistics_are_reported_after_31_january(make_site):
    root = site_with(make_site, {"content/zfgs/cz/a.md": decision()})
    assert not [p for p in run_build(root, today=date(2020, 1, 31)).problems.items if p.code == "GK368"]
    [late] = [p for p in run_build(root, today=date(2021, 2, 1)).problems.items if p.code == "GK368"]
    assert "2020 年的行政执法数据" in late.message


def test_enforcement_export_uses_the_shuanggongshi_fields(make_site):
    root = site_with(make_site, {"content/zfgs/cz/a.md": decision(extra=(
        "credit_code: 91510321MA62XR3K1B\nlegal_rep: 赵某\nviolation_type: 违规记账\nfine_wan: \"1\"\n"))})
    run_build(root)
    [record] = json.loads((root / "site/data/enforcement.json").read_text("utf-8"))["decisions"]
    assert record["target_name"] == "测试县某某会计服务有限公司" and record["credit_code"] == "91510321MA62XR3K1B"
    assert record["fine_wan"] == "1" and record["decided"] == "2019-11-04" and record["organ_code"] == "1151032112345678XN"  # its 统一社会信用代码, not the 9-digit code
    csv_text = (root / "site/data/enforcement.csv").read_bytes().decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("行政相对人名称,行政相对人类别,统一社会信用代码,法定代表人,决定文书号")


# --- topic columns ----------------------------------------------------------------------------

TOPIC = "---\ntitle: {title}\nkind: topic\n{extra}---\n{body}\n"
NEWS = "---\ntitle: {title}\npublished: {published}\norgan: 县政府\n{extra}---\n正文\n"


def test_topic_columns_join_items_paginate_feed_and_archive(make_site):
    files = {
        "content/zt/_index.md": "---\ntitle: 专题专栏\n---\n",
        "content/zt/tp/_index.md": TOPIC.format(title="脱贫攻坚", extra="start: 2019-01-01\n", body="脱贫攻坚专题介绍。"),
        "content/zt/pc/_index.md": TOPIC.format(title="污染源普查", extra="start: 2018-01-01\nend: 2019-12-31\n", body=""),
        "content/zt/pc/a.md": NEWS.format(title="普查验收", published="2019-12-20 09:00", extra=""),
        "content/news/joined.md": NEWS.format(title="两个专题都有的新闻", published="2019-10-01 08:00",
                                              extra="columns: [tp, pc]\n"),
    }
    files.update({f"content/zt/tp/n{i}.md": NEWS.format(title=f"扶贫新闻{i}", published=f"2019-09-{i:02d} 10:00", extra="")
                  for i in range(1, 6)})
    root = make_site(files)
    result = run_build(root, today=date(2020, 3, 31))
    assert result.written, result.problems.report()
    site = root / "site"
    landing = scan_file(site / "zt/tp/index.html")
    assert "脱贫攻坚专题介绍。" in landing.text and "两个专题都有的新闻" in landing.text
    assert (site / "zt/tp/page/2/index.html").is_file()  # six items, five a page
    assert "两个专题都有的新闻" in scan_file(site / "zt/pc/index.html").text
    parent = scan_file(site / "zt/index.html")
    current, archived = parent.text.split("往期专题")
    assert "脱贫攻坚" in current and "污染源普查" in archived and "污染源普查" not in current
    feed = ElementTree.parse(site / "zt/tp/feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:id", ns).text == "https://www.ceshi.gov.cn/zt/tp/"
    assert feed.find("a:updated", ns).text == "2019-10-01T08:00:00+08:00"
    assert feed.find("a:link[@rel='self']", ns).get("href") == "https://www.ceshi.gov.cn/zt/tp/feed.xml"
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 6 and all(e.find("a:id", ns).text.startswith("https://") for e in entries)
    assert "feed.xml" in landing.links or any(l.endswith("feed.xml") for l in landing.links)


def test_unknown_topic_column_is_an_error(make_site):
    root = make_site({"content/news/x.md": NEWS.format(title="x", published="2019-10-01", extra="columns: [nope]\n")})
    [error] = run_build(root).problems.errors
    assert error.code == "GK351" and error.line == 5


def test_shiqian_elements_missing_are_named_and_the_platform_link_is_required(make_site):
    partial = SHIQIAN.split("guides:")[0] + "random_checks:" + SHIQIAN.split("random_checks:")[1]  # no 服务指南
    root = site_with(make_site, {"content/_data/enforcement/czj.yml": partial, "content/zfgs/cz/a.md": decision()})
    result = run_build(root)
    assert [(p.code, p.message) for p in result.problems.warnings] == [
        ("GK372", "测试县财政局的事前公开信息缺少：服务指南")], result.problems.report()
    path = root / "site.yml"
    path.write_text(path.read_text("utf-8").replace("  platform_url: https://xzzf.sc.gov.cn/\n", "  display_years: 3\n"), "utf-8")
    assert [p.code for p in run_build(root).problems.errors] == ["GK371"]


def test_a_deadline_in_a_year_the_calendar_does_not_know_is_an_error_not_a_guess(make_site):
    root = site_with(make_site, {"content/zfgs/cz/a.md": decision(decided="2003-03-03", published="2003-03-05 10:00")})
    found = [(p.code, p.path, p.line) for p in run_build(root).problems.errors]
    assert found == [("GK341", "content/zfgs/cz/a.md", 10)], found  # the published line


def test_the_examples_enforcement_export_holds_18_character_credit_codes(tmp_path):
    import csv
    import io

    from conftest import copy_example

    root = copy_example(tmp_path / "rongxian")
    assert run_build(root).written
    rows = list(csv.DictReader(io.StringIO((root / "site/data/enforcement.csv").read_bytes().decode("utf-8-sig"))))
    assert rows and all(len(row["决定机关统一社会信用代码"]) == 18 for row in rows), rows[:2]
    assert all(len(row["统一社会信用代码"]) == 18 for row in rows if row["行政相对人类别"] != "自然人"), rows
    individual = [row for row in rows if row["统一社会信用代码"].startswith("92")]
    assert individual and all(row["行政相对人类别"] == "个体工商户" for row in individual)
