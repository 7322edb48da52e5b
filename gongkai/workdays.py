"""Official working days: chinese-calendar, a site calendar file over it, Monday–Friday as a loud fallback."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays and 调休 working days; the site's own lists override the package."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    covered_years: frozenset[int] = frozenset()  # years the site file fully describes

    def is_workday(self, day: date) -> tuple[bool, bool]:
        """(is it a working day, was it known) — unknown years fall back to Monday–Friday."""
        if day in self.holidays:
            return False, True
        if day in self.workdays:
            return True, True
        if day.year in self.covered_years:
            return day.weekday() < 5, True
        try:
            return chinese_calendar.is_workday(day), True
        except NotImplementedError:
            return day.weekday() < 5, False


@dataclass(frozen=True)
class Count:
    days: int
    guessed_years: tuple[int, ...] = field(default=())  # years counted as plain Monday–Friday


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> Count:
    """Working days after start up to and including end (the event day itself is not counted)."""
    if end <= start:
        return Count(0)
    days = 0
    guessed: set[int] = set()
    day = start + timedelta(days=1)
    while day <= end:
        works, known = calendar.is_workday(day)
        days += works
        if not known:
            guessed.add(day.year)
        day += timedelta(days=1)
    return Count(days, tuple(sorted(guessed)))


def add_working_days(start: date, n: int, calendar: WorkCalendar) -> date:
    """The day on which n working days after start have passed (the deadline's last day)."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        n -= calendar.is_workday(day)[0]
    return day
