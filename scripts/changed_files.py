#!/usr/bin/env python3
"""What to upload after a build: `python scripts/changed_files.py SITE_DIR MANIFEST [--changed F] [--removed F]`.

The build is deterministic, so a page that did not change has the same bytes as last time; comparing each
file's digest with the manifest of the last upload (a JSON file the CI keeps in its cache) lists only the
files that changed or are new, and those to delete. The new manifest is written beside the old one as
MANIFEST.next: move it over MANIFEST once the upload has succeeded, so that a failed upload is tried again in
full. Prints the counts; the lists hold one path per line, relative to SITE_DIR."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path


def digests(site: Path) -> dict[str, str]:
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            found[path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def compare(site: Path, manifest: Path) -> tuple[list[str], list[str], dict[str, str]]:
    now = digests(site)
    try:
        before = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        before = {}  # the first upload: everything
    changed = [path for path, digest in now.items() if before.get(path) != digest]
    removed = sorted(path for path in before if path not in now)
    return changed, removed, now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--changed", type=Path, default=Path("changed.txt"))
    parser.add_argument("--removed", type=Path, default=Path("removed.txt"))
    args = parser.parse_args(argv)
    changed, removed, now = compare(args.site, args.manifest)
    args.changed.write_text("".join(f"{path}\n" for path in changed), "utf-8")
    args.removed.write_text("".join(f"{path}\n" for path in removed), "utf-8")
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.with_name(args.manifest.name + ".next").write_text(json.dumps(now, indent=0, sort_keys=True), "utf-8")
    print(f"{len(now)} 个文件：{len(changed)} 个新增或改变，{len(removed)} 个已删除，其余不变。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
