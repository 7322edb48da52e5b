"""Every invalid fixture fails (or warns) with exactly its expected Chinese report."""

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


def test_every_error_code_has_a_case():
    seen = set()
    for case in case_names():
        text = (FIXTURES / "invalid" / case / "expected_problems.txt").read_text("utf-8")
        seen |= {word.rstrip(":") for word in text.split() if word.startswith("GK")}
    wanted = {"GK001", "GK004", "GK101", "GK102", "GK103", "GK104", "GK105", "GK106", "GK107", "GK108", "GK109",
              "GK111", "GK201", "GK202", "GK203", "GK204", "GK205", "GK206", "GK207", "GK209", "GK210", "GK212",
              "GK213", "GK214", "GK221", "GK215", "GK216", "GK217", "GK301", "GK302", "GK303", "GK304", "GK305", "GK306",
              "GK401", "GK402", "GK403", "GK501", "GK504", "GK505", "GK506",
              "GK120", "GK121", "GK123", "GK395", "GK396", "GK397", "GK218", "GK219", "GK308", "GK309", "GK310", "GK311", "GK320", "GK321", "GK322",
              "GK323", "GK324", "GK325", "GK326", "GK327", "GK328", "GK329", "GK331", "GK332", "GK340", "GK341",
              "GK122", "GK220", "GK350", "GK351", "GK352", "GK360", "GK361", "GK362", "GK363", "GK364", "GK365",
              "GK366", "GK367", "GK369", "GK370", "GK510", "GK511",
              "GK380", "GK381", "GK382", "GK383", "GK384", "GK387", "GK390"}
    assert wanted <= seen, sorted(wanted - seen)
