"""Shared fixtures: small sites built in tmp_path with the project's own templates."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from gongkai.pipeline import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sites"
CLOCK = date(2020, 3, 31)


def copy_site(dest: Path, base: str = "minimal", templates: bool = True) -> Path:
    shutil.copytree(FIXTURES / base, dest, dirs_exist_ok=True, symlinks=True)
    if templates and not (dest / "templates").exists():
        shutil.copytree(REPO / "templates", dest / "templates")
    return dest


def copy_example(dest: Path) -> Path:
    """A copy of the Rong County example site (content, templates, site.yml) at dest."""
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copyfile(REPO / "site.yml", dest / "site.yml")
    return dest


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    for rel, data in files.items():
        path = root / rel
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, "utf-8")


@pytest.fixture
def make_site(tmp_path):
    """make_site(files={...}, base="minimal") -> root of a fresh site in tmp_path."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes | None] | None = None, base: str = "minimal") -> Path:
        root = copy_site(tmp_path / f"site{next(counter)}", base)
        write_files(root, files or {})
        return root

    return make


def run_build(root: Path, write: bool = True, **kw) -> BuildResult:
    kw.setdefault("clock_today", CLOCK)
    kw.setdefault("out_dir", root / "site")
    kw.setdefault("search", False)  # the search index has its own tests; indexing every fixture is slow
    return build(BuildOptions(root=root, write=write, **kw))
