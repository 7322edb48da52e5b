"""argparse in Chinese: the usage line, the section titles, the built-in help and argparse's own errors.

argparse takes its words from gettext with no Chinese catalogue; rather than patch the module for the whole
process, the parser and its help formatter below say them in Chinese, and the errors argparse builds in
English are put into Chinese by their (stable, documented) patterns."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必须写的参数：{0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "不认识的参数：{0}"),
    (re.compile(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.+)\)"), "没有“{1}”这个{0}；可用的有：{2}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0} 后面要写一个值"),
    (re.compile(r"argument (\S+): expected at least one argument"), "{0} 后面至少要写一个值"),
    (re.compile(r"argument (\S+): invalid int value: '([^']*)'"), "{0} 要写整数，“{1}”不是整数"),
    (re.compile(r"argument (\S+): invalid (\S+) value: '([^']*)'"), "{0} 的值“{2}”不正确"),
    (re.compile(r"argument (\S+): ignored explicit argument '([^']*)'"), "{0} 不带值，请删去“{1}”"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "{0} 不能和 {1} 同时使用"),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), "选项 {0} 不明确，可能是：{1}"),
    (re.compile(r"argument (\S+): (.+)", re.S), "{0}：{1}"),  # our own type checks already speak Chinese
)


def chinese(message: str) -> str:
    for pattern, text in ERRORS:
        match = pattern.fullmatch(message.strip())
        if match:
            groups = [g.replace("COMMAND", "命令").replace("', '", "、").strip("'") for g in match.groups()]
            return text.format(*groups)
    return message


class Formatter(argparse.HelpFormatter):
    def _split_lines(self, text, width):
        """Chinese has no spaces to wrap at: wrap after 、，； so that no English name (service_guide) is cut."""
        lines, line = [], ""
        for piece in re.findall(r"[^、，；]*[、，；]?", " ".join(text.split())):
            if line and len(line) + len(piece) > width:
                lines.append(line)
                line = ""
            line += piece
        return lines + [line] if line else lines

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese; its sub-commands' parsers are of this class too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{chinese(message)}\n（用 {self.prog} -h 查看说明）\n")
