"""Portal pages from site data: the 政务新媒体 registry, its home-page block and the two-week rule."""

from __future__ import annotations

from datetime import date

from conftest import run_build
from htmlscan import resolve, scan_file

MEDIA = """- {platform: 微信公众号, name: 测试县发布, owner: 县政府, opened: 2015-01-01, status: 运营, qr: images/wx.png, updated: 2019-06-20}
- {platform: 抖音, name: 测试县财政, owner: 县财政局, opened: 2018-01-01, status: 运营, updated: 2019-06-01}
- {platform: 微博, name: 测试县旅游, owner: 县政府, opened: 2013-01-01, status: 关停, closed: 2018-12-31, note: 并入测试县发布}
"""
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def test_the_registry_page_the_home_block_and_a_stale_account(make_site):
    root = make_site({"content/_data/media.yml": MEDIA, "content/images/wx.png": PNG})
    result = run_build(root, today=date(2019, 6, 25))
    # 测试县财政 last posted 24 days ago: told, at its line; the closed account is not judged
    stale = [(p.line, p.message) for p in result.problems.warnings if p.code == "GK528"]
    assert [line for line, _ in stale] == [2] and "测试县财政" in stale[0][1] and "24 天" in stale[0][1]
    assert result.written
    site = root / "site"
    page = scan_file(site / "zwxmt/index.html")
    assert "测试县发布" in page.text and "测试县财政" in page.text and "已关停" in page.text and "并入测试县发布" in page.text
    [qr] = [src for src in page.links if src.endswith("wx.png")]
    assert resolve(site, site / "zwxmt/index.html", qr).read_bytes() == PNG
    home = scan_file(site / "index.html")
    assert "政务新媒体" in home.text and "测试县发布" in home.text and "测试县旅游" not in home.text
    assert any(link.endswith("zwxmt/") for link in home.links)
    assert any(link.endswith("zwxmt/") for link in scan_file(site / "wzdt/index.html").links)
    assert "/zwxmt/" in (site / "sitemap.xml").read_text("utf-8")


def test_a_missing_code_picture_or_closing_date_is_an_error(make_site):
    bad = MEDIA.replace("closed: 2018-12-31, ", "")
    root = make_site({"content/_data/media.yml": bad})
    errors = sorted((p.code, p.line, p.message) for p in run_build(root).problems.errors)
    assert [(code, line) for code, line, _ in errors] == [("GK125", 1), ("GK125", 3)]
    assert "content/images/wx.png" in errors[0][2] and "关停日期" in errors[1][2]
