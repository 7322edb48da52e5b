"""End-to-end: build small sites in tmp_path, parse the HTML, follow the links."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import functools
import http.server
import threading
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import REPO, run_build
from htmlscan import html_pages, resolve, scan_file

NEWS = "---\ntitle: {title}\npublished: {published}\norgan: 县政府\n{extra}---\n{body}\n"


def news(title, published="2019-08-01 10:00", extra="", body="正文"):
    return NEWS.format(title=title, published=published, extra=extra, body=body)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_minimal_site_pages_links_and_metadata(make_site):
    root = make_site()
    result = run_build(root)
    assert not result.problems.items, result.problems.report()
    site = root / "site"
    pages = html_pages(site)
    assert {p.relative_to(site).as_posix() for p in pages} >= {
        "index.html", "404.html", "news/index.html", "news/first/index.html",
        "gk/items/index.html", "gk/items/budget/index.html"}
    titles = set()
    for page in pages:
        scan = scan_file(page)
        assert scan.lang == "zh-CN"
        assert len(scan.h1) == 1, page
        assert scan.meta["SiteIDCode"] == "5103219999"
        for word in ("网站主办单位", "网站标识码", "蜀ICP备12345678号-1", "川公网安备 51032102000999号", "我为政府网站找错"):
            assert word in scan.text, (word, page)
        titles.add(scan.title)
        for link in scan.links:
            target = resolve(site, page, link)
            if target is None:
                continue
            assert target.is_file(), f"{page}: {link}"
            fragment = unquote(urlsplit(link).fragment)
            if fragment:
                assert fragment in scan_file(target).ids, f"{page}: {link}"
    assert len(titles) == len(pages), "page titles must be unique"


def test_item_page_has_metadata_table_and_meta_tags(make_site):
    root = make_site()
    run_build(root)
    scan = scan_file(root / "site/gk/items/budget/index.html")
    for label in ("索引号", "主题分类", "发布机构", "成文日期", "发布日期", "文号", "主题词", "有效性"):
        assert label in scan.text
    assert "12345678X/2019-00001" in scan.text and "测财发〔2019〕3号" in scan.text
    assert scan.meta["ArticleTitle"] == "2019年预算公开"
    assert scan.meta["PubDate"] == "2019-02-25 10:00"
    assert scan.meta["ContentSource"] == "测试县财政局"
    assert scan.meta["Url"] == "https://www.ceshi.gov.cn/gk/items/budget/"
    assert "budget.pdf" in " ".join(scan.links)
    assert (root / "site/gk/items/budget.pdf").read_bytes().startswith(b"%PDF")


def test_markdown_links_become_page_links(make_site):
    root = make_site()
    run_build(root)
    scan = scan_file(root / "site/news/first/index.html")
    assert "../../gk/items/budget/#预算表" in scan.links
    assert "会议情况" in scan.ids


def test_addresses_that_open_only_on_the_editors_computer_are_errors(make_site):
    # Word and Typora write a picture's place on the editor's disk; the preview's address gets copied from
    # the browser. The sanitizer used to drop such a src or href and say nothing: the page lost its picture.
    body = ("见下图。\n\n![会议](C:\\Users\\xzb\\Desktop\\会议.jpg)\n\n"
            "[附件](file:///C:/Users/xzb/a.pdf) [预览](http://localhost:8000/news/) [另一台](http://127.0.0.1:8000/)"
            " [县政府](https://www.rongxian.gov.cn/)\n\n[表](附件\\a.pdf)\n\n<img src='C:\\Users\\xzb\\合影.jpg' alt=合影>")
    root = make_site({"content/news/first.md": news("第一条新闻", body=body)})
    result = run_build(root)
    found = sorted((p.code, p.line, p.message, p.hint) for p in result.problems.errors)
    assert [(code, line) for code, line, _, _ in found] == [("GK303", 12), ("GK307", 8), ("GK307", 10),
                                                            ("GK307", 10), ("GK307", 10), ("GK307", 14)], \
        result.problems.report()  # the last in HTML the editor pasted
    assert "附件/a.pdf" in found[0][3]
    assert "C:\\Users" in found[1][2] and "(会议.jpg)" in found[1][3]
    assert sum("本机预览" in message for _, _, message, _ in found) == 2
    assert not result.written


def test_links_in_html_the_editor_pasted_point_to_content_files_like_markdown_links(make_site):
    # Pasted from an old site or from Word: the src is relative to the Markdown file, as in Markdown.
    body = '<p><img src="hy.jpg" alt="推进会现场"></p>\n\n<p>见<a href="../gk/items/budget.md">预算公开</a>。</p>'
    root = make_site({"content/news/hy.jpg": b"\xff\xd8\xff\xe0 jpeg", "content/news/first.md": news("推进会", body=body)})
    result = run_build(root)
    assert result.written, result.problems.report()
    page = root / "site/news/first/index.html"
    reached = {resolve(root / "site", page, link) for link in scan_file(page).links}
    assert {root / "site/news/hy.jpg", root / "site/gk/items/budget/index.html"} <= reached

    (root / "content/news/first.md").write_text(news("推进会", body=body.replace("budget.md", "nowhere.md")), "utf-8")
    [problem] = run_build(root).problems.errors
    assert (problem.code, problem.line) == ("GK303", 8) and "nowhere.md" in problem.message


def test_invalid_item_shows_banner_and_replacement(make_site):
    root = make_site({"content/gk/items/old.md": """---
title: 2018年预算公开
index_no: 12345678X/2018-00001
topic: 财政、金融、审计\\财政预决算
organ: 县财政局
created: 2018-02-18
published: 2018-02-25
validity: 失效
superseded_by: budget.md
---
旧文件
"""})
    result = run_build(root)
    assert not result.problems.has_errors(), result.problems.report()
    scan = scan_file(root / "site/gk/items/old/index.html")
    assert "本文件已失效" in scan.text
    assert "../budget/" in scan.links


def test_drafts_scheduled_and_expired_are_left_out(make_site):
    root = make_site({
        "content/news/draft.md": news("草稿新闻", extra="draft: true\n"),
        "content/news/later.md": news("定时新闻", published="2020-04-02 09:00"),
        "content/news/gone.md": news("过期新闻", extra="expires: 2020-01-01\n"),
    })
    run_build(root, today=date(2020, 3, 31))
    site = root / "site"
    for slug in ("draft", "later", "gone"):
        assert not (site / "news" / slug).exists()
    listing = scan_file(site / "news/index.html").text + scan_file(site / "index.html").text
    assert "草稿新闻" not in listing and "定时新闻" not in listing and "过期新闻" not in listing
    # --today moves the clock: the scheduled item appears once its day comes
    run_build(root, today=date(2020, 4, 2))
    assert (site / "news/later/index.html").is_file()
    # --drafts shows everything, for preview
    run_build(root, drafts=True)
    assert all((site / "news" / s / "index.html").is_file() for s in ("draft", "later", "gone"))


def test_config_as_of_is_the_default_today(make_site):
    root = make_site({"content/news/later.md": news("定时新闻", published="2019-09-01 09:00")})
    yml = (root / "site.yml").read_text("utf-8").replace("page_size: 5", "page_size: 5\nas_of: 2019-08-15")
    (root / "site.yml").write_text(yml, "utf-8")
    result = run_build(root)  # the clock says 2020-03-31, as_of wins
    assert result.today == date(2019, 8, 15)
    assert not (root / "site/news/later").exists()


def test_pagination(make_site):
    files = {f"content/news/n{i:02d}.md": news(f"新闻{i:02d}", published=f"2019-09-{i:02d} 10:00") for i in range(1, 13)}
    root = make_site(files)
    run_build(root)
    site = root / "site"
    first = scan_file(site / "news/index.html")
    assert "新闻12" in first.text and "新闻01" not in first.text
    assert (site / "news/page/3/index.html").is_file() and not (site / "news/page/4").exists()
    third = scan_file(site / "news/page/3/index.html")
    assert "新闻01" in third.text and "第 3 页，共 3 页" in third.text
    for link in third.links:
        target = resolve(site, site / "news/page/3/index.html", link)
        assert target is None or target.is_file(), link


def test_a_long_list_pager_shows_the_ends_and_the_neighbourhood_and_reaches_every_page(make_site):
    files = {f"content/news/n{i:02d}.md": news(f"新闻{i:02d}", published=f"2019-09-{1 + i % 28:02d} 10:00")
             for i in range(1, 60)}
    root = make_site(files)
    run_build(root)
    site = root / "site"
    middle = site / "news/page/6/index.html"
    pager = re.search(r'<nav class="pager".*?</nav>', middle.read_text("utf-8"), re.S).group(0)
    numbers = re.findall(r"<li>(?:<a [^>]*>|<span[^>]*>)([^<]+)<", pager)
    assert numbers == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]
    seen, page = [], site / "news/index.html"
    while page is not None:  # follow 下一页 from the first page to the last
        seen.append(page)
        found = re.search(r'<a href="([^"]+)" rel="next">', page.read_text("utf-8"))
        page = resolve(site, page, found.group(1)) if found else None
    assert len(seen) == 12 and seen[-1] == site / "news/page/12/index.html"


def test_failed_build_leaves_previous_site_untouched(make_site):
    root = make_site()
    assert run_build(root).written
    before = tree_bytes(root / "site")
    (root / "content/news/first.md").write_text(news("坏新闻", published="2019-13-01"), "utf-8")
    (root / "content/news/second.md").write_text("没有 front-matter", "utf-8")
    result = run_build(root)
    assert not result.written
    assert sorted(p.code for p in result.problems.errors) == ["GK103", "GK203"]  # both reported in one run
    assert tree_bytes(root / "site") == before
    assert not list(root.glob("site.staging-*")) and not list(root.glob("site.old-*"))


def test_the_errors_of_files_left_out_are_told_before_the_rest_is_checked(make_site):
    # The preview shows them at once; the dead link in another file is found later in the same run.
    from gongkai.pipeline import BuildOptions, build

    root = make_site({"content/news/second.md": news("第二条", body="见[不存在的文件](nowhere.md)。"),
                      "content/news/third.md": news("第三条", published="2019-13-01")})
    told = []
    result = build(BuildOptions(root=root, out_dir=root / "site", clock_today=date(2020, 3, 31), search=False),
                   early=lambda problems: told.append(sorted(p.code for p in problems.errors)))
    assert told == [["GK203"]]
    assert sorted(p.code for p in result.problems.errors) == ["GK203", "GK303"] and not result.written


def test_articles_sharing_a_title_are_told_apart_by_date_in_the_page_title(make_site):
    root = make_site({"content/news/a.md": news("关于调整办公时间的通知", published="2019-08-01 10:00"),
                      "content/news/b.md": news("关于调整办公时间的通知", published="2019-10-08 10:00")})
    assert run_build(root).written
    titles = {scan_file(root / f"site/news/{name}/index.html").title for name in ("a", "b")}
    assert titles == {"关于调整办公时间的通知（2019-08-01） - 测试县人民政府", "关于调整办公时间的通知（2019-10-08） - 测试县人民政府"}
    assert scan_file(root / "site/news/first/index.html").title == "第一条新闻 - 测试县人民政府"  # unshared: as it was


def test_removed_page_disappears(make_site):
    root = make_site({"content/news/extra.md": news("临时新闻")})
    run_build(root)
    assert (root / "site/news/extra/index.html").is_file()
    (root / "content/news/extra.md").unlink()
    run_build(root)
    assert not (root / "site/news/extra").exists()


def test_builds_are_byte_identical(tmp_path):
    """Two builds of the same site in two folders, each with its own cache, another hash seed, the parallel
    render path and the search index, give the same bytes."""
    sys.path.insert(0, str(REPO / "scripts"))
    from bench import generate
    from gongkai.workers import PARALLEL_FROM

    generate(tmp_path / "one", 400)
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    for name, seed in (("one", "1"), ("two", "2")):
        built = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(tmp_path / name), "build",
                                "--today", "2020-03-31"], capture_output=True, text=True, timeout=600,
                               env={**os.environ, "PYTHONHASHSEED": seed})
        assert built.returncode == 0, built.stderr
    one, two = tree_bytes(tmp_path / "one/site"), tree_bytes(tmp_path / "two/site")
    assert sum(name.endswith(".html") for name in one) > PARALLEL_FROM  # the workers rendered it
    assert any(name.startswith("pagefind/") for name in one)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_check_mode_writes_nothing(make_site):
    root = make_site()
    result = run_build(root, write=False)
    assert not result.problems.has_errors() and not result.written
    assert not (root / "site").exists()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_dir(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def crawl(start: str) -> dict[str, int]:
    """Follow every same-site link from start; return URL -> HTTP status."""
    from htmlscan import _Parser

    seen: dict[str, int] = {}
    queue = [start]
    host = urlsplit(start).netloc
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        try:
            with urllib.request.urlopen(url) as response:
                seen[url] = response.status
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            seen[url] = exc.code
            continue
        if "html" not in kind:
            continue
        parser = _Parser()
        parser.feed(body.decode("utf-8"))
        for link in parser.scan.links:
            absolute = urljoin(url, link).split("#")[0]
            if urlsplit(absolute).netloc == host:
                queue.append(absolute)
    return seen


def test_site_works_under_a_sub_path_from_a_plain_static_server(make_site, tmp_path):
    root = make_site()
    www = tmp_path / "www"
    result = run_build(root, out_dir=www / "preview", base_url="https://www.ceshi.gov.cn/preview/")
    assert result.written, result.problems.report()
    canonical = [a for tag, a in scan_file(www / "preview/news/first/index.html").tags
                 if tag == "link" and a.get("rel") == "canonical"]
    assert canonical[0]["href"] == "https://www.ceshi.gov.cn/preview/news/first/"
    server = serve_dir(www)
    try:
        statuses = crawl(f"http://127.0.0.1:{server.server_port}/preview/")
    finally:
        server.shutdown()
    assert len(statuses) >= 8
    assert all(status == 200 for status in statuses.values()), statuses


def test_crlf_file_renders_like_lf(make_site):
    root = make_site({"content/news/crlf.md": news("换行符新闻", body="## 小标题\n\n第一段").replace("\n", "\r\n")})
    result = run_build(root)
    assert not result.problems.items, result.problems.report()
    scan = scan_file(root / "site/news/crlf/index.html")
    assert scan.h1 == ["换行符新闻"] and "小标题" in scan.ids
    assert "\r" not in (root / "site/news/crlf/index.html").read_text("utf-8")


def test_missing_content_folder_is_reported(make_site):
    root = make_site()
    import shutil

    shutil.rmtree(root / "content")
    result = run_build(root)
    assert [p.code for p in result.problems.errors] == ["GK100"]


def test_oversized_file_is_refused(make_site):
    from gongkai.load import MAX_FILE_BYTES

    root = make_site({"content/news/huge.md": news("大文件", body="字" * (MAX_FILE_BYTES // 3 + 10))})
    result = run_build(root)
    [problem] = result.problems.errors
    assert problem.code == "GK110" and problem.path == "content/news/huge.md" and "MB" in problem.message


def test_unwritable_output_is_a_clear_error_and_nothing_changes(make_site, tmp_path):
    root = make_site()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    result = run_build(root, out_dir=blocker / "site")
    [problem] = result.problems.errors
    assert problem.code == "GK503" and "无法写出网站" in problem.message and "原有网站未被改动" in problem.hint
    assert blocker.read_text("utf-8") == "x"


def test_interrupted_swap_is_recovered(make_site):
    root = make_site()
    run_build(root)
    before = tree_bytes(root / "site")
    # a build killed between its two renames leaves only site.old-<pid>
    (root / "site").rename(root / "site.old-12345")
    (root / "site.staging-999").mkdir()
    result = run_build(root, write=True)
    assert result.written
    assert tree_bytes(root / "site") == before
    assert not list(root.glob("site.old-*")) and not list(root.glob("site.staging-*"))


def test_sitemap_is_valid_and_lists_only_published_pages(make_site):
    import xmlschema

    root = make_site({"content/news/draft.md": news("草稿", extra="draft: true\n")})
    run_build(root)
    schema = xmlschema.XMLSchema(str(Path(__file__).parent / "fixtures/schemas/sitemap.xsd"))
    sitemap = root / "site/sitemap.xml"
    schema.validate(str(sitemap))
    text = sitemap.read_text("utf-8")
    assert "https://www.ceshi.gov.cn/news/first/" in text and "/news/draft/" not in text
    assert "<lastmod>2019-07-26</lastmod>" in text
    robots = (root / "site/robots.txt").read_text("utf-8")
    assert "Sitemap: https://www.ceshi.gov.cn/sitemap.xml" in robots


def test_site_feed_is_atom_with_ids_dates_and_self_link(make_site):
    from xml.etree import ElementTree

    root = make_site()
    run_build(root)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(root / "site/feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.find("a:id", ns).text == "https://www.ceshi.gov.cn/"
    assert feed.find("a:link[@rel='self']", ns).get("href") == "https://www.ceshi.gov.cn/feed.xml"
    for entry in feed.findall("a:entry", ns):
        assert entry.find("a:id", ns).text.startswith("https://www.ceshi.gov.cn/")
        assert entry.find("a:updated", ns).text.endswith("+08:00")
        assert entry.find("a:title", ns).text
    home = scan_file(root / "site/index.html")
    assert any(t == "link" and a.get("type") == "application/atom+xml" for t, a in home.tags)


def test_human_site_map_reaches_every_section(make_site):
    root = make_site()
    run_build(root)
    page = scan_file(root / "site/wzdt/index.html")
    for target in ("../news/", "../gk/", "../gk/guide/", "../gk/items/", "../plan/2019/1/"):
        assert target in page.links, target


def test_the_garbage_collector_rests_while_the_model_is_made(make_site, monkeypatch):
    """The model is millions of objects at a county's scale, all alive until the build ends: walking them is
    wasted. The collector is back on once it is made, and for the next build."""
    import gc

    import gongkai.pipeline as pipeline

    seen = []
    real = pipeline.build_site
    monkeypatch.setattr(pipeline, "build_site", lambda *args, **kw: seen.append(gc.isenabled()) or real(*args, **kw))
    assert gc.isenabled()
    assert run_build(make_site()).written
    assert seen == [False] and gc.isenabled()


def test_the_garbage_collector_rests_while_the_last_builds_records_are_read(make_site, monkeypatch):
    """Read back after an edit, they are a few hundred thousand objects that live until the build ends."""
    import gc

    import gongkai.pipeline as pipeline

    root = make_site()
    assert run_build(root).written
    seen = []
    for name in ("last_outputs", "reusable"):
        real = getattr(pipeline, name)
        monkeypatch.setattr(pipeline, name, lambda *args, real=real, name=name, **kw: seen.append((name, gc.isenabled()))
                            or real(*args, **kw))
    (root / "templates/single.html").write_text((root / "templates/single.html").read_text("utf-8") + "\n", "utf-8")
    assert run_build(root).written  # a template edit: the kept model and the tasks it leaves
    news = root / "content/news"
    (news / "new-one.md").write_text("---\ntitle: 新的一条\npublished: 2019-05-01 09:00\norgan: 县政府\n---\n正文。\n", "utf-8")
    assert run_build(root).written  # a new file: the last build's pages, by what each was rendered from
    assert seen == [("reusable", False), ("last_outputs", False)] and gc.isenabled()
