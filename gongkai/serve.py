"""Preview server: livereload around the preview's rebuilds, keeping the last good site on failure."""

from __future__ import annotations

import ipaddress
import queue
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from gongkai.http_app import LIVE_SCRIPT, make_app, server_class
from gongkai.pipeline import BuildOptions
from gongkai.preview import Preview
from gongkai.problems import Problems

WATCHED = ("content", "templates", "site.yml")


def preview_folder(root: Path) -> Path:
    """Where the preview builds and serves from: a folder of its own, so that site/ only ever holds what
    `build` made (with its search index) and an editor who previews and then publishes site/ ships that."""
    return root / ".cache" / "preview"
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
                    self.reload_path = self._shown(changed)
                    loop.add_callback(callback)

                def first_look() -> None:  # the edited page is ready before the rest of the site
                    print("已先更新正在编辑的页面，其余页面正在重新生成……", file=sys.stderr, flush=True)
                    reload()

                self.state.rebuild(self.make_options(), changed, first_look, reload)
                self.reload_path = self._shown(changed)
                loop.add_callback(callback)

        threading.Thread(target=builds, daemon=True).start()
        return True  # livereload does not poll

    def _shown(self, changed: set[Path]) -> str:
        """What the browsers are told changed: a path inside the project, never where it is on this computer."""
        first = min(changed)
        return first.relative_to(self.root).as_posix() if first.is_relative_to(self.root) else first.name

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


def serve(root: Path, host: str, port: int, make_options: Callable[[], BuildOptions],
          api: Callable[[bytes], tuple[int, object]] | None = None) -> int:
    from livereload.handlers import LiveReloadHandler

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
    server = server_class(port)(app=make_app(state, port, api, LIVE_SCRIPT), watcher=watcher)
    print(f"预览地址：http://{host}:{port}/ （按 Ctrl+C 停止）；编辑后台：http://{host}:{port}/admin/", file=sys.stderr,
          flush=True)
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
