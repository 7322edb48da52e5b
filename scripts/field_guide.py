#!/usr/bin/env python3
"""Write the generated parts of docs/ from the code and the example site: the field tables (gongkai/schema.py),
the site.yml table (gongkai/config_file.py) and the editors' guide's example files (content/).

Run after changing a field or an example: python scripts/field_guide.py
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai.config import KINDS  # noqa: E402
from gongkai.field_guide import config_guide, examples, field_guide  # noqa: E402

GENERATED = (  # file, marker, text
    ("docs/参考手册.md", "field-guide", lambda: field_guide(KINDS)),
    ("docs/参考手册.md", "config-guide", config_guide),
    ("docs/编辑手册.md", "examples", lambda: examples(REPO)),
)


def fill(text: str, marker: str, body: str) -> str:
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return head + start + "\n" + body + end + tail


def main() -> int:
    for name, marker, make in GENERATED:
        path = REPO / name
        path.write_text(fill(path.read_text("utf-8"), marker, make()), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
