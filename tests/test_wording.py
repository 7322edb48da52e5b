"""The wording check: a leader's name misspelt after the title, dictionary terms, words typed twice."""

from __future__ import annotations

import re

from conftest import copy_example, run_build
from gongkai.checks.wording import WordingCheck
from gongkai.data import NamedLeader, Wording

NEWS = "---\ntitle: {title}\npublished: 2019-08-01 10:00\norgan: 县政府\n---\n{body}\n"
WORDING = """leaders:
  - {name: 李明华, title: 县长}
  - {name: 王小红, title: 副县长}
terms:
  旭杨镇: 旭阳镇
"""


def found(check: WordingCheck, text: str) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in check.find(text)]


def test_a_leaders_name_one_character_off_next_to_the_title_is_found():
    check = WordingCheck(Wording((NamedLeader("李明华", "县长"), NamedLeader("王小红", "副县长"))), ())
    for text in ("县长李名华主持会议", "李名华县长主持会议", "县长季明华主持会议", "副县长王小虹出席"):
        [(code, message)] = found(check, text)
        assert code == "GK395" and ("李明华" in message or "王小红" in message), text
    # The names as registered; another post (副县长 holds 县长); a word of the sentence before the title.
    for text in ("县长李明华主持会议", "李明华县长、王小红副县长出席", "副县长王明华出席", "会见了明华县长",
                 "县长主持召开常务会议", "县长助理李某某"):
        assert found(check, text) == [], text
    only_the_head = WordingCheck(Wording((NamedLeader("李明华", "县长"),)), ())
    assert found(only_the_head, "副县长王明华出席") == []  # no 副县长 registered: 县长 is still inside another post
    two = WordingCheck(Wording((NamedLeader("李明", "县长"),)), ())
    assert found(two, "县长李强主持会议") == []  # one character off a two-character name: as likely another person


def test_dictionary_terms_and_words_typed_twice():
    check = WordingCheck(Wording(terms=(("旭杨镇", "旭阳镇"),)), ())
    assert found(check, "截止目前，旭杨镇已完成") == [("GK396", "“截止目前”应为“截至目前”"),
                                                ("GK396", "“旭杨镇”应为“旭阳镇”")]
    assert [code for code, _ in found(check, "推进政务公开政务公开工作，公开的的信息")] == ["GK397", "GK397"]
    # Chinese that only looks doubled: an organ's name before 政府信息, 的的确确, 目的的, 标的的, numbers.
    for text in ("荣县人民政府政府信息公开指南", "依申请公开公开方式", "的的确确", "实现目的的手段", "合同标的的价值",
                 "2019201920192019", "| --- | --- | --- |"):
        assert found(check, text) == [], text


def test_the_build_reports_each_finding_at_its_line_and_only_misspellings_stop_it(make_site):
    body = "会议由县长李名华主持。\n\n截止目前，全县政务公开工作推进顺利，旭杨镇完成了的的任务。"
    root = make_site({"content/_data/wording.yml": WORDING,
                      "content/news/second.md": NEWS.format(title="副县长王小虹调研旭杨镇", body=body)})
    result = run_build(root)
    report = result.problems.report()
    assert not result.written
    seen = sorted((p.code, p.line, p.severity) for p in result.problems.items if p.path == "content/news/second.md")
    assert seen == [("GK395", 2, "error"), ("GK395", 6, "error"), ("GK396", 2, "error"), ("GK396", 8, "error"),
                    ("GK396", 8, "error"), ("GK397", 8, "warning")], report
    assert "县长是李明华" in report and "改为 旭阳镇" in report

    fixed = body.replace("李名华", "李明华").replace("截止", "截至").replace("旭杨", "旭阳")
    (root / "content/news/second.md").write_text(NEWS.format(title="副县长王小红调研旭阳镇", body=fixed), "utf-8")
    result = run_build(root)
    assert result.written, result.problems.report()
    assert [p.code for p in result.problems.warnings] == ["GK397"]  # 的的 is a warning: publishing goes on


def test_leaders_named_on_organ_pages_are_checked_without_a_dictionary(tmp_path):
    root = copy_example(tmp_path / "rongxian")
    organ = root / "content/xxgk/fdzdgknr/jgzn/czj.md"
    organ.write_text(re.sub(r"name: .某, title: 局长", "name: 赵建国, title: 局长", organ.read_text("utf-8"),
                            count=1), "utf-8")
    news = root / "content/zwdt/tjh-20190726.md"
    news.write_text(news.read_text("utf-8") + "\n县财政局局长赵建华介绍了预算公开情况。\n", "utf-8")
    result = run_build(root, write=False)
    [problem] = result.problems.errors
    assert (problem.code, problem.path) == ("GK395", "content/zwdt/tjh-20190726.md") and "局长是赵建国" in problem.message


def test_a_body_is_searched_for_longer_repeats_by_check_and_a_title_always(make_site):
    text = NEWS.format(title="推进会推进会召开", body="会议部署政务公开政务公开工作。")
    root = make_site({"content/news/second.md": text})
    built = run_build(root)
    assert built.written and [(p.code, p.line) for p in built.problems.warnings] == [("GK397", 2)]
    checked = run_build(root, write=False, inspection=True)
    assert [(p.code, p.line) for p in checked.problems.warnings] == [("GK397", 2), ("GK397", 6)]


def test_check_finds_placeholder_text_in_any_field_and_a_build_in_the_title_summary_and_body(tmp_path):
    root = copy_example(tmp_path / "rongxian")
    organ = root / "content/xxgk/fdzdgknr/jgzn/czj.md"
    organ.write_text(re.sub(r"name: .某, title: 局长", "name: （示例）负责人, title: 局长", organ.read_text("utf-8"), count=1),
                     "utf-8")
    news = root / "content/zwdt/tjh-20190726.md"
    news.write_text(news.read_text("utf-8") + "\n<!-- 在这里写：注释不发布 -->\n会议由XXX主持。\n", "utf-8")
    built = run_build(root, write=False)
    assert [(p.path, p.key) for p in built.problems.warnings if p.code == "GK398"] == [("content/zwdt/tjh-20190726.md", "")]
    checked = run_build(root, write=False, inspection=True)
    found = sorted((p.path, p.key) for p in checked.problems.warnings if p.code == "GK398")
    assert found == [("content/xxgk/fdzdgknr/jgzn/czj.md", "leaders"), ("content/zwdt/tjh-20190726.md", "")], found
