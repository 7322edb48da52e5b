"""Markdown rendering: passing plain text over gives exactly Python-Markdown's own HTML."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from conftest import REPO
from gongkai.load import split_document
from gongkai.markup import MarkdownConverter, _PlainTextInline
from gongkai.problems import Problems


def stock() -> MarkdownConverter:
    converter = MarkdownConverter()
    converter.md.treeprocessors.register(InlineProcessor(converter.md), "inline", 20)
    return converter


def both(body: str) -> tuple[str, str]:
    def link_for(target: PurePosixPath) -> str:
        return "../" + target.as_posix()

    src = PurePosixPath("news/page.md")
    return (MarkdownConverter().render(body, src, 5, link_for).html, stock().render(body, src, 5, link_for).html)


def test_the_shortcut_is_installed_for_the_patterns_it_knows():
    assert isinstance(MarkdownConverter().md.treeprocessors["inline"], _PlainTextInline)


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
                          "[^1]", "[^1]: 注", "[链接](a.md)", "![图](b.png)", "<https://x.cn>", "{#id}", "## "])
TEXT = st.lists(st.one_of(MARKUP, st.text(alphabet="政务公开荣县，。、abc 123", min_size=1, max_size=8)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_markdown_renders_as_python_markdown_renders_it(parts):
    ours, theirs = both("".join(parts))
    assert ours == theirs
