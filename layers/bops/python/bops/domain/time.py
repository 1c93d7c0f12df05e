"""The clock, injected: services ask a Clock for "now" so tests and the local run can control time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


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
