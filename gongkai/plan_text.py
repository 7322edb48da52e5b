"""A plan document read into lines, and the shape it is read into (Plan, Node): .txt (UTF-8 or GBK), .md or .docx, in simplified characters, task tables
written out as numbered lines, text pasted from a web page as one line cut back at its numbering."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.plan_units import LABELS, Units

NUMERALS = "一二三四五六七八九十"
KINDS_OF_PLAN = r"(?:政务公开|政府信息公开|信息公开)?[^。，,；;:：《》日]{0,12}?(?:工作要点(?:任务分工(?:方案|表)?|责任分工)?|任务分解表|任务分工(?:方案|表)|重点任务(?:一览表|清单)|实施方案|工作安排|工作方案|工作计划|任务清单)(?:范本)?"
TITLE = re.compile(rf"^(?!关于)(?!.*(?:的通知|的函)$).{{0,30}}?((?:19|20)\d{{2}})\s*年.{{0,24}}{KINDS_OF_PLAN}$")
# Text pasted from a web page comes as one line: it is cut before each number that follows a sentence's end.
FLATTENED = re.compile(rf"(?<=[。；;！!：:])\s*(?=(?:[{NUMERALS}]+、|[（(][{NUMERALS}]+[)）]|\d{{1,2}}[.．、](?!\d)))")
# ... and, in a line that long, before a (一) or 1. that follows a heading without a full stop, and around the title
RUN_ON = re.compile(rf"(?<=[\u4e00-\u9fff])(?=[（(][{NUMERALS}]+[)）]|(?<!第)\d{{1,2}}[.．](?!\d))")
TITLE_IN_TEXT = re.compile(rf"(?<![《印发于])((?:19|20)\d{{2}}\s*年[^。，,；;:：《》日]{{0,30}}?{KINDS_OF_PLAN})(?![》的])")
TABLE_HEADS = {"序号", "工作任务", "重点任务", "主要任务", "任务", "具体要求", "工作内容", "具体任务", "任务内容",
               "牵头单位", "牵头部门", "责任单位", "责任部门", "责任科室", "配合单位", "配合部门", "完成时限",
               "时限要求", "完成时间", "类别", "领域", "项目", "重点领域", "工作类别", "备注"}


@dataclass
class Node:
    number: str
    title: str
    text: list[str] = field(default_factory=list)
    units: Units | None = None
    children: list["Node"] = field(default_factory=list)
    line: int = 0


@dataclass
class Plan:
    title: str
    year: int
    opening: list[str]
    areas: list[Node]
    closing: list[str]


class PlanFormatError(ValueError):
    """The document could not be structured: says what was expected and the first line that failed."""


def read_lines(path: Path) -> list[str]:
    """Text lines of a .txt (UTF-8, GBK or GB18030), .md or .docx file, in simplified characters; a task table
    (in a .docx, or tab-separated text) is read into numbered lines as a plan written out would have them."""
    if path.suffix.lower() == ".docx":
        lines = _docx_lines(path)
    else:
        data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
        for encoding in ("utf-8", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise PlanFormatError("文件既不是 UTF-8 也不是 GBK/GB18030 文本，请另存为 UTF-8 文本或 .docx")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if path.suffix.lower() == ".md":
            lines = [re.sub(r"^#{1,6}\s*", "", re.sub(r"\*\*(.+?)\*\*", r"\1", line)) for line in lines]
        lines = _text_tables(_cell_per_line(lines))
    import opencc

    simplified = opencc.OpenCC("t2s")
    return [simplified.convert(line.strip().replace("\u3000", " ")) for line in lines]


def _docx_lines(path: Path) -> list[str]:
    """Paragraphs and tables in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            rows = [[cell.text.strip() for cell in row.cells] for row in Table(child, document).rows]
            lines += table_lines(rows)
    return lines


def _text_tables(lines: list[str]) -> list[str]:
    """Runs of tab- or |-separated lines (a table copied out of Word or a web page) read as a table."""
    out: list[str] = []
    run: list[list[str]] = []
    for line in lines + [""]:
        cells = [c.strip() for c in (line.strip().strip("|").split("|") if line.count("|") >= 2 else line.split("\t"))]
        if len(cells) >= 3:
            run.append(cells)
            continue
        if run:
            out += table_lines(run) if _header(run[0]) else ["\t".join(r) for r in run]
            run = []
        out.append(line)
    return out[:-1]


def _cell_per_line(lines: list[str]) -> list[str]:
    """A table pasted as one cell per line (序号 / 工作任务 / 牵头单位 … then 1 / … / …) turned back into tab-separated
    rows. The 序号 cells (1, 2, 3 …) mark where each row is; a row with more lines than columns had a cell broken
    over lines, and the extra lines are joined into its task cell."""
    lines = [line for line in lines if line.strip()]  # blank lines carry nothing in a plan; in such a table, nothing
    out: list[str] = []
    i = 0
    while i < len(lines):
        n = 0
        while i + n < len(lines) and re.sub(r"\s", "", lines[i + n]) in TABLE_HEADS:
            n += 1
        head = [re.sub(r"\s", "", line) for line in lines[i:i + n]]
        if n < 3 or "序号" not in head or not _header(head):
            out.append(lines[i])
            i += 1
            continue
        serial = head.index("序号")
        task = next((head.index(h) for h in TASK_HEADS if h in head), serial)
        out.append("\t".join(head))
        at, k = i + n, 1
        while at + serial < len(lines) and lines[at + serial].strip() == str(k):
            following = next((j for j in range(at + serial + 1, min(len(lines), at + serial + 4 * n))
                              if lines[j].strip() == str(k + 1)), None)
            end = following - serial if following is not None else at + n
            cells = [line.strip() for line in lines[at:end]]
            extra = len(cells) - n
            if extra > 0:
                cells[task:task + extra + 1] = ["".join(cells[task:task + extra + 1])]
            out.append("\t".join(cells + [""] * (n - len(cells))))
            at, k = end, k + 1
        i = at
    return out


TASK_HEADS = ("具体要求", "工作内容", "具体任务", "任务内容", "工作任务", "重点任务", "主要任务", "任务")


def _header(cells: list[str]) -> bool:
    return sum(re.sub(r"\s", "", c) in TABLE_HEADS for c in cells) >= 2


def table_lines(rows: list[list[str]]) -> list[str]:
    """A 任务分工表 as plan lines: its category column as areas (一、…), each row a task (（一）…) with its units
    and deadline in a parenthetical, as a written plan has them. A table that is not one is kept as text."""
    at = next((i for i, row in enumerate(rows) if _header(row)), None)
    if at is None:
        return ["　".join(c for c in row if c) for row in rows]
    head = [re.sub(r"\s", "", c) for c in rows[at]]

    def column(*names: str) -> int | None:  # the first of `names` the table has
        return next((head.index(name) for name in names if name in head), None)

    task = column(*TASK_HEADS)
    area = column("类别", "领域", "重点领域", "工作类别", "项目")
    if area is None:  # beside a 具体要求 column, 工作任务 names the group the rows belong to
        area = next((i for i, h in enumerate(head) if h in ("工作任务", "重点任务", "主要任务") and i != task), None)
    roles = [(i, h) for i, h in enumerate(head) if h in LABELS]
    lines: list[str] = []
    areas: list[str] = []
    count = 0
    for row in rows[at + 1:]:
        if len(row) < len(head) or not row[task].strip() or _header(row):
            continue
        name = row[area].strip() if area is not None else "主要任务"
        name = name or (areas[-1] if areas else "主要任务")  # a merged cell, copied once
        if not areas or areas[-1] != name:
            areas.append(name)
            lines.append(f"{numeral(len(areas))}、{name}")
            count = 0
        count += 1
        units = "；".join(f"{h}：{row[i].strip()}" for i, h in roles if row[i].strip())
        lines.append(f"（{numeral(count)}）{row[task].strip()}" + (f"（{units}）" if units else ""))
    return lines


def numeral(n: int) -> str:
    ones = "一二三四五六七八九"
    if n < 10:
        return ones[n - 1]
    tens, one = divmod(n, 10)
    return ("" if tens == 1 else ones[tens - 1]) + "十" + (ones[one - 1] if one else "")


def unflatten(line: str) -> list[str]:
    """A line pasted from a web page, holding the whole plan, cut back into its lines."""
    if len(line) <= 200:
        return FLATTENED.split(line)
    if not TITLE.match(line):
        line = TITLE_IN_TEXT.sub(lambda m: "\n" + m.group(1) + "\n", line, count=1)
    return [piece for part in line.split("\n") for chunk in FLATTENED.split(part) for piece in RUN_ON.split(chunk)]
