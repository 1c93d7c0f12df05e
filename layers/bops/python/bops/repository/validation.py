"""Validation requests of an application, and the record of the automated checks on arrival.

Items on the application's partition (pk ``{council}#APP#{reference}``):
  ``REQ#{request_id}``   a validation request (``domain.validation_requests.ValidationRequest``), with the
                         hash of its applicant link secret while the link works (``link_hash``)
  ``CHECKS``             the automated checks' report (``report``), written once on arrival

The report (~2 KB of evidence) is an item of its own, not an attribute of the case: it never changes
after arrival, and on the case it would be rewritten with every later change (a case is written ~16 times,
mostly in transactions, which bill twice its size). The case's partition Query still brings it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from bops.domain.validation_requests import ValidationRequest
from bops.repository.keys import REPORT_SK, app_pk
from bops.repository.writes import Write, audit_write, put_write

if TYPE_CHECKING:
    from bops.repository.table import Table

REQUEST_PREFIX = "REQ#"


def request_sk(request_id: str) -> str:
    return f"{REQUEST_PREFIX}{request_id}"


class ValidationRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- reading -------------------------------------------------------------------------------------
    def list(self, council: str, reference: str) -> list[ValidationRequest]:
        """Every validation request of the application, in no particular order."""
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :req)",
            ExpressionAttributeValues={":pk": app_pk(council, reference), ":req": REQUEST_PREFIX},
        )
        return [ValidationRequest.model_validate(i) for i in items]

    def get(self, council: str, reference: str, request_id: str) -> ValidationRequest | None:
        item = self.table.get(app_pk(council, reference), request_sk(request_id))
        return ValidationRequest.model_validate(item) if item else None

    def link_hash(self, council: str, reference: str, request_id: str) -> str | None:
        """The hash of the request's applicant link secret; None when there is no such request or link."""
        item = self.table.get(app_pk(council, reference), request_sk(request_id))
        return item.get("link_hash") if item else None

    def report(self, council: str, reference: str) -> dict[str, Any] | None:
        """The automated checks' report; None before the checks ran."""
        item = self.table.get(app_pk(council, reference), REPORT_SK)
        return report_of(item) if item else None

    # --- writing -------------------------------------------------------------------------------------
    def write(self, council: str, reference: str, request: ValidationRequest, *, link_hash: str | None = None) -> Write:
        """The request as a transaction write. It replaces the stored request: without ``link_hash`` the
        request has no working applicant link."""
        item = {
            "pk": app_pk(council, reference),
            "sk": request_sk(request.id),
            "kind": "validation_request",
            **request.model_dump(mode="json"),
            "link_hash": link_hash,
        }
        return put_write(item)

    def save(
        self,
        council: str,
        reference: str,
        request: ValidationRequest,
        *,
        audit: Mapping[str, Any],
        link_hash: str | None = None,
        also: Iterable[Write] = (),
        conflict_message: str,
    ) -> None:
        """The request, its audit entry and ``also`` (say, the change it makes to the case): all or nothing."""
        self.table.transact(
            [self.write(council, reference, request, link_hash=link_hash), audit_write(audit), *also],
            conflict_message=conflict_message,
        )

    def record_checks(
        self,
        council: str,
        reference: str,
        *,
        report: dict[str, Any],
        audit: Mapping[str, Any],
        drafts: Iterable[ValidationRequest],
    ) -> None:
        """The checks' report, its audit entry and the drafted requests, all or nothing, once: Conflict when
        the report is already recorded (a retried task). The caller has read the case (cases are never
        deleted), so the case itself is not written or checked: a later write of it stays small."""
        record = put_write(
            {"pk": app_pk(council, reference), "sk": REPORT_SK, "kind": "validation_report", "report": report},
            condition="attribute_not_exists(pk)",
        )
        self.table.transact(
            [record, audit_write(audit), *(self.write(council, reference, d) for d in drafts)],
            conflict_message="The automated checks are already recorded",
        )


def is_report(item: Mapping[str, Any]) -> bool:
    """Whether a stored item of the case's partition is the checks' report."""
    return item.get("sk") == REPORT_SK


def report_of(item: Mapping[str, Any]) -> dict[str, Any]:
    """The report a stored report item holds."""
    return dict(item["report"])
