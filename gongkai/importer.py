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
AREA = re.compile(rf"^([{NUMERALS}]+)、\s*(.+)$")
TASK = re.compile(rf"^[（(]([{NUMERALS}]+)[)）]\s*(.+)$")
SUBTASK = re.compile(r"^(\d{1,2})[.．、]\s*(.+)$")
TITLE = re.compile(r"^(?!关于).{0,30}?((?:19|20)\d{2})\s*年.{0,20}工作要点$")
CHROME = re.compile(r"^(分享到|来源[:：]|打印|关闭|【|字号|阅读[:：]|责任编辑|扫一扫)|发布时间[:：]")
ROLE = re.compile(r"(牵头单位|责任单位|配合单位|协办单位)\s*[:：]\s*")
SEPARATORS = re.compile(r"[、，,；;]\s*")


class PlanFormatError(ValueError):
    """The document could not be structured: says what was expected and the first line that failed."""


@dataclass
class Units:
    roles: list[tuple[str, list[str]]]
    text: str  # the parenthetical as the source words it


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
    """Text lines of a .txt (UTF-8, GBK or GB18030), .md or .docx file, with page chrome dropped."""
    if path.suffix.lower() == ".docx":
        import docx

        lines = [p.text for p in docx.Document(str(path)).paragraphs]
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
    return [line.strip().replace("\u3000", " ") for line in lines]


# --- units ----------------------------------------------------------------------------------

def parse_units(text: str) -> Units | None:
    """Units as the source words them: 牵头单位：…，责任单位：… / …分工负责 / …牵头落实 / a bare list."""
    inner = text.strip().strip("（）()").strip()
    if not inner:
        return None
    if ROLE.search(inner):
        parts = ROLE.split(inner)[1:]
        roles = [(role, _names(names)) for role, names in zip(parts[0::2], parts[1::2])]
        return Units([(r, n) for r, n in roles if n], inner)
    for suffix, role in (("分工负责", "分工负责"), ("牵头落实", "牵头单位"), ("牵头负责", "牵头单位"), ("负责", "牵头单位")):
        if inner.endswith(suffix):
            return Units([(role, _names(inner[: -len(suffix)]))], inner)
    names = _names(inner)
    if names and all(_looks_like_unit(n) for n in names):
        return Units([("未标注", names)], inner)
    return None


def _names(text: str) -> list[str]:
    return [n.strip() for n in SEPARATORS.split(text.strip().rstrip("。.")) if n.strip()]


def _looks_like_unit(name: str) -> bool:
    return len(name) <= 16 and bool(re.search(r"(局|办|委|府|室|会|院|队|所|中心|部门|政府|管委会|公司)$", name))


def split_units(text: str) -> tuple[str, Units | None]:
    """Take a trailing unit parenthetical off a paragraph."""
    match = re.search(r"[（(]([^（）()]*)[)）]\s*[。.]?\s*$", text)
    if match:
        units = parse_units(match.group(1))
        if units is not None:
            return text[: match.start()].rstrip(), units
    return text, None


# --- structure ------------------------------------------------------------------------------

def parse(lines: list[str]) -> Plan:
    content = [(i + 1, line) for i, line in enumerate(lines) if line and not CHROME.search(line)]
    first_area = next((n for n, (_, line) in enumerate(content) if AREA.match(line)), None)
    if first_area is None:
        raise PlanFormatError("没有找到“一、……”这样的领域标题（工作要点的第一层）；请确认文件是工作要点正文")
    title_at = max((n for n, (_, line) in enumerate(content[:first_area]) if TITLE.match(line)), default=None)
    if title_at is None:
        line_no = content[0][0] if content else 1
        raise PlanFormatError(f"没有找到工作要点的标题（如“荣县2019年政务公开工作要点”），第 {line_no} 行起就是正文")
    title = content[title_at][1]
    year = int(TITLE.match(title).group(1))
    opening = [line for _, line in content[title_at + 1:first_area]]
    areas: list[Node] = []
    closing: list[str] = []
    task: Node | None = None
    sub: Node | None = None
    for line_no, line in content[first_area:]:
        area_match, task_match, sub_match = AREA.match(line), TASK.match(line), SUBTASK.match(line)
        if area_match:
            areas.append(Node(area_match.group(1), area_match.group(2).rstrip("。"), line=line_no))
            task = sub = None
        elif task_match:
            task = _titled(task_match.group(1), task_match.group(2), line_no)
            areas[-1].children.append(task)
            sub = None
        elif sub_match and task is not None:
            sub = _titled(sub_match.group(1), sub_match.group(2), line_no)
            task.children.append(sub)
        else:
            units = parse_units(line) if len(line) <= 120 else None
            target = sub or task
            if units is not None and target is not None and target.units is None:
                target.units = units
            elif task is None:
                if areas[-1].children or areas[-1].text:
                    raise PlanFormatError(f"第 {line_no} 行应是“（一）……”这样的任务，却是：{line[:30]}")
                areas[-1].text.append(line)
            elif _is_closing(line):
                closing.append(line)
                task = sub = None
            else:
                text, units = split_units(line)
                target.text.append(text)
                if units is not None and target.units is None:
                    target.units = units
    empty = [a for a in areas if not a.children and not a.text]
    if empty:
        raise PlanFormatError(f"第 {empty[0].line} 行的领域“{empty[0].number}、{empty[0].title}”下面没有任务")
    return Plan(title, year, opening, areas, closing)


def _titled(number: str, text: str, line_no: int) -> Node:
    """“（一）标题。正文……（单位）” → title, text and units."""
    text, units = split_units(text)
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


TASK_KEYS = {"title", "number", "units", "units_text", "subtasks"}
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
            managed = _front_matter([("title", yaml_text(task.title)), ("number", f"（{task.number}）")])
            managed += _units_yaml(task.units)
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
