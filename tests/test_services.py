"""办事服务: service guides as a content kind, the 最多跑一次 list, the province's portal and the home entry."""

from __future__ import annotations

from conftest import run_build
from htmlscan import scan_file

GUIDE = """---
title: {title}
published: 2019-06-01 10:00
organ: 县财政局
basis: [《测试条例》第三条]
conditions: 本县居民
materials: [申请书, 身份证复印件]
steps: [申请, 受理, 决定]
time_limit: 法定 20 个工作日，承诺 5 个工作日
fee: 不收费
phone: 0813-1234567
place: 县政务服务中心 3 号窗口
{extra}---
{body}
"""
PORTAL = "  - {id: zwfw, name: 四川政务服务网, type: 政务服务, url: \"https://www.sczwfw.gov.cn/\"}\n"


def service_site(make_site, extra_files=None):
    root = make_site({
        "content/bsfw/_index.md": "---\ntitle: 办事服务\n---\n",
        "content/bsfw/a.md": GUIDE.format(title="补贴申请", extra="max_one_trip: true\n", body="补充说明。"),
        "content/bsfw/b.md": GUIDE.format(title="证明开具", extra="online_url: https://www.sczwfw.gov.cn/item/1\n", body=""),
        **(extra_files or {})})
    config = root / "site.yml"
    text = config.read_text("utf-8").replace("sections:\n", "sections:\n  bsfw: service_guide\n", 1)
    text = text.replace("nav: [", "nav: [bsfw, ", 1)
    config.write_text(text + PORTAL, "utf-8")
    return root


def test_a_service_guide_shows_every_element_in_order(make_site):
    root = service_site(make_site)
    result = run_build(root)
    assert result.written and not result.problems.items, result.problems.report()
    page = scan_file(root / "site/bsfw/a/index.html")
    text = page.text
    order = ["实施主体", "受理条件", "办理时限", "收费", "办理地点", "咨询电话", "申请材料", "办理流程", "办理依据"]
    assert [text.index(label) for label in order] == sorted(text.index(label) for label in order)
    assert "身份证复印件" in text and "最多跑一次" in text and "https://www.sczwfw.gov.cn/" in page.links
    # a matter with its own page on the portal links there
    assert "https://www.sczwfw.gov.cn/item/1" in scan_file(root / "site/bsfw/b/index.html").links


def test_the_services_column_lists_one_trip_matters_and_the_home_page_has_its_entry(make_site):
    root = service_site(make_site)
    run_build(root)
    column = scan_file(root / "site/bsfw/index.html")
    one_trip = column.text[column.text.index("“最多跑一次”事项清单"):column.text.index("办事指南", column.text.index("“最多跑一次”"))]
    assert "补贴申请" in one_trip and "证明开具" not in one_trip
    assert "https://www.sczwfw.gov.cn/" in column.links
    home = scan_file(root / "site/index.html")
    assert "bsfw/" in home.links and "https://www.sczwfw.gov.cn/" in home.links
    assert "补贴申请" in (root / "site/bsfw/feed.xml").read_text("utf-8")


def test_a_guide_missing_its_materials_is_refused_with_the_field_named(make_site):
    root = service_site(make_site, {"content/bsfw/c.md": GUIDE.format(title="缺材料", extra="", body="").replace(
        "materials: [申请书, 身份证复印件]\n", "")})
    [error] = run_build(root).problems.errors
    assert error.path == "content/bsfw/c.md" and error.key == "materials" and "申请材料" in error.message
