"""Refresh the vendored Decap CMS bundle in templates/static/admin/decap/ from its npm package, at the pinned version.

    python scripts/vendor_cms.py [--version 3.16.3]

Run by a maintainer with network access (npm); the build and the tests never fetch anything. It keeps the main
bundle, the chunks it loads on demand, its WebAssembly files and the licence texts, and writes VERSION."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

PINNED = "3.16.3"
DEST = Path(__file__).resolve().parent.parent / "templates" / "static" / "admin" / "decap"  # served as /static/admin/decap/
LICENSE = """Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def wanted(name: str) -> bool:
    """decap-cms.js, the chunks it loads (NNN.decap-cms.js), the .wasm files and licence texts; no source maps."""
    return (name == "decap-cms.js" or name.endswith(".decap-cms.js") or name.endswith(".wasm")
            or name == "decap-cms.js.LICENSE.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=PINNED)
    version = parser.parse_args().version
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"decap-cms@{version}", "--silent"], cwd=tmp, check=True)
        with tarfile.open(Path(tmp) / f"decap-cms-{version}.tgz") as archive:
            archive.extractall(tmp, filter="data")
        dist = Path(tmp) / "package" / "dist"
        if DEST.exists():
            shutil.rmtree(DEST)
        DEST.mkdir(parents=True)
        for path in sorted(dist.iterdir()):
            if path.is_file() and wanted(path.name):
                shutil.copy2(path, DEST / path.name)
    (DEST / "LICENSE").write_text(LICENSE, "utf-8")
    (DEST / "VERSION").write_text(f"decap-cms {version} (npm)\n", "utf-8")
    print(f"decap-cms {version}: {sum(1 for _ in DEST.iterdir())} files in {DEST}")


if __name__ == "__main__":
    main()
