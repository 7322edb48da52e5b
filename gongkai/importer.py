"""`import-plan`: turn a 政务公开工作要点 document (text, GBK text, .docx or Markdown) into the plan's
content files — areas, tasks, sub-tasks, units by role with the source wording kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gongkai.config import SiteConfig
from gongkai.plan_files import Change, Conflict, cited_tasks, place, plan_files, renumbered_references
from gongkai.plan_text import NUMERALS, TABLE_HEADS, TITLE, Node, Plan, PlanFormatError, numeral, read_lines, unflatten
from gongkai.plan_units import parse_units, split_units
from gongkai.problems import nearest
from gongkai.yaml_edit import dump, load, split, value

AREA = re.compile(rf"^([{NUMERALS}]+)[、.．]\s*(.+)$")
TASK = re.compile(rf"^[（(]([{NUMERALS}]+)[)）]\s*(.+)$")
SUBTASK = re.compile(r"^(\d{1,2})[.．、]\s*(?!\d)(.+)$")
CHROME = re.compile(r"^(分享到|来源[:：]|打印|关闭|【|字号|阅读[:：]|责任编辑|扫一扫|浏览次数|点击次数|访问量|时间[:：]|"
                    r"发布日期[:：]|索引号|主题分类|发文机构|发文字号|成文日期|有效性|首页\s*>|当前位置|上一篇|下一篇|"
                    r"相关链接|【打印|\[打印)|发布时间[:：]")
FURNITURE = re.compile(r"^(（此件[^）]*）|\(此件[^)]*\)|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|抄送[:：].*|[^：:，,、。；;（）()]{2,30}(办公室|人民政府|委员会|领导小组)\s*)$")
ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?")
# An opening numbered as an area (一、总体要求), kept as the plan's text; a wrapper (二、主要任务) around the areas.
PREAMBLE = re.compile(r"^(总体要求|指导思想|工作目标|目标要求|基本原则|工作原则|总体目标|主要目标|目标任务)$")
WRAPPER = re.compile(r"^(主要任务|重点任务|工作任务|重点工作|主要工作|工作重点|重点工作任务|主要工作任务)$")


# --- structure ------------------------------------------------------------------------------

def _head(lines: list[str]) -> tuple[str, int, list[str], list[tuple[int, str]]]:
    """The plan's title, year and opening, and its numbered body (line number, text), past any covering notice."""
    lines = [piece for line in lines for piece in unflatten(line)]
    content = [(i + 1, line.strip()) for i, line in enumerate(lines)
               if line.strip() and not CHROME.search(line.strip())]
    starts = [n for n, (_, line) in enumerate(content) if AREA.match(line) or TASK.match(line)]
    if not starts:
        raise PlanFormatError("没有找到“一、……”这样的领域标题，也没有“（一）……”这样的任务，不像工作要点正文" + _nearest(content))
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
    return title, year, [line for _, line in body[:first] if not FURNITURE.match(line)], body[first:]


def _nearest(content: list[tuple[int, str]]) -> str:
    """The line where reading stopped, and the layout the document comes nearest to."""
    table = next(((n, line) for n, line in content if sum(h in line for h in TABLE_HEADS) >= 3), None)
    numbered = next(((n, line) for n, line in content if SUBTASK.match(line)), None)
    chapters = next(((n, line) for n, line in content if re.match(rf"^第[{NUMERALS}]+[条章部节]", line)), None)
    if table:
        return (f"。第 {table[0]} 行像任务分工表的表头「{table[1][:40]}」。请用 Word 文件（.docx）导入，或让每格之间用制表符"
                "（Tab）分隔、或每格单独一行")
    if numbered:
        return (f"。第 {numbered[0]} 行起只有“1. 2.”这样的编号「{numbered[1][:40]}」。请在它们上面加上“一、……”这样的"
                "领域标题（或把它们改成“（一）……”）")
    if chapters:
        return f"。第 {chapters[0]} 行是“第一条”“第一部分”这样的编号「{chapters[1][:40]}」。请改成“一、……”"
    return "（" + next((f"第 {n} 行：{line[:40]}" for n, line in content), "文件是空的") + "）"


def parse(lines: list[str]) -> Plan:
    title, year, opening, body = _head(lines)
    areas: list[Node] = []
    closing: list[str] = []
    task: Node | None = None
    sub: Node | None = None
    mode = "area"  # or "preamble": an opening numbered as an area; "wrapper": its (一) are the areas
    for line_no, line in body:
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
            areas.append(Node(numeral(len(areas) + 1), task_match.group(2).rstrip("。"), line=line_no))
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


# A name for many units (县政府各部门, 各乡镇人民政府, 有关单位) is a group of site.yml, not an organ.
COLLECTIVE = re.compile(r"^(各|全县|全市|县直|市直|区直|有关|相关|其他|其它)|(各部门|各单位|有关部门|有关单位|相关部门|相关单位|"
                        r"各科室|各乡镇|各街道|各镇|各乡)(人民政府|政府|办事处)?$")


@dataclass(frozen=True)
class ImportResult:
    plan: Plan
    changes: tuple[Change, ...]
    missing: tuple[tuple[str, str | None], ...]
    conflicts: tuple[Conflict, ...] = ()


def import_plan(root: Path, source: Path, section: str, config: SiteConfig, dry_run: bool,
                add: bool) -> ImportResult:
    """Parse the document and write (or, in a dry run, only compare) the plan's files."""
    plan = parse(read_lines(source))
    missing = tuple(match_units(plan, config))
    folder = root / "content" / section / str(plan.year)
    placed = place(plan, folder)
    files, conflicts = plan_files(plan, placed, folder)
    references, unreadable = renumbered_references(root, folder, plan, placed)
    files |= references
    changes = []
    for path, text in files.items():
        old = path.read_text("utf-8") if path.is_file() else None
        action = "新建" if old is None else "不变" if old == text else "更新"
        label = str(load(split(text)[0] or "").get("title", "")) if path.is_relative_to(folder) else "落实任务的编号随任务改变"
        changes.append(Change(path, action, label))
    cited = cited_tasks(root, folder)
    kept = {path for path in placed.dropped if path.relative_to(root / "content").as_posix() in cited}
    kept |= {path.parent / "_index.md" for path in kept}  # a kept task keeps its area
    for path in placed.dropped:
        keep = path in kept
        changes.append(Change(path, "保留" if keep else "删除",
                              "已从工作要点中删去，但仍有信息引用它：改掉引用后再删除" if keep else "已从工作要点中删去"))
    if not dry_run and (add or not missing):
        for change in changes:
            if change.action == "删除":
                change.path.unlink()
                if change.path.parent != folder and not any(change.path.parent.iterdir()):
                    change.path.parent.rmdir()
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text("utf-8") != text:
                path.write_text(text, "utf-8")
        section_index = root / "content" / section / "_index.md"
        if not section_index.is_file():
            section_index.write_text("---\ntitle: 政务公开工作要点\nnav_title: 工作要点\n---\n", "utf-8")
        if add and missing:
            config_path = root / "site.yml"
            groups = [name for name, _ in missing if COLLECTIVE.search(name)]
            organs = [name for name, _ in missing if name not in groups]
            config_path.write_text(registered(config_path.read_text("utf-8"), organs, groups, config), "utf-8")
    return ImportResult(plan, tuple(changes), missing, tuple(conflicts + unreadable))


def registered(config_text: str, organs: list[str], groups: list[str], config: SiteConfig) -> str:
    """site.yml with the new organs and groups added at the end of their lists, each marked with a comment that
    says what to check; the rest of the file (comments, order, quoting) as it was."""
    data = load(config_text)
    taken = {o.id for o in config.organs}
    for key, names in (("organs", organs), ("groups", groups)):
        if not names:
            continue
        if not isinstance(data.get(key), list):
            data[key] = value([])
        for name in names:
            if key == "organs":
                n = 1
                while f"imp{n}" in taken:
                    n += 1
                taken.add(f"imp{n}")
                entry = {"id": f"imp{n}", "name": name, "short": name, "code": "000000000", "level": "department"}
                note = "import-plan 添加：请核对全称并填写机构代码"
            else:
                entry = {"name": name, "level": "township" if re.search(r"乡|镇|街道", name) else "department"}
                note = "import-plan 添加的单位统称：核对它包括哪些机构"
            node = value(entry)
            node.fa.set_flow_style()
            data[key].append(node)
            data[key].yaml_add_eol_comment(note, len(data[key]) - 1)
    return dump(data)
