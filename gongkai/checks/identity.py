"""Every page carries the footer's seven items and the standard meta tags (国办发〔2017〕47号)."""

from __future__ import annotations

from pathlib import Path

from gongkai.checks.html import PageScan
from gongkai.config import SiteConfig
from gongkai.documents import KIND_META
from gongkai.problems import Problems

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description", "Url")
COLUMN_TAGS = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")


# What in the footer template writes each item: when the template lacks it, every page lacks it, told once there.
FOOTER_SOURCES = {"网站主办单位": "identity.sponsor", "联系方式": "identity.contact", "网站标识码": "identity.id_code",
                  "ICP备案编号": "identity.icp", "公安机关备案号": "identity.psb", "党政机关网站标识": "badge_url",
                  "我为政府网站找错": "error_report_url"}


def template_place(root: Path | None, code: str, names: list[str]) -> tuple[str, int] | None:
    """Where in the theme the missing items belong (the footer template, or base.html's <head>) when no template
    writes one of them; None when one does: then a page's own template leaves them out, and the page is named."""
    if root is None:
        return None
    name, anchor = ("partials/footer.html", "<footer") if code == "GK510" else ("base.html", "</head>")
    needles = [FOOTER_SOURCES.get(n, n) for n in names] if code == "GK510" else [f'"{n}"' for n in names]
    try:
        text = (root / "templates" / name).read_text("utf-8")
        theme = "".join(path.read_text("utf-8", errors="replace") for path in sorted((root / "templates").rglob("*.html")))
    except OSError:
        return None
    if any(needle in theme for needle in needles):
        return None
    line = next((n for n, row in enumerate(text.splitlines(), start=1) if anchor in row), 1)
    return f"templates/{name}", line


def check_identity(scans: dict[str, PageScan], config: SiteConfig, problems: Problems, root: Path | None = None) -> None:
    identity = config.identity
    texts = {"网站主办单位": identity.sponsor, "联系方式": identity.contact, "网站标识码": identity.id_code,
             "ICP备案编号": identity.icp, "公安机关备案号": identity.psb, "党政机关网站标识": "党政机关",
             "我为政府网站找错": "我为政府网站找错"}
    links = {"党政机关网站标识": identity.badge_url, "我为政府网站找错": identity.error_report_url,
             "公安机关备案号": identity.psb_url}
    site_values = {"SiteName": config.name, "SiteDomain": identity.domain, "SiteIDCode": identity.id_code}
    places: dict[tuple, tuple[str, int] | None] = {}

    def at_template(code: str, names: list[str]) -> tuple[str, int] | None:  # one look at the theme per finding
        if (code, tuple(names)) not in places:
            places[code, tuple(names)] = template_place(root, code, names)
        return places[code, tuple(names)]

    for url, scan in sorted(scans.items()):
        origin = scan.origin
        missing = [name for name, text in texts.items() if text not in scan.footer_text]
        missing += [name for name, link in links.items() if link not in scan.footer_links and name not in missing]
        place = at_template("GK510", missing) if missing else None
        if place:  # one finding at the template, with the pages counted (problems.py folds them)
            problems.error("GK510", place[0], place[1], f"页面底部缺少：{'、'.join(missing)}",
                           "在页面底部模板中写出七项底部信息", others=((origin, 0),), rule="template-identity")
        elif missing:
            problems.error("GK510", origin, 0, f"页面 {url} 的底部缺少：{'、'.join(missing)}",
                           "页面模板应包含 partials/footer.html（七项底部信息）")
        wanted = SITE_TAGS + (ARTICLE_TAGS if scan.kind in KIND_META else COLUMN_TAGS)
        absent = [tag for tag in wanted if tag not in scan.meta]
        wrong = [tag for tag, value in site_values.items() if tag in scan.meta and scan.meta[tag] != value]
        place = at_template("GK511", absent) if absent and not wrong else None
        if place:
            problems.error("GK511", place[0], place[1], f"网页标签缺少 {'、'.join(absent)}",
                           "在 <head> 中按政府网站网页标签规范输出这些 meta 标签", others=((origin, 0),),
                           rule="template-identity")
        elif absent or wrong:
            problems.error("GK511", origin, 0,
                           f"页面 {url} 的网页标签" + (f"缺少 {'、'.join(absent)}" if absent else "")
                           + ("；" if absent and wrong else "") + (f"{'、'.join(wrong)} 的值不对" if wrong else ""),
                           "在模板的 <head> 中按政府网站网页标签规范输出这些 meta 标签")
