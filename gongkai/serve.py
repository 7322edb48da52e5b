"""Preview server: livereload around pipeline.build(), keeping the last good site on failure."""

from __future__ import annotations

import html
import ipaddress
import re
import mimetypes
import sys
import threading
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from gongkai.pipeline import BuildOptions, build
from gongkai.problems import Problems

WATCHED = ("content", "templates", "site.yml")
# The preview adds livereload's inline script and the problem box; the published pages keep the strict policy.
CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')
PREVIEW_CSP = (b'<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' '
               b'\'unsafe-inline\' \'wasm-unsafe-eval\'; style-src \'self\' \'unsafe-inline\'; img-src \'self\' data:; '
               b'connect-src \'self\' ws: wss:; object-src \'none\'">')


class PreviewState:
    """What the server shows: the output folder and the problems of the last failed rebuild."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.failure: Problems | None = None
        self.lock = threading.Lock()

    def rebuild(self, options: BuildOptions) -> bool:
        try:
            result = build(options)
            problems = result.problems
        except Exception:  # keep serving the last good site; the crash is shown, not fatal
            import traceback

            problems = Problems()
            problems.error("GK999", "", 0, "这是 gongkai 的缺陷，请报告：\n" + traceback.format_exc())
        with self.lock:
            self.failure = problems if problems.has_errors() else None
        if problems.items:
            print(problems.report(site_updated=not problems.has_errors()), file=sys.stderr, flush=True)
        else:
            print("网站已更新。", file=sys.stderr, flush=True)
        return not problems.has_errors()


def overlay(problems: Problems) -> bytes:
    """A box listing the problems, injected into every served page while the build is broken."""
    items = "".join(f"<li>{html.escape(p.format())}</li>" for p in problems.sorted())
    box = (
        '<div id="gongkai-problems" role="alert" style="position:fixed;left:0;right:0;bottom:0;max-height:50vh;'
        'overflow:auto;background:#fff4f4;color:#600;border-top:4px solid #c00;padding:1em;z-index:99999;'
        'font:16px/1.6 sans-serif;white-space:pre-wrap">'
        f"<strong>网站未更新，仍显示上一次成功生成的版本。请修改以下问题：</strong><ol>{items}</ol>"
        f"<p>{html.escape(problems.summary(False))}</p></div>"
    )
    return box.encode("utf-8")


def resolve_request(out_dir: Path, raw_path: str) -> Path | None:
    """Map a URL path to a file inside out_dir; refuse anything that would leave it."""
    path = unquote(raw_path.split("?", 1)[0])
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    root = out_dir.resolve()
    target = (root.joinpath(*parts)).resolve() if parts else root
    if target != root and root not in target.parents:
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def make_app(state: PreviewState) -> Callable:
    def app(environ, start_response):
        target = resolve_request(state.out_dir, environ.get("PATH_INFO", "/"))
        status = "200 OK"
        if target is None:
            status = "404 Not Found"
            candidate = state.out_dir / "404.html"
            target = candidate if candidate.is_file() else None
        if target is None:
            body = b"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>\xe6\x9c\xaa\xe7\x94\x9f\xe6\x88\x90</title></head><body></body></html>"
            ctype = "text/html; charset=utf-8"
        else:
            body = target.read_bytes()
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
                ctype += "; charset=utf-8"
        with state.lock:
            failure = state.failure
        if ctype.startswith("text/html"):
            body = CSP.sub(PREVIEW_CSP, body, count=1)
            if failure is not None:
                body = body.replace(b"</body>", overlay(failure) + b"</body>", 1)
        start_response(status, [("Content-Type", ctype), ("Cache-Control", "no-store")])
        return [body]

    return app


def serve(root: Path, host: str, port: int, make_options: Callable[[], BuildOptions]) -> int:
    from livereload import Server
    from livereload.watcher import Watcher

    if not ipaddress.ip_address(_ip(host)).is_loopback:
        print(f"警告：预览服务器绑定在 {host}，局域网内其他电脑也能访问未发布的内容。", file=sys.stderr)
    options = make_options()
    state = PreviewState(options.out_dir)

    class OneBuildPerBurst(Watcher):
        """Rebuild once a burst of saves is over: at the first poll that sees no further change."""

        pending: str | None = None

        def examine(self):
            self.dirty = False
            filepath, delay = super().examine()
            if self.dirty:  # still saving: wait for a quiet poll, and tell the browser nothing yet
                self.pending = filepath or self.pending or "*"
                return None, None
            if self.pending is not None:
                changed, self.pending = self.pending, None
                state.rebuild(make_options())
                return changed, delay
            return filepath if filepath == "__livereload__" else None, delay

    # The watcher starts before the first build, so a file saved while that build runs is seen at the first poll.
    watcher = OneBuildPerBurst()
    state.rebuild(options)

    def mark_dirty():
        watcher.dirty = True

    for name in WATCHED:
        path = root / name
        if path.exists():
            watcher.watch(str(path), mark_dirty)
    # livereload drops a reload that comes within 3 s of the last one, so a second quick save would leave the
    # browser stale; we already rebuild once per poll, so no throttle is needed.
    from livereload.handlers import LiveReloadHandler

    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    server = Server(app=make_app(state), watcher=watcher)
    print(f"预览地址：http://{host}:{port}/ （按 Ctrl+C 停止）", file=sys.stderr, flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0


def _ip(host: str) -> str:
    if host == "localhost":
        return "127.0.0.1"
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        import socket

        return socket.gethostbyname(host)
