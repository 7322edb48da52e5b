"""Every page carries the footer's seven items and the standard meta tags (国办发〔2017〕47号)."""

from __future__ import annotations

from gongkai.checks.html import PageScan
from gongkai.config import SiteConfig
from gongkai.documents import KIND_META
from gongkai.problems import Problems

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description", "Url")
COLUMN_TAGS = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")


def check_identity(scans: dict[str, PageScan], config: SiteConfig, problems: Problems) -> None:
    identity = config.identity
    texts = {"网站主办单位": identity.sponsor, "联系方式": identity.contact, "网站标识码": identity.id_code,
             "ICP备案编号": identity.icp, "公安机关备案号": identity.psb, "党政机关网站标识": "党政机关",
             "我为政府网站找错": "我为政府网站找错"}
    links = {"党政机关网站标识": identity.badge_url, "我为政府网站找错": identity.error_report_url,
             "公安机关备案号": identity.psb_url}
    site_values = {"SiteName": config.name, "SiteDomain": identity.domain, "SiteIDCode": identity.id_code}
    for url, scan in sorted(scans.items()):
        origin = scan.origin
        missing = [name for name, text in texts.items() if text not in scan.footer_text]
        missing += [name for name, link in links.items() if link not in scan.footer_links and name not in missing]
        if missing:
            problems.error("GK510", origin, 0, f"页面 {url} 的底部缺少：{'、'.join(missing)}",
                           "页面模板应包含 partials/footer.html（七项底部信息）")
        wanted = SITE_TAGS + (ARTICLE_TAGS if scan.kind in KIND_META else COLUMN_TAGS)
        absent = [tag for tag in wanted if tag not in scan.meta]
        wrong = [tag for tag, value in site_values.items() if tag in scan.meta and scan.meta[tag] != value]
        if absent or wrong:
            problems.error("GK511", origin, 0,
                           f"页面 {url} 的网页标签" + (f"缺少 {'、'.join(absent)}" if absent else "")
                           + ("；" if absent and wrong else "") + (f"{'、'.join(wrong)} 的值不对" if wrong else ""),
                           "在模板的 <head> 中按政府网站网页标签规范输出这些 meta 标签")
