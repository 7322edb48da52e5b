"""Field types that know the site: organs and units by name or abbreviation, lists of records, attachments,
amounts, credit codes and the annual report's table cells."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Callable

from gongkai.config import SiteConfig
from gongkai.documents import Attachment, Unit
from gongkai.field_reading import read_fields
from gongkai.fields import (INVALID, FieldSpec, FieldType, Integer, Matching, Text, TextList, Where, quote,
                            resolve_path)
from gongkai.load import KIND_NAMES, Map, Node, Scalar, Seq
from gongkai.problems import nearest

ATTACHMENT_TYPES = {
    "pdf": "PDF", "ofd": "OFD", "doc": "Word", "docx": "Word", "wps": "WPS", "xls": "Excel", "xlsx": "Excel",
    "et": "WPS 表格", "csv": "CSV", "jpg": "图片", "jpeg": "图片", "png": "图片", "gif": "图片", "zip": "压缩包",
}

def abbreviated(text: str, config: SiteConfig) -> str | None:
    """The organ an everyday abbreviation stands for (荣县政府办, 县人社局): its characters come in order in
    the organ's full or short name, in the fewest runs (政府办 is one run of 县政府办公室). The short name of
    the one organ that fits best, or None."""
    def runs(name: str) -> int | None:
        at, count = -1, 0
        for char in text:
            found = name.find(char, at + 1)
            if found < 0:
                return None
            count += found != at + 1
            at = found
        return count

    if len(text) < 2:
        return None
    fits = {}
    for organ in config.organs:
        counts = [n for n in (runs(organ.name), runs(organ.short)) if n is not None]
        if counts:
            fits[organ.short] = min(counts)
    best = [short for short, n in fits.items() if n == min(fits.values())] if fits else []
    return best[0] if len(best) == 1 else None


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
        guess = abbreviated(text, self.config) or nearest(text, names)
        hint = f"是不是“{guess}”？" if guess else ""
        return where.error("GK209", f"{quote(text)} 不是 site.yml 中登记的机构",
                           f"{hint}填写机构全称或简称，新机构先在 site.yml 的 organs 中登记")


class UnitRef(FieldType):
    """A unit named in a plan: an organ (full or short name) or a declared group."""

    name = "单位"
    example = "县发改局"

    def __init__(self, config: SiteConfig):
        self.config = config

    def convert(self, text, where: Where):
        organ = self.config.organ(text)
        if organ is not None:
            return Unit(text, organ_id=organ.id)
        if self.config.group(text) is not None:
            return Unit(text, group=text)
        names = [o.short for o in self.config.organs] + [g.name for g in self.config.groups]
        guess = abbreviated(text, self.config) or nearest(text, names)
        hint = f"是不是“{guess}”？" if guess else ""
        return where.error("GK209", f"{quote(text)} 不是 site.yml 中登记的机构或单位统称",
                           f"{hint}在 site.yml 的 organs 或 groups 中登记后再使用")


class Records(FieldType):
    """A list of small mappings, each converted by make(values)."""

    name = "列表"

    def __init__(self, specs, make, example: str, what: str = "字段"):
        self.specs, self.make, self.example, self.what = specs, make, example, what

    def parse(self, node: Node, where: Where):
        if not isinstance(node, Seq):
            return where.error("GK205", f"应填写列表，这里写成了{KIND_NAMES[type(node)]}",
                               f"写成 {where.key}: {self.example}，或每行一项、以“- ”开头")
        out = []
        for item in node.items:
            values = read_fields(item, self.specs, where.label, where.problems, where.src_path, self.what)
            if values is None:
                return INVALID
            out.append(self.make(values))
        return tuple(out)


class AttachmentList(FieldType):
    """Files beside the document: 'a.pdf' or {file: a.pdf, title: 附件1}."""

    name = "附件列表"
    example = "[附件1.pdf]"
    SPECS = (FieldSpec("file", "文件", Text("fujian1.pdf"), True), FieldSpec("title", "附件名称", Text("附件1")))

    def parse(self, node: Node, where: Where):
        if not isinstance(node, Seq):
            return where.error("GK205", "附件应写成列表", "每行一个“- 文件名”，例如 - fujian1.pdf")
        out = []
        for item in node.items:
            sub = Where(where.label, item.line, where.key, where.field_label, where.problems, where.src_path)
            if isinstance(item, Scalar):
                file, title = item.text.strip(), ""
            else:
                values = read_fields(item, self.SPECS, where.label, where.problems, where.src_path)
                if values is None:
                    return INVALID
                file, title = values["file"], values.get("title", "")
            suffix = file.rpartition(".")[2].lower()
            if "." not in file or suffix not in ATTACHMENT_TYPES:
                return sub.error("GK218", f"“{file}”不是可发布的附件类型",
                                 "附件应为 " + "、".join(sorted({s.upper() for s in ATTACHMENT_TYPES})) + " 文件")
            path = resolve_path(where.src_path.parent if where.src_path else PurePosixPath(), file)
            if path is None:
                return sub.error("GK218", f"附件路径“{file}”超出了 content 文件夹", "把附件放在本文件旁边，只写文件名")
            out.append(Attachment(path, title or PurePosixPath(file).stem))
        return tuple(out)


def Amount(example: str) -> Matching:  # noqa: N802 - reads as a field type
    """An amount in 万元, as written (never turned into a float)."""
    return Matching(r"\d+(\.\d{1,6})?", example, "GK215", "不是金额（万元）", "只写数字，单位为万元，例如 0.5 表示 5000 元")


def Figure(example: str) -> Matching:  # noqa: N802
    """A table figure as written: whole or decimal, negative for a decrease (本年增/减)."""
    return Matching(r"-?\d+(\.\d+)?", example, "GK215", "不是数字", "只写数字，减少写负数，例如 -3")


def WebAddress(example: str) -> Matching:  # noqa: N802
    """An address shown as a link a visitor can follow, not as text to copy."""
    return Matching(r"https?://[^\s<>\"]+", example, "GK222", "不是网址",
                    "写完整的网址（以 https:// 或 http:// 开头），网页上显示为可以点击的链接")


def CreditCode(example: str) -> Matching:  # noqa: N802
    """统一社会信用代码: 18 characters of digits and capital letters."""
    return Matching(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", example, "GK220", "不是有效的统一社会信用代码",
                    "18 位数字和大写字母，例如 91510321MA62A1B2C3")


class Counts(FieldType):
    """A table entered as rows: {row key: [n, n, …]} with a fixed number of whole numbers a row."""

    name = "表格"

    def __init__(self, rows: Callable[[], tuple[str, ...]], width: int, what: str):
        self.rows, self.width, self.what = rows, width, what
        self.example = "{new: [" + ", ".join(["0"] * width) + "]}"

    def parse(self, node: Node, where: Where):
        if not isinstance(node, Map):
            return where.error("GK205", f"{self.what}应写成“行代码: [数字, …]”", f"例如 {where.key}: {self.example}")
        keys = self.rows()
        out = []
        ok = True
        for entry in node.entries:
            sub = Where(where.label, entry.line, where.key, where.field_label, where.problems, where.src_path)
            if entry.key not in keys:
                guess = nearest(entry.key, list(keys))
                sub.error("GK383", f"{self.what}没有“{entry.key}”这一行", (f"是不是“{guess}”？" if guess else "")
                          + "可用：" + "、".join(keys))
                ok = False
                continue
            values = TextList(Integer(0, 10_000_000), "[0, 0]").parse(entry.value, sub)
            if values is INVALID:
                ok = False
            elif len(values) != self.width:
                sub.error("GK383", f"{self.what}“{entry.key}”行应有 {self.width} 个数，写了 {len(values)} 个",
                          f"按表格列的顺序写 {self.width} 个数")
                ok = False
            else:
                out.append((entry.key, values))
        return tuple(out) if ok else INVALID


class Cells(FieldType):
    """Named single figures: {key: number}."""

    name = "键值表"
    example = "{fees_wan: 0}"

    def __init__(self, keys: tuple[str, ...]):
        self.keys = keys

    def parse(self, node: Node, where: Where):
        specs = tuple(FieldSpec(k, k, Figure("0")) for k in self.keys)
        values = read_fields(node, specs, where.label, where.problems, where.src_path, "表二数据")
        return INVALID if values is None else tuple(sorted(values.items()))


class TaskNumber(Text):
    """A plan number as printed: 一 / （一） / 1."""

    PATTERN = re.compile(r"[（(]?[一二三四五六七八九十]+[)）]?|\d+")

    def convert(self, text, where: Where):
        text = super().convert(text, where)
        if text is INVALID or self.PATTERN.fullmatch(text):
            return text
        return where.error("GK219", f"{quote(text)} 不是工作要点的序号", "写成 一、（一） 或 1 这样的序号")
