"""`import-plan`: turn a 政务公开工作要点 document (text, GBK text, .docx or Markdown) into the plan's
content files — areas, tasks, sub-tasks, units by role with the source wording kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.config import SiteConfig
from gongkai.problems import nearest

MARKER = "<!-- 以下为编辑补充，重新导入时保留 -->"
NUMERALS = "一二三四五六七八九十"
AREA = re.compile(rf"^([{NUMERALS}]+)[、.．]\s*(.+)$")
TASK = re.compile(rf"^[（(]([{NUMERALS}]+)[)）]\s*(.+)$")
SUBTASK = re.compile(r"^(\d{1,2})[.．、]\s*(?!\d)(.+)$")
KINDS_OF_PLAN = r"(?:政务公开|政府信息公开|信息公开)?[^。，,；;:：《》日]{0,12}?(?:工作要点(?:任务分工(?:方案|表)?|责任分工)?|任务分解表|任务分工(?:方案|表)|重点任务(?:一览表|清单)|实施方案|工作安排|工作方案|工作计划|任务清单)(?:范本)?"
TITLE = re.compile(rf"^(?!关于)(?!.*(?:的通知|的函)$).{{0,30}}?((?:19|20)\d{{2}})\s*年.{{0,24}}{KINDS_OF_PLAN}$")
CHROME = re.compile(r"^(分享到|来源[:：]|打印|关闭|【|字号|阅读[:：]|责任编辑|扫一扫|浏览次数|点击次数|访问量|时间[:：]|"
                    r"发布日期[:：]|索引号|主题分类|发文机构|发文字号|成文日期|有效性|首页\s*>|当前位置|上一篇|下一篇|"
                    r"相关链接|【打印|\[打印)|发布时间[:：]")
FURNITURE = re.compile(r"^(（此件[^）]*）|\(此件[^)]*\)|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|抄送[:：].*|.{2,30}(办公室|人民政府|委员会|领导小组)\s*)$")
ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?")
# An opening numbered as an area (一、总体要求), kept as the plan's text; a wrapper (二、主要任务) around the areas.
PREAMBLE = re.compile(r"^(总体要求|指导思想|工作目标|目标要求|基本原则|工作原则|总体目标|主要目标|目标任务)$")
WRAPPER = re.compile(r"^(主要任务|重点任务|工作任务|重点工作|主要工作|工作重点|重点工作任务|主要工作任务)$")
LABELS = {  # what a source calls a role → the role the site uses; None: a field of the task, not units
    "牵头单位": "牵头单位", "牵头部门": "牵头单位", "责任单位": "责任单位", "责任部门": "责任单位",
    "责任科室": "责任单位", "配合单位": "配合单位", "配合部门": "配合单位", "参与单位": "配合单位",
    "协办单位": "配合单位", "分工负责": "分工负责", "完成时限": None, "时间节点": None, "完成时间": None,
    "时限要求": None, "责任人": None, "备注": None,
}
ROLE = re.compile(r"(" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")\s*[:：]\s*")
DEADLINE = ("完成时限", "时间节点", "完成时间", "时限要求")
# 「X牵头，Y配合」「X、Y按职责分工负责」「X负责落实」: a clause that ends in what its units do
PHRASE = re.compile(r"^(.+?)(牵头负责|牵头落实|牵头|按职责分工负责|分工负责|分别负责|负责落实|负责|配合|参与|协同)$")
PHRASE_ROLES = {"牵头负责": "牵头单位", "牵头落实": "牵头单位", "牵头": "牵头单位", "按职责分工负责": "分工负责",
                "分工负责": "分工负责", "分别负责": "责任单位", "负责落实": "牵头单位", "负责": "牵头单位",
                "配合": "配合单位", "参与": "配合单位", "协同": "配合单位"}
SEPARATORS = re.compile(r"[、，,；;]\s*")
# Text pasted from a web page comes as one line: it is cut before each number that follows a sentence's end.
FLATTENED = re.compile(rf"(?<=[。；;！!：:])\s*(?=(?:[{NUMERALS}]+、|[（(][{NUMERALS}]+[)）]|\d{{1,2}}[.．、](?!\d)))")
# ... and, in a line that long, before a (一) or 1. that follows a heading without a full stop, and around the title
RUN_ON = re.compile(rf"(?<=[\u4e00-\u9fff])(?=[（(][{NUMERALS}]+[)）]|(?<!第)\d{{1,2}}[.．](?!\d))")
TITLE_IN_TEXT = re.compile(rf"(?<![《印发于])((?:19|20)\d{{2}}\s*年[^。，,；;:：《》日]{{0,30}}?{KINDS_OF_PLAN})(?![》的])")
TABLE_HEADS = {"序号", "工作任务", "重点任务", "主要任务", "任务", "具体要求", "工作内容", "具体任务", "任务内容",
               "牵头单位", "牵头部门", "责任单位", "责任部门", "责任科室", "配合单位", "配合部门", "完成时限",
               "时限要求", "完成时间", "类别", "领域", "项目", "重点领域", "工作类别", "备注"}


class PlanFormatError(ValueError):
    """The document could not be structured: says what was expected and the first line that failed."""


@dataclass
class Units:
    roles: list[tuple[str, list[str]]]
    text: str  # the parenthetical as the source words it
    deadline: str = ""


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


# --- reading ------------------------------------------------------------------------------

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
        lines = _text_tables(lines)
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

    task = column("具体要求", "工作内容", "具体任务", "任务内容", "工作任务", "重点任务", "主要任务", "任务")
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
        if not areas or areas[-1] != name:
            areas.append(name)
            lines.append(f"{_numeral(len(areas))}、{name}")
            count = 0
        count += 1
        units = "；".join(f"{h}：{row[i].strip()}" for i, h in roles if row[i].strip())
        lines.append(f"（{_numeral(count)}）{row[task].strip()}" + (f"（{units}）" if units else ""))
    return lines


def _numeral(n: int) -> str:
    ones = "一二三四五六七八九"
    if n < 10:
        return ones[n - 1]
    tens, one = divmod(n, 10)
    return ("" if tens == 1 else ones[tens - 1]) + "十" + (ones[one - 1] if one else "")


# --- units ----------------------------------------------------------------------------------

def parse_units(text: str) -> Units | None:
    """Units as the source words them: labelled (牵头单位：…；责任单位：…；完成时限：…), as phrases (X牵头，Y配合 /
    X、Y按职责分工负责 / X负责落实), or a bare list of units."""
    inner = text.strip().strip("（）()").strip()
    if not inner:
        return None
    if ROLE.search(inner):
        parts = ROLE.split(inner)
        if parts[0].strip() and not all(_looks_like_unit(n) for n in _names(parts[0])):
            return None
        roles: list[tuple[str, list[str]]] = []
        deadline = ""
        for label, names in zip(parts[1::2], parts[2::2]):
            role = LABELS[label]
            if label in DEADLINE:
                deadline = names.strip().rstrip("；;。，,")
            elif role is not None and _names(names):
                roles.append((role, _names(names)))
        return Units(_joined(roles), inner, deadline) if roles or deadline else None
    roles = []
    for clause in re.split(r"[，,；;]\s*", inner.rstrip("。.")):
        found = PHRASE.match(clause.strip())
        names = _names(found.group(1)) if found else []
        if not found or not names or not all(_looks_like_unit(n) for n in names):
            roles = []
            break
        roles.append((PHRASE_ROLES[found.group(2)], names))
    if roles:
        return Units(_joined(roles), inner)
    names = _names(inner)
    if names and all(_looks_like_unit(n) for n in names):
        return Units([("未标注", names)], inner)
    return None


def _joined(roles: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """One entry per role, in the order the source first names it."""
    merged: dict[str, list[str]] = {}
    for role, names in roles:
        merged.setdefault(role, []).extend(n for n in names if n not in merged.get(role, []))
    return list(merged.items())


def _names(text: str) -> list[str]:
    return [n.strip() for n in SEPARATORS.split(text.strip().rstrip("。.")) if n.strip()]


def _looks_like_unit(name: str) -> bool:
    return len(name) <= 18 and bool(re.search(r"(局|办|委|府|室|会|院|队|所|中心|部门|政府|管委会|公司|单位|处|科|站|部|"
                                              r"乡镇|街道|镇|乡|办事处)$", name))


def split_units(text: str) -> tuple[str, Units | None]:
    """Take the units' parenthetical out of a paragraph, wherever it stands; the rest of the text is kept."""
    for match in reversed(list(re.finditer(r"[（(]([^（）()]*)[)）]", text))):
        units = parse_units(match.group(1))
        if units is not None:
            rest = (text[: match.start()].rstrip() + text[match.end():]).strip()
            return re.sub(r"^[。.]\s*|\s*(?<=[。.])[。.]$", "", rest).strip(), units
    return text, None


# --- structure ------------------------------------------------------------------------------

def _unflatten(line: str) -> list[str]:
    """A line pasted from a web page, holding the whole plan, cut back into its lines."""
    if len(line) <= 200:
        return FLATTENED.split(line)
    if not TITLE.match(line):
        line = TITLE_IN_TEXT.sub(lambda m: "\n" + m.group(1) + "\n", line, count=1)
    return [piece for part in line.split("\n") for chunk in FLATTENED.split(part) for piece in RUN_ON.split(chunk)]


def parse(lines: list[str]) -> Plan:
    lines = [piece for line in lines for piece in _unflatten(line)]
    content = [(i + 1, line.strip()) for i, line in enumerate(lines)
               if line.strip() and not CHROME.search(line.strip())]
    starts = [n for n, (_, line) in enumerate(content) if AREA.match(line) or TASK.match(line)]
    if not starts:
        shown = next((f"第 {n} 行：{line[:40]}" for n, line in content), "文件是空的")
        raise PlanFormatError("没有找到“一、……”这样的领域标题，也没有“（一）……”这样的任务，不像工作要点正文"
                              f"（{shown}）；如果是表格，请用 Word 文件（.docx）导入")
    titles = [n for n, (_, line) in enumerate(content) if TITLE.match(line) and any(s > n for s in starts)]
    if not titles:
        shown = next((line for _, line in content if len(line) > 4), "")
        raise PlanFormatError("没有找到工作要点的标题：应有一行像“荣县2019年政务公开工作要点”"
                              "（或“……工作要点任务分工”“……实施方案”），写明年份，后面接着“一、……”这样的正文"
                              + (f"；文件开头是：{shown[:40]}" if shown else ""))
    title_at = titles[-1]  # a covering notice names the plan before the plan's own title
    title = content[title_at][1]
    year = int(TITLE.match(title).group(1))
    body = content[title_at + 1:]
    first = next((n for n, (_, line) in enumerate(body) if AREA.match(line)), None)
    if first is None:  # tasks with no areas above them: one area holds them all
        first = next(n for n, (_, line) in enumerate(body) if TASK.match(line))
        body = body[:first] + [(body[first][0], "一、主要任务")] + body[first:]
    opening = [line for _, line in body[:first] if not FURNITURE.match(line)]
    areas: list[Node] = []
    closing: list[str] = []
    task: Node | None = None
    sub: Node | None = None
    mode = "area"  # or "preamble": an opening numbered as an area; "wrapper": its (一) are the areas
    for line_no, line in body[first:]:
        if ATTACHMENT.match(line) or closing and not AREA.match(line):  # 附件 and what follows: not the plan
            closing.append(line) if not FURNITURE.match(line) and not ATTACHMENT.match(line) else None
            continue
        if FURNITURE.match(line):
            continue
        area_match, task_match, sub_match = AREA.match(line), TASK.match(line), SUBTASK.match(line)
        if area_match:
            heading = area_match.group(2).rstrip("。")
            task = sub = None
            if PREAMBLE.match(heading) and not any(a.children for a in areas):
                mode = "preamble"
                opening.append(line)
                continue
            mode = "wrapper" if WRAPPER.match(heading) else "area"
            if mode == "area":
                areas.append(Node(area_match.group(1), heading, line=line_no))
            continue
        if mode == "preamble":
            opening.append(line)
            continue
        if mode == "wrapper" and task_match:  # 二、主要任务 （一）… 1. …: the (一) are the areas
            areas.append(Node(_numeral(len(areas) + 1), task_match.group(2).rstrip("。"), line=line_no))
            task = sub = None
            continue
        if mode == "wrapper" and not areas:
            opening.append(line)
            continue
        if task_match or (sub_match and task is None) or (mode == "wrapper" and sub_match):
            number = task_match.group(1) if task_match else sub_match.group(1)
            task = _titled(number, (task_match or sub_match).group(2), line_no)
            areas[-1].children.append(task)
            sub = None
        elif sub_match and task is not None:
            sub = _titled(sub_match.group(1), sub_match.group(2), line_no)
            task.children.append(sub)
        else:
            units = parse_units(line) if len(line) <= 160 else None
            target = sub or task
            if units is not None and target is not None and target.units is None:
                target.units = units
            elif task is None:
                areas[-1].text.append(line)
            elif _is_closing(line):
                closing.append(line)
                task = sub = None
            else:
                text, units = split_units(line)
                target.text.append(text)
                if units is not None and target.units is None:
                    target.units = units
    if not areas:
        raise PlanFormatError(f"“{title}”下面没有找到“一、……”这样的领域标题，也没有“（一）……”这样的任务")
    empty = [a for a in areas if not a.children and not a.text]
    if empty:
        raise PlanFormatError(f"第 {empty[0].line} 行的领域“{empty[0].number}、{empty[0].title}”下面没有任务；"
                              "任务应写成“（一）……”或“1. ……”")
    return Plan(title, year, opening, areas, closing)


def _titled(number: str, text: str, line_no: int) -> Node:
    """“（一）标题。正文……（单位）” → title, text and units."""
    text, units = split_units(text.lstrip("、.． "))
    title, dot, rest = text.partition("。")
    node = Node(number, title.strip(), [rest.strip()] if rest.strip() else [], units, line=line_no)
    if not dot and len(title) > 40:  # no sentence end: the whole line is text, the title its first clause
        node.title, node.text = re.split(r"[，,；;]", title, maxsplit=1)[0], [title]
    return node


def _is_closing(line: str) -> bool:
    return bool(re.match(r"^各(乡镇|部门|地|县|市|区|单位)", line)) and "纳入" in line


# --- files ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    path: Path
    action: str  # 新建 / 更新 / 不变
    label: str


def yaml_text(value: str) -> str:
    """A YAML scalar that stays a string: quote when it could be read otherwise."""
    if re.search(r"[:#\[\]{},&*!|>'\"%@`]|^[-?]|^\s|\s$", value) or value in ("", "true", "false", "是", "否"):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def _front_matter(pairs: list[tuple[str, str]]) -> list[str]:
    return [f"{k}: {v}" for k, v in pairs]


def _units_yaml(units: Units | None, indent: str = "") -> list[str]:
    if units is None or not units.roles:
        return []
    lines = [f"{indent}units:"]
    for role, names in units.roles:
        lines.append(f"{indent}  - role: {role}")
        lines.append(f"{indent}    names: [{', '.join(yaml_text(n) for n in names)}]")
    lines.append(f"{indent}units_text: {yaml_text(units.text)}")
    return lines


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Front-matter lines grouped by top-level key (a key line and its indented continuation)."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        if line and not line[0].isspace() and not line.startswith("- "):
            blocks.append((line.split(":", 1)[0].strip(), [line]))
        elif blocks:
            blocks[-1][1].append(line)
    return blocks


def _merge(path: Path, managed: list[str], managed_keys: set[str], body: str) -> str:
    """New managed fields and text; keep what editors added (other fields, in place, and all below MARKER)."""
    new = dict(_blocks(managed))
    head: list[str] = []
    kept_body = "\n"
    if path.is_file():
        old = path.read_text("utf-8")
        if old.startswith("---\n") and "\n---\n" in old[4:]:
            old_head, _, old_body = old[4:].partition("\n---\n")
            for key, lines in _blocks(old_head.split("\n")):
                if key in managed_keys:
                    head += new.pop(key, [])
                else:
                    head += lines
            if MARKER in old_body:
                kept_body = old_body.split(MARKER, 1)[1]
    for lines in new.values():  # managed fields the file did not have yet, in their usual order
        head += lines
    return "---\n" + "\n".join(head) + "\n---\n" + body.rstrip("\n") + "\n\n" + MARKER + kept_body


TASK_KEYS = {"title", "number", "units", "units_text", "subtasks", "deadline"}
AREA_KEYS = {"title", "kind", "number", "weight"}
PLAN_KEYS = {"title", "kind", "year", "summary"}


def plan_files(plan: Plan, folder: Path) -> dict[Path, str]:
    files: dict[Path, str] = {}
    summary = plan.opening[0][:80] if plan.opening else plan.title
    managed = _front_matter([("title", yaml_text(plan.title)), ("kind", "plan"), ("year", str(plan.year)),
                             ("summary", yaml_text(summary))])
    body = "\n\n".join(plan.opening + plan.closing)
    files[folder / "_index.md"] = _merge(folder / "_index.md", managed, PLAN_KEYS, body)
    for a, area in enumerate(plan.areas, start=1):
        area_dir = folder / str(a)
        managed = _front_matter([("title", yaml_text(area.title)), ("kind", "area"), ("number", area.number),
                                 ("weight", str(a))])
        files[area_dir / "_index.md"] = _merge(area_dir / "_index.md", managed, AREA_KEYS, "\n\n".join(area.text))
        for t, task in enumerate(area.children, start=1):
            number = task.number if task.number.isdigit() else f"（{task.number}）"
            managed = _front_matter([("title", yaml_text(task.title)), ("number", number)])
            managed += _units_yaml(task.units)
            if task.units and task.units.deadline:
                managed.append(f"deadline: {yaml_text(task.units.deadline)}")
            if task.children:
                managed.append("subtasks:")
                for sub in task.children:
                    managed.append(f"  - number: \"{sub.number}\"")
                    managed.append(f"    title: {yaml_text(sub.title)}")
                    if sub.text:
                        managed.append(f"    text: {yaml_text(' '.join(sub.text))}")
                    managed += _units_yaml(sub.units, "    ")
            files[area_dir / f"{t}.md"] = _merge(area_dir / f"{t}.md", managed, TASK_KEYS, "\n\n".join(task.text))
    return files


def match_units(plan: Plan, config: SiteConfig) -> list[tuple[str, str | None]]:
    """Unit names no organ or group in site.yml answers to, each with the nearest known name."""
    known = [o.name for o in config.organs] + [o.short for o in config.organs] + [g.name for g in config.groups]
    missing: dict[str, str | None] = {}
    for area in plan.areas:
        for node in area.children + [s for t in area.children for s in t.children]:
            for _, names in (node.units.roles if node.units else []):
                for name in names:
                    if config.organ(name) is None and config.group(name) is None and name not in missing:
                        missing[name] = nearest(name, known)
    return list(missing.items())


def add_organs(config_text: str, lines: list[str]) -> str:
    """Insert organ lines at the end of site.yml's organs list, leaving the rest of the file as it was."""
    rows = config_text.split("\n")
    start = next(i for i, row in enumerate(rows) if row.startswith("organs:"))
    end = start + 1
    while end < len(rows) and (rows[end].startswith((" ", "-", "#")) or not rows[end].strip()):
        end += 1
    while end > start + 1 and not rows[end - 1].strip():
        end -= 1
    return "\n".join(rows[:end] + lines + rows[end:])


@dataclass(frozen=True)
class ImportResult:
    plan: Plan
    changes: tuple[Change, ...]
    missing: tuple[tuple[str, str | None], ...]


def import_plan(root: Path, source: Path, section: str, config: SiteConfig, dry_run: bool,
                add: bool) -> ImportResult:
    """Parse the document and write (or, in a dry run, only compare) the plan's files."""
    plan = parse(read_lines(source))
    missing = tuple(match_units(plan, config))
    folder = root / "content" / section / str(plan.year)
    files = plan_files(plan, folder)
    changes = []
    for path, text in files.items():
        old = path.read_text("utf-8") if path.is_file() else None
        action = "新建" if old is None else "不变" if old == text else "更新"
        changes.append(Change(path, action, text.split("\n", 2)[1].removeprefix("title: ")))
    if not dry_run and (add or not missing):
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text("utf-8") != text:
                path.write_text(text, "utf-8")
        section_index = root / "content" / section / "_index.md"
        if not section_index.is_file():
            section_index.write_text("---\ntitle: 政务公开工作要点\nnav_title: 工作要点\n---\n", "utf-8")
        if add and missing:
            config_path = root / "site.yml"
            config_path.write_text(add_organs(config_path.read_text("utf-8"), organ_lines(list(missing), config)), "utf-8")
    return ImportResult(plan, tuple(changes), missing)


def organ_lines(missing: list[tuple[str, str | None]], config: SiteConfig) -> list[str]:
    """site.yml lines for organs `--add-organs` registers (their codes must be filled in by hand)."""
    taken = {o.id for o in config.organs}
    lines = []
    for n, (name, _) in enumerate(missing, start=1):
        organ_id = f"imp{n}"
        while organ_id in taken:
            n += 100
            organ_id = f"imp{n}"
        taken.add(organ_id)
        lines.append(f"  - {{id: {organ_id}, name: {name}, short: {name}, code: \"000000000\", level: department}}"
                     "  # import-plan 添加：请核对全称并填写机构代码")
    return lines
