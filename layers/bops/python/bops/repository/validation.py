"""Validation requests of an application, and the record of the automated checks on arrival.

Items on the application's partition (pk ``{council}#APP#{reference}``):
  ``REQ#{request_id}``   a validation request (``domain.validation_requests.ValidationRequest``), with the
                         hash of its applicant link secret while the link works (``link_hash``)
The checks' report is kept on the case item itself (``validation_report``), written once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from bops.domain.validation_requests import ValidationRequest
from bops.repository.keys import CASE_SK, app_pk
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
        """The checks' report on the case, its audit entry and the drafted requests, all or nothing, once:
        Conflict when the case already has a report (a retried task) or is gone."""
        record = {
            "Update": {
                "Key": {"pk": app_pk(council, reference), "sk": CASE_SK},
                "UpdateExpression": "SET validation_report = :r ADD #v :one",
                "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(validation_report)",
                "ExpressionAttributeNames": {"#v": "version"},
                "ExpressionAttributeValues": {":r": report, ":one": 1},
            }
        }
        self.table.transact(
            [record, audit_write(audit), *(self.write(council, reference, d) for d in drafts)],
            conflict_message="The automated checks are already recorded",
        )
