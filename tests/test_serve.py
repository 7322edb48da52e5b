"""The preview server: serves the site, rebuilds on edits, keeps the last good site on failure."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import REPO
from gongkai.serve import resolve_request


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
