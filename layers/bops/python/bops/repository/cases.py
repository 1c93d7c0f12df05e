"""The case aggregate: the case record, its reference numbers, lists and dashboard rows.

Items (pk / sk): ``{council}#APP#{reference}`` / ``CASE`` (the case; its partition also holds documents
and audit entries), ``{council}#COUNTER#{yy}`` / ``COUNTER`` (reference numbers). Indexes gsi1 (all cases,
newest first) and gsi2 (by status) carry the keys from ``keys.list_keys``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bops.repository.keys import CASE_SK, app_pk, counter_pk
from bops.repository.table import decode_cursor, encode_cursor

if TYPE_CHECKING:
    from bops.repository.table import Table


class CaseRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- reference numbers ----------------------------------------------------------------------------
    def next_number(self, council: str, year: int) -> int:
        """The next reference number of a council for a year (atomic, never reused)."""
        item = self.table.update(
            counter_pk(council, year), "COUNTER", expression="ADD #n :one", names={"#n": "number"}, values={":one": 1}
        )
        return int(item["number"])

    # --- applications --------------------------------------------------------------------------
    def get(self, council: str, reference: str) -> dict[str, Any] | None:
        return self.table.get(app_pk(council, reference), CASE_SK)

    def get_with_children(self, council: str, reference: str) -> list[dict[str, Any]]:
        """The case, its documents and its audit trail: one partition, one Query."""
        return self.table.query_all(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": app_pk(council, reference)}
        )

    def dashboard_partition(self, council: str, tab: str, status: str | None, application_type: str | None) -> str:
        return f"{council}#DASH#{tab}#{status or '*'}#{application_type or '*'}"

    def dashboard(
        self, council: str, partition: str, *, limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        """A dashboard partition (see services/dashboard.py), soonest determination date first."""
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": partition},
            "Limit": limit,
        }
        start = decode_cursor(cursor, council, partition=("pk", partition))
        if start:
            kwargs["ExclusiveStartKey"] = start
        items, last = self.table.query(**kwargs)
        return items, encode_cursor(last, council)

    def list(
        self, council: str, *, status: str | None, limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        if status:
            index, key = "gsi2", {"#pk": "gsi2pk", ":pk": f"{council}#STATUS#{status}"}
        else:
            index, key = "gsi1", {"#pk": "gsi1pk", ":pk": f"{council}#APPS"}
        kwargs: dict[str, Any] = {
            "IndexName": index,
            "KeyConditionExpression": "#pk = :pk",
            "ExpressionAttributeNames": {"#pk": key["#pk"]},
            "ExpressionAttributeValues": {":pk": key[":pk"]},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        start = decode_cursor(cursor, council, partition=(key["#pk"], key[":pk"]))
        if start:
            kwargs["ExclusiveStartKey"] = start
        items, last = self.table.query(**kwargs)
        return items, encode_cursor(last, council)
