"""What the Step Functions tasks do. Each is idempotent: a retried task changes nothing twice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bops.domain import clock as statutory
from bops.domain.errors import Conflict, NotFound
from bops.domain.lifecycle import FINAL_STATUSES
from bops.domain.time import iso, london_date
from bops.services.audit import audit_item
from bops.services.cases import case_operations
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
    still_to_do: Callable[[dict[str, Any]], bool],
    action: str,
    after: dict[str, Any] | None = None,
) -> bool:
    """Sets attributes on the case with an audit entry, once: False when ``still_to_do`` shows, on the
    case as stored, that it was done already (by an earlier try of this task, say).

    The write is guarded by the case's version; when anything changed the case meanwhile it is read
    again and the check made again, so two tries of a task can never both write."""
    council, reference = case["council"], case["reference"]
    current: dict[str, Any] | None = case
    for _attempt in range(5):
        if current is None or not still_to_do(current):
            return False
        at = iso(ctx.clock.now())
        _after, operations = case_operations(current, updates, at=at)
        audit = audit_item(council, reference, at=at, actor=WORKFLOW_ACTOR, action=action, after=after)
        try:
            ctx.repo.transact([*operations, {"Put": {"Item": audit}}], conflict_message="changed meanwhile")
            return True
        except Conflict:
            current = ctx.repo.cases.get(council, reference)
    raise TransientError(f"Application {reference} kept changing; try again")


def record_receipt(ctx: Context, council: str, reference: str, execution: str | None = None) -> dict[str, Any]:
    case = _case(ctx, council, reference)
    _mark(
        ctx,
        case,
        updates={"receipt_recorded_at": iso(ctx.clock.now()), "workflow_execution": execution or ""},
        still_to_do=lambda stored: "receipt_recorded_at" not in stored,
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
    case = _case(ctx, council, reference)
    if milestone == "assessment":
        from bops.services.validation import tell_applicant_valid_when_possible

        # the application was just made valid: the applicant hears of it (sent once; see the function)
        tell_applicant_valid_when_possible(ctx, case)
    for _attempt in range(5):
        status = case["status"]
        if status not in statuses:
            ctx.workflow.resume(task_token, {"status": status})
            return {"awaiting": None, "status": status}
        # Kept only on the case as read: an officer who moved it on meanwhile changed its version, so
        # the write fails and the status is looked at again. No row shows these and no officer sees
        # them, so it is one UpdateItem, without an audit entry.
        try:
            ctx.repo.cases.set_unlisted(
                case, {"task_token": task_token, "awaiting": milestone}, at=iso(ctx.clock.now())
            )
            return {"awaiting": milestone, "status": status}
        except Conflict:
            case = _case(ctx, council, reference)
    raise TransientError(f"Application {reference} kept changing; try again")


# Once the determination date has passed and 'overdue' is announced, nothing is due until an extension of
# time moves the date; the timer of an overdue case looks in weekly so a late extension still gets its
# own 'approaching' and 'overdue'. Cases within their dates never wake but for a deadline or a change.
OVERDUE_RECHECK = timedelta(days=7)


def check_deadlines(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """Announces 'approaching expiry' and 'overdue' once per determination date, and says when the next
    of them is due: the timer sleeps until then, not on a fixed period.

    An extension of time only ever moves the date later, so a timer asleep for the old date wakes, finds
    the new date here, announces nothing and sleeps until the new one: one extra wake per change."""
    case = _case(ctx, council, reference)
    now = ctx.clock.now()
    if case["status"] in FINAL:
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    deadline_text = case.get("extended_expiry_date") or case.get("expiry_date")
    if not deadline_text:
        return wake_at(ctx, None)
    deadline = date.fromisoformat(deadline_text)
    approaching = statutory.approaching_expiry_date(deadline)
    overdue = deadline + timedelta(days=1)
    today = london_date(now)
    if today >= approaching and case.get("approaching_announced_for") != deadline_text:
        _announce(ctx, case, "approaching", deadline_text, "application.expiry_approaching")
    if today >= overdue and case.get("overdue_announced_for") != deadline_text:
        _announce(ctx, case, "overdue", deadline_text, "application.overdue")
    upcoming = [moment for moment in (_start_of(approaching), _start_of(overdue)) if moment > now]
    return wake_at(ctx, min(upcoming) if upcoming else now + OVERDUE_RECHECK)


def _start_of(day: date) -> datetime:
    """The first moment of an English calendar day on which something is due (a second in, so the
    London date is that day whatever the clocks did)."""
    return datetime.combine(day, time(0, 0, 1), tzinfo=LONDON)


def wake_at(ctx: Context, due: datetime | None) -> dict[str, Any]:
    """A timer task's answer when nothing more is to be done now: sleep until ``due`` (the next moment
    something is due), or the re-check ceiling where one is set (the local run sets one so that moving
    the demo clock shows the timers; on AWS it is longer than an execution can last)."""
    now = ctx.clock.now()
    ceiling = now + timedelta(seconds=ctx.timer_recheck_seconds)
    wake = ceiling if due is None else min(max(due, now), ceiling)
    return {"finished": False, "wake_at": iso(ctx.clock.to_real(wake))}


def _announce(ctx: Context, case: dict[str, Any], kind: str, deadline: str, event: str) -> None:
    # Recorded first, then published: a retry after a failure between the two never publishes twice.
    attribute = f"{kind}_announced_for"
    marked = _mark(
        ctx,
        case,
        updates={attribute: deadline},
        still_to_do=lambda stored: stored.get(attribute) != deadline,
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
        still_to_do=lambda _stored: True,
        action="workflow.failed",
        after=detail,
    )
    return {"recorded": True}


def record_determination(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """Issues the decision notice and the officer report (HTML and PDF, kept in S3 and linked on the case),
    announces the notice and emails it to the applicant and the agent (``bops.services.determination``)."""
    from bops.services import determination

    case = _case(ctx, council, reference)
    if case["status"] != "determined" or not case.get("decision"):
        raise Conflict(f"Application {reference} is not determined")
    decision = case["decision"]
    existing = case.get("decision_notice")
    if existing and existing.get("determined_on") == decision["determined_on"]:
        determination.email_notice(ctx, case)  # an earlier try may have stopped before the emails
        return {"notice_key": existing["pdf_key"]}
    record = determination.issue(ctx, case)
    if _mark(
        ctx,
        case,
        updates={"decision_notice": record},
        still_to_do=lambda stored: (
            (stored.get("decision_notice") or {}).get("determined_on") != decision["determined_on"]
        ),
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
    determination.email_notice(ctx, case)
    return {"notice_key": record["pdf_key"]}
