"""依申请公开: the page from the guide, the declared online platform, and the form as a Word file."""

from __future__ import annotations

import io

import docx

from conftest import run_build
from htmlscan import resolve, scan_file

PLATFORM = "  - {id: ysq, name: 省政府信息公开申请平台, type: 依申请公开, url: \"https://ysqgk.ceshi.gov.cn/\"}\n"


def with_platform(root):
    path = root / "site.yml"
    path.write_text(path.read_text("utf-8") + PLATFORM, "utf-8")
    return root


def test_the_apply_page_carries_the_guide_the_platform_and_the_form(make_site):
    root = with_platform(make_site())
    result = run_build(root)
    assert result.written and not result.problems.items, result.problems.report()
    site = root / "site"
    guide = scan_file(site / "gk/guide/index.html")
    link = next(link for link in guide.links if link.endswith("ysqgk/"))  # in the text and the column nav
    page_path = resolve(site, site / "gk/guide/index.html", link)
    page = scan_file(page_path)
    assert "https://ysqgk.ceshi.gov.cn/" in page.links and "省政府信息公开申请平台" in page.text
    assert "申请人（公民）" in page.text and "所需政府信息的名称、文号或者便于查询的其他特征性描述" in page.text
    [form] = [link for link in page.links if link.endswith(".docx")]
    data = resolve(site, page_path, form).read_bytes()
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {cell.text for row in document.tables[0].rows for cell in row.cells}
    assert "政府信息公开申请表" in text and "https://ysqgk.ceshi.gov.cn/" in text
    assert {"姓名", "证件号码", "统一社会信用代码", "获取信息的方式"} <= cells
    # in the site map and the column's navigation, and the same bytes on a rebuild
    assert any("ysqgk" in link for link in scan_file(site / "wzdt/index.html").links)
    run_build(root)
    assert resolve(site, page_path, form).read_bytes() == data


def test_the_guides_online_address_must_be_a_declared_channel(make_site):
    root = make_site()
    guide = root / "content/gk/guide/_index.md"
    guide.write_text(guide.read_text("utf-8").replace("\n---\n", "\nweb_contact: https://ysqgk.ceshi.gov.cn/\n---\n", 1), "utf-8")
    [error] = run_build(root).problems.errors
    assert error.code == "GK319" and error.path == "content/gk/guide/_index.md" and "type: 依申请公开" in error.hint
    with_platform(root)
    assert not run_build(root).problems.errors
