"""Run one invalid fixture case: the minimal site with the case's files laid over it."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from gongkai.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sites"
REPO = Path(__file__).resolve().parent.parent
SPECIAL = {"expected_problems.txt", "args.txt", "remove.txt", "site-yml.txt", "templates.txt"}


def case_names() -> list[str]:
    return sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def prepare(case: str, dest: Path) -> tuple[Path, list[str]]:
    """Lay the case over a copy of the minimal site; return the root and extra CLI arguments."""
    src = FIXTURES / "invalid" / case
    shutil.copytree(FIXTURES / "minimal", dest, symlinks=True)
    shutil.copytree(REPO / "templates", dest / "templates")
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if str(rel) in SPECIAL or path.is_dir():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            target.symlink_to(path.readlink())
        else:
            shutil.copyfile(path, target)
    if (src / "site-yml.txt").exists():  # "old => new" per line, applied to the minimal site.yml
        _patch(dest / "site.yml", (src / "site-yml.txt").read_text("utf-8").splitlines())
    if (src / "templates.txt").exists():  # "file.html: old => new" per line, applied to the project's templates
        for line in (src / "templates.txt").read_text("utf-8").splitlines():
            name, _, change = line.partition(": ")
            _patch(dest / "templates" / name, [change])
    if (src / "remove.txt").exists():
        for line in (src / "remove.txt").read_text("utf-8").split():
            shutil.rmtree(dest / line) if (dest / line).is_dir() else (dest / line).unlink()
    args = (src / "args.txt").read_text("utf-8").split() if (src / "args.txt").exists() else []
    return dest, args


def _patch(path: Path, changes: list[str]) -> None:
    text = path.read_text("utf-8")
    for change in changes:
        old, new = change.split(" => ")
        assert old in text, old
        text = text.replace(old, new.replace("\\n", "\n"))
    path.write_text(text, "utf-8")


def run(case: str, dest: Path) -> tuple[int, str]:
    root, args = prepare(case, dest)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(root), "build", "--out", str(root / "site"), "--today", "2020-03-31", *args])
    return code, err.getvalue()
