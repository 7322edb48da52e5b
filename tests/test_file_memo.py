"""Each Markdown file is read and validated again only when it changed (or site.yml, or gongkai, or the kind
its folder gives it); what the others reported is told again, so a build from the memo reports what a cold
build reports."""

from __future__ import annotations

from pathlib import Path

import gongkai.file_memo
from conftest import CLOCK, run_build
from gongkai.config_file import load_config
from gongkai.load import discover, read_document
from gongkai.memo import Memo, settings
from gongkai.problems import Problems
from gongkai.validate import validate_documents
from test_incremental import edit

WARNED = ("---\ntitle: 年份不一致的信息\nindex_no: 12345678X/2018-00005\ntopic: 综合政务\\政务公开\ncreated: 2019-08-01\n"
          "published: 2019-08-01\norgan: 县政府\n---\n正文。\n")


def reads(monkeypatch) -> list[str]:
    """The files read from disk (not taken from the memo) from now on."""
    read: list[str] = []
    original = gongkai.file_memo.read_document

    def counting(root: Path, path: Path, problems):
        read.append(path.relative_to(root).as_posix())
        return original(root, path, problems)

    monkeypatch.setattr(gongkai.file_memo, "read_document", counting)
    return read


def problems_of_a_cold_build(root: Path, tmp_path: Path, name: str) -> list:
    return run_build(root, out_dir=tmp_path / name, cache_dir=tmp_path / f"{name}-cache").problems.items


def test_one_new_file_is_the_only_one_read_and_every_warning_is_still_told(make_site, tmp_path, monkeypatch):
    root = make_site({"content/gk/items/warned.md": WARNED})
    first = run_build(root)
    assert first.written and "GK214" in [p.code for p in first.problems.warnings]
    read = reads(monkeypatch)
    (root / "content/news/second.md").write_text(
        "---\ntitle: 第二条新闻\npublished: 2019-08-02 09:00\norgan: 县政府\n---\n正文。\n", "utf-8")
    again = run_build(root)
    assert read == ["content/news/second.md"]
    assert again.problems.items == problems_of_a_cold_build(root, tmp_path, "cold")
    assert "GK214" in [p.code for p in again.problems.warnings]


def test_site_yml_or_a_folders_kind_changed_reads_again_what_they_decide(make_site, tmp_path, monkeypatch):
    root = make_site()
    assert run_build(root).written
    read = reads(monkeypatch)
    edit(root / "site.yml", "name:", "name: ")  # the same settings, another file: everything is read again
    run_build(root)
    assert len(read) == len(list((root / "content").rglob("*.md")))
    read.clear()
    # the area's folder becomes a plain section: its tasks are judged as pages (and their task fields refused)
    edit(root / "content/plan/2019/1/_index.md", "kind: area\n", "")
    result = run_build(root)
    assert result.problems.items == problems_of_a_cold_build(root, tmp_path, "cold")
    assert result.problems.has_errors()
    assert {"content/plan/2019/1/1.md", "content/plan/2019/1/2.md"} <= set(read)


def test_a_file_that_names_its_kind_is_still_validated_when_its_folders_index_cannot_be_read(make_site):
    root = make_site()
    edit(root / "content/plan/2019/1/1.md", "---\n", "---\nkind: task\n")
    assert run_build(root).written  # its record keeps its kind, not the rest of its front matter
    (root / "content/plan/2019/1/_index.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
    config = load_config(root, Problems())
    memo = Memo(root, root / ".cache", root / "site", settings(root / "site", CLOCK, False, "", False), True, False)

    def validated(read, validate) -> list[str]:
        content = discover(root, Problems(), read)
        return [str(doc.src_path) for doc in validate_documents(content.documents, config, Problems(), content.unread,
                                                                 validate)]

    from_memo = validated(memo.file_memo.read, memo.file_memo.validate)
    assert from_memo == validated(read_document, None)
    assert "plan/2019/1/1.md" in from_memo and "plan/2019/1/2.md" not in from_memo  # 2.md does not say it is a task
