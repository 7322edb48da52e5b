"""The editors' field guide, generated from the field table so it can never drift from validation."""

from __future__ import annotations

from gongkai.config import Identity, Organ, SiteConfig
from gongkai.model.documents import KIND_LABELS
from gongkai.schema import SECTION_FIELDS, kind_fields

_SAMPLE = SiteConfig(
    name="", base_url="https://www.example.gov.cn/", language="zh-CN", timezone="Asia/Shanghai", as_of=None,
    page_size=20, identity=Identity("", "", "", "", "", "", "", ""),
    organs=(Organ("zfb", "荣县人民政府办公室", "县政府办公室", "008291002", "office"),),
    topics=("综合政务\\政务公开",), sections=(), nav=(),
)


def field_guide(kinds: tuple[str, ...]) -> str:
    parts = []
    for title, specs in [("栏目说明 `_index.md`", SECTION_FIELDS)] + [
            (f"{KIND_LABELS[k]}（`{k}`）", kind_fields(k, _SAMPLE)) for k in kinds]:
        parts.append(f"#### {title}\n\n| 字段 | 名称 | 必填 | 写法示例 | 说明 |\n| --- | --- | --- | --- | --- |")
        for spec in specs:
            required = "是" if spec.required else ""
            parts.append(f"| `{spec.key}` | {spec.label} | {required} | `{spec.type.example}` | {spec.help} |")
        parts.append("")
    return "\n".join(parts)
