"""The English business-day calendar: weekdays that are not public holidays in England.

A *public holiday* is "Christmas Day, Good Friday or a day which under the Banking and Financial
Dealings Act 1971 is a bank holiday in England" (the definition the planning orders use, e.g. DMPO 2015
art. 2(1) as amended by SI 2018/119). The bank holidays are those of the 1971 Act (Sch. 1 para. 1: Easter
Monday, the last Mondays in May and August, 26 December "if it be not a Sunday", 27 December when the 25th
or 26th is a Sunday) and of the royal proclamations under its s. 1(2)-(3) (New Year's Day, the early May
bank holiday, substitute days, one-off days). Where a substitute weekday is appointed, it is the bank
holiday and the weekend day it replaces is not: Sunday 26 December 2027 and Saturday 1 January 2028 are
ordinary days, Monday 27 and Tuesday 28 December 2027 and Monday 3 January 2028 are bank holidays.
Christmas Day is a public holiday whatever the day of the week (Saturday 25 December 2027 included), and
Good Friday is always a Friday.

The dates come from the ``holidays`` library (England), never from a hand-typed list, so a new or moved
bank holiday arrives with a library upgrade; the library also lists the weekend days a substitute
replaces, so ``statutory_holidays`` drops every weekend day except Christmas Day.

Counting conventions, used everywhere a business-day rule appears (validation requests, consultation,
days left on the dashboard):

- "n business days after d" counts the business days strictly after ``d``: ``d`` itself never counts,
  whether or not it is a business day. ``add_business_days(d, 0)`` is ``d`` when ``d`` is a business day,
  otherwise the next business day (nothing falls due on a weekend or a bank holiday).
- ``business_days_between(a, b)`` counts the business days in the half-open interval ``(a, b]``, negative
  when ``b`` is before ``a``; so ``business_days_between(d, add_business_days(d, n)) == n`` for ``n >= 1``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

_ONE_DAY = timedelta(days=1)

# The statutory holidays for a span of years, written by ``scripts/england_holidays.py``; a unit test
# checks they still equal what the installed library gives, so an upgrade that moves a holiday fails until the
# file is rewritten. Reading them costs a cold start nothing; importing ``holidays`` (all its calendars,
# and through ``country_holidays`` all ~250 countries) cost the API's first request 35-300 ms.
HOLIDAYS_FILE = Path(__file__).parent / "data" / "england_public_holidays.json"


@cache
def _holidays_in(year: int) -> frozenset[date]:
    """Public holidays in England in one year (computed once per year)."""
    return _recorded().get(year) or statutory_holidays(year)


@cache
def _recorded() -> dict[int, frozenset[date]]:
    data = json.loads(HOLIDAYS_FILE.read_text())
    return {int(year): frozenset(map(date.fromisoformat, days)) for year, days in data["years"].items()}


def library_holidays(year: int) -> frozenset[date]:
    """Public holidays in England in ``year`` as the ``holidays`` library computes them."""
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def statutory_holidays(year: int) -> frozenset[date]:
    """Public holidays in England in ``year`` under the definition in the module doc, from the library.

    The library lists a bank holiday that falls on a weekend (Boxing Day on Sunday 26 December 2027, New
    Year's Day on Saturday 1 January 2028) as well as its substitute weekday; the substitute is appointed
    in its place, so only weekdays are kept, and Christmas Day, which is a public holiday in its own right.
    """
    return frozenset(d for d in library_holidays(year) if d.weekday() < 5 or (d.month, d.day) == (12, 25))


def public_holidays(year: int) -> frozenset[date]:
    """The dates of the public holidays in England in ``year``, substitute days included."""
    return _holidays_in(year)


def is_public_holiday(d: date) -> bool:
    """True when ``d`` is a public holiday in England (a bank holiday, Christmas Day or Good Friday)."""
    return d in _holidays_in(d.year)


def is_business_day(d: date) -> bool:
    """True for a weekday that is not a public holiday in England."""
    return d.weekday() < 5 and not is_public_holiday(d)


def next_business_day(d: date) -> date:
    """The first business day strictly after ``d``."""
    d += _ONE_DAY
    while not is_business_day(d):
        d += _ONE_DAY
    return d


def previous_business_day(d: date) -> date:
    """The last business day strictly before ``d``."""
    d -= _ONE_DAY
    while not is_business_day(d):
        d -= _ONE_DAY
    return d


def add_business_days(d: date, n: int) -> date:
    """The date ``n`` business days after ``d`` (``n >= 0``).

    ``d`` itself never counts: one business day after Christmas Eve 2026 (Thursday) is Tuesday 29
    December (25th Christmas Day, 26th–27th the weekend, 28th the Boxing Day substitute).
    With ``n == 0`` the answer is ``d`` if it is a business day, else the next business day.
    """
    if n < 0:
        raise ValueError("n must not be negative; use subtract_business_days")
    if n == 0:
        return d if is_business_day(d) else next_business_day(d)
    for _ in range(n):
        d = next_business_day(d)
    return d


def subtract_business_days(d: date, n: int) -> date:
    """The date ``n`` business days before ``d`` (``n >= 0``), the mirror of ``add_business_days``.

    With ``n == 0`` the answer is ``d`` if it is a business day, else the previous business day.
    """
    if n < 0:
        raise ValueError("n must not be negative; use add_business_days")
    if n == 0:
        return d if is_business_day(d) else previous_business_day(d)
    for _ in range(n):
        d = previous_business_day(d)
    return d


def business_days_between(a: date, b: date) -> int:
    """The signed number of business days in ``(a, b]``: positive when ``b`` is after ``a``.

    When ``b`` is before ``a`` the answer is minus the number of business days in ``(b, a]``.
    """
    if b < a:
        return -business_days_between(b, a)
    holidays_on_weekdays = sum(
        1 for year in range(a.year, b.year + 1) for h in _holidays_in(year) if a < h <= b and h.weekday() < 5
    )
    return _weekdays_to(b) - _weekdays_to(a) - holidays_on_weekdays


def _weekdays_to(d: date) -> int:
    """Weekdays from 1 January of year 1 (a Monday, ordinal 1) up to and including ``d``."""
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)
