"""What is late or due as of today: annual reports, consultation results, replies to the public, plan tasks.
Warnings in a build; the inspection's single-veto items (unanswered messages) are errors in `check`."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.documents import ConsultationMeta, ReplyMeta, ReportMeta, WebsiteReportMeta
from gongkai.model.site import Site
from gongkai.problems import Problems

REPORT_DUE = {"government": (3, 31), "department": (1, 31)}  # Art. 49 (and 国办 practice for governments)
REPORTING_LEVELS = ("government", "department", "township")  # a government, its departments and townships report


def check_deadlines(site: Site, docs: tuple, today: date, inspection: bool, problems: Problems) -> None:
    _reports(site, docs, today, inspection, problems)
    _consultations(site, today, problems)
    _replies(site, today, inspection, problems)
    _tasks(site, today, problems)
    _website_reports(site, today, problems)


def _website_reports(site: Site, today: date, problems: Problems) -> None:
    """政府网站工作年度报表: the previous year's by 31 January (国办发〔2017〕47号), once the site has its column."""
    column = next((s for s in site.sections.values() if s.kind == "website_report" and s.path), None)
    if column is None:
        return
    published = {p.meta.year: p for p in site.pages if isinstance(p.meta, WebsiteReportMeta)}
    year = today.year - 1
    if today > date(today.year, 1, 31) and year not in published:
        problems.warning("GK355", column.index.label, 0, f"{year} 年度政府网站工作年度报表应在 {today.year} 年 1 月 31 日前发布，尚未发布",
                         f"在本栏目发布 {year} 年度报表（kind: website_report）", rule="missing-website-report")
    for report_year, page in published.items():
        due = date(report_year + 1, 1, 31)
        if page.meta.published.date() > due:
            problems.warning("GK355", page.doc.label, page.doc.line("published"),
                             f"{report_year} 年度报表 {page.meta.published:%Y-%m-%d} 才发布，晚于 {due:%Y-%m-%d}",
                             "每年 1 月 31 日前发布上一年度的报表", key="published", label="发布日期",
                             rule="missing-website-report")


def _tasks(site: Site, today: date, problems: Problems) -> None:
    """A plan task past its 完成时限 and not reported 已完成."""
    pages = {page.doc.src_path: page for page in site.pages}
    for plan in site.plans:
        for task in plan.tasks():
            if task.due is None or today <= task.due or task.status == "已完成" or task.src_path not in pages:
                continue
            doc = pages[task.src_path].doc
            problems.warning("GK394", doc.label, doc.line("status") if task.status else doc.line("deadline"),
                             f"任务“{task.number}{task.title}”的完成时限“{task.deadline}”（{task.due:%Y-%m-%d}）已过，"
                             f"进展{'是“' + task.status + '”' if task.status else '还没有填写'}",
                             "核对落实情况：已完成的写 status: 已完成，并发布落实信息（写 plan_task 指向本任务）",
                             key="status", label="进展", rule="task-overdue")


def _reports(site: Site, docs: tuple, today: date, inspection: bool, problems: Problems) -> None:
    config = site.config
    due_from = [o for o in config.organs if o.id in config.report_organs] if config.report_organs is not None else \
        [o for o in config.organs if o.level in REPORTING_LEVELS]
    published = {(p.meta.organ.id, p.meta.year) for p in site.pages if isinstance(p.meta, ReportMeta)}
    report = problems.error if inspection else problems.warning
    for page in site.pages:  # published, but after the deadline: the inspection counts that too
        meta = page.meta
        if isinstance(meta, ReportMeta) and meta.published and meta.organ is not None:
            month, day = REPORT_DUE["government" if meta.organ.level == "government" else "department"]
            due = date(meta.year + 1, month, day)
            if meta.published.date() > due:
                problems.warning("GK374", page.doc.label, page.doc.line("published"),
                                 f"{meta.year} 年度报告于 {meta.published:%Y-%m-%d} 发布，晚于 {due:%Y-%m-%d} 的期限",
                                 "年度报告应在期限前发布；若日期填错，请核对发布日期", key="published", label="发布日期",
                                 rule="late-annual-report")
    for organ in due_from:
        level = "government" if organ.level == "government" else "department"
        month, day = REPORT_DUE[level]
        year = today.year - 1
        if (today.month, today.day) > (month, day) and (organ.id, year) not in published:
            report("GK386", "", 0, f"{organ.name} {year} 年政府信息公开工作年度报告应在 {today.year} 年 {month} 月 {day} 日前发布，尚未发布",
                   f"在政府信息公开年报栏目发布 {year} 年度报告（kind: report）", rule="missing-annual-report")


def _consultations(site: Site, today: date, problems: Problems) -> None:
    limit = site.config.consultation_result_days
    for page in site.pages:
        meta = page.meta
        if not isinstance(meta, ConsultationMeta):
            continue
        if meta.opens > meta.closes:
            problems.error("GK387", page.doc.label, page.doc.line("closes"), "截止日期早于开始日期", "核对征求意见的起止日期",
                           key="closes", label="截止日期")
            continue
        days = (meta.closes - meta.opens).days + 1
        if days < site.config.consultation_days and not meta.short_reason.strip():
            problems.error("GK393", page.doc.label, page.doc.line("closes"),
                           f"征求意见只有 {days} 天，少于 {site.config.consultation_days} 天的期限",
                           f"把截止日期延后到 {meta.opens + timedelta(days=site.config.consultation_days - 1):%Y-%m-%d} 或以后；"
                           "确需缩短的，写 short_reason: 理由（显示在页面上）", key="closes", label="截止日期")
        if meta.result is None and (today - meta.closes).days > limit:
            problems.warning("GK388", page.doc.label, page.doc.line("closes"),
                             f"意见征集已于 {meta.closes:%Y-%m-%d} 截止 {(today - meta.closes).days} 天，还没有公布意见收集和采纳情况",
                             f"发布意见收集和采纳情况，并在本文件写 result: 其文件路径（截止后 {limit} 天内）",
                             key="result", label="意见采纳情况", rule="consultation-result")
        if meta.result is not None and meta.result in site.urls and meta.comments is None:
            problems.warning("GK317", page.doc.label, page.doc.line("result"), "已公布意见采纳情况，但没有填写收到意见数和采纳数",
                             "写 comments: 收到意见条数、adopted: 采纳条数、not_adopted_reasons: 未采纳的主要理由",
                             key="comments", label="收到意见数")
        if meta.adopted is not None and meta.comments is not None and meta.adopted > meta.comments:
            problems.error("GK318", page.doc.label, page.doc.line("adopted"),
                           f"采纳 {meta.adopted} 条，多于收到的 {meta.comments} 条意见", "核对两个数字",
                           key="adopted", label="采纳数")
        if meta.result is not None and meta.result not in site.urls and meta.result not in site.broken:
            problems.error("GK389", page.doc.label, page.doc.line("result"), f"意见采纳情况 {meta.result} 不存在或尚未发布",
                           "填写已发布的意见收集和采纳情况文件的路径", key="result", label="意见采纳情况")


def _replies(site: Site, today: date, inspection: bool, problems: Problems) -> None:
    limit = site.config.reply_days
    veto = problems.error if inspection else problems.warning
    for page in site.pages:
        meta = page.meta
        if not isinstance(meta, ReplyMeta):
            continue
        if meta.reply_date is not None:
            if meta.reply_date < meta.received:
                problems.error("GK390", page.doc.label, page.doc.line("reply_date"), "答复日期早于收到日期",
                               "核对两个日期", key="reply_date", label="答复日期")
            elif (meta.reply_date - meta.received).days > limit:
                problems.warning("GK391", page.doc.label, page.doc.line("reply_date"),
                                 f"收到后 {(meta.reply_date - meta.received).days} 天才答复，超过 {limit} 天的时限",
                                 "及时答复网民留言", key="reply_date", label="答复日期", rule="late-reply")
        elif (today - meta.received).days > limit:
            veto("GK392", page.doc.label, page.doc.line("received"),
                 f"留言收到已 {(today - meta.received).days} 天仍未答复（时限 {limit} 天），达到单项否决标准",
                 "尽快答复，并写明 reply 和 reply_date", key="reply", label="答复内容", rule="unanswered")
