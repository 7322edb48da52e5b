"""The site configuration as typed values (config_file.py reads site.yml into them, unknown keys refused)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from gongkai.fields import INVALID, FieldType, Matching, Text, Where, quote
from gongkai.problems import nearest

CONFIG_NAME = "site.yml"
KINDS = ("page", "news", "notice", "item", "policy", "interpretation", "task", "organ", "decision", "report",
         "consultation", "reply", "service_guide", "website_report")
INDEX_KINDS = ("section", "plan", "area", "guide", "topic", "enforcement")
ORGAN_LEVELS = ("government", "department", "township", "office")


def Pattern(regex: str, example: str, what: str) -> Matching:  # noqa: N802 - reads as a field type
    """A configuration value of a fixed form."""
    return Matching(regex, example, "GK004", f"不是有效的{what}", f"例如 {example}")


class BaseUrl(Text):
    def __init__(self):
        super().__init__("https://www.rongxian.gov.cn/")

    def convert(self, text, where: Where):
        text = super().convert(text, where)
        if text is INVALID:
            return text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            return where.error("GK004", f"{quote(text)} 不是有效的网址",
                               "以 https:// 开头写完整网址，例如 https://www.rongxian.gov.cn/")
        return text if text.endswith("/") else text + "/"


@dataclass(frozen=True)
class Organ:
    """A government organ: the county government, a department or a township."""

    id: str
    name: str
    short: str
    code: str  # 9-character organisation code or 18-character unified social credit code
    level: str
    credit_code: str = ""  # 统一社会信用代码, for the exports that ask for one

    @property
    def unified_code(self) -> str:
        """Its 18-character 统一社会信用代码, when site.yml gives one ("" otherwise)."""
        return self.credit_code or (self.code if len(self.code) == 18 else "")


CHANNEL_TYPES = ("信箱", "热线", "留言平台", "在线访谈", "征集调查", "电子邮箱", "依申请公开", "政务服务")


@dataclass(frozen=True)
class Channel:
    """A way the public reaches the government: the site is static and receives nothing itself, so each channel is
    the county's existing system (a mailbox, a hotline, the provincial platform), reached by address or number."""

    id: str
    name: str  # 县长信箱, 12345 政务服务便民热线
    type: str  # one of CHANNEL_TYPES
    url: str = ""
    phone: str = ""
    email: str = ""
    owner: str = ""  # the office that answers it
    note: str = ""  # hours, reply time, what it is for

    def names(self) -> tuple[str, ...]:
        """The words a page may use for it."""
        return tuple(x for x in (self.name, self.phone, self.email) if x)


@dataclass(frozen=True)
class CmsSettings:
    """The 编辑后台 shared through the county's own Git server (GitLab or Gitea): where the CMS commits."""

    backend_name: str  # gitlab | gitea
    repo: str  # group/project
    base_url: str  # the Git server, e.g. https://git.rongxian.gov.cn
    app_id: str = ""  # the OAuth application registered on it for the CMS
    branch: str = "main"
    editorial_workflow: bool = False  # drafts and reviews as merge (pull) requests

    def backend(self) -> dict:
        api = "/api/v4" if self.backend_name == "gitlab" else "/api/v1"
        out = {"name": self.backend_name, "repo": self.repo, "branch": self.branch, "base_url": self.base_url,
               "api_root": self.base_url.rstrip("/") + api}
        if self.app_id:
            out["app_id"] = self.app_id
        if self.backend_name == "gitlab":
            out["auth_type"] = "pkce"
            out["auth_endpoint"] = "oauth/authorize"
        return out

    @property
    def origin(self) -> str:
        return "/".join(self.base_url.split("/")[:3])


@dataclass(frozen=True)
class Identity:
    """The seven items every page footer must carry (国办发〔2017〕47号)."""

    domain: str
    sponsor: str
    contact: str
    id_code: str
    icp: str
    psb: str
    badge_url: str
    error_report_url: str
    division_code: str = ""  # the county's 行政区划代码: its 网站标识码 begins with it

    @property
    def psb_code(self) -> str:
        return re.sub(r"\D", "", self.psb)

    @property
    def psb_url(self) -> str:
        return f"https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={self.psb_code}"


@dataclass(frozen=True)
class Group:
    """A collective unit name in plans, e.g. 县政府有关部门: organs of a level, or listed organs."""

    name: str
    level: str = ""
    members: tuple[str, ...] = ()  # organ ids

    def includes(self, organ: Organ) -> bool:
        return organ.level == self.level if self.level else organ.id in self.members


@dataclass(frozen=True)
class Topic:
    """One 主题分类 term: a URL-safe key and the label editors write."""

    key: str
    name: str  # as editors write it: 综合政务\政务公开

    @property
    def label(self) -> str:
        """As visitors read it: 综合政务 › 政务公开."""
        return topic_label(self.name)


@dataclass(frozen=True)
class Category:
    """A statutory category of proactive disclosure: Art. 20's fifteen items, Art. 21's county and township ones."""

    key: str  # URL-safe: 20-07, 21-szjs
    label: str  # short, as editors write it: 财政预决算
    article: str  # 第二十条第（七）项

    def names(self) -> tuple[str, ...]:
        """What an editor may write for it: the label, the article, or for Art. 20 its number."""
        number = self.key.partition("-")[2]
        return (self.label, self.article, str(int(number))) if self.key.startswith("20-") else (self.label,)


_ART20 = ("法规规章和规范性文件", "机关职能和机构设置", "规划计划", "统计信息", "行政许可和对外管理服务", "行政处罚和行政强制",
          "财政预决算", "行政事业性收费", "政府集中采购", "重大建设项目", "扶贫教育医疗社保就业", "应急管理",
          "监督检查", "公务员招考", "其他法定公开信息")
_NUMERALS = "一二三四五六七八九十"
_ART21 = (("szjs", "市政建设"), ("ggfw", "公共服务"), ("gysy", "公益事业"), ("tdzs", "土地征收"), ("fwzs", "房屋征收"),
          ("zagl", "治安管理"), ("shjz", "社会救助"), ("nyzc", "农业农村政策落实"), ("ntsl", "农田水利工程建设运营"),
          ("tdlz", "农村土地承包经营权流转"), ("zjd", "宅基地使用审核"), ("cccl", "筹资筹劳"))
# 《政府信息公开条例》(2019) Art. 20 (1)–(15) and Art. 21 (county level, then the townships' additions).
CATEGORIES = tuple(Category(f"20-{i:02d}", label, f"第二十条第（{_NUMERALS[i - 1] if i <= 10 else '十' + _NUMERALS[i - 11]}）项")
                   for i, label in enumerate(_ART20, start=1)) + tuple(
    Category(f"21-{key}", label, "第二十一条") for key, label in _ART21)
# Categories a county must keep current (inspection: 规划计划, 财政预决算, 重大建设项目, 政府采购, 统计信息, 人事, 应急).
MUST_PUBLISH = ("20-03", "20-04", "20-07", "20-09", "20-10", "20-12", "20-14")


def category(key: str) -> Category | None:
    return next((c for c in CATEGORIES if c.key == key), None)


class CategoryRef(FieldType):
    """A statutory category (Art. 20/21) by its short name, its article or, for Art. 20, its number; the key."""

    name = "法定公开类别"
    example = "财政预决算"

    def convert(self, text: str, where: Where):
        text = text.strip().replace("(", "（").replace(")", "）")
        for category in CATEGORIES:
            if text in category.names():
                return category.key
        labels = tuple(c.label for c in CATEGORIES)
        guess = nearest(text, labels)
        return where.error("GK204", f"{quote(text)} 不是法定公开类别",
                           (f"是不是“{guess}”？" if guess else "") + "写第二十条的项号（1–15）或类别名，如 7 或 财政预决算；"
                           "第二十一条的写类别名，如 社会救助；全部类别见 docs/参考手册.md")


def topic_label(name: str) -> str:
    return name.replace("\\", " › ")


# Online shops and advertising networks (国办发〔2017〕47号: no commercial advertising on government sites).
COMMERCIAL_HOSTS = ("taobao.com", "tmall.com", "jd.com", "pinduoduo.com", "yangkeduo.com", "1688.com", "meituan.com",
                    "dianping.com", "ele.me", "vip.com", "suning.com", "doubleclick.net", "googlesyndication.com",
                    "googleadservices.com", "alimama.com", "tanx.com", "mmstat.com", "cpro.baidu.com", "pos.baidu.com",
                    "e.baidu.com", "e.qq.com", "gdt.qq.com", "union.sogou.com", "union.360.cn", "admaster.com.cn",
                    "miaozhen.com")


@dataclass(frozen=True)
class EnforcementRules:
    """行政执法公示 rules (§6); the numbers marked unverified in the domain rules are settings here."""

    platform_url: str = ""  # the provincial 行政执法信息公示平台
    display_years: int = 3  # how long a decision stays published, legal persons
    display_years_person: int = 2  # natural persons
    late_is_error: bool = False
    withdrawal_days: int = 3  # calendar days from a status change to the withdrawal notice
    # Words that reveal a natural person's health or private life, never published in their decision.
    sensitive_terms: tuple[str, ...] = ("艾滋病", "HIV", "精神病", "精神疾病", "抑郁症", "传染病人", "病历", "病史", "乙肝",
                                        "梅毒", "怀孕", "流产", "残疾等级", "吸毒史", "性病")


@dataclass(frozen=True)
class FreshnessRules:
    """国办秘函〔2019〕19号 single-veto thresholds; days per update category."""

    news: int = 14
    notice: int = 183
    policy: int = 183
    personnel: int = 365
    plan: int = 365
    home_days: int = 14
    stale_key_limit: int = 5  # stale 动态/通知公告/政策文件 columns that fail the inspection
    stale_limit: int = 10
    empty_limit: int = 5
    warn_days: int = 7  # warn this many days before a column turns stale
    guide_days: int = 365  # the 政府信息公开指南 is reviewed at least this often
    media_days: int = 14  # a 政务新媒体 account in operation posts at least this often (the inspection's 2 weeks)

    def days(self, category: str) -> int | None:
        return getattr(self, category) if category in ("news", "notice", "policy", "personnel", "plan") else None


@dataclass(frozen=True)
class SectionRule:
    path: str  # section folder inside content/, POSIX, "" for the root
    kind: str


@dataclass(frozen=True)
class SiteConfig:
    name: str
    base_url: str
    language: str
    timezone: str  # an IANA zone: the day a build is for, and the offset of every date-time it publishes
    as_of: date | None
    page_size: int
    identity: Identity
    organs: tuple[Organ, ...]
    topics: tuple[Topic, ...]
    sections: tuple[SectionRule, ...]
    nav: tuple[str, ...]
    groups: tuple[Group, ...] = ()
    logo: str = ""  # the emblem shown before the site's name: a picture's path inside content/, none by default
    disclosure: str = "xxgk"  # section of the 政府信息公开 column
    disclosure_days: int = 20  # working days from creation to publication (Art. 26)
    organ_section: str = ""  # section holding the 机构信息 pages, one per organ
    enforcement: EnforcementRules = EnforcementRules()
    freshness: FreshnessRules = FreshnessRules()
    reply_days: int = 92  # 留言 must be answered within 3 months
    consultation_result_days: int = 30  # a closed consultation's result is due this many days after it closes
    consultation_days: int = 30  # the shortest comment period, opening and closing days included
    report_organs: tuple[str, ...] | None = None  # organs whose annual report is due; None = the government organs
    external_hosts: tuple[str, ...] = ()  # sites beyond *.gov.cn that pages may link to
    commercial_hosts: tuple[str, ...] = ()  # more shops and advertisers pages may never link to
    channels: tuple[Channel, ...] = ()  # 互动交流, 依申请公开 and 政务服务 channels
    cms: CmsSettings | None = None  # the shared 编辑后台's Git server; None: the local one beside `serve` alone
    must_publish: tuple[str, ...] = MUST_PUBLISH  # keys of the statutory categories that must have a current item

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def allows_host(self, host: str) -> bool:
        """Whether pages may link to `host`: a government site (*.gov.cn), a site of the footer's seven items
        (the 党政机关网站标识 is on conac.cn), or one registered in external_hosts with its subdomains."""
        host = host.lower().rstrip(".")
        identity = self.identity
        known = {urlsplit(url).hostname or "" for url in (identity.badge_url, identity.error_report_url,
                                                            self.enforcement.platform_url)}
        allowed = ("gov.cn",) + tuple(known) + self.external_hosts
        return any(host == name or host.endswith("." + name) for name in allowed if name)

    def commercial_host(self, host: str) -> bool:
        """A shop or an advertising network: a government page may not link to it, whatever external_hosts says."""
        host = host.lower().rstrip(".")
        return any(host == name or host.endswith("." + name) for name in COMMERCIAL_HOSTS + self.commercial_hosts)

    def channels_of(self, *types: str) -> tuple[Channel, ...]:
        return tuple(c for c in self.channels if c.type in types)

    def topic_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.topics)

    def group(self, name: str) -> Group | None:
        for group in self.groups:
            if group.name == name:
                return group
        return None

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, e.g. '/' or '/preview/'."""
        return urlsplit(self.base_url).path or "/"

    def organ(self, ref: str) -> Organ | None:
        for organ in self.organs:
            if ref in (organ.id, organ.name, organ.short):
                return organ
        return None

    def organ_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.organs)

    def kind_for(self, section: str) -> str:
        """The kind a section holds: its own rule, else its nearest configured ancestor's, else page."""
        rules = {r.path: r.kind for r in self.sections}
        probe = section
        while True:
            if probe in rules:
                return rules[probe]
            if not probe:
                return "page"
            probe = probe.rpartition("/")[0]

    def with_base_url(self, base_url: str) -> "SiteConfig":
        from dataclasses import replace

        return replace(self, base_url=base_url if base_url.endswith("/") else base_url + "/")
