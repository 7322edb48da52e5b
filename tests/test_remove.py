"""remove and the leftovers of earlier builds, as an ordinary user: CI runs as root, which ignores permissions,
so the builds here run as root without the capabilities that let it (setpriv), as any other user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, copy_site

NOBODY = 65534


def as_ordinary_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to run the build as root without its powers"
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]


def build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(as_ordinary_user([sys.executable, str(REPO / "build.py"), "--root", str(root), "build",
                                            "--no-search"]), capture_output=True, text=True, timeout=300)


def read_only(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True) + [folder]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(("site.trash-", "site.old-", "site.staging-")))


def wait_until_gone(root: Path, timeout: float = 20) -> list[str]:
    deadline = time.monotonic() + timeout
    while leftovers(root) and time.monotonic() < deadline:
        time.sleep(0.1)
    return leftovers(root)


def test_the_restricted_run_really_meets_permissions(tmp_path):
    locked = tmp_path / "locked"
    (locked / "sub").mkdir(parents=True)
    (locked / "sub/f").write_text("x", "utf-8")
    read_only(locked)
    code = "import shutil, sys\ntry:\n    shutil.rmtree(sys.argv[1])\nexcept PermissionError:\n    sys.exit(3)"
    assert subprocess.run(as_ordinary_user([sys.executable, "-c", code, str(locked)])).returncode == 3
    result = subprocess.run(as_ordinary_user([sys.executable, "-m", "gongkai.remove", str(locked)]), cwd=REPO)
    assert result.returncode == 0 and not locked.exists()  # the user owns it: opened up, then deleted


def test_a_read_only_old_site_is_replaced_and_leaves_nothing_behind(tmp_path):
    root = copy_site(tmp_path / "r", "minimal")
    first = build(root)
    assert first.returncode == 0, first.stderr
    read_only(root / "site")  # as a deployment that locks the published copy leaves it
    (root / "content/news/first.md").write_text((root / "content/news/first.md").read_text("utf-8")
                                                 .replace("第一条新闻", "改过的新闻"), "utf-8")
    second = build(root)
    assert second.returncode == 0, second.stderr
    assert "改过的新闻" in (root / "site/news/first/index.html").read_text("utf-8")
    assert wait_until_gone(root) == []


def test_a_leftover_the_user_cannot_remove_is_reported_at_the_next_build_and_removed_when_it_can_be(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs another user's folder, which only root can make")
    root = copy_site(tmp_path / "r", "minimal")
    theirs = root / "site.trash-999-1"
    (theirs / "news").mkdir(parents=True)
    (theirs / "news/index.html").write_text("old", "utf-8")
    for path in (theirs / "news/index.html", theirs / "news", theirs):
        os.chown(path, NOBODY, NOBODY)
    read_only(theirs)
    first = build(root)  # its background deletion gives up and leaves a note
    assert first.returncode == 0, first.stderr
    deadline = time.monotonic() + 20
    while not (root / "site.trash-999-1.failed").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    second = build(root)
    assert second.returncode == 0 and "警告 GK508: 无法删除以前生成留下的文件夹 site.trash-999-1：没有权限" in second.stdout \
        + second.stderr, second.stdout + second.stderr
    assert theirs.exists()
    third = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--no-search"],
                           capture_output=True, text=True, timeout=300)  # an administrator's run
    assert third.returncode == 0 and "GK508" not in third.stdout + third.stderr
    assert wait_until_gone(root) == []
