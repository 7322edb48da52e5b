"""model/names: output names that would overwrite each other, hide in the generator's folders or not fit a disk
are errors naming the file (and line), in each form tried."""

from __future__ import annotations

from conftest import run_build

NEWS = "---\ntitle: 标题\npublished: 2019-07-26 17:30\norgan: 县政府\n{extra}---\n正文。\n"


def errors(root) -> list[tuple[str, str, int]]:
    return sorted((p.code, p.path, p.line) for p in run_build(root).problems.errors)


def test_names_that_differ_only_in_case_or_unicode_form_collide(make_site):
    root = make_site({"content/news/Report.PDF": b"%PDF-1.4\n", "content/news/report.pdf": b"%PDF-1.4\n",
                      "content/news/caf\u00e9.pdf": b"%PDF-1.4\n", "content/news/cafe\u0301.pdf": b"%PDF-1.4\n",
                      "content/news/ok.pdf": b"%PDF-1.4\n", "content/news/OK2.pdf": b"%PDF-1.4\n"})
    found = errors(root)
    assert [code for code, _, _ in found] == ["GK312", "GK312"], found
    assert {path for _, path, _ in found} <= {"content/news/Report.PDF", "content/news/report.pdf",
                                              "content/news/caf\u00e9.pdf", "content/news/cafe\u0301.pdf"}


def test_the_generators_own_folders_take_no_content(make_site):
    root = make_site({"content/pagefind/x.pdf": b"%PDF-1.4\n", "content/data/catalogue.csv": "a,b\n",
                      "content/news/search.md": NEWS.format(extra="slug: x\n"),
                      "content/search.md": NEWS.format(extra=""), "content/tongji/_index.md": "---\ntitle: 统计\n---\n",
                      "content/datasets/a.pdf": b"%PDF-1.4\n"})  # only the exact name is the generator's
    found = [(code, path) for code, path, _ in errors(root)]
    assert found == [("GK313", "content/data/catalogue.csv"), ("GK313", "content/pagefind/x.pdf"),
                     ("GK313", "content/search.md"), ("GK313", "content/tongji/_index.md")], found


def test_names_too_long_for_a_disk_are_caught_before_writing_with_file_line_and_limit(make_site):
    deep = "content/news/" + "/".join(["abcdefghij" * 2] * 10) + "/a.pdf"  # 200+ characters, each name short
    root = make_site({"content/news/long.md": NEWS.format(extra="slug: " + "a" * 256 + "\n"),
                      "content/news/" + "长" * 80 + ".pdf": b"%PDF-1.4\n",  # 240 bytes: fits
                      deep: b"%PDF-1.4\n"})
    result = run_build(root)
    found = sorted((p.code, p.path, p.line, p.message) for p in result.problems.errors)
    assert [(code, path, line) for code, path, line, _ in found] == [
        ("GK314", deep, 0), ("GK314", "content/news/long.md", 5)]  # a file name that long cannot exist on this disk
    assert "上限" in found[0][3] and "200" in found[0][3] and "256 字节" in found[1][3]
    assert not (root / "site").exists()
