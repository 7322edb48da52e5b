"""The preview: every save runs the build into the preview's own folder, and an edited page is shown first."""

from __future__ import annotations

import pytest
from conftest import CLOCK, run_build
from test_incremental import edit, tree


def test_the_preview_is_the_build_after_every_step_and_shows_an_edited_page_first(make_site, tmp_path):
    """Whatever is saved, the preview's folder ends as a cold build of the same options makes it, with the same
    problems; a single edited page is written first; a step that finds an error leaves the last good site."""
    from gongkai.preview import Preview
    from gongkai.pipeline import BuildOptions

    root = make_site({"content/news/later.md": "---\ntitle: 尚未发布\npublished: 2020-06-01\norgan: 县政府\n---\n草稿\n"})
    first, task, rule = root / "content/news/first.md", root / "content/plan/2019/1/1.md", root / "content/gk/rules/review.md"
    steps = [  # (what, change, files saved, the page shown first, builds without errors)
        ("a sentence", lambda: edit(first, "正文，", "正文（修改），"), {first}, "news/first/index.html", True),
        ("a link to another page", lambda: edit(first, "。\n", "，另见[工作要点](../plan/2019/_index.md)。\n"),
         {first}, "news/first/index.html", True),
        ("a task's body", lambda: edit(task, "公开预决算。", "公开预决算。\n\n补充说明。"), {task}, "plan/2019/1/1/index.html", True),
        ("a broken link", lambda: edit(rule, "\n---\n", "\n---\n见[不存在](nowhere.md)。\n"), {rule}, None, False),
        ("the broken link fixed", lambda: edit(rule, "[不存在](nowhere.md)", "[预算](../items/budget.md)"), {rule},
         "gk/rules/review/index.html", True),
        ("a misspelling", lambda: edit(rule, "\n---\n", "\n---\n截止目前，\n"), {rule}, None, False),
        ("the misspelling fixed, a word typed twice", lambda: edit(rule, "截止目前，", "截至目前，的的"), {rule},
         "gk/rules/review/index.html", True),
        ("an unpublished page", lambda: edit(root / "content/news/later.md", "草稿", "草稿二"),
         {root / "content/news/later.md"}, None, True),
        ("a heading another page links to", lambda: edit(root / "content/gk/items/budget.md", "预算表", "预算总表"),
         {root / "content/gk/items/budget.md"}, "gk/items/budget/index.html", False),
        # the failed step's change is still pending, with this one: two files, no first look
        ("the link follows it", lambda: edit(first, "#预算表", "#预算总表"), {first}, None, True),
        ("front-matter", lambda: edit(first, "title: 第一条新闻", "title: 改名的新闻"), {first}, "news/first/index.html",
         True),
        ("a template", lambda: edit(root / "templates/single.html", "发布日期：", "发布时间："),
         {root / "templates/single.html"}, None, True),
        ("a new file", lambda: (root / "content/news/new.md").write_text(
            "---\ntitle: 新增\npublished: 2019-09-01\norgan: 县政府\n---\n新内容\n", "utf-8"),
         {root / "content/news/new.md"}, None, True),
        ("the new file's body", lambda: edit(root / "content/news/new.md", "新内容", "新内容二"),
         {root / "content/news/new.md"}, "news/new/index.html", True),
        ("a deletion", lambda: (root / "content/news/new.md").unlink(), {root / "content/news/new.md"}, None, True),
    ]
    folder = tmp_path / "preview"
    options = BuildOptions(root=root, out_dir=folder, clock_today=CLOCK, search=False)
    preview = Preview(options)
    assert preview.full().written
    for number, (name, change, saved, page, clean) in enumerate(steps):
        before = tree(folder)
        change()
        looks = []
        update = preview.update(saved, first_look=lambda: looks.append(tree(folder)))
        changed = [p for p in looks[0] if looks[0][p] != before.get(p)] if looks else []
        assert changed == ([page] if page else []), name
        if name == "front-matter":  # the page has its new title at once; the list follows with the build
            assert "改名的新闻" in looks[0]["news/first/index.html"].decode()
            assert "改名的新闻" not in looks[0]["news/index.html"].decode()
            assert "改名的新闻" in tree(folder)["news/index.html"].decode()
        assert update.written == clean and update.problems.has_errors() != clean, (name, update.problems.report())
        if not clean:
            assert tree(folder) == before, name  # the last good site stays served, the page shown first too
            continue
        cold = run_build(root, out_dir=tmp_path / f"cold{number}", cache_dir=tmp_path / f"cache{number}")
        assert cold.written, name
        assert tree(folder) == tree(tmp_path / f"cold{number}"), name
        assert update.problems.sorted() == cold.problems.sorted(), name
    assert not (root / "site").exists()  # the preview never wrote the published folder


def test_an_edited_page_is_shown_first_whatever_the_clock_said(make_site, tmp_path):
    """The command line reads the clock for every build: a later reading is still the same preview."""
    from datetime import datetime, timedelta, timezone

    from gongkai.preview import Preview
    from gongkai.pipeline import BuildOptions

    root = make_site()
    start = datetime(2020, 3, 31, 2, 0, tzinfo=timezone.utc)
    options = BuildOptions(root=root, out_dir=tmp_path / "preview", clock_today=start, search=False)
    preview = Preview(options)
    assert preview.full().written
    first = root / "content/news/first.md"
    edit(first, "正文，", "正文（修改），")
    looks = []
    later = BuildOptions(root=root, out_dir=tmp_path / "preview", clock_today=start + timedelta(seconds=5), search=False)
    assert preview.update({first}, later, first_look=lambda: looks.append(1)).written
    assert looks == [1]


class _Unwalked(dict):
    """The files a build read, which the first look must not walk (at 100,000 items that took 0.1 s of it)."""

    def _walked(self, *args):
        raise AssertionError("the first look walked every file read")

    values = items = keys = __iter__ = _walked


class _Unlisted(tuple):
    """A site's pages, which the first look must not go through (at 100,000 items that took 0.2 s of it)."""

    def __iter__(self):
        raise AssertionError("the first look went through every page")


def _files_unwalked(snapshot):
    from dataclasses import replace

    return replace(snapshot, raws=_Unwalked(snapshot.raws))


def _pages_unlisted(snapshot):
    object.__setattr__(snapshot.site, "pages", _Unlisted(snapshot.site.pages))  # (the model is frozen)
    return snapshot


@pytest.mark.parametrize("hide, file, old, new, page", [
    # the kinds folders give their documents are found once per build (a plan area's are tasks: still one)
    (_files_unwalked, "plan/2019/1/1.md", "公开预决算。", "公开预决算。\n\n补充说明。", "plan/2019/1/1/index.html"),
    # the model's lookups across pages (each page by its file, consultations by their results) follow the build
    (_pages_unlisted, "news/first.md", "正文，", "正文（修改），", "news/first/index.html"),
])
def test_an_edited_page_is_shown_first_without_going_through_the_whole_site(make_site, tmp_path, hide, file, old,
                                                                             new, page):
    from gongkai.preview import Preview
    from gongkai.pipeline import BuildOptions

    root = make_site()
    preview = Preview(BuildOptions(root=root, out_dir=tmp_path / "preview", clock_today=CLOCK, search=False))
    assert preview.full().written
    preview.snapshot = hide(preview.snapshot)
    edit(root / "content" / file, old, new)
    looks = []
    assert preview.update({root / "content" / file},
                          first_look=lambda: looks.append((tmp_path / "preview" / page).read_text("utf-8"))).written
    assert len(looks) == 1 and new.split("\n")[-1] in looks[0]
