"""Markdown rendering: passing plain text over gives exactly Python-Markdown's own HTML."""

from __future__ import annotations

import copy
from xml.etree.ElementTree import Comment, Element, ProcessingInstruction, SubElement
from pathlib import PurePosixPath

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.blockparser import BlockParser
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.serializers import to_html_string
from markdown.treeprocessors import InlineProcessor

from conftest import REPO
from gongkai.load import split_document
from gongkai.markdown_shortcuts import (BLOCK_NEEDS, ONLY_IF, _Blocks, _BlockNeeds, _OnlyIf, _PlainTextInline, _Table,
                                       _Toc, to_html)
from gongkai.markup import SANITIZER, MarkdownConverter
from gongkai.model.urls import relative
from gongkai.problems import Problems


def stock() -> MarkdownConverter:
    """A converter with Python-Markdown's own processors in place of our shortcuts, whose HTML always goes
    through the sanitizer."""
    converter = MarkdownConverter()
    converter.md.treeprocessors.deregister("gongkai_sanitary")
    converter.md.serializer = to_html_string
    converter.md.treeprocessors.register(InlineProcessor(converter.md), "inline", 20)
    toc = next(extension for extension in converter.md.registeredExtensions if isinstance(extension, TocExtension))
    converter.md.treeprocessors.register(TocTreeprocessor(converter.md, toc.getConfigs()), "toc", 5)
    for registry in [getattr(converter.md, kind) for kind in ONLY_IF] + [converter.md.parser.blockprocessors]:
        for item in list(registry._priority):
            if isinstance(registry[item.name], (_OnlyIf, _BlockNeeds)):
                registry.register(registry[item.name].inner, item.name, item.priority)
    blocks = converter.md.parser.blockprocessors
    blocks.register(TableProcessor(converter.md.parser, blocks["table"].config), "table", 75)
    converter.md.parser.__class__ = BlockParser
    return converter


def both(body: str) -> tuple[str, str]:
    def link_for(target: PurePosixPath) -> str:
        return "../" + target.as_posix()

    src = PurePosixPath("news/page.md")
    ours, theirs = MarkdownConverter().render(body, src, 5), stock().render(body, src, 5)
    assert ours.toc == theirs.toc
    # The serializer on its own, before the sanitizer (which would hide its slips), on each tree it is given.
    trees, converter = [], stock()
    converter.md.serializer = lambda root: trees.append(copy.deepcopy(root)) or to_html_string(root)
    converter.render(body, src, 5)
    assert all(to_html(tree) == to_html_string(tree) for tree in trees)
    return ours.resolve(link_for)[0], theirs.resolve(link_for)[0]


def test_the_shortcuts_are_installed_for_the_processors_they_know():
    md = MarkdownConverter().md
    assert isinstance(md.treeprocessors["inline"], _PlainTextInline)
    assert isinstance(md.treeprocessors["toc"], _Toc)
    assert [item.priority for item in md.treeprocessors._priority if item.name == "toc"] == [5]
    assert type(stock().md.treeprocessors["toc"]) is TocTreeprocessor
    wrapped = {item.name for kind in ONLY_IF for item in getattr(md, kind)._priority
               if isinstance(getattr(md, kind)[item.name], _OnlyIf)}
    assert wrapped == {"attr_list", "unescape", "html_block"}
    blocks = md.parser.blockprocessors
    assert {item.name for item in blocks._priority if isinstance(blocks[item.name], _BlockNeeds)} == set(BLOCK_NEEDS)
    assert isinstance(blocks["table"].inner, _Table) and type(md.parser) is _Blocks and md.serializer is to_html
    assert markdown.Markdown(output_format="html").serializer is to_html_string  # (other instances keep theirs)
    assert [item.priority for item in blocks._priority if item.name == "table"] == [75]
    assert not any(isinstance(item, _OnlyIf) for item in stock().md.treeprocessors)
    assert not any(isinstance(item, (_BlockNeeds, _Table)) for item in stock().md.parser.blockprocessors)
    assert type(stock().md.parser) is BlockParser
    assert [item.priority for item in md.treeprocessors._priority][-2:] == [0, -1]  # unescape, then _Sanitary


def test_every_example_page_renders_as_python_markdown_renders_it():
    bodies = []
    for path in sorted((REPO / "content").rglob("*.md")):
        parts = split_document(path.read_text("utf-8"), str(path), Problems())
        bodies.append(parts[1])
    assert len(bodies) > 100
    for body in bodies:
        ours, theirs = both(body)
        assert ours == theirs


MARKUP = st.sampled_from(["*", "**", "_", "__", "`", "\\", "[", "]", "(", ")", "!", "<", ">", "&", ";", "#", "{", "}",
                          ":", "^", "  \n", "\n", "\n\n", "- ", "1. ", "| ", " |", "---", "> ", "    ", "<b>", "&amp;",
                          "[^1]", "[^1]: 注", "[链接](a.md)", "![图](b.png)", "<https://x.cn>", "{#id}", "## ", "\t", "\r",
                          "标题\n===", "# 甲 #", "## 乙 {#丙}", "&gt;", "  ", " \n"])
TEXT = st.lists(st.one_of(MARKUP, st.text(alphabet="政务公开荣县，。、abc 123", min_size=1, max_size=8)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_markdown_renders_as_python_markdown_renders_it(parts):
    ours, theirs = both("".join(parts))
    assert ours == theirs


def test_links_to_content_files_are_filled_in_for_each_page_that_uses_the_rendering():
    body = "见[计划](../plan/a.md#任务)和![图](img.png)。\n\n另见[缺失](nope.md)与[外部](https://x.cn/)。"
    rendered = MarkdownConverter().render(body, PurePosixPath("news/b.md"), 7)
    urls = {PurePosixPath("plan/a.md"): "/plan/a/", PurePosixPath("news/img.png"): "/news/img.png"}

    def at(page: str):
        return lambda target: relative(urls[target], page) if target in urls else None

    html, broken = rendered.resolve(at("/news/b/"))
    assert '<a href="../../plan/a/#任务">计划</a>' in html and '<img alt="图" src="../img.png">' in html
    assert '<a href="https://x.cn/">外部</a>' in html and "<a>缺失</a>" in html
    assert [(b.href, b.line) for b in broken] == [("nope.md", 9)]
    assert rendered.token not in html
    html, _ = rendered.resolve(at("/b/"))
    assert '<a href="../plan/a/#任务">' in html and 'src="../news/img.png"' in html


def test_a_body_quoting_placeholder_like_text_keeps_it():
    body = '文中写着 href="gk0-0" 与 src="gk0-1"，[链接](a.md)'
    html, broken = MarkdownConverter().render(body, PurePosixPath("b.md"), 1).resolve(lambda target: "x/")
    assert 'href="gk0-0"' in html and 'href="x/"' in html and not broken


def test_every_block_shortcut_still_lets_its_processor_see_its_blocks():
    body = ("标题\n===\n\n副标题\n---\n\n# 一级\n\n> 引用\n\n***\n\n| 项目 | 数量 |\n| --- | ---: |\n| 甲 | 1 |\n\n"
            "见[文件][1]与脚注[^注]。\n\n[1]: https://www.gov.cn/\n[^注]: 脚注内容。\n")
    ours, theirs = both(body)
    assert ours == theirs
    for part in ("<h1 id=\"标题\">", "<h2 id=\"副标题\">", "<h1 id=\"一级\">", "<blockquote>", "<hr>", "<table>",
                 'href="https://www.gov.cn/"', 'class="footnote"'):
        assert part in ours, part


def test_the_serializer_writes_any_tree_as_python_markdowns_own_does():
    root = Element("div", {"class": "甲", "id": "a&b"})
    root.text = "一 < 二 & 三 &amp; >"
    script = SubElement(root, "script")
    script.text, script.tail = "if (a < b && c) {}", " 尾 <"
    SubElement(root, "style").text = "p > a { color: red }"
    comment = Comment(" 注 <b> ")
    comment.tail = "注后"
    root.append(comment)
    root.append(ProcessingInstruction("php", "echo 1;"))
    bare = SubElement(root, None)  # a placeholder's parent: no tag of its own
    bare.text, bare.tail = "无标签 <i>", "后"
    SubElement(bare, "em").text = "强调"
    SubElement(root, "br").tail = "换行后 & "
    SubElement(root, "input", {"checked": "checked", "value": 'a"b\nc', "disabled": None, "name": "n"})
    SubElement(root, "img", {"alt": "图 <1>", "src": "a.png?x=1&y=2"})
    SubElement(root, "p", {"hidden": "hidden"}).text = ""
    assert to_html(root) == to_html_string(root)


@pytest.mark.parametrize("row", ["| `a|b` | 丙 |", "| 甲 \\| 乙 | 丙 |", "| \\\\ | 丙 |", "| ``x|y`` | \\`|` |",
                                 "| 甲 | 乙 |", "甲 | 乙 | 丙"])
def test_a_table_row_splits_at_its_pipes_as_python_markdown_splits_it(row):
    body = f"| 项目 | 说明 |\n| --- | :-: |\n{row}\n| 末行 | 完 |\n"
    ours, theirs = both(body)
    assert ours == theirs and "<table>" in ours


HOSTILE = ["[甲](javascript:alert(1))", "[甲](JavaScript:alert(1))", "[甲]( javascript:alert(1))",
           "[甲](java\tscript:alert(1))", "[甲](&#106;avascript:alert(1))", "![图](data:image/png;base64,AAAA)",
           "[甲](vbscript:x)", "[甲](HTTP://x.cn/)", "[甲](tel:12345)", "[甲](mailto:a@b.cn)", "[甲](//x.cn/a)",
           "[甲](java\\:script)", "[甲](a b.pdf)", "段落\n{: onclick=\"alert(1)\" style=\"color:red\" }",
           "段落\n{: ID=\"大写\" }", "段落\n{: data-x=\"1\" title=\"标题\" }", "[[内](b.md)](c.md)",
           "[外 [内](https://x.cn/)](https://y.cn/)", "甲\x0c乙", "甲\x85乙", "甲\xa0乙", "`\x02`", "甲 &copy; 乙",
           "| 左 | 右 |\n| :-- | --: |\n| 1 | 2 |", "[甲](https://x.cn/?a=1&b=2)", "脚注[^1]\n\n[^1]: 注"]


@pytest.mark.parametrize("body", HOSTILE)
def test_html_that_skips_the_sanitizer_is_what_the_sanitizer_would_write(body):
    ours, theirs = both(body)
    assert ours == theirs
    assert "javascript" not in ours.lower() and "onclick" not in ours and "style" not in ours


@pytest.mark.parametrize("code", [*range(0x00, 0x20), *range(0x7f, 0xa1), 0x2028, 0xfeff, 0xfffe, 0xffff])
def test_any_character_in_any_place_skips_the_sanitizer_only_if_it_would_stay(code):
    c = chr(code)
    text = f"甲{c}乙\n\n## 标{c}题\n\n- 项{c}\n\n| 列{c} | 乙 |\n| --- | --- |\n| 值{c} | 2 |\n\n    代码{c}\n"
    links = f"[链{c}接](https://x.cn/{c}) ![图{c}](a.png)\n{{: title=\"题{c}\" }}"  # (apart: such a link sends all to nh3)
    for body in (text, links):
        ours, theirs = both(body)
        assert ours == theirs


def test_plain_markdown_is_not_given_to_the_sanitizer(monkeypatch):
    import gongkai.markup as markup

    given = []
    monkeypatch.setattr(markup, "SANITIZER", type("Spy", (), {"clean": lambda self, html: given.append(html) or html})())
    body = ("## 一、总体要求\n\n全面推进政务公开，见[计划](../plan/a.md)与[国务院](https://www.gov.cn/)。\n\n- 甲\n- 乙\n\n"
            "| 项目 | 金额 |\n| --- | ---: |\n| 公开 | 12 |\n\n![图](a.png)")
    html = MarkdownConverter().render(body, PurePosixPath("news/a.md"), 1).html
    assert not given and "<table>" in html and "style" not in html and "<h2" in html
    MarkdownConverter().render("[甲](javascript:x)", PurePosixPath("a.md"), 1)
    assert len(given) == 1


@pytest.mark.parametrize("url, kept", [("https://x.cn/a", True), ("gk0a-1#目录", True), ("#fn:1", True), ("//x.cn", True),
                                       ("mailto:a@b.cn", True), ("a/b.pdf", True), ("\tjavascript:x", False),
                                       ("java\nscript:x", False), ("\x85javascript:x", False), ("data:,x", False),
                                       ("https://x.cn/a b", False), ("HTTPS://x.cn/", False), (None, False)])
def test_a_link_skips_the_sanitizer_only_if_it_would_keep_it_as_it_is(url, kept):
    """Kept: the sanitizer keeps it byte for byte. Not kept: it is dangerous, or left to the sanitizer to decide."""
    from gongkai.markup import _kept_as_it_is

    assert _kept_as_it_is(url) is kept
    html = f'<a href="{url}">甲</a>'
    if kept:
        assert SANITIZER.clean(html) == html
    elif url in ("\tjavascript:x", "java\nscript:x", "data:,x"):  # (URL parsers take out tabs and line breaks)
        assert SANITIZER.clean(html) == "<a>甲</a>"


def test_a_link_inside_a_link_is_left_to_the_sanitizer():
    from gongkai.markup import _sanitary

    root = Element("div")  # Python-Markdown's wrapper
    outer = SubElement(SubElement(root, "p"), "a", {"href": "https://x.cn/"})
    SubElement(SubElement(outer, "sup"), "a", {"href": "#fn:1"})
    assert not _sanitary(root)
    outer.tag = "span"
    assert _sanitary(root)  # the same link, not inside another
    assert SANITIZER.clean('<a href="https://x.cn/"><sup><a href="#fn:1">1</a></sup></a>') != \
        '<a href="https://x.cn/"><sup><a href="#fn:1">1</a></sup></a>'
