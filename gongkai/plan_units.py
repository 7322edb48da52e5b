"""The units of a plan's task as its source words them: labelled (牵头单位：…；完成时限：…), phrased (X牵头，Y配合),
or a bare list, wherever the parenthetical stands in the paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = {  # what a source calls a role → the role the site uses; None: a field of the task, not units
    "牵头单位": "牵头单位", "牵头部门": "牵头单位", "责任单位": "责任单位", "责任部门": "责任单位",
    "责任科室": "责任单位", "配合单位": "配合单位", "配合部门": "配合单位", "参与单位": "配合单位",
    "协办单位": "配合单位", "分工负责": "分工负责", "完成时限": None, "时间节点": None, "完成时间": None,
    "时限要求": None, "责任人": None, "备注": None,
}
ROLE = re.compile(r"(" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")\s*[:：]\s*")
DEADLINE = ("完成时限", "时间节点", "完成时间", "时限要求")
# 「X牵头，Y配合」「X、Y按职责分工负责」「X负责落实」: a clause that ends in what its units do
PHRASE = re.compile(r"^(.+?)(牵头负责|牵头落实|牵头|按职责分工负责|分工负责|分别负责|负责落实|负责|配合|参与|协同)$")
PHRASE_ROLES = {"牵头负责": "牵头单位", "牵头落实": "牵头单位", "牵头": "牵头单位", "按职责分工负责": "分工负责",
                "分工负责": "分工负责", "分别负责": "责任单位", "负责落实": "牵头单位", "负责": "牵头单位",
                "配合": "配合单位", "参与": "配合单位", "协同": "配合单位"}
SEPARATORS = re.compile(r"[、，,；;]\s*")


@dataclass
class Units:
    roles: list[tuple[str, list[str]]]
    text: str  # the parenthetical as the source words it
    deadline: str = ""



def parse_units(text: str) -> Units | None:
    """Units as the source words them: labelled (牵头单位：…；责任单位：…；完成时限：…), as phrases (X牵头，Y配合 /
    X、Y按职责分工负责 / X负责落实), or a bare list of units."""
    inner = text.strip().strip("（）()").strip()
    if not inner:
        return None
    if ROLE.search(inner):
        parts = ROLE.split(inner)
        if parts[0].strip() and not all(_looks_like_unit(n) for n in _names(parts[0])):
            return None
        roles: list[tuple[str, list[str]]] = []
        deadline = ""
        for label, names in zip(parts[1::2], parts[2::2]):
            role = LABELS[label]
            if label in DEADLINE:
                deadline = names.strip().rstrip("；;。，,")
            elif role is not None and _names(names):
                roles.append((role, _names(names)))
        return Units(_joined(roles), inner, deadline) if roles or deadline else None
    roles = []
    for clause in re.split(r"[，,；;]\s*", inner.rstrip("。.")):
        found = PHRASE.match(clause.strip())
        names = _names(found.group(1)) if found else []
        if not found or not names or not all(_looks_like_unit(n) for n in names):
            roles = []
            break
        roles.append((PHRASE_ROLES[found.group(2)], names))
    if roles:
        return Units(_joined(roles), inner)
    names = _names(inner)
    if names and all(_looks_like_unit(n) for n in names):
        return Units([("未标注", names)], inner)
    return None


def _joined(roles: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """One entry per role, in the order the source first names it."""
    merged: dict[str, list[str]] = {}
    for role, names in roles:
        merged.setdefault(role, []).extend(n for n in names if n not in merged.get(role, []))
    return list(merged.items())


def _names(text: str) -> list[str]:
    return [n.strip() for n in SEPARATORS.split(text.strip().rstrip("。.")) if n.strip()]


def _looks_like_unit(name: str) -> bool:
    return len(name) <= 18 and bool(re.search(r"(局|办|委|府|室|会|院|队|所|中心|部门|政府|管委会|公司|单位|处|科|站|部|"
                                              r"乡镇|街道|镇|乡|办事处)$", name))


def split_units(text: str) -> tuple[str, Units | None]:
    """Take the units' parenthetical out of a paragraph, wherever it stands; the rest of the text is kept."""
    for match in reversed(list(re.finditer(r"[（(]([^（）()]*)[)）]", text))):
        units = parse_units(match.group(1))
        if units is not None:
            rest = (text[: match.start()].rstrip() + text[match.end():]).strip()
            return re.sub(r"^[。.]\s*|\s*(?<=[。.])[。.]$", "", rest).strip(), units
    return text, None
