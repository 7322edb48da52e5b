"""Reading a mapping against its field table: unknown, missing and malformed fields each reported with its
line, a field named in Chinese (标题：…) told its English name, a draft's blanks allowed."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from gongkai.fields import INVALID, FieldSpec, Where
from gongkai.load import KIND_NAMES, Entry, Map, Node, Scalar
from gongkai.problems import Problems, nearest


def _rewrite(entry, key: str) -> str:
    value = entry.value.text.strip() if isinstance(entry.value, Scalar) else "……"
    return f"把这一行改为 {key}: {value}"


def read_fields(
    node: Node, specs: tuple[FieldSpec, ...], label: str, problems: Problems,
    src_path: PurePosixPath | None = None, what: str = "字段",
) -> dict[str, Any] | None:
    """Convert a mapping against its declared fields; report unknown, missing and bad values.

    Returns the converted values by key (absent optional fields are left out), or None when
    the node is not a mapping at all.
    """
    if not isinstance(node, Map):
        problems.error("GK205", label, node.line, f"这里应是“字段名: 值”的键值表，写成了{KIND_NAMES[type(node)]}",
                       "每行写一个“字段名: 值”")
        return None
    by_key = {s.key: s for s in specs}
    by_label = {s.label: s for s in specs}  # editors write the name they see on the page: 标题: …
    values: dict[str, Any] = {}
    failed = False
    named_in_chinese: set[str] = set()
    # A draft (`new` writes one) may leave blanks: it is not published, and is left out until they are filled.
    draft = "draft" in by_key and _says_true(node.get("draft"))
    blank: set[str] = set()
    for entry in node.entries:
        spec = by_key.get(entry.key)
        colon = "：" if entry.full_width_colon else ": "
        if spec is None and entry.key in by_label and by_label[entry.key].key not in node.keys():
            spec = by_label[entry.key]
            named_in_chinese.add(spec.key)
            written = f"{entry.key}{colon}"
            problems.error("GK201", label, entry.line, "字段名要写英文" + ("，冒号要用英文冒号" if entry.full_width_colon else "")
                           + f"：“{written.strip()}”应写作“{spec.key}: ”", _rewrite(entry, spec.key), key=spec.key, label=spec.label)
            failed = True
            continue
        if spec is None:
            guess = nearest(entry.key, list(by_key))
            hint = f"是不是“{guess}”（{by_key[guess].label}）？" if guess else ""
            problems.error("GK201", label, entry.line, f"没有名为“{entry.key}”的{what}"
                           + ("（冒号也要用英文冒号“:”）" if entry.full_width_colon else ""),
                           hint + "可用的字段见 docs/参考手册.md；不需要的行请删除", key=entry.key)
            failed = True
            continue
        if entry.full_width_colon:  # `summary：…` is caught in load; a key both Chinese and known is above
            problems.error("GK105", label, entry.line, "字段名后面的冒号是中文冒号“：”", _rewrite(entry, spec.key),
                           key=spec.key, label=spec.label)
            failed = True
            continue
        if draft and isinstance(entry.value, Scalar) and not entry.value.text.strip():
            blank.add(spec.key)
            continue
        where = Where(label, entry.line, spec.key, spec.label, problems, src_path)
        value = spec.type.parse(entry.value, where)
        if value is INVALID:
            failed = True
        else:
            values[spec.key] = value
    incomplete = False
    for spec in specs:
        if not spec.required or spec.key in named_in_chinese:
            continue
        if draft and (spec.key in blank or node.get(spec.key) is None):
            entry = node.get(spec.key)
            problems.warning("GK202", label, entry.line if entry else node.line,
                             f"草稿还没有填写必填字段「{spec.label}」，填好之前不显示，也不发布",
                             f"填写，例如 {spec.key}: {spec.type.example}", key=spec.key, label=spec.label)
            incomplete = True
        elif node.get(spec.key) is None:
            problems.error("GK202", label, node.line if node.entries else 1,
                           f"缺少必填字段「{spec.label}」({spec.key})",
                           f"加上一行 {spec.key}: {spec.type.example}", key=spec.key, label=spec.label)
            failed = True
    return None if failed or incomplete else values


def _says_true(entry: Entry | None) -> bool:
    return entry is not None and isinstance(entry.value, Scalar) and entry.value.text.strip() in ("true", "是")
