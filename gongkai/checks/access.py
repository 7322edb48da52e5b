"""What an editor's Markdown must give people who cannot see the page (GB/T 37668-2019, domain rules §12):
a picture's text alternative, link words that say where the link goes, header cells in a table, and the
text of a document that is otherwise only a PDF. Warnings: the page still helps everyone else."""

from __future__ import annotations

import re

from gongkai.documents import Document
from gongkai.problems import Problems

# Each pattern starts with a fixed "[", "!" or "<", which the regular expression engine looks for first (two
# patterns for images: an alternation would lose that): these run over every body of every build.
IMAGES_WITHOUT_ALT = (re.compile(r"!\[\s*\]\("),
                      re.compile(r"<(?i:img)\b(?![^>]*\b(?i:alt)\s*=\s*[\"'][^\"']*[^\s\"'])[^>]*>"))
VAGUE_LINK = re.compile(r"\[(?<!!\[)\s*(点击这里|点击此处|点击查看|点此|点击|这里|此处|详见|链接|(?i:more|click here))\s*\]\(")
TABLE = re.compile(r"<(?i:table)\b.*?</(?i:table)>", re.S)
DOCUMENT_FILE = re.compile(r"\.(pdf|ofd|docx?|wps|xlsx?|et)\b", re.I)
WORDS = re.compile(r"[\u4e00-\u9fff]")
LINK_OR_TAG = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<[^>]+>")
MIN_TEXT = 30  # Han characters; a line or two saying what the file holds


def check_access(doc: Document, body: str, problems: Problems) -> None:
    def line_of(offset: int) -> int:
        return doc.body_line + body.count("\n", 0, offset)

    for match in sorted((m for pattern in IMAGES_WITHOUT_ALT for m in pattern.finditer(body)), key=lambda m: m.start()):
        problems.warning("GK540", doc.label, line_of(match.start()), "图片没有替代文字，读屏软件的用户不知道图上是什么",
                         "在方括号中写明图片内容，例如 ![县政府召开政务公开工作推进会](hy.jpg)", rule="accessibility")
    for match in VAGUE_LINK.finditer(body):
        problems.warning("GK541", doc.label, line_of(match.start()), f"链接文字“{match.group(1)}”没有说明链接到哪里",
                         "用链接目标的名称作链接文字，例如 [荣县2019年政务公开工作要点](../gzyd/2019/_index.md)",
                         rule="accessibility")
    for match in TABLE.finditer(body):
        if "<th" not in match.group().lower():
            problems.warning("GK542", doc.label, line_of(match.start()), "表格没有表头单元格（<th>），读屏软件无法说明各列含义",
                             "第一行用 <th> 写列名，或改用 Markdown 表格（第一行自动成为表头）", rule="accessibility")
    files = getattr(doc.meta, "attachments", ()) or DOCUMENT_FILE.findall(body)
    if files and len(WORDS.findall(LINK_OR_TAG.sub("", body))) < MIN_TEXT:
        problems.warning("GK543", doc.label, doc.body_line, "正文几乎只有附件：扫描的 PDF 等文件读屏软件读不出，手机上也不便查看",
                         "在正文中写出文件的主要内容，或附上文字版", rule="accessibility")
