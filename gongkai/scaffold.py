"""`new`: write a Markdown file with every required field of its kind present and defaulted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import yaml

from gongkai.config import SiteConfig
from gongkai.documents import KIND_LABELS
from gongkai.report_tables import SECTIONS
from gongkai.fields import Slug
from gongkai.yaml_edit import yaml_text
from gongkai.schema import kind_fields
from gongkai.serials import Serials

LEDGER = Path("content/_data/ledger.yml")


@dataclass(frozen=True)
class NewFile:
    path: Path
    text: str
    ledger_text: str | None  # new ledger contents when an 索引号 was allocated


def default_folder(kind: str, config: SiteConfig) -> str | None:
    for rule in config.sections:
        if rule.kind == kind:
            return rule.path
    return None


def _read_ledger(root: Path) -> dict[str, dict[str, Serials]]:
    path = root / LEDGER
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader) if path.is_file() else None
    if not isinstance(data, dict):
        return {}
    return {code: {year: Serials.parse(text) or Serials() for year, text in years.items() if isinstance(text, str)}
            for code, years in data.items() if isinstance(years, dict)}


def _ledger_text(data: dict[str, dict[str, Serials]]) -> str:
    lines = ["# 索引号台账：每个机构每年已分配的流水号（一个数 N 表示 1 到 N 都已分配，\"1-3, 7\" 表示只分配过这些）。",
             "# 由 build.py new 和 build.py ledger 维护，请勿手改。"]
    for organ in sorted(data):
        lines.append(f'"{organ}":')
        for y in sorted(data[organ]):
            lines.append(f'  "{y}": {data[organ][y].text()}')
    return "\n".join(lines) + "\n"


def next_serial(root: Path, code: str, year: int) -> tuple[int, str]:
    """Allocate the next 索引号 serial for an organ and year; the ledger never gives a number twice."""
    data = _read_ledger(root)
    issued = data.get(code, {}).get(str(year), Serials())
    used = [s for c, y, s in used_numbers(root) if c == code and y == year]
    serial = max([issued.top] + used) + 1
    data.setdefault(code, {})[str(year)] = issued.add(*used, serial)
    return serial, _ledger_text(data)


def used_numbers(root: Path) -> list[tuple[str, int, int]]:
    """Every 索引号 written in a content file, as (organ code, year, serial)."""
    pattern = re.compile(r"^index_no:\s*([0-9A-Z]{9}|[0-9A-Z]{18})/(\d{4})-(\d{5})\s*$", re.M)
    found = []
    for path in sorted((root / "content").rglob("*.md")):
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:
            continue
        found += [(code, int(year), int(serial)) for code, year, serial in pattern.findall(text)]
    return found


def sync_ledger(root: Path) -> tuple[str, int]:
    """Register the numbers already in content (migrating an old site); never removes one."""
    data = _read_ledger(root)
    raised = 0
    for code, year, serial in used_numbers(root):
        current = data.setdefault(code, {}).get(str(year), Serials())
        if serial not in current:
            data[code][str(year)] = current.add(serial)
            raised += 1
    return _ledger_text(data), raised


SKIPPED = {"kind", "draft", "template", "slug", "weight"}  # optional fields not offered in the file's comments


def plan_new(root: Path, config: SiteConfig, kind: str, target: str | None, title: str,
             organ_ref: str | None, today: date) -> NewFile:
    """Work out the new file's path and text; raises ValueError with a Chinese message.

    The file is a draft (`draft: true`): every required field is there, filled where the day, the organ and
    the 索引号 ledger say what it is and blank otherwise (a draft may have blanks, and is left out until they
    are filled); the summary is blank, so that it must be written before the draft line is removed; the
    optional fields are listed as comments with their Chinese names; the body is an HTML comment, which is
    never published. Nothing in it is a default that could be published unread."""
    if not title.strip():
        raise ValueError("请用 --title 给出标题，例如 --title \"荣县2019年政务公开工作要点\"")
    path = _target_path(root, config, kind, target, today)
    organ = config.organ(organ_ref) if organ_ref else None
    specs = kind_fields(kind, config)
    needs_organ = any(s.key == "organ" and s.required for s in specs)
    if organ_ref and organ is None:
        raise ValueError(f"“{organ_ref}”不是 site.yml 中登记的机构；可选：" + "、".join(config.organ_names()))
    if needs_organ and organ is None:
        raise ValueError(f"{KIND_LABELS[kind]}必须写发布机构，请加上 --organ，例如 --organ {config.organs[0].short}")
    folder = path.parent.relative_to(root / "content").as_posix() if path.is_relative_to(root / "content") else ""
    lines = ["---", f"# {KIND_LABELS[kind]}草稿，新建于 {today:%Y-%m-%d}。填好空着的字段、内容概述和正文后，"
                    "删去 draft: true 这一行才会发布。", f"title: {yaml_text(title.strip())}", "draft: true"]
    if config.kind_for("" if folder == "." else folder) != kind:  # the folder holds another kind
        lines.append(f"kind: {kind}")
    filled = _filled(root, kind, organ, today, numbered=any(spec.key == "index_no" for spec in specs))
    ledger_text = filled.pop("_ledger", None)
    for spec in specs:
        if spec.key in ("title", "kind", "draft") or not (spec.required or spec.key in filled or spec.key == "summary"):
            continue
        value = filled.get(spec.key, "")
        note = "" if value else f"  # {spec.label}（必填）：{_choices(spec)}" if spec.required else \
            f"  # {spec.label}：发布前必须填写，一两句话说明主要内容"
        lines.append(f"{spec.key}: {value}{note}".rstrip())
    optional = [spec for spec in specs if not spec.required and spec.key not in filled
                and spec.key not in SKIPPED and spec.key != "summary"]
    if optional:
        lines.append("# 以下字段可选：需要时删去行首的“# ”，在冒号后填写。")
        lines += [f"# {spec.key}:  # {spec.label}" + (f"：{spec.help}" if spec.help else "") for spec in optional]
    lines += ["---", "", "<!-- 正文从下一行开始写。本行是说明，不会出现在网页上，可以删去。 -->", ""]
    if kind == "report":  # the six parts the report's format prescribes, in order; the tables come from fields
        lines += [line for title in SECTIONS for line in (f"## {title}", "", "<!-- 这一部分的文字写在这里。 -->", "")]
    return NewFile(path, "\n".join(lines), ledger_text)


def _filled(root: Path, kind: str, organ, today: date, numbered: bool) -> dict[str, str]:
    """The values `new` knows: the day, the organ and its next 索引号, and what follows from them."""
    values = {"published": f"{today:%Y-%m-%d}", "created": f"{today:%Y-%m-%d}", "received": f"{today:%Y-%m-%d}",
              "opens": f"{today:%Y-%m-%d}"}
    if kind == "interpretation":
        values["form"] = "文字"
    if kind == "report":
        values |= {"year": str(today.year - 1), "format": "2021" if today.year - 1 >= 2021 else "2019-trial",
                   "organ_level": "government" if organ and organ.level in ("government", "township") else "department"}
    if organ is not None:
        values["organ"] = organ.name
        if numbered:
            serial, values["_ledger"] = next_serial(root, organ.code, today.year)
            values["index_no"] = f"{organ.code}/{today.year}-{serial:05d}"
    return values


def _choices(spec) -> str:
    """How to fill a blank: the options of a choice (a county issues no 规章: it is not suggested first), else
    an example."""
    options = getattr(spec.type, "options", None)
    if isinstance(options, tuple) and options:
        shown = [o for o in options if o != "规章"] + [o for o in options if o == "规章"]
        return "从 " + "；".join(shown[:6]) + (" 等" if len(shown) > 6 else "") + " 中选一项" + \
            ("（规章只有省、市人民政府才能制定）" if "规章" in options else "")
    return f"例如 {spec.type.example}"


def _target_path(root: Path, config: SiteConfig, kind: str, target: str | None, today: date) -> Path:
    """The new file: `target` under content/ (written with or without the content/ in front), in a section
    folder that exists, named as a URL can be; else a dated name in the kind's section."""
    if not target:
        folder = default_folder(kind, config)
        if folder is None:
            raise ValueError(f"site.yml 中没有存放 {kind} 类信息的栏目，请给出文件路径，例如 content/zwdt/new.md")
        target = f"content/{folder}"
    parts = [part for part in PurePosixPath(target.replace("\\", "/")).parts if part not in ("", ".")]
    parts = parts[1:] if parts[:1] == ["content"] else parts
    if any(part == ".." for part in parts) or PurePosixPath(target).is_absolute():
        raise ValueError(f"{target} 不在 content 文件夹中；请写 content 中的路径，例如 content/zwdt/hy-20200401.md")
    content = root / "content"
    if not parts or not parts[-1].endswith(".md"):
        n = 1
        while (content.joinpath(*parts) / f"{today:%Y%m%d}-{n}.md").exists():
            n += 1
        parts.append(f"{today:%Y%m%d}-{n}.md")
    path = content.joinpath(*parts)
    shown = "content/" + "/".join(parts)
    if path.exists():
        raise ValueError(f"{shown} 已经存在，换一个文件名")
    if not Slug.PATTERN.fullmatch(path.stem):
        raise ValueError(f"文件名“{path.stem}”不能直接用作网址；只用小写英文字母、数字和短横线，"
                         f"例如 {shown.rpartition('/')[0]}/{today:%Y%m%d}-1.md")
    if not (path.parent / "_index.md").is_file():
        raise ValueError(f"栏目文件夹 {shown.rpartition('/')[0]}/ 不存在或没有 _index.md；先建栏目，或放到已有栏目中")
    return path


def write_new(root: Path, new: NewFile) -> None:
    new.path.parent.mkdir(parents=True, exist_ok=True)
    new.path.write_text(new.text, "utf-8")
    if new.ledger_text is not None:
        (root / LEDGER).parent.mkdir(parents=True, exist_ok=True)
        (root / LEDGER).write_text(new.ledger_text, "utf-8")
