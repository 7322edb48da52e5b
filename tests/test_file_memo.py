"""Each Markdown file is read and validated again only when it changed (or site.yml, or gongkai, or the kind
its folder gives it); what the others reported is told again, so a build from the memo reports what a cold
build reports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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


NEWS = {f"content/news/n{i:02d}.md": f"---\ntitle: 第{i}条\npublished: 2019-07-01 10:00\norgan: 县政府\n---\n正文{i}。\n"
        for i in range(30)}


def test_a_few_changed_files_are_added_to_a_journal_and_the_base_is_written_again_when_it_grows(make_site, tmp_path,
                                                                                              monkeypatch):
    """Writing every record again for one edited file took five seconds at 100,000 items: the changes are
    appended, and what was appended, deleted included, is what the next build reads back."""
    root = make_site(NEWS)
    assert run_build(root).written
    cache = root / ".cache"
    base = (cache / gongkai.file_memo.FILES).read_bytes()
    read = reads(monkeypatch)
    edit(root / "content/news/n01.md", "正文1。", "正文1（改）。")
    gone = root / "content/news/n02.md"
    text, stat = gone.read_bytes(), gone.stat()
    gone.unlink()
    assert run_build(root).written and read == ["content/news/n01.md"]
    assert (cache / gongkai.file_memo.FILES).read_bytes() == base and (cache / gongkai.file_memo.JOURNAL).is_file()
    read.clear()
    edit(root / "content/news/n03.md", "正文3。", "正文3（改）。")
    gone.write_bytes(text)  # back as it was, to the nanosecond: its record went with it, so it is read
    os.utime(gone, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = run_build(root)
    assert sorted(read) == ["content/news/n02.md", "content/news/n03.md"]  # n01's new version came from the journal
    assert result.problems.items == problems_of_a_cold_build(root, tmp_path, "cold")

    read.clear()  # a tenth of the records changed: they go into a new base, and the journal goes
    for i in range(10, 14):
        edit(root / f"content/news/n{i:02d}.md", f"正文{i}。", f"正文{i}（改）。")
    assert run_build(root).written and len(read) == 4
    assert (cache / gongkai.file_memo.FILES).read_bytes() != base and not (cache / gongkai.file_memo.JOURNAL).exists()
    read.clear()
    edit(root / "content/news/n20.md", "正文20。", "正文20（改）。")
    assert run_build(root).written and read == ["content/news/n20.md"]  # the new base holds the four edits


def test_a_journal_cut_short_keeps_what_came_before_and_the_next_save_writes_a_new_base(make_site, monkeypatch):
    root = make_site(NEWS)
    assert run_build(root).written
    cache = root / ".cache"
    edit(root / "content/news/first.md", "正文，", "正文（一改），")
    assert run_build(root).written
    journal = cache / gongkai.file_memo.JOURNAL
    whole = journal.read_bytes()
    edit(root / "content/news/first.md", "正文（一改），", "正文（二改），")
    assert run_build(root).written
    journal.write_bytes(journal.read_bytes()[:len(whole) + 40])  # the second entry cut short
    read = reads(monkeypatch)
    edit(root / "content/gk/items/budget.md", "---\n", "---\n")  # (touched: the build does not stop at the no-op)
    assert run_build(root).written
    assert sorted(read) == ["content/gk/items/budget.md", "content/news/first.md"]  # the first entry still stood
    assert not journal.exists()

    # A journal an older base left (the build stopped between writing the base and removing it) is not
    # appended to: what came after it would never be read.
    journal.write_bytes(whole)
    edit(root / "content/news/first.md", "正文（二改），", "正文（三改），")
    assert run_build(root).written and not journal.exists()


def test_the_checks_of_a_document_on_its_own_run_again_only_for_a_changed_file_and_are_still_told(make_site, tmp_path,
                                                                                                   monkeypatch):
    """An ID number in one body and a channel site.yml does not declare in another: both reported by every build,
    though only a changed file's checks run again (or every file's, when site.yml changes)."""
    import gongkai.model.site as model_site

    root = make_site({"content/news/id.md": "---\ntitle: 含身份证号\npublished: 2019-08-02\norgan: 县政府\n---\n"
                                            "申请人身份证号 110101199003072316。\n",
                      "content/news/mail.md": "---\ntitle: 欢迎来信\npublished: 2019-08-03\norgan: 县政府\n---\n"
                                              "欢迎通过书记信箱反映问题。\n"})
    checked: list[str] = []
    for name in ("check_written_ids", "check_channels"):
        original = getattr(model_site, name)
        monkeypatch.setattr(model_site, name, lambda *a, original=original: checked.append(a[-2].label) or original(*a))
    first = run_build(root)
    codes = sorted(p.code for p in first.problems.errors)
    assert codes == ["GK315", "GK366"] and len(checked) > 10
    checked.clear()
    again = run_build(root)
    assert checked == [] and again.problems.items == first.problems.items
    edit(root / "content/news/first.md", "title: 第一条新闻", "title: 改名的新闻")
    assert sorted(p.code for p in run_build(root).problems.errors) == codes
    assert checked == ["content/news/first.md"] * 2
    checked.clear()
    edit(root / "site.yml", "name: 测试县人民政府", "name: 测试县政府门户")
    after = run_build(root)
    assert len(checked) > 10 and after.problems.items == problems_of_a_cold_build(root, tmp_path, "cold")


def test_a_file_validated_again_has_its_checks_on_its_own_run_again(make_site):
    """A file its folder now gives another kind is a new document: what was reported of the old one is not
    told of it."""
    root = make_site()
    assert run_build(root).written
    config = load_config(root, Problems())
    memo = Memo(root, root / ".cache", root / "site", settings(root / "site", CLOCK, False, config.base_url, False),
                True, False)
    files = memo.file_memo
    content = discover(root, Problems(), files.read)
    raw = next(raw for raw in content.documents if raw.label == "content/news/first.md")
    assert files.validate(raw, config, Problems()) is not None
    assert files.now[raw.label].alone == ()  # kept by the last build: nothing found
    assert files.validate(raw, config, Problems(), {"news": "notice"}) is not None
    assert files.now[raw.label].alone is None


def test_what_was_read_is_kept_even_when_indexing_fails(make_site, monkeypatch):
    from gongkai import search_bundle

    root = make_site()
    assert run_build(root, search=True).written
    (root / "content/news/second.md").write_text(
        "---\ntitle: 第二条新闻\npublished: 2019-08-02 09:00\norgan: 县政府\n---\n正文。\n", "utf-8")
    with monkeypatch.context() as patched:  # a Pagefind the build cannot use: the site is not published
        patched.setattr(search_bundle, "SPLIT_LIST", 'return["zh","ko"].includes(primaryLang);')
        failed = run_build(root, search=True)
    assert not failed.written and "GK530" in [p.code for p in failed.problems.errors]
    read = reads(monkeypatch)
    assert run_build(root, search=True).written and read == []  # the build that failed kept its model
    edit(root / "content/news/first.md", "正文", "正文有改动")
    again = run_build(root, search=True)
    assert again.written and read == ["content/news/first.md"]  # and its file memo: second.md is not read again
    assert (root / "site/news/second/index.html").is_file()


def digests(root: Path) -> dict[str, str]:
    """Each document's digest, as a build that reads every file afresh makes them."""
    config = load_config(root, Problems())
    memo = Memo(root, root / ".cache-unused", root / "site", settings(root / "site", CLOCK, False, "", False), True,
                False)
    content = discover(root, Problems(), memo.file_memo.read)
    validate_documents(content.documents, config, Problems(), content.unread, memo.file_memo.validate)
    return {doc.label: digest for doc, digest in memo.file_memo.digests()}


def test_a_documents_digest_is_made_from_its_file_not_by_pickling_the_document(make_site, monkeypatch):
    """The digest a page's inputs and its writing checks are keyed by changes with the file's bytes and with
    site.yml (and gongkai, and the kind its folder gives it), which make the document, and not with its time."""
    monkeypatch.setattr(gongkai.file_memo, "digest", lambda value: pytest.fail(f"{value.label} pickled"))
    root = make_site()
    first = digests(root)
    assert set(first) == {f"content/{p.relative_to(root / 'content').as_posix()}" for p in (root / "content").rglob("*.md")}
    assert len(set(first.values())) == len(first)
    news = root / "content/news/first.md"
    os.utime(news, ns=(news.stat().st_atime_ns, news.stat().st_mtime_ns + 10**9))  # the same bytes, later
    assert digests(root) == first

    def changed(before: dict[str, str]) -> set[str]:
        now = digests(root)
        assert now.keys() == before.keys()
        return {label for label in now if now[label] != before[label]}

    edit(news, "title: ", "title: 新")
    assert changed(first) == {"content/news/first.md"}
    second = digests(root)
    edit(root / "site.yml", "name:", "name: ")
    assert changed(second) == set(second)
