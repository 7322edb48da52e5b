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


def config_guide() -> str:
    """The site.yml reference, from the configuration's own field table."""
    from gongkai.config_file import TOP_FIELDS

    rows = ["| 配置项 | 名称 | 必填 | 写法示例 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for spec in TOP_FIELDS:
        example = getattr(spec.type, "example", "")
        rows.append(f"| `{spec.key}` | {spec.label} | {'是' if spec.required else ''} | "
                    f"{f'`{example}`' if example and len(example) < 40 else ''} | {spec.help} |")
    return "\n".join(rows) + "\n"


# One file of the example site for each kind: the editors' guide shows it whole, as written.
EXAMPLES = (
    ("news", "content/zwdt/tjh-20190726.md"), ("notice", "content/tzgg/jbml-20191227.md"),
    ("item", "content/xxgk/fdzdgknr/czys-2019.md"), ("policy", "content/xxgk/fdzdgknr/zcwj/wfgz-2019.md"),
    ("interpretation", "content/xxgk/fdzdgknr/zcjd/wfgz-2019-jd.md"), ("task", "content/gzyd/2019/1/3.md"),
    ("organ", "content/xxgk/fdzdgknr/jgzn/czj.md"), ("decision", "content/zfgs/scjg/cf-2019-044.md"),
    ("consultation", "content/hdjl/yjzj/tcgl-2020.md"), ("reply", "content/hdjl/lydf/ly-20200108.md"),
    ("page", "content/xxgk/zhidu/ysqbl.md"), ("report", "content/xxgk/nianbao/2019.md"),
    ("service_guide", "content/bsfw/spxk-sp.md"), ("website_report", "content/wzbb/2019.md"),
)


def examples(root) -> str:
    parts = []
    for kind, path in EXAMPLES:
        text = (root / path).read_text("utf-8").rstrip("\n")
        parts.append(f"### {KIND_LABELS[kind]}（`{kind}`）：`{path}`\n\n````markdown\n{text}\n````\n")
    return "\n".join(parts)
