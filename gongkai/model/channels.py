"""互动交流 channels: a page that asks the public to write, call or mail somewhere names a channel site.yml
declares. The site is static: it receives nothing, so a page may not invite messages left on the site itself."""

from __future__ import annotations

import re

from gongkai.config import SiteConfig
from gongkai.documents import ConsultationMeta, Document, GuideMeta
from gongkai.problems import Problems

# Names of the channels county portals offer; written in an invitation they must be a declared channel.
CHANNEL_WORDS = re.compile(r"(?:县长|书记|市长|镇长|乡长|局长|主任|区长|意见)信箱|网上信访|在线访谈|留言板|网上群众工作平台"
                           r"|政民互动|(?<!\d)(?:12345|12315|12369|12366|12328)(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]{2,}")
INVITE = re.compile(r"欢迎|敬请|请(?!示)|可以?(?:通过|拨打|发送|登录|致电|写信|向|在)|(?:通过|拨打|发送至?|致电|登录).{0,30}"
                    r"(?:反映|提出|留言|咨询|投诉|建议|意见)|电子邮件[：:]|邮箱[：:]")
# Messages left on this site: a static site has no form that receives them.
ON_THIS_SITE = re.compile(r"(?:本网站|本站|县政府网站|政府门户网站|本栏目|网站“[^”]{1,12}”栏目)[^。；;\n]{0,8}(?:留言|提交意见|在线提交)")
LABELS = {"title": "标题", "summary": "内容概述", "how_to_comment": "提交意见的方式", "how_to_obtain": "获取方式",
          "apply_how": "申请方式", "fees": "收费"}
SENTENCE = re.compile(r"[^。！？!?；;\n]+")


def check_channels(config: SiteConfig, doc: Document, problems: Problems) -> None:
    """The channels one document names or invites people to use, against those site.yml declares."""
    declared = [name for channel in config.channels for name in channel.names()]
    ids = {channel.id for channel in config.channels}
    meta = doc.meta
    texts = [("title", meta.title, doc.line("title")), ("summary", getattr(meta, "summary", ""), doc.line("summary"))]
    if isinstance(meta, ConsultationMeta):
        texts.append(("how_to_comment", meta.how_to_comment, doc.line("how_to_comment")))
        for ref in meta.channels:
            if ref not in ids:
                problems.error("GK316", doc.label, doc.line("channels"), f"“{ref}”不是 site.yml 中登记的互动交流渠道",
                               "channels 写 site.yml 中 channels 的 id" + (f"：{'、'.join(sorted(ids))}" if ids else
                                                                     "；先在 site.yml 的 channels 中登记渠道"),
                               key="channels", label="意见提交渠道")
    if isinstance(meta, GuideMeta):
        texts += [(key, getattr(meta, key), doc.line(key)) for key in ("how_to_obtain", "apply_how", "fees")]
        urls = {channel.url.rstrip("/") for channel in config.channels if channel.url}
        if meta.web_contact and meta.web_contact.rstrip("/") not in urls:
            problems.error("GK319", doc.label, doc.line("web_contact"),
                           f"网上申请地址 {meta.web_contact} 不是 site.yml 中登记的渠道",
                           "在 site.yml 的 channels 中登记依申请公开平台（type: 依申请公开，url: 这个地址），"
                           "或把 web_contact 改为已登记渠道的网址", key="web_contact", label="网上申请")
    texts.append(("", doc.body, doc.body_line))
    for key, text, first in texts:
        for line, finding in _findings(text, declared, inviting=key == "how_to_comment"):
            problems.error("GK315", doc.label, first + line if key == "" else first, finding[0], finding[1],
                           key=key, label=LABELS.get(key, ""))


def _findings(text: str, declared: list[str], inviting: bool):
    """Sentences that invite: every one of how_to_comment, elsewhere those worded as an invitation."""
    if not text or not (inviting or INVITE.search(text)):
        return  # no sentence of it is worded as one (most bodies): not worth splitting
    for match in SENTENCE.finditer(text):
        sentence = match.group()
        line = text.count("\n", 0, match.start())
        if not (inviting or INVITE.search(sentence)):
            continue
        if ON_THIS_SITE.search(sentence):
            yield line, (f"“{sentence.strip()[:40]}”请群众在网站上留言，但本网站是静态网站，收不到留言",
                         "改为引导到 site.yml 中登记的渠道（县长信箱、12345 热线、省级平台等），写出渠道名称")
        for word in CHANNEL_WORDS.findall(sentence) + EMAIL.findall(sentence):
            if not any(word in name or name in word for name in declared):
                yield line, (f"页面请群众通过“{word}”联系，但 site.yml 没有登记这个渠道",
                             f"在 site.yml 的 channels 中登记“{word}”（名称、类型和网址、电话或邮箱），或改为已登记的渠道")
