"""Pagefind run as a service: one process indexes folder after folder. Its extended build loads its Chinese
dictionary once per process, about a quarter of a second of CPU that the command line would spend again on
every search slice (and its Python wrapper another tenth)."""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import tempfile
import threading
import time
from pathlib import Path


class PagefindFailed(Exception):
    """The service could not be started, stopped answering, or refused a request; the text says why."""


class Service:
    """One Pagefind process, asked one thing at a time (requests and answers are base64 JSON, each ended by
    a comma, as in Pagefind's own Python and Node clients)."""

    def __init__(self, timeout: float):
        from pagefind.service import get_executable  # the same Pagefind `python -m pagefind` would run

        executable = get_executable()
        if executable is None:
            raise PagefindFailed("找不到 Pagefind 程序")
        self.timeout = timeout
        self.log = tempfile.TemporaryFile()  # what it says besides the answers; a pipe left unread could fill up
        try:
            self.process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self.log,
                                            env={**os.environ, "RUST_BACKTRACE": "0"})  # (its reason is the last line)
        except OSError as exc:
            self.log.close()
            raise PagefindFailed(str(exc)) from exc
        self.number = 0
        self.owed: set[int] = set()  # requests sent without waiting: their answers are passed over
        self.answers: queue.Queue[bytes | None] = queue.Queue()  # a thread reads them: no select() on Windows pipes
        self.reader: threading.Thread | None = None  # started at the first question (not before a build forks)

    def warm(self) -> None:
        """Have it load its Chinese dictionary now, on a core the build leaves free, by indexing a few words
        into a first index that is then deleted. Nothing is waited for: the answers stay in the pipe."""
        page = '<html lang="zh-CN"><body><main><p>政务公开</p></main></body></html>'
        for payload in ({"type": "NewIndex", "config": None},
                        {"type": "AddFile", "index_id": 0, "file_path": None, "url": "/", "file_contents": page},
                        {"type": "DeleteIndex", "index_id": 0}):  # (a fresh service numbers its indexes from 0)
            if not self._send(payload):
                return
            self.owed.add(self.number)

    def index(self, site: Path, output: Path) -> int:
        """Index every page under `site` into the bundle folder `output`, as `pagefind --site` would; the
        number of pages indexed."""
        deadline = time.monotonic() + self.timeout
        number = self._ask({"type": "NewIndex", "config": None}, deadline)["index_id"]
        try:
            pages = self._ask({"type": "AddDir", "index_id": number, "path": str(site), "glob": None}, deadline)
            self._ask({"type": "WriteFiles", "index_id": number, "output_path": str(output)}, deadline)
        finally:
            if self.process.poll() is None:
                self._ask({"type": "DeleteIndex", "index_id": number}, deadline)  # its memory, for the next folder
        return int(pages.get("page_count", 0))

    def _send(self, payload: dict) -> bool:
        self.number += 1
        message = base64.b64encode(json.dumps({"message_id": self.number, "payload": payload}).encode("utf-8"))
        try:
            self.process.stdin.write(message + b",")  # type: ignore[union-attr]
            self.process.stdin.flush()  # type: ignore[union-attr]
        except OSError:
            return False
        return True

    def _ask(self, payload: dict, deadline: float) -> dict:
        if self.process.stdout.closed:  # type: ignore[union-attr]
            raise PagefindFailed("Pagefind 已停止")
        if self.reader is None:
            self.reader = threading.Thread(target=self._read_answers, daemon=True)
            self.reader.start()
        if not self._send(payload):
            raise PagefindFailed(self._last_words() or f"Pagefind 意外退出（{self.process.wait()}）")
        answer = json.loads(base64.b64decode(self._read_answer(deadline)))
        while answer.get("message_id") in self.owed:  # (whatever the warming up came to)
            self.owed.discard(answer["message_id"])
            answer = json.loads(base64.b64decode(self._read_answer(deadline)))
        reply = answer.get("payload") or {}
        if reply.get("type") == "Error" or answer.get("message_id") != self.number:
            raise PagefindFailed(str(reply.get("message") or reply))
        return reply

    def _read_answers(self) -> None:
        unread = b""
        try:
            out = self.process.stdout.fileno()  # type: ignore[union-attr]
            while chunk := os.read(out, 1 << 20):
                *answers, unread = (unread + chunk).split(b",")
                for answer in answers:
                    self.answers.put(answer)
        except (OSError, ValueError):  # (closed under it: the build stopped it)
            pass
        self.answers.put(None)  # it ended

    def _read_answer(self, deadline: float) -> bytes:
        try:
            answer = self.answers.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            self.process.kill()
            raise PagefindFailed("超时") from None
        if answer is None:
            self.answers.put(None)
            raise PagefindFailed(self._last_words() or f"Pagefind 意外退出（{self.process.wait()}）")
        return answer

    def _last_words(self) -> str:
        try:
            self.log.seek(0)
            lines = self.log.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        said = [line for line in lines if line.strip() and not line.startswith("note:")]
        return said[-1] if said else ""

    def close(self) -> None:
        try:
            self.process.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.reader is not None:
            self.reader.join(5)  # (it has read to the end: the file can be closed under it)
        self.process.stdout.close()  # type: ignore[union-attr]
        self.log.close()


class Pagefind:
    """The service one indexing thread asks: started when first asked, and again after it failed or had
    indexed `pages_per_process` pages (what it frees of a folder's index is not all handed back: a long-lived
    one grows with every folder, and slows)."""

    def __init__(self, timeout: float, pages_per_process: int):
        self.timeout, self.pages_per_process = timeout, pages_per_process
        self.service: Service | None = None
        self.indexed = 0
        self.killed = False

    def warm(self) -> Pagefind:
        """Start the service now, and have it load its dictionary while the build goes on."""
        try:
            self.service, self.indexed = Service(self.timeout), 0
        except PagefindFailed:
            return self  # told when it is asked to index
        self.service.warm()
        return self

    def index(self, site: Path, output: Path) -> int:
        if self.killed:
            raise PagefindFailed("生成已停止")
        if self.service is None:
            self.service, self.indexed = Service(self.timeout), 0
        try:
            pages = self.service.index(site, output)
        except PagefindFailed:
            self.close()  # in whatever state it was left: the next folder gets a new one
            raise
        self.indexed += pages
        if self.indexed >= self.pages_per_process:
            self.close()
        return pages

    def kill(self) -> None:
        self.killed = True  # not started again
        service = self.service
        if service is not None:
            service.process.kill()  # what it was asked fails at once
        self.close()

    def close(self) -> None:
        service, self.service = self.service, None  # (a thread that found it failed may close it at the same time)
        if service is not None:
            service.close()


class Indexers:
    """The Pagefind processes of one build, one for each thread that indexes, until the build stops them."""

    def __init__(self, timeout: float, pages_per_process: int, warm: bool = False):
        self.timeout, self.pages_per_process = timeout, pages_per_process
        self.spare = [Pagefind(timeout, pages_per_process).warm()] if warm else []
        self.started = list(self.spare)
        self.stopped = False
        self.lock = threading.Lock()

    def take(self) -> Pagefind:
        with self.lock:
            if self.spare:
                return self.spare.pop()
            pagefind = Pagefind(self.timeout, self.pages_per_process)
            self.started.append(pagefind)
            return pagefind

    def stop(self) -> None:
        """Kill them: what they are indexing fails, and nothing more is asked of them."""
        self.stopped = True
        for pagefind in list(self.started):
            pagefind.kill()

    def close(self) -> None:
        for pagefind in list(self.started):
            pagefind.close()
