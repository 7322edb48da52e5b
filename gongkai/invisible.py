"""Characters no one can see: control characters (they make feed.xml invalid XML and can rewrite a terminal),
bidirectional controls (they can make a page read otherwise than it is written, as in 'Trojan Source'), and
zero-width characters (pasted from Word or web pages; they hide words from search and from our checks)."""

from __future__ import annotations

import re

from gongkai.problems import Problems

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
# Any of the three: almost every text has none, and one search over a file costs a third of three.
_ANY = re.compile("[" + "".join(pattern.pattern[1:-1] for pattern in (CONTROL, BIDI, ZERO_WIDTH)) + "]")
# Right-to-left letters (Arabic script, as Uyghur is written, Hebrew, Syriac, Thaana …): beside them bidi
# controls and joiners are deliberate.
RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
EMOJI = re.compile(r"[\u2600-\u27bf\U0001f000-\U0001faff]")
OPENERS, CLOSERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
                    "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}, {"\u202c", "\u2069"}
NAMES = {"\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u2060": "零宽不换行", "\ufeff": "BOM",
         "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI",
         "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI"}


def printable(text: str) -> str:
    """The text without control characters and bidi controls: what is kept of a value already reported."""
    return BIDI.sub("", CONTROL.sub("", text))


def visible(text: str) -> str:
    """The text as a reader sees it: the checks look at this, so that 中华人名\u200b共和国 is still caught."""
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


def _code(char: str) -> str:
    return (f"{NAMES[char]} " if char in NAMES else "") + f"U+{ord(char):04X}"


def _balanced(line: str) -> bool:
    """Bidi controls used on purpose: each one closed in the same line, around right-to-left text."""
    stack: list[str] = []
    for char in BIDI.findall(line):
        if char in OPENERS:
            stack.append(OPENERS[char])
        elif not stack or stack.pop() != char:
            return False
    return not stack and bool(RTL.search(line))


def check_text(text: str, label: str, first_line: int, problems: Problems, warn: bool = True) -> bool:
    """Report what cannot be seen in `text` (a file, or a value read from it starting at first_line); False when
    the text must not be published: a control character, or a bidi control not used on purpose."""
    if not _ANY.search(text):
        return True
    ok = True
    if CONTROL.search(text):
        at = CONTROL.search(text)
        problems.error("GK115", label, first_line + text.count("\n", 0, at.start()),
                       f"含有看不见的控制字符（{_code(at.group())}），常见于从其他软件复制的文字，网页和订阅 feed.xml 会因此出错",
                       "删去这个字符（或“\\e”“\\x1b”这样的转义写法）：把这一行重新输入一遍，或在编辑器中打开“显示不可见字符”后删除")
        ok = False
    if BIDI.search(text):
        for number, line in enumerate(text.split("\n")):
            if BIDI.search(line) and not _balanced(line):
                problems.error("GK116", label, first_line + number,
                               f"含有改变文字方向的控制字符（{_code(BIDI.search(line).group())}），会让网页显示的文字与实际内容不同",
                               "删去这个字符；只有在维吾尔文等从右向左书写的文字两侧、成对使用时才保留")
                ok = False
                break
    if warn and ZERO_WIDTH.search(text):
        for number, line in enumerate(text.split("\n")):
            found = ZERO_WIDTH.search(line)
            if found and not (found.group() in "\u200c\u200d" and (RTL.search(line) or EMOJI.search(line))):
                problems.warning("GK117", label, first_line + number,
                                 f"含有看不见的字符（{_code(found.group())}），常见于从网页或 Word 复制的文字，会让站内搜索找不到这些词",
                                 "把这一处重新输入一遍，或在编辑器中打开“显示不可见字符”后删除")
                break
    return ok
