"""Personal data that must never be published (行政处罚结果信息网上公开暂行办法, 个人信息保护法): ID numbers in
every written form, mobile numbers, bank cards and home addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.invisible import visible

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "夏侯", "令狐", "端木", "西门", "南宫", "独孤")

# Full-width digits and separators read as their ASCII forms; each is one character either way, so offsets hold.
FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ－‐—　", "0123456789Xx--- ")
WIDE = re.compile("[" + re.escape("０１２３４５６７８９Ｘｘ－‐—　") + "]")  # translating costs; finding is cheap
SEP = r"[ \-]?"
# Each pattern starts with the digit, and looks behind it from there: a pattern that starts with a
# look-behind is tried at every character, one that starts with \d skips to the digits (twice as fast).
ID18 = re.compile(rf"\d(?<![0-9A-Za-z]\d)(?:{SEP}\d){{16}}{SEP}[\dXx](?![0-9A-Za-z])")
ID15 = re.compile(rf"\d(?<![0-9A-Za-z]\d)(?:{SEP}\d){{14}}(?![0-9A-Za-z])")
DIGITS = re.compile(rf"\d(?:{SEP}\d){{14}}")  # in every ID number of either length
MOBILE = re.compile(rf"(?<![\d+])(?:(?:\+|00)?86{SEP})?1[3-9]\d(?:{SEP}\d){{8}}(?!\d)")
CARD = re.compile(rf"(?<!\d)\d(?:{SEP}\d){{15,18}}(?!\d)")
ADDRESS = re.compile(r"[\u4e00-\u9fa5]{1,12}(?:路|街|巷|大道)(?:\d+|[一二三四五六七八九十百零〇]+)号|"
                     r"[\u4e00-\u9fa5]{1,8}村(?:\d+|[一二三四五六七八九十]+)组")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


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


def _digits(written: str) -> str | None:
    """The number without its separators, when they are written one way (all spaces or all hyphens)."""
    separators = set(re.findall(r"[ \-]", written))
    return None if len(separators) > 1 or len(re.findall(r"[ \-]", written)) > 5 else re.sub(r"[ \-]", "", written)


def _born(text: str) -> bool:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born < date(2100, 1, 1)


def id_number(written: str) -> bool:
    """An 18-digit ID with a birth date and the right check digit, or an old 15-digit one with a birth date."""
    digits = _digits(written)
    if digits is None or digits[0] == "0":
        return False
    if len(digits) == 18:
        check = "10X98765432"[sum(int(d) * w for d, w in zip(digits, WEIGHTS)) % 11]
        return _born(digits[6:14]) and digits[17].upper() == check
    return len(digits) == 15 and _born("19" + digits[6:12])


def luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        n = int(char) * (2 if position % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def find_personal_data(text: str, natural_person: bool, ids_only: bool = False,
                       terms: tuple[str, ...] = ()) -> list[Finding]:
    """What in `text` must not be published. `ids_only`: ID numbers alone (any page may hold a phone number or
    a long account number of an office; none may hold a citizen's ID). `terms`: words about a natural person's
    health or private life (shown as written: a word reveals nothing by itself)."""
    text = visible(text)  # 110101\u200b1990… and full-width digits are still numbers
    if WIDE.search(text):
        text = text.translate(FULL_WIDTH)
    if ids_only and not terms and not DIGITS.search(text):
        return []  # one search passes over the text that holds no ID (most do), instead of two
    found: list[Finding] = []
    taken: list[range] = []

    def add(what: str, match: re.Match, shown: str | None = None) -> None:
        if not any(match.start() in r or match.end() - 1 in r for r in taken):
            taken.append(range(match.start(), match.end()))
            found.append(Finding(what, shown or mask(re.sub(r"[ \-]", "", match.group())), match.start()))

    for pattern in (ID18, ID15):
        for match in pattern.finditer(text):
            if id_number(match.group()):
                add("身份证号", match)
    if not ids_only:
        for match in MOBILE.finditer(text):
            if _digits(match.group()) is not None:
                add("手机号码", match)
        for match in CARD.finditer(text):
            digits = _digits(match.group())
            if digits is not None and luhn(digits):
                add("银行卡号", match)
        if natural_person:
            for match in ADDRESS.finditer(text):
                add("家庭住址", match)
    if natural_person and terms:
        for match in re.finditer("|".join(map(re.escape, sorted(terms, key=len, reverse=True))), text):
            add("敏感个人信息", match, match.group())
    return sorted(found, key=lambda f: f.offset)


def masked_name(name: str) -> str:
    """张三 → 张某; 欧阳娜娜 → 欧阳某."""
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    return surname + "某"
