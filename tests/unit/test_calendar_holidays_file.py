"""The recorded public holidays (read at run time instead of importing the library) still equal what the
installed ``holidays`` library computes: after an upgrade that moves one, run scripts/england_holidays.py."""

from __future__ import annotations

import json
from datetime import date

from bops.domain import calendar


def test_the_recorded_holidays_equal_the_librarys():
    recorded = json.loads(calendar.HOLIDAYS_FILE.read_text())["years"]
    assert len(recorded) >= 60
    for year, days in recorded.items():
        assert sorted(d.isoformat() for d in calendar.library_holidays(int(year))) == days, year


def test_years_outside_the_file_come_from_the_library():
    assert calendar.public_holidays(2099) == calendar.library_holidays(2099)
    assert date(2099, 12, 25) in calendar.public_holidays(2099)


def test_a_recorded_year_answers_without_the_library(monkeypatch):
    monkeypatch.setattr(calendar, "library_holidays", lambda year: (_ for _ in ()).throw(AssertionError(year)))
    calendar._holidays_in.cache_clear()
    try:
        assert date(2026, 12, 25) in calendar.public_holidays(2026)
        assert calendar.is_business_day(date(2026, 8, 31)) is False  # the summer bank holiday
    finally:
        calendar._holidays_in.cache_clear()
