"""The 编辑后台's local backend: Decap's proxy protocol over content/ alone, for this computer alone."""

from __future__ import annotations

import io
import json
import os
import re
from datetime import date

import pytest

from conftest import run_build
from gongkai.cms_backend import handle
from gongkai.http_app import API_PATH, make_app

TODAY = date(2019, 6, 1)


def call(root, action: str, **params):
    return handle(root, json.dumps({"action": action, "params": params}).encode(), TODAY)


NEW_ITEM = ("---\ntitle: 表单新建的文件\npublished: 2019-06-01 10:00\norgan: 县财政局\ntopic: 财政、金融、审计\\财政预决算\n"
            "created: 2019-05-30\nsummary: 测试\n---\n正文\n")


@pytest.mark.parametrize("path", ["../site.yml", "content/../site.yml", "/etc/passwd", "site.yml", "content\\..\\site.yml",
                                  "content/a\x00.md", "templates/base.html", ".git/config", "content/../../x.md"])
def test_nothing_outside_content_is_read_or_written(make_site, path):
    root = make_site()
    assert call(root, "getEntry", path=path)[0] == 403
    assert call(root, "persistEntry", entry={"path": path, "raw": "x"}, assets=[])[0] == 403
    assert call(root, "deleteFile", path=path)[0] == 403
    assert call(root, "persistMedia", asset={"path": path, "content": "eA==", "encoding": "base64"})[0] == 403
    assert (root / "site.yml").is_file() and not (root / "x.md").exists()


def test_a_link_out_of_content_and_the_data_folder_are_refused(make_site, tmp_path):
    root = make_site()
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "content/out")
    status, answer = call(root, "persistEntry", entry={"path": "content/out/a.md", "raw": "x"}, assets=[])
    assert status == 403 and "离开了 content/" in answer["error"] and not (outside / "a.md").exists()
    status, _ = call(root, "persistEntry", entry={"path": "content/_data/ledger.yml", "raw": "x"}, assets=[])
    assert status == 403 and (root / "content/_data/ledger.yml").read_text("utf-8") != "x"
    # nor may an attachment be a Markdown file, nor an entry anything else
    assert call(root, "persistEntry", entry={"path": "content/news/a.txt", "raw": "x"}, assets=[])[0] == 403


def test_a_new_item_gets_its_index_number_from_the_ledger_and_builds(make_site):
    root = make_site()
    status, _ = call(root, "persistEntry", entry={"path": "content/gk/items/new.md", "raw": NEW_ITEM, "slug": "new"},
                     assets=[{"path": "content/gk/items/fujian.pdf", "content": "JVBERi0xLjQK", "encoding": "base64"}])
    assert status == 200
    text = (root / "content/gk/items/new.md").read_text("utf-8")
    assert "index_no: 12345678X/2019-00004" in text  # the ledger had given up to 00003
    assert '"2019": 4' in (root / "content/_data/ledger.yml").read_text("utf-8")
    assert (root / "content/gk/items/fujian.pdf").read_bytes().startswith(b"%PDF")
    result = run_build(root)
    assert result.written and not result.problems.errors, result.problems.report()
    # saved again, it keeps its number; a second item gets the next
    call(root, "persistEntry", entry={"path": "content/gk/items/new.md", "raw": text}, assets=[])
    assert "2019-00004" in (root / "content/gk/items/new.md").read_text("utf-8")
    call(root, "persistEntry", entry={"path": "content/gk/items/two.md", "raw": NEW_ITEM}, assets=[])
    assert "index_no: 12345678X/2019-00005" in (root / "content/gk/items/two.md").read_text("utf-8")


def test_assign_numbers_what_the_cms_saved_on_the_git_server(make_site, capsys):
    from gongkai.cli import main

    root = make_site({"content/gk/items/a.md": NEW_ITEM, "content/gk/items/b.md": NEW_ITEM.replace("表单新建", "另一个")})
    assert main(["--root", str(root), "assign"]) == 0
    out = capsys.readouterr().out
    assert "已分配索引号：content/gk/items/a.md" in out and "共分配 2 个索引号" in out
    numbers = sorted(re.search(r"index_no: (\S+)", (root / f"content/gk/items/{n}.md").read_text("utf-8"))[1] for n in "ab")
    assert numbers == ["12345678X/2019-00004", "12345678X/2019-00005"]
    assert main(["--root", str(root), "assign"]) == 0 and "没有需要分配" in capsys.readouterr().out
    assert not run_build(root).problems.errors


def test_a_new_page_is_named_by_its_titles_pinyin_initials_unless_the_form_named_it(make_site):
    root = make_site({"content/news/qhzj.md": "---\ntitle: 已有\nslug: gzhy\npublished: 2019-05-01\norgan: 县政府\n---\n"})
    news = "---\ntitle: {title}\n{slug}published: 2019-06-01 10:00\norgan: 县政府\n---\n正文\n"
    for name, title, slug in (("a", "工作会议2019", ""), ("b", "工作会议", ""), ("c", "工作会议", "slug: my-name\n"),
                              ("d", "English Title", "")):
        call(root, "persistEntry", entry={"path": f"content/news/{name}.md", "raw": news.format(title=title, slug=slug)},
             assets=[])
    slugs = {n: re.search(r"^slug: (.+)$", (root / f"content/news/{n}.md").read_text("utf-8"), re.M)[1] for n in "abcd"}
    assert slugs == {"a": "gzhy2019", "b": "gzhy-1", "c": "my-name", "d": "english-title"}  # gzhy is taken
    result = run_build(root)
    assert result.written and not result.problems.errors, result.problems.report()
    assert (root / "site/news/gzhy2019/index.html").is_file() and (root / "site/news/gzhy-1/index.html").is_file()
    # an existing page is never renamed by a later save
    call(root, "persistEntry", entry={"path": "content/news/qhzj.md", "raw": news.format(title="改了标题", slug="")},
         assets=[])
    assert "slug:" not in (root / "content/news/qhzj.md").read_text("utf-8")


def test_a_folder_lists_its_own_entries_not_its_description(make_site):
    root = make_site({"content/news/c.md": "---\ntitle: 征求意见\nkind: consultation\n---\n"})
    listed = [e["file"]["path"] for e in call(root, "entriesByFolder", folder="content/news", extension="md", depth=1)[1]]
    assert listed == ["content/news/first.md"]  # not _index.md, nor the consultation the news form cannot edit
    status, entry = call(root, "getEntry", path="content/news/first.md")
    assert status == 200 and entry["data"].startswith("---") and len(entry["file"]["id"]) == 64
    assert call(root, "frobnicate")[0] == 422 and call(root, "info")[1]["type"] == "local_fs"


class State:
    def __init__(self, out_dir):
        import threading

        self.out_dir, self.failure, self.warnings, self.lock = out_dir, None, None, threading.Lock()


def post(app, peer: str, origin: str, body: bytes = b'{"action":"info"}') -> str:
    status = []
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": API_PATH, "HTTP_HOST": "127.0.0.1:8000", "HTTP_ORIGIN": origin,
               "REMOTE_ADDR": peer, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    b"".join(app(environ, lambda s, h: status.append(s)))
    return status[0]


def test_only_this_computers_preview_pages_may_use_it(make_site):
    root = make_site()
    app = make_app(State(root / "site"), 8000, api=lambda body: handle(root, body, TODAY))
    assert post(app, "127.0.0.1", "http://127.0.0.1:8000").startswith("200")
    assert post(app, "192.168.1.20", "http://127.0.0.1:8000").startswith("403")  # another computer on the network
    assert post(app, "127.0.0.1", "https://evil.example").startswith("403")  # another site's page in the browser
    assert post(app, "127.0.0.1", "").startswith("403")
    assert make_app(State(root / "site"), 8000) and post(make_app(State(root / "site"), 8000), "127.0.0.1",
                                                         "http://127.0.0.1:8000").startswith("405")  # build alone
