"""A template edit re-renders the pages that use the template and links the others from the last site;
the site is what a cold build gives, and the output checks still see every page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_build
from gongkai.cache import MarkdownCache
from gongkai.render.pages import Renderer
import gongkai.workers
from test_incremental import edit, tree
from test_enforcement import decision, site_with
from test_prerender import NEWS


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def cold(root: Path, tmp_path: Path, name: str):
    result = run_build(root, out_dir=tmp_path / name, cache_dir=tmp_path / f"{name}-cache")
    return result, tree(tmp_path / name)


@pytest.mark.parametrize("files", [{}, NEWS], ids=["small", "rendered-in-workers"])
def test_a_template_edit_renders_only_the_pages_that_use_it(make_site, tmp_path, files):
    root = make_site(files)
    assert run_build(root).written
    before = inodes(root / "site")
    edit(root / "templates/single.html", "发布日期：", "发布时间：")  # news pages; items have their own template
    result = run_build(root)
    assert result.written and not result.problems.has_errors()
    after = inodes(root / "site")
    rendered = {path for path in after if after[path] != before.get(path)}
    assert "news/first/index.html" in rendered
    assert "gk/items/budget/index.html" not in rendered and "news/index.html" not in rendered
    assert "404.html" in rendered  # the site-wide outputs draw on every template: always rendered
    expected, files = cold(root, tmp_path, "cold")
    assert tree(root / "site") == files and result.problems.items == expected.problems.items

    # a page of the old site that went missing is rendered again
    (root / "site/gk/items/budget/index.html").unlink()
    edit(root / "templates/single.html", "发布时间：", "发布日期：")
    assert run_build(root).written and tree(root / "site") == cold(root, tmp_path, "cold2")[1]


def test_a_new_template_that_a_page_would_now_use_is_never_skipped(make_site, tmp_path):
    root = make_site()
    assert run_build(root).written
    mine = (root / "templates/single.html").read_text("utf-8").replace("发布日期：", "新闻发布于：")
    (root / "templates/news").mkdir()
    (root / "templates/news/single.html").write_text(mine, "utf-8")
    assert run_build(root).written
    assert "新闻发布于：" in (root / "site/news/first/index.html").read_text("utf-8")
    assert tree(root / "site") == cold(root, tmp_path, "cold")[1]


def test_a_linked_anchor_that_a_template_edit_removes_is_reported_on_the_page_left_as_it_was(make_site):
    root = make_site({"content/gk/items/budget.md": None})
    budget = (Path(__file__).parent / "fixtures/sites/minimal/content/gk/items/budget.md").read_text("utf-8")
    (root / "content/gk/items/budget.md").write_text(budget + "\n另见[新闻的附注](../../news/first.md#fuzhu)。\n", "utf-8")
    edit(root / "templates/single.html", "发布日期：", '<span id="fuzhu">附注</span>发布日期：')
    assert run_build(root).written
    edit(root / "templates/single.html", '<span id="fuzhu">附注</span>', "")
    site_before = tree(root / "site")
    result = run_build(root)
    assert not result.written
    assert [(p.code, p.path) for p in result.problems.errors] == [("GK506", "content/gk/items/budget.md")]
    assert tree(root / "site") == site_before


def markdown_entries(root: Path) -> set[str]:
    return set(MarkdownCache(root / ".cache").index)


def test_a_body_edit_renders_only_that_page(make_site, tmp_path):
    root = make_site()
    assert run_build(root).written
    before, entries = inodes(root / "site"), markdown_entries(root)
    edit(root / "content/news/first.md", "正文，", "正文（修改），")
    result = run_build(root)
    assert result.written
    # the edited body has a new entry; the reused pages' entries were not pruned (nor was the old entry, yet:
    # its pack is mostly in use, see test_prerender.py)
    assert entries <= markdown_entries(root) and len(markdown_entries(root) - entries) == 1
    after = inodes(root / "site")
    rendered = {path for path in after if after[path] != before.get(path)}
    assert "news/first/index.html" in rendered and "news/index.html" not in rendered
    assert "gk/items/budget/index.html" not in rendered
    assert tree(root / "site") == cold(root, tmp_path, "cold")[1]

    before = inodes(root / "site")  # an index page's body shows on its list pages: they are rendered again,
    edit(root / "content/news/_index.md", "---\n", "---\n")  # the pages whose inputs it is not in are taken over
    (root / "content/news/_index.md").write_text("---\ntitle: 政务动态\n---\n本栏目发布县政府的工作动态。\n", "utf-8")
    assert run_build(root).written
    after = inodes(root / "site")
    assert after["news/index.html"] != before["news/index.html"]
    assert after["gk/items/budget/index.html"] == before["gk/items/budget/index.html"]
    assert tree(root / "site") == cold(root, tmp_path, "cold2")[1]


def test_a_heading_renamed_in_a_body_is_checked_against_the_pages_left_as_they_were(make_site):
    root = make_site()
    assert run_build(root).written
    edit(root / "content/gk/items/budget.md", "## 预算表", "## 预算总表")  # news/first.md links to #预算表
    site_before = tree(root / "site")
    result = run_build(root)
    assert not result.written and tree(root / "site") == site_before
    assert [(p.code, p.path) for p in result.problems.errors] == [("GK506", "content/news/first.md")]


def build_in_process_of_its_own(root: Path, seed: str) -> None:
    """A build as `build` runs it, with its own hash seed: a page's key must not depend on the process."""
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--today", "2020-03-31",
               "--no-search"]
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})


def test_a_new_item_renders_its_page_and_the_lists_it_joins_and_takes_over_the_other_pages(make_site, tmp_path):
    root = make_site(NEWS)
    build_in_process_of_its_own(root, "1")
    before = inodes(root / "site")
    (root / "content/news/today.md").write_text(
        "---\ntitle: 县政府召开政务公开推进会\npublished: 2020-03-30 10:00\norgan: 县政府\n---\n会议部署了今年的工作。\n", "utf-8")
    build_in_process_of_its_own(root, "2")
    after = inodes(root / "site")
    rendered = {path for path in after if after[path] != before.get(path)}
    assert {"news/today/index.html", "news/index.html", "index.html"} <= rendered
    assert "gk/items/budget/index.html" not in rendered and "news/first/index.html" not in rendered
    assert len(rendered) < len(after) / 4, sorted(rendered)
    assert tree(root / "site") == cold(root, tmp_path, "cold")[1]


def test_a_new_item_takes_over_the_site_wide_pages_it_leaves_alone_one_by_one(make_site, tmp_path):
    """The site-wide task is rendered in every build (it draws on the whole site), but an enforcement column's
    list pages, which a news item does not touch, are taken over by their keys; the feeds are not."""
    root = site_with(make_site, {**NEWS, "content/zfgs/cz/a.md": decision()})
    build_in_process_of_its_own(root, "1")
    before = {**inodes(root / "site"), "news/feed.xml": (root / "site/news/feed.xml").stat().st_ino}
    (root / "content/news/today.md").write_text(
        "---\ntitle: 县政府召开政务公开推进会\npublished: 2020-03-30 10:00\norgan: 县政府\n---\n会议部署了今年的工作。\n", "utf-8")
    build_in_process_of_its_own(root, "2")
    after = {**inodes(root / "site"), "news/feed.xml": (root / "site/news/feed.xml").stat().st_ino}
    assert after["zfgs/cz/cf/index.html"] == before["zfgs/cz/cf/index.html"]
    assert after["news/feed.xml"] != before["news/feed.xml"] and after["index.html"] != before["index.html"]
    assert "县政府召开政务公开推进会" in (root / "site/news/feed.xml").read_text("utf-8")
    assert tree(root / "site") == cold(root, tmp_path, "cold")[1]

    # Nor is the site-wide task taken whole after a template edit: it also renders files with templates it
    # finds for itself (robots.txt), and writes files no template makes.
    edit(root / "templates/robots.txt", "Sitemap", "# 测试\nSitemap")
    build_in_process_of_its_own(root, "3")
    assert "# 测试" in (root / "site/robots.txt").read_text("utf-8")
    assert tree(root / "site") == cold(root, tmp_path, "cold2")[1]


def test_a_new_item_takes_over_the_other_pages_by_what_they_read_without_building_their_views(make_site, tmp_path,
                                                                                                monkeypatch):
    article = "---\ntitle: {}\npublished: 2019-08-0{}\norgan: 县政府\n---\n{}\n"
    root = make_site({**NEWS, "content/news/linker.md": article.format("链接页", 2, "见[会议](meeting.md)。"),
                      "content/news/meeting.md": article.format("会议", 3, "会议情况。")})
    assert run_build(root).written
    converted = []
    markdown = Renderer.markdown
    monkeypatch.setattr(gongkai.workers, "PARALLEL_FROM", 10**9)  # rendered in this process, where it is watched
    monkeypatch.setattr(Renderer, "markdown", lambda self, doc, *a: converted.append(doc.label) or markdown(self, doc, *a))
    (root / "content/news/today.md").write_text(
        "---\ntitle: 县政府召开政务公开推进会\npublished: 2020-03-30 10:00\norgan: 县政府\n---\n会议部署了今年的工作。\n", "utf-8")
    assert run_build(root).written
    assert "content/news/today.md" in converted
    assert not {"content/news/first.md", "content/news/linker.md", "content/gk/items/budget.md"} & set(converted)
    assert tree(root / "site") == cold(root, tmp_path, "cold")[1]

    # A page is rendered again when a link in its body leads elsewhere, though the page itself is as it was.
    converted.clear()
    edit(root / "content/news/meeting.md", "title: 会议", "title: 会议\nslug: huiyi")
    assert run_build(root).written
    assert "content/news/linker.md" in converted and "content/news/first.md" not in converted
    assert 'href="../huiyi/"' in (root / "site/news/linker/index.html").read_text("utf-8")
    assert tree(root / "site") == cold(root, tmp_path, "cold2")[1]


def test_a_list_page_taken_over_by_its_key_makes_no_rows(make_site, tmp_path, monkeypatch):
    """A list's rows are made only for the list pages rendered: the others are taken over by their keys, which
    stand in for the rows by their documents' digests."""
    import gongkai.render.details as details

    root = make_site(NEWS)
    made = []
    entries = details.entries
    monkeypatch.setattr(gongkai.workers, "PARALLEL_FROM", 10**9)  # rendered in this process, where it is watched
    monkeypatch.setattr(details, "entries", lambda chunk: made.append(chunk) or entries(chunk))
    def catalogue():  # the rows made of catalogue items, which a news item leaves as they were
        return [chunk for chunk in made if chunk and all(page.url.startswith("/gk/") for page in chunk)]

    assert run_build(root).written
    cold_rows, cold_catalogue, before = len(made), len(catalogue()), inodes(root / "site")
    made.clear()
    (root / "content/news/today.md").write_text(
        "---\ntitle: 县政府召开政务公开推进会\npublished: 2020-03-30 10:00\norgan: 县政府\n---\n会议部署了今年的工作。\n", "utf-8")
    assert run_build(root).written
    after = inodes(root / "site")
    assert after["gk/items/index.html"] == before["gk/items/index.html"]  # taken over
    assert after["news/index.html"] != before["news/index.html"]  # the new item is on it
    assert len(made) < cold_rows and len(catalogue()) < cold_catalogue / 3, (len(catalogue()), cold_catalogue)
    assert tree(root / "site") == cold(root, tmp_path, "cold")[1]


def test_a_page_taken_over_is_checked_again_when_a_page_it_links_to_is_gone(make_site):
    root = make_site(NEWS)
    # every article page links to the first news item through its template, not through anything it is given
    edit(root / "templates/single.html", "发布日期：", '<a href="{{ \'/news/first/\' | rel }}">头条</a>发布日期：')
    assert run_build(root).written
    (root / "content/news/first.md").unlink()
    result = run_build(root)
    dead = [p for p in result.problems.errors if p.code == "GK505"]
    assert dead and "news/first/" in dead[0].message, result.problems.items


def test_a_list_page_gone_with_an_item_is_looked_for_as_a_step_of_an_address_not_in_every_date(make_site,
                                                                                                monkeypatch):
    """Deleting an item can take a list's last numbered page with it: news/page/19/. The pages taken over are
    scanned again only when a link in them can lead there, that is when "19" is a step of an address in them,
    not whenever "19" is in their bytes (every page shows a date of 2019)."""
    import gongkai.pipeline
    import gongkai.workers
    items = {f"content/news/m{i:03d}.md": f"---\ntitle: 第{i}条消息\npublished: 2019-06-{1 + i % 28:02d} 10:00\n"
             f"organ: 县政府\n---\n正文{i}。\n" for i in range(90)}  # with first.md, 91: 19 pages of 5
    root = make_site(items)
    assert run_build(root).written and (root / "site/news/page/19/index.html").is_file()
    rescanned, rescan, scan_page = [], gongkai.pipeline.rescan_taken, gongkai.workers.scan_page

    def counting(job, outputs, scans):
        monkeypatch.setattr(gongkai.workers, "scan_page", lambda output, *a: rescanned.append(output.out_path) or
                            scan_page(output, *a))
        rescan(job, outputs, scans)

    monkeypatch.setattr(gongkai.pipeline, "rescan_taken", counting)
    (root / "content/news/m000.md").unlink()
    result = run_build(root)
    assert result.written and not (root / "site/news/page/19").exists()
    assert len(rescanned) < 5, rescanned  # the old needle, "19" anywhere, found every page taken over


def test_a_body_edit_finds_the_files_last_version_in_the_file_memo_not_in_the_kept_model(make_site, tmp_path,
                                                                                        monkeypatch):
    """The kept model is a second copy of the whole site in memory (1.7 GB at 100,000 items): a body edit
    reads it only when the file memo no longer holds the version the last site was built from."""
    import gongkai.reuse
    from gongkai.render.pages import Renderer
    root = make_site()
    assert run_build(root).written
    loads, rendered = [], []
    load_model, render_task = gongkai.reuse.load_model, Renderer.render_task
    monkeypatch.setattr(gongkai.reuse, "load_model", lambda *a: loads.append(1) or load_model(*a))
    monkeypatch.setattr(Renderer, "render_task", lambda self, task, *a: rendered.append(task) or render_task(self, task, *a))
    edit(root / "content/news/first.md", "## 会议情况", "## 会议情况（补充）")
    assert run_build(root).written
    assert not loads and [kind for kind, _ in rendered] == ["site", "site", "page"]  # the site-wide outputs and its page
    assert tree(root / "site") == cold(root, tmp_path, "one")[1]

    # A build that stopped on another file's error read the edited file since: its record is of that version.
    edit(root / "content/news/first.md", "## 会议情况（补充）", "## 会议情况（再补充）")
    edit(root / "content/gk/items/budget.md", "published: ", "published: 2019-13-45 #")
    assert not run_build(root).written
    edit(root / "content/gk/items/budget.md", "published: 2019-13-45 #", "published: ")
    loads.clear(), rendered.clear()
    assert run_build(root).written
    assert loads and [kind for kind, _ in rendered] == ["site", "site", "page"]  # the kept model told the edit apart
    assert tree(root / "site") == cold(root, tmp_path, "two")[1]



def test_the_pages_a_body_edit_links_are_held_once_not_sent_back_by_the_workers(make_site, monkeypatch):
    """The main process holds the last build's records of the pages an edit leaves alone: a worker that
    links them names them, rather than sending a copy of their outputs and scans back (200 MB at 100,000
    items)."""
    import gongkai.pipeline
    root = make_site(NEWS)
    assert run_build(root).written
    seen = []
    render_all = gongkai.pipeline.render_all
    monkeypatch.setattr(gongkai.pipeline, "render_all", lambda job, progress: seen.append(
        (job, render_all(job, progress))) or seen[-1][1])
    edit(root / "content/news/first.md", "正文，", "正文（修改），")
    assert run_build(root).written
    (job, (outputs, scans)), = seen
    held = {id(output) for output in outputs}
    assert len(job.reuse) > 300  # rendered in workers
    for record in job.reuse.values():
        assert all(id(output) in held for output in record.outputs)
        assert all(scans[url] is scan for url, scan in record.scans.items())


def test_a_page_comes_back_from_the_workers_without_its_text_which_only_its_scan_read(make_site, monkeypatch):
    """Rendered pages carry their text only until they are scanned and written: the workers send back what they
    wrote where, never the page twice over."""
    import gongkai.pipeline
    from gongkai.checks.html import is_page
    root = make_site(NEWS)
    seen = []
    render_all = gongkai.pipeline.render_all
    monkeypatch.setattr(gongkai.pipeline, "render_all", lambda job, progress: seen.append(render_all(job, progress))
                        or seen[-1])
    assert run_build(root).written
    (outputs, scans), = seen
    pages = [output for output in outputs if is_page(output)]
    assert len(pages) > 300 and all(output.text is None and output.data is None for output in outputs)
    assert len(scans) == len(pages) and all(scan.checked for scan in scans.values())


def test_a_page_of_the_last_site_is_linked_into_a_new_folder_or_copied_where_links_cannot_be_made(tmp_path,
                                                                                                monkeypatch):
    from pathlib import PurePosixPath

    import gongkai.reuse
    from gongkai.reuse import link_file

    last, staging = tmp_path / "site", tmp_path / "staging"
    (last / "news/a").mkdir(parents=True)
    (last / "news/a/index.html").write_bytes(b"<p>a</p>")
    (last / "news/b.html").write_bytes(b"<p>b</p>")
    staging.mkdir()
    assert link_file(last, staging, PurePosixPath("news/a/index.html"))  # its folder is made
    assert (staging / "news/a/index.html").stat().st_ino == (last / "news/a/index.html").stat().st_ino
    assert not link_file(last, staging, PurePosixPath("news/gone/index.html"))  # not in the last site
    assert not (staging / "news/gone").exists()

    def refused(source, target):
        raise OSError(1, "Operation not permitted")  # a file system without hard links

    monkeypatch.setattr(gongkai.reuse.os, "link", refused)
    assert link_file(last, staging, PurePosixPath("news/b.html"))
    assert (staging / "news/b.html").read_bytes() == b"<p>b</p>"
    assert (staging / "news/b.html").stat().st_ino != (last / "news/b.html").stat().st_ino
    assert not link_file(last, staging, PurePosixPath("news/c.html")) and not (staging / "news/c.html").exists()


def test_what_the_writing_checks_found_is_told_again_for_the_pages_an_edit_leaves_alone(make_site, tmp_path):
    """The writing checks' findings on a page taken from the last site come from its record: after a body
    edit (its task linked whole) and after a new item (its page taken under its key) they are all told again,
    as a cold build tells them."""
    doubled = "---\ntitle: 工作进展\npublished: 2019-08-02 09:00\norgan: 县政府\n---\n完成了的的任务。\n\n![](a.png)\n"
    root = make_site({**NEWS, "content/news/doubled.md": doubled, "content/news/a.png": b"\x89PNG\r\n\x1a\n"})
    first = run_build(root)
    assert first.written, first.problems.report()
    told = sorted((p.code, p.path, p.line) for p in first.problems.warnings)
    assert ("GK397", "content/news/doubled.md", 6) in told and ("GK540", "content/news/doubled.md", 8) in told
    edit(root / "content/news/first.md", "。", "。补充一句。")
    assert sorted((p.code, p.path, p.line) for p in run_build(root).problems.warnings) == told
    (root / "content/news/new.md").write_text("---\ntitle: 新的一条\npublished: 2019-08-30 10:00\norgan: 县政府\n---\n"
                                              "正文。\n", "utf-8")
    again = run_build(root)
    assert sorted((p.code, p.path, p.line) for p in again.problems.warnings) == told
    assert again.problems.items == cold(root, tmp_path, "cold")[0].problems.items


def test_a_page_taken_over_is_checked_again_when_the_wording_dictionary_changes(make_site):
    root = make_site({**NEWS, "content/news/town.md": "---\ntitle: 旭杨镇的工作\npublished: 2019-08-02 09:00\n"
                                                      "organ: 县政府\n---\n正文。\n"})
    first = run_build(root)
    assert first.written and not [p for p in first.problems.items if p.code == "GK396"]
    (root / "content/_data").mkdir(exist_ok=True)
    (root / "content/_data/wording.yml").write_text("terms:\n  旭杨镇: 旭阳镇\n", "utf-8")
    again = run_build(root)
    assert [(p.code, p.path) for p in again.problems.errors] == [("GK396", "content/news/town.md")]


def test_a_body_edit_looks_up_the_writing_checks_of_the_other_pages_without_reading_their_documents(make_site,
                                                                                                    monkeypatch):
    import gongkai.workers

    root = make_site()
    assert run_build(root).written
    keyed = []
    writing_key = gongkai.workers.writing_key
    monkeypatch.setattr(gongkai.workers, "writing_key", lambda check, doc, body, *rest: keyed.append(doc.label) or
                        writing_key(check, doc, body, *rest))
    edit(root / "content/news/first.md", "。", "。补充一句。")
    assert run_build(root).written
    assert keyed == ["content/news/first.md"]  # the pages taken whole keep their findings from their records


def test_a_single_page_is_keyed_by_its_inputs_and_each_document_pickled_once(make_site, tmp_path, monkeypatch):
    """A single page's view is not pickled for a second key (Renderer.output_key): it would find a page of the
    last build only when its document changed in nothing the page shows. Each document is digested once, when
    it is validated, for the keys of its page's inputs and of its writing checks: the file memo keeps it. No
    document is pickled for it (its file is what is digested: test_file_memo)."""
    import gongkai.pickled
    from collections import Counter
    from gongkai.documents import Document
    from gongkai.file_memo import FileMemo
    root = make_site()
    keyed, singles, digested, pickled = [], {}, Counter(), []
    output_key, render_page = Renderer.output_key, Renderer.render_page
    monkeypatch.setattr(Renderer, "output_key", lambda self, name, context: keyed.append(context["page"].url) or
                        output_key(self, name, context))
    monkeypatch.setattr(Renderer, "render_page", lambda self, page, *a: singles.update({page.url: page.doc.label}) or
                        render_page(self, page, *a))
    monkeypatch.setattr(FileMemo, "_digest", lambda self, raw, default, doc, made=FileMemo._digest:
                        digested.update([raw.label]) or made(self, raw, default, doc))
    digest = gongkai.pickled.digest
    monkeypatch.setattr(gongkai.pickled, "digest", lambda value: (isinstance(value, Document) and
                                                                 pickled.append(value.label)) or digest(value))
    assert run_build(root).written
    assert len(singles) > 3 and keyed and not set(singles) & set(keyed)  # only lists are keyed by what they show
    assert set(singles.values()) <= set(digested) and max(digested.values()) == 1, digested
    assert not pickled
    # A page whose document changed is rendered again; the others are taken over, under their inputs, which
    # are told from the documents' digests the file memo kept.
    every = len(singles)
    singles.clear(), digested.clear()
    edit(root / "content/news/first.md", "## 会议情况", "## 会议情况（补充）")
    edit(root / "content/gk/items/budget.md", "title: ", "title: 修改后的")
    assert run_build(root).written
    assert sorted(digested) == ["content/gk/items/budget.md", "content/news/first.md"] and not pickled
    assert set(digested) <= set(singles.values()) and len(singles) < every
    assert tree(root / "site") == cold(root, tmp_path, "cold")[1]


def test_a_sections_breadcrumbs_are_pickled_once_for_the_inputs_of_all_its_pages(make_site, monkeypatch):
    """Every page of a section has the same breadcrumbs (Renderer.crumbs): the keys of their inputs take them
    by one digest instead of pickling them again on each page (a fifth of the time of a key)."""
    from gongkai.render.views import Link

    root = make_site(NEWS)
    result = run_build(root, keep=True)
    renderer = result.snapshot.job.renderer
    renderer.salt = renderer.salt or "salt"  # (the preview keys no page)
    pages = [page for page in result.snapshot.site.pages if page.doc.section == "news"]
    frames = [renderer.page_frame(page) for page in pages]
    crumbs = frames[0].breadcrumbs
    pickled = []
    monkeypatch.setattr(Link, "__reduce_ex__", lambda self, protocol: pickled.append(self) or
                        object.__reduce_ex__(self, protocol))
    keys = {renderer.page_inputs(page, frame) for page, frame in zip(pages, frames)}
    assert len(keys) == len(pages) > 10 and all(frame.breadcrumbs is crumbs for frame in frames)
    assert pickled and sum(any(link is crumb for crumb in crumbs) for link in pickled) <= len(crumbs)


def test_an_edit_after_a_template_edit_still_takes_over_the_pages_it_leaves_alone(make_site, monkeypatch):
    """A template edit starts from the kept model, not from the file memo: the documents' digests are kept with
    it, so the pages it renders are keyed as the file memo would key them, and the next edit of a document
    renders its page and its lists, not every page again."""
    root = make_site()
    assert run_build(root).written
    edit(root / "templates/single.html", "发布日期：", "发布时间：")
    assert run_build(root).written
    rendered = []
    render_page = Renderer.render_page
    monkeypatch.setattr(Renderer, "render_page", lambda self, page, *a: rendered.append(page.doc.label) or
                        render_page(self, page, *a))
    edit(root / "content/gk/items/budget.md", "title: ", "title: 修改后的")
    assert run_build(root).written
    assert sorted(rendered) == ["content/gk/items/budget.md", "content/plan/2019/1/1.md"]  # (its task lists it)


def test_a_lists_key_holds_its_rows_documents_digests_not_the_rows(make_site, tmp_path, monkeypatch):
    """A list page's key is not made by pickling its rows again on each list a page is in. A row (details.entry)
    is what its page's meta, address and kind make, and the meta is the document's, digested once: the key
    holds that digest with the address and kind. A decision's row, from its masked copy, is itself in the key."""
    root = make_site()
    rows = []
    output_key = Renderer.output_key
    monkeypatch.setattr(Renderer, "output_key", lambda self, name, context: rows.extend(
        context["section"].entries if context.get("section") else ()) or output_key(self, name, context))
    assert run_build(root).written
    assert sum(isinstance(row, str) for row in rows) >= 5
    assert all(row.kind == "decision" for row in rows if not isinstance(row, str))
    showing = {path for path, data in tree(root / "site").items() if "测财发〔2019〕3号".encode() in data}
    assert len(showing) > 2  # its own page and the lists it is in
    # A field that the rows show changes: the lists that show it are rendered again, as a cold build renders them.
    edit(root / "content/gk/items/budget.md", "doc_no: 测财发〔2019〕3号", "doc_no: 测财发〔2019〕4号")
    assert run_build(root).written
    site = tree(root / "site")
    assert {path for path, data in site.items() if "测财发〔2019〕4号".encode() in data} == showing
    assert site == cold(root, tmp_path, "cold")[1]


def test_a_pages_inputs_change_with_each_field_of_its_frame_but_its_meta_which_its_document_holds(make_site):
    from dataclasses import fields, replace

    root = make_site()
    result = run_build(root, keep=True)
    renderer = result.snapshot.job.renderer
    renderer.salt = renderer.salt or "salt"  # (the preview keys no page)
    page = next(p for p in result.snapshot.site.pages if p.doc.label == "content/news/first.md")
    frame = renderer.page_frame(page)
    key = renderer.page_inputs(page, frame)
    assert key and key == renderer.page_inputs(page, renderer.page_frame(page))
    changed = {f.name: replace(frame, **{f.name: "另一个值"}) for f in fields(frame)}
    assert renderer.page_inputs(page, changed.pop("meta")) == key  # the document's digest holds it
    assert all(renderer.page_inputs(page, other) != key for other in changed.values())
    other = next(p for p in result.snapshot.site.pages if p.doc.label != page.doc.label)
    assert renderer.page_inputs(replace(page, doc=other.doc), frame) != key
