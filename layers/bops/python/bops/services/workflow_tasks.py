"""What the Step Functions tasks do. Each is idempotent: a retried task changes nothing twice."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bops.domain import clock as statutory
from bops.domain.errors import Conflict, NotFound
from bops.domain.lifecycle import FINAL_STATUSES
from bops.domain.time import iso, london_date
from bops.repository.keys import CASE_SK, app_pk
from bops.services.audit import audit_item
from bops.services.context import Context

logger = logging.getLogger("bops.workflow")
WORKFLOW_ACTOR = "system:workflow"
LONDON = ZoneInfo("Europe/London")
FINAL = {s.value for s in FINAL_STATUSES}


class TransientError(Exception):
    """A failure worth retrying (the state machine retries this error name with backoff)."""


def _case(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    case = ctx.repo.cases.get(council, reference)
    if not case:
        raise NotFound(f"No application {reference}")
    return case


def _mark(
    ctx: Context,
    case: dict[str, Any],
    *,
    updates: dict[str, Any],
    guard: str,
    guard_values: dict[str, Any],
    action: str,
    after: dict[str, Any] | None = None,
) -> bool:
    """Sets attributes on the case with an audit entry, once: False when ``guard`` shows it was done."""
    council, reference = case["council"], case["reference"]
    at = iso(ctx.clock.now())
    names = {f"#u{i}": k for i, k in enumerate(updates)}
    values = {f":u{i}": v for i, v in enumerate(updates.values())}
    expression = "SET " + ", ".join(f"#u{i} = :u{i}" for i in range(len(updates))) + " ADD #version :one"
    names["#version"] = "version"
    values[":one"] = 1
    values.update(guard_values)
    try:
        ctx.repo.transact(
            [
                {
                    "Update": {
                        "Key": {"pk": app_pk(council, reference), "sk": CASE_SK},
                        "UpdateExpression": expression,
                        "ConditionExpression": f"attribute_exists(pk) AND ({guard})",
                        "ExpressionAttributeNames": names,
                        "ExpressionAttributeValues": values,
                    }
                },
                {
                    "Put": {
                        "Item": audit_item(council, reference, at=at, actor=WORKFLOW_ACTOR, action=action, after=after)
                    }
                },
            ],
            conflict_message="already done",
        )
        return True
    except Conflict:
        return False


def record_receipt(ctx: Context, council: str, reference: str, execution: str | None = None) -> dict[str, Any]:
    case = _case(ctx, council, reference)
    _mark(
        ctx,
        case,
        updates={"receipt_recorded_at": iso(ctx.clock.now()), "workflow_execution": execution or ""},
        guard="attribute_not_exists(receipt_recorded_at)",
        guard_values={},
        action="workflow.receipt_recorded",
    )
    return {"status": case["status"]}


def await_officer(
    ctx: Context, council: str, reference: str, milestone: str, statuses: list[str], task_token: str
) -> dict[str, Any]:
    """Keeps the task token on the case; the officer's action resumes the execution with it.

    If the officers moved the case on before the workflow got here, it resumes itself at once with
    the case's status, so the workflow can never wait for something that has already happened.
    """
    response = ctx.repo.table.update_item(
        Key={"pk": app_pk(council, reference), "sk": CASE_SK},
        UpdateExpression="SET task_token = :t, awaiting = :m ADD #version :one",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeNames={"#version": "version"},
        ExpressionAttributeValues={":t": task_token, ":m": milestone, ":one": 1},
        ReturnValues="ALL_NEW",
    )
    status = response["Attributes"]["status"]
    if status not in statuses:
        ctx.workflow.resume(task_token, {"status": status})
        return {"awaiting": None, "status": status}
    return {"awaiting": milestone, "status": status}


def check_deadlines(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """Announces 'approaching expiry' and 'overdue' once per determination date; says when to look again."""
    case = _case(ctx, council, reference)
    now = ctx.clock.now()
    if case["status"] in FINAL:
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    deadline_text = case.get("extended_expiry_date") or case.get("expiry_date")
    wake = now + timedelta(seconds=ctx.timer_recheck_seconds)
    if deadline_text:
        deadline = date.fromisoformat(deadline_text)
        approaching = statutory.approaching_expiry_date(deadline)
        overdue = deadline + timedelta(days=1)
        today = london_date(now)
        if today >= approaching and case.get("approaching_announced_for") != deadline_text:
            _announce(ctx, case, "approaching", deadline_text, "application.expiry_approaching")
        if today >= overdue and case.get("overdue_announced_for") != deadline_text:
            _announce(ctx, case, "overdue", deadline_text, "application.overdue")
        for day in (approaching, overdue):
            moment = datetime.combine(day, time(0, 0, 1), tzinfo=LONDON)
            if moment > now:
                wake = min(wake, moment)
    return {"finished": False, "wake_at": iso(ctx.clock.to_real(wake))}


def _announce(ctx: Context, case: dict[str, Any], kind: str, deadline: str, event: str) -> None:
    # Recorded first, then published: a retry after a failure between the two never publishes twice.
    attribute = f"{kind}_announced_for"
    marked = _mark(
        ctx,
        case,
        updates={attribute: deadline},
        guard=f"attribute_not_exists({attribute}) OR {attribute} <> :d",
        guard_values={":d": deadline},
        action=event,
        after={"determination_date": deadline},
    )
    if marked:
        ctx.events.publish(
            event,
            {
                "council": case["council"],
                "reference": case["reference"],
                "determination_date": deadline,
                "event_id": f"{case['reference']}:{kind}:{deadline}",
            },
        )


def record_failure(ctx: Context, council: str, reference: str, error: dict[str, Any]) -> dict[str, Any]:
    """A failed step is recorded on the case, never dropped silently."""
    at = iso(ctx.clock.now())
    detail = {"error": str(error.get("Error", "unknown"))[:200], "cause": str(error.get("Cause", ""))[:1000], "at": at}
    case = _case(ctx, council, reference)
    _mark(
        ctx,
        case,
        updates={"workflow_error": detail},
        guard="attribute_exists(pk)",
        guard_values={},
        action="workflow.failed",
        after=detail,
    )
    return {"recorded": True}


def record_determination(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """Issues the decision notice (HTML and PDF, kept in S3 and linked on the case) and announces it."""
    from bops.domain.decision_notice import DecisionNotice, render_html, render_pdf
    from bops.services.councils import get_council

    case = _case(ctx, council, reference)
    if case["status"] != "determined" or not case.get("decision"):
        raise Conflict(f"Application {reference} is not determined")
    decision = case["decision"]
    existing = case.get("decision_notice")
    if existing and existing.get("determined_on") == decision["determined_on"]:
        return {"notice_key": existing["pdf_key"]}
    notice = DecisionNotice(
        council_name=get_council(ctx, council).name,
        reference=reference,
        application_type_name=case["application_type_name"],
        application_type_code=case["application_type"],
        site_address=case["site"]["address"],
        description=case["description"],
        applicant_name=(case.get("applicant") or {}).get("name") or None,
        agent_name=(case.get("agent") or {}).get("name") or None,
        decision=decision["decision"],
        decided_on=date.fromisoformat(decision["determined_on"]),
        received_on=date.fromisoformat(case["received_on"]),
        valid_from=date.fromisoformat(case["valid_from"]) if case.get("valid_from") else None,
        conditions=decision.get("conditions") or [],
        reasons=decision.get("reasons") or [],
        signatory_name=decision["determined_by"],
        signatory_title="Reviewing planning officer"
        if decision.get("made_by") != "committee"
        else "On behalf of the Planning Committee",
    )
    prefix = f"notices/{council}/{reference}/decision-notice-{decision['determined_on']}"
    # Written before the case records them: a retry overwrites the same keys with the same notice.
    ctx.storage.put(f"{prefix}.html", render_html(notice).encode(), "text/html; charset=utf-8")
    ctx.storage.put(f"{prefix}.pdf", render_pdf(notice), "application/pdf")
    record = {
        "html_key": f"{prefix}.html",
        "pdf_key": f"{prefix}.pdf",
        "determined_on": decision["determined_on"],
        "issued_at": iso(ctx.clock.now()),
    }
    if _mark(
        ctx,
        case,
        updates={"decision_notice": record},
        guard="attribute_not_exists(decision_notice) OR decision_notice.determined_on <> :d",
        guard_values={":d": decision["determined_on"]},
        action="decision_notice.issued",
        after={"decision": decision["decision"]},
    ):
        ctx.events.publish(
            "application.decision_notice_issued",
            {
                "council": council,
                "reference": reference,
                "decision": decision["decision"],
                "event_id": f"{reference}:notice:{decision['determined_on']}",
            },
        )
    return {"notice_key": record["pdf_key"]}
