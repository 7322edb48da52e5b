"""行政执法公示: which decisions are published, withdrawn or past their display period, and the rules
on publication deadlines, withdrawals, masking and personal data (§6)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from gongkai.config import EnforcementRules, Organ
from gongkai.data import STAT_CATEGORIES, EnforcementData
from gongkai.documents import DecisionMeta, Document, EnforcementMeta
from gongkai.invisible import visible
from gongkai.personal import find_personal_data, masked_name
from gongkai.problems import Problems
from gongkai.workdays import WorkCalendar, working_days_between

FAST_CATEGORIES = ("行政许可", "行政处罚")  # published within 7 working days; the others within 20
STATS_DUE = (1, 31)  # last year's totals by 31 January
SCANNED_FIELDS = ("title", "summary", "target_name", "legal_rep", "violation_type", "facts", "basis", "result",
                  "licence", "status_reason")


@dataclass(frozen=True)
class Fate:
    """What a decision shows today: the decision itself, a withdrawal notice or an end-of-period notice."""

    state: str  # "published", "withdrawn", "expired" or "blocked" (a minor: never published)
    display_until: date


def display_until(meta: DecisionMeta, rules: EnforcementRules) -> date:
    if meta.display_until is not None:
        return meta.display_until
    years = rules.display_years_person if meta.target_type == "自然人" else rules.display_years
    try:
        return meta.decided.replace(year=meta.decided.year + years)
    except ValueError:  # 29 February
        return meta.decided.replace(year=meta.decided.year + years, day=28)


def fate(meta: DecisionMeta, rules: EnforcementRules, today: date) -> Fate:
    until = display_until(meta, rules)
    if meta.target_is_minor:
        return Fate("blocked", until)
    if meta.status != "有效":
        return Fate("withdrawn", until)
    if today > until:
        return Fate("expired", until)
    return Fate("published", until)


def shown_name(meta: DecisionMeta) -> str:
    """The party as published: natural persons masked unless full publication is justified."""
    if meta.target_type == "自然人" and not meta.publish_full_name:
        return masked_name(meta.target_name)
    return meta.target_name


def shown_legal_rep(meta: DecisionMeta) -> str:
    if meta.legal_rep and meta.target_type == "个体工商户":
        return masked_name(meta.legal_rep)  # an individual business's operator is a natural person
    return meta.legal_rep


MASKED_FIELDS = ("title", "summary", "violation_type", "facts", "basis", "result", "licence", "status_reason")


def public_decision(meta: DecisionMeta, body: str) -> tuple[DecisionMeta, str]:
    """The decision as it may be published: names masked in every text field and in the body."""
    pairs = [(meta.target_name, shown_name(meta))]
    if meta.legal_rep:
        pairs.append((meta.legal_rep, shown_legal_rep(meta)))
    pairs = [(full, shown) for full, shown in pairs if full != shown]

    def mask(text: str) -> str:
        for full, shown in pairs:
            text = text.replace(full, shown)
        return text

    changes = {key: mask(getattr(meta, key)) for key in MASKED_FIELDS}
    masked = replace(meta, target_name=shown_name(meta), legal_rep=shown_legal_rep(meta),
                     keywords=tuple(mask(k) for k in meta.keywords), **changes)
    return masked, mask(body)


def check_decision(doc: Document, rules: EnforcementRules, calendar: WorkCalendar, problems: Problems) -> None:
    """The rules that hold for every decision, whatever it shows today."""
    meta: DecisionMeta = doc.meta  # type: ignore[assignment]
    if meta.target_type == "法人及非法人组织" and not meta.credit_code:
        problems.error("GK365", doc.label, doc.line("target_type"), "法人及非法人组织必须填写统一社会信用代码",
                       "加上一行 credit_code: 18 位统一社会信用代码", key="credit_code", label="统一社会信用代码")
    if meta.credit_code.startswith("92") and meta.target_type != "个体工商户":  # 9 工商登记, 2 个体工商户 (GB 32100)
        problems.error("GK373", doc.label, doc.line("target_type"),
                       f"统一社会信用代码 {meta.credit_code[:2]}…… 是个体工商户的代码，相对人类型却写成“{meta.target_type}”",
                       "把 target_type 改为 个体工商户（经营者姓名写在 legal_rep，页面上只显示姓氏），或核对信用代码",
                       key="target_type", label="相对人类型")
    if meta.publish_full_name and not meta.full_name_reason:
        problems.error("GK363", doc.label, doc.line("publish_full_name"), "公开自然人全名必须写明理由",
                       "加上 full_name_reason: 依据的规定；没有依据就删除 publish_full_name，只显示姓氏",
                       key="full_name_reason", label="公开全名的理由")
    if meta.target_is_minor:
        problems.warning("GK364", doc.label, doc.line("target_is_minor"), "相对人是未成年人，本决定不予公开，已跳过",
                         "无需处理；如填写有误请删除 target_is_minor", key="target_is_minor", label="相对人是未成年人")
    if meta.published and meta.decided > meta.published.date():
        problems.error("GK369", doc.label, doc.line("decided"),
                       f"决定日期 {meta.decided:%Y-%m-%d} 晚于发布日期 {meta.published:%Y-%m-%d}",
                       "核对两个日期", key="decided", label="决定日期")
    if meta.status != "有效":
        missing = [label for key, label in (("status_changed", "状态变化日期"), ("status_reason", "撤回理由"),
                                            ("withdrawn", "撤回日期")) if not getattr(meta, key)]
        if missing:
            problems.error("GK361", doc.label, doc.line("status"),
                           f"决定状态为“{meta.status}”，必须撤回公示，还缺少：{'、'.join(missing)}",
                           "写明 status_changed、status_reason 和 withdrawn（撤回公告发布的日期）", key="status", label="决定状态")
        elif (meta.withdrawn - meta.status_changed).days > rules.withdrawal_days:
            # An error (§6) until the lapse is explained: it cannot be undone, only recorded and still counted.
            report = problems.warning if meta.late_reason.strip() else problems.error
            report("GK362", doc.label, doc.line("withdrawn"),
                   f"决定于 {meta.status_changed:%Y-%m-%d} {meta.status}，{meta.withdrawn:%Y-%m-%d} 才撤回，"
                   f"超过 {rules.withdrawal_days} 日",
                   f"状态变化后应在 {rules.withdrawal_days} 日内撤回公示；撤回日期填写有误就改正，"
                   "确已逾期的写 late_reason: 原因（写明后降为警告）",
                   key="withdrawn", label="撤回日期", rule="late-withdrawal")
    _check_deadline(doc, meta, rules, calendar, problems)


def _check_deadline(doc, meta: DecisionMeta, rules: EnforcementRules, calendar: WorkCalendar, problems: Problems) -> None:
    limit = 7 if meta.category in FAST_CATEGORIES else 20
    if meta.published is None:
        return
    count = working_days_between(meta.decided, meta.published.date(), calendar)
    if count.guessed_years:  # a Monday-to-Friday count would misjudge the deadline
        years = "、".join(map(str, count.guessed_years))
        problems.error("GK341", doc.label, doc.line("published"), f"节假日表不含 {years} 年，无法计算公示时限的工作日",
                       f"在 content/_data/calendar.yml 中写上 {years} 年的放假和调休日期（格式见编辑手册“公开时限”）",
                       key="published", label="发布日期")
        return
    if count.days > limit:
        report = problems.error if rules.late_is_error else problems.warning
        report("GK360", doc.label, doc.line("published"),
               f"{meta.category}决定作出后第 {count.days} 个工作日才公示，超过 {limit} 个工作日的时限 {count.days - limit} 个工作日",
               "决定作出后及时公示；核对决定日期和发布日期", key="published", label="发布日期", rule="late-enforcement")


def check_personal_data(doc: Document, rules: EnforcementRules, problems: Problems) -> None:
    """What a decision must not show of its people: read from the file and site.yml alone (a check of the
    document on its own, which the file memo remembers)."""
    if isinstance(doc.meta, DecisionMeta):
        _check_personal_data(doc, doc.meta, problems, rules.sensitive_terms)


def _check_personal_data(doc, meta: DecisionMeta, problems: Problems, terms: tuple[str, ...] = ()) -> None:
    natural = meta.target_type != "法人及非法人组织"
    hidden = [(full, shown) for full, shown in ((meta.target_name, shown_name(meta)),
                                                (meta.legal_rep, shown_legal_rep(meta))) if full and full != shown]
    for number, attachment in enumerate(getattr(meta, "attachments", ()), start=1):  # a name cannot be masked
        for full, shown in hidden:
            if full in visible(attachment.src_path.name) or full in visible(attachment.title):
                problems.error("GK366", doc.label, doc.line("attachments"),
                               f"第 {number} 个附件的文件名或标题含有当事人的全名（页面上只显示“{shown}”）",
                               f"给附件文件改名、改写附件标题，用“{shown}”代替全名", key="attachments", label="附件")
    for key in SCANNED_FIELDS:
        value = getattr(meta, key, "")
        if key == "target_name" or not value:
            continue
        for finding in find_personal_data(value, natural, terms=terms):
            problems.error("GK366", doc.label, doc.line(key), f"含有不得公开的{finding.what}“{finding.text}”",
                           PERSONAL_HINT, key=key, label=_LABELS.get(key, key))
    body = visible(doc.body)  # the offsets are of the text as read
    for finding in find_personal_data(body, natural, terms=terms):
        line = doc.body_line + body.count("\n", 0, finding.offset)
        problems.error("GK366", doc.label, line, f"正文含有不得公开的{finding.what}“{finding.text}”", PERSONAL_HINT)


PERSONAL_HINT = "删除或改写这部分内容；个人身份证号、电话、银行账号、住址一律不公开"


_LABELS = {"title": "标题", "summary": "内容概述", "legal_rep": "法定代表人", "violation_type": "违法行为类型",
           "facts": "违法事实", "basis": "执法依据", "result": "处理结果", "licence": "证照名称及编号",
           "status_reason": "撤回理由"}


# What 事前公开 must hold (国办发〔2018〕118号): 执法主体 is required by the data file itself.
ELEMENTS = (("officers", "执法人员"), ("powers", "职责权限"), ("bases", "执法依据"), ("procedures", "执法程序"),
            ("guides", "服务指南"), ("remedies", "救济渠道"), ("random_checks", "随机抽查事项清单"),
            ("discretion", "行政执法裁量基准"))


def _check_elements(data: EnforcementData, organ, problems: Problems) -> None:
    tables = {table.key for table in data.tables if table.rows}
    held = tables | ({"procedures"} if data.procedures else set()) | ({"remedies"} if data.remedies.strip() else set())
    missing = [title for key, title in ELEMENTS if key not in held]
    if missing:
        problems.warning("GK372", data.label, 0, f"{organ.name}的事前公开信息缺少：{'、'.join(missing)}",
                         "按国办发〔2018〕118号补全事前公开的各项内容（写法见示例网站的 content/_data/enforcement/）",
                         rule="shiqian-incomplete")


@dataclass(frozen=True)
class EnforcementOrgan:
    path: str  # the organ's folder under the enforcement column
    url: str
    title: str
    organ: Organ
    data: EnforcementData | None
    decisions: tuple  # published decision pages, newest first


def build_enforcement(enforcement: dict[str, EnforcementData | None], sections: dict, pages: tuple, today: date,
                      problems: Problems, platform_url: str = "") -> tuple[EnforcementOrgan, ...]:
    organs = []
    seen: dict[str, str] = {}
    columns = [s for s in sections.values() if isinstance(s.meta, EnforcementMeta)]
    if columns and not platform_url:
        problems.error("GK371", "site.yml", 0, "有行政执法公示栏目，但没有写省级行政执法信息公示平台的网址",
                       "在 site.yml 的 enforcement 中写 platform_url，例如 platform_url: https://xzzf.sc.gov.cn/",
                       key="enforcement", label="行政执法公示")
    for section in sections.values():
        meta = section.meta
        if not isinstance(meta, EnforcementMeta):
            continue
        organ = meta.organ
        if organ.id in seen:
            problems.error("GK370", section.index.label, section.index.line("organ"),
                           f"{organ.name}已有执法公示栏目 content/{seen[organ.id]}/", "每个执法机关只设一个执法公示栏目",
                           key="organ", label="执法机关")
        seen[organ.id] = section.path
        if not organ.unified_code:
            problems.warning("GK378", "site.yml", 0, f"执法机关{organ.name}没有登记统一社会信用代码，行政处罚决定导出"
                             "（enforcement.csv）中的“决定机关统一社会信用代码”将是空的",
                             f"在 site.yml 的 organs 中给 {organ.id} 加上 credit_code: 18 位统一社会信用代码",
                             key="organs", label="机构")
        data = enforcement.get(organ.id)
        if organ.id not in enforcement:
            problems.warning("GK367", section.index.label, 0,
                             f"{organ.name}还没有事前公开信息（content/_data/enforcement/{organ.id}.yml）",
                             "写明执法主体、执法人员、职责权限、执法依据、执法程序、救济渠道、随机抽查事项清单和裁量基准")
        elif data is not None:
            _check_elements(data, organ, problems)
            if (today.month, today.day) > STATS_DUE and not any(r.get("year") == str(today.year - 1) for r in data.stats):
                problems.warning("GK368", data.label, 0, f"{organ.name} {today.year - 1} 年的行政执法数据应在 {today.year} 年 1 月 31 日前公开",
                                 f"在 stats 中加上 year: {today.year - 1} 的各类执法数量（{'、'.join(STAT_CATEGORIES)}）",
                                 rule="missing-stats")
        decisions = tuple(p for p in pages if isinstance(p.meta, DecisionMeta) and p.doc.section == section.path)
        organs.append(EnforcementOrgan(section.path, section.url, section.title, organ, data, decisions))
    return tuple(organs)
