"""The preview's web side: pages from the preview folder with the problem box, answered only to this
computer's own address, and livereload's server around them, speaking Chinese."""

from __future__ import annotations

import html
import ipaddress
import json
import logging
import mimetypes
import re
import sys
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from gongkai.model.urls import NOT_FOUND, out_path
from gongkai.problems import ERROR, WARNING, Problems

# The preview adds livereload's inline script and the problem box; the published pages keep the strict policy.
CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')
PREVIEW_CSP = (b'<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' '
               b'\'unsafe-inline\' \'wasm-unsafe-eval\'; style-src \'self\' \'unsafe-inline\'; img-src \'self\' data: blob:; '
               b'connect-src \'self\' ws: wss:; object-src \'none\'">')


def overlay(problems: Problems) -> bytes:
    """A box listing the problems, injected into every served page: while the build is broken, the errors
    that stopped it first, then the warnings; when it went through with warnings, those alone, in a box that
    stays folded until opened (a county site can have many)."""
    def listed(severity: str) -> str:
        return "".join(f"<li>{html.escape(p.format())}</li>" for p in problems.sorted() if p.severity == severity)

    warnings = listed(WARNING)
    style = ('position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;padding:.6em 1em;z-index:99999;'
             'font:16px/1.6 sans-serif;white-space:pre-wrap;')
    if not problems.has_errors():
        count = len([p for p in problems.sorted() if p.severity == WARNING])
        box = (f'<details id="gongkai-problems" role="status" style="{style}background:#fffbe6;color:#4a3500;'
               f'border-top:4px solid #c90">'
               f"<summary><strong>网站已更新。另有 {count} 个警告（不影响生成），点击查看</strong></summary>"
               f"<ol>{warnings}</ol></details>")
        return box.encode("utf-8")
    box = (
        f'<div id="gongkai-problems" role="alert" style="{style}background:#fff4f4;color:#600;border-top:4px solid #c00">'
        f"<strong>网站未更新，仍显示上一次成功生成的版本。请修改以下错误：</strong><ol>{listed(ERROR)}</ol>"
        + (f"<strong>另有以下警告（不影响生成）：</strong><ol>{warnings}</ol>" if warnings else "")
        + f"<p>{html.escape(problems.summary(False))}</p></div>"
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
    try:
        target = (root.joinpath(*parts)).resolve() if parts else root
        if target != root and root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None
    except (OSError, ValueError):  # a name too long for the disk, or one it cannot hold: no such page
        return None


def own_host(host: str, port: int) -> bool:
    """A Host (or Origin's host) naming this server: localhost or an IP address, with its port. A web page that
    rebinds its own domain name to 127.0.0.1 sends that name, and is refused (it would read unpublished drafts)."""
    name, _, given = host.rpartition(":")
    if given != str(port) or not name:
        return False
    if name.lower() == "localhost":
        return True
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def printable(text: str) -> str:
    """Text from a request with its control characters (terminal escapes among them) shown as \\x.. escapes."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
METHODS = "GET, HEAD, OPTIONS"  # and POST to API_PATH, the 编辑后台's local backend


ADMIN = "/admin/"
API_PATH = "/admin/api/v1"
STATUS_PATH = "/admin/status.json"  # the last rebuild's problems, which the 编辑后台 shows (static/admin/status.js)
mimetypes.add_type("text/yaml", ".yml")
API_LIMIT = 64 * 1024 * 1024  # an attachment is sent base64-encoded: a 48 MB file at most


def _api(environ, start_response, api: Callable, port: int | None) -> list[bytes]:
    """The CMS's requests: from this computer only, and from the preview's own pages (a page of another site
    that posts here carries its own Origin, and is refused)."""
    origin = environ.get("HTTP_ORIGIN", "")
    peer = environ.get("REMOTE_ADDR", "")
    try:
        loopback = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        loopback = False
    if not loopback or (port is not None and not own_host(origin.partition("://")[2], port)):
        return _answer(start_response, "403 Forbidden", "编辑后台只接受本机预览页面的请求。")
    size = int(environ.get("CONTENT_LENGTH") or 0)
    if size > API_LIMIT:
        return _answer(start_response, "413 Payload Too Large", "上传的文件太大。")
    status, answer = api(environ["wsgi.input"].read(size))
    body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
    start_response(f"{status} {'OK' if status == 200 else 'Refused'}", [
        ("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


def _status(start_response, state) -> list[bytes]:
    with state.lock:
        failed, warned = state.failure, state.warnings
    shown = failed or warned
    answer = {"updated": failed is None,
              "problems": [p.format() for p in shown.sorted()] if shown is not None else []}
    body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
    start_response("200 OK", [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store"),
                              ("Content-Length", str(len(body)))])
    return [body]


def _answer(start_response, status: str, text: str, headers: tuple = ()) -> list[bytes]:
    body = text.encode("utf-8")
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                            *headers])
    return [body]


LIVE_SCRIPT = (b'<script>(function(){var s=document.createElement("script");s.src="/livereload.js?port="+'
               b'(window.location.port||80);document.head.appendChild(s);})();</script>')


def make_app(state, port: int | None = None, api: Callable | None = None, live: bytes = b"") -> Callable:
    """`api`: the 编辑后台's local backend (cms_backend.handle, bound to the project), answered at API_PATH;
    `live`: the livereload script, put into every HTML page."""
    def app(environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        if port is not None and not own_host(environ.get("HTTP_HOST", ""), port):
            return _answer(start_response, "403 Forbidden", "预览只接受本机地址（127.0.0.1 或 localhost）的访问。")
        if api is not None and method == "POST" and environ.get("PATH_INFO") == API_PATH:
            return _api(environ, start_response, api, port)
        if method == "OPTIONS":
            start_response("204 No Content", [("Allow", METHODS)])
            return []
        if method not in ("GET", "HEAD"):
            return _answer(start_response, "405 Method Not Allowed", "预览只能浏览。", (("Allow", METHODS),))
        raw = environ.get("PATH_INFO", "/")
        if raw == STATUS_PATH:
            return _status(start_response, state)
        if any(len(part.encode("latin-1", "replace")) > 255 for part in raw.split("/")):
            return _answer(start_response, "414 URI Too Long", "网址太长。")
        if raw == ADMIN + "config.yml" and (state.out_dir / "admin/config.local.yml").is_file():
            raw = ADMIN + "config.local.yml"  # the 编辑后台 beside the preview edits this folder, not the Git server
        target = resolve_request(state.out_dir, raw)
        status = "200 OK"
        if target is None:
            status = "404 Not Found"
            candidate = state.out_dir / out_path(NOT_FOUND)
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
            shown = state.failure or state.warnings
        if ctype.startswith("text/html") and not raw.startswith(ADMIN):  # the 编辑后台 keeps its own policy, and is
            body = CSP.sub(PREVIEW_CSP, body, count=1).replace(b"</head>", live + b"</head>", 1)  # never reloaded
            if shown is not None:
                body = body.replace(b"</body>", overlay(shown) + b"</body>", 1)
        start_response(status, [("Content-Type", ctype), ("Cache-Control", "no-store"),
                                ("Content-Length", str(len(body)))])
        return [] if method == "HEAD" else [body]

    return app


# What livereload logs, in the editor's words; the rest of its English start-up lines are dropped.
LOG_LINES = (
    (re.compile(r"Browser Connected: (.*)"), "浏览器已打开 {0}"),
    (re.compile(r"Reload (\d+) waiters: (.*)"), "已通知 {0} 个打开的页面刷新"),
    (re.compile(r"Shutting down.*"), "预览已停止。"),
)


class ChineseLog(logging.Handler):
    """livereload's and tornado's log records as Chinese lines on the terminal."""

    def emit(self, record: logging.LogRecord) -> None:
        message = printable(record.getMessage())
        for pattern, text in LOG_LINES:
            found = pattern.fullmatch(message)
            if found:
                print(text.format(*found.groups()), file=sys.stderr, flush=True)
                return
        if record.levelno >= logging.WARNING:
            print(f"预览服务器出错：{message}", file=sys.stderr, flush=True)


def server_class(port: int):
    """livereload's Server, speaking Chinese, with every handler limited to the preview's own address and without
    its /forcereload (any page could make the editor's browser reload)."""
    from urllib.parse import urlsplit

    from livereload import Server
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptContainer, LiveScriptInjector
    from tornado import web

    class OwnHostOnly(web.RequestHandler):
        def prepare(self) -> None:
            if not own_host(self.request.host, port):
                raise web.HTTPError(403)

    class LiveReload(LiveReloadHandler):
        prepare = OwnHostOnly.prepare

        def check_origin(self, origin: str) -> bool:  # only the preview's own pages may listen for reloads
            parts = urlsplit(origin)
            return parts.scheme == "http" and own_host(parts.netloc, port)

    class LiveReloadJS(LiveReloadJSHandler, OwnHostOnly):
        pass

    class Pages(web.FallbackHandler):
        def write_error(self, status_code: int, **kwargs) -> None:  # a method tornado itself does not know
            if status_code == 405:
                self.set_header("Allow", METHODS)
            self.finish()

    class Inject(LiveScriptInjector):
        script = LIVE_SCRIPT

    class QuietServer(Server):
        def application(self, port, host, liveport=None, debug=None, live_css=True) -> None:
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            handlers = [(r"/livereload", LiveReload), (r"/livereload.js", LiveReloadJS),
                        # livereload's container would put the script into any file holding </head>, a script
                        # bundle among them: make_app puts it into pages alone (live=LIVE_SCRIPT)
                        (r".*", Pages, {"fallback": LiveScriptContainer(self.app, b"")})]
            web.Application(handlers=handlers, debug=False, transforms=[Inject]).listen(port, address=host)

        def _setup_logging(self) -> None:  # livereload's own set-up prints English: ours instead
            handler = ChineseLog()
            for name in ("livereload", "tornado"):
                logger = logging.getLogger(name)
                logger.handlers[:] = [handler]
                logger.propagate = False
            logging.getLogger("livereload").setLevel(logging.INFO)
            logging.getLogger("tornado").setLevel(logging.WARNING)
            logging.getLogger("tornado.access").setLevel(logging.ERROR)  # a missing page is no server error

    return QuietServer
