"""The field table of every content kind: labels, types, required fields.

One table drives validation, the `new` command's templates and the editors' field guide.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Callable

from gongkai.config import INDEX_KINDS, KINDS, CategoryRef, SiteConfig
from gongkai.documents import INDEX_META, KIND_META, WEBSITE_COMPUTED, Leader, SubTask, UnitRole
from gongkai.field_types import (WebAddress, AttachmentList, Amount, Cells, Counts, CreditCode, OrganRef, Records, TaskNumber,
                                 UnitRef)
from gongkai.fields import Bool, Choice, Computed, Date, DateTime, DocNo, DocRef, FieldSpec, IndexNo, Integer, Slug, Text, TextList
from gongkai.report_tables import T2_COUNTED_KEYS, T2_EDITOR_KEYS, T4_GROUPS, t3_keys

VALIDITY = ("有效", "失效", "废止", "已修改")
DOC_TYPES = ("规章", "行政规范性文件", "其他文件")
FORMS = ("文字", "图解", "问答", "视频", "访谈")
ROLES = ("牵头单位", "责任单位", "配合单位", "分工负责", "未标注")
CATEGORIES = ("行政许可", "行政处罚", "行政强制", "行政检查", "行政征收")
TARGET_TYPES = ("法人及非法人组织", "个体工商户", "自然人")
STATUSES = ("有效", "已变更", "已撤销", "确认违法", "确认无效")
TASK_STATES = ("未启动", "推进中", "已完成")
UPDATE_CATEGORIES = ("news", "notice", "policy", "personnel", "plan", "static")
# The interpretation elements of 国办发〔2016〕80号 and the seed, in the order pages show them.
ELEMENTS = (
    ("background_basis", "背景依据"), ("goals_tasks", "目标任务"), ("main_content", "主要内容"),
    ("scope", "涉及范围"), ("standards", "执行标准"), ("notes", "注意事项"), ("key_terms", "关键词诠释"),
    ("benefits", "惠民利民举措"), ("old_vs_new", "新旧政策差异"),
)


def common_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("title", "标题", Text("荣县2019年政务公开工作要点"), True, "信息的主标题"),
        FieldSpec("kind", "内容类型", Choice(KINDS, "内容类型"), False, "一般由所在栏目决定，不必填写"),
        FieldSpec("draft", "草稿", Bool(), False, "true 表示暂不发布"),
        FieldSpec("published", "发布日期", DateTime(), False, "发布日期时间；晚于今天的信息到期自动发布"),
        FieldSpec("updated", "更新日期", DateTime(), False, "内容最后更新的日期"),
        FieldSpec("expires", "下线日期", Date(), False, "过了这一天不再显示"),
        FieldSpec("slug", "网址名", Slug(), False, "网址中使用的名称，默认用文件名"),
        FieldSpec("template", "模板", Text("item/single.html"), False, "特殊页面使用的模板文件"),
        FieldSpec("summary", "内容概述", Text("简要说明本信息的主要内容", multiline=True), False,
                  "列表和搜索结果中显示的摘要"),
        FieldSpec("keywords", "主题词", TextList(), False, "用空格或顿号分隔"),
        FieldSpec("organ", "发布机构", OrganRef(config), False, "site.yml 中登记的机构全称或简称"),
        FieldSpec("source", "信息来源", Text("荣县人民政府办公室"), False, ""),
        FieldSpec("author", "作者", Text("县政府办"), False, ""),
        FieldSpec("weight", "排序", Integer(-9999, 9999), False, "数字小的排在前面（静态页面）"),
        FieldSpec("plan_task", "落实任务", Text("2019-二-三"), False,
                  "本信息落实的工作要点任务：年份-领域序号-任务序号，或任务文件的路径"),
        FieldSpec("attachments", "附件", AttachmentList(), False, "与本文件放在一起的附件文件名列表"),
        FieldSpec("columns", "所属专题", TextList(Text("tpgj"), "tpgj msss"), False,
                  "同时出现在哪些专题专栏（专题文件夹名），可写多个"),
        FieldSpec("directory_row", "基本目录事项", Text("czyjs-01"), False,
                  "本信息公开的主动公开基本目录事项的编号（content/_data/directory.yml 中的 id）"),
    )


def item_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    """法定主动公开内容: the catalogue metadata every item carries."""
    return _require(common_fields(config), "published", "organ") + (
        FieldSpec("index_no", "索引号", IndexNo(), True, "机构代码/年份-5位流水号，用 build.py new 分配"),
        FieldSpec("topic", "主题分类", Choice(config.topic_names(), "主题分类"), True, "site.yml 中 topics 所列的分类"),
        FieldSpec("created", "成文日期", Date(), True, "文件形成（成文）的日期"),
        FieldSpec("doc_no", "文号", DocNo(), False, "例如 荣府办发〔2019〕12号，没有就不写"),
        FieldSpec("validity", "有效性", Choice(VALIDITY, "有效性"), False, "有效、失效、废止或已修改"),
        FieldSpec("superseded_by", "替代文件", DocRef(), False, "失效、废止或修改后取代它的文件路径"),
        FieldSpec("genre", "体裁分类", Text("通知"), False, "如 通知、意见、办法、报告"),
        FieldSpec("art20", "法定公开类别", CategoryRef(), False,
                  "《政府信息公开条例》第二十条的项号（1–15）或类别名，第二十一条的类别名；栏目按类别分列"),
    )


def _require(specs: tuple[FieldSpec, ...], *keys: str) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(s.key, s.label, s.type, True, s.help) if s.key in keys else s for s in specs)


def _news_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    return _require(common_fields(config), "published", "organ")


def _policy_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    return item_fields(config) + (
        FieldSpec("doc_type", "文件类型", Choice(DOC_TYPES, "文件类型", "行政规范性文件"), True, "规章、行政规范性文件或其他文件"),
        FieldSpec("interpretations", "相关解读", TextList(DocRef(), "../zcjd/a.md"), False, "解读文件的路径"),
        FieldSpec("interpretation_exempt", "免于解读理由", Text("内容简单、不涉及公众权益", multiline=True), False,
                  "规章、规范性文件不作解读时必须写明理由"),
        FieldSpec("effective_from", "生效日期", Date(), False, ""),
        FieldSpec("repealed_on", "废止日期", Date(), False, "废止或失效的日期（年报统计用）"),
    )


def _interpretation_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    return item_fields(config) + (
        FieldSpec("interprets", "解读的文件", DocRef(), True, "被解读的政策文件的路径"),
        FieldSpec("form", "解读形式", Choice(FORMS, "解读形式"), True, "文字、图解、问答、视频或访谈"),
        FieldSpec("drafting_organ", "起草机关", OrganRef(config), False, "默认同发布机构；应与政策文件的发布机构一致"),
        FieldSpec("co_drafted", "联合起草", Bool(), False, "与其他机关联合起草时写 true"),
    ) + tuple(FieldSpec(key, label, Text(f"{label}……", multiline=True), False, f"解读要素：{label}")
              for key, label in ELEMENTS)


def _task_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    common = common_fields(config)
    units = (FieldSpec("role", "角色", Choice(ROLES, "单位角色"), True),
             FieldSpec("names", "单位", TextList(UnitRef(config), "县发改局、县财政局"), True))
    return common + (
        FieldSpec("number", "序号", TaskNumber("（一）"), True, "任务在本领域中的序号，如（一）"),
        FieldSpec("units", "责任单位", Records(units, lambda v: UnitRole(v["role"], v["names"]),
                                           "[{role: 牵头单位, names: [县发改局]}]"), False,
                  "按角色列出单位；没有单位就不写"),
        FieldSpec("units_text", "单位原文", Text("（牵头单位：县发改局，责任单位：各乡镇政府）"), False,
                  "工作要点原文中的单位括注"),
        FieldSpec("deadline", "完成时限", Text("2019年底前"), False, "原文写明的完成时限，如 年底前、持续推进"),
        FieldSpec("status", "进展", Choice(TASK_STATES), False, "未启动、推进中或已完成；完成时限已过而未写已完成的，检查时提醒"),
        FieldSpec("subtasks", "子任务", Records((
            FieldSpec("number", "序号", TaskNumber("1"), True),
            FieldSpec("title", "标题", Text("公开重大项目进展"), True),
            FieldSpec("text", "内容", Text("……", multiline=True)),
            FieldSpec("units", "责任单位", Records(units, lambda v: UnitRole(v["role"], v["names"]),
                                               "[{role: 牵头单位, names: [县发改局]}]")),
            FieldSpec("units_text", "单位原文", Text("县发改局牵头落实")),
        ), lambda v: SubTask(v["number"], v["title"], v.get("text", ""), v.get("units", ()), v.get("units_text", "")),
            "[{number: \"1\", title: 子任务}]"), False, "第三层任务（1. 2. …）"),
    )


def _organ_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    common = common_fields(config)
    leader = (FieldSpec("name", "姓名", Text("张三"), True), FieldSpec("title", "职务", Text("局长"), True),
              FieldSpec("duties", "分工", Text("主持全面工作", multiline=True)))
    return _require(common, "organ") + (
        FieldSpec("leaders", "负责人", Records(leader, lambda v: Leader(**v), "[{name: 张三, title: 局长}]"), True,
                  "负责人姓名、职务和分工"),
        FieldSpec("address", "办公地址", Text("荣县旭阳镇新城路 1 号"), True, ""),
        FieldSpec("hours", "办公时间", Text("工作日 9:00—12:00，14:30—17:30"), True, ""),
        FieldSpec("phone", "联系电话", Text("0813-6102012"), True, ""),
        FieldSpec("fax", "传真", Text("0813-6102013"), False, ""),
        FieldSpec("email", "电子邮箱", Text("rxzfb@rongxian.gov.cn"), False, ""),
        FieldSpec("postcode", "邮政编码", Text("643100"), False, ""),
    )


def _decision_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    common = common_fields(config)
    return _require(common, "published", "organ") + (
        FieldSpec("decision_no", "决定文书号", Text("荣市监处罚〔2019〕12号"), True, "处罚决定书、许可决定书等的文号"),
        FieldSpec("category", "执法类别", Choice(CATEGORIES, "执法类别"), True, "行政许可、行政处罚、行政强制、行政检查或行政征收"),
        FieldSpec("target_type", "相对人类别", Choice(TARGET_TYPES, "相对人类别"), True, "法人及非法人组织、个体工商户或自然人"),
        FieldSpec("target_name", "相对人名称", Text("荣县某某商贸有限公司"), True, "自然人只显示姓氏加“某”"),
        FieldSpec("credit_code", "统一社会信用代码", CreditCode("91510321MA62A1B2C3"), False, "法人及非法人组织必填"),
        FieldSpec("legal_rep", "法定代表人", Text("张某"), False, ""),
        FieldSpec("violation_type", "违法行为类型", Text("销售过期食品"), False, "行政处罚填写"),
        FieldSpec("facts", "违法事实", Text("经查……", multiline=True), False, "行政处罚填写"),
        FieldSpec("basis", "执法依据", Text("《中华人民共和国食品安全法》第一百二十四条"), False, ""),
        FieldSpec("result", "处理结果", Text("警告，罚款 5000 元", multiline=True), True, "处罚内容、许可内容或检查结论"),
        FieldSpec("penalty_kind", "处罚类别", Text("罚款"), False, "警告、罚款、没收违法所得等"),
        FieldSpec("fine_wan", "罚款金额（万元）", Amount("0.5"), False, ""),
        FieldSpec("confiscated_wan", "没收金额（万元）", Amount("0.12"), False, "没收违法所得、非法财物的金额"),
        FieldSpec("licence", "证照名称及编号", Text("食品经营许可证 JY15103210001234"), False, "许可证、暂扣或吊销的证照"),
        FieldSpec("decided", "决定日期", Date(), True, "作出决定的日期"),
        FieldSpec("display_until", "公示截止日期", Date(), False, "默认按 site.yml 的公示期限计算"),
        FieldSpec("status", "决定状态", Choice(STATUSES, "决定状态"), False, "变更、撤销、确认违法或无效后须撤回公示"),
        FieldSpec("status_changed", "状态变化日期", Date(), False, "决定被变更、撤销或确认违法、无效的日期"),
        FieldSpec("status_reason", "撤回理由", Text("经行政复议，原处罚决定被撤销", multiline=True), False, "撤回公告中显示"),
        FieldSpec("withdrawn", "撤回日期", Date(), False, "网站撤下原决定、发布撤回公告的日期"),
        FieldSpec("late_reason", "逾期撤回的说明", Text("状态变化通知 1 月 15 日才送达网站管理部门", multiline=True), False,
                  "撤回晚于状态变化后 3 日时必须写明原因（过错已发生，无法补救，写明后降为警告，仍计入检查）"),
        FieldSpec("publish_full_name", "公开全名", Bool(), False, "自然人默认只显示姓氏；确需公开全名时写 true"),
        FieldSpec("full_name_reason", "公开全名的理由", Text("依据……规定应当公开", multiline=True), False, ""),
        FieldSpec("target_is_minor", "相对人是未成年人", Bool(), False, "未成年人的决定不公开"),
    )


def _report_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    common = common_fields(config)
    return _require(common, "published", "organ") + (
        FieldSpec("year", "报告年度", Integer(2008, 2100, "2019"), True, "报告的是哪一年"),
        FieldSpec("organ_level", "机关类别", Choice(("government", "department"), "机关类别"), True,
                  "government（政府，3 月 31 日前发布）或 department（部门，1 月 31 日前发布）"),
        FieldSpec("format", "报告格式", Choice(("2021", "2019-trial"), "报告格式"), True,
                  "2021（国办公开办函〔2021〕30号）；2019、2020 年度用 2019-trial"),
        FieldSpec("t2", "表二数据", Cells(T2_EDITOR_KEYS["2019-trial"] + T2_EDITOR_KEYS["2021"] + T2_COUNTED_KEYS), False,
                  "本机关的实际数字：fees_wan（收费金额，万元）等网站无法得出的；made_rules、made_normative（制发）、"
                  "repealed_…（废止）、in_force_…（现行有效）、licence_decisions、penalty_decisions、coercion_decisions"
                  "（处理决定数）填全机关的总数，不写时按本网站发布的内容计算"),
        FieldSpec("t3", "表三", Counts(lambda: t3_keys("2021") + ("other",), 8, "表三"), False,
                  "每行 8 个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、法人或其他组织总计、总计；全为 0 的行可省略"),
        FieldSpec("t4", "表四", Counts(lambda: tuple(k for k, _ in T4_GROUPS), 5, "表四"), False,
                  "review 行政复议、direct 未经复议直接起诉、after_review 复议后起诉，各 5 个数：维持、纠正、其他、尚未审结、总计"),
    )


def _consultation_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    common = common_fields(config)
    return _require(common, "published", "organ") + (
        FieldSpec("opens", "开始日期", Date(), True, "开始征求意见的日期"),
        FieldSpec("closes", "截止日期", Date(), True, "征求意见的最后一天"),
        FieldSpec("how_to_comment", "提出意见的方式", Text("电子邮件 yj@rongxian.gov.cn；信函寄……", multiline=True), True, ""),
        FieldSpec("result", "意见采纳情况", DocRef(), False, "公布意见收集和采纳情况的文件路径"),
        FieldSpec("short_reason", "缩短征求意见期限的理由", Text("涉及防汛应急，需尽快实施", multiline=True), False,
                  "征求意见少于规定天数（默认 30 日）时必须写明理由，显示在页面上"),
        FieldSpec("channels", "意见提交渠道", TextList(Text("xzxx"), "xzxx rxzfb-email"), False,
                  "site.yml 中 channels 登记的渠道 id，页面列出它们的网址、电话或邮箱"),
        FieldSpec("comments", "收到意见数", Integer(0, 10_000_000), False, "公布采纳情况时填写：共收到多少条意见"),
        FieldSpec("adopted", "采纳数", Integer(0, 10_000_000), False, "采纳和部分采纳的意见条数"),
        FieldSpec("not_adopted_reasons", "未采纳的主要理由", Text("已纳入部门常规工作或超出县级事权", multiline=True), False,
                  "公布采纳情况时填写，显示在征集页面上"),
    )


def _reply_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    common = common_fields(config)
    return _require(common, "published", "organ") + (
        FieldSpec("question", "留言内容", Text("请问……", multiline=True), True, "网民留言的内容（去掉个人信息）"),
        FieldSpec("asker", "留言人", Text("网民"), False, "默认显示“网民”，不公开姓名和联系方式"),
        FieldSpec("received", "收到日期", Date(), True, "收到留言的日期"),
        FieldSpec("reply", "答复内容", Text("您好，……", multiline=True), False, "尚未答复时不写"),
        FieldSpec("reply_date", "答复日期", Date(), False, "答复的日期"),
    )


def _service_guide_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    text = lambda example: Text(example, multiline=True)  # noqa: E731
    return _require(common_fields(config), "published", "organ") + (
        FieldSpec("basis", "办理依据", TextList(Text("《中华人民共和国食品安全法》第三十五条"), "《食品经营许可管理办法》"), True,
                  "法律、法规、规章的名称和条款，可写多条"),
        FieldSpec("conditions", "受理条件", text("申请人具有与经营的食品品种、数量相适应的经营场所"), True, ""),
        FieldSpec("materials", "申请材料", TextList(Text("营业执照复印件"), "[申请书, 营业执照复印件]"), True, "一项一份材料"),
        FieldSpec("steps", "办理流程", TextList(Text("受理"), "[申请, 受理, 审查, 决定, 送达]"), True, "按先后写出各个环节"),
        FieldSpec("time_limit", "办理时限", Text("法定 20 个工作日，承诺 5 个工作日"), True, "法定时限和承诺时限"),
        FieldSpec("fee", "收费", Text("不收费"), True, "不收费也要写明；收费的写标准和依据"),
        FieldSpec("phone", "咨询电话", Text("0813-6102012"), True, ""),
        FieldSpec("place", "办理地点", Text("荣县政务服务中心一楼 3 号窗口"), True, ""),
        FieldSpec("hours", "办理时间", Text("工作日 9:00—17:00"), False, ""),
        FieldSpec("max_one_trip", "最多跑一次", Bool(), False, "true 表示本事项已实现“最多跑一次”，列入清单"),
        FieldSpec("online_url", "网上办理", WebAddress("https://www.sczwfw.gov.cn/"), False, "本事项在四川政务服务网上的办理页面"),
    )


def _website_report_fields(config: SiteConfig) -> tuple[FieldSpec, ...]:
    count = lambda key, label, required=False, help="": FieldSpec(key, label, Integer(0, 10**12, "0"), required, help)  # noqa: E731
    yes = lambda key, label: FieldSpec(key, label, Bool(), False, "true 或 false，不写为否")  # noqa: E731
    entered = (
        FieldSpec("year", "报表年度", Integer(2008, 2100, "2019"), True, "报的是哪一年（次年 1 月 31 日前发布）"),
        FieldSpec("site_type", "网站类型", Choice(("政府门户网站", "部门网站"), "网站类型"), False, "默认 政府门户网站"),
        count("unique_visitors", "独立用户访问总量", True, "网站统计系统的全年数字"),
        count("page_views", "网站总访问量", True, "网站统计系统的全年数字"),
        count("hot_responses", "回应公众关注热点或重大舆情数量"),
        count("media_comments", "媒体评论文章数量"),
        yes("service_catalogue", "是否发布服务事项目录"),
        count("registered_users", "注册用户数"), count("service_items", "政务服务事项数量"),
        count("online_items", "可全程在线办理政务服务事项数量"), count("cases", "办件量"),
        yes("unified_platform", "是否使用统一平台"),
        count("interviews", "在线访谈期数"), count("interview_messages", "在线访谈网民留言数量"),
        count("interview_answers", "在线访谈答复网民提问数量"), yes("smart_qa", "是否提供智能问答"),
        count("security_checks", "安全检测评估次数", True), count("security_issues", "发现问题数量", True),
        count("security_fixed", "问题整改数量", True), yes("monitoring", "是否建立安全监测预警机制"),
        yes("drills", "是否开展应急演练"), yes("security_officer", "是否明确网站安全责任人"),
        count("weibo_posts", "微博信息发布量"), count("weibo_followers", "微博关注量"),
        count("wechat_posts", "微信信息发布量"), count("wechat_followers", "微信订阅数"),
        yes("search_service", "搜索即服务"), yes("multilingual", "多语言版本"), yes("personalised", "千人千网"),
        FieldSpec("innovation_other", "其他创新", Text("政务服务“好差评”", multiline=True), False, ""),
        FieldSpec("spending_wan", "网站支出（万元）", Amount("12.5"), True, "全年网站建设运维的支出"),
    )
    computed = tuple(FieldSpec(key, label, Computed(), False, "由网站统计，不要填写") for key, label in WEBSITE_COMPUTED.items())
    return _require(common_fields(config), "published", "organ") + entered + computed


# The declared fields of each content kind.
KIND_FIELDS: dict[str, Callable[[SiteConfig], tuple[FieldSpec, ...]]] = {
    "page": common_fields,
    "news": _news_fields,
    "notice": _news_fields,
    "item": item_fields,
    "policy": _policy_fields,
    "interpretation": _interpretation_fields,
    "task": _task_fields,
    "organ": _organ_fields,
    "decision": _decision_fields,
    "report": _report_fields,
    "consultation": _consultation_fields,
    "reply": _reply_fields,
    "service_guide": _service_guide_fields,
    "website_report": _website_report_fields,
}


def kind_fields(kind: str, config: SiteConfig) -> tuple[FieldSpec, ...]:
    """The declared fields of a content kind."""
    return KIND_FIELDS[kind](config)


SECTION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "栏目名称", Text("政务动态"), True, "栏目标题"),
    FieldSpec("nav_title", "导航名称", Text("工作要点"), False, "导航栏中显示的短名称，默认同栏目名称"),
    FieldSpec("summary", "栏目说明", Text("本栏目发布……", multiline=True), False, "栏目首页显示的说明"),
    FieldSpec("weight", "排序", Integer(-9999, 9999), False, "导航和子栏目中的顺序"),
    FieldSpec("template", "模板", Text("list.html"), False, "特殊栏目使用的模板文件"),
    FieldSpec("update", "更新类别", Choice(UPDATE_CATEGORIES, "更新类别"), False,
              "news 动态要闻（2 周）、notice 通知公告、policy 政策文件（6 个月）、personnel 人事、plan 规划计划（1 年）、static 不需更新"),
    FieldSpec("placeholder_text", "空栏目说明", Text("本栏目信息将于……发布", multiline=True), False,
              "栏目暂无信息时向公众说明原因；写了才允许栏目为空"),
)


def index_fields(kind: str, config: SiteConfig) -> tuple[FieldSpec, ...]:
    """Fields of an _index.md: a plain section, or a plan, plan area or guide."""
    base = SECTION_FIELDS + (FieldSpec("kind", "栏目类型", Choice(INDEX_KINDS, "栏目类型"), False,
                                       "plan（工作要点）、area（领域）、guide（公开指南）、topic（专题）、"
                                       "enforcement（执法机关的执法公示）"),)
    if kind == "topic":
        return base + (FieldSpec("start", "开始日期", Date(), False, "专题开设日期"),
                       FieldSpec("end", "结束日期", Date(), False, "过了这一天专题移入“往期专题”"))
    if kind == "enforcement":
        return base + (FieldSpec("organ", "执法机关", OrganRef(config), True, "本栏目公示哪个机关的执法信息"),)
    if kind == "plan":
        return base + (
            FieldSpec("year", "年度", Integer(2000, 2100, "2019"), True, "工作要点的年份"),
            FieldSpec("issued", "印发日期", Date(), False, ""),
            FieldSpec("doc_no", "文号", DocNo(), False, "印发通知的文号"),
            FieldSpec("issuer", "印发机关", OrganRef(config), False, ""),
            FieldSpec("source", "印发通知", DocRef(), False, "主动公开内容中印发通知的路径"),
            FieldSpec("counts_from", "计入进度的起始日期", Date(), False,
                      "此日及以后发布的信息才计入任务落实进度，默认是印发日期（没有印发日期时为 1 月 1 日）"),
            FieldSpec("counts_until", "计入进度的截止日期", Date(), False, "默认是当年 12 月 31 日"),
        )
    if kind == "area":
        return base + (FieldSpec("number", "序号", TaskNumber("一"), True, "领域序号：一、二、三……"),)
    if kind == "guide":
        text = lambda example: Text(example, multiline=True)  # noqa: E731
        return base + (
            FieldSpec("updated", "更新日期", Date(), True, "指南最近一次核对更新的日期"),
            FieldSpec("office_name", "受理机构", Text("荣县人民政府办公室政务公开科"), True, ""),
            FieldSpec("address", "办公地址", Text("荣县旭阳镇新城路 1 号"), True, ""),
            FieldSpec("hours", "办公时间", Text("工作日 9:00—12:00，14:30—17:30"), True, ""),
            FieldSpec("phone", "联系电话", Text("0813-6102012"), True, ""),
            FieldSpec("fax", "传真", Text("0813-6102013"), True, ""),
            FieldSpec("email", "电子邮箱", Text("rxzwgk@rongxian.gov.cn"), True, ""),
            FieldSpec("web_contact", "网上申请地址", WebAddress("https://www.rongxian.gov.cn/ysq/"), False,
                      "网上申请的网址，显示为链接"),
            FieldSpec("classification", "分类与编排", text("按主题分类、发布机构和年份编排……"), True, ""),
            FieldSpec("how_to_obtain", "获取方式", text("本网站、政务新媒体、查阅点……"), True, ""),
            FieldSpec("apply_how", "申请方式", text("书面申请（信件、数据电文）……"), True, ""),
            FieldSpec("apply_contents", "申请内容", text("姓名或名称、身份证明、联系方式……"), True, ""),
            FieldSpec("time_limits", "办理期限", text("当场答复或 20 个工作日内答复……"), True, ""),
            FieldSpec("fees", "收费", text("不收费；超过合理范围的按规定收取信息处理费"), True, ""),
            FieldSpec("remedies", "救济途径", text("投诉、举报、行政复议、行政诉讼"), True, ""),
        )
    return base


def meta_class(kind: str) -> type:
    return INDEX_META[kind] if kind in INDEX_META else KIND_META[kind]


def fields_for(kind: str, config: SiteConfig) -> tuple[FieldSpec, ...]:
    return index_fields(kind, config) if kind in INDEX_META else kind_fields(kind, config)


def declared_keys(kind: str) -> set[str]:
    """Keys of the kind's dataclass (tests compare these with the field table)."""
    return {f.name for f in dataclass_fields(meta_class(kind))}

