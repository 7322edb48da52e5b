"""The 政府信息公开工作年度报告: its fixed sections and tables (2021 format, 2019 trial format),
Table 2 computed from the site's content, arithmetic checks on Tables 3 and 4 (§10)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.documents import DecisionMeta, Document, PolicyMeta, ReportMeta
from gongkai.problems import Problems
from gongkai.report_tables import LEGAL_COLUMNS, SECTIONS, T3_COLUMNS, T3_ROWS, T4_GROUPS, t3_keys


@dataclass(frozen=True)
class T2Row:
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class T2Block:
    heading: str  # 第二十条第（一）项
    columns: tuple[str, ...]  # after 信息内容
    rows: tuple[T2Row, ...]


@dataclass(frozen=True)
class Counts:
    """What the site's own content says about the report's year."""

    made: dict[str, int]  # 规章 / 行政规范性文件 made this year
    published: dict[str, int]
    repealed: dict[str, int]
    in_force: dict[str, int]
    decisions: dict[str, int]  # 行政许可 / 行政处罚 / 行政强制 decided this year


def count_content(docs: tuple[Document, ...], year: int, organ_id: str | None) -> Counts:
    """Count policies and decisions of the year; a department's report counts only its own."""
    end = date(year, 12, 31)
    made, published, repealed, in_force, decisions = ({} for _ in range(5))
    for doc in docs:
        meta = doc.meta
        if organ_id and getattr(meta, "organ", None) is not None and meta.organ.id != organ_id:
            continue
        if isinstance(meta, PolicyMeta) and meta.doc_type in ("规章", "行政规范性文件"):
            kind = meta.doc_type
            if meta.created.year == year:
                made[kind] = made.get(kind, 0) + 1
            if meta.published and meta.published.year == year:
                published[kind] = published.get(kind, 0) + 1
            if meta.repealed_on and meta.repealed_on.year == year:
                repealed[kind] = repealed.get(kind, 0) + 1
            if meta.created <= end and not (meta.repealed_on and meta.repealed_on <= end):
                in_force[kind] = in_force.get(kind, 0) + 1
        elif isinstance(meta, DecisionMeta) and meta.decided.year == year:
            decisions[meta.category] = decisions.get(meta.category, 0) + 1
    return Counts(made, published, repealed, in_force, decisions)


COUNTED = {"made_rules": ("made", "规章"), "made_normative": ("made", "行政规范性文件"),
           "published_rules": ("published", "规章"), "published_normative": ("published", "行政规范性文件"),
           "repealed_rules": ("repealed", "规章"), "repealed_normative": ("repealed", "行政规范性文件"),
           "in_force_rules": ("in_force", "规章"), "in_force_normative": ("in_force", "行政规范性文件"),
           "licence_decisions": ("decisions", "行政许可"), "penalty_decisions": ("decisions", "行政处罚"),
           "coercion_decisions": ("decisions", "行政强制")}
LABELS = {"made": "制发", "published": "新公开", "repealed": "废止", "in_force": "现行有效", "decisions": "处理决定"}


def counted(counts: Counts, key: str) -> int:
    field, kind = COUNTED[key]
    return getattr(counts, field).get(kind, 0)


def table2(meta: ReportMeta, counts: Counts) -> tuple[T2Block, ...]:
    extra = dict(meta.t2)
    n = lambda key: extra.get(key, str(counted(counts, key)))  # noqa: E731 - the organ's figure, else the site's count
    e = lambda key: extra.get(key, "0")  # noqa: E731
    if meta.format == "2021":
        return (
            T2Block("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), tuple(
                T2Row(kind, (n(f"made_{suffix}"), n(f"repealed_{suffix}"), n(f"in_force_{suffix}")))
                for kind, suffix in (("规章", "rules"), ("行政规范性文件", "normative")))),
            T2Block("第二十条第（五）项", ("本年处理决定数量",), (T2Row("行政许可", (n("licence_decisions"),)),)),
            T2Block("第二十条第（六）项", ("本年处理决定数量",), (
                T2Row("行政处罚", (n("penalty_decisions"),)), T2Row("行政强制", (n("coercion_decisions"),)))),
            T2Block("第二十条第（八）项", ("本年收费金额（单位：万元）",), (T2Row("行政事业性收费", (e("fees_wan"),)),)),
        )
    return (
        T2Block("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), tuple(
            T2Row(label, (n(f"made_{suffix}"), n(f"published_{suffix}"), n(f"in_force_{suffix}")))
            for label, suffix in (("规章", "rules"), ("规范性文件", "normative")))),
        T2Block("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), (
            T2Row("行政许可", (e("licence_items_last_year"), e("licence_items_change"), n("licence_decisions"))),
            T2Row("其他对外管理服务事项", (e("other_items_last_year"), e("other_items_change"), e("other_decisions"))))),
        T2Block("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), (
            T2Row("行政处罚", (e("penalty_items_last_year"), e("penalty_items_change"), n("penalty_decisions"))),
            T2Row("行政强制", (e("coercion_items_last_year"), e("coercion_items_change"), n("coercion_decisions"))))),
        T2Block("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (
            T2Row("行政事业性收费", (e("fee_items_last_year"), e("fee_items_change"))),)),
        T2Block("第二十条第（九）项", ("采购项目数量", "采购总金额"), (
            T2Row("政府集中采购", (e("procurement_count"), e("procurement_total_wan"))),)),
    )


def check_table2(doc: Document, docs: tuple[Document, ...], stats: dict[str, int], problems: Problems) -> None:
    """The organ's own figures against what the site itself shows for that year (a floor), and the decisions
    against the 年度执法数据 of the enforcement data files."""
    meta: ReportMeta = doc.meta  # type: ignore[assignment]
    entered = dict(meta.t2)
    organ_id = meta.organ.id if meta.organ_level == "department" else None
    counts = count_content(docs, meta.year, organ_id)
    for key, (field, kind) in COUNTED.items():
        if key not in entered:
            continue
        value, shown = float(entered[key]), counted(counts, key)
        if value < shown:
            problems.warning("GK377", doc.label, doc.line("t2"),
                             f"表二“{kind}{LABELS[field]}”填 {entered[key]}，少于本网站 {meta.year} 年发布的 {shown} 件",
                             "核对本机关的实际数字：网站上发布的只是其中一部分", key="t2", label="表二数据",
                             rule="report-arithmetic")
        if field == "decisions" and kind in stats and value != stats[kind]:
            problems.warning("GK377", doc.label, doc.line("t2"),
                             f"表二“{kind}处理决定”填 {entered[key]}，与 {meta.year} 年行政执法数据的 {stats[kind]} 件不一致",
                             "核对年度报告和 content/_data/enforcement/ 中的年度执法数据", key="t2", label="表二数据",
                             rule="report-arithmetic")


def enforcement_stats(enforcement: dict, year: int, organ_id: str | None) -> dict[str, int]:
    """The year's 年度执法数据 by category: one organ's, or (for a government's report) all organs' together."""
    totals: dict[str, int] = {}
    for key, data in enforcement.items():
        if data is None or (organ_id and key != organ_id):
            continue
        for row in data.stats:
            if row.get("year") == str(year):
                for category, value in row.values:
                    if category != "year":
                        totals[category] = totals.get(category, 0) + int(value)
    return totals


def split_sections(body: str) -> tuple[tuple[str, str], ...]:
    """The body's six `## ` sections as (heading, Markdown); text before the first heading is dropped."""
    parts = re.split(r"^##[ \t]+(.+?)[ \t]*$", body, flags=re.M)
    return tuple((parts[i].strip(), parts[i + 1].strip("\n")) for i in range(1, len(parts) - 1, 2))


def check_reports(docs: tuple[Document, ...], problems: Problems, enforcement: dict | None = None) -> None:
    """Each report on its own, then each against the same organ's report of the year before."""
    reports = {(d.meta.organ.id, d.meta.year): d for d in docs if isinstance(d.meta, ReportMeta)}
    for (organ_id, year), doc in sorted(reports.items()):
        check_report(doc, problems)
        if not doc.meta.draft:
            check_table2(doc, docs, enforcement_stats(enforcement or {}, year, None if doc.meta.organ_level ==
                                                      "government" else organ_id), problems)
        before = reports.get((organ_id, year - 1))
        if before is None:
            continue
        carried_in = dict(doc.meta.t3).get("carried_in", (0,) * 8)
        carried_out = dict(before.meta.t3).get("carried_out", (0,) * 8)
        if carried_in != carried_out:
            problems.warning("GK385", doc.label, doc.line("t3"),
                             f"表三“上年结转”{list(carried_in)} 与 {year - 1} 年度报告的“结转下年度继续办理”{list(carried_out)} 不一致",
                             f"核对两年的数据（另见 {before.label}）", key="t3", label="表三", others=((before.label, 0),))


# What a part must say, beyond its tables: (part, words of which one must appear, what is missing, for whom).
PART_CONTENTS = (
    (5, ("信息处理费",), "收取信息处理费的情况（没有收取也要写明“未收取”）", None),
    (0, ("考核",), "政务公开工作考核的情况", "government"),
    (0, ("评议",), "社会评议的情况", "government"),
    (0, ("追究", "问责"), "责任追究的情况", "government"),
)
TEXT_PARTS = (0, 4, 5)  # 一、五、六 have no table: their text is the part


def _check_parts(doc: Document, meta: ReportMeta, problems: Problems) -> None:
    """Parts without tables have text; part 六 states the fees; a government's part 一 its 考核、评议、责任追究."""
    parts = [re.sub(r"<!--.*?-->", "", text, flags=re.S).strip() for _, text in split_sections(doc.body)]
    lines = [doc.body_line + doc.body.count("\n", 0, m.start()) for m in re.finditer(r"^##[ \t]+", doc.body, re.M)]
    for number in TEXT_PARTS:
        if not parts[number]:
            problems.error("GK375", doc.label, lines[number], f"“{SECTIONS[number]}”这一部分没有内容",
                           "按年度报告格式写明这一部分的情况")
    missing: dict[int, list[str]] = {}
    for number, words, what, level in PART_CONTENTS:
        if parts[number] and (level is None or meta.organ_level == level) and not any(w in parts[number] for w in words):
            missing.setdefault(number, []).append(what)
    for number, whats in missing.items():
        problems.warning("GK376", doc.label, lines[number], f"“{SECTIONS[number]}”没有写{'、'.join(whats)}",
                         "按国务院办公厅政府信息公开办公室的年度报告格式补写", rule="report-contents")


def check_report(doc: Document, problems: Problems) -> None:
    """The six sections in order, and the arithmetic of Tables 3 and 4."""
    meta: ReportMeta = doc.meta  # type: ignore[assignment]
    headings = tuple(h for h, _ in split_sections(doc.body))
    if headings != SECTIONS:
        problems.error("GK380", doc.label, doc.body_line, "年度报告正文应依次分为六部分：" + "；".join(SECTIONS),
                       "用“## 一、总体情况”这样的二级标题分出六部分，标题文字与顺序不变" +
                       (f"；现在是：{'、'.join(headings)}" if headings else ""))
    elif not meta.draft:  # a draft's parts are still being written
        _check_parts(doc, meta, problems)
    if (meta.year <= 2020) != (meta.format == "2019-trial"):
        problems.error("GK384", doc.label, doc.line("format"),
                       f"{meta.year} 年度报告应使用{'2019 年试行格式（2019-trial）' if meta.year <= 2020 else '2021 年格式（2021）'}",
                       "2019、2020 年度用 format: 2019-trial，2021 年度起用 format: 2021", key="format", label="报告格式")
    rows = dict(meta.t3)
    line = doc.line("t3")
    for key in rows:
        if key not in t3_keys(meta.format):
            problems.error("GK383", doc.label, line, f"{meta.format} 格式的表三没有“{key}”这一行",
                           "可用：" + "、".join(t3_keys(meta.format)), key="t3", label="表三")
    fail = lambda message: problems.error("GK381", doc.label, line, message, "核对年度报告表三的数据",  # noqa: E731
                                          key="t3", label="表三", rule="report-arithmetic")
    for key, label, _ in T3_ROWS[meta.format]:
        if not key:
            continue
        values = rows.get(key, (0,) * 8)
        if sum(values[LEGAL_COLUMNS]) != values[6]:
            fail(f"“{label}”行：法人或其他组织的总计 {values[6]} 不等于五类之和 {sum(values[LEGAL_COLUMNS])}")
        if values[0] + values[6] != values[7]:
            fail(f"“{label}”行：总计 {values[7]} 不等于自然人 {values[0]} 加法人或其他组织 {values[6]}")
    results = [k for k in t3_keys(meta.format) if k not in ("new", "carried_in", "total", "carried_out")]
    zero = (0,) * 8
    for column, name in enumerate(T3_COLUMNS):
        where = "法人或其他组织总计" if column == 6 else name
        total = rows.get("total", zero)[column]
        if sum(rows.get(k, zero)[column] for k in results) != total:
            fail(f"“{where}”列：（七）总计 {total} 不等于（一）至（六）各项之和 "
                 f"{sum(rows.get(k, zero)[column] for k in results)}")
        incoming = rows.get("new", zero)[column] + rows.get("carried_in", zero)[column]
        outgoing = total + rows.get("carried_out", zero)[column]
        if incoming != outgoing:
            fail(f"“{where}”列：新收加上年结转（{incoming}）不等于总计加结转下年度（{outgoing}）")
    for key, label in T4_GROUPS:
        values = dict(meta.t4).get(key, (0,) * 5)
        if sum(values[:4]) != values[4]:
            problems.error("GK382", doc.label, doc.line("t4"),
                           f"表四“{label}”：总计 {values[4]} 不等于维持、纠正、其他、尚未审结之和 {sum(values[:4])}",
                           "核对年度报告表四的数据", key="t4", label="表四", rule="report-arithmetic")
