"""Rebuilds that reuse the cache give exactly what a cold build gives, after every kind of change."""

from __future__ import annotations

from pathlib import Path

from conftest import CLOCK, run_build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def test_incremental_builds_match_cold_builds_after_every_step(make_site, tmp_path):
    root = make_site({"content/news/linker.md": "---\ntitle: 链接页\npublished: 2019-08-02\norgan: 县政府\n---\n"
                                                 "见[第一条](first.md)和[预算](../gk/items/budget.md)。\n"})
    steps = [
        ("edit a body", lambda: edit(root / "content/news/first.md", "## 会议情况", "## 会议情况（补充）")),
        ("edit front-matter", lambda: edit(root / "content/news/first.md", "title: 第一条新闻", "title: 改名的新闻")),
        ("rename a linked file", lambda: (
            (root / "content/news/first.md").rename(root / "content/news/renamed.md"),
            edit(root / "content/news/linker.md", "first.md", "renamed.md"))),
        ("change a slug others link to", lambda: edit(root / "content/gk/items/budget.md", "title: 2019年预算公开",
                                                      "title: 2019年预算公开\nslug: yusuan")),
        ("delete a file", lambda: (root / "content/news/renamed.md").unlink() or
         edit(root / "content/news/linker.md", "[第一条](renamed.md)和", "")),
        ("edit a template", lambda: edit(root / "templates/single.html", "发布日期：", "发布时间：")),
        ("edit the configuration", lambda: edit(root / "site.yml", "name: 测试县人民政府", "name: 测试县政府门户")),
        ("add a file", lambda: (root / "content/news/new.md").write_text(
            "---\ntitle: 新增\npublished: 2019-09-01\norgan: 县政府\n---\n新内容\n", "utf-8")),
    ]
    first = run_build(root)
    assert first.written, first.problems.report()
    again = run_build(root)
    assert again.unchanged and tree(root / "site") == tree(root / "site")
    for number, (name, change) in enumerate(steps):
        change()
        incremental = run_build(root)
        assert incremental.written and not incremental.unchanged, (name, incremental.problems.report())
        cold = run_build(root, out_dir=tmp_path / f"cold{number}", cache_dir=tmp_path / f"cache{number}")
        assert cold.written, name
        assert tree(root / "site") == tree(tmp_path / f"cold{number}"), name


def test_preview_quick_path_matches_cold_builds_after_every_step(make_site, tmp_path):
    """The preview re-renders only the page whose body changed; a change it cannot judge takes the full
    build. Either way site/ is what a cold build gives, and a quick step that finds an error writes nothing."""
    from gongkai.incremental import Preview
    from gongkai.pipeline import BuildOptions

    root = make_site({"content/news/later.md": "---\ntitle: 尚未发布\npublished: 2020-06-01\norgan: 县政府\n---\n草稿\n"})
    first, task, rule = root / "content/news/first.md", root / "content/plan/2019/1/1.md", root / "content/gk/rules/review.md"
    steps = [  # (what, change, files saved, takes the quick path, builds without errors)
        ("a sentence", lambda: edit(first, "正文，", "正文（修改），"), {first}, True, True),
        ("a link to another page", lambda: edit(first, "。\n", "，另见[工作要点](../plan/2019/_index.md)。\n"),
         {first}, True, True),
        ("a task's body", lambda: edit(task, "公开预决算。", "公开预决算。\n\n补充说明。"), {task}, True, True),
        ("a broken link", lambda: edit(rule, "\n---\n", "\n---\n见[不存在](nowhere.md)。\n"), {rule}, True, False),
        ("the broken link fixed", lambda: edit(rule, "[不存在](nowhere.md)", "[预算](../items/budget.md)"), {rule},
         True, True),
        ("a misspelling", lambda: edit(rule, "\n---\n", "\n---\n截止目前，\n"), {rule}, True, False),
        ("the misspelling fixed, a word typed twice", lambda: edit(rule, "截止目前，", "截至目前，的的"), {rule},
         True, True),
        ("the word fixed", lambda: edit(rule, "截至目前，的的", "截至目前，"), {rule}, True, True),
        ("an unpublished page", lambda: edit(root / "content/news/later.md", "草稿", "草稿二"),
         {root / "content/news/later.md"}, True, True),
        ("a heading another page links to", lambda: edit(root / "content/gk/items/budget.md", "预算表", "预算总表"),
         {root / "content/gk/items/budget.md"}, False, False),
        # the failed step's change is still pending: with it, the anchors changed, so the full build runs
        ("the link follows it", lambda: edit(first, "#预算表", "#预算总表"), {first}, False, True),
        ("front-matter", lambda: edit(first, "title: 第一条新闻", "title: 改名的新闻"), {first}, False, True),
        ("a template", lambda: edit(root / "templates/single.html", "发布日期：", "发布时间："),
         {root / "templates/single.html"}, False, True),
        ("a new file", lambda: (root / "content/news/new.md").write_text(
            "---\ntitle: 新增\npublished: 2019-09-01\norgan: 县政府\n---\n新内容\n", "utf-8"),
         {root / "content/news/new.md"}, False, True),
        ("the new file's body", lambda: edit(root / "content/news/new.md", "新内容", "新内容二"),
         {root / "content/news/new.md"}, True, True),
        ("a deletion", lambda: (root / "content/news/new.md").unlink(), {root / "content/news/new.md"}, False, True),
    ]
    # A full build for one edited, still-published page shows that page first, rendered against the old model.
    first_looks = {"a heading another page links to", "front-matter"}
    options = BuildOptions(root=root, out_dir=root / "site", clock_today=CLOCK, search=False)
    preview = Preview(options)
    assert preview.full().written
    for number, (name, change, saved, quick, clean) in enumerate(steps):
        before = tree(root / "site")
        change()
        looks = []
        update = preview.update(saved, first_look=lambda: looks.append(tree(root / "site")))
        assert update.quick == quick, name
        assert bool(looks) == (name in first_looks), name
        if name == "front-matter":  # the page has its new title; the list still shows the old one
            assert "改名的新闻" in looks[0]["news/first/index.html"].decode()
            assert "改名的新闻" not in looks[0]["news/index.html"].decode()
            assert "改名的新闻" in tree(root / "site")["news/index.html"].decode()
        assert update.written == clean and update.problems.has_errors() != clean, (name, update.problems.report())
        if not clean:
            assert tree(root / "site") == before, name  # the last good site stays served
            continue
        cold = run_build(root, out_dir=tmp_path / f"cold{number}", cache_dir=tmp_path / f"cache{number}")
        assert cold.written, name
        assert tree(root / "site") == tree(tmp_path / f"cold{number}"), name
        assert sorted(update.problems.items, key=lambda p: p.sort_key()) == cold.problems.sorted(), name


def test_a_template_edit_starts_from_the_model_the_last_build_made(make_site, tmp_path, monkeypatch):
    import gongkai.pipeline

    bom = "\ufeff---\ntitle: 带BOM的页面\npublished: 2019-08-03\norgan: 县政府\n---\n正文\n"
    root = make_site({"content/news/bom.md": bom})
    first = run_build(root)
    assert first.written and "GK102" in [p.code for p in first.problems.warnings]
    reads = []
    discover = gongkai.pipeline.discover
    monkeypatch.setattr(gongkai.pipeline, "discover", lambda *a: reads.append(1) or discover(*a))

    edit(root / "templates/single.html", "发布日期：", "发布时间：")
    again = run_build(root)
    assert again.written and not reads
    assert again.problems.items == first.problems.items  # its warnings are told again, once
    cold = run_build(root, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert tree(root / "site") == tree(tmp_path / "cold") and cold.problems.items == again.problems.items
    reads.clear()

    for change in (lambda: edit(root / "content/news/bom.md", "正文", "正文二"),  # content
                   lambda: edit(root / "site.yml", "name: 测试县人民政府", "name: 测试县政府门户")):  # configuration
        change()
        assert run_build(root).written and len(reads) == 1
        reads.clear()
    assert run_build(root, today=CLOCK.replace(day=30)).written and reads  # another day publishes other pages
