"""The clock, injected: services ask a Clock for "now" so tests and the local run can control time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Protocol

from pydantic import Field

from bops.domain.errors import FieldError, InvalidRequest


class Clock(Protocol):
    def now(self) -> datetime: ...

    def to_real(self, moment: datetime) -> datetime:
        """The wall-clock moment at which this clock will show ``moment`` (for workflow Wait states)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def to_real(self, moment: datetime) -> datetime:
        return moment


class OffsetClock:
    """A clock running at real speed from a chosen point: the local run and the tests set ``offset``
    to move the whole system (API, workflow tasks, timers) to another day."""

    def __init__(self, offset: timedelta | None = None) -> None:
        self.offset = offset or timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def to_real(self, moment: datetime) -> datetime:
        return moment - self.offset

    def travel_to(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


def iso(moment: datetime) -> str:
    """UTC timestamp as stored: ``2026-11-27T11:44:50.123456Z`` (sortable as a string)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def london_date(moment: datetime) -> date:
    """The calendar date in England of a UTC moment (statutory dates are English calendar dates)."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/London")).date()


# --- dates people give us --------------------------------------------------------------------------
# Every date an officer or applicant types is a date in the life of a planning application: none is
# before the planning system began (the Town and Country Planning Act 1947 came into force on 1 July
# 1948), and none is late this century. Checking this where a request is read turns "9999-12-31" into a
# 422 naming the field, instead of an overflow when a period is added to it. Rules that depend on the
# case or on today (valid from not in the future, an extension at most two years on) are checked by the
# service with ``check_date_between``, naming the field the same way.
EARLIEST_DATE = date(1948, 7, 1)
LATEST_DATE = date(2099, 12, 31)

PlausibleDate = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
"""A date in a request: between ``EARLIEST_DATE`` and ``LATEST_DATE`` (else a 422 naming the field)."""


def check_date_between(
    day: date,
    field: str,
    *,
    earliest: date | None = None,
    latest: date | None = None,
    earliest_is: str | None = None,
    latest_is: str | None = None,
) -> date:
    """``day`` if it lies within ``[earliest, latest]`` (and the plausible range), else ``InvalidRequest``
    naming ``field``; ``earliest_is`` / ``latest_is`` say what the bound is, in an officer's words
    (``"the received date"``), for the message."""
    low = max(earliest or EARLIEST_DATE, EARLIEST_DATE)
    high = min(latest or LATEST_DATE, LATEST_DATE)
    if day < low:
        what = f"{earliest_is} ({low.isoformat()})" if earliest_is and earliest else low.isoformat()
        raise InvalidRequest(
            f"The date {day.isoformat()} is too early", fields=[FieldError(field, f"must be on or after {what}")]
        )
    if day > high:
        what = f"{latest_is} ({high.isoformat()})" if latest_is and latest else high.isoformat()
        raise InvalidRequest(
            f"The date {day.isoformat()} is too late", fields=[FieldError(field, f"must be on or before {what}")]
        )
    return day
