"""The editors' field guide, generated from the field table so it can never drift from validation."""

from __future__ import annotations

from gongkai.config import INDEX_KINDS, Identity, Organ, SiteConfig, Topic
from gongkai.documents import KIND_LABELS
from gongkai.schema import fields_for

_SAMPLE = SiteConfig(
    name="", base_url="https://www.example.gov.cn/", language="zh-CN", timezone="Asia/Shanghai", as_of=None,
    page_size=20, identity=Identity("", "", "", "", "", "", "", ""),
    organs=(Organ("zfb", "荣县人民政府办公室", "县政府办公室", "008291002", "office"),),
    topics=(Topic("zwgk", "综合政务\\政务公开"),), sections=(), nav=(),
)


def field_guide(kinds: tuple[str, ...]) -> str:
    parts = []
    titled = [(f"栏目说明 `_index.md`（`kind: {k}`）" if k != "section" else "栏目说明 `_index.md`", k)
              for k in INDEX_KINDS] + [(f"{KIND_LABELS[k]}（`{k}`）", k) for k in kinds]
    for title, kind in titled:
        specs = fields_for(kind, _SAMPLE)
        parts.append(f"#### {title}\n\n| 字段 | 名称 | 必填 | 写法示例 | 说明 |\n| --- | --- | --- | --- | --- |")
        for spec in specs:
            required = "是" if spec.required else ""
            parts.append(f"| `{spec.key}` | {spec.label} | {required} | `{spec.type.example}` | {spec.help} |")
        parts.append("")
    return "\n".join(parts)
