"""Reading cases and moving them through the lifecycle."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from bops.adapters.dynamodb import CASE_SK, app_pk, list_keys
from bops.auth import Identity
from bops.domain.application import ApplicationSummary, AuditEntry, Document, PlanningApplication, is_reference
from bops.domain.errors import Conflict, FieldError, InvalidRequest, NotFound
from bops.domain.time import iso
from bops.services.audit import audit_item
from bops.services.context import Context

MAX_PAGE = 100


class ApplicationList(BaseModel):
    applications: list[ApplicationSummary]
    next_cursor: str | None = Field(None, description="Pass as ?cursor= to get the next page")


class ApplicationDetail(BaseModel):
    application: PlanningApplication
    documents: list[Document]
    audit: list[AuditEntry]


class ValidationDecision(BaseModel):
    decision: Literal["valid", "invalid"]
    reason: str | None = Field(None, max_length=2000, description="Why it is invalid (required for invalid)")


def list_applications(
    ctx: Context, identity: Identity, *, status: str | None, limit: int, cursor: str | None
) -> ApplicationList:
    items, next_cursor = ctx.repo.list_cases(identity.council, status=status, limit=limit, cursor=cursor)
    return ApplicationList(
        applications=[
            ApplicationSummary(
                reference=i["reference"],
                application_type=i["application_type"],
                application_type_name=i["application_type_name"],
                status=i["status"],
                received_at=i["received_at"],
                site_address=i["site"]["address"],
                postcode=i["site"].get("postcode"),
                description=i["description"],
            )
            for i in items
        ],
        next_cursor=next_cursor,
    )


def load_case(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    case = ctx.repo.get_case(council, reference) if is_reference(reference) else None
    if not case:
        raise NotFound(f"No application {reference}")
    return case


def get_application(ctx: Context, identity: Identity, reference: str) -> ApplicationDetail:
    if not is_reference(reference):
        raise NotFound(f"No application {reference}")
    items = ctx.repo.get_case_with_children(identity.council, reference)
    case = next((i for i in items if i["sk"] == CASE_SK), None)
    if not case:
        raise NotFound(f"No application {reference}")
    return ApplicationDetail(
        application=PlanningApplication.model_validate(case),
        documents=[Document.model_validate(i) for i in items if i["sk"].startswith("DOC#")],
        audit=[AuditEntry.model_validate(i) for i in items if i["sk"].startswith("AUDIT#")],
    )


def change_status(
    ctx: Context,
    case: dict[str, Any],
    *,
    new_status: str,
    actor: str,
    action: str,
    reason: str | None = None,
    stamps: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
    remove: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Writes a status change and its audit entry in one transaction, guarded by the case's version.

    Two officers acting at once: the second write fails its version condition and gets 409.
    """
    at = iso(ctx.clock.now())
    council, reference = case["council"], case["reference"]
    updates: dict[str, Any] = {
        "status": new_status,
        "updated_at": at,
        "version": case["version"] + 1,
        **(stamps or {}),
        **(extra or {}),
        **{k: v for k, v in list_keys(council, new_status, case["received_at"], reference).items()},
    }
    names = {f"#a{i}": k for i, k in enumerate(updates)}
    values = {f":v{i}": v for i, v in enumerate(updates.values())}
    expression = "SET " + ", ".join(f"#a{i} = :v{i}" for i in range(len(updates)))
    if remove:
        names.update({f"#r{i}": k for i, k in enumerate(remove)})
        expression += " REMOVE " + ", ".join(f"#r{i}" for i in range(len(remove)))
    names["#version"] = "version"
    names["#status"] = "status"
    values[":expected"] = case["version"]
    values[":current"] = case["status"]
    ctx.repo.transact(
        [
            {
                "Update": {
                    "Key": {"pk": app_pk(council, reference), "sk": CASE_SK},
                    "UpdateExpression": expression,
                    "ConditionExpression": "#version = :expected AND #status = :current",
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": values,
                }
            },
            {
                "Put": {
                    "Item": audit_item(
                        council,
                        reference,
                        at=at,
                        actor=actor,
                        action=action,
                        reason=reason,
                        before={"status": case["status"]},
                        after={"status": new_status, **(stamps or {})},
                    )
                }
            },
        ],
        conflict_message=f"Application {reference} was changed by someone else; reload it and try again",
    )
    updated = {**case, **updates}
    for key in remove:
        updated.pop(key, None)
    return updated


def decide_validation(ctx: Context, identity: Identity, reference: str, request: ValidationDecision) -> ApplicationDetail:
    """The officer's validation decision: valid -> in assessment, invalid -> invalidated.

    It is written as a guarded transition and then resumes the workflow waiting on the decision.
    """
    case = load_case(ctx, identity.council, reference)
    allowed_from = ("not_started", "invalidated") if request.decision == "valid" else ("not_started",)
    if case["status"] not in allowed_from:
        raise Conflict(f"Application {reference} is {case['status']}: it cannot be marked {request.decision}")
    if request.decision == "invalid" and not (request.reason or "").strip():
        raise InvalidRequest("Say what is missing or wrong", fields=[FieldError("reason", "required when invalid")])
    token = case.get("task_token")
    if case.get("awaiting") != "validation_decision" or not token:
        raise Conflict(f"Application {reference} is still being received; try again in a moment")
    at = iso(ctx.clock.now())
    if request.decision == "valid":
        new_status, stamps, action = "in_assessment", {"validated_at": at}, "application.validated"
    else:
        new_status, stamps, action = "invalidated", {"invalidated_at": at}, "application.invalidated"
    change_status(
        ctx,
        case,
        new_status=new_status,
        actor=identity.actor,
        action=action,
        reason=request.reason,
        stamps=stamps,
        remove=("task_token", "awaiting"),
    )
    ctx.workflow.resume(token, {"outcome": request.decision})
    ctx.events.publish(action, {"council": identity.council, "reference": reference, "status": new_status})
    return get_application(ctx, identity, reference)
