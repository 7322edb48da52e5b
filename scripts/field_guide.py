#!/usr/bin/env python3
"""Write the editors' field guide into README.md from the field table in gongkai/schema.py.

Run after changing a kind's fields: python scripts/field_guide.py
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai.config import KINDS  # noqa: E402
from gongkai.field_guide import field_guide  # noqa: E402

START, END = "<!-- field-guide:start -->", "<!-- field-guide:end -->"


def main() -> int:
    readme = REPO / "README.md"
    text = readme.read_text("utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(head + START + "\n" + field_guide(KINDS) + END + tail, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
