"""The officers' dashboard: one pre-sorted list per tab and filter, kept beside the case.

Each tab (all, closed, unassigned, one per officer) with each filter (none, status, type, both) is a
partition of its own, sorted by the case's determination deadline. A case writes its few entries in the
same transaction as its own change, so every dashboard view is a single Query — no Scan, and no filter
over the whole council.
"""

from __future__ import annotations

from typing import Any

from bops.domain.lifecycle import FINAL_STATUSES

TABS = ("mine", "unassigned", "closed", "all")
NO_DEADLINE = "9999-12-31"

# What a dashboard row carries (copied from the case), so a page needs no further reads.
ROW_FIELDS = (
    "reference",
    "application_type",
    "application_type_name",
    "status",
    "received_at",
    "description",
    "assigned_officer",
    "expiry_date",
    "extended_expiry_date",
    "site",
)


def tabs_of(case: dict[str, Any]) -> list[str]:
    """The tab partitions a case appears in."""
    tabs = ["all"]
    if case["status"] in {s.value for s in FINAL_STATUSES}:
        tabs.append("closed")
    elif case.get("assigned_officer"):
        tabs.append(f"officer:{case['assigned_officer']}")
    else:
        tabs.append("unassigned")
    return tabs


def partition(council: str, tab: str, status: str | None, application_type: str | None) -> str:
    return f"{council}#DASH#{tab}#{status or '*'}#{application_type or '*'}"


def deadline(case: dict[str, Any]) -> str:
    return case.get("extended_expiry_date") or case.get("expiry_date") or NO_DEADLINE


def entries(case: dict[str, Any]) -> list[dict[str, Any]]:
    council, reference = case["council"], case["reference"]
    row = {k: case.get(k) for k in ROW_FIELDS}
    sort_key = f"{deadline(case)}#{reference}"
    items = []
    for tab in tabs_of(case):
        for status, app_type in (
            (None, None),
            (case["status"], None),
            (None, case["application_type"]),
            (case["status"], case["application_type"]),
        ):
            items.append({"pk": partition(council, tab, status, app_type), "sk": sort_key, "kind": "dashboard", **row})
    return items


def keys(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"pk": i["pk"], "sk": i["sk"]} for i in items]


def diff_operations(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """Transaction operations moving a case's dashboard entries from ``before`` to ``after``."""
    new_items = entries(after)
    new_keys = {(k["pk"], k["sk"]) for k in keys(new_items)}
    ops: list[dict[str, Any]] = [{"Put": {"Item": item}} for item in new_items]
    if before is not None:
        for key in keys(entries(before)):
            if (key["pk"], key["sk"]) not in new_keys:
                ops.append({"Delete": {"Key": key}})
    return ops
