"""The officers' dashboard: which tabs a case shows in, and in what order.

Tabs: ``all``, ``closed`` (decided, withdrawn, returned, closed), ``unassigned`` and one per officer
(``officer:{name}``). Each tab can be filtered by status, by application type, or both; every view is
sorted by the determination deadline, soonest first. How the rows are stored is the repository's.
"""

from __future__ import annotations

from typing import Any

from bops.domain.lifecycle import FINAL_STATUSES

TABS = ("mine", "unassigned", "closed", "all")
NO_DEADLINE = "9999-12-31"


def tabs_of(case: dict[str, Any]) -> list[str]:
    """The tabs a case appears in."""
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
