"""Field types: each turns one front-matter value (a YAML node) into a typed value or a Problem."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, Callable

from gongkai.invisible import visible
from gongkai.load import KIND_NAMES, Node, Scalar, Seq
from gongkai.problems import Problems, nearest


class Invalid:
    """Marker for a value that failed to convert (its problem is already reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


@dataclass(frozen=True)
class Where:
    """Where a value stands, so every problem names file, line and field."""

    label: str  # file path shown to editors
    line: int
    key: str
    field_label: str
    problems: Problems
    src_path: PurePosixPath | None = None  # the document's path inside content/

    def error(self, code: str, message: str, hint: str) -> Invalid:
        self.problems.error(code, self.label, self.line, message, hint, key=self.key, label=self.field_label)
        return INVALID

    def warning(self, code: str, message: str, hint: str) -> None:
        self.problems.warning(code, self.label, self.line, message, hint, key=self.key, label=self.field_label)


def quote(text: str) -> str:
    return f"“{text}”"


class FieldType:
    """Base type: a single line of text."""

    name = "文字"
    example = "示例"

    def parse(self, node: Node, where: Where) -> Any:
        text = self.text(node, where)
        if text is INVALID:
            return INVALID
        return self.convert(text, where)

    def text(self, node: Node, where: Where) -> Any:
        if not isinstance(node, Scalar):
            return where.error("GK205", f"应填写{self.name}，这里写成了{KIND_NAMES[type(node)]}",
                               f"在冒号后直接写一个值，例如 {where.key}: {self.example}")
        return node.text.strip()

    def convert(self, text: str, where: Where) -> Any:
        if not visible(text).strip():
            return where.error("GK202", "这个字段是空的" + ("（只有看不见的字符）" if text else ""),
                               f"填写内容，例如 {where.key}: {self.example}")
        return text


class Text(FieldType):
    def __init__(self, example: str = "示例", multiline: bool = False, max_len: int = 0):
        self.example = example
        self.multiline = multiline
        self.max_len = max_len

    def convert(self, text: str, where: Where) -> Any:
        text = super().convert(text, where)
        if text is INVALID:
            return text
        if not self.multiline and "\n" in text:
            return where.error("GK205", "这个字段只能写一行", f"把内容写在一行里，例如 {where.key}: {self.example}")
        if self.max_len and len(text) > self.max_len:
            return where.error("GK205", f"内容太长（{len(text)} 字，最多 {self.max_len} 字）", "精简文字")
        return text


class Matching(Text):
    """Text that must match a regular expression; `wrong` and `hint` tell the editor what was expected."""

    def __init__(self, regex: str, example: str, code: str, wrong: str, hint: str):
        super().__init__(example)
        self.regex = re.compile(regex)
        self.code, self.wrong, self.hint = code, wrong, hint

    def convert(self, text: str, where: Where) -> Any:
        text = super().convert(text, where)
        if text is INVALID or self.regex.fullmatch(text):
            return text
        return where.error(self.code, f"{quote(text)} {self.wrong}", self.hint)


class Bool(FieldType):
    name = "是或否"
    example = "true"
    _WORDS = {"true": True, "false": False, "是": True, "否": False}

    def convert(self, text: str, where: Where) -> Any:
        if text in self._WORDS:
            return self._WORDS[text]
        return where.error("GK210", f"{quote(text)} 不是“是/否”的写法",
                           f"写 true（是）或 false（否），例如 {where.key}: true")


class Computed(FieldType):
    """A figure the build computes from the content: accepted as written only to tell the editor, with the
    computed value, that it is not to be entered (model/website_report.py)."""

    name = "网站统计的数字"
    example = "（由网站统计，不填）"

    def parse(self, node: Node, where: Where) -> Any:
        return node.text.strip() if isinstance(node, Scalar) else ""


class Integer(FieldType):
    name = "整数"
    example = "10"

    def __init__(self, minimum: int | None = None, maximum: int | None = None, example: str = "10"):
        self.minimum, self.maximum = minimum, maximum
        self.example = example

    def convert(self, text: str, where: Where) -> Any:
        if not re.fullmatch(r"-?\d+", text):
            return where.error("GK215", f"{quote(text)} 不是整数", f"只写阿拉伯数字，例如 {where.key}: 10")
        value = int(text)
        if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
            return where.error("GK215", f"{value} 超出允许范围（{self.minimum} 到 {self.maximum}）",
                               f"填写 {self.minimum} 到 {self.maximum} 之间的数")
        return value


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


# How dates are written in Chinese offices (2019/7/26, 2019.07.26, 2019年7月26日, 20190726), with a time
# (17:30, 17时30分) or without: not accepted, so that every file writes dates one way, but the fix shows
# the value as it should be.
_WRITTEN = re.compile(r"(\d{4})(?:[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))"
                      r"(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2})\s*分?)?")


def as_written(text: str, with_time: bool) -> str:
    """The usual form of a date written another common way, or "" when it is no such date."""
    match = _WRITTEN.fullmatch(text.strip())
    if not match:
        return ""
    y, m, d, m2, d2, hh, mm = match.groups()
    y, m, d = int(y), int(m or m2), int(d or d2)
    if check_date(y, m, d) or (hh and (not with_time or int(hh) > 23 or int(mm) > 59)):
        return ""
    return f"{y:04d}-{m:02d}-{d:02d}" + (f" {int(hh):02d}:{mm}" if hh else "")


def check_date(year: int, month: int, day: int) -> str:
    """Return why y-m-d is not a real date, or "" when it is."""
    if not 1 <= month <= 12:
        return "月份只能是 1 到 12"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{year}年{month}月只有 {last} 天"
    if year < 1949 or year > 2100:
        return "年份不合理"
    return ""


class Date(FieldType):
    name = "日期"
    example = "2019-07-19"

    def convert(self, text: str, where: Where) -> Any:
        match = _DATE.fullmatch(text)
        if not match:
            usual = as_written(text, with_time=False)
            return where.error("GK203", f"{quote(text)} 不是“年-月-日”格式的日期",
                               f"写成 {usual}" if usual else "按“年-月-日”填写，例如 2019-07-19")
        y, m, d = (int(g) for g in match.groups())
        why = check_date(y, m, d)
        if why:
            return where.error("GK203", f"{quote(text)} 不是有效日期：{why}", "按“年-月-日”填写，例如 2019-07-19")
        return date(y, m, d)


class DateTime(FieldType):
    name = "日期时间"
    example = "2019-07-19 09:30"

    def convert(self, text: str, where: Where) -> Any:
        match = _DATETIME.fullmatch(text)
        if not match:
            usual = as_written(text, with_time=True)
            return where.error("GK203", f"{quote(text)} 不是“年-月-日”或“年-月-日 时:分”格式",
                               f"写成 {usual}" if usual else "例如 2019-07-19 或 2019-07-19 09:30")
        y, m, d = (int(g) for g in match.groups()[:3])
        why = check_date(y, m, d)
        if why:
            return where.error("GK203", f"{quote(text)} 不是有效日期：{why}", "例如 2019-07-19 或 2019-07-19 09:30")
        hh, mm, ss = (int(g) if g else 0 for g in match.groups()[3:])
        if hh > 23 or mm > 59 or ss > 59:
            return where.error("GK203", f"{quote(text)} 的时间不存在", "时在 0 到 23 之间，分在 0 到 59 之间，例如 09:30")
        return datetime(y, m, d, hh, mm, ss)


class Choice(FieldType):
    name = "选项"

    def __init__(self, options: tuple[str, ...] | Callable[[Where], tuple[str, ...]], what: str = "选项",
                 example: str = ""):
        self.options = options
        self.what = what
        if example or (isinstance(options, tuple) and options):
            self.example = example or options[0]

    def choices(self, where: Where) -> tuple[str, ...]:
        return self.options(where) if callable(self.options) else self.options

    def convert(self, text: str, where: Where) -> Any:
        options = self.choices(where)
        if text in options:
            return text
        guess = nearest(text, options)
        shown = "、".join(options) if len(options) <= 8 else "、".join(options[:8]) + " 等"
        hint = f"是不是“{guess}”？" if guess else ""
        return where.error("GK204", f"{quote(text)} 不是可用的{self.what}",
                           f"{hint}可选：{shown}")


class Slug(FieldType):
    name = "网址名"
    example = "zwgk-2019"
    PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")

    def convert(self, text: str, where: Where) -> Any:
        if self.PATTERN.fullmatch(text):
            return text
        return where.error("GK212", f"{quote(text)} 不能用作网址",
                           "只用小写英文字母、数字、短横线，例如 slug: gzyd-2019")


class TextList(FieldType):
    """A list of short texts; a single line split on spaces, 、 or ， is accepted too."""

    name = "列表"

    def __init__(self, item: FieldType | None = None, example: str = "政务公开 工作要点"):
        self.item = item or Text()
        self.example = example

    def parse(self, node: Node, where: Where) -> Any:
        if isinstance(node, Scalar):
            parts = [p for p in re.split(r"[\s、，,；;]+", node.text.strip()) if p]
            nodes = [Scalar(p, node.line) for p in parts]
        elif isinstance(node, Seq):
            nodes = list(node.items)
        else:
            return where.error("GK205", "应填写一个列表，这里写成了键值表",
                               f"写成 {where.key}: [甲, 乙] 或每行一个“- 值”")
        values = []
        for item in nodes:
            value = self.item.parse(item, Where(where.label, item.line, where.key, where.field_label,
                                                where.problems, where.src_path))
            if value is INVALID:
                return INVALID
            values.append(value)
        return tuple(values)


class DocRef(FieldType):
    """A path to another Markdown file, relative to this file or to content/ when it starts with /."""

    name = "文件路径"
    example = "../other.md"

    def convert(self, text: str, where: Where) -> Any:
        if not text.endswith(".md"):
            return where.error("GK216", f"{quote(text)} 不是 Markdown 文件路径",
                               "写出目标文件相对本文件的路径，例如 ../2019/qt-001.md")
        base = where.src_path.parent if where.src_path else PurePosixPath()
        return resolve_path(base, text)


def resolve_path(base: PurePosixPath, href: str) -> PurePosixPath | None:
    """Join a relative href to a folder inside content/, normalising '..'; None if it leaves content/."""
    parts: list[str] = [] if href.startswith("/") else list(base.parts)
    for part in href.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return PurePosixPath(*parts) if parts else PurePosixPath(".")


INDEX_NO = re.compile(r"(?P<org>[0-9A-Z]{9}|[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5})")


class IndexNo(FieldType):
    name = "索引号"
    example = "008290030/2019-00001"

    def convert(self, text: str, where: Where) -> Any:
        if INDEX_NO.fullmatch(text):
            return text
        return where.error("GK206", f"{quote(text)} 不是有效的索引号",
                           "格式为“机构代码/年份-5位流水号”，例如 008290030/2019-00001；新建信息请用 build.py new 自动分配")


DOC_NO = re.compile(r"(?P<prefix>.+)〔(?P<year>\d{4})〕(?P<num>\d+)号")
_WRONG_BRACKETS = re.compile(r"(.+)[\[［(（【](\d{4})[\]］)）】](\d+)号")


class DocNo(FieldType):
    name = "文号"
    example = "荣府办发〔2019〕12号"

    def convert(self, text: str, where: Where) -> Any:
        if DOC_NO.fullmatch(text):
            return text
        wrong = _WRONG_BRACKETS.fullmatch(text)
        if wrong:
            fixed = f"{wrong.group(1)}〔{wrong.group(2)}〕{wrong.group(3)}号"
            return where.error("GK207", f"文号 {quote(text)} 的年份括号不对，应使用六角括号〔〕",
                               f"改为 {fixed}")
        return where.error("GK207", f"{quote(text)} 不是有效的文号",
                           "格式为“机关代字〔年份〕序号号”，例如 荣府办发〔2019〕12号；没有文号就删掉这一行")


@dataclass(frozen=True)
class FieldSpec:
    """One declared field: its key, Chinese label, type and whether it must be present."""

    key: str
    label: str
    type: FieldType
    required: bool = False
    help: str = ""
