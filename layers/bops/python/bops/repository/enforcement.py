"""The enforcement case aggregate: the case, its audit trail, the open cases' list and the served notices.

Items (pk / sk):
  {council}#ENF#{reference}      / CASE                           the case (visits, contacts and notices in it)
  {council}#ENF#{reference}      / AUDIT#{at}#{key}               an audit entry (same shape as an application's)
  {council}#ENFOPEN              / {received_at}#{reference}      a row of the open cases' list (dashboard tab)
  {council}#ENFNOTICE#{yyyy}     / {served_on}#{reference}#{id}   a served notice, for the PS2 return's counts
Reference numbers and intake's idempotency markers are the applications' (``CaseRepository``): one yearly
counter per council, one ``metadata.id`` space.
"""

from __future__ import annotations

import builtins
import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

from bops.domain.application import AuditEntry
from bops.domain.enforcement import EnforcementCase, Notice
from bops.domain.errors import NotFound
from bops.model import Model
from bops.repository.audit import AUDIT_PREFIX
from bops.repository.keys import CASE_SK, enforcement_pk

if TYPE_CHECKING:
    from bops.repository.table import Table

Write = dict[str, Any]  # = bops.repository.Write

ROW_FIELDS = ("reference", "status", "priority", "received_at", "description", "assigned_officer")


class EnforcementRow(Model):
    """An open case as the dashboard's enforcement tab lists it."""

    reference: str
    status: str
    priority: str | None = None
    received_at: str
    description: str
    address: str
    postcode: str | None = None
    assigned_officer: str | None = None
    #: the next date the case is waiting for (a notice's compliance or reply date), if any
    next_date: str | None = None


class ServedNotice(Model):
    reference: str
    notice_id: str
    kind: str
    served_on: date


def _open_pk(council: str) -> str:
    return f"{council}#ENFOPEN"


def _notice_pk(council: str, year: int) -> str:
    return f"{council}#ENFNOTICE#{year:04d}"


def _row(case: EnforcementCase) -> dict[str, Any] | None:
    if case.status == "closed":
        return None
    upcoming = case.next_check()
    row = EnforcementRow(
        reference=case.reference,
        status=case.status,
        priority=case.priority,
        received_at=case.received_at,
        description=case.description[:300],
        address=case.site.address,
        postcode=case.site.postcode,
        assigned_officer=case.assigned_officer,
        next_date=upcoming.check_on.isoformat() if upcoming else None,
    )
    return {
        "pk": _open_pk(case.council),
        "sk": f"{case.received_at}#{case.reference}",
        "kind": "enforcement_row",
        **row.model_dump(mode="json", exclude_none=True),
    }


def _stored(case: EnforcementCase) -> dict[str, Any]:
    return {
        "pk": enforcement_pk(case.council, case.reference),
        "sk": CASE_SK,
        "kind": "enforcement",
        **case.model_dump(mode="json", exclude_none=True),
    }


class EnforcementRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, council: str, reference: str) -> EnforcementCase | None:
        item = self.table.get(enforcement_pk(council, reference), CASE_SK)
        return EnforcementCase.model_validate(item) if item else None

    def require(self, council: str, reference: str) -> EnforcementCase:
        case = self.get(council, reference)
        if case is None:
            raise NotFound(f"No enforcement case {reference}")
        return case

    def audit(self, council: str, reference: str) -> builtins.list[AuditEntry]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :audit)",
            ExpressionAttributeValues={":pk": enforcement_pk(council, reference), ":audit": AUDIT_PREFIX},
        )
        return [AuditEntry.model_validate(i) for i in items]

    def case_writes(self, before: EnforcementCase | None, after: EnforcementCase) -> builtins.list[Write]:
        """The writes storing ``after`` (guarded by ``before``'s version, or new), its list row and any notice
        newly served."""
        put: dict[str, Any] = {"Item": _stored(after)}
        if before is None:
            put["ConditionExpression"] = "attribute_not_exists(pk)"
        else:
            put["ConditionExpression"] = "#v = :expected"
            put["ExpressionAttributeNames"] = {"#v": "version"}
            put["ExpressionAttributeValues"] = {":expected": before.version}
        writes: builtins.list[Write] = [{"Put": put}]
        old_row, new_row = (_row(before) if before else None), _row(after)
        if new_row and new_row != old_row:
            writes.append({"Put": {"Item": new_row}})
        if old_row and not new_row:
            writes.append({"Delete": {"Key": {"pk": old_row["pk"], "sk": old_row["sk"]}}})
        known = {n.id for n in before.notices} if before else set()
        writes += [self._notice_write(after, n) for n in after.notices if n.id not in known]
        return writes

    @staticmethod
    def _notice_write(case: EnforcementCase, notice: Notice) -> Write:
        served = ServedNotice(
            reference=case.reference, notice_id=notice.id, kind=notice.kind, served_on=notice.served_on
        )
        return {
            "Put": {
                "Item": {
                    "pk": _notice_pk(case.council, notice.served_on.year),
                    "sk": f"{notice.served_on.isoformat()}#{case.reference}#{notice.id}",
                    "kind": "enforcement_notice",
                    **served.model_dump(mode="json"),
                }
            }
        }

    def audit_write(self, council: str, reference: str, entry: AuditEntry, *, key: str | None = None) -> Write:
        """Appends an audit entry (``key`` makes it deterministic, for a retried workflow task)."""
        return {
            "Put": {
                "Item": {
                    "pk": enforcement_pk(council, reference),
                    "sk": f"{AUDIT_PREFIX}{entry.at}#{key or secrets.token_hex(4)}",
                    "kind": "audit",
                    **entry.model_dump(exclude_none=True),
                }
            }
        }

    def save(
        self, before: EnforcementCase | None, after: EnforcementCase, audit: AuditEntry, *, key: str | None = None
    ) -> None:
        """The case, its row, its new notices and its audit entry: all or nothing (409 when someone else
        changed the case since ``before`` was read)."""
        self.table.transact(
            [*self.case_writes(before, after), self.audit_write(after.council, after.reference, audit, key=key)],
            conflict_message=f"Enforcement case {after.reference} was changed by someone else; reload it",
        )

    def set_task_token(self, case: EnforcementCase, token: str | None) -> None:
        """Keeps (or clears) the workflow's task token, guarded by the officers' step as read: ``Conflict``
        when an officer moved the case on meanwhile. No row shows it, no audit entry. It moves the version:
        an officer's step read before it then fails its write and is taken again on the case with the token
        (else that write would drop the token unused, and the workflow would wait for ever)."""
        names = {"#step": "step", "#t": "task_token", "#v": "version"}
        values: dict[str, Any] = {":step": case.step, ":one": 1}
        if token is None:
            expression = "REMOVE #t ADD #v :one"
        else:
            expression, values[":t"] = "SET #t = :t ADD #v :one", token
        self.table.update(
            enforcement_pk(case.council, case.reference),
            CASE_SK,
            expression=expression,
            names=names,
            values=values,
            condition="#step = :step",
            conflict_message=f"Enforcement case {case.reference} was changed meanwhile",
        )

    def open_cases(self, council: str) -> builtins.list[EnforcementRow]:
        """The council's open cases, oldest report first (a caseload: tens of rows, read whole)."""
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": _open_pk(council)}
        )
        return [EnforcementRow.model_validate(i) for i in items]

    def notices_served(self, council: str, start: date, end: date) -> builtins.list[ServedNotice]:
        """The notices served from ``start`` to ``end`` inclusive (a quarter: one or two partitions)."""
        found: builtins.list[ServedNotice] = []
        for year in range(start.year, end.year + 1):
            items = self.table.query_all(
                KeyConditionExpression="pk = :pk AND sk BETWEEN :from AND :to",
                ExpressionAttributeValues={
                    ":pk": _notice_pk(council, year),
                    ":from": start.isoformat(),
                    ":to": f"{end.isoformat()}#~",
                },
            )
            found += [ServedNotice.model_validate(i) for i in items]
        return found
