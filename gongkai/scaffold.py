"""`new`: write a Markdown file with every required field of its kind present and defaulted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import yaml

from gongkai.config import SiteConfig
from gongkai.fields import Slug
from gongkai.schema import kind_fields

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


def _read_ledger(root: Path) -> dict[str, dict[str, str]]:
    path = root / LEDGER
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader) if path.is_file() else None
    return data if isinstance(data, dict) else {}


def _ledger_text(data: dict[str, dict[str, str]]) -> str:
    lines = ["# 索引号台账：每个机构每年已分配的最大流水号。由 build.py new 维护，请勿手改。"]
    for organ in sorted(data):
        lines.append(f'"{organ}":')
        for y in sorted(data[organ]):
            lines.append(f'  "{y}": {int(data[organ][y])}')
    return "\n".join(lines) + "\n"


def next_serial(root: Path, code: str, year: int) -> tuple[int, str]:
    """Allocate the next 索引号 serial for an organ and year; the ledger never gives a number twice."""
    data = _read_ledger(root)
    issued = int(data.get(code, {}).get(str(year), "0"))
    used = [s for c, y, s in used_numbers(root) if c == code and y == year]
    serial = max([issued] + used) + 1
    data.setdefault(code, {})[str(year)] = str(serial)
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
    """Register the numbers already in content (migrating an old site); never lowers a count."""
    data = _read_ledger(root)
    raised = 0
    for code, year, serial in used_numbers(root):
        current = int(data.get(code, {}).get(str(year), "0"))
        if serial > current:
            data.setdefault(code, {})[str(year)] = str(serial)
            raised += 1
    return _ledger_text(data), raised


def plan_new(root: Path, config: SiteConfig, kind: str, target: str | None, title: str,
             organ_ref: str | None, today: date) -> NewFile:
    """Work out the new file's path and text; raises ValueError with a Chinese message."""
    if not title.strip():
        raise ValueError("请用 --title 给出标题，例如 --title \"荣县2019年政务公开工作要点\"")
    path = _target_path(root, config, kind, target, today)
    organ = config.organ(organ_ref) if organ_ref else None
    specs = kind_fields(kind, config)
    needs_organ = any(s.key == "organ" and s.required for s in specs)
    if organ_ref and organ is None:
        raise ValueError(f"“{organ_ref}”不是 site.yml 中登记的机构；可选：" + "、".join(config.organ_names()))
    if needs_organ and organ is None:
        raise ValueError(f"{kind} 类信息必须写发布机构，请加上 --organ，例如 --organ {config.organs[0].short}")
    values: dict[str, str] = {"title": title.strip()}
    folder = path.parent.relative_to(root / "content").as_posix() if path.is_relative_to(root / "content") else ""
    if config.kind_for("" if folder == "." else folder) != kind:  # the folder holds another kind
        values["kind"] = kind
    ledger_text = None
    for spec in specs:
        if not spec.required or spec.key in values:
            continue
        if spec.key in ("published",):
            values[spec.key] = f"{today:%Y-%m-%d}"
        elif spec.key == "created":
            values[spec.key] = f"{today:%Y-%m-%d}"
        elif spec.key == "organ" and organ is not None:
            values[spec.key] = organ.name
        elif spec.key == "topic":
            values[spec.key] = config.topics[0].name if config.topics else ""
        elif spec.key == "index_no" and organ is not None:
            serial, ledger_text = next_serial(root, organ.code, today.year)
            values[spec.key] = f"{organ.code}/{today.year}-{serial:05d}"
        else:  # no sensible default: the field's example, for the editor to replace
            values[spec.key] = spec.type.example
    if organ is not None and "organ" not in values:
        values["organ"] = organ.name
    lines = ["---"] + [f"{k}: {v}" for k, v in values.items()] + ["---", "", "在这里写正文。", ""]
    return NewFile(path, "\n".join(lines), ledger_text)


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
