"""The field table of every content kind: labels, types, required fields.

One table drives validation, the `new` command's templates and the editors' field guide.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from gongkai.config import KINDS, SiteConfig
from gongkai.fields import (Bool, Choice, Date, DateTime, DocNo, DocRef, FieldSpec, FieldType,
                            IndexNo, Integer, Slug, Text, TextList, Where, quote)
from gongkai.model.documents import KIND_META, SectionMeta
from gongkai.problems import nearest

VALIDITY = ("有效", "失效", "废止", "已修改")


class OrganRef(FieldType):
    """An organ named by its full name, short name or id in site.yml."""

    name = "机构"
    example = "荣县人民政府办公室"

    def __init__(self, config: SiteConfig):
        self.config = config
        self.example = config.organs[0].name if config.organs else self.example

    def convert(self, text, where: Where):
        organ = self.config.organ(text)
        if organ is not None:
            return organ
        names = [o.name for o in self.config.organs] + [o.short for o in self.config.organs]
        guess = nearest(text, names)
        hint = f"是不是“{guess}”？" if guess else ""
        return where.error("GK209", f"{quote(text)} 不是 site.yml 中登记的机构",
                           f"{hint}填写机构全称或简称，新机构先在 site.yml 的 organs 中登记")


def common_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("title", "标题", Text("荣县2019年政务公开工作要点"), True, "信息的主标题"),
        FieldSpec("kind", "内容类型", Choice(KINDS, "内容类型"), False, "一般由所在栏目决定，不必填写"),
        FieldSpec("draft", "草稿", Bool(), False, "true 表示暂不发布"),
        FieldSpec("published", "发布日期", DateTime(), False, "发布日期时间；晚于今天的信息到期自动发布"),
        FieldSpec("updated", "更新日期", DateTime(), False, "内容最后更新的日期"),
        FieldSpec("expires", "下线日期", Date(), False, "过了这一天不再显示"),
        FieldSpec("slug", "网址名", Slug(), False, "网址中使用的名称，默认用文件名"),
        FieldSpec("template", "模板", Text("item/single.html"), False, "特殊页面使用的模板文件"),
        FieldSpec("summary", "内容概述", Text("简要说明本信息的主要内容", multiline=True), False,
                  "列表和搜索结果中显示的摘要"),
        FieldSpec("keywords", "主题词", TextList(), False, "用空格或顿号分隔"),
        FieldSpec("organ", "发布机构", OrganRef(config), False, "site.yml 中登记的机构全称或简称"),
        FieldSpec("source", "信息来源", Text("荣县人民政府办公室"), False, ""),
        FieldSpec("author", "作者", Text("县政府办"), False, ""),
        FieldSpec("weight", "排序", Integer(-9999, 9999), False, "数字小的排在前面（静态页面）"),
    )


def _require(specs: tuple[FieldSpec, ...], *keys: str) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(s.key, s.label, s.type, True, s.help) if s.key in keys else s for s in specs)


def kind_fields(kind: str, config: SiteConfig) -> tuple[FieldSpec, ...]:
    """The declared fields of a content kind."""
    common = common_fields(config)
    if kind == "page":
        return common
    if kind in ("news", "notice"):
        return _require(common, "published", "organ")
    if kind == "item":
        topics = config.topics
        return _require(common, "published", "organ") + (
            FieldSpec("index_no", "索引号", IndexNo(), True, "机构代码/年份-5位流水号，用 build.py new 分配"),
            FieldSpec("topic", "主题分类", Choice(topics, "主题分类"), True, "site.yml 中 topics 所列的分类"),
            FieldSpec("created", "成文日期", Date(), True, "文件形成（成文）的日期"),
            FieldSpec("doc_no", "文号", DocNo(), False, "例如 荣府办发〔2019〕12号，没有就不写"),
            FieldSpec("validity", "有效性", Choice(VALIDITY, "有效性"), False, "有效、失效、废止或已修改"),
            FieldSpec("superseded_by", "替代文件", DocRef(), False, "失效、废止或修改后取代它的文件路径"),
            FieldSpec("genre", "体裁分类", Text("通知"), False, "如 通知、意见、办法、报告"),
        )
    raise KeyError(kind)


SECTION_FIELDS = (
    FieldSpec("title", "栏目名称", Text("政务动态"), True, "栏目标题"),
    FieldSpec("nav_title", "导航名称", Text("工作要点"), False, "导航栏中显示的短名称，默认同栏目名称"),
    FieldSpec("summary", "栏目说明", Text("本栏目发布……", multiline=True), False, "栏目首页显示的说明"),
    FieldSpec("weight", "排序", Integer(-9999, 9999), False, "导航和子栏目中的顺序"),
    FieldSpec("template", "模板", Text("list.html"), False, "特殊栏目使用的模板文件"),
)


def meta_class(kind: str) -> type:
    return SectionMeta if kind == "section" else KIND_META[kind]


def fields_for(kind: str, config: SiteConfig) -> tuple[FieldSpec, ...]:
    return SECTION_FIELDS if kind == "section" else kind_fields(kind, config)


def declared_keys(kind: str) -> set[str]:
    """Keys of the kind's dataclass (tests compare these with the field table)."""
    return {f.name for f in dataclass_fields(meta_class(kind))}

