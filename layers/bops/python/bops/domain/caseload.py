"""The team's caseload: per officer, how many open cases, how many overdue, how many due soon.

Counted from the officers' dashboard tabs (each a short list of open cases), using the dashboard's own
deadline figures: overdue is past the determination date (after any extension of time); due soon is
within five business days of it (``bops.domain.clock.DUE_SOON_BUSINESS_DAYS``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import Field

from bops.domain.clock import DUE_SOON_BUSINESS_DAYS
from bops.model import Model


class OfficerCaseload(Model):
    """One officer's open cases (or the unassigned ones: ``username`` none)."""

    username: str | None = Field(description="The officer's username; none for the cases no officer has")
    name: str = Field(description="The officer's name, or 'Unassigned'")
    job_title: str | None = None
    open: int = Field(description="Open cases (not decided, withdrawn, returned or closed)")
    overdue: int = Field(description="Open cases past their determination date")
    due_soon: int = Field(description=f"Open cases due within {DUE_SOON_BUSINESS_DAYS} business days (not yet overdue)")
    by_status: dict[str, int] = Field(description="Open cases by status")


class Caseload(Model):
    """The council's open cases, per officer, as of a day."""

    as_of: str = Field(description="The day the figures are counted on (YYYY-MM-DD, London)")
    officers: list[OfficerCaseload]


def tally(
    username: str | None, name: str, job_title: str | None, cases: Iterable[tuple[str, int | None]]
) -> OfficerCaseload:
    """One officer's figures from their open cases' (status, business days left) — days left as the
    dashboard shows them (negative when overdue, none when no determination date is set)."""
    statuses: Counter[str] = Counter()
    overdue = due_soon = 0
    for status, days in cases:
        statuses[status] += 1
        if days is None:
            continue
        if days < 0:
            overdue += 1
        elif days <= DUE_SOON_BUSINESS_DAYS:
            due_soon += 1
    return OfficerCaseload(
        username=username,
        name=name,
        job_title=job_title,
        open=sum(statuses.values()),
        overdue=overdue,
        due_soon=due_soon,
        by_status=dict(sorted(statuses.items())),
    )
