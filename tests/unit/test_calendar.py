"""The English business-day calendar: hand-computed dates and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bops.domain.calendar import (
    add_business_days,
    business_days_between,
    is_business_day,
    is_public_holiday,
    next_business_day,
    previous_business_day,
    public_holidays,
    subtract_business_days,
)

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
small_n = st.integers(min_value=0, max_value=60)


# --- public holidays (Christmas Day, Good Friday, 1971 Act bank holidays) ---------------------------------


@pytest.mark.parametrize(
    "d",
    [
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 12, 25),  # Christmas Day (Friday)
        date(2026, 12, 28),  # Boxing Day substitute (26th is a Saturday)
        date(2027, 1, 1),  # New Year's Day
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 12, 27),  # Christmas Day substitute (25th is a Saturday)
        date(2027, 12, 28),  # Boxing Day substitute
    ],
)
def test_english_public_holidays(d):
    assert is_public_holiday(d)
    assert not is_business_day(d)


def test_scottish_holidays_are_not_english_ones():
    assert not is_public_holiday(date(2027, 1, 4))  # 2 January substitute is Scotland only
    assert not is_public_holiday(date(2026, 8, 3))  # Scottish summer bank holiday
    assert is_public_holiday(date(2026, 8, 31))  # English late summer bank holiday


def test_eight_holiday_dates_in_2026():
    """Banking and Financial Dealings Act 1971, s. 1 and Sch. 1: Boxing Day falls on Saturday 26 December
    2026 and Monday 28 December is appointed in its place, so the Saturday is not a bank holiday."""
    assert public_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    }


@pytest.mark.parametrize(
    "d",
    [
        date(2026, 12, 26),  # Boxing Day on a Saturday: Monday 28 December replaces it
        date(2027, 12, 26),  # Boxing Day on a Sunday: Sch. 1 gives 27 December instead
        date(2028, 1, 1),  # New Year's Day on a Saturday: Monday 3 January replaces it
        date(2022, 1, 1),  # Saturday, replaced by Monday 3 January 2022
        date(2023, 1, 1),  # Sunday, replaced by Monday 2 January 2023
    ],
)
def test_a_weekend_day_replaced_by_a_substitute_is_not_a_public_holiday(d):
    """Banking and Financial Dealings Act 1971, s. 1 and Sch. 1 para. 1 ("26th December, if it be not a
    Sunday"; "27th December in a year in which 25th or 26th December is a Sunday") and the proclamations
    under s. 1(2)-(3): the substitute weekday is the bank holiday, not the weekend day it replaces. A
    public holiday (DMPO 2015 art. 2(1)) is Christmas Day, Good Friday or a bank holiday under the Act."""
    assert not is_public_holiday(d)


def test_christmas_day_on_a_weekend_is_still_a_public_holiday():
    """DMPO 2015 art. 2(1) (SI 2018/119): "public holiday" means Christmas Day, Good Friday or a bank
    holiday under the 1971 Act; Christmas Day counts on Saturday 25 December 2027 as well as its Monday
    27 December substitute bank holiday and Tuesday 28 December (Boxing Day's substitute)."""
    assert is_public_holiday(date(2027, 12, 25))
    assert {d for d in public_holidays(2027) if d.month == 12} == {
        date(2027, 12, 25),
        date(2027, 12, 27),
        date(2027, 12, 28),
    }
    assert {d for d in public_holidays(2028) if d.month == 1} == {date(2028, 1, 3)}


def test_weekends_are_not_business_days():
    assert not is_business_day(date(2026, 12, 26))  # Saturday
    assert not is_business_day(date(2026, 12, 27))  # Sunday
    assert is_business_day(date(2026, 12, 24))


# --- hand-computed arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 12, 23), 1, date(2026, 12, 24)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # 25 Christmas, 26-27 weekend, 28 Boxing Day sub
        (date(2026, 12, 24), 2, date(2026, 12, 30)),
        (date(2026, 12, 24), 4, date(2027, 1, 4)),  # 31 Dec, then 1 Jan is New Year's Day
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # Good Friday 26, weekend, Easter Monday 29
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday 3, weekend, Easter Monday 6
        (date(2026, 11, 2), 5, date(2026, 11, 9)),  # a plain week
        (date(2026, 11, 6), 1, date(2026, 11, 9)),  # Friday to Monday
        (date(2026, 11, 7), 1, date(2026, 11, 9)),  # Saturday: the Saturday itself never counts
    ],
)
def test_add_business_days(start, n, expected):
    assert add_business_days(start, n) == expected
    assert business_days_between(start, expected) == n


def test_add_zero_business_days_rolls_forward_only_off_non_business_days():
    assert add_business_days(date(2026, 12, 24), 0) == date(2026, 12, 24)
    assert add_business_days(date(2026, 12, 25), 0) == date(2026, 12, 29)
    assert subtract_business_days(date(2026, 12, 28), 0) == date(2026, 12, 24)


def test_negative_n_is_refused():
    with pytest.raises(ValueError):
        add_business_days(date(2026, 1, 5), -1)
    with pytest.raises(ValueError):
        subtract_business_days(date(2026, 1, 5), -1)


def test_next_and_previous_business_day_are_strict():
    assert next_business_day(date(2026, 12, 24)) == date(2026, 12, 29)
    assert next_business_day(date(2026, 12, 23)) == date(2026, 12, 24)
    assert previous_business_day(date(2026, 12, 29)) == date(2026, 12, 24)
    assert previous_business_day(date(2027, 3, 30)) == date(2027, 3, 25)


def test_subtract_business_days_across_easter_2027():
    assert subtract_business_days(date(2027, 3, 30), 1) == date(2027, 3, 25)
    assert subtract_business_days(date(2027, 4, 2), 5) == date(2027, 3, 24)


def test_business_days_between_is_signed_and_half_open():
    assert business_days_between(date(2026, 12, 24), date(2026, 12, 24)) == 0
    assert business_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert business_days_between(date(2026, 12, 29), date(2026, 12, 24)) == -1
    assert business_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 0
    # December 2026: 23 weekdays, two of them holidays (25th, 28th)
    assert business_days_between(date(2026, 11, 30), date(2026, 12, 31)) == 21


# --- properties ---------------------------------------------------------------------------------------


def _naive_count(a: date, b: date) -> int:
    lo, hi, sign = (a, b, 1) if a <= b else (b, a, -1)
    d, count = lo + timedelta(days=1), 0
    while d <= hi:
        count += is_business_day(d)
        d += timedelta(days=1)
    return sign * count


@settings(max_examples=150, deadline=None)
@given(dates, small_n)
def test_adding_never_lands_on_a_weekend_or_holiday(d, n):
    result = add_business_days(d, n)
    assert is_business_day(result)
    assert result.weekday() < 5 and not is_public_holiday(result)
    assert result >= d


@settings(max_examples=150, deadline=None)
@given(dates, small_n, small_n)
def test_adding_is_monotonic_in_n(d, n, m):
    lo, hi = sorted((n, m))
    assert add_business_days(d, lo) <= add_business_days(d, hi)
    if 1 <= lo < hi:
        assert add_business_days(d, lo) < add_business_days(d, hi)


@settings(max_examples=150, deadline=None)
@given(dates, dates, small_n)
def test_adding_is_monotonic_in_the_start_date(a, b, n):
    a, b = sorted((a, b))
    assert add_business_days(a, n) <= add_business_days(b, n)


@settings(max_examples=150, deadline=None)
@given(dates, small_n)
def test_business_days_between_inverts_add_business_days(d, n):
    result = add_business_days(d, n)
    if n >= 1 or is_business_day(d):
        assert business_days_between(d, result) == n
    assert subtract_business_days(result, n) <= d or not is_business_day(d)
    if is_business_day(d):
        assert subtract_business_days(result, n) == d


@settings(max_examples=150, deadline=None)
@given(dates, dates)
def test_business_days_between_counts_like_walking_the_calendar(a, b):
    if abs((b - a).days) > 800:
        b = a + timedelta(days=(b - a).days % 800)
    assert business_days_between(a, b) == _naive_count(a, b)
    assert business_days_between(a, b) == -business_days_between(b, a)


@settings(max_examples=100, deadline=None)
@given(dates, small_n)
def test_subtracting_never_lands_on_a_weekend_or_holiday(d, n):
    result = subtract_business_days(d, n)
    assert is_business_day(result)
    assert result <= d
