"""Delete a folder the generator left beside the site (an old site, a staging folder), also when it, or
something in it, is read-only: an ordinary user may not delete entries of a folder without write permission,
which root never notices. Run as `python -m gongkai.remove FOLDER` it works in the background and, when it
cannot finish, leaves FOLDER.failed saying why, for the next build to report."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path


def remove_tree(folder: Path) -> str | None:
    """Delete folder; why it could not be (None when it is gone)."""
    try:
        shutil.rmtree(folder)
        return None
    except FileNotFoundError:
        return None
    except OSError:
        pass
    _writable(str(folder))
    for dirpath, dirnames, _ in os.walk(folder):  # top down: a folder is opened up before it is entered
        for name in dirnames:
            _writable(os.path.join(dirpath, name))
    try:
        shutil.rmtree(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{_REASONS.get(exc.errno, exc.strerror)}（{exc.filename}）"
    return None


_REASONS = {13: "没有权限", 1: "没有权限", 16: "文件正在使用", 30: "磁盘是只读的"}


def _writable(path: str) -> None:
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISDIR(mode) and mode & stat.S_IRWXU != stat.S_IRWXU:
            os.chmod(path, mode | stat.S_IRWXU)
    except OSError:
        pass  # not ours: the second attempt says so


def failure_note(folder: Path) -> Path:
    return folder.with_name(folder.name + ".failed")


if __name__ == "__main__":
    target = Path(sys.argv[1])
    reason = remove_tree(target)
    if reason is not None:
        failure_note(target).write_text(reason, "utf-8")
