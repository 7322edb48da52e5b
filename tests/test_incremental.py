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
        ("retitle a section its pages name", lambda: edit(root / "content/news/_index.md", "title: 政务动态",
                                                           "title: 工作动态")),
        ("replace an attachment with a larger one", lambda: (root / "content/gk/items/budget.pdf").write_bytes(
            (root / "content/gk/items/budget.pdf").read_bytes() * 3)),
        ("edit a template", lambda: edit(root / "templates/single.html", "发布日期：", "发布时间：")),
        ("edit the configuration", lambda: edit(root / "site.yml", "name: 测试县人民政府", "name: 测试县政府门户")),
        ("add a file", lambda: (root / "content/news/new.md").write_text(
            "---\ntitle: 新增\npublished: 2019-09-01\norgan: 县政府\n---\n新内容\n", "utf-8")),
    ]
    first = run_build(root)
    assert first.written, first.problems.report()
    built = tree(root / "site")
    again = run_build(root)
    assert again.unchanged and tree(root / "site") == built  # a no-op leaves the site as it was
    for number, (name, change) in enumerate(steps):
        change()
        incremental = run_build(root)
        assert incremental.written and not incremental.unchanged, (name, incremental.problems.report())
        cold = run_build(root, out_dir=tmp_path / f"cold{number}", cache_dir=tmp_path / f"cache{number}")
        assert cold.written, name
        assert tree(root / "site") == tree(tmp_path / f"cold{number}"), name


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


def test_templates_compiled_by_one_build_are_not_compiled_again_by_the_next(make_site, tmp_path, monkeypatch):
    """Jinja's compiled templates are kept in .cache/templates/, in a folder of this gongkai's own (Jinja checks
    a template's source, not the options our environment compiles it with): the next build loads them;
    an edited template is compiled again, and its edit shows."""
    import jinja2

    root = make_site()
    compiled = []
    compile_ = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(a[1]) or compile_(self, *a, **k))
    assert run_build(root).written and len(compiled) > 5
    folders = list((root / ".cache/templates").iterdir())
    assert len(folders) == 1 and len(list(folders[0].iterdir())) >= len(set(compiled))
    (folders[0].parent / "0123456789abcdef").mkdir()  # an older gongkai's: removed
    compiled.clear()
    edit(root / "content/news/first.md", "title: 第一条新闻", "title: 改名的新闻")
    assert run_build(root).written and compiled == []
    edit(root / "templates/single.html", "发布日期：", "发布时间：")
    assert run_build(root).written and compiled == ["single.html"]
    assert "发布时间：" in (root / "site/news/first/index.html").read_text("utf-8")
    assert list((root / ".cache/templates").iterdir()) == folders
    cold = run_build(root, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site") == tree(tmp_path / "cold")
    assert run_build(root, write=False, cache_dir=tmp_path / "check").problems is not None
    assert not (tmp_path / "check").exists()  # `check` keeps nothing


def test_which_templates_each_template_pulls_in_is_read_once_and_kept_for_the_next_build(make_site, tmp_path,
                                                                                          monkeypatch):
    """A page's key holds its template and all it extends, includes or imports: the next build knows which
    those are without parsing them again, until a template's source changes."""
    from jinja2 import meta

    root = make_site()
    parsed = []
    find = meta.find_referenced_templates
    monkeypatch.setattr(meta, "find_referenced_templates", lambda ast: parsed.append(ast) or find(ast))
    assert run_build(root).written and len(parsed) > 5
    parsed.clear()
    edit(root / "content/news/first.md", "title: 第一条新闻", "title: 改名的新闻")
    assert run_build(root).written and parsed == []
    edit(root / "templates/partials/article_meta.html", '<meta name="ContentSource"',  # what single.html includes
         '<meta name="ContentOrigin" content="{{ page.source }}">\n<meta name="ContentSource"')
    assert run_build(root).written and len(parsed) == 1
    assert '<meta name="ContentOrigin"' in (root / "site/news/first/index.html").read_text("utf-8")
    cold = run_build(root, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert cold.written and tree(root / "site") == tree(tmp_path / "cold")


def test_a_build_whose_compiled_templates_cannot_be_kept_still_builds(make_site, monkeypatch, tmp_path):
    """The folder for compiled templates deleted under the build (or a full disk): the templates are compiled,
    the site is built as a cold build builds it, and nothing is kept."""
    import gongkai.memo

    root = make_site()
    monkeypatch.setattr(gongkai.memo, "compiled_templates", lambda parent, name: tmp_path / "gone" / name)
    result = run_build(root)
    assert result.written, result.problems.report()
    assert not (tmp_path / "gone").exists()
    cold = run_build(root, out_dir=tmp_path / "cold", cache_dir=tmp_path / "cache")
    assert tree(root / "site") == tree(tmp_path / "cold")
