from datetime import date

from gongkai.workdays import WorkCalendar, add_working_days, working_days_between


def test_official_calendar_counts_holidays_and_adjusted_workdays():
    calendar = WorkCalendar()
    # National Day 2019: Sunday 29 September was a working day, 1–7 October were not.
    assert working_days_between(date(2019, 9, 27), date(2019, 10, 8), calendar).days == 3
    # The event day itself is not counted.
    assert working_days_between(date(2019, 7, 15), date(2019, 7, 16), calendar).days == 1
    assert working_days_between(date(2019, 7, 15), date(2019, 7, 15), calendar).days == 0


def test_site_calendar_overrides_the_package():
    calendar = WorkCalendar(holidays=frozenset({date(2019, 7, 16)}), workdays=frozenset({date(2019, 7, 20)}))
    assert working_days_between(date(2019, 7, 15), date(2019, 7, 21), calendar).days == 4  # 17,18,19,20


def test_years_outside_the_package_fall_back_loudly():
    count = working_days_between(date(2003, 1, 3), date(2003, 1, 10), WorkCalendar())
    assert count.days == 5 and count.guessed_years == (2003,)
    covered = WorkCalendar(holidays=frozenset({date(2003, 1, 6)}), covered_years=frozenset({2003}))
    count = working_days_between(date(2003, 1, 3), date(2003, 1, 10), covered)
    assert count.days == 4 and count.guessed_years == ()


def test_add_working_days_skips_the_golden_week():
    assert add_working_days(date(2019, 9, 30), 1, WorkCalendar()) == date(2019, 10, 8)
