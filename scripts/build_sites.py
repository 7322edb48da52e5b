#!/usr/bin/env python3
"""Build several sites from one checkout of the theme, in parallel: `python scripts/build_sites.py SITE... [--jobs N]
[--theme templates] [--out-root public] [--check]`.

Each SITE is a folder holding its own `site.yml` and `content/` (a county, a department, a township of a
province's 集约化 platform). The theme's `templates/` is copied into each before its build, so every site is
built with the same theme and each keeps its own `.cache/`; each site is one `build.py` process, as one CI job
per site would run it. Prints one line per site and exits 1 when any site failed, after all have run."""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def sync_theme(theme: Path, site: Path) -> None:
    """Make site/templates the theme's copy: changed files replaced, stale ones removed, the rest untouched (so
    the build's cache still knows them)."""
    target = site / "templates"
    if target.is_symlink() or target.is_file():
        target.unlink()
    for path in sorted(theme.rglob("*")):
        copy = target / path.relative_to(theme)
        if path.is_dir():
            copy.mkdir(parents=True, exist_ok=True)
        elif not copy.is_file() or not filecmp.cmp(path, copy, shallow=False):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
    for copy in sorted(target.rglob("*"), reverse=True):
        if not (theme / copy.relative_to(target)).exists():
            shutil.rmtree(copy) if copy.is_dir() and not copy.is_symlink() else copy.unlink()


def build_one(site: Path, theme: Path, out_root: Path | None, check: bool) -> tuple[Path, int, float, str]:
    start = time.perf_counter()
    sync_theme(theme, site)
    command = [sys.executable, str(REPO / "build.py"), "--root", str(site), "check" if check else "build"]
    if out_root is not None and not check:
        command += ["--out", str(out_root / site.name)]
    result = subprocess.run(command, capture_output=True, text=True)
    last = (result.stdout.strip().splitlines() or result.stderr.strip().splitlines() or [""])[-1]
    return site, result.returncode, time.perf_counter() - start, last if result.returncode == 0 else result.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path, help="site folders, each with site.yml and content/")
    parser.add_argument("--theme", type=Path, default=REPO / "templates", help="the theme's templates folder")
    parser.add_argument("--jobs", type=int, default=2, help="sites built at once (each build uses the cores it finds)")
    parser.add_argument("--out-root", type=Path, default=None, help="write each site to OUT_ROOT/<site folder name>")
    parser.add_argument("--check", action="store_true", help="only check each site")
    args = parser.parse_args(argv)
    missing = [site for site in args.sites if not (site / "site.yml").is_file()]
    if missing:
        print("不是网站文件夹（没有 site.yml）：" + "、".join(map(str, missing)), file=sys.stderr)
        return 2
    failed = 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for site, code, seconds, said in pool.map(lambda s: build_one(s.resolve(), args.theme.resolve(), args.out_root,
                                                                      args.check), args.sites):
            failed += code != 0
            print(f"{'成功' if code == 0 else '失败'}  {site.name}  {seconds:.1f} 秒  {said.strip()}", flush=True)
    print(f"共 {len(args.sites)} 个网站，{len(args.sites) - failed} 个成功，{failed} 个失败。")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
