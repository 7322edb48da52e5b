"""政府网站工作年度报表: the figures the site can count itself for a year, and the checks on what is entered.
An editor enters only visits, 办事, security and spending; a counted figure written by hand is an error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.documents import (WEBSITE_COMPUTED as LABELS, ConsultationMeta, InterpretationMeta, ItemMeta, NewsMeta,
                               OrganMeta, ReplyMeta, WebsiteReportMeta)
from gongkai.problems import Problems

MATERIAL_FORMS = ("文字", "问答")  # 解读材料; the other forms (图解, 视频, 访谈) are 解读产品


@dataclass(frozen=True)
class WebsiteFigures:
    """What the national table asks that the content answers, for one year. Labels are the table's."""

    site_name: str
    site_url: str
    sponsor: str
    id_code: str
    icp: str
    psb: str
    info_total: int
    info_overview: int
    info_news: int
    info_catalogue: int
    columns_maintained: int
    columns_new: int
    interpretations_total: int
    interpretation_materials: int
    interpretation_products: int
    messages_received: int
    messages_closed: int
    messages_avg_days: str  # one decimal, "" with none closed
    messages_published: int
    consultations: int
    consultation_comments: int
    consultation_results: int
    has_media: bool
    weibo: tuple[str, ...]
    wechat: tuple[str, ...]
    other_media: tuple[str, ...]
    accessible: bool  # the theme's 长者模式 and 无障碍 statement: every gongkai site has them




def website_figures(config, pages: tuple, columns: tuple, media: tuple, year: int) -> WebsiteFigures:
    first, last = date(year, 1, 1), date(year, 12, 31)
    in_year = [p for p in pages if p.meta.published is not None and p.meta.published.year == year]
    interpretations = [p for p in in_year if isinstance(p.meta, InterpretationMeta)]
    replies = [p.meta for p in pages if isinstance(p.meta, ReplyMeta)]
    closed = [m for m in replies if m.reply_date is not None and m.reply_date.year == year]
    consultations = [p.meta for p in pages if isinstance(p.meta, ConsultationMeta) and p.meta.opens.year == year]
    running = [a for a in media if a.opened <= last and (a.closed is None or a.closed > last)]
    identity = config.identity
    return WebsiteFigures(
        config.name, config.base_url, identity.sponsor, identity.id_code, identity.icp, identity.psb,
        info_total=len(in_year),
        info_overview=sum(1 for p in pages if isinstance(p.meta, OrganMeta)) + sum(1 for p in in_year if p.kind == "page"),
        info_news=sum(1 for p in in_year if isinstance(p.meta, NewsMeta)),
        info_catalogue=sum(1 for p in in_year if isinstance(p.meta, ItemMeta)),
        columns_maintained=sum(1 for c in columns if (c.meta.start or first) <= last and (c.meta.end is None or c.meta.end >= first)),
        columns_new=sum(1 for c in columns if c.meta.start is not None and c.meta.start.year == year),
        interpretations_total=len(interpretations),
        interpretation_materials=sum(1 for p in interpretations if p.meta.form in MATERIAL_FORMS),
        interpretation_products=sum(1 for p in interpretations if p.meta.form not in MATERIAL_FORMS),
        messages_received=sum(1 for m in replies if m.received.year == year),
        messages_closed=len(closed),
        messages_avg_days=f"{sum((m.reply_date - m.received).days for m in closed) / len(closed):.1f}" if closed else "",
        messages_published=sum(1 for p in in_year if isinstance(p.meta, ReplyMeta)),
        consultations=len(consultations),
        consultation_comments=sum(m.comments or 0 for m in consultations),
        consultation_results=sum(1 for m in consultations if m.result is not None),
        has_media=bool(running),
        weibo=tuple(a.name for a in running if a.platform == "微博"),
        wechat=tuple(a.name for a in running if a.platform == "微信公众号"),
        other_media=tuple(f"{a.name}（{a.platform}）" for a in running if a.platform not in ("微博", "微信公众号")),
        accessible=True,
    )


def check_website_reports(config, pages: tuple, columns: tuple, media: tuple, problems: Problems) -> None:
    seen: dict[int, object] = {}
    for page in pages:
        meta = page.meta
        if not isinstance(meta, WebsiteReportMeta):
            continue
        doc = page.doc
        if meta.year in seen:
            problems.error("GK354", doc.label, doc.line("year"), f"{meta.year} 年度已有网站工作年度报表",
                           "每年只发布一份报表", key="year", label="报表年度", others=((seen[meta.year].doc.label, 0),))
        seen[meta.year] = page
        figures = website_figures(config, pages, columns, media, meta.year)
        for key in meta.entered_computed:
            value = getattr(figures, key)
            shown = "、".join(value) or "无" if isinstance(value, tuple) else ("是" if value is True else "否" if value is False else value)
            problems.error("GK353", doc.label, doc.line(key), f"「{LABELS[key]}」由网站根据发布的内容统计（{meta.year} 年为 {shown}），不要填写",
                           f"删去 {key} 这一行；数字不对时检查发布的内容（发布日期、类型）", key=key, label=LABELS[key])
        for low, high, message in ((meta.security_fixed, meta.security_issues, "整改的问题多于发现的问题"),
                                   (meta.online_items, meta.service_items, "可全程在线办理的事项多于政务服务事项总数")):
            if low > high:
                problems.error("GK354", doc.label, doc.line("security_fixed" if "问题" in message else "online_items"),
                               f"{message}（{low} > {high}）", "核对这两个数字")
