#!/usr/bin/env python3
"""Regenerate tests/fixtures/sites/invalid/*/expected_problems.txt; review the diff before committing."""

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from invalid_cases import FIXTURES, case_names, run  # noqa: E402

for case in case_names():
    with tempfile.TemporaryDirectory() as tmp:
        code, report = run(case, Path(tmp) / "site-root")
    (FIXTURES / "invalid" / case / "expected_problems.txt").write_text(report, "utf-8")
    print(f"{case}: exit {code}")
