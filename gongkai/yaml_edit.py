"""YAML that people wrote, edited as they wrote it: front matter and site.yml go through ruamel.yaml's round trip,
so an import or a `new` keeps the comments, key order and quoting an editor chose, and writes values that read
back as the same text."""

from __future__ import annotations

import hashlib
import io
import json
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

# Words a YAML 1.1 reader (ours, PyYAML) takes for true, false or null: written quoted, so that they stay text.
WORDS = {"", "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", "是", "否"}


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 1 << 16  # a long line stays one line: editors search for it as they typed it
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def value(data):
    """Plain data (dicts, lists, texts) as ruamel nodes: lists of texts in flow style ([甲, 乙]), as editors
    write them; texts YAML would read as something else quoted."""
    if isinstance(data, dict):
        node = CommentedMap()
        for key, item in data.items():
            node[key] = value(item)
        return node
    if isinstance(data, (list, tuple)):
        seq = CommentedSeq(value(item) for item in data)
        if all(isinstance(item, str) for item in data):
            seq.fa.set_flow_style()
        return seq
    if isinstance(data, str) and data.strip().lower() in WORDS:
        return DoubleQuotedScalarString(data)
    return data


def yaml_text(text: str) -> str:
    """A one-line text as a YAML value that reads back as the same text."""
    out = io.StringIO()
    _yaml().dump({"v": value(text)}, out)
    return out.getvalue().rstrip("\n").removeprefix("v: ")


def load(text: str) -> CommentedMap:
    data = _yaml().load(text) if text.strip() else None
    return data if isinstance(data, CommentedMap) else CommentedMap()


def dump(data: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def split(text: str) -> tuple[str | None, str]:
    """A Markdown file's front matter (without its --- lines) and body; None when it has none."""
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        head, _, body = text[4:].partition("\n---\n")
        return head + "\n", body
    if text.startswith("---\n---\n"):
        return "", text[8:]
    return None, text


def join(head: CommentedMap, body: str) -> str:
    return "---\n" + dump(head) + "---\n" + body


def plain(data):
    """ruamel nodes back as plain data, to compare what a file holds with what an import would write."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return None if data is None else str(data)


def digest(data) -> str:
    return hashlib.sha256(json.dumps(plain(data), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:8]


STAMP = "# 导入记录（重新导入时据此认出编辑改过的字段，请勿改动）："
STAMP_LINE = re.compile(r"^# *" + re.escape(STAMP[2:]) + r"(.*)\n?", re.M)


def read_stamp(head: str) -> dict[str, str]:
    """What the last import wrote into each field, as digests: {field: digest}."""
    found = STAMP_LINE.search(head)
    return dict(pair.split("=", 1) for pair in found.group(1).split() if "=" in pair) if found else {}


def stamped(stamp: dict[str, str], data: CommentedMap, body: str) -> str:
    """A file with the new stamp where the old one was (a comment ruamel kept, wherever an editor's additions
    put it), else as the first line of its front matter."""
    line = STAMP + " ".join(f"{k}={v}" for k, v in stamp.items()) + "\n"
    head = dump(data)
    head = STAMP_LINE.sub(lambda _: line, head, count=1) if STAMP_LINE.search(head) else line + head
    return "---\n" + head + "---\n" + body
