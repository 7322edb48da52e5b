from gongkai.load import Map, Scalar, Seq, decode, parse_yaml, split_document
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
