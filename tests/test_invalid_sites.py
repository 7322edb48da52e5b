"""Every invalid fixture fails (or warns) with exactly its expected Chinese report."""

import re
from pathlib import Path

import pytest

from invalid_cases import FIXTURES, case_names, run


@pytest.mark.parametrize("case", case_names())
def test_invalid_case_reports_exactly(case, tmp_path):
    expected = (FIXTURES / "invalid" / case / "expected_problems.txt").read_text("utf-8")
    code, report = run(case, tmp_path / "root")
    assert report == expected
    has_error = " 错误 GK" in expected
    assert code == (1 if has_error else 0)
    assert (tmp_path / "root" / "site").exists() == (not has_error)


# Codes no fixture site can produce, each with the test that makes it happen instead.
WITHOUT_A_FIXTURE = {
    "GK110": "a file over the size limit would put megabytes in the repository: test_build.test_oversized_file_is_refused",
    "GK502": "a guard: URLs come from checked slugs and paths, no content makes an output leave the site",
    "GK503": "a full or read-only disk: test_build.test_unwritable_output_is_a_clear_error_and_nothing_changes",
    "GK508": "another user's leftover folder, which a fixture cannot hold: test_remove",
    "GK530": "Pagefind failing: test_search_index",
    "GK999": "a crash of gongkai itself, caught around the preview's rebuild",
}


def codes_in_source() -> set[str]:
    """Every problem code the engine can report, read from its source."""
    package = Path(__file__).resolve().parent.parent / "gongkai"
    return {code for path in package.rglob("*.py") for code in re.findall(r'"(GK\d{3})"', path.read_text("utf-8"))}


def test_every_error_code_has_a_case():
    seen = set()
    for case in case_names():
        text = (FIXTURES / "invalid" / case / "expected_problems.txt").read_text("utf-8")
        seen |= set(re.findall(r"GK\d{3}", text))
    codes = codes_in_source()
    assert len(codes) > 100  # the scan found the codes
    assert codes - set(WITHOUT_A_FIXTURE) <= seen, sorted(codes - set(WITHOUT_A_FIXTURE) - seen)
    assert set(WITHOUT_A_FIXTURE) <= codes, sorted(set(WITHOUT_A_FIXTURE) - codes)  # no stale exemption
