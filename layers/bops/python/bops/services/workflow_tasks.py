"""What the Step Functions tasks do. Each is idempotent: a retried task changes nothing twice."""

from __future__ import annotations

from typing import Any

from bops.adapters.dynamodb import CASE_SK, app_pk
from bops.domain.errors import Conflict, NotFound
from bops.domain.time import iso
from bops.services.audit import audit_item
from bops.services.context import Context

WORKFLOW_ACTOR = "system:workflow"


def record_receipt(ctx: Context, council: str, reference: str, execution: str | None = None) -> dict[str, Any]:
    case = ctx.repo.get_case(council, reference)
    if not case:
        raise NotFound(f"No application {reference}")
    if case.get("receipt_recorded_at"):
        return {"status": case["status"], "already_recorded": True}
    at = iso(ctx.clock.now())
    try:
        ctx.repo.transact(
            [
                {
                    "Update": {
                        "Key": {"pk": app_pk(council, reference), "sk": CASE_SK},
                        "UpdateExpression": "SET receipt_recorded_at = :at, workflow_execution = :ex",
                        "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(receipt_recorded_at)",
                        "ExpressionAttributeValues": {":at": at, ":ex": execution or ""},
                    }
                },
                {
                    "Put": {
                        "Item": audit_item(
                            council, reference, at=at, actor=WORKFLOW_ACTOR, action="workflow.receipt_recorded"
                        )
                    }
                },
            ],
            conflict_message="receipt already recorded",
        )
    except Conflict:
        pass  # a retry after a write that succeeded: nothing more to do
    return {"status": case["status"], "already_recorded": False}


def await_officer(ctx: Context, council: str, reference: str, milestone: str, task_token: str) -> dict[str, Any]:
    """Keeps the task token on the case; the officer's action resumes the execution with it."""
    ctx.repo.table.update_item(
        Key={"pk": app_pk(council, reference), "sk": CASE_SK},
        UpdateExpression="SET task_token = :t, awaiting = :m",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={":t": task_token, ":m": milestone},
    )
    return {"awaiting": milestone}


def record_failure(ctx: Context, council: str, reference: str, error: dict[str, Any]) -> dict[str, Any]:
    """A failed step is recorded on the case, never dropped silently."""
    at = iso(ctx.clock.now())
    detail = {"error": str(error.get("Error", "unknown"))[:200], "cause": str(error.get("Cause", ""))[:1000], "at": at}
    ctx.repo.transact(
        [
            {
                "Update": {
                    "Key": {"pk": app_pk(council, reference), "sk": CASE_SK},
                    "UpdateExpression": "SET workflow_error = :e",
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeValues": {":e": detail},
                }
            },
            {
                "Put": {
                    "Item": audit_item(
                        council, reference, at=at, actor=WORKFLOW_ACTOR, action="workflow.failed", after=detail
                    )
                }
            },
        ],
        conflict_message="no such case",
    )
    return {"recorded": True}
