from pathlib import PurePosixPath

from gongkai.load import Map, Scalar, Seq, decode, discover, parse_yaml, split_document
from gongkai.problems import Problems


def codes(problems: Problems) -> list[str]:
    return [p.code for p in problems.sorted()]


def test_values_stay_strings():
    problems = Problems()
    node = parse_yaml("a: 0451\nb: NO\nc: 12:30\nd: 1.10\ne: 2024-13-01\n", 2, "x.md", problems)
    assert isinstance(node, Map)
    assert [(e.key, e.value.text) for e in node.entries] == [
        ("a", "0451"), ("b", "NO"), ("c", "12:30"), ("d", "1.10"), ("e", "2024-13-01")]
    assert not problems.items


def test_key_lines_survive_leading_blank_lines():
    problems = Problems()
    parts = split_document("---\n\n\n\ntitle: x\npublished: 2019-01-01\n---\nbody\n", "x.md", problems)
    meta, body, body_line = parts
    assert meta.get("title").line == 5
    assert meta.get("published").line == 6
    assert body == "body\n" and body_line == 8


def test_yaml_error_line_is_file_line():
    problems = Problems()
    assert split_document("---\ntitle: a\nbad: [1, 2\n---\n", "x.md", problems) is None
    [problem] = problems.items
    assert problem.code == "GK105" and problem.line >= 3


def test_duplicate_key_reported():
    problems = Problems()
    split_document("---\ntitle: a\ntitle: b\n---\n", "x.md", problems)
    [problem] = problems.items
    assert (problem.code, problem.line) == ("GK108", 3)
    assert "第 2 行" in problem.message


def test_missing_front_matter_unclosed_fence_list_and_empty():
    cases = {
        "正文而已\n": "GK103",
        "---\ntitle: a\n正文\n": "GK104",
        "---\n- a\n- b\n---\n": "GK106",
        "\n\n": "GK107",
    }
    for text, code in cases.items():
        problems = Problems()
        assert split_document(text, "x.md", problems) is None
        assert codes(problems) == [code], text


def test_nested_values():
    problems = Problems()
    node = parse_yaml("a:\n  - x\n  - y\nb: {c: d}\n", 1, "x.md", problems)
    a = node.get("a").value
    assert isinstance(a, Seq) and [i.text for i in a.items] == ["x", "y"]
    assert isinstance(node.get("b").value, Map)
    assert isinstance(node.get("b").value.get("c").value, Scalar)


def test_decode_bom_crlf_gbk_nul():
    problems = Problems()
    assert decode("\ufeff---\r\ntitle: 标题\r\n".encode("utf-8"), "x.md", problems) == "---\ntitle: 标题\n"
    assert codes(problems) == ["GK102"]

    problems = Problems()
    assert decode("第一行\n标题".encode("gbk"), "x.md", problems) is None
    [p] = problems.items
    assert p.code == "GK101" and "GBK" in p.message and p.line == 1

    problems = Problems()
    assert decode(b"abc\n\x00", "x.md", problems) is None
    assert problems.items[0].code == "GK109" and problems.items[0].line == 2


def test_typing_slips_are_named_on_their_own_line_with_the_line_as_it_should_be():
    # The parser alone blames the line after a full-width colon, and reads a lone `title：…` as text.
    cases = {
        "---\ntitle：全县政务公开\npublished: 2019-07-26\n---\n": (2, "中文冒号", "title: 全县政务公开"),
        "---\npublished: 2019-07-26\ntitle ： 全县政务公开\n---\n": (3, "中文冒号", "title: 全县政务公开"),
        "---\ntitle：全县政务公开\n---\n": (2, "中文冒号", "title: 全县政务公开"),
        "---\ntitle:全县政务公开\npublished: 2019-07-26\n---\n": (2, "少了一个空格", "title: 全县政务公开"),
        "---\ntitle: a\norgan:\n\t- 县政府办公室\n---\n": (4, "Tab", "换成空格"),
    }
    for text, (line, reason, fix) in cases.items():
        problems = Problems()
        assert split_document(text, "x.md", problems) is None
        [problem] = problems.items
        assert (problem.code, problem.line) == ("GK105", line), text
        assert reason in problem.message and fix in problem.hint, (text, problem)


def test_colons_that_are_not_slips_are_left_alone():
    problems = Problems()
    text = "---\ntitle: 会议要求：抓好落实\nlink: https://www.rongxian.gov.cn/\nat: 12:30\n---\n"
    meta, _, _ = split_document(text, "x.md", problems)
    assert meta.get("title").value.text == "会议要求：抓好落实" and not problems.items


def test_discover_walks_in_order_and_passes_over_what_is_not_content(tmp_path):
    """A folder's files (sorted) before its subfolders' (sorted); dot files and folders, backups, the top _data
    folder and anything that is not a file are passed over; a link inside content/ is followed, one leading out
    of it (or nowhere) is reported (a linked folder is never walked: its files are reached under their own path)."""
    content = tmp_path / "content"
    for rel in ["b.md", "a.md", "z/c.md", "z/_data/d.md", "y/e.md", "y/f.txt", ".hidden.md", "a.md~", ".git/g.md",
                "_data/ledger.md"]:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text("---\ntitle: 标题\n---\n正文\n", "utf-8")
    (tmp_path / "outside.md").write_text("---\ntitle: 外面\n---\n", "utf-8")
    (content / "y/inside.md").symlink_to(content / "a.md")
    (content / "y/out.md").symlink_to(tmp_path / "outside.md")
    (content / "y/dangling.md").symlink_to(tmp_path / "nowhere.md")
    (content / "linked").symlink_to(content / "z")
    (content / "w").mkdir()
    problems = Problems()
    found = discover(tmp_path, problems)
    assert [str(doc.src_path) for doc in found.documents] == [
        "a.md", "b.md", "y/e.md", "y/inside.md", "z/c.md", "z/_data/d.md"]
    assert [str(asset.src_path) for asset in found.assets] == ["y/f.txt"]
    assert [p.path for p in problems.errors] == ["content/y/dangling.md", "content/y/out.md"]  # (both lead out)
    assert codes(problems) == ["GK111", "GK111"]
    assert found.unread == ()
    (content / "b.md").write_bytes(b"\xff\xfe no front matter")
    found = discover(tmp_path, Problems())
    assert found.unread == (PurePosixPath("b.md"),)
