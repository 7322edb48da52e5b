"""Preview server: livereload around the preview's rebuilds, keeping the last good site on failure."""

from __future__ import annotations

import html
import ipaddress
import logging
import re
import mimetypes
import queue
import sys
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from gongkai.preview import Preview
from gongkai.model.urls import NOT_FOUND, out_path
from gongkai.pipeline import BuildOptions
from gongkai.problems import ERROR, WARNING, Problems

WATCHED = ("content", "templates", "site.yml")


def preview_folder(root: Path) -> Path:
    """Where the preview builds and serves from: a folder of its own, so that site/ only ever holds what
    `build` made (with its search index) and an editor who previews and then publishes site/ ships that."""
    return root / ".cache" / "preview"
# The preview adds livereload's inline script and the problem box; the published pages keep the strict policy.
CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')
PREVIEW_CSP = (b'<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' '
               b'\'unsafe-inline\' \'wasm-unsafe-eval\'; style-src \'self\' \'unsafe-inline\'; img-src \'self\' data:; '
               b'connect-src \'self\' ws: wss:; object-src \'none\'">')


class PreviewState:
    """What the server shows: the output folder and the problems of the last rebuild (`failure` when it
    stopped, `warnings` when it went through with some)."""

    def __init__(self, preview: Preview):
        self.preview = preview
        self.out_dir = preview.options.out_dir
        self.failure: Problems | None = None
        self.warnings: Problems | None = None
        self.lock = threading.Lock()

    def rebuild(self, options: BuildOptions, changed: set[Path] | None = None,
                first_look: Callable[[], None] | None = None, shown: Callable[[], None] | None = None) -> bool:
        """The build, after the saves in `changed` (the edited page shown first where it can be). When files
        are left out for their errors, their problems are shown at once (`shown` reloads the browsers) while
        the rest of the site is still being checked."""
        printed: set = set()

        def early(problems: Problems) -> None:
            with self.lock:
                self.failure = problems
            print(problems.report(site_updated=False) + "\n正在检查网站的其余部分……", file=sys.stderr, flush=True)
            printed.update(problems.sorted())
            if shown is not None:
                shown()

        try:
            update = (self.preview.full(options, early) if changed is None
                      else self.preview.update(changed, options, first_look, early))
            problems = update.problems
        except Exception:  # keep serving the last good site; the crash is shown, not fatal
            import traceback

            problems = Problems()
            problems.error("GK999", "", 0, "这是 gongkai 的缺陷，请报告：\n" + traceback.format_exc())
        with self.lock:
            self.failure = problems if problems.has_errors() else None
            self.warnings = problems if problems.items and not problems.has_errors() else None
        if problems.items:  # the files left out were printed first, as soon as they were found: not again
            print(problems.report(site_updated=not problems.has_errors(), shown=frozenset(printed)), file=sys.stderr,
                  flush=True)
        else:
            print("网站已更新。", file=sys.stderr, flush=True)
        return not problems.has_errors()


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
        if ctype.startswith("text/html"):
            body = CSP.sub(PREVIEW_CSP, body, count=1)
            if shown is not None:
                body = body.replace(b"</body>", overlay(shown) + b"</body>", 1)
        start_response(status, [("Content-Type", ctype), ("Cache-Control", "no-store")])
        return [body]

    return app


class SaveWatcher:
    """Rebuild once per burst of saves, as soon as the burst is over, then tell the browsers to reload.

    The operating system reports saves (inotify on Linux, through watchfiles), so the preview does not
    poll tens of thousands of files; a build runs in its own thread, so pages are served meanwhile, and
    saves made during a build are taken together by the next one."""

    QUIET = 0.1  # seconds: a burst of saves is over when no saved file is younger than this

    def __init__(self, root: Path, state: PreviewState, make_options: Callable[[], BuildOptions]):
        self.root, self.state, self.make_options = root, state, make_options
        self.saved: queue.Queue[set[Path]] = queue.Queue()
        self.reload_path: str | None = None
        self.filepath: str | None = None  # what livereload tells the browsers changed
        self._changes: list = []  # livereload's start-up message lands here; the first build covers it
        self._tasks = {"gongkai": None}  # livereload would otherwise watch the working directory too

    def watch(self) -> None:
        """Start watching content/, templates/ and site.yml, and return once the system reports their saves.
        Called before the first build: a save made while it runs is built next, and a save made as soon as
        the first page is served is not lost to a watcher still starting."""
        trees = [self.root / name for name in WATCHED if (self.root / name).is_dir()]
        ready = [threading.Event(), threading.Event()]
        threading.Thread(target=self._watch, args=(trees, True, ready[0]), daemon=True).start()
        threading.Thread(target=self._watch, args=([self.root], False, ready[1]), daemon=True).start()  # site.yml
        for event in ready:
            event.wait(timeout=10)

    def start(self, callback: Callable[[], None]) -> bool:
        """Called by livereload on the server's loop: build what was saved, and call back on that loop."""
        from tornado.ioloop import IOLoop

        loop = IOLoop.current()

        def builds() -> None:
            while True:
                changed = self.saved.get()
                while True:  # saved while the last build ran, or still being saved: one build for all of them
                    while not self.saved.empty():
                        changed |= self.saved.get()
                    wait = _newest(changed) + self.QUIET - time.time()
                    if wait <= 0:
                        break
                    time.sleep(min(wait, self.QUIET))
                def reload() -> None:
                    self.reload_path = min(changed).as_posix()
                    loop.add_callback(callback)

                def first_look() -> None:  # the edited page is ready before the rest of the site
                    print("已先更新正在编辑的页面，其余页面正在重新生成……", file=sys.stderr, flush=True)
                    reload()

                self.state.rebuild(self.make_options(), changed, first_look, reload)
                self.reload_path = min(changed).as_posix()
                loop.add_callback(callback)

        threading.Thread(target=builds, daemon=True).start()
        return True  # livereload does not poll

    def _watch(self, paths: list[Path], recursive: bool, ready: threading.Event) -> None:
        import watchfiles

        if recursive:
            keep = watchfiles.DefaultFilter()
        else:
            keep = lambda change, path: Path(path).name == "site.yml"
        # watchfiles groups a burst by the set of files it touches, so saving one file again and again comes in
        # a batch every two steps; the builder above waits for the files themselves to be quiet. Its first
        # answer, a batch or an idle timeout, comes from a watcher already in place: then it is ready.
        try:
            for changes in watchfiles.watch(*paths, watch_filter=keep, step=25, recursive=recursive,
                                            rust_timeout=100, yield_on_timeout=True):
                ready.set()
                if changes:
                    self.saved.put({Path(path) for _, path in changes})
        finally:
            ready.set()  # a watcher that could not start does not hold up the preview

    def examine(self) -> tuple[str | None, None]:
        self._changes.clear()
        self.filepath, self.reload_path = self.reload_path, None
        return self.filepath, None


def _newest(paths: set[Path]) -> float:
    """The latest modification time among the files that still exist."""
    newest = 0.0
    for path in paths:
        try:
            newest = max(newest, path.stat().st_mtime)
        except OSError:
            pass
    return newest


# What livereload logs, in the editor's words; the rest of its English start-up lines are dropped.
LOG_LINES = (
    (re.compile(r"Browser Connected: (.*)"), "浏览器已打开 {0}"),
    (re.compile(r"Reload (\d+) waiters: (.*)"), "已通知 {0} 个打开的页面刷新"),
    (re.compile(r"Shutting down.*"), "预览已停止。"),
)


class ChineseLog(logging.Handler):
    """livereload's and tornado's log records as Chinese lines on the terminal."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for pattern, text in LOG_LINES:
            found = pattern.fullmatch(message)
            if found:
                print(text.format(*found.groups()), file=sys.stderr, flush=True)
                return
        if record.levelno >= logging.WARNING:
            print(f"预览服务器出错：{message}", file=sys.stderr, flush=True)


def serve(root: Path, host: str, port: int, make_options: Callable[[], BuildOptions]) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    class QuietServer(Server):
        def _setup_logging(self) -> None:  # livereload's own set-up prints English: ours instead
            handler = ChineseLog()
            for name in ("livereload", "tornado"):
                logger = logging.getLogger(name)
                logger.handlers[:] = [handler]
                logger.propagate = False
            logging.getLogger("livereload").setLevel(logging.INFO)
            logging.getLogger("tornado").setLevel(logging.WARNING)
            logging.getLogger("tornado.access").setLevel(logging.ERROR)  # a missing page is no server error

    if not ipaddress.ip_address(_ip(host)).is_loopback:
        print(f"警告：预览服务器绑定在 {host}，局域网内其他电脑也能访问未发布的内容。", file=sys.stderr)
    options = make_options()
    state = PreviewState(Preview(options))
    watcher = SaveWatcher(root, state, make_options)
    watcher.watch()
    state.rebuild(options)
    # livereload drops a reload that comes within 3 s of the last one, so a second quick save would leave the
    # browser stale; we already rebuild once per burst, so no throttle is needed.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    server = QuietServer(app=make_app(state), watcher=watcher)
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
