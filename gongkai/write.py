"""Write outputs to a staging folder beside site/ and swap it in; never harm the last good site."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path, PurePosixPath

from gongkai.problems import Problems
from gongkai.remove import failure_note, remove_tree
from gongkai.render.search_text import searched
from gongkai.render.views import Output


def check_paths(outputs: list[Output], problems: Problems) -> None:
    """Refuse two outputs at one path, and any path that would leave the output folder."""
    seen: dict[PurePosixPath, Output] = {}
    for output in outputs:
        path = output.out_path
        if path.is_absolute() or ".." in path.parts or not path.parts:
            problems.error("GK502", output.origin, 0, f"输出路径 {path} 会写到网站文件夹以外，已拒绝",
                           "文件名和 slug 中不要使用 .. 或 /")
            continue
        if path in seen:
            first = seen[path].origin
            problems.error("GK501", first, 0, f"与另一个文件生成同一个文件 {path}",
                           "给其中一个文件改名或换个文件夹", others=((output.origin, 0),))
            continue
        seen[path] = output


def recover(out_dir: Path) -> list[tuple[str, str]]:
    """Finish or undo a swap that a killed build left half done, and delete what earlier builds left behind;
    the folders that cannot be deleted (another user's, say), each with the reason."""
    parent = out_dir.parent
    if not parent.is_dir():
        return []
    olds = sorted(parent.glob(f"{out_dir.name}.old-*"))
    if not out_dir.exists() and olds:
        os.rename(olds[-1], out_dir)
        olds = olds[:-1]
    stuck = []
    for leftover in olds + sorted(parent.glob(f"{out_dir.name}.staging-*")):
        reason = remove_tree(leftover)
        if reason:
            stuck.append((leftover.name, reason))
    for trash in sorted(p for p in parent.glob(f"{out_dir.name}.trash-*") if p.suffix != ".failed"):
        note = failure_note(trash)
        if not note.exists():  # a deletion the last build did not finish
            _remove_in_background(trash)
            continue
        reason = remove_tree(trash)  # one a background deletion gave up on: once more, then say so
        if reason:
            stuck.append((trash.name, reason))
        else:
            note.unlink(missing_ok=True)
    for note in parent.glob(f"{out_dir.name}.trash-*.failed"):
        if not note.with_suffix("").exists():
            note.unlink(missing_ok=True)
    return stuck


def tidy(out_dir: Path, problems: Problems) -> None:
    """recover(), saying which leftovers of earlier builds cannot be deleted: every build, a no-op one too."""
    for name, reason in recover(out_dir.absolute()):
        problems.warning("GK508", (out_dir.absolute().parent / name).as_posix(), 0,
                         f"无法删除以前生成留下的文件夹 {name}：{reason}",
                         "请用有权限的账户手动删除它（可能是其他用户或程序建立的）；网站照常生成")


def new_staging(out_dir: Path, problems: Problems) -> Path | None:
    """A fresh, empty staging folder beside out_dir (finishing any interrupted earlier build first)."""
    out_dir = out_dir.absolute()
    staging = out_dir.parent / f"{out_dir.name}.staging-{os.getpid()}"
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tidy(out_dir, problems)
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir()
    except OSError as exc:
        io_error(problems, out_dir, exc)
        return None
    return staging


def stage(outputs: list[Output], out_dir: Path, problems: Problems, staging: Path | None = None) -> Path | None:
    """Write every output not yet written into the staging folder; out_dir itself is not touched."""
    staging = staging or new_staging(out_dir, problems)
    if staging is None:
        return None
    try:
        made: set[Path] = {staging}
        for output in outputs:
            if output.written:
                continue
            target = staging / output.out_path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if output.data is not None:
                target.write_bytes(output.data)
            elif output.source is not None:
                shutil.copyfile(output.source, target)
    except OSError as exc:
        discard(staging)
        io_error(problems, out_dir.absolute(), exc)
        return None
    return staging


def write_output(output: Output, staging: Path, copies: Path | None = None) -> Output:
    """Write one rendered page straight into the staging folder (render workers do this) and keep only its
    description: a county site's pages would otherwise all sit in memory at once. A searchable page's search
    copy goes into `copies`, named by its digest, for the index to take instead of cutting it out again."""
    target = os.path.join(staging, output.out_path)  # (strings, not Paths: a fifth of the time of this, per page)
    folder = os.path.dirname(target)
    try:
        os.mkdir(folder)  # most pages are a folder's index.html: the folder is new
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(output.data)
    if not output.searchable:
        return replace(output, data=None, text=None, written=True, digest=hashlib.sha256(output.data).hexdigest())
    copy, digest = searched(output.data)
    if copy is not None and copies is not None:
        try:
            with open(os.path.join(copies, digest), "wb") as handle:
                handle.write(copy)
        except OSError:
            pass  # the index cuts it out of the page
    return replace(output, data=None, text=None, written=True, digest=digest)


def discard(staging: Path) -> None:
    remove_tree(staging)


def _remove_later(folder: Path, out_dir: Path) -> None:
    """Delete the previous site in the background: a county site has tens of thousands of files and the
    new site is already in place. A deletion cut short (the build ended first) is finished by recover() at
    the next build."""
    trash = out_dir.parent / f"{out_dir.name}.trash-{os.getpid()}-{time.monotonic_ns()}"  # the preview swaps often
    try:
        os.rename(folder, trash)
    except OSError:
        remove_tree(folder)
        return
    _remove_in_background(trash)


def _remove_in_background(folder: Path) -> None:
    """Delete a folder with shutil.rmtree in a process of its own, which outlives the command: a thread in
    this one would compete with the build for the interpreter (a tenth slower rebuilds at 10,000 items). A
    deletion cut short is finished at the next build."""
    try:
        subprocess.Popen([sys.executable, "-m", "gongkai.remove", str(folder)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        reason = remove_tree(folder)
        if reason:
            failure_note(folder).write_text(reason, "utf-8")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        rename = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return rename(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap(staging: Path, out_dir: Path, problems: Problems) -> bool:
    """Put the staged site in place of out_dir. Where the system can exchange two folders atomically,
    out_dir is at every moment either the old or the new complete site; elsewhere two renames are used
    and recover() finishes a swap that was interrupted between them."""
    out_dir = out_dir.absolute()
    if out_dir.is_dir() and not out_dir.is_symlink() and _exchange(staging, out_dir):
        _remove_later(staging, out_dir)  # it now holds the previous site
        return True
    old = out_dir.parent / f"{out_dir.name}.old-{os.getpid()}"
    try:
        if out_dir.exists():
            os.rename(out_dir, old)
        os.rename(staging, out_dir)
    except OSError as exc:
        if old.exists() and not out_dir.exists():
            os.rename(old, out_dir)
        discard(staging)
        io_error(problems, out_dir, exc)
        return False
    remove_tree(old)
    return True


def write_site(outputs: list[Output], out_dir: Path, problems: Problems) -> bool:
    """Stage and swap in one go (no post-processing of the staged tree)."""
    staging = stage(outputs, out_dir, problems)
    return staging is not None and swap(staging, out_dir, problems)


def io_error(problems: Problems, out_dir: Path, exc: OSError) -> None:
    reason, fix = {errno.ENOSPC: ("磁盘空间已满", "腾出磁盘空间后重新生成"),
                   errno.EACCES: ("没有写入权限", "检查网站文件夹及其上级文件夹的权限后重新生成"),
                   errno.EPERM: ("没有写入权限", "检查网站文件夹及其上级文件夹的权限后重新生成"),
                   errno.EROFS: ("磁盘是只读的", "换一个可写的输出文件夹（--out）"),
                   errno.ENAMETOOLONG: ("文件名或路径太长", "把输出文件夹放在较短的路径下，或缩短过长的文件名、slug")
                   }.get(exc.errno or 0, (str(exc.strerror or exc), "检查磁盘和文件夹权限后重新生成"))
    problems.error("GK503", str(out_dir), 0, f"无法写出网站：{reason}（{exc.filename or out_dir}）",
                   f"{fix}；原有网站未被改动")
