"""The recorded public holidays (read at run time instead of importing the library) still equal what the
installed ``holidays`` library gives under the statutory rule (``calendar.statutory_holidays``: Christmas
Day, Good Friday and the Banking and Financial Dealings Act 1971 bank holidays, substitute weekdays in
place of the weekend days they replace): after an upgrade that moves one, run scripts/england_holidays.py."""

from __future__ import annotations

import json
from datetime import date

from bops.domain import calendar


def test_the_recorded_holidays_equal_the_statutory_rule_over_the_library():
    recorded = json.loads(calendar.HOLIDAYS_FILE.read_text())["years"]
    assert len(recorded) >= 60
    for year, days in recorded.items():
        assert sorted(d.isoformat() for d in calendar.statutory_holidays(int(year))) == days, year


def test_the_recorded_holidays_hold_no_weekend_day_but_christmas():
    """Banking and Financial Dealings Act 1971, s. 1 and Sch. 1: a substitute weekday replaces the weekend
    day; Christmas Day is a public holiday in its own right (DMPO 2015 art. 2(1))."""
    recorded = json.loads(calendar.HOLIDAYS_FILE.read_text())["years"]
    for days in recorded.values():
        for d in map(date.fromisoformat, days):
            assert d.weekday() < 5 or (d.month, d.day) == (12, 25), d
    assert "2027-12-26" not in recorded["2027"] and "2028-01-01" not in recorded["2028"]


def test_years_outside_the_file_come_from_the_library():
    assert calendar.public_holidays(2099) == calendar.statutory_holidays(2099)
    assert date(2099, 12, 25) in calendar.public_holidays(2099)


def test_a_recorded_year_answers_without_the_library(monkeypatch):
    monkeypatch.setattr(calendar, "statutory_holidays", lambda year: (_ for _ in ()).throw(AssertionError(year)))
    calendar._holidays_in.cache_clear()
    try:
        assert date(2026, 12, 25) in calendar.public_holidays(2026)
        assert calendar.is_business_day(date(2026, 8, 31)) is False  # the summer bank holiday
    finally:
        calendar._holidays_in.cache_clear()
