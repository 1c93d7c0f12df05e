"""Pre-application advice cases: an aggregate of their own, never mixed with planning applications.

Items (pk / sk):
  {council}#PRE#{reference}         / CASE                   the case (``domain.pre_application.PreApplication``)
  {council}#PRE#{reference}         / AUDIT#{at}#{key}       an audit entry (``AuditEntry``), as applications'
  {council}#PRELIST#{open|closed}   / {target}#{reference}   a list row: the few fields the dashboard shows
  {council}#PRESETTINGS             / SETTINGS               the council's service (fee bands, service level)

The list is split into open and closed partitions so the dashboard's tab reads only the open cases (tens),
never the council's history; a case that is issued, withdrawn or closed moves its row, in the same
transaction as the change. Every change to the case is guarded by its ``version`` (409 on a lost update).
"""

from __future__ import annotations

import builtins
import secrets
from typing import TYPE_CHECKING, Any

from bops.domain.application import AuditEntry
from bops.domain.errors import NotFound
from bops.domain.pre_application import FINAL_STATUSES, PreApplication, PreApplicationSettings
from bops.model import Model
from bops.repository.keys import CASE_SK, pre_application_pk
from bops.repository.writes import Write, put_write

if TYPE_CHECKING:
    from bops.repository.table import Table

AUDIT_PREFIX = "AUDIT#"
SETTINGS_SK = "SETTINGS"


class PreApplicationRow(Model):
    """A pre-application as the dashboard lists it."""

    reference: str
    status: str
    site_address: str
    description: str
    received_on: str
    target_date: str
    assigned_officer: str | None = None
    overdue: bool = False


def _list_pk(council: str, status: str) -> str:
    return f"{council}#PRELIST#{'closed' if status in FINAL_STATUSES else 'open'}"


def _row_key(case: PreApplication) -> dict[str, str]:
    return {"pk": _list_pk(case.council, case.status), "sk": f"{case.target_date}#{case.reference}"}


def _row(case: PreApplication) -> dict[str, Any]:
    row = PreApplicationRow(
        reference=case.reference,
        status=case.status,
        site_address=case.site.address,
        description=case.description[:300],
        received_on=case.received_on,
        target_date=case.target_date,
        assigned_officer=case.assigned_officer,
        overdue=case.overdue,
    )
    return {**_row_key(case), "kind": "pre_application_row", **row.model_dump(mode="json", exclude_none=True)}


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in {"pk", "sk", "kind"}}


class PreApplicationRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- the case --------------------------------------------------------------------------------------
    def get(self, council: str, reference: str) -> PreApplication | None:
        item = self.table.get(pre_application_pk(council, reference), CASE_SK)
        return PreApplication.model_validate(_fields(item)) if item else None

    def require(self, council: str, reference: str) -> PreApplication:
        case = self.get(council, reference)
        if case is None:
            raise NotFound(f"No pre-application {reference}")
        return case

    def audit(self, council: str, reference: str) -> builtins.list[AuditEntry]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :audit)",
            ExpressionAttributeValues={":pk": pre_application_pk(council, reference), ":audit": AUDIT_PREFIX},
        )
        return [AuditEntry.model_validate(_fields(i)) for i in items]

    def create_writes(self, case: PreApplication) -> builtins.list[Write]:
        """A new case and its list row (a case with this reference must not exist)."""
        item = {"pk": pre_application_pk(case.council, case.reference), "sk": CASE_SK, "kind": "pre_application"}
        item.update(case.model_dump(mode="json", exclude_none=True))
        return [put_write(item, condition="attribute_not_exists(pk)"), put_write(_row(case))]

    def save_writes(self, before: PreApplication, after: PreApplication) -> builtins.list[Write]:
        """The changed case (its version one up; the write fails with ``Conflict`` if anyone changed it since
        ``before`` was read) and its list row, moved when the case left the open list."""
        after.version = before.version + 1
        item = {"pk": pre_application_pk(after.council, after.reference), "sk": CASE_SK, "kind": "pre_application"}
        item.update(after.model_dump(mode="json", exclude_none=True))
        body: dict[str, Any] = {
            "Item": item,
            "ConditionExpression": "#v = :expected",
            "ExpressionAttributeNames": {"#v": "version"},
            "ExpressionAttributeValues": {":expected": before.version},
        }
        writes: builtins.list[Write] = [{"Put": body}, put_write(_row(after))]
        if _row_key(before) != _row_key(after):
            writes.append({"Delete": {"Key": _row_key(before)}})
        return writes

    def audit_write(self, council: str, reference: str, entry: AuditEntry, *, key: str | None = None) -> Write:
        """An audit entry on the case's partition; ``key`` makes it deterministic (a retried workflow task
        writes it once)."""
        return put_write(
            {
                "pk": pre_application_pk(council, reference),
                "sk": f"{AUDIT_PREFIX}{entry.at}#{key or secrets.token_hex(4)}",
                "kind": "audit",
                **entry.model_dump(),
            }
        )

    # --- the dashboard's list --------------------------------------------------------------------------
    def open_cases(self, council: str) -> builtins.list[PreApplicationRow]:
        """The council's open pre-applications, soonest target date first."""
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": _list_pk(council, "submitted")}
        )
        return [PreApplicationRow.model_validate(_fields(i)) for i in items]

    # --- the council's service -------------------------------------------------------------------------
    def settings(self, council: str) -> PreApplicationSettings | None:
        item = self.table.get(f"{council}#PRESETTINGS", SETTINGS_SK)
        return PreApplicationSettings.model_validate(_fields(item)) if item else None

    def put_settings(self, council: str, settings: PreApplicationSettings) -> None:
        self.table.put(
            {"pk": f"{council}#PRESETTINGS", "sk": SETTINGS_SK, "kind": "pre_application_settings",
             **settings.model_dump(mode="json")}
        )  # fmt: skip
