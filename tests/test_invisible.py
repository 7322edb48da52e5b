"""invisible: characters no one can see, in each form tried, in files and in values written as escapes; the
checks that read text see through them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from conftest import run_build
from gongkai.invisible import check_text, visible
from gongkai.personal import find_personal_data
from gongkai.problems import Problems

NEWS = "---\ntitle: {title}\npublished: 2019-07-26 17:30\norgan: 县政府\n---\n{body}\n"


def found(text: str) -> list[tuple[str, int]]:
    problems = Problems()
    check_text(text, "x.md", 1, problems)
    return [(p.code, p.line) for p in problems.items]


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x08", "\x0b", "\x0c", "\x7f", "\x85", "\x9b"])
def test_control_characters_are_errors(char):
    assert found(f"第一行\n第二{char}行") == [("GK115", 2)]


def test_tab_and_newline_are_text():
    assert found("甲\t乙\n丙") == []


@pytest.mark.parametrize("text", ["收费\u202e100\u202c元", "甲\u2066乙", "甲\u2069乙", "\u202b甲\u202c",
                                  "\u2067ئۇيغۇر\u202c", "\u2067ئۇيغۇر"])
def test_bidi_controls_out_of_a_deliberate_pair_are_errors(text):
    assert found(text) == [("GK116", 1)]


@pytest.mark.parametrize("text", ["维吾尔文：\u2067ئۇيغۇرچە\u2069。", "עברית \u202bשלום\u202c ok", "\u2068مرحبا\u2069"])
def test_bidi_controls_in_pairs_around_right_to_left_text_are_kept(text):
    assert found(text) == []


@pytest.mark.parametrize("text", ["关于\u200b通知", "关于\u2060通知", "关于\ufeff通知", "关于\u200d通知", "a\u200cb"])
def test_zero_width_characters_are_warned(text):
    assert found(text) == [("GK117", 1)]


@pytest.mark.parametrize("text", ["家庭 👨\u200d👩\u200d👧", "می\u200cخواهم"])
def test_joiners_inside_emoji_and_right_to_left_words_are_kept(text):
    assert found(text) == []


def test_the_checks_see_through_invisible_characters():
    assert visible("中华人名\u200b共和国") == "中华人名共和国"
    assert [f.what for f in find_personal_data("身份证号 110101\u200b19900307\u200d7715", False)] == ["身份证号"]


def test_a_site_with_them_fails_or_warns_at_the_right_line_and_escapes_are_caught(make_site):
    root = make_site({
        "content/news/a.md": NEWS.format(title="\"通知\\e[2J\"", body="正文。"),
        "content/news/b.md": NEWS.format(title="\"价格\\u202E001\"", body="正文。"),
        "content/news/c.md": NEWS.format(title="\u200b\u2060", body="正文。"),
    })
    result = run_build(root)
    problems = sorted((p.code, p.path, p.line) for p in result.problems.items)
    assert ("GK115", "content/news/a.md", 2) in problems and ("GK116", "content/news/b.md", 2) in problems
    assert ("GK202", "content/news/c.md", 2) in problems  # a title of invisible characters only is empty
    root = make_site({"content/news/d.md": NEWS.format(title="关于做好工作的通知", body="第一段。\n\n我们是中华人名\u200b共和国。")})
    problems = sorted((p.code, p.path, p.line) for p in run_build(root).problems.items if p.path == "content/news/d.md")
    assert problems == [("GK117", "content/news/d.md", 8), ("GK396", "content/news/d.md", 8)]


def test_a_zero_width_character_is_a_warning_and_the_feed_stays_valid_xml(make_site):
    root = make_site({"content/news/z.md": NEWS.format(title="关于\u200b做好工作的通知", body="正文\ufeff。")})
    result = run_build(root)
    assert not result.problems.has_errors()
    assert [(p.code, p.line) for p in result.problems.warnings if p.path == "content/news/z.md"] == [("GK117", 2)]
    ET.fromstring((root / "site/news/feed.xml").read_bytes())


def test_the_quick_look_for_any_invisible_character_misses_none_that_is_reported():
    """check_text looks once for any of them before telling them apart: each character one of the patterns
    finds is still reported, in a file's text (warned of) and in a value (a control character is an error)."""
    from gongkai.invisible import BIDI, CONTROL, ZERO_WIDTH, check_text

    found = [chr(c) for c in range(0x10000) if any(p.match(chr(c)) for p in (CONTROL, BIDI, ZERO_WIDTH))]
    assert len(found) > 60
    for char in found:
        problems = Problems()
        check_text(f"标题{char}正文", "content/a.md", 1, problems)
        assert problems.items, f"U+{ord(char):04X}"
