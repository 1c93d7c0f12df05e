"""The officers' dashboard: which tabs a case shows in, and in what order.

Tabs: ``all``, ``closed`` (decided, withdrawn, returned, closed), ``unassigned`` and one per officer
(``officer:{name}``). Each tab can be filtered by status, by application type, or both; every view is
sorted by the determination deadline, soonest first. How the rows are stored is the repository's.

``to_review`` is the reviewers' list: the recommendations awaiting a reviewer's agreement. It is a view of
``all`` by status (``TO_REVIEW_STATUS``), not a tab of its own: no row is written for it.
"""

from __future__ import annotations

from typing import Any

from bops.domain.lifecycle import FINAL_STATUSES, Status

TABS = ("mine", "unassigned", "to_review", "closed", "all")
#: The status the reviewers' "to review" list shows: a recommendation made, awaiting their agreement.
TO_REVIEW_STATUS = Status.AWAITING_DETERMINATION.value
NO_DEADLINE = "9999-12-31"


def view_of(tab: str, name: str, status: str | None) -> tuple[str, str | None]:
    """The stored tab and status filter a dashboard tab reads, for the officer ``name``."""
    if tab == "mine":
        return f"officer:{name}", status
    if tab == "to_review":
        return "all", TO_REVIEW_STATUS
    return tab, status


def tabs_of(case: dict[str, Any]) -> list[str]:
    """The tabs a case is stored in (``to_review`` is a view of ``all``)."""
    tabs = ["all"]
    if case["status"] in {s.value for s in FINAL_STATUSES}:
        tabs.append("closed")
    elif case.get("assigned_officer"):
        tabs.append(f"officer:{case['assigned_officer']}")
    else:
        tabs.append("unassigned")
    return tabs


def deadline(case: dict[str, Any]) -> str:
    """The date the case is sorted by: its determination date, after any extension of time."""
    return case.get("extended_expiry_date") or case.get("expiry_date") or NO_DEADLINE
