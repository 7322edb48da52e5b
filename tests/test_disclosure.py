"""The disclosure model on built output: plan tracker, the 政府信息公开 column, catalogue, policies, exports."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import FIXTURES, copy_example, run_build
from htmlscan import resolve, scan_file

FIXTURE_BUDGET = FIXTURES / "minimal/content/gk/items/budget.md"

ITEM = """---
title: {title}
index_no: 12345678X/2019-{serial}
topic: {topic}
organ: {organ}
created: 2019-02-18
published: {published}
{extra}---
正文
"""


def item(title, serial, topic="财政、金融、审计\\财政预决算", organ="县财政局", published="2019-02-25 10:00", extra=""):
    return ITEM.format(title=title, serial=serial, topic=topic, organ=organ, published=published, extra=extra)


POLICY_SECTIONS = ("  gk/items: item\n", "  gk/items: item\n  gk/items/zc: policy\n  gk/items/jd: interpretation\n")


def with_config(root, old, new):
    path = root / "site.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def links_to(scan, fragment: str) -> bool:
    return any(fragment in link for link in scan.links)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("example"))
    result = run_build(root)
    assert result.written, result.problems.report()
    return root / "site"


# --- the plan ------------------------------------------------------------------------------

SEED_UNITS = {  # ../shared/domain-rules.md §3, as the seed words each task's units
    "2019-一-一": [("牵头单位", "县发改局、县交通运输局、县农业农村局、县商务局、县文广旅游局、县市场监管局"),
                 ("责任单位", "县政府有关部门、各乡镇政府、工业园区管委会")],
    "2019-一-二": [("牵头单位", "县财政局、县农业农村局、县生态环境局"), ("责任单位", "县政府有关部门、各乡镇政府、工业园区管委会")],
    "2019-一-三": [("分工负责", "县政府办公室、县发改局、县教育体育局、县民政局、县人力资源社会保障局、县自然资源规划局、"
                            "县住建局、县文广旅游局、县卫生健康局、县应急管理局、县财政局、县行政审批局")],
    "2019-二-一": [("牵头单位", "县政府办公室"), ("配合单位", "县政府有关部门、工业园区管委会")],
    "2019-二-二": [("牵头单位", "县政府办公室、县委目标绩效办、县审计局"), ("责任单位", "县政府有关部门、各乡镇政府、工业园区管委会")],
    "2019-二-三": [("牵头单位", "县委编办、县司法局、县发改局"), ("责任单位", "县政府有关部门、各乡镇政府、工业园区管委会")],
    "2019-二-四": [("牵头单位", "县行政审批局、县发改局、县财政局、县司法局、县人力资源社会保障局、县自然资源规划局、"
                            "县住建局、县市场监管局、县税务局"), ("责任单位", "县政府有关部门、工业园区管委会")],
    "2019-三-一": [("牵头单位", "县政府办公室"), ("责任单位", "县政府有关部门、工业园区管委会")],
    "2019-三-二": [("牵头单位", "县政府新闻办、县政府办公室、县信访局"), ("责任单位", "县政府有关部门、各乡镇政府、工业园区管委会")],
    "2019-三-三": [("牵头单位", "县政府办公室、县政府新闻办"), ("责任单位", "县政府有关部门、各乡镇政府、工业园区管委会")],
    "2019-四-一": [("牵头单位", "县政府办公室"), ("责任单位", "县政府有关部门、各乡镇政府、工业园区管委会")],
    "2019-四-二": [("未标注", "县政府新闻办、县政府办公室")],
    "2019-五-一": [], "2019-五-二": [], "2019-五-三": [],
}


def test_example_plan_has_five_areas_fifteen_tasks_and_the_seed_units(example):
    data = json.loads((example / "data/plan.json").read_text("utf-8"))
    [plan] = data["plans"]
    assert plan["year"] == 2019 and [a["number"] for a in plan["areas"]] == ["一", "二", "三", "四", "五"]
    tasks = {t["key"]: t for a in plan["areas"] for t in a["tasks"]}
    assert len(tasks) == 15
    for key, roles in SEED_UNITS.items():
        assert [(u["role"], "、".join(u["names"])) for u in tasks[key]["units"]] == roles, key
    # the tracker is meaningful: most tasks have implementing items
    assert sum(1 for t in tasks.values() if t["items"]) >= 12


def test_plan_page_reports_progress_per_task(make_site):
    root = make_site()
    run_build(root)
    plan = scan_file(root / "site/plan/2019/index.html")
    row = re.search(r"（一）推进财政信息公开.*?(\d+) 条\s*([\d-]+|尚无)", plan.text, re.S)
    assert row and row.groups() == ("1", "2019-02-25")
    assert re.search(r"（二）完善公开制度.*?0 条\s*尚无", plan.text, re.S)
    assert "（原文未列单位）" in plan.text
    assert links_to(plan, "1/1/") and links_to(plan, "gk/items/budget/")  # the task and the 印发通知
    area = scan_file(root / "site/plan/2019/1/index.html")
    assert "推进财政信息公开" in area.text


def test_task_page_lists_units_and_implementing_items(make_site):
    root = make_site({"content/news/second.md": "---\ntitle: 第二条新闻\npublished: 2019-09-01\norgan: 县政府\n"
                                                "plan_task: ../plan/2019/1/1.md\n---\n正文\n"})
    result = run_build(root)
    assert result.written, result.problems.report()
    task = scan_file(root / "site/plan/2019/1/1/index.html")
    assert "牵头单位：" in task.text and "县财政局" in task.text and "县政府各部门" in task.text
    assert "原文：（牵头单位：县财政局；责任单位：县政府各部门）" in task.text
    assert "落实情况（2 条公开信息）" in task.text
    assert links_to(task, "news/second/") and links_to(task, "gk/items/budget/")


def test_only_work_published_within_the_plans_period_counts_toward_a_task(make_site):
    news = "---\ntitle: {title}\npublished: {day}\norgan: 县政府\nplan_task: 2019-一-一\n---\n正文\n"
    root = make_site({"content/news/early.md": news.format(title="年初的新闻", day="2019-02-01"),
                      "content/news/within.md": news.format(title="年中的新闻", day="2019-09-01"),
                      "content/news/late.md": news.format(title="次年的新闻", day="2020-01-05")})
    plan = root / "content/plan/2019/_index.md"
    plan.write_text(plan.read_text("utf-8").replace("year: 2019\n", "year: 2019\nissued: 2019-02-20\n"), "utf-8")
    result = run_build(root)
    found = sorted((p.path, p.line, p.message) for p in result.problems.warnings if p.code == "GK379")
    assert [(path, line) for path, line, _ in found] == [("content/news/early.md", 5), ("content/news/late.md", 5)]
    assert "早于印发日期 2019-02-20" in found[0][2] and "晚于计入进度的截止日期 2019-12-31" in found[1][2]
    task = scan_file(root / "site/plan/2019/1/1/index.html")
    assert "落实情况（2 条公开信息）" in task.text and links_to(task, "news/within/") and links_to(task, "gk/items/budget/")
    assert not links_to(task, "news/early/") and not links_to(task, "news/late/")
    # widening the period brings every one back
    plan.write_text(plan.read_text("utf-8").replace("issued: 2019-02-20\n",
                                                    "issued: 2019-02-20\ncounts_from: 2019-01-01\ncounts_until: 2020-03-31\n"), "utf-8")
    result = run_build(root)
    assert not [p for p in result.problems.items if p.code == "GK379"]
    assert "落实情况（4 条公开信息）" in scan_file(root / "site/plan/2019/1/1/index.html").text


def test_organ_pages_list_led_and_shared_tasks_and_items(make_site):
    organ_page = "---\ntitle: {name}\norgan: {short}\nleaders: [{{name: 王某, title: 局长}}]\naddress: 人民路\nhours: 工作日\nphone: 0813-1\n---\n{text}\n"
    root = make_site({
        "content/gk/items/jgzn/_index.md": "---\ntitle: 机构职能\n---\n",
        "content/gk/items/jgzn/zf.md": organ_page.format(name="测试县人民政府", short="县政府", text="领导全县工作。"),
        "content/gk/items/jgzn/czj.md": organ_page.format(name="测试县财政局", short="县财政局", text="管理财政收支。"),
    })
    with_config(root, "disclosure: gk", "disclosure: gk\norgan_section: gk/items/jgzn")
    with_config(root, *[s.replace("zc: policy", "jgzn: organ").replace("  gk/items/jd: interpretation\n", "")
                        for s in POLICY_SECTIONS])
    result = run_build(root)
    assert result.written, result.problems.report()
    czj = scan_file(root / "site/gk/items/jgzn/czj/index.html")
    for text in ("负责人", "王某", "办公地址", "人民路", "办公时间", "联系电话", "管理财政收支。"):
        assert text in czj.text
    assert "推进财政信息公开" in czj.text and "牵头单位" in czj.text
    assert "../../budget/" in czj.links and "../../jg/czj/" in czj.links  # its items and the full list
    zf = scan_file(root / "site/gk/items/jgzn/zf/index.html")
    assert "推进财政信息公开" not in zf.text  # the county government is neither lead nor a department
    # the task page links units to their organ pages
    task = scan_file(root / "site/plan/2019/1/1/index.html")
    assert links_to(task, "gk/items/jgzn/czj/")


# --- the 政府信息公开 column ----------------------------------------------------------------

def test_column_has_its_four_parts_and_is_on_the_home_page(example):
    home = scan_file(example / "index.html")
    assert "xxgk/" in home.links
    column = scan_file(example / "xxgk/index.html")
    parts = [a for tag, a in column.tags if tag == "a" and a.get("href", "") in
             ("zhinan/", "zhidu/", "fdzdgknr/", "nianbao/")]
    assert len({a["href"] for a in parts}) == 4


def test_guide_shows_every_required_element(example):
    guide = scan_file(example / "xxgk/zhinan/index.html")
    for text in ("分类与编排", "获取政府信息的方式", "荣县人民政府办公室政务公开科", "办公地址", "办公时间",
                 "0813-6102012", "0813-6102013", "rxzwgk@rongxian.gov.cn", "申请方式", "申请内容", "办理期限",
                 "收费", "救济途径"):
        assert text in guide.text, text
    web = re.search(r'<th scope="row">网上申请</th><td><a href="([^"]+)">', (example / "xxgk/zhinan/index.html").read_text("utf-8"))
    assert web and web.group(1).startswith("https://"), "the 网上申请 address is a link"


# --- the catalogue ---------------------------------------------------------------------------

def test_attachments_are_published_and_listed_with_type_and_size(make_site):
    root = make_site()
    run_build(root)
    page = scan_file(root / "site/gk/items/budget/index.html")
    size = (root / "content/gk/items/budget.pdf").stat().st_size
    assert f"（PDF，{size} B）" in page.text
    assert (root / "site/gk/items/budget.pdf").read_bytes() == (root / "content/gk/items/budget.pdf").read_bytes()


def test_attachments_named_as_offices_name_them_are_linked_by_valid_urls(make_site):
    # Scanned files keep names like “附件1：会议议程.pdf”; editors such as Typora write a space as %20.
    names = ("附件1：会议议程.pdf", "会议 照片.jpg", "议程 #2 (50%).pdf")
    budget = FIXTURE_BUDGET.read_text("utf-8").replace("attachments: [budget.pdf]", f"attachments: [{names[0]}]")
    body = "\n\n[照片](会议%20照片.jpg) ![照片](<会议 照片.jpg>) [议程](议程%20%232%20(50%25).pdf)\n"
    root = make_site({f"content/gk/items/{name}": b"%PDF-1.4 " + name.encode() for name in names}
                     | {"content/gk/items/budget.md": budget + body})
    result = run_build(root)
    assert result.written, result.problems.report()
    site = root / "site"
    page = site / "gk/items/budget/index.html"
    links = [link for link in scan_file(page).links if link.startswith("../") and not link.endswith("/")]
    reached = {resolve(site, page, link).name for link in links}
    assert set(names) <= reached, links
    for link in links:  # a URL has no space, no raw # in its path, and only ASCII (feeds and sitemaps need that)
        assert link.isascii() and " " not in link and "#" not in link, link

    (root / "content/gk/items/budget.md").write_text(budget + "[议程](<议程 #2 (50%).pdf>)\n", "utf-8")
    [problem] = run_build(root).problems.errors
    assert problem.code == "GK303" and "%23" in problem.hint


def test_browse_views_by_topic_organ_and_year_are_paginated(make_site):
    files = {f"content/gk/items/x{i}.md": item(f"政务公开文件{i}", f"{i + 3:05d}", topic="综合政务\\政务公开",
                                               organ="县政府", published=f"2019-03-{i:02d} 10:00").replace(
        "12345678X/2019", "123456789/2019") for i in range(1, 8)}
    files["content/_data/ledger.yml"] = '"12345678X":\n  "2018": 5\n  "2019": 3\n"123456789":\n  "2019": 10\n'
    root = make_site(files)
    result = run_build(root)
    assert result.written, result.problems.report()
    site = root / "site/gk/items"
    topic = scan_file(site / "fl/zwgk/index.html")
    assert "政务公开文件7" in topic.text and "2019年预算公开" not in topic.text
    assert (site / "fl/zwgk/page/2/index.html").is_file()  # 7 items, 5 a page
    assert "2019年预算公开" in scan_file(site / "fl/czyjs/index.html").text
    organ = scan_file(site / "jg/czj/index.html")
    assert "2019年预算公开" in organ.text and "政务公开文件" not in organ.text
    year = scan_file(site / "nf/2019/index.html")
    assert "第 1 页，共 2 页" in year.text
    # the 目录 table has the four statutory columns
    for header in ("索引号", "名称", "内容概述", "生成日期"):
        assert header in topic.text
    # and every view is reachable from the catalogue page
    root_page = scan_file(site / "index.html")
    for target in ("fl/zwgk/", "jg/czj/", "nf/2019/"):
        assert target in root_page.links


def test_items_are_listed_by_statutory_category_and_a_required_one_missing_is_warned(make_site):
    files = {"content/gk/items/plan.md": item("测试县国民经济和社会发展第十四个五年规划纲要", "00004", extra="art20: 3\n"),
             "content/gk/items/old.md": item("2018年采购目录", "00005", extra="art20: 第二十条第（九）项\nvalidity: 失效\n"),
             "content/gk/items/aid.md": item("社会救助审批结果", "00006", extra="art20: 社会救助\n")}
    files["content/_data/ledger.yml"] = '"12345678X":\n  "2018": 5\n  "2019": 6\n'
    root = make_site(files)
    with_config(root, "must_publish: [财政预决算]\n", "")  # the default list
    result = run_build(root)
    assert result.written and not result.problems.errors, result.problems.report()
    warned = {p.message.partition("”")[0].partition("“")[2]: p for p in result.problems.warnings if p.code == "GK399"}
    # 规划计划 and 财政预决算 have a current item; 政府集中采购 only a lapsed one, which does not count
    assert sorted(warned) == ["公务员招考", "应急管理", "政府集中采购", "统计信息", "重大建设项目"]
    assert warned["政府集中采购"].path == "content/gk/items/_index.md" and "第二十条第（九）项" in warned["政府集中采购"].message
    site = root / "site/gk/items"
    listing = scan_file(site / "tl/20-03/index.html")
    assert "测试县国民经济和社会发展第十四个五年规划纲要" in listing.text and "2019年预算公开" not in listing.text
    assert "第二十条第（三）项" in listing.text  # the page says which article obliges it
    assert "社会救助审批结果" in scan_file(site / "tl/21-shjz/index.html").text
    catalogue = scan_file(site / "index.html")
    assert "按法定公开类别" in catalogue.text
    for target in ("tl/20-03/", "tl/20-07/", "tl/20-09/", "tl/21-shjz/"):
        assert target in catalogue.links, target
    # a category of its own choosing is refused with the nearest one
    (root / "content/gk/items/aid.md").write_text(item("社会救助审批结果", "00006", extra="art20: 社会求助\n"), "utf-8")
    [error] = run_build(root).problems.errors
    assert error.code == "GK204" and "社会救助" in error.hint and error.path == "content/gk/items/aid.md"


def test_policy_and_interpretation_link_each_other_whichever_side_declares(make_site):
    root = make_site({
        "content/gk/items/zc/_index.md": "---\ntitle: 政策文件\n---\n",
        "content/gk/items/jd/_index.md": "---\ntitle: 政策解读\n---\n",
        "content/gk/items/zc/a.md": item("管理办法", "00002", extra="doc_type: 行政规范性文件\n"),
        "content/gk/items/zc/b.md": item("实施细则", "00003", extra="doc_type: 规章\ninterpretations: [../jd/b.md]\n"),
        "content/gk/items/jd/a.md": item("管理办法解读", "00004", extra="form: 图解\ninterprets: ../zc/a.md\n"
                                         "background_basis: 依据\nmain_content: 内容\nbenefits: 举措\n"),
        "content/gk/items/jd/b.md": item("实施细则问答", "00005", extra="form: 问答\ninterprets: ../zc/b.md\n"
                                         "goals_tasks: 目标\nstandards: 标准\nnotes: 注意\n"),
        "content/_data/ledger.yml": '"12345678X":\n  "2018": 5\n  "2019": 5\n',
    })
    with_config(root, *POLICY_SECTIONS)
    result = run_build(root)
    assert result.written and not result.problems.items, result.problems.report()
    site = root / "site/gk/items"
    policy_a = scan_file(site / "zc/a/index.html")
    assert "相关解读" in policy_a.text and "../../jd/a/" in policy_a.links  # declared on the interpretation
    policy_b = scan_file(site / "zc/b/index.html")
    assert "../../jd/b/" in policy_b.links  # declared on the policy
    interp = scan_file(site / "jd/a/index.html")
    assert "政策原文" in interp.text and "../../zc/a/" in interp.links
    assert "背景依据" in interp.text and "惠民利民举措" in interp.text and "解读形式：图解" in interp.text
    listing = scan_file(site / "jd/index.html")
    assert [h for h in re.findall(r"(\w{2})解读", listing.text) if h in ("图解", "问答")] == ["图解", "问答"]


def test_each_interpretation_is_listed_on_one_numbered_page_under_its_form(make_site):
    """The 政策解读 list is paginated like every list: page 2 shows its own entries (grouped by form), not the
    whole column again (at 10,000 interpretations every numbered page was 2 MB, each a copy of the first)."""
    forms = ["文字", "图解", "问答"]
    files = {"content/gk/items/jd/_index.md": "---\ntitle: 政策解读\n---\n",
             "content/gk/items/zc/_index.md": "---\ntitle: 政策文件\n---\n",
             "content/_data/ledger.yml": '"12345678X":\n  "2018": 5\n  "2019": 40\n'}
    for i in range(12):
        files[f"content/gk/items/zc/p{i:02d}.md"] = item(f"第{i}号管理办法", f"000{10 + i}", extra="doc_type: 其他文件\n")
        files[f"content/gk/items/jd/j{i:02d}.md"] = item(
            f"第{i}号政策解读", f"000{22 + i}", published=f"2019-03-{1 + i:02d} 10:00",
            extra=f"form: {forms[i % 3]}\ninterprets: ../zc/p{i:02d}.md\nbackground_basis: 依据\nmain_content: 内容\n"
                  "benefits: 举措\n")
    root = make_site(files)
    with_config(root, *POLICY_SECTIONS)
    result = run_build(root)
    assert result.written, result.problems.report()
    listed: list[str] = []
    for number, listing in enumerate([root / "site/gk/items/jd/index.html"] +
                                     sorted((root / "site/gk/items/jd/page").glob("*/index.html")), start=1):
        text = scan_file(listing).text
        titles = re.findall(r"第\d+号政策解读", text)
        assert 0 < len(titles) <= 5, (number, titles)  # page_size: 5
        headings = [h for h in re.findall(r"(\w{2})解读", text) if h in forms]
        assert headings == sorted(set(headings), key=forms.index)
        listed += titles
    assert sorted(listed) == sorted(f"第{i}号政策解读" for i in range(12))  # each once, on one page


def test_exempted_policy_needs_no_interpretation(make_site):
    root = make_site({
        "content/gk/items/zc/_index.md": "---\ntitle: 政策文件\n---\n",
        "content/gk/items/jd/_index.md": "---\ntitle: 政策解读\n---\n",
        "content/gk/items/zc/a.md": item("废止决定", "00002",
                                         extra="doc_type: 行政规范性文件\ninterpretation_exempt: 仅废止旧文件，不涉及新的权利义务\n"),
    })
    with_config(root, *POLICY_SECTIONS)
    result = run_build(root)
    assert result.written, result.problems.report()
    assert "本文件不作解读：仅废止旧文件" in scan_file(root / "site/gk/items/zc/a/index.html").text


def test_directory_rows_show_their_items_and_export_csv(example):
    page = scan_file(example / "xxgk/fdzdgknr/jbml/index.html")
    for text in ("财政预决算：政府预决算", "公开依据", "《中华人民共和国预算法》第十四条", "公开时限", "公开主体",
                 "公开渠道", "公开对象", "公开方式", "公开层级", "荣县2019年县级财政预算公开说明"):
        assert text in page.text, text
    # a row published as a 公示 in a topic column finds it: the news item names its row
    row = page.text[page.text.index("扶贫：扶贫资金"):]
    row = row[:row.index("已公开的信息") + 200]
    assert "2019年县级财政专项扶贫资金分配结果公示" in row
    assert any(link.endswith("ztzl/tpgj/zjgs-20191015/") for link in page.links)
    raw = (example / "data/directory.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["编号", "事项类别", "一级事项", "二级事项"] and len(rows) == 7


def test_late_item_is_reported_in_working_days(make_site):
    # created Friday 27 Sep 2019, published Tuesday 5 Nov: the golden week does not count, Sunday 29 Sep
    # and Saturday 12 Oct (调休) do
    root = make_site({"content/gk/items/x.md": item("迟发文件", "00002", published="2019-11-05 10:00").replace(
        "created: 2019-02-18", "created: 2019-09-27")})
    result = run_build(root)
    [late] = [p for p in result.problems.warnings if p.code == "GK340"]
    assert "第 24 个工作日" in late.message and "公开时限 4 个工作日" in late.message
    assert result.written  # lateness never stops a build


def test_exports_carry_every_published_item_with_absolute_urls(make_site):
    root = make_site({"content/gk/items/draft.md": item("草稿文件", "00002", extra="draft: true\n")})
    run_build(root)
    data = json.loads((root / "site/data/catalogue.json").read_text("utf-8"))
    [record] = data["items"]
    assert record["index_no"] == "12345678X/2019-00001" and record["url"] == "https://www.ceshi.gov.cn/gk/items/budget/"
    assert record["organ_code"] == "12345678X" and record["created"] == "2019-02-18"
    assert record["attachments"] == [{"title": "budget", "url": "https://www.ceshi.gov.cn/gk/items/budget.pdf"}]
    rows = list(csv.reader(io.StringIO((root / "site/data/catalogue.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0][:2] == ["索引号", "名称"] and len(rows) == 2


def test_json_exports_keep_each_record_on_a_line_of_its_own(make_site):
    """Readable and diffable: an item added or changed is one line of the export's history."""
    files = {f"content/gk/items/i{i}.md": item(f"第{i}号文件", f"0000{i + 2}") for i in range(3)}
    files["content/_data/ledger.yml"] = '"12345678X":\n  "2018": 5\n  "2019": 9\n'
    root = make_site(files)
    assert run_build(root).written
    text = (root / "site/data/catalogue.json").read_text("utf-8")
    data = json.loads(text)
    lines = text.splitlines()
    assert lines[:2] == ["{", '"items": ['] and lines[-2:] == ['"site": "' + data["site"] + '"', "}"]
    records = [json.loads(line.rstrip(",")) for line in lines[2:-3]]
    assert records == data["items"] and len(records) == 4 and lines[-3] == "],"


def test_a_cell_a_spreadsheet_would_evaluate_is_written_as_text_in_every_csv(make_site):
    """OWASP's CSV injection: a title pasted as =HYPERLINK(…) must not run in Excel or WPS; JSON keeps it exact."""
    evil = ["=HYPERLINK(\"http://x.example/\",\"点此\")", "+1+2", "-3*4", "@SUM(A1)"]
    files = {f"content/gk/items/e{i}.md": item(f"'{title}'", f"0000{i + 2}") for i, title in enumerate(evil)}
    files["content/_data/ledger.yml"] = '"12345678X":\n  "2018": 5\n  "2019": 9\n'
    root = make_site(files)
    assert run_build(root).written
    rows = list(csv.reader(io.StringIO((root / "site/data/catalogue.csv").read_bytes().decode("utf-8-sig"))))
    names = {row[1] for row in rows[1:]}
    assert {"'" + title for title in evil} <= names and not names & set(evil)
    titles = {record["title"] for record in json.loads((root / "site/data/catalogue.json").read_text("utf-8"))["items"]}
    assert set(evil) <= titles


def test_the_disclosure_column_home_shows_its_parts_the_newest_items_and_the_ways_to_browse(tmp_path):
    from conftest import copy_example
    from selectolax.lexbor import LexborHTMLParser

    root = copy_example(tmp_path / "rongxian")
    assert run_build(root).written
    tree = LexborHTMLParser((root / "site/xxgk/index.html").read_text("utf-8"))
    main = tree.css_first("main")
    assert [a.text() for a in main.css(".part-cards a")] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容",
                                                            "政府信息公开年报"]
    dates = [t.attributes["datetime"] for t in main.css(".catalogue time")]
    assert 5 <= len(dates) <= 10 and dates == sorted(dates, reverse=True)  # newest first
    assert [c.text() for c in main.css(".catalogue thead th")] == ["索引号", "名称", "发布日期"]
    assert all(re.fullmatch(r"\d{9}/\d{4}-\d{5}", td.text()) for td in main.css(".catalogue td.c-index"))
    assert [h.text() for h in main.css(".browse h3")] == ["按法定公开类别", "按主题分类", "按发布机构", "按年份"]
    categories, topics = ([a.text() for a in block.css("a")] for block in main.css(".browse-block")[:2])
    assert "综合政务 › 政务公开" in topics and not any("\\" in t for t in topics)
    assert {"规划计划", "财政预决算", "政府集中采购", "应急管理", "公务员招考"} <= set(categories)
    # every category and 主题分类 offered has something in it
    for link in main.css(".browse-block")[0].css("a") + main.css(".browse-block")[1].css("a"):
        target = root / "site/xxgk" / link.attributes["href"] / "index.html"
        assert LexborHTMLParser(target.read_text("utf-8")).css("main .catalogue tbody tr"), link.text()


def test_the_fourth_part_may_carry_its_official_name(make_site):
    root = make_site({"content/gk/reports/_index.md": "---\ntitle: 政府信息公开工作年度报告\n---\n"})
    result = run_build(root)
    assert not [p for p in result.problems.errors if p.code in ("GK321", "GK322")], result.problems.report()
