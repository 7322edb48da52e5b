"""The example site in a real browser: layout at phone and desktop widths, axe, search, 长者模式."""

from __future__ import annotations

import gzip
import re
import json
from pathlib import Path

import pytest

from browser import LAYOUT_PROBLEMS, launch, needs_chromium, serve_directory
from conftest import REPO, copy_example, run_build
from gongkai.search_bundle import HEADER

pytestmark = needs_chromium

# One page of every kind the example site has.
PAGES = {
    "home": "/", "column": "/xxgk/", "guide": "/xxgk/zhinan/", "catalogue": "/xxgk/fdzdgknr/",
    "catalogue-view": "/xxgk/fdzdgknr/fl/zwgk/", "directory": "/xxgk/fdzdgknr/jbml/", "item": "/xxgk/fdzdgknr/czys-2019/",
    "invalid-item": "/xxgk/fdzdgknr/gzyd-2018/", "policy": "/xxgk/fdzdgknr/zcwj/wfgz-2019/",
    "interpretation": "/xxgk/fdzdgknr/zcjd/wfgz-2019-jd/", "interpretations": "/xxgk/fdzdgknr/zcjd/",
    "organ": "/xxgk/fdzdgknr/jgzn/fgj/", "report": "/xxgk/nianbao/2019/", "plan": "/gzyd/2019/", "area": "/gzyd/2019/1/",
    "task": "/gzyd/2019/1/3/", "news-list": "/zwdt/", "news": "/zwdt/tjh-20190726/", "topics": "/ztzl/",
    "topic": "/ztzl/tpgj/", "enforcement": "/zfgs/scjg/", "decisions": "/zfgs/scjg/cf/", "decision": "/zfgs/scjg/cf-2019-044/",
    "withdrawn": "/zfgs/scjg/cf-2019-018/", "expired": "/zfgs/scjg/cf-2016-007/", "consultation": "/hdjl/yjzj/tcgl-2020/",
    "reply": "/hdjl/lydf/ly-20200108/", "statistics": "/tongji/", "search": "/search/", "sitemap": "/wzdt/",
    "accessibility": "/wza/", "not-found": "/404.html", "interaction": "/hdjl/", "apply": "/xxgk/zhinan/ysqgk/",
    "media": "/zwxmt/", "services": "/bsfw/", "service-guide": "/bsfw/spxk-sp/", "library": "/xxgk/fdzdgknr/zcwj/",
    "doc-no-index": "/xxgk/fdzdgknr/zcwj/wh/", "website-report": "/wzbb/2019/",
}  # one page of each template: a category's list is the catalogue view's, a shelf the library's, and so on


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("browser"))
    result = run_build(root, search=True)
    assert result.written, result.problems.report()
    return root / "site"


@pytest.fixture(scope="module")
def example_url(example_site):
    server = serve_directory(example_site)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


# 320 px: the width WCAG's reflow rule asks pages to fit without scrolling sideways (a 1280 px window at 400%);
# 360 px: the commonest phone; 1366 px: the commonest office screen.
@pytest.mark.parametrize("width, care", [(320, False), (360, False), (360, True), (1366, False)])
def test_every_page_kind_reads_well_at_phone_and_desktop_widths(browser, example_url, width, care):
    """Nothing wider than the screen, no text drawn over other text, no table cell squeezed to a character or
    two, and the navigation within reach: the bar on a desktop, the 栏目 menu on a phone."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    if care:  # 长者模式, as the header's switch leaves it: a quarter larger text
        context.add_init_script("localStorage.setItem('gongkai-care', 'on')")
    page = context.new_page()
    found = {}
    try:
        for kind, path in PAGES.items():
            page.goto(example_url + path)
            assert ("care" in page.evaluate("document.documentElement.className")) == care, kind
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, (kind, width)
            problems = page.evaluate(LAYOUT_PROBLEMS)
            if problems:
                found[kind] = problems[:5]
            assert page.locator("h1").count() == 1, kind
            header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
            if width <= 640:
                assert header <= (190 if care else 140), (kind, header)  # was 300 px, and 415 px in 长者模式
                assert not page.locator("nav.main-nav").is_visible() and page.locator("#site-search-q").is_visible()
                page.click("details.menu summary")
                assert page.locator(".menu-nav a").first.is_visible(), kind
            else:
                assert page.locator("nav.main-nav a").first.is_visible() and not page.locator("details.menu").is_visible()
    finally:
        context.close()
    assert not found, found


def test_the_phone_menu_opens_without_javascript(browser, example_url):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(example_url + "/zwdt/")
        assert not page.get_by_role("link", name="专题专栏").first.is_visible()
        page.click("details.menu summary")
        page.get_by_role("link", name="专题专栏").first.click()
        page.wait_for_url("**/ztzl/")
    finally:
        context.close()


def test_on_a_phone_each_task_is_a_card_with_its_units_count_and_date(browser, example_url):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(example_url + PAGES["area"])
        cards = page.evaluate("""() => [...document.querySelectorAll('.plan-table tbody tr')].map(row => {
            const [task, units, count, date] = [...row.children].map(cell => cell.getBoundingClientRect());
            const label = cell => getComputedStyle(cell, '::before').content;
            return {width: row.getBoundingClientRect().width, order: task.bottom <= units.top + 1 && units.bottom <= count.top + 1,
                    unitsWidth: units.width, text: label(row.children[2]) + row.children[2].innerText + label(row.children[3])};
        })""")
        assert len(cards) >= 3
        for card in cards:
            assert card["width"] <= 328 and card["order"] and card["unitsWidth"] > 250, card
            assert "落实信息" in card["text"] and "最近发布" in card["text"], card
    finally:
        page.close()


def test_a_wide_table_scrolls_inside_a_labelled_region_under_its_visible_title(browser, example_url):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        for path in (PAGES["report"], PAGES["enforcement"]):
            page.goto(example_url + path)
            regions = page.evaluate("""() => [...document.querySelectorAll('.table-scroll')].map(region => {
                const title = document.getElementById(region.getAttribute('aria-labelledby').split(' ').pop());
                return {scrolls: region.scrollWidth > region.clientWidth, focusable: region.tabIndex === 0,
                        hint: title.querySelector('.scroll-hint').getBoundingClientRect().width > 0,
                        role: region.getAttribute('role'), title: title.textContent, outside: !region.contains(title),
                        titleShown: title.getBoundingClientRect().height > 0 && title.getBoundingClientRect().bottom <= region.getBoundingClientRect().top + 1};
            })""")
            assert regions and any(r["scrolls"] for r in regions), (path, regions)
            assert all(r["role"] == "region" and r["focusable"] and r["outside"] and r["titleShown"] for r in regions), regions
            assert all(r["hint"] == r["scrolls"] for r in regions), regions  # the hint is there when, and only when, it scrolls
    finally:
        page.close()


@pytest.mark.parametrize("width", [320, 360, 1366])
def test_chart_text_is_at_least_12_px_and_no_month_to_come_is_drawn(browser, example_url, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(example_url + PAGES["statistics"])
        sizes = page.evaluate("""() => [...document.querySelectorAll('svg text')].map(text => {
            const svg = text.ownerSVGElement;
            return parseFloat(text.getAttribute('font-size')) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        })""")
        assert sizes and min(sizes) >= 12, min(sizes)
        # the example shows 2020-03-31: three months of 2020 so far, all twelve of 2019
        assert page.locator("#chart-month-2020 ~ .chart-row svg rect").count() == 3
        assert page.locator("#chart-month-2019 ~ .chart-row svg rect").count() == 12
    finally:
        page.close()


def test_every_page_has_one_trail_that_ends_at_itself_and_no_heading_repeats_the_title(browser, example_url):
    page = browser.new_page()
    try:
        for kind, path in PAGES.items():
            page.goto(example_url + path)
            trail = page.evaluate("""() => [...document.querySelectorAll('nav.breadcrumbs')].map(nav =>
                [...nav.querySelectorAll('li')].map(li => [li.textContent.trim(), !!li.querySelector('[aria-current=page]')]))""")
            title = page.locator("h1").inner_text().strip()
            if kind not in ("home", "not-found"):
                assert len(trail) == 1, (kind, trail)
                assert trail[0][-1][1] and trail[0][0][0] == "首页", (kind, trail)
            assert title not in [h.strip() for h in page.locator("main h2").all_inner_texts()], kind
            assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith(".svg"), kind
    finally:
        page.close()


def test_article_text_size_and_print_buttons(browser, example_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(example_url + PAGES["news"])
        before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)")
        page.get_by_role("button", name="大字号").click()
        after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)")
        assert after > before
        page.goto(example_url + PAGES["policy"])  # the choice stays
        assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)") == after
        assert page.get_by_role("button", name="大字号").get_attribute("aria-pressed") == "true"
        page.evaluate("window.print = () => { window.printed = true; }")
        page.get_by_role("button", name="打印").click()
        assert page.evaluate("window.printed === true")
        page.get_by_role("button", name="中字号").click()
        assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)") == before
    finally:
        context.close()
    no_script = browser.new_context(java_script_enabled=False)
    try:
        page = no_script.new_page()
        page.goto(example_url + PAGES["news"])
        assert not page.locator(".page-tools").is_visible()  # buttons that could do nothing are not shown
    finally:
        no_script.close()


@pytest.mark.parametrize("width, care", [(1366, False), (360, True)])  # plain on a desktop, 长者模式 on a phone (where tables scroll)
def test_no_serious_or_critical_axe_violations(browser, example_url, width, care):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 900})  # narrow: tables scroll
    if care:  # 长者模式 is meant to be of higher contrast, not lower
        context.add_init_script("localStorage.setItem('gongkai-care', 'on')")
    page = context.new_page()
    found = {}
    try:
        for kind, path in PAGES.items():
            page.goto(example_url + path)
            assert ("care" in page.evaluate("document.documentElement.className")) == care, kind
            results = axe.run(page)
            bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
            if bad:
                found[kind] = bad
    finally:
        context.close()
    assert not found, found


FOCUS_CONTRAST = """() => {
    // WCAG contrast between the focused element's outline and the background it is drawn on
    const rgb = c => c.match(/[\\d.]+/g).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const element = document.activeElement;
    let around = element.parentElement;
    while (around && rgb(getComputedStyle(around).backgroundColor)[3] === 0) { around = around.parentElement; }
    const back = around ? rgb(getComputedStyle(around).backgroundColor) : [255, 255, 255];
    const [a, b] = [lum(rgb(getComputedStyle(element).outlineColor)), lum(back)];
    return [element.textContent.trim().slice(0, 12), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
}"""


@pytest.mark.parametrize("care", [False, True])
def test_the_keyboard_focus_stands_out_wherever_it_is(browser, example_url, care):
    """The focus ring needs 3:1 against what is around it (WCAG 1.4.11), on the red header as on white."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if care:
        context.add_init_script("localStorage.setItem('gongkai-care', 'on')")
    page = context.new_page()
    try:
        page.goto(example_url + "/zwdt/")
        weak = []
        for _ in range(40):  # the header, the navigation, the list and on to the footer
            page.keyboard.press("Tab")
            text, ratio = page.evaluate(FOCUS_CONTRAST)
            if ratio < 3:
                weak.append((text, round(ratio, 2)))
        page.keyboard.press("End")
        for link in page.locator("footer a").all():
            link.focus()
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")  # focused by the keyboard, as :focus-visible asks
            text, ratio = page.evaluate(FOCUS_CONTRAST)
            if ratio < 3:
                weak.append((text, round(ratio, 2)))
        assert not weak, weak
    finally:
        context.close()


def search_results(page, example_url, words: str) -> list[str]:
    """Every result of a search, through the index's own JavaScript API (the UI shows only the first few)."""
    if "/search/" not in page.url:
        page.goto(f"{example_url}/search/")
    page.wait_for_function("() => typeof gongkaiSearchTerms === 'function'")
    return page.evaluate("""async (words) => {
        const pagefind = await import("/pagefind/pagefind.js");
        const search = await pagefind.search(gongkaiSearchTerms(words));  // as the search page splits them
        const data = await Promise.all(search.results.map(r => r.data()));
        return data.map(d => d.meta.title + " " + d.url);
    }""", words)


def test_chinese_search_finds_pages_and_never_withdrawn_or_expired_ones(browser, example_site, example_url):
    page = browser.new_page()
    try:
        found = search_results(page, example_url, "旭水河")
        assert any("旭水河生态修复工程2019年实施情况" in r for r in found), found
        found = search_results(page, example_url, "补助资金")
        assert any("农村危房改造补助资金管理办法" in r for r in found), found
        # the portal's new pages are found by what a citizen would type
        for words, url in (("依申请公开", "/xxgk/zhinan/ysqgk/"), ("食品经营许可", "/bsfw/spxk-sp/"),
                           ("政务新媒体", "/zwxmt/"), ("网站工作年度报表", "/wzbb/2019/")):
            assert any(url in r for r in search_results(page, example_url, words)), (words, url)
        assert not [r for r in search_results(page, example_url, "惠民超市") if "cf-2019-018" in r]  # withdrawn
        assert not [r for r in search_results(page, example_url, "醇香酒业") if "cf-2016-007" in r]  # expired
        # a masked name is not searchable: no page was indexed with it (a search for it may still find pages
        # with words that start as it does, such as 张某)
        assert not [url for url, text in indexed_text(example_site).items() if "张小军" in text]
        assert not search_results(page, example_url, '"张小军"')
    finally:
        page.close()


def indexed_text(site: Path) -> dict[str, str]:
    """Each indexed page's text as Pagefind took it (its fragment files), by URL."""
    pages = {}
    for fragment in (site / "pagefind/fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(HEADER):])
        pages[data["url"]] = data["content"].replace("\u200b", "") + data["meta"].get("title", "")
    return pages


def test_chinese_words_the_browser_cuts_into_characters_are_found_on_every_page_that_holds_them(
        browser, example_site, example_url):
    """The index splits Chinese with a large dictionary; the browser's word breaker cuts words it does not
    know into single characters (扶贫 → 扶 贫). The search page puts those back together."""
    indexed = indexed_text(example_site)
    page = browser.new_page()
    try:
        page.goto(f"{example_url}/search/")
        for words in ("扶贫", "脱贫攻坚", "危房改造", "棚户区改造", "营商环境"):
            pieces = page.evaluate("w => [...new Intl.Segmenter('zh-CN', {granularity: 'word'}).segment(w)].length", words)
            holding = {url for url, text in indexed.items() if words in text}
            found = {result.split(" ")[-1] for result in search_results(page, example_url, words)}
            assert pieces > 1 and len(holding) >= 2 and holding <= found, (words, pieces, holding - found)
        _, linked = search_in_ui(page, example_url, "扶贫")  # the page itself, from the header's ?q=
        assert linked_pages(linked) >= {url for url, text in indexed.items() if "扶贫" in text}
    finally:
        page.close()


def linked_pages(links: list[str]) -> set[str]:
    """The site paths of result links (absolute URLs, some to an anchor of their page)."""
    return {"/" + link.split("/", 3)[3].partition("#")[0] for link in links}


def search_in_ui(page, url: str, words: str) -> tuple[str, list[str]]:
    """Search through the search page as a visitor does: what it says, and every result it links to."""
    page.goto(f"{url}/search/?q={words}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    message = page.locator(".pagefind-ui__message").inner_text()
    total = int(re.search(r"\d+", message).group())
    for _ in range(200):  # "load more results" until all are shown (each load renders its results a moment later)
        if page.locator(".pagefind-ui__result-link").count() >= total:
            break
        if page.locator(".pagefind-ui__button").count():
            page.locator(".pagefind-ui__button").click()
        page.wait_for_timeout(100)
    message = page.locator(".pagefind-ui__message").inner_text()
    return message, sorted(page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)"))


def test_a_large_site_is_indexed_in_slices_that_the_search_page_searches_together(browser, example_url, tmp_path):
    """Pagefind's memory grows with the pages it holds, so the index is built in slices; visitors see
    the same results as from one index."""
    root = copy_example(tmp_path / "sliced")
    assert run_build(root, search=True, pages_per_index=40).written
    slices = sorted((root / "site/pagefind/more").iterdir())
    assert len(slices) >= 2, slices  # three slices in all
    server = serve_directory(root / "site")
    page = browser.new_page()

    try:
        for words in ("政务公开", "旭水河"):
            whole = search_in_ui(page, example_url, words)
            sliced = search_in_ui(page, f"http://127.0.0.1:{server.server_port}", words)
            assert linked_pages(sliced[1]) >= linked_pages(whole[1]) and linked_pages(whole[1]), words
        # the results come from every slice (a page's slice follows from its path)
        from pathlib import PurePosixPath

        from gongkai.search_index import _slot

        found = linked_pages(search_in_ui(page, f"http://127.0.0.1:{server.server_port}", "政务公开")[1])
        count = len(slices) + 1
        assert {_slot(PurePosixPath(url.lstrip("/") + "index.html"), count) for url in found} == set(range(count))
    finally:
        page.close()
        server.shutdown()


def test_on_a_phone_the_first_search_result_is_on_the_first_screen(browser, example_url):
    """Pagefind stacks its filters above the results on a narrow screen, which pushed them out of sight."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(f"{example_url}/search/?q=扶贫")
        page.wait_for_selector(".pagefind-ui__result")
        page.wait_for_selector(".pagefind-ui__filter-panel", state="attached")  # Pagefind adds it once filters load
        result, filters = page.evaluate("""() => ['.pagefind-ui__result', '.pagefind-ui__filter-panel'].map(
            selector => document.querySelector(selector).getBoundingClientRect().top)""")
        assert result + 60 < 740 < filters, (result, filters)
    finally:
        page.close()


@pytest.mark.parametrize("care, smallest", [(False, 14), (True, 18)])
def test_the_search_page_text_is_as_large_as_the_rest(browser, example_url, care, smallest):
    """Pagefind's UI sizes its text in pixels (12.8 px excerpts by default), which 长者模式 would not enlarge."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    if care:
        context.add_init_script("localStorage.setItem('gongkai-care', 'on')")
    page = context.new_page()
    try:
        page.goto(f"{example_url}/search/?q=政务公开")
        page.wait_for_selector(".pagefind-ui__result")
        page.click(".pagefind-ui__filter-block summary")
        sizes = page.evaluate("""() => [...document.querySelectorAll('#search *')]
            .filter(e => e.getBoundingClientRect().width > 0 && ([...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
                                                               || e.matches('input[type=text], input[type=search]')))
            .map(e => [e.className.split(' ')[0] || e.tagName, parseFloat(getComputedStyle(e).fontSize)])""")
        assert len(sizes) > 20 and not [(name, size) for name, size in sizes if size < smallest], sizes
    finally:
        context.close()


def test_the_result_count_is_announced_to_screen_readers(browser, example_url):
    page = browser.new_page()
    try:
        page.goto(f"{example_url}/search/")
        page.fill("#search input", "扶贫")
        page.wait_for_function("() => document.querySelector('[role=status]#search-status').textContent.includes('找到 4 个')")
        page.fill("#search input", "魑魅魍魉")  # in no page (the 指南, now indexed, holds 没有, 这样 and 词语)
        page.wait_for_function("() => document.querySelector('#search-status').textContent.startsWith('未找到')")
    finally:
        page.close()


def test_search_works_by_keyboard_from_the_header(browser, example_url):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(example_url + "/zwdt/")
        page.focus("#site-search-q")
        page.keyboard.type("民生实事")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=*")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert "民生实事" in page.locator(".pagefind-ui__results").inner_text()
    finally:
        page.close()


def test_care_mode_is_larger_and_stays_on_across_pages(browser, example_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(example_url + "/zwdt/")
        before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        page.focus("#care-toggle")
        page.keyboard.press("Enter")
        assert page.get_attribute("#care-toggle", "aria-pressed") == "true"
        page.click("text=全县政务公开工作推进会召开")
        page.wait_for_load_state()
        assert "care" in page.evaluate("document.documentElement.className")
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
        assert size >= 18 and size > before and line / size >= 1.5
    finally:
        context.close()


def test_care_mode_link_works_without_javascript(browser, example_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(example_url + "/zwdt/")
        page.click("#care-toggle")
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 18
    finally:
        context.close()


def test_print_style_hides_navigation(browser, example_url):
    page = browser.new_page()
    try:
        page.goto(example_url + "/zwdt/tjh-20190726/")
        page.emulate_media(media="print")
        assert not page.locator("nav.main-nav").is_visible()
        assert page.locator("h1").is_visible() and page.locator(".article-body").is_visible()
    finally:
        page.close()


def test_preview_reloads_the_open_page_after_an_edit(browser, make_site):
    import os
    import subprocess
    import sys

    from test_serve import fetch, free_port, wait_for

    root = make_site()
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    page = browser.new_page()
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: fetch(base + "/news/first/")[0] == 200)
        page.goto(base + "/news/first/")
        page.wait_for_function("() => window.LiveReload !== undefined", timeout=10000)
        assert page.locator("h1").inner_text() == "第一条新闻"
        path = root / "content/news/first.md"
        path.write_text(path.read_text("utf-8").replace("第一条新闻", "浏览器自动刷新"), "utf-8")
        # (asked again while the reload replaces the document: it may have no <h1> yet)
        page.wait_for_function("() => document.querySelector('h1')?.textContent === '浏览器自动刷新'", timeout=20000)
    finally:
        page.close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("now, says", [("2020-03-01T10:00:00+08:00", "（尚未开始）"),
                                       ("2020-03-31T10:00:00+08:00", "（正在征求意见，还剩 6 天）"),
                                       ("2020-04-05T23:00:00+08:00", "（正在征求意见，还剩 1 天）"),
                                       ("2020-04-06T00:30:00+08:00", "（已结束）")])
def test_a_consultation_page_says_where_the_day_it_is_read_falls(browser, example_url, now, says):
    """The page itself gives the dates (it is made once and read for years); the script words them for today."""
    from datetime import datetime

    context = browser.new_context()
    context.clock.set_fixed_time(datetime.fromisoformat(now))
    page = context.new_page()
    try:
        page.goto(example_url + PAGES["consultation"])
        state = page.locator(".consultation-state").inner_text()
        assert "2020年3月5日至2020年4月5日" + says in state and "征求意见截止 2020-04-05" in state, state
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1366])
def test_the_disclosure_column_reads_as_a_disclosure_platform(browser, example_url, width):
    """A tree of the column's parts and browse views beside every page of it (folded above the page on a phone);
    no 索引号 or date broken across lines."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        for path in ("/xxgk/", "/xxgk/fdzdgknr/", "/xxgk/fdzdgknr/fl/zwgk/", "/xxgk/fdzdgknr/czys-2019/", "/xxgk/nianbao/2019/"):
            page.goto(example_url + path)
            tree = page.locator("nav.column-nav")
            assert tree.count() == 1, path
            names = tree.locator(".column-tree > li > a").all_text_contents()
            assert names == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"], names
            if width <= 640:
                assert not tree.locator(".column-tree").is_visible()  # folded: the page comes first
                tree.locator("summary").first.click()
            assert tree.locator(".column-tree").is_visible(), path
            broken = page.evaluate("""() => [...document.querySelectorAll('.catalogue .nb, .catalogue time')]
                .filter(e => e.getClientRects().length > 1 || e.getBoundingClientRect().height > 1.9 * parseFloat(getComputedStyle(e).lineHeight))
                .map(e => e.textContent)""")
            assert not broken, (path, broken)
        page.goto(example_url + "/zwdt/")
        assert page.locator("nav.column-nav").count() == 0  # the tree is the column's own
    finally:
        page.close()


def _results(page, example_url, query):
    page.goto(f"{example_url}/search/?q={query}")
    page.wait_for_selector(".pagefind-ui__result .result-info", timeout=15000)
    # each result is drawn as a placeholder first and filled in when its data has loaded
    page.wait_for_function("""() => [...document.querySelectorAll('.pagefind-ui__result')]
        .every(r => r.querySelector('.pagefind-ui__result-link') && r.querySelector('.result-info'))""")
    return page.evaluate("""() => [...document.querySelectorAll('.pagefind-ui__result')].map(r => ({
        title: r.querySelector('.pagefind-ui__result-link').textContent.trim(),
        info: r.querySelector('.result-info') ? r.querySelector('.result-info').textContent : '',
        text: r.textContent}))""")


def test_search_finds_the_pages_citizens_look_for_and_says_what_and_when_each_is(browser, example_url):
    page = browser.new_page()
    try:
        guide = _results(page, example_url, "信息公开指南")
        assert guide[0]["title"] == "政府信息公开指南", guide
        organs = {r["title"] for r in _results(page, example_url, "裁量基准")}  # the 事前 tables of the organ pages
        assert {"县市场监管局行政执法公示", "县生态环境局行政执法公示"} <= organs, organs
        results = _results(page, example_url, "政务公开")
        assert len(results) == 10 and "更多" in page.locator(".pagefind-ui__button").inner_text()  # 10 a load
        for result in results:
            kind, _, date = result["info"].partition(" · ")
            assert kind and (not date or re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)), result
            assert "Date:" not in result["text"] and "字号" not in result["text"] and "索引号" not in result["text"]
        kinds = [r["info"].split(" · ")[0] for r in results]
        documents = [i for i, k in enumerate(kinds) if k in ("政务动态", "通知公告", "主动公开信息", "政策文件", "政策解读")]
        navigation = [i for i, k in enumerate(kinds) if k in ("机构信息", "行政执法公示", "工作要点", "工作要点领域")]
        assert documents and (not navigation or documents[0] < navigation[0]), kinds
        page.click(".pagefind-ui__button")
        page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length > 10")
    finally:
        page.close()
