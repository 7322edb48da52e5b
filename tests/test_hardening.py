"""Hostile input, property-based fuzzing, faults mid-build, the preview server under stress, determinism."""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongkai.write
from conftest import REPO, copy_example, copy_site, run_build
from htmlscan import scan_file

NEWS = "---\ntitle: {title}\npublished: 2019-08-01 10:00\norgan: 县政府\n---\n{body}\n"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- hostile content ------------------------------------------------------------------------

HOSTILE = """正文<script>alert(1)</script>
<iframe src="https://evil.example/"></iframe>
<style>body{display:none}</style>
<a href="javascript:alert(2)">点我</a> <img src="x.png" onerror="alert(3)" alt="图">
<p onclick="alert(4)" style="color:red">段落</p>
<table><tr><th>表头</th></tr><tr><td>单元格<sup>1</sup><sub>2</sub></td></tr></table>
[普通链接](https://www.sc.gov.cn/)
"""


def test_hostile_markdown_and_front_matter_are_rendered_harmless(make_site):
    root = make_site({"content/news/evil.md": NEWS.format(title='<script>alert("t")</script>标题', body=HOSTILE),
                      "content/news/x.png": b"\x89PNG\r\n"})
    result = run_build(root)
    assert result.written, result.problems.report()
    page = scan_file(root / "site/news/evil/index.html")
    scripts = [a.get("src") for t, a in page.tags if t == "script"]
    assert scripts == ["../../static/js/care.js"]
    assert not [t for t, a in page.tags if t in ("iframe", "style", "object", "embed")]
    for tag, attrs in page.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        assert not any(str(v).strip().lower().startswith("javascript:") for v in attrs.values()), (tag, attrs)
    assert page.h1 == ['<script>alert("t")</script>标题']  # shown as text, never run
    assert "表头" in page.text and any(t == "sup" for t, _ in page.tags) and any(t == "th" for t, _ in page.tags)
    assert "https://www.sc.gov.cn/" in page.links
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "script-src 'self'" in csp[0]["content"] and "unsafe-inline" not in csp[0]["content"]


def test_no_template_uses_inline_scripts_handlers_or_styles():
    import re

    for path in (REPO / "templates").rglob("*.html"):
        text = path.read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text), f"{path}: inline script"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{path}: inline event handler"
        assert not re.search(r"\sstyle\s*=", text), f"{path}: inline style"


# --- property-based ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_root():
    with tempfile.TemporaryDirectory() as tmp:
        yield copy_site(Path(tmp) / "site")


def build_quietly(root: Path):
    return run_build(root, write=False, today=date(2020, 3, 31))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_give_a_page_or_a_problem(fuzz_root, data):
    path = fuzz_root / "content/news/fuzz.md"
    path.write_bytes(data)
    try:
        result = build_quietly(fuzz_root)  # a crash would raise here
    finally:
        path.unlink()
    assert result.problems.items or result.counts


FIELDS = ("title", "published", "organ", "summary", "keywords", "slug", "draft", "weight", "expires", "columns",
          "plan_task", "attachments", "kind", "source")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=40))
def test_any_text_in_any_field_gives_a_page_or_a_problem(fuzz_root, field, value):
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    lines = {"title": "标题", "published": "2019-08-01", "organ": "县政府"}
    lines[field] = quoted
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in lines.items()) + "---\n正文\n"
    path = fuzz_root / "content/news/fuzz.md"
    path.write_text(text, "utf-8")
    try:
        result = build_quietly(fuzz_root)
    finally:
        path.unlink()
    assert result.problems.items or result.counts


# --- faults -----------------------------------------------------------------------------------

def build_cmd(root: Path) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--root", str(root), "build"]


def test_killing_the_build_leaves_the_old_or_the_new_site(tmp_path):
    root = copy_example(tmp_path / "site-root")
    news = root / "content/zwdt/tjh-20190726.md"
    original = news.read_text("utf-8")
    versions = {}
    for name in ("A", "B"):
        news.write_text(original.replace("全县政务公开工作推进会召开", f"推进会召开（版本{name}）"), "utf-8")
        subprocess.run(build_cmd(root), check=True, capture_output=True)
        versions[name] = tree(root / "site")
    assert versions["A"] != versions["B"]
    rng = random.Random(20200331)
    outcomes = set()
    for round_ in range(6):
        name = "A" if round_ % 2 == 0 else "B"
        news.write_text(original.replace("全县政务公开工作推进会召开", f"推进会召开（版本{name}）"), "utf-8")
        proc = subprocess.Popen(build_cmd(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = tree(root / "site")
        assert now in (versions["A"], versions["B"]), f"round {round_}: site/ is neither complete version"
        outcomes.add("A" if now == versions["A"] else "B")
    subprocess.run(build_cmd(root), check=True, capture_output=True)  # the next build cleans up after a kill
    assert not list(root.glob("site.staging-*")) and not list(root.glob("site.old-*"))


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(), reason="needs Linux /proc")
def test_a_killed_build_takes_its_render_workers_with_it(make_site):
    body = "".join(f"## 第{j}节\n\n- 要点：*政务公开*第{j}项\n- 进度：`{j}`\n\n" for j in range(150))  # ~20 ms each
    news = {f"content/news/k{i:03d}.md": f"---\ntitle: 第{i}条\npublished: 2019-07-01 10:00\norgan: 县政府\n---\n{body}{i}\n"
            for i in range(400)}
    root = make_site(news)
    proc = subprocess.Popen(build_cmd(root) + ["--no-search"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, workers = time.monotonic() + 60, set()
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)  # the prerender helper, then the render pool
        time.sleep(0.01)
    assert len(workers) >= 2, "the build ended before its workers could be seen"
    time.sleep(0.3)  # into their chunks: left to themselves, they would render on to the chunk's end and beyond
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(0.1)
    assert not any(map(_alive, workers))


def test_full_disk_is_a_clear_error_and_the_site_is_untouched(make_site, monkeypatch):
    root = make_site()
    run_build(root)
    before = tree(root / "site")
    real, real_open = Path.write_bytes, open
    calls = {"n": 0}

    def fill(self, data):
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(28, "No space left on device", str(self))
        return real(self, data)

    def opening(path, mode="r", *args, **kwargs):  # the render workers write pages with open()
        if "w" in mode:
            calls["n"] += 1
            if calls["n"] > 5:
                raise OSError(28, "No space left on device", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "write_bytes", fill)
    monkeypatch.setattr(gongkai.write, "open", opening, raising=False)
    (root / "content/news/first.md").write_text(NEWS.format(title="新标题", body="x"), "utf-8")
    result = run_build(root)
    monkeypatch.undo()
    [error] = result.problems.errors
    assert error.code == "GK503" and "磁盘空间已满" in error.message
    assert tree(root / "site") == before and not list(root.glob("site.staging-*"))


# --- the preview server ---------------------------------------------------------------------------

def raw_get(port: int, path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return data


def test_preview_server_survives_breakage_bursts_and_traversal(make_site, tmp_path):
    from test_serve import fetch, free_port, wait_for

    root = make_site()
    (tmp_path / "secret.txt").write_text("机密", "utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    base = f"http://127.0.0.1:{port}"
    builds = lambda: log.read_text("utf-8").count("网站已更新")  # noqa: E731
    try:
        wait_for(lambda: fetch(base + "/")[0] == 200)
        # a template syntax error: the last good site stays served, the problem is shown
        template = root / "templates/single.html"
        good = template.read_text("utf-8")
        template.write_text(good.replace("{{ page.title }}", "{{ page.title }", 1), "utf-8")
        wait_for(lambda: "GK401" in fetch(base + "/news/first/")[1])
        template.write_text(good, "utf-8")
        wait_for(lambda: "gongkai-problems" not in fetch(base + "/news/first/")[1])
        # a deleted file and a renamed folder
        (root / "content/news/first.md").unlink()
        wait_for(lambda: fetch(base + "/news/first/")[0] == 404)
        (root / "content/news").rename(root / "content/dongtai")
        text = (root / "site.yml").read_text("utf-8").replace("  news: news", "  dongtai: news").replace("[news, gk, plan]", "[dongtai, gk, plan]")
        (root / "site.yml").write_text(text, "utf-8")
        wait_for(lambda: "GK303" in fetch(base + "/")[1])  # the home page still links to the old folder
        home = root / "content/_index.md"
        home.write_text(home.read_text("utf-8").replace("news/_index.md", "dongtai/_index.md"), "utf-8")
        wait_for(lambda: fetch(base + "/dongtai/")[0] == 200)
        # a burst of 100 saves in a second: one rebuild, once the burst is over
        from gongkai.serve import SaveWatcher

        time.sleep(2)
        before = builds()
        item = root / "content/gk/items/budget.md"
        body = item.read_text("utf-8")
        saved = []
        for i in range(100):
            item.write_text(body + f"\n第 {i} 次保存\n", "utf-8")
            saved.append(time.monotonic())
            time.sleep(0.002)
        wait_for(lambda: "第 99 次保存" in fetch(base + "/gk/items/budget/")[1])
        time.sleep(2)
        # a machine stalled in mid-burst makes a quiet moment: the saves before it are built then
        stalls = sum(b - a > SaveWatcher.QUIET for a, b in zip(saved, saved[1:]))
        assert 1 <= builds() - before <= 1 + stalls, stalls
        # nothing outside the output folder is served, however the path is written
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt",
                     "//etc/passwd", "/../../../../etc/passwd", "/site/../../secret.txt"):
            response = raw_get(port, path)
            assert "机密".encode() not in response and b"root:" not in response, path
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_preview_server_warns_when_bound_beyond_this_machine(make_site):
    root = make_site()
    from test_serve import free_port

    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--host", "0.0.0.0",
                             "--port", str(free_port())], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        seen = ""
        while time.monotonic() < deadline and "预览地址" not in seen:
            seen += proc.stdout.readline()
        assert "警告：预览服务器绑定在 0.0.0.0" in seen
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- determinism ---------------------------------------------------------------------------------

def test_builds_in_different_folders_seeds_and_creation_orders_are_identical(tmp_path):
    first = copy_example(tmp_path / "one")
    second = tmp_path / "two"
    second.mkdir()
    shutil.copyfile(REPO / "site.yml", second / "site.yml")
    shutil.copytree(REPO / "templates", second / "templates")
    files = sorted((REPO / "content").rglob("*"), reverse=True)  # created in the opposite order
    for path in files:
        target = second / "content" / path.relative_to(REPO / "content")
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    for root, seed in ((first, "1"), (second, "4242")):
        subprocess.run(build_cmd(root), check=True, capture_output=True, env=dict(os.environ, PYTHONHASHSEED=seed))
    assert tree(first / "site") == tree(second / "site")
    assert any(name.startswith("pagefind/") for name in tree(first / "site"))
