"""The preview server: serves the site, rebuilds on edits, keeps the last good site on failure."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import REPO
from gongkai.http_app import resolve_request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out; last result: {last!r}")


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def server(make_site):
    root = make_site()
    yield from serving(root)


def serving(root):
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(base + "/")[0] == 200)
        yield root, base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_rebuilds_on_edit_and_survives_a_broken_file(server):
    root, base = server
    status, page = fetch(base + "/news/first/")
    assert status == 200 and "第一条新闻" in page
    assert "livereload.js" in page  # the browser is told to reload

    path = root / "content/news/first.md"
    path.write_text(path.read_text("utf-8").replace("第一条新闻", "改过的新闻"), "utf-8")
    wait_for(lambda: "改过的新闻" in fetch(base + "/news/first/")[1])

    good = path.read_text("utf-8")
    (root / "content/news/a-notepad.md").write_bytes(b"\xef\xbb\xbf" + good.encode())  # a warning, listed first by path
    path.write_text(good.replace("published: 2019-07-26 17:30", "published: 2019-13-26"), "utf-8")
    page = wait_for(lambda: (lambda p: p if "gongkai-problems" in p else None)(fetch(base + "/news/first/")[1]))
    assert "content/news/first.md:3: 错误 GK203 字段「发布日期」(published)" in page
    assert "改过的新闻" in page  # the last good site is still served
    box = page[page.index("gongkai-problems"):]
    assert box.index("GK203") < box.index("不影响生成") < box.index("GK102")  # the errors that stopped it come first

    path.write_text(good, "utf-8")
    wait_for(lambda: 'role="alert"' not in fetch(base + "/news/first/")[1])
    page = fetch(base + "/news/first/")[1]  # the warning stays, folded, under its own heading
    assert '<details id="gongkai-problems" role="status"' in page and "1 个警告（不影响生成）" in page and "GK102" in page
    (root / "content/news/a-notepad.md").unlink()
    wait_for(lambda: "gongkai-problems" not in fetch(base + "/news/first/")[1])
    assert fetch(base + "/no/such/page/")[0] == 404


def test_the_preview_leaves_the_published_site_alone(make_site):
    root = make_site()
    built = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--today", "2020-03-31"],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    published = tree(root / "site")
    assert any(name.startswith("pagefind/") for name in published)  # what build publishes has its search index
    for _, base in serving(root):
        item = root / "content/news/first.md"
        item.write_text(item.read_text("utf-8").replace("第一条新闻", "预览中的新闻"), "utf-8")
        wait_for(lambda: "预览中的新闻" in fetch(base + "/news/first/")[1])
        assert "预览中的新闻".encode() in (root / ".cache/preview/news/first/index.html").read_bytes()
    assert tree(root / "site") == published  # byte for byte, search index included


def test_request_paths_cannot_leave_the_site(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("ok", "utf-8")
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    assert resolve_request(site, "/a/") == site.resolve() / "a/index.html"
    for evil in ("/../secret.txt", "/a/../../secret.txt", "/%2e%2e/secret.txt", "/a/%2E%2E/%2e%2e/secret.txt",
                 "//etc/passwd", "/..%2fsecret.txt", "/a\\..\\..\\secret.txt", "/%00"):
        assert resolve_request(site, evil) is None, evil


def test_a_save_made_the_moment_watching_starts_is_seen(make_site):
    from gongkai.serve import SaveWatcher

    root = make_site()
    watcher = SaveWatcher(root, state=None, make_options=lambda: None)
    watcher.watch()
    item = root / "content/news/first.md"
    item.write_text(item.read_text("utf-8") + "\n刚开始预览就保存。\n", "utf-8")
    (root / "site.yml").write_text((root / "site.yml").read_text("utf-8") + "\n", "utf-8")
    seen = set()
    deadline = time.monotonic() + 10
    while not {item, root / "site.yml"} <= seen and time.monotonic() < deadline:
        try:
            seen |= watcher.saved.get(timeout=0.5)
        except queue.Empty:
            pass
    assert {item, root / "site.yml"} <= seen, seen


def test_the_preview_speaks_chinese_on_the_terminal(make_site):
    import re
    import signal

    root = make_site()
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: fetch(base + "/")[0] == 200)
        fetch(base + "/no/such/page/")
        item = root / "content/news/first.md"
        item.write_text(item.read_text("utf-8").replace("第一条新闻", "终端中文"), "utf-8")
        wait_for(lambda: "终端中文" in fetch(base + "/news/first/")[1])
    finally:
        proc.send_signal(signal.SIGINT)
        output = proc.communicate(timeout=20)[0].decode("utf-8")
    assert "预览地址：http://127.0.0.1:" in output and "网站已更新。" in output
    # livereload's and tornado's English lines (Serving on …, Start watching changes, 404 GET …) are not printed
    english = [line for line in output.splitlines() if re.search(r"[A-Za-z]{4,}", re.sub(r"https?://\S+|Ctrl\+C", "", line))]
    assert not english, english


def raw(base: str, method: str, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
    import http.client

    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, path, skip_host=True)
    connection.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
    connection.endheaders()
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


def test_the_preview_answers_only_its_own_address_and_only_to_reading(make_site):
    """A web page that rebinds its domain to 127.0.0.1 (DNS rebinding) must not read drafts: only a Host that is
    localhost or an IP address with the preview's port is answered. HEAD and OPTIONS are answered, other methods
    get 405, an over-long name 414; none of it prints a traceback."""
    root = make_site()
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(base + "/")[0] == 200)
        for host in (f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}",
                     f"localhost.evil.example:{port}", ""):
            for path in ("/", "/news/first/", "/livereload.js"):
                assert raw(base, "GET", path, host)[0] == 403, (host, path)
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
            assert raw(base, "GET", "/", host)[0] == 200, host
        status, headers, body = raw(base, "HEAD", "/news/first/")
        assert status == 200 and body == b"" and headers["Content-Type"].startswith("text/html")
        status, headers, _ = raw(base, "OPTIONS", "/")
        assert status == 204 and headers["Allow"] == "GET, HEAD, OPTIONS"
        for method in ("POST", "PUT", "DELETE", "PATCH", "PROPFIND", "TRACE"):
            status, headers, _ = raw(base, method, "/news/first/")
            assert status == 405 and headers["Allow"] == "GET, HEAD, OPTIONS", method
        assert raw(base, "GET", "/" + urllib.parse.quote("长" * 90) + "/")[0] == 414  # 270 bytes in UTF-8
        assert raw(base, "GET", "/" + "a" * 256)[0] == 414
        assert raw(base, "GET", "/" + "a" * 250 + "/" + "b" * 250 + "/")[0] == 404  # long, but every name fits
        assert raw(base, "GET", "/%1b%5b2J%1b%5d0;pwned%07/")[0] == 404
        assert raw(base, "GET", "/news/first/")[0] == 200  # still serving
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert "Traceback" not in output and "\x1b" not in output and "\x07" not in output, output


def test_only_the_previews_own_pages_may_listen_for_reloads_and_no_local_path_is_sent(make_site):
    """The live-reload socket refuses another site's page (its Origin); the preview's own page is told what
    changed as a path inside the project, and a hostile page address is not echoed raw to the terminal."""
    import asyncio
    import json
    import signal

    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    root = make_site()
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    base = f"http://127.0.0.1:{port}"
    url = f"ws://127.0.0.1:{port}/livereload"

    async def refused(origin: str) -> bool:
        try:
            socket_ = await websocket_connect(HTTPRequest(url, headers={"Origin": origin}))
        except HTTPClientError as exc:
            return exc.code == 403
        socket_.close()
        return False

    async def told() -> dict:
        socket_ = await websocket_connect(HTTPRequest(url, headers={"Origin": base}))
        socket_.write_message(json.dumps({"command": "hello"}))
        await socket_.read_message()
        socket_.write_message(json.dumps({"command": "info", "url": base + "/\x1b[2J\x1b]0;pwned\x07"}))
        await asyncio.sleep(0.5)
        item = root / "content/news/first.md"
        item.write_text(item.read_text("utf-8").replace("第一条新闻", "改过的新闻"), "utf-8")
        while True:
            message = json.loads(await asyncio.wait_for(socket_.read_message(), 30))
            if message.get("command") == "reload":
                socket_.close()
                return message

    try:
        wait_for(lambda: fetch(base + "/")[0] == 200)
        for origin in ("http://evil.example", f"http://evil.example:{port}", "null", f"http://localhost.evil.example:{port}"):
            assert asyncio.run(refused(origin)), origin
        message = asyncio.run(told())
        assert message["path"] == "content/news/first.md", message
        # the rest of the site rebuilt (the list shows the new title) before the server is stopped: a Ctrl+C in the
        # middle of a rebuild is sometimes not heeded (noted in docs/开发.md), which is not what this test is about
        wait_for(lambda: "改过的新闻" in fetch(base + "/news/")[1], timeout=30)
    finally:
        proc.send_signal(signal.SIGINT)
        output = proc.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert "\x1b" not in output and "\x07" not in output and "浏览器已打开" in output and "\\x1b[2J" in output, output
