"""Frozen dataclasses for each content kind's front-matter, and the validated Document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

from gongkai.config import Organ
from gongkai.pickled import quick_pickling
from gongkai.page_parts import Attachment, Leader, SubTask, Unit, UnitRole  # noqa: F401 - re-exported
from gongkai.section_meta import (AreaMeta, EnforcementMeta, GuideMeta, PlanMeta, SectionMeta,  # noqa: F401 - re-exported
                                  TopicMeta)


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class PageMeta:
    """Fields every content kind shares."""

    title: str
    kind: str | None = None
    draft: bool = False
    published: datetime | None = None
    updated: datetime | None = None
    expires: date | None = None
    slug: str | None = None
    template: str | None = None
    summary: str = ""
    keywords: tuple[str, ...] = ()
    organ: Organ | None = None
    source: str = ""
    author: str = ""
    weight: int = 0
    plan_task: str = ""  # the plan task this item implements: a task path or key like 2019-二-三
    attachments: tuple[Attachment, ...] = ()
    columns: tuple[str, ...] = ()  # 专题专栏 the item also appears in (their folder names)
    directory_row: str = ""  # id of the 主动公开基本目录 row this page publishes (items, news, notices)


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class NewsMeta(PageMeta):
    """政务动态: dated news from an organ."""


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class NoticeMeta(PageMeta):
    """通知公告: dated notices from an organ."""


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class ItemMeta(PageMeta):
    """法定主动公开内容: a catalogue item with the standard disclosure metadata."""

    index_no: str
    topic: str
    created: date
    doc_no: str = ""
    validity: str = "有效"
    superseded_by: PurePosixPath | None = None
    genre: str = ""
    art20: str = ""  # key of its statutory category (config.CATEGORIES): 20-07, 21-shjz


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class PolicyMeta(ItemMeta):
    """A policy document: 规章, 行政规范性文件 or another document."""

    doc_type: str
    interpretations: tuple[PurePosixPath, ...] = ()
    interpretation_exempt: str = ""  # the written reason a required interpretation is not needed
    effective_from: date | None = None
    repealed_on: date | None = None


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class InterpretationMeta(ItemMeta):
    """政策解读: explains one policy, drafted by its drafting organ (谁起草、谁解读)."""

    interprets: PurePosixPath
    form: str
    drafting_organ: Organ | None = None
    co_drafted: bool = False
    background_basis: str = ""
    goals_tasks: str = ""
    main_content: str = ""
    scope: str = ""
    standards: str = ""
    notes: str = ""
    key_terms: str = ""
    benefits: str = ""
    old_vs_new: str = ""


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class TaskMeta(PageMeta):
    """A task of a plan area: its number, title, text (the body) and units by role."""

    number: str
    units: tuple[UnitRole, ...] = ()
    units_text: str = ""  # the parenthetical exactly as the source words it
    subtasks: tuple[SubTask, ...] = ()
    deadline: str = ""  # 完成时限 as the plan words it (年底前, 2019年6月底前, 持续推进)
    status: str = ""  # 未启动 / 推进中 / 已完成, as the lead unit reports it


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class OrganMeta(PageMeta):
    """机构职能 and 负责人 of one organ (Art. 20 (二)); the body holds its functions."""

    leaders: tuple[Leader, ...] = ()
    address: str
    hours: str
    phone: str
    fax: str = ""
    email: str = ""
    postcode: str = ""


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class DecisionMeta(PageMeta):
    """One 行政执法 decision published after the fact (事后公开), in the 双公示 fields."""

    decision_no: str
    category: str  # 行政许可, 行政处罚, 行政强制, 行政检查, 行政征收
    target_type: str  # 自然人, 法人及非法人组织, 个体工商户
    target_name: str
    credit_code: str = ""
    legal_rep: str = ""
    violation_type: str = ""
    facts: str = ""
    basis: str = ""
    result: str
    penalty_kind: str = ""
    fine_wan: str = ""
    confiscated_wan: str = ""
    licence: str = ""
    decided: date
    display_until: date | None = None
    status: str = "有效"
    status_changed: date | None = None
    status_reason: str = ""
    withdrawn: date | None = None  # the day the withdrawal notice replaced the decision
    late_reason: str = ""  # why the withdrawal came later than rules.withdrawal_days: the record of a past lapse
    publish_full_name: bool = False
    full_name_reason: str = ""
    target_is_minor: bool = False


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class ReportMeta(PageMeta):
    """政府信息公开工作年度报告: six sections in the body, Tables 3 and 4 entered, Table 2 computed."""

    year: int
    organ_level: str  # government | department
    format: str  # 2021 | 2019-trial
    t2: tuple[tuple[str, str], ...] = ()  # figures the content cannot know, e.g. fees_wan
    t3: tuple[tuple[str, tuple[int, ...]], ...] = ()
    t4: tuple[tuple[str, tuple[int, ...]], ...] = ()


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class ConsultationMeta(PageMeta):
    """意见征集 on a draft decision: open and close dates, how to comment, the published result."""

    opens: date
    closes: date
    how_to_comment: str
    result: PurePosixPath | None = None  # the 意见收集和采纳情况 document
    short_reason: str = ""  # why the period is shorter than config.consultation_days
    channels: tuple[str, ...] = ()  # ids of site.yml channels that take comments (shown with their addresses)
    comments: int | None = None  # 收到意见数, once the result is published
    adopted: int | None = None  # 采纳（含部分采纳）数
    not_adopted_reasons: str = ""  # 未采纳的主要理由


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class ReplyMeta(PageMeta):
    """留言答复: a question from the public and the organ's reply."""

    question: str
    asker: str = "网民"
    received: date
    reply: str = ""
    reply_date: date | None = None


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceGuideMeta(PageMeta):
    """办事指南 of one of the county's own matters: what to bring, where to go, how long it takes."""

    basis: tuple[str, ...]  # 办理依据
    conditions: str  # 受理条件
    materials: tuple[str, ...]  # 申请材料
    steps: tuple[str, ...]  # 办理流程
    time_limit: str  # 办理时限: 法定 20 个工作日，承诺 5 个工作日
    fee: str  # 收费: 不收费, or the standard and its basis
    phone: str  # 咨询电话
    place: str  # 办理地点
    hours: str = ""
    max_one_trip: bool = False  # 最多跑一次
    online_url: str = ""  # the matter's own page on the province's 政务服务网


# The national table's figures the site counts itself (model/website_report.py), with the table's labels.
WEBSITE_COMPUTED = {
    "site_name": "网站名称", "site_url": "首页网址", "sponsor": "主办单位", "id_code": "政府网站标识码", "icp": "ICP备案编号",
    "psb": "公安机关备案号", "info_total": "信息发布总数", "info_overview": "概况类信息更新量", "info_news": "政务动态信息更新量",
    "info_catalogue": "信息公开目录信息更新量", "columns_maintained": "专栏专题维护数量", "columns_new": "专栏专题新开设数量",
    "interpretations_total": "政策解读总数", "interpretation_materials": "解读材料数量", "interpretation_products": "解读产品数量",
    "messages_received": "收到留言数量", "messages_closed": "办结留言数量", "messages_avg_days": "平均办理时间（天）",
    "messages_published": "公开答复数量", "consultations": "征集调查期数", "consultation_comments": "收到意见数量",
    "consultation_results": "公布调查结果期数", "has_media": "是否有移动新媒体", "weibo": "微博", "wechat": "微信",
    "other_media": "其他移动新媒体", "accessible": "无障碍浏览",
}


@quick_pickling
@dataclass(frozen=True, kw_only=True, slots=True)
class WebsiteReportMeta(PageMeta):
    """政府网站工作年度报表 (国办发〔2017〕47号): only what the site cannot count is entered; the rest is computed."""

    year: int
    site_type: str = "政府门户网站"
    unique_visitors: int
    page_views: int
    hot_responses: int = 0  # 回应公众关注热点或重大舆情数量
    media_comments: int = 0  # 政策解读: 媒体评论文章数量
    service_catalogue: bool = False
    registered_users: int = 0
    service_items: int = 0
    online_items: int = 0
    cases: int = 0
    unified_platform: bool = False
    interviews: int = 0
    interview_messages: int = 0
    interview_answers: int = 0
    smart_qa: bool = False
    security_checks: int
    security_issues: int
    security_fixed: int
    monitoring: bool = False
    drills: bool = False
    security_officer: bool = False
    weibo_posts: int = 0
    weibo_followers: int = 0
    wechat_posts: int = 0
    wechat_followers: int = 0
    search_service: bool = False
    multilingual: bool = False
    personalised: bool = False  # 千人千网
    innovation_other: str = ""
    spending_wan: str  # 网站支出（万元）
    entered_computed: tuple[str, ...] = ()  # keys of computed figures an editor wrote anyway: each an error


KIND_META: dict[str, type[PageMeta]] = {
    "page": PageMeta,
    "news": NewsMeta,
    "notice": NoticeMeta,
    "item": ItemMeta,
    "policy": PolicyMeta,
    "interpretation": InterpretationMeta,
    "task": TaskMeta,
    "organ": OrganMeta,
    "decision": DecisionMeta,
    "report": ReportMeta,
    "consultation": ConsultationMeta,
    "reply": ReplyMeta,
    "service_guide": ServiceGuideMeta,
    "website_report": WebsiteReportMeta,
}

INDEX_META: dict[str, type[SectionMeta]] = {
    "section": SectionMeta,
    "plan": PlanMeta,
    "area": AreaMeta,
    "guide": GuideMeta,
    "topic": TopicMeta,
    "enforcement": EnforcementMeta,
}

KIND_LABELS = {
    "section": "栏目",
    "home": "首页",
    "plan": "工作要点",
    "area": "工作要点领域",
    "guide": "政府信息公开指南",
    "apply": "依申请公开",
    "admin": "编辑后台",
    "media": "政务新媒体",
    "services": "办事服务",
    "page": "页面",
    "news": "政务动态",
    "notice": "通知公告",
    "item": "主动公开信息",
    "policy": "政策文件",
    "interpretation": "政策解读",
    "task": "工作任务",
    "organ": "机构信息",
    "decision": "行政执法决定",
    "topic": "专题专栏",
    "enforcement": "行政执法公示",
    "listing": "信息列表",
    "decision-notice": "执法决定撤回或期满公告",
    "report": "政府信息公开工作年度报告",
    "consultation": "意见征集",
    "reply": "留言答复",
    "service_guide": "办事指南",
    "website_report": "政府网站工作年度报表",
    "statistics": "统计",
    "search": "站内搜索",
    "sitemap": "网站地图",
    "accessibility": "无障碍说明",
    "file": "站点文件",
    "feed": "订阅源",
}


@quick_pickling
@dataclass(frozen=True, slots=True)
class Document:
    """A validated content file: its kind, typed front-matter and Markdown body."""

    src_path: PurePosixPath  # inside content/
    label: str  # path shown in messages, e.g. content/zwdt/a.md
    section: str  # folder inside content/, POSIX; "" for the root
    kind: str  # a KIND_META key, or "section" for an _index.md
    meta: PageMeta | SectionMeta
    body: str
    body_line: int
    lines: dict[str, int]  # front-matter key -> line, for messages about cross-file problems

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def is_index(self) -> bool:
        return self.src_path.name == "_index.md"

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass(frozen=True)
class LeftOut:
    """The Markdown files left out of the model for their own errors. A cross-file check that would miss
    one of them asks here first: the editor is told to fix that file, not to create it again."""

    paths: frozenset[PurePosixPath] = frozenset()

    def __contains__(self, path: object) -> bool:
        return path in self.paths

    def __bool__(self) -> bool:
        return bool(self.paths)

    def under(self, folder: str) -> bool:
        """Whether a left-out file lies in `folder` or below it ("" is content/ itself)."""
        prefix = f"{folder}/" if folder else ""
        return any(path.as_posix().startswith(prefix) for path in self.paths)

    def index_of(self, folder: str) -> bool:
        """Whether `folder`'s own _index.md is left out."""
        return PurePosixPath(folder, "_index.md") in self.paths

    def subsection_of(self, folder: str) -> bool:
        """Whether the _index.md of a folder directly inside `folder` is left out."""
        return any(path.name == "_index.md" and path.parent.parent == PurePosixPath(folder) for path in self.paths)
