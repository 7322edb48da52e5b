"""互动交流 channels: pages invite the public only through channels site.yml declares; the site receives nothing."""

from __future__ import annotations

from conftest import run_build
from htmlscan import scan_file
from test_inspection import CONSULTATION

NEWS = "---\ntitle: {title}\npublished: 2019-06-01\norgan: 县政府\n---\n{body}\n"


def found(result, code="GK315"):
    return sorted((p.path, p.line, p.message) for p in result.problems.items if p.code == code)


def test_an_invitation_through_an_undeclared_channel_is_an_error_at_its_line(make_site):
    body = "县政府召开会议。\n\n欢迎通过书记信箱或“12345”热线反映问题。\n\n2018 年书记信箱收到来信 30 件。\n"
    root = make_site({"content/news/a.md": NEWS.format(title="会议", body=body)})
    result = run_build(root)
    assert [(path, line) for path, line, _ in found(result)] == [("content/news/a.md", 8), ("content/news/a.md", 8)]
    assert {message.split("”")[0].split("“")[1] for *_, message in found(result)} == {"书记信箱", "12345"}
    assert not result.written  # the statistics line (no invitation) is not a finding
    # declared, the same page builds: a channel is known by its name, its phone or its address
    site_yml = root / "site.yml"
    site_yml.write_text(site_yml.read_text("utf-8") + "  - {id: sjxx, name: 县委书记信箱, type: 信箱, url: \"https://ly.ceshi.gov.cn/sjxx/\"}\n"
                        "  - {id: rx12345, name: 政务服务便民热线, type: 热线, phone: \"12345\"}\n", "utf-8")
    assert not found(run_build(root))


def test_a_static_site_cannot_take_messages_and_says_so(make_site):
    root = make_site({"content/news/c.md": CONSULTATION.format(extra="").replace(
        "how_to_comment: 发送电子邮件至 yj@ceshi.gov.cn", "how_to_comment: 在本网站“意见征集”栏目留言")})
    [(path, line, message)] = found(run_build(root))
    assert (path, line) == ("content/news/c.md", 8) and "静态网站" in message
    # an e-mail address in an invitation is a channel too
    root = make_site({"content/news/c.md": CONSULTATION.format(extra="").replace("yj@ceshi.gov.cn", "other@ceshi.gov.cn")})
    [(_, _, message)] = found(run_build(root))
    assert "other@ceshi.gov.cn" in message


def test_a_consultation_lists_its_channels_and_its_figures(make_site):
    extra = "channels: [xzxx, yj]\nresult: r.md\ncomments: 12\nadopted: 5\nnot_adopted_reasons: 超出县级事权\n"
    root = make_site({"content/news/c.md": CONSULTATION.format(extra=extra),
                      "content/news/r.md": NEWS.format(title="采纳情况", body="采纳 5 条。")})
    result = run_build(root)
    assert result.written and not result.problems.items, result.problems.report()
    page = scan_file(root / "site/news/c/index.html")
    assert "https://ly.ceshi.gov.cn/xzxx/" in page.links and "mailto:yj@ceshi.gov.cn" in page.links
    assert "收到意见" in page.text and "12 条" in page.text and "5 条" in page.text and "超出县级事权" in page.text
    # an unknown channel, more adopted than received, and a result without figures
    (root / "content/news/c.md").write_text(CONSULTATION.format(extra="channels: [xzxx, wx]\n"), "utf-8")
    [error] = run_build(root).problems.errors
    assert (error.code, error.line) == ("GK316", 9) and "xzxx、yj" in error.hint
    (root / "content/news/c.md").write_text(CONSULTATION.format(extra="result: r.md\ncomments: 3\nadopted: 5\n"), "utf-8")
    assert [(p.code, p.line) for p in run_build(root).problems.errors] == [("GK318", 11)]
    (root / "content/news/c.md").write_text(CONSULTATION.format(extra="result: r.md\n"), "utf-8")
    assert [p.code for p in run_build(root).problems.warnings] == ["GK317"]
