"""What an editor's Markdown gives screen-reader users: picture text, link words, table headers, PDF text."""

from __future__ import annotations

from conftest import run_build
from htmlscan import scan_file

NEWS = "---\ntitle: {title}\npublished: 2019-08-01 10:00\norgan: 县政府\n{extra}---\n{body}\n"
GOOD = ("县政府召开政务公开工作推进会，通报上半年政府网站检查情况，部署下半年重点工作任务。\n\n"
        "![推进会现场](hy.jpg)\n\n<img src=\"hy.jpg\" alt=\"推进会现场\">\n\n"
        "详见[2019年预算公开](../gk/items/budget.md)。\n\n| 项目 | 数量 |\n| --- | --- |\n| 检查 | 3 |\n\n"
        "<table><tr><th>项目</th></tr><tr><td>检查</td></tr></table>\n")
BAD = ("县政府召开政务公开工作推进会，通报上半年政府网站检查情况，部署下半年重点工作任务。\n\n"
       "![](hy.jpg)\n\n<img src=\"hy.jpg\" alt=\" \">\n\n"
       "预算公开情况[点击这里](../gk/items/budget.md)。\n\n"
       "<table><tr><td>项目</td></tr><tr><td>检查</td></tr></table>\n")


def test_what_screen_reader_users_miss_is_reported_at_its_line_and_the_page_is_still_published(make_site):
    root = make_site({
        "content/news/hy.jpg": b"\xff\xd8\xff\xe0 jpeg",
        "content/news/good.md": NEWS.format(title="推进会召开", extra="", body=GOOD),
        "content/news/bad.md": NEWS.format(title="推进会召开了", extra="", body=BAD),
        "content/news/scan.pdf": b"%PDF-1.4 scanned",
        "content/news/scan.md": NEWS.format(title="扫描件", extra="attachments: [scan.pdf]\n", body="见附件。"),
    })
    result = run_build(root)
    assert result.written, result.problems.report()
    found = sorted((p.path.rsplit("/", 1)[1], p.code, p.line) for p in result.problems.warnings)
    assert found == [("bad.md", "GK540", 8), ("bad.md", "GK540", 10), ("bad.md", "GK541", 12), ("bad.md", "GK542", 14),
                     ("scan.md", "GK543", 7)], result.problems.report()
    assert "“点击这里”" in result.problems.report()
    # The words the check asks for are what a screen reader gets from the built page.
    tags = scan_file(root / "site/news/good/index.html").tags
    assert {a.get("alt") for tag, a in tags if tag == "img" and "hy.jpg" in a.get("src", "")} == {"推进会现场"}
