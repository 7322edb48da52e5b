"""The 编辑后台 end to end in Chromium, beside `serve`: a form makes a Markdown file, the preview rebuilds it, an
existing item's 有效性 changes through the form, and a form the build refuses is told in the editor's words."""

from __future__ import annotations

import re

import pytest

from browser import launch, needs_chromium
from conftest import copy_example
from test_serve import fetch, serving, wait_for

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("admin") / "rongxian")
    yield from serving(root)


@pytest.fixture
def page(admin):
    from playwright.sync_api import sync_playwright

    root, base = admin
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.problems = []
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.goto(base + "/admin/")
        page.get_by_role("button", name="登录").click()  # the local backend: no account, this computer's folder
        page.get_by_text("政务动态（zwdt）").wait_for()
        yield page
        browser.close()


def publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()


def choose(page, field: str, text: str) -> None:
    page.locator(f"[id^='{field}-field-']").first.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_the_admin_speaks_chinese_and_creates_a_news_item_the_preview_shows(admin, page):
    root, base = admin
    before = set((root / "content/zwdt").glob("*.md"))
    page.goto(base + "/admin/#/collections/zwdt/new")
    page.locator("[id^='title-field-']").first.fill("县政府召开政务公开工作推进会")
    page.locator("[id^='published-field-']").first.fill("2020-03-30T10:00")
    page.locator("[id^='summary-field-']").first.fill("部署 2020 年政务公开重点工作。")
    choose(page, "organ", "县政府办公室")
    page.locator("[data-slate-editor='true']").first.click()
    page.keyboard.type("3 月 30 日，县政府召开政务公开工作推进会。")
    publish(page)
    wait_for(lambda: set((root / "content/zwdt").glob("*.md")) - before)
    [new] = set((root / "content/zwdt").glob("*.md")) - before
    text = new.read_text("utf-8")
    assert re.fullmatch(r"\d{8}-\d{6}", new.stem)  # a file name the build accepts whatever the title
    assert "title: 县政府召开政务公开工作推进会" in text and "published: 2020-03-30 10:00" in text
    assert "organ: 县政府办公室" in text and text.rstrip().endswith("县政府召开政务公开工作推进会。")
    assert "slug: xzfzkzwgkgztjh" in text  # its URL named by the title's pinyin initials
    wait_for(lambda: "县政府召开政务公开工作推进会" in fetch(f"{base}/zwdt/xzfzkzwgkgztjh/")[1], timeout=30)
    assert not page.problems, page.problems


def test_an_items_validity_changes_through_the_form_and_on_its_page(admin, page):
    root, base = admin
    page.goto(base + "/admin/#/collections/xxgk__fdzdgknr/entries/zrfg-2019")
    page.locator("[id^='validity-field-']").first.wait_for()
    choose(page, "validity", "失效")
    publish(page)
    wait_for(lambda: "validity: 失效" in (root / "content/xxgk/fdzdgknr/zrfg-2019.md").read_text("utf-8"))
    text = (root / "content/xxgk/fdzdgknr/zrfg-2019.md").read_text("utf-8")
    assert "index_no: 008291002/2019-00015" in text and "plan_task: 2019-二-二" in text  # the rest kept
    wait_for(lambda: "本文件已失效" in fetch(f"{base}/xxgk/fdzdgknr/zrfg-2019/")[1], timeout=30)
    assert not page.problems, page.problems


def test_a_form_the_build_refuses_is_told_in_the_admin(admin, page):
    root, base = admin
    page.goto(base + "/admin/#/collections/zwdt/new")
    page.locator("[id^='title-field-']").first.fill("关于听取意见的通知")
    page.locator("[id^='published-field-']").first.fill("2020-03-30T11:00")
    choose(page, "organ", "县政府办公室")
    page.locator("[data-slate-editor='true']").first.click()
    page.keyboard.type("欢迎通过书记信箱反映问题。")
    publish(page)
    box = page.locator("#gongkai-problems")
    box.wait_for(timeout=30000)
    wait_for(lambda: "GK315" in box.inner_text(), timeout=30)
    assert "书记信箱" in box.inner_text() and "预览未更新" in box.inner_text()
