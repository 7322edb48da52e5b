"""Read site.yml: its field table, and load_config() turning it into a SiteConfig with every problem reported."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import available_timezones

from gongkai.config import (CONFIG_NAME, KINDS, ORGAN_LEVELS, BaseUrl, EnforcementRules, FreshnessRules, Group, Identity,
                            CHANNEL_TYPES, MUST_PUBLISH, CategoryRef, Channel, CmsSettings, Organ, Pattern, SectionRule, SiteConfig, Topic)
from gongkai.field_reading import read_fields
from gongkai.fields import INVALID, Bool, Choice, Date, FieldSpec, FieldType, Integer, Text, TextList, Where
from gongkai.load import Map, Node, Seq, decode, parse_yaml
from gongkai.problems import Problems


IDENTITY_FIELDS = (
    FieldSpec("domain", "网站域名", Pattern(r"www\.[a-z0-9-]+\.gov\.cn", "www.rongxian.gov.cn", "政府网站域名"), True),
    FieldSpec("sponsor", "网站主办单位", Text("荣县人民政府办公室"), True),
    FieldSpec("contact", "联系方式", Text("0813-6102012"), True),
    FieldSpec("id_code", "网站标识码", Pattern(r"\d{10}|bm\d{8}", "5103210001", "网站标识码（10 位数字）"), True),
    FieldSpec("division_code", "行政区划代码", Pattern(r"\d{6}", "510321", "6 位行政区划代码"), False),
    FieldSpec("icp", "ICP备案编号", Pattern(r"蜀ICP备\d+号(-\d+)?", "蜀ICP备05012345号", "ICP 备案编号"), True),
    FieldSpec("psb", "公安机关备案号", Pattern(r"川公网安备\s?\d{14}号", "川公网安备 51032102000101号", "公安机关备案号"), True),
    FieldSpec("badge_url", "党政机关网站标识链接", Pattern(r"https?://\S+", "https://bszs.conac.cn/sitename?method=show&id=1", "网址"), True),
    FieldSpec("error_report_url", "我为政府网站找错链接", Pattern(r"https?://\S+", "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5103210001", "网址"), True),
)

ORGAN_FIELDS = (
    FieldSpec("id", "机构简码", Pattern(r"[a-z][a-z0-9-]*", "rxfgj", "机构简码（小写字母开头）"), True),
    FieldSpec("name", "机构全称", Text("荣县发展和改革局"), True),
    FieldSpec("short", "机构简称", Text("县发改局"), True),
    FieldSpec("code", "机构代码", Pattern(r"[0-9A-Z]{9}|[0-9A-Z]{18}", "008290030", "机构代码（9 位组织机构代码或 18 位统一社会信用代码）"), True),
    FieldSpec("level", "机构类别", Choice(ORGAN_LEVELS, "机构类别"), True),
    FieldSpec("credit_code", "统一社会信用代码", Pattern(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}",
                                                  "11510321008291008T", "统一社会信用代码（18 位）"), False),
)


CHANNEL_FIELDS = (
    FieldSpec("id", "渠道简码", Pattern(r"[a-z0-9][a-z0-9-]*", "xzxx", "渠道简码（小写字母、数字、短横线）"), True),
    FieldSpec("name", "渠道名称", Text("县长信箱"), True),
    FieldSpec("type", "渠道类型", Choice(CHANNEL_TYPES, "渠道类型"), True),
    FieldSpec("url", "网址", Pattern(r"https://\S+", "https://www.rongxian.gov.cn/xzxx/", "以 https:// 开头的网址")),
    FieldSpec("phone", "电话", Pattern(r"\d{3,5}(-\d{7,8})?", "0813-6102012", "电话号码")),
    FieldSpec("email", "电子邮箱", Pattern(r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]{2,}", "rxzfb@rongxian.gov.cn", "电子邮箱")),
    FieldSpec("owner", "办理单位", Text("荣县人民政府办公室")),
    FieldSpec("note", "说明", Text("工作日 5 个工作日内转交承办单位", multiline=True)),
)


class Records(FieldType):
    """A list of mappings, each read against its own fields."""

    name = "列表"

    def __init__(self, specs: tuple[FieldSpec, ...], what: str):
        self.specs = specs
        self.what = what

    def parse(self, node: Node, where: Where):
        if not isinstance(node, Seq):
            return where.error("GK004", f"{where.field_label}应写成列表（每项以“- ”开头）", "参照 docs/参考手册.md 的“网站配置”")
        out = []
        for item in node.items:
            values = read_fields(item, self.specs, where.label, where.problems, what=self.what)
            if values is None:
                return INVALID
            out.append(values)
        return tuple(out)


class Nested(FieldType):
    name = "键值表"

    def __init__(self, specs: tuple[FieldSpec, ...], what: str):
        self.specs, self.what = specs, what

    def parse(self, node: Node, where: Where):
        values = read_fields(node, self.specs, where.label, where.problems, what=self.what)
        return INVALID if values is None else values


class TopicMap(FieldType):
    """topics: {key: label}."""

    name = "键值表"

    def parse(self, node: Node, where: Where):
        if not isinstance(node, Map):
            return where.error("GK004", "topics 应写成“英文代码: 分类名称”的键值表", "例如 zwgk: 综合政务\\政务公开")
        out = []
        ok = True
        for entry in node.entries:
            sub = Where(where.label, entry.line, "topics", "主题分类", where.problems)
            key = Pattern(r"[a-z0-9][a-z0-9-]*", "zwgk", "分类代码（小写字母、数字、短横线）").convert(entry.key, sub)
            name = Text("综合政务\\政务公开").parse(entry.value, sub)
            if key is INVALID or name is INVALID:
                ok = False
            else:
                out.append(Topic(key, name))
        return tuple(out) if ok else INVALID


GROUP_FIELDS = (
    FieldSpec("name", "单位统称", Text("县政府有关部门"), True),
    FieldSpec("level", "机构类别", Choice(ORGAN_LEVELS, "机构类别")),
    FieldSpec("members", "成员机构", TextList(Text("fgj"), "fgj czj")),
)


class SectionMap(FieldType):
    """sections: {folder: kind}."""

    name = "键值表"

    def parse(self, node: Node, where: Where):
        if not isinstance(node, Map):
            return where.error("GK004", "sections 应写成“栏目文件夹: 内容类型”的键值表", "例如 zwdt: news")
        rules = []
        ok = True
        for entry in node.entries:
            sub = Where(where.label, entry.line, "sections", "栏目类型", where.problems)
            kind = Choice(KINDS, "内容类型").parse(entry.value, sub)
            if kind is INVALID:
                ok = False
                continue
            rules.append(SectionRule(entry.key.strip("/"), kind))
        return tuple(rules) if ok else INVALID


# The IANA zones the system knows (China uses Asia/Shanghai; Asia/Urumqi is Xinjiang's local time).
_ZONES = tuple(sorted(available_timezones(), key=lambda zone: (zone != "Asia/Shanghai", zone)))

TOP_FIELDS = (
    FieldSpec("name", "网站名称", Text("荣县人民政府"), True, help="页头、标题和网页标签中的网站名称"),
    FieldSpec("base_url", "网站地址", BaseUrl(), True, help="正式网址，可以带子路径，如 https://www.rongxian.gov.cn/preview/；build --base-url 可临时覆盖"),
    FieldSpec("language", "语言", Choice(("zh-CN",), "语言"), True, help="固定为 zh-CN"),
    FieldSpec("timezone", "时区", Choice(lambda where: _ZONES, "时区"), True, help="计算“今天”和订阅源时差所用的时区，一般写 Asia/Shanghai"),
    FieldSpec("as_of", "演示日期", Date(), help="演示或归档网站的“今天”；正式网站不写"),
    FieldSpec("page_size", "每页条数", Integer(5, 200), help="列表每页条数，默认 20"),
    FieldSpec("identity", "网站标识", Nested(IDENTITY_FIELDS, "网站标识项"), True, help="页面底部七项：domain（www.＊.gov.cn）、sponsor 主办单位、contact 联系方式、id_code 网站标识码（10 位数字）、division_code 行政区划代码（填写后核对标识码的前 6 位）、icp（蜀ICP备…号）、psb（川公网安备 14 位数字号）、badge_url 党政机关网站标识链接、error_report_url “我为政府网站找错”链接"),
    FieldSpec("organs", "机构", Records(ORGAN_FIELDS, "机构字段"), True, help="机构名录：id 简码、name 全称、short 简称、code 9 位组织机构代码或 18 位统一社会信用代码（用于索引号）、level（government/department/township/office）"),
    FieldSpec("topics", "主题分类", TopicMap(), help="主题分类词表：“代码: 一级\二级名称”，代码用于网址，主动公开信息的 topic 只能取其中的名称"),
    FieldSpec("groups", "单位统称", Records(GROUP_FIELDS, "单位统称字段"), help="工作要点中的单位统称：{name: 县政府有关部门, level: department} 或 {name: …, members: [机构简码…]}"),
    FieldSpec("sections", "栏目类型", SectionMap(), help="“栏目文件夹: 内容类型”，子文件夹沿用上级的类型"),
    FieldSpec("nav", "主导航", TextList(), help="主导航的栏目文件夹，按顺序"),
    FieldSpec("logo", "网站标志图片", Pattern(r"[^/\\:]+(/[^/\\:]+)*\.(png|svg|jpg|jpeg|webp)", "images/emblem.png",
                                          "content/ 下图片文件的路径"), help="页头网站名称前的标志（如国徽、县徽）：content/ 中图片的路径；不写就不显示"),
    FieldSpec("disclosure", "政府信息公开专栏", Text("xxgk"), help="政府信息公开专栏的文件夹，默认 xxgk"),
    FieldSpec("disclosure_days", "公开时限（工作日）", Integer(1, 60), help="信息形成后公开的时限，默认 20 个工作日"),
    FieldSpec("organ_section", "机构信息栏目", Text("jgxx"), help="机构信息页所在的栏目；设置后每个机构都必须有一页"),
    FieldSpec("enforcement", "行政执法公示", help="platform_url 省级公示平台、display_years 和 display_years_person 公示期限（年）、late_is_error 超期公示是否算错误、withdrawal_days 撤回时限（日）、sensitive_terms 自然人决定中不得出现的健康状况等敏感词（列表，替换默认的词表）", type=Nested((
        FieldSpec("platform_url", "省行政执法信息公示平台", Pattern(r"https?://\S+", "https://xzzf.sc.gov.cn/", "网址")),
        FieldSpec("display_years", "公示期限（年）", Integer(1, 10)),
        FieldSpec("display_years_person", "自然人公示期限（年）", Integer(1, 10)),
        FieldSpec("late_is_error", "超期公示视为错误", Bool()),
        FieldSpec("withdrawal_days", "撤回时限（日）", Integer(1, 30)),
        FieldSpec("sensitive_terms", "不得公开的敏感词", TextList(Text("艾滋病"), "[艾滋病, 病历]")),
    ), "行政执法公示配置项")),
    FieldSpec("freshness", "栏目更新要求", help="各更新类别的期限（天）和单项否决的个数上限，默认按国办秘函〔2019〕19号", type=Nested(tuple(
        FieldSpec(key, label, Integer(1, 3650)) for key, label in (
            ("news", "动态要闻（天）"), ("notice", "通知公告（天）"), ("policy", "政策文件（天）"),
            ("personnel", "人事信息（天）"), ("plan", "规划计划（天）"), ("home_days", "首页（天）"),
            ("stale_key_limit", "重点栏目超期个数上限"), ("stale_limit", "栏目超期个数上限"),
            ("empty_limit", "空白栏目个数上限"), ("warn_days", "提前预警（天）"), ("guide_days", "指南修订（天）"),
            ("media_days", "政务新媒体更新（天）"))),
        "栏目更新配置项")),
    FieldSpec("reply_days", "留言答复时限（天）", Integer(1, 365), help="留言答复时限，默认 92 天（3 个月）"),
    FieldSpec("consultation_result_days", "意见采纳情况公布时限（天）", Integer(1, 365), help="意见征集截止后公布采纳情况的时限，默认 30 天"),
    FieldSpec("consultation_days", "征求意见的最短期限（天）", Integer(1, 365), help="征求意见的期限不少于这么多天（含起止日），默认 30 天；更短的须写 short_reason"),
    FieldSpec("report_organs", "须发布年报的机构", TextList(Text("rxzf"), "rxzf fgj"),
              help="须发布政府信息公开工作年度报告的机构简码；不写时为政府、各部门和各乡镇（level 为 government、department、township 的机构）"),
    FieldSpec("external_hosts", "可链接的站外网站", TextList(Pattern(r"[a-z0-9-]+(\.[a-z0-9-]+)+", "www.people.com.cn",
                                                                   "网站域名（小写，不带 https://）"), "www.people.com.cn"),
              help="可以链接的站外网站（含子域名）；政府网站（＊.gov.cn）、底部七项和省执法公示平台的网站不必登记"),
    FieldSpec("commercial_hosts", "不得链接的商业网站", TextList(Pattern(r"[a-z0-9-]+(\.[a-z0-9-]+)+", "example-shop.com",
                                                                     "网站域名（小写，不带 https://）"), "example-shop.com"),
              help="除内置的网店和广告网络（淘宝、京东、百度推广等）之外，页面不得链接的商业、广告网站"),
    FieldSpec("channels", "互动交流渠道", Records(CHANNEL_FIELDS, "渠道字段"),
              help="群众联系政府的渠道（本网站是静态网站，不能接收留言，这里登记县里已有的系统）：id 简码、name 名称、"
                   "type 类型（" + "、".join(CHANNEL_TYPES) + "）、url 网址、phone 电话、email 邮箱（至少写一项）、owner 办理单位、note 说明；"
                   "页面邀请群众通过某个渠道提意见时，这个渠道必须在这里登记"),
    FieldSpec("cms", "编辑后台", help="多人通过县里自建的 Git 服务器编辑：backend（gitlab 或 gitea）、repo（组/项目）、"
              "base_url（Git 服务器地址）、app_id（在 Git 服务器上为编辑后台登记的 OAuth 应用编号）、branch（默认 main）、"
              "editorial_workflow（true：草稿和审核走合并请求）；不写时编辑后台只在本机预览（make serve）中使用",
              type=Nested((
                  FieldSpec("backend", "Git 服务器类型", Choice(("gitlab", "gitea"), "Git 服务器类型"), True),
                  FieldSpec("repo", "仓库", Pattern(r"[\w.-]+(/[\w.-]+)+", "zwgk/rongxian-site", "仓库（组/项目）"), True),
                  FieldSpec("base_url", "Git 服务器地址", Pattern(r"https://[^/\s]+/?", "https://git.rongxian.gov.cn", "以 https:// 开头的服务器地址"), True),
                  FieldSpec("app_id", "OAuth 应用编号", Text("a1b2c3")),
                  FieldSpec("branch", "分支", Text("main")),
                  FieldSpec("editorial_workflow", "审核流程", Bool()),
              ), "编辑后台配置项")),
    FieldSpec("must_publish", "必须有现行信息的法定公开类别", TextList(CategoryRef(), "规划计划 财政预决算"),
              help="这些法定公开类别（条例第二十条、第二十一条）没有一条有效的信息时给出警告；不写时为 规划计划、统计信息、"
                   "财政预决算、政府集中采购、重大建设项目、应急管理、公务员招考"),
)


def _check_channels(channels: tuple[Channel, ...], node, problems: Problems) -> bool:
    ok = True
    seen: set[str] = set()
    for channel in channels:
        line = node.get("channels").line
        if channel.id in seen:
            problems.error("GK004", CONFIG_NAME, line, f"渠道简码“{channel.id}”重复", "每个渠道的 id 互不相同",
                           key="channels", label="互动交流渠道")
            ok = False
        seen.add(channel.id)
        if not (channel.url or channel.phone or channel.email):
            problems.error("GK004", CONFIG_NAME, line, f"渠道“{channel.name}”没有网址、电话或邮箱，群众无从使用",
                           "至少写 url、phone、email 中的一项", key="channels", label="互动交流渠道")
            ok = False
    return ok


def load_config(root: Path, problems: Problems) -> SiteConfig | None:
    """Read and validate site.yml; report every problem, return None when unusable."""
    path = root / CONFIG_NAME
    if not path.is_file():
        problems.error("GK001", CONFIG_NAME, 0, "找不到网站配置文件 site.yml", "在项目根目录建立 site.yml，参照 docs/参考手册.md 的“网站配置”")
        return None
    text = decode(path.read_bytes(), CONFIG_NAME, problems)
    if text is None:
        return None
    node = parse_yaml(text, 1, CONFIG_NAME, problems)
    if node is None:
        return None
    values = read_fields(node, TOP_FIELDS, CONFIG_NAME, problems, what="配置项")
    if values is None:
        return None
    organs = tuple(Organ(**o) for o in values["organs"])
    ok = _check_unique(organs, node, problems)
    _check_placeholder_codes(organs, node, problems)
    groups = tuple(Group(g["name"], g.get("level", ""), g.get("members", ())) for g in values.get("groups", ()))
    ok = _check_groups(groups, organs, node, problems) and ok
    unknown = [ref for ref in values.get("report_organs", ()) if ref not in {o.id for o in organs}]
    if unknown:
        problems.error("GK004", CONFIG_NAME, node.get("report_organs").line, f"report_organs 中的“{'、'.join(unknown)}”不是机构简码",
                       "填写 organs 中登记的机构简码（id）", key="report_organs", label="须发布年报的机构")
        ok = False
    ok = _check_id_code(values["identity"], node, problems) and ok
    channels = tuple(Channel(**c) for c in values.get("channels", ()))
    ok = _check_channels(channels, node, problems) and ok
    logo = values.get("logo", "")
    if logo and not (root / "content" / logo).is_file():
        problems.error("GK004", CONFIG_NAME, node.get("logo").line, f"找不到网站标志图片 content/{logo}",
                       "把图片放进 content/ 下，logo 写它在 content/ 中的路径；不用标志就删去 logo 这一行",
                       key="logo", label="网站标志图片")
        ok = False
    config = SiteConfig(
        name=values["name"], base_url=values["base_url"], language=values["language"],
        timezone=values["timezone"], as_of=values.get("as_of"), page_size=values.get("page_size", 20),
        identity=Identity(**values["identity"]), organs=organs, topics=values.get("topics", ()),
        sections=values.get("sections", ()), nav=values.get("nav", ()), groups=groups, logo=logo,
        disclosure=values.get("disclosure", "xxgk").strip("/"), disclosure_days=values.get("disclosure_days", 20),
        organ_section=values.get("organ_section", "").strip("/"),
        enforcement=EnforcementRules(**values.get("enforcement", {})),
        freshness=FreshnessRules(**values.get("freshness", {})),
        reply_days=values.get("reply_days", 92), consultation_result_days=values.get("consultation_result_days", 30),
        consultation_days=values.get("consultation_days", 30),
        report_organs=values.get("report_organs"), external_hosts=values.get("external_hosts", ()),
        commercial_hosts=values.get("commercial_hosts", ()),
        must_publish=values.get("must_publish", MUST_PUBLISH),
        channels=channels,
        cms=CmsSettings(values["cms"]["backend"], values["cms"]["repo"], values["cms"]["base_url"].rstrip("/"),
                        values["cms"].get("app_id", ""), values["cms"].get("branch", "main"),
                        values["cms"].get("editorial_workflow", False)) if "cms" in values else None,
    )
    return config if ok else None


def _check_groups(groups: tuple[Group, ...], organs: tuple[Organ, ...], node: Map, problems: Problems) -> bool:
    entry = node.get("groups")
    ids = {o.id for o in organs}
    ok = True
    for group in groups:
        unknown = [m for m in group.members if m not in ids]
        if unknown or (not group.level and not group.members) or (group.level and group.members):
            problems.error("GK004", CONFIG_NAME, entry.line if entry else 0,
                           f"单位统称“{group.name}”要么写 level（某一类机构），要么写 members（机构简码列表）"
                           + (f"；未登记的简码：{'、'.join(unknown)}" if unknown else ""),
                           "例如 {name: 县政府有关部门, level: department}", key="groups", label="单位统称")
            ok = False
    return ok


def _check_placeholder_codes(organs: tuple[Organ, ...], node: Map, problems: Problems) -> None:
    """An organ `import-plan --add-organs` registered keeps the code 000000000 until someone fills it in."""
    entry = node.get("organs")
    lines = [item.line for item in entry.value.items] if entry and isinstance(entry.value, Seq) else []
    for n, organ in enumerate(organs):
        if set(organ.code) == {"0"}:
            problems.warning("GK005", CONFIG_NAME, lines[n] if n < len(lines) else 0,
                             f"机构“{organ.name}”的机构代码还没有填写（{organ.code}），它的信息的索引号会以此开头",
                             "填写该机构的 9 位组织机构代码或 18 位统一社会信用代码，并核对全称和简称",
                             key="organs", label="机构")


def _check_id_code(identity: dict, node: Map, problems: Problems) -> bool:
    """A county's 网站标识码 begins with its administrative division code (a department's bm… code does not)."""
    division, code = identity.get("division_code", ""), identity["id_code"]
    if not division or code.startswith(("bm", division)):
        return True
    entry = node.get("identity").value.get("id_code")
    problems.error("GK004", CONFIG_NAME, entry.line if entry else node.get("identity").line,
                   f"网站标识码“{code}”应以本地的行政区划代码 {division} 开头",
                   "在全国政府网站信息报送系统中核对网站标识码，或核对 identity 中的 division_code",
                   key="id_code", label="网站标识码")
    return False


def _check_unique(organs: tuple[Organ, ...], node: Map, problems: Problems) -> bool:
    entry = node.get("organs")
    line = entry.line if entry else 0
    seen: dict[str, str] = {}
    ok = True
    ids = [o.id for o in organs]
    for organ_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.error("GK004", CONFIG_NAME, line, f"机构简码“{organ_id}”重复使用", "每个机构的简码（id）要互不相同",
                       key="organs", label="机构")
        ok = False
    for organ in organs:
        for ref in (organ.id, organ.name, organ.short):
            if ref in seen and seen[ref] != organ.id:
                problems.error("GK004", CONFIG_NAME, line, f"机构名称或简码“{ref}”重复使用",
                               "每个机构的简码、全称、简称都要互不相同", key="organs", label="机构")
                ok = False
            seen[ref] = organ.id
    return ok
