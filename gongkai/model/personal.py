"""Personal data that must never be published on an enforcement page (行政处罚结果信息网上公开暂行办法)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.invisible import visible

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "夏侯", "令狐", "端木", "西门", "南宫", "独孤")

# Order matters: an ID number is also a run of 18 digits, so IDs are found before bank cards.
PATTERNS = (
    ("身份证号", re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")),
    ("手机号码", re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")),
    ("银行卡号", re.compile(r"(?<!\d)\d{16,19}(?!\d)")),
)
ADDRESS = re.compile(r"[\u4e00-\u9fa5]{1,12}(?:路|街|巷|大道)\d+号|[\u4e00-\u9fa5]{1,8}村\d+组|[\u4e00-\u9fa5]{1,8}村[一二三四五六七八九十]+组")


@dataclass(frozen=True)
class Finding:
    what: str
    text: str  # the offending text, already masked for the message
    offset: int


def mask(text: str) -> str:
    """Hide the middle of the offending text so the report itself does not leak it."""
    if len(text) <= 4:
        return text[0] + "*" * (len(text) - 1)
    keep = 3 if len(text) > 8 else 1
    return text[:keep] + "*" * (len(text) - 2 * keep) + text[-keep:]


def find_personal_data(text: str, natural_person: bool) -> list[Finding]:
    text = visible(text)  # an ID number with a zero-width space inside is still one; offsets are of this text
    found: list[Finding] = []
    taken: list[range] = []
    for what, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in r for r in taken):
                continue
            taken.append(range(match.start(), match.end()))
            found.append(Finding(what, mask(match.group()), match.start()))
    if natural_person:
        for match in ADDRESS.finditer(text):
            found.append(Finding("家庭住址", mask(match.group()), match.start()))
    return sorted(found, key=lambda f: f.offset)


def masked_name(name: str) -> str:
    """张三 → 张某; 欧阳娜娜 → 欧阳某."""
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    return surname + "某"
