"""Reading cases and moving them through the lifecycle.

Every change is one DynamoDB transaction: the case (guarded by its ``version``), its dashboard entries
and its audit entry. A status change then resumes the workflow waiting on the case.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from bops.auth import Identity
from bops.domain import clock as statutory
from bops.domain import lifecycle
from bops.domain.application import ApplicationSummary, AuditEntry, Document, PlanningApplication, is_reference
from bops.domain.application_types import get_type
from bops.domain.errors import Conflict, FieldError, InvalidRequest, NotFound
from bops.domain.lifecycle import Decision, Event
from bops.domain.time import PlausibleDate, check_date_between, iso, london_date
from bops.domain.waiting import Waiting
from bops.model import Model
from bops.repository.cases import CaseRow, case_writes
from bops.services.context import Context

logger = logging.getLogger("bops.cases")

MAX_PAGE = 100
MAX_REPORT = 60_000  # characters: at most 240 KB in UTF-8, well inside an item (400 KB)
#: The validation checks whose failure must be resolved (or overridden by a reviewer) before a decision:
#: no fee, no valid application (DMPO 2015 art. 11(1)(c)); no correct ownership certificate, no lawful
#: decision (TCPA 1990 s. 65(5)). Each is resolved by the validation request of its type, closed.
MANDATORY_CHECKS = {"fee": "fee_change", "ownership_certificate": "ownership_certificate"}
#: The stored item keeping the recommendation's officer report (several KB: not on the case).
REPORT_TASK = "officer_report"
# Workflow bookkeeping kept on the case item but never shown.
PRIVATE_FIELDS = ("task_token",)


# --- views -------------------------------------------------------------------------------------
class ApplicationList(Model):
    applications: list[ApplicationSummary]
    next_cursor: str | None = Field(None, description="Pass as ?cursor= to get the next page")


class ApplicationDetail(Model):
    application: PlanningApplication
    documents: list[Document]
    audit: list[AuditEntry]
    available_actions: list[str] = Field(description="Lifecycle events the case's status allows now")
    appeal_non_determination_from: str | None = Field(
        None,
        description="The first day the applicant may appeal against non-determination (TCPA 1990 s. 78(2)): "
        "the day after the expiry date, or after the extension of time agreed; none once decided",
    )
    appeal_deadline: str | None = Field(
        None,
        description="The last day to appeal (DMPO 2015 art. 37(2)): 12 weeks from a householder or minor "
        "commercial refusal, else 6 months from the decision notice, or from expiry for non-determination",
    )
    waiting: Waiting | None = Field(
        None, description="Whom the case waits on now, from its status, open validation requests and consultation"
    )
    unresolved_checks: list[str] = Field(
        default_factory=list,
        description="While a decision is awaited: the mandatory validation checks (fee, ownership_certificate) "
        "that failed and were not resolved; determining needs a reviewer's override_checks",
    )


def summary_of(ctx: Context, item: dict[str, Any]) -> ApplicationSummary:
    """The list row of a case (a case, or a dashboard / list row of one)."""
    from bops.domain.waiting import waiting_on

    row = CaseRow.model_validate(item)
    days, tag = deadline_figures(ctx, item)
    # a row carries the status only (no consultation, no requests): see bops.domain.waiting
    waiting = waiting_on(row.status)
    return ApplicationSummary(
        reference=row.reference,
        application_type=row.application_type,
        application_type_name=row.application_type_name,
        status=row.status,
        received_at=row.received_at,
        site_address=row.site["address"],
        postcode=row.site.get("postcode"),
        description=row.description,
        assigned_officer=row.assigned_officer,
        expiry_date=row.extended_expiry_date or row.expiry_date,
        days_left=days,
        deadline_status=tag,
        waiting_on=waiting.party,
        waiting_reason=waiting.reason,
    )


def deadline_figures(ctx: Context, case: dict[str, Any]) -> tuple[int | None, str | None]:
    """Business days left to the determination deadline (negative when overdue), and its tag."""
    deadline = case.get("extended_expiry_date") or case.get("expiry_date")
    if not deadline or case["status"] in {s.value for s in lifecycle.FINAL_STATUSES}:
        return None, None
    days = statutory.days_left(date.fromisoformat(deadline), london_date(ctx.clock.now()))
    return days, statutory.status_tag(days).value


def list_applications(
    ctx: Context, identity: Identity, *, status: str | None, limit: int, cursor: str | None
) -> ApplicationList:
    items, next_cursor = ctx.repo.cases.list(identity.council, status=status, limit=limit, cursor=cursor)
    return ApplicationList(applications=[summary_of(ctx, i) for i in items], next_cursor=next_cursor)


def dashboard_view(
    ctx: Context,
    identity: Identity,
    *,
    tab: str,
    status: str | None,
    application_type: str | None,
    limit: int,
    cursor: str | None,
    officer: str | None = None,
) -> ApplicationList:
    """A dashboard tab, sorted by determination deadline (soonest first). The reviewers' "to review" tab
    reads the ``all`` rows by status (an index): it costs no write of its own. ``officer``: with the
    ``mine`` tab, that officer's cases instead (the team view links to them)."""
    from bops.domain.dashboard import view_of

    partition_tab, status = view_of(tab, officer or identity.name, status)
    items, next_cursor = ctx.repo.cases.dashboard(
        identity.council,
        ctx.repo.cases.dashboard_partition(identity.council, partition_tab, status, application_type),
        limit=limit,
        cursor=cursor,
    )
    return ApplicationList(applications=[summary_of(ctx, i) for i in items], next_cursor=next_cursor)


def load_case(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    if not is_reference(reference):
        raise NotFound(f"No application {reference}")
    return ctx.repo.cases.require(council, reference)


def get_application(ctx: Context, identity: Identity, reference: str) -> ApplicationDetail:
    if not is_reference(reference):
        raise NotFound(f"No application {reference}")
    stored = ctx.repo.cases.file(identity.council, reference)
    case = stored.case
    days, tag = deadline_figures(ctx, case)
    # the report is kept beside the case (on it, for a case recorded before it had an item of its own)
    report = stored.validation_report or case.get("validation_report")
    from bops.domain.validation_checks import with_fee_received

    report = with_fee_received(report, case.get("fee"))  # the fee check passes once the fee is paid in full
    # a withdrawn, returned or closed case has nothing left to appeal
    appeals = case["status"] not in {s.value for s in lifecycle.FINAL_STATUSES} or case["status"] == "determined"
    return ApplicationDetail(
        application=PlanningApplication.model_validate(
            {**case, "days_left": days, "deadline_status": tag, "validation_report": report}
        ),
        documents=[Document.model_validate(i) for i in stored.documents],
        audit=stored.audit,
        available_actions=[e.value for e in lifecycle.available_events(case["status"])],
        appeal_non_determination_from=case.get("appeal_non_determination_from") if appeals else None,
        appeal_deadline=case.get("appeal_deadline") if appeals else None,
        waiting=_waiting(ctx, case, stored.requests),
        unresolved_checks=unresolved_checks(ctx, {**case, "validation_report": report})
        if Event.DETERMINE in lifecycle.available_events(case["status"])
        else [],
    )


def _waiting(ctx: Context, case: dict[str, Any], requests: list[dict[str, Any]]) -> Waiting:
    """Whom the case waits on, knowing what its dashboard row does not: the validation requests sent and
    not yet answered, and when its consultation ends."""
    from bops.domain.validation_requests import RequestState
    from bops.domain.waiting import waiting_on

    consultation = _consultation(case)
    return waiting_on(
        case["status"],
        open_requests=sum(r.get("state") == RequestState.OPEN for r in requests),
        consultation_end=consultation.end_date if consultation else None,
        today=london_date(ctx.clock.now()),
    )


# --- writing -----------------------------------------------------------------------------------
# Attributes only the workflow changes: never a conflict with an officer's action, which is re-applied to
# the fresh case (see ``save``).
WORKFLOW_FIELDS = frozenset(
    {
        "version",
        "updated_at",
        "task_token",
        "awaiting",
        "receipt_recorded_at",
        "workflow_execution",
        "workflow_error",
        "decision_notice",
        "approaching_announced_for",
        "overdue_announced_for",
    }
)


def _overlaps(before: dict[str, Any], fresh: dict[str, Any], changes: dict[str, Any]) -> bool:
    """Whether what changed meanwhile conflicts with this change: the status, or any attribute this change
    writes (a change by the workflow to its own bookkeeping, or by anyone to other parts of the case, does
    not)."""
    changed = {k for k in set(before) | set(fresh) if before.get(k) != fresh.get(k)} - WORKFLOW_FIELDS
    return bool(changed & (set(changes) | {"status"}))


class Saved(Model):
    """A written case, and the version of the case the change was applied to."""

    case: dict[str, Any]
    base: dict[str, Any]


def save(
    ctx: Context,
    before: dict[str, Any],
    changes: dict[str, Any],
    *,
    actor: str,
    action: str,
    reason: str | None = None,
    audit_before: dict[str, Any] | None = None,
    audit_after: dict[str, Any] | None = None,
    remove: tuple[str, ...] = (),
    extra: list[dict[str, Any]] | None = None,
) -> Saved:
    """Writes a change to a case with its audit entry and dashboard entries, all or nothing.

    Guarded by the case's ``version``: when two officers act at once, the second gets 409. When only
    the workflow touched the case meanwhile (keeping its task token, say), the change is re-applied.
    """
    base = before
    for _attempt in range(3):
        try:
            return Saved(
                case=_write(
                    ctx,
                    base,
                    changes,
                    actor=actor,
                    action=action,
                    reason=reason,
                    audit_before=audit_before,
                    audit_after=audit_after,
                    remove=remove,
                    extra=extra,
                ),
                base=base,
            )
        except Conflict:
            fresh = ctx.repo.cases.get(base["council"], base["reference"])
            if not fresh or _overlaps(before, fresh, changes):
                raise
            base = fresh
    raise Conflict(f"Application {before['reference']} is busy; try again")


def case_operations(
    before: dict[str, Any], changes: dict[str, Any], *, at: str, remove: tuple[str, ...] = ()
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The changed case and the transaction operations that write it: the case guarded by its version,
    and its dashboard entries. A ``None`` in ``changes`` removes that attribute."""
    after = {**before, **changes, "version": before["version"] + 1, "updated_at": at}
    for key in remove:
        after.pop(key, None)
    after = {k: v for k, v in after.items() if v is not None}
    return after, case_writes(before, after)


def _write(
    ctx: Context,
    before: dict[str, Any],
    changes: dict[str, Any],
    *,
    actor: str,
    action: str,
    reason: str | None,
    audit_before: dict[str, Any] | None,
    audit_after: dict[str, Any] | None,
    remove: tuple[str, ...],
    extra: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    at = iso(ctx.clock.now())
    council, reference = before["council"], before["reference"]
    after, operations = case_operations(before, changes, at=at, remove=remove)
    audit = ctx.repo.cases.audit_write(
        council,
        reference,
        AuditEntry(at=at, actor=actor, action=action, reason=reason, before=audit_before, after=audit_after),
    )
    ctx.repo.transact(
        [*operations, audit, *(extra or [])],
        conflict_message=f"Application {reference} was changed by someone else; reload it and try again",
    )
    return after


def _date(value: Any) -> Any:
    return (
        value.isoformat()
        if isinstance(value, date | datetime) and not isinstance(value, datetime)
        else (iso(value) if isinstance(value, datetime) else value)
    )


def transition(
    ctx: Context,
    identity: Identity,
    case: dict[str, Any],
    event: Event,
    *,
    reason: str | None = None,
    changes: dict[str, Any] | None = None,
    extra: list[dict[str, Any]] | None = None,
    **guard_inputs: Any,
) -> dict[str, Any]:
    """Fires a lifecycle event on a case: guard, write (with audit, and ``extra`` writes in the same
    transaction), resume the workflow, announce."""
    now = ctx.clock.now()
    recommendation = case.get("recommendation") or {}
    inputs: dict[str, Any] = {
        "actor_id": identity.name,
        "actor_roles": identity.roles,
        "now": now,
        "reason": reason,
        "received_on": date.fromisoformat(case["received_on"]),
        "validated_on": date.fromisoformat(case["valid_from"]) if case.get("valid_from") else None,
        "application_type": case["application_type"],
        "recommended_decision": recommendation.get("decision"),
        "recommending_officer": recommendation.get("by"),
    }
    inputs.update(guard_inputs)
    context = lifecycle.TransitionContext(**inputs)
    result = lifecycle.transition(case["status"], event, context)
    stamps = {key: _date(value) for key, value in result.stamps.items()}
    saved = save(
        ctx,
        case,
        {"status": result.new_status.value, **stamps, **(changes or {})},
        actor=identity.actor,
        action=EVENT_NAMES[event],
        reason=result.reason,
        audit_before={"status": case["status"]},
        audit_after={"status": result.new_status.value, **stamps},
        remove=("task_token", "awaiting"),
        extra=extra,
    )
    updated = saved.case
    token = saved.base.get("task_token")
    if token:
        ctx.workflow.resume(token, {"status": updated["status"]})
    ctx.events.publish(
        EVENT_NAMES[event],
        {
            "council": case["council"],
            "reference": case["reference"],
            "status": updated["status"],
            "previous_status": case["status"],
            "event_id": f"{case['reference']}:{updated['version']}",
        },
    )
    return updated


EVENT_NAMES = {
    Event.RECEIVE: "application.received",
    Event.VALIDATE: "application.validated",
    Event.INVALIDATE: "application.invalidated",
    Event.START: "application.assessment_started",
    Event.RECOMMEND: "application.recommended",
    Event.SEND_TO_COMMITTEE: "application.sent_to_committee",
    Event.CHALLENGE: "application.challenged",
    Event.DETERMINE: "application.determined",
    Event.WITHDRAW: "application.withdrawn",
    Event.RETURN: "application.returned",
    Event.CLOSE: "application.closed",
}


def statutory_fields(
    case: dict[str, Any], *, valid_from: date | None, extension_to: date | None, overrides: dict[str, int] | None = None
) -> dict[str, Any]:
    dates = statutory.statutory_dates(
        case["application_type"],
        received_on=date.fromisoformat(case["received_on"]),
        valid_from=valid_from,
        eia=bool(case.get("eia")),
        extension_to=extension_to,
        overrides=overrides,
    )
    appeal = statutory.case_appeal_dates(
        case["application_type"],
        expiry_date=dates.expiry_date,
        provisional=dates.provisional,
        extension_to=dates.extended_expiry_date,
    )
    return {
        **_appeal_values(appeal),
        "expiry_date": dates.expiry_date.isoformat(),
        "target_date": dates.target_date.isoformat(),
        "planning_guarantee_date": dates.planning_guarantee_date.isoformat() if dates.planning_guarantee_date else None,
        "extended_expiry_date": dates.extended_expiry_date.isoformat() if dates.extended_expiry_date else None,
        "dates_provisional": dates.provisional,
    }


def appeal_fields(case: dict[str, Any]) -> dict[str, str | None]:
    """The appeal dates kept on the case (``clock.case_appeal_dates``), from its dates and its decision:
    stored when the case is validated, extended and determined, so that reading it computes nothing."""
    decision = case.get("decision") or {}
    appeal = statutory.case_appeal_dates(
        case["application_type"],
        expiry_date=_day(case.get("expiry_date")),
        provisional=bool(case.get("dates_provisional", True)),
        extension_to=_day(case.get("extended_expiry_date")),
        decided_on=_day(decision.get("determined_on")),
        refused=decision.get("decision") in (Decision.REFUSED.value, Decision.PRIOR_APPROVAL_REFUSED.value),
        conditions=bool(decision.get("conditions")),
    )
    return _appeal_values(appeal)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _appeal_values(appeal: statutory.AppealDates | None) -> dict[str, str | None]:
    first = appeal.non_determination_from if appeal else None
    return {
        "appeal_non_determination_from": first.isoformat() if first else None,
        "appeal_deadline": appeal.last_day_to_appeal.isoformat() if appeal else None,
    }


# --- the officer's actions -----------------------------------------------------------------------
class Reason(Model):
    reason: str = Field(min_length=1, max_length=2000)


class RefusalReason(Model):
    """A reason for refusal, tied to the policies the proposal conflicts with (DMPO 2015 art. 35(1)(b): the
    notice states every policy in the development plan relevant to the decision)."""

    text: str = Field(min_length=1, max_length=5000)
    policy_ids: list[str] = Field(
        default_factory=list, max_length=50, description="policy_id of considerations in the policies task"
    )


class NoticeCondition(Model):
    """A condition added on the recommendation or by the committee, besides the conditions task's: the notice
    states every condition with its reason (DMPO 2015 art. 35(1)(a)), so each needs both, as in the
    conditions task (``bops.domain.conditions.check_case_conditions``). A plain string (the older form) is
    read as a condition without its reason, which ``check_conditions`` refuses naming ``conditions[i].reason``."""

    model_config = ConfigDict(json_schema_extra={"required": ["text", "reason"]})

    text: str = Field("", max_length=4000, description="The condition as the notice states it")
    reason: str = Field("", max_length=2000, description="The reason for it, stated on the notice")

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


#: The decisions that refuse, whose notice gives reasons rather than conditions.
REFUSALS = (Decision.REFUSED, Decision.PRIOR_APPROVAL_REFUSED)


def _as_reasons(given: list[str | RefusalReason]) -> list[RefusalReason]:
    """Reasons for refusal as given: plain text (a type with no policies task) or ``{text, policy_ids}``."""
    return [r if isinstance(r, RefusalReason) else RefusalReason(text=r) for r in given]


def check_conditions(conditions: list[NoticeCondition], prefix: str = "conditions") -> None:
    """Each condition has its text and its reason (DMPO 2015 art. 35(1)(a)): 422 naming ``conditions[i].reason``."""
    from bops.domain.conditions import CaseCondition, check_case_conditions

    errors = check_case_conditions([CaseCondition(text=c.text, reason=c.reason) for c in conditions], prefix=prefix)
    if errors:
        raise InvalidRequest(
            "Each condition on the decision notice needs its reason (DMPO 2015 art. 35(1)(a))", fields=errors
        )


class Recommendation(Model):
    decision: Decision
    summary: str = Field(min_length=1, max_length=20000, description="The officer's assessment summary")
    conditions: list[NoticeCondition] = Field(
        default_factory=list,
        max_length=200,
        description="Conditions added to the conditions task's, each {text, reason} (DMPO 2015 art. 35(1)(a)); "
        "the conditions task's conditions are on the notice whatever this holds",
    )
    reasons: list[Annotated[str, Field(min_length=1, max_length=5000)] | RefusalReason] = Field(
        default_factory=list,
        max_length=200,
        description="Reasons for refusal: {text, policy_ids} tying the reason to the policies it conflicts with "
        "(required where the application type has a policies task: DMPO 2015 art. 35(1)(b)); plain text "
        "for the other types",
    )
    report: str | None = Field(
        None,
        max_length=MAX_REPORT,
        description="The officer report as the officer edited it (GET .../recommendation/report drafts it "
        "from the assessment); default: the draft",
    )


class ChecksOverride(Model):
    reason: str = Field(
        min_length=1,
        max_length=2000,
        description="Why the application is determined despite a failed mandatory validation check",
    )


class Review(Model):
    action: Literal["agree", "challenge"]
    comment: str | None = Field(None, max_length=5000, description="Required when challenging")
    override_checks: ChecksOverride | None = Field(
        None,
        description="Reviewers only: determine although a mandatory validation check (fee, ownership "
        "certificate) failed and was not resolved by a validation request; audited",
    )


class CommitteeDecision(Model):
    decision: Decision
    conditions: list[NoticeCondition] | None = Field(
        None, max_length=200, description="Each {text, reason}; default: the recommended conditions"
    )
    reasons: list[Annotated[str, Field(min_length=1, max_length=5000)] | RefusalReason] | None = Field(
        None,
        max_length=200,
        description="Default: the recommended reasons; as for a recommendation, each {text, policy_ids} where "
        "the application type has a policies task",
    )
    minute: str | None = Field(None, max_length=5000, description="The committee's resolution, as minuted")
    override_checks: ChecksOverride | None = Field(
        None, description="As for a review: determine although a mandatory validation check failed; audited"
    )


class Assignment(Model):
    model_config = ConfigDict(json_schema_extra={"examples": [{"officer": "pshah"}]})

    officer: str | None = Field(
        None, max_length=128, description="The username of one of the council's officers; null to unassign"
    )


class ExtensionOfTime(Model):
    agreed_date: PlausibleDate = Field(description="The new determination date agreed in writing")
    agreed_with: str = Field(min_length=1, max_length=200, description="Who agreed it (applicant or agent)")


def start_assessment(ctx: Context, identity: Identity, reference: str) -> ApplicationDetail:
    case = load_case(ctx, identity.council, reference)
    changes = {}
    if not case.get("assigned_officer"):
        changes["assigned_officer"] = identity.name  # starting an unassigned case takes it on
    transition(ctx, identity, case, Event.START, changes=changes)
    return get_application(ctx, identity, reference)


def require_assessment_complete(ctx: Context, case: dict[str, Any]) -> None:
    """The recommendation waits until every required assessment task of the case's type is completed
    (409 naming the tasks still to do).

    Read through the domain and the repository: ``bops.services.assessment`` reads cases through this
    module, so this one may not import it back."""
    from bops.domain import assessment as tasks

    specs = tasks.tasks_for(get_type(case["application_type"]))
    missing = tasks.outstanding(specs, ctx.repo.assessment.tasks(case["council"], case["reference"]))
    if missing:
        raise Conflict("Complete the assessment first: " + ", ".join(s.title for s in missing))


def _consultation(case: dict[str, Any]) -> Any:
    from bops.domain import consultation as consultation_rules

    record = case.get("consultation")
    return consultation_rules.Consultation.model_validate(record) if record else None


def _consultation_running_until(consultation: Any, today: date) -> date | None:
    """The consultation's end date while it still runs on ``today`` (today is on or before it), else None."""
    if consultation is None or consultation.end_date is None or consultation.status.value != "in_progress":
        return None
    return consultation.end_date if today <= consultation.end_date else None


def _require_consultation_started(case: dict[str, Any], consultation: Any, before: str) -> None:
    """409 when the application type must be publicised and no consultation was ever started: DMPO 2015
    art. 15 (publicity of applications for planning permission) and art. 33 (no determination before the
    end of the period for representations), the Listed Buildings Regulations 1990 reg. 5, or the GPDO 2015
    Sch. 2 prior approval procedure (``consultation.publicity_rule``). A type needing no publicity (a lawful
    development certificate) passes."""
    from bops.domain import consultation as consultation_rules

    rule = consultation_rules.publicity_rule(case["application_type"])
    if rule is None:
        return
    if consultation is None or consultation.status is consultation_rules.ConsultationStatus.NOT_STARTED:
        raise Conflict(
            f"Start the consultation first: this application ({case['application_type_name']}) must be "
            f"publicised and the period for representations must end before {before} ({rule})"
        )


def require_consultation_ended(ctx: Context, case: dict[str, Any]) -> None:
    """No recommendation while the public may still comment, nor before they were ever asked: where the
    application type must be publicised (letters to neighbours, a site or press notice), the consultation
    must have been started (else 409 "Start the consultation first", DMPO 2015 art. 15) and its period for
    representations must have ended (DMPO 2015 art. 15 and Sch. 3; art. 33 forbids the decision before
    it). 409 naming the end date."""
    consultation = _consultation(case)
    _require_consultation_started(case, consultation, "the recommendation")
    if consultation is None or not (consultation.kinds.neighbours or consultation.kinds.publicity):
        return
    end = _consultation_running_until(consultation, london_date(ctx.clock.now()))
    if end is not None:
        raise Conflict(
            f"The consultation runs until {end.isoformat()}: make the recommendation once it has ended "
            "(DMPO 2015 art. 15)"
        )


def recommend(ctx: Context, identity: Identity, reference: str, request: Recommendation) -> ApplicationDetail:
    case = load_case(ctx, identity.council, reference)
    # checked once the lifecycle would let this officer recommend (else its 403 or 409 says why not)
    if lifecycle.may_fire(identity.roles, Event.RECOMMEND) and Event.RECOMMEND in lifecycle.available_events(
        case["status"]
    ):
        require_assessment_complete(ctx, case)
        require_consultation_ended(ctx, case)
    refusal = request.decision in REFUSALS
    if refusal and not request.reasons:
        raise InvalidRequest("A refusal needs its reasons", fields=[FieldError("reasons", "at least one reason")])
    tasks = ctx.repo.assessment.tasks(case["council"], reference)
    reasons = _as_reasons(request.reasons)
    _check_policies(reasons, tasks, case if refusal else None)
    conditions = [c.model_dump() for c in request.conditions] if not refusal else []
    if not refusal:
        check_conditions(request.conditions)
    if not refusal and (conditions or _task_conditions(tasks)) and not _conditions_allowed(case, request.decision):
        raise InvalidRequest(
            f"A decision of this type ({case['application_type_name']}) cannot carry planning conditions",
            fields=[FieldError("conditions", "must be empty: this decision cannot carry conditions")],
        )
    now = iso(ctx.clock.now())
    recommendation = {
        "decision": request.decision.value,
        "summary": request.summary,
        "conditions": conditions,
        "reasons": [r.text for r in reasons],
        "refusal_reasons": [r.model_dump(mode="json") for r in reasons if r.policy_ids],
        "by": identity.name,
        "at": now,
    }
    from bops.domain.assessment import StoredTask, TaskStatus

    report = request.report if request.report and request.report.strip() else draft_report(ctx, case, tasks)
    kept = StoredTask(
        name=REPORT_TASK, status=TaskStatus.COMPLETED, data={"text": report}, updated_by=identity.name, updated_at=now
    )
    # The guard reads the recommendation being made, not a previous one; the case is written from the
    # version read (so a concurrent change by the workflow, say its letters, is re-applied, not a conflict).
    transition(
        ctx,
        identity,
        case,
        Event.RECOMMEND,
        changes={"recommendation": recommendation},
        extra=[ctx.repo.assessment.task_write(case["council"], reference, kept)],
        recommended_decision=recommendation["decision"],
        recommending_officer=identity.name,
    )
    return get_application(ctx, identity, reference)


def _conditions_allowed(case: dict[str, Any], decision: Decision | str) -> bool:
    from bops.domain.decision_notice import conditions_allowed

    return conditions_allowed(case["application_type"], decision)


def _task_conditions(tasks: dict[str, Any]) -> list[dict[str, Any]]:
    """The conditions the officer wrote in the conditions task (each with its reason), if saved."""
    task = tasks.get("conditions")
    return list((task.data.get("conditions") or []) if task else [])


def _check_policies(reasons: list[RefusalReason], tasks: dict[str, Any], refused: dict[str, Any] | None) -> None:
    """Each policy a reason cites is one the officer considered in the policies task (422 naming it); and
    where the application type has a policies task, a refusal's every reason cites at least one policy
    (422 naming ``reasons[i].policy_ids``): the notice states clearly and precisely the full reasons for the
    refusal, specifying all policies in the development plan relevant to the decision (DMPO 2015
    art. 35(1)(b)). ``refused`` is the case when the decision is a refusal; types with no policies task (a
    lawful development certificate: a question of fact and law, not of policy) give plain reasons."""
    task = tasks.get("policies")
    known = {c.get("policy_id") for c in (task.data.get("considerations") or [])} if task else set()
    errors = [
        FieldError(f"reasons[{i}].policy_ids[{j}]", "is not a policy considered in the policies task")
        for i, reason in enumerate(reasons)
        for j, policy_id in enumerate(reason.policy_ids)
        if policy_id not in known
    ]
    if errors:
        raise InvalidRequest("A reason for refusal cites a policy the assessment did not consider", fields=errors)
    if refused is not None and _has_policies_task(refused):
        uncited = [
            FieldError(f"reasons[{i}].policy_ids", "cite at least one policy from the policies task")
            for i, reason in enumerate(reasons)
            if not reason.policy_ids
        ]
        if uncited:
            raise InvalidRequest(
                "Each reason for refusal must name the policies it conflicts with (DMPO 2015 art. 35(1)(b))",
                fields=uncited,
            )


def _has_policies_task(case: dict[str, Any]) -> bool:
    from bops.domain import assessment as tasks

    return any(spec.name == "policies" for spec in tasks.tasks_for(get_type(case["application_type"])))


class DraftReport(Model):
    reference: str
    text: str = Field(description="The officer report drafted from the assessment tasks, for the officer to edit")


def draft_report(ctx: Context, case: dict[str, Any], tasks: dict[str, Any] | None = None) -> str:
    """The officer report drafted from what the assessment tasks hold (``bops.domain.officer_report``)."""
    from bops.domain import officer_report

    if tasks is None:
        tasks = ctx.repo.assessment.tasks(case["council"], case["reference"])
    return officer_report.draft(case, {name: task.data for name, task in tasks.items() if name != REPORT_TASK})


def recommendation_report(ctx: Context, identity: Identity, reference: str) -> DraftReport:
    """The report the recommendation page starts from: the one kept with the last recommendation, if any
    (the officer's edits survive a challenge), else drafted from the tasks."""
    case = load_case(ctx, identity.council, reference)
    tasks = ctx.repo.assessment.tasks(identity.council, reference)
    kept = tasks.get(REPORT_TASK)
    text = kept.data.get("text") if kept else None
    return DraftReport(reference=reference, text=text or draft_report(ctx, case, tasks))


def unresolved_checks(ctx: Context, case: dict[str, Any]) -> list[str]:
    """The mandatory validation checks that failed on arrival and that no validation request of their type,
    closed, has resolved since."""
    council, reference = case["council"], case["reference"]
    report = case.get("validation_report") or ctx.repo.validation.report(council, reference)
    if not report:
        return []
    failed = [c["id"] for c in report.get("checks", []) if c.get("outcome") == "failed" and c["id"] in MANDATORY_CHECKS]
    if not failed:
        return []
    closed = {r.type.value for r in ctx.repo.validation.list(council, reference) if r.state.value == "closed"}
    return [check for check in failed if MANDATORY_CHECKS[check] not in closed]


def review(ctx: Context, identity: Identity, reference: str, request: Review) -> ApplicationDetail:
    """A reviewer agrees (the case is determined as recommended) or challenges it back to the assessor."""
    case = load_case(ctx, identity.council, reference)
    record: dict[str, Any] = {
        "action": request.action,
        "by": identity.name,
        "at": iso(ctx.clock.now()),
        "comment": request.comment,
    }
    from bops.domain.assessment import returned

    sent_back = sorted(t.name for t in returned(ctx.repo.assessment.tasks(identity.council, reference)))
    if sent_back:
        record["returned_tasks"] = sent_back
    reviews = [*case.get("reviews", []), record]
    if request.action == "agree" and sent_back and case["status"] == lifecycle.Status.AWAITING_DETERMINATION.value:
        raise Conflict(
            "Tasks returned to the case officer cannot be agreed: "
            + ", ".join(sent_back)
            + ". Agree them, or challenge the recommendation so the officer can answer them"
        )
    if request.action == "challenge":
        # the tasks returned say what needs changing, when the reviewer adds nothing of their own
        comment = request.comment
        if not (comment or "").strip() and sent_back:
            comment = record["comment"] = "Returned tasks: " + ", ".join(sent_back)
        transition(
            ctx,
            identity,
            case,
            Event.CHALLENGE,
            reason=comment,
            reviewer_comment=comment,
            changes={"reviews": reviews},
        )
    else:
        determine(
            ctx,
            identity,
            case,
            decision=case.get("recommendation", {}).get("decision"),
            conditions=None,
            reasons=None,
            reviews=reviews,
            by="reviewer",
            override=request.override_checks,
        )
    return get_application(ctx, identity, reference)


def send_to_committee(ctx: Context, identity: Identity, reference: str) -> ApplicationDetail:
    case = load_case(ctx, identity.council, reference)
    transition(ctx, identity, case, Event.SEND_TO_COMMITTEE, changes={"committee": {"sent_by": identity.name}})
    return get_application(ctx, identity, reference)


def record_committee_decision(
    ctx: Context, identity: Identity, reference: str, request: CommitteeDecision
) -> ApplicationDetail:
    case = load_case(ctx, identity.council, reference)
    committee = {
        **case.get("committee", {}),
        "decision": request.decision.value,
        "minute": request.minute,
        "recorded_by": identity.name,
        "recorded_at": iso(ctx.clock.now()),
    }
    # the committee's own conditions and reasons, if it gave any, as a recommendation's are checked
    conditions = None
    if request.conditions is not None:
        check_conditions(request.conditions)
        conditions = [c.model_dump() for c in request.conditions]
    reasons = refusal_reasons = None
    if request.reasons is not None:
        given = _as_reasons(request.reasons)
        refusal = request.decision in REFUSALS
        _check_policies(given, ctx.repo.assessment.tasks(case["council"], reference), case if refusal else None)
        reasons = [r.text for r in given]
        refusal_reasons = [r.model_dump(mode="json") for r in given if r.policy_ids]
    determine(
        ctx,
        identity,
        case,
        decision=request.decision.value,
        conditions=conditions,
        reasons=reasons,
        refusal_reasons=refusal_reasons,
        committee=committee,
        by="committee",
        override=request.override_checks,
    )
    return get_application(ctx, identity, reference)


def determine(
    ctx: Context,
    identity: Identity,
    case: dict[str, Any],
    *,
    decision: str | None,
    conditions: list[dict[str, Any]] | None,
    reasons: list[str] | None,
    by: str,
    refusal_reasons: list[dict[str, Any]] | None = None,
    reviews: list[dict[str, Any]] | None = None,
    committee: dict[str, Any] | None = None,
    override: ChecksOverride | None = None,
) -> dict[str, Any]:
    if decision is None:
        raise Conflict("There is no recommendation to agree")
    if by == "reviewer" and decision not in lifecycle.allowed_decisions(case["application_type"]):
        # the decision agreed is the recommendation's, not one in the reviewer's request: nothing they sent
        # is wrong, the case is (a 409, not a 422 naming a field the request does not have)
        raise Conflict(f"The recommended decision ({decision}) is not one this application type can take")
    lifecycle.check_decision(decision, case["application_type"])
    outcome = _outcome(
        ctx, identity, case, decision, conditions=conditions, reasons=reasons, refusal_reasons=refusal_reasons, by=by
    )
    reason = None
    from bops.domain import consultation as consultation_rules

    consultation = _consultation(case)
    notices: dict[str, Any] = consultation_rules.lifecycle_flags(consultation)
    if lifecycle.may_fire(identity.roles, Event.DETERMINE) and Event.DETERMINE in lifecycle.available_events(
        case["status"]
    ):
        reason = _checks_overridden(ctx, identity, case, outcome, override)
        outcome["signatory"] = signatory(ctx, identity)
        if outcome["conditions"] or outcome.get("conditions_from_assessment"):
            _require_pre_commencement_settled(ctx, case)
        # no decision before the period for representations ends (DMPO 2015 art. 33: the rule of
        # ``consultation.determination_blocked_reason`` given today), nor, for a type that must be
        # publicised, when that period never began (art. 15); the notices' own rules are the lifecycle
        # guard's (the flags above)
        _require_consultation_started(case, consultation, "it is determined")
        end = _consultation_running_until(consultation, london_date(ctx.clock.now()))
        if end is not None:
            raise Conflict(
                f"The consultation runs until {end.isoformat()}: the application cannot be determined "
                "before it has ended (DMPO 2015 art. 33)"
            )
    changes: dict[str, Any] = {"decision": outcome, **appeal_fields({**case, "decision": outcome})}
    if reviews is not None:
        changes["reviews"] = reviews
    if committee is not None:
        changes["committee"] = committee
    return transition(
        ctx,
        identity,
        case,
        Event.DETERMINE,
        reason=reason,
        changes=changes,
        reviewer=identity.name,
        recommended_decision=decision,
        **notices,
    )


def _outcome(
    ctx: Context,
    identity: Identity,
    case: dict[str, Any],
    decision: str,
    *,
    conditions: list[dict[str, Any]] | None,
    reasons: list[str] | None,
    by: str,
    refusal_reasons: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The decision as the case keeps it: a refusal carries reasons and no conditions; anything else
    conditions (each {text, reason}; none where the type cannot carry them: 422) and no reasons."""
    recommendation = case.get("recommendation") or {}
    refusal = decision in (Decision.REFUSED.value, Decision.PRIOR_APPROVAL_REFUSED.value)
    as_recommended = decision == recommendation.get("decision")
    conditions = recommendation.get("conditions", []) if conditions is None else conditions
    reasons = recommendation.get("reasons", []) if reasons is None else reasons
    outcome: dict[str, Any] = {
        "decision": decision,
        "conditions": [] if refusal else conditions,
        "reasons": reasons if refusal else [],
        "determined_by": identity.name,
        "determined_on": london_date(ctx.clock.now()).isoformat(),
        "made_by": by,
    }
    if refusal and not outcome["reasons"]:
        raise InvalidRequest("A refusal needs its reasons", fields=[FieldError("reasons", "at least one reason")])
    if outcome["conditions"] and not _conditions_allowed(case, decision):
        raise InvalidRequest(
            f"A decision of this type ({case['application_type_name']}) cannot carry planning conditions",
            fields=[FieldError("conditions", "must be empty: this decision cannot carry conditions")],
        )
    if refusal and refusal_reasons:
        outcome["refusal_reasons"] = refusal_reasons
    elif refusal and as_recommended and recommendation.get("refusal_reasons"):
        outcome["refusal_reasons"] = recommendation["refusal_reasons"]
    # the notice words the conditions task's conditions, each with its reason, when the decision takes the
    # recommended ones
    if (
        not refusal
        and as_recommended
        and conditions == recommendation.get("conditions", [])
        and _conditions_allowed(case, decision)
        and _task_conditions(ctx.repo.assessment.tasks(case["council"], case["reference"]))
    ):
        outcome["conditions_from_assessment"] = True
    return outcome


def signatory(ctx: Context, identity: Identity) -> dict[str, str]:
    """Who signs the decision notice: the deciding officer's full name and job title, from the council's
    officer directory (``bops.services.officers``), kept on the decision so the notice is signed as it was
    decided. The notice is issued by an officer authorised to decide under the council's scheme of
    delegation (Local Government Act 1972 s.101), who signs it by name and job title: a username is no
    signature. 409 naming what the directory lacks."""
    from bops.services.officers import get_officer

    officer = get_officer(ctx, identity.council, identity.name)
    name = (officer.name or "").strip() if officer is not None else ""
    name = "" if name == identity.name else name  # the directory gives the username when it has no name
    title = ((officer.job_title or "").strip() if officer is not None else "") or ""
    missing = [what for what, value in (("full name", name), ("job title", title)) if not value]
    if missing:
        raise Conflict(
            f"The decision notice is signed with the deciding officer's full name and job title: add your "
            f"{' and '.join(missing)} in the officer directory before deciding"
        )
    return {"name": name, "job_title": title}


def _require_pre_commencement_settled(ctx: Context, case: dict[str, Any]) -> None:
    """No grant subject to a pre-commencement condition before the applicant agreed it, or their 10 working
    days to answer passed (TCPA 1990 s. 100ZA(5); SI 2018/566 reg. 2): the conditions task's rule
    (``bops.domain.conditions.pre_commencement_settled``)."""
    from bops.domain.conditions import pre_commencement_settled

    task = ctx.repo.assessment.task(case["council"], case["reference"], "conditions")
    state = pre_commencement_settled(
        task.data if task is not None else {},
        ctx.repo.validation.list(case["council"], case["reference"]),
        london_date(ctx.clock.now()),
    )
    if not state.settled:
        raise Conflict(state.message)


def _checks_overridden(
    ctx: Context, identity: Identity, case: dict[str, Any], outcome: dict[str, Any], override: ChecksOverride | None
) -> str | None:
    """A failed mandatory check left unresolved blocks the decision (409 naming it) unless a reviewer
    overrides it with a reason, kept on the decision and in the audit entry (the reason returned)."""
    if (case.get("recommendation") or {}).get("by") == identity.name:
        return None  # the lifecycle's guard refuses: nobody reviews their own recommendation
    unresolved = unresolved_checks(ctx, case)
    if not unresolved:
        return None
    from bops.domain.validation_checks import CHECK_TITLES

    names = "; ".join(f"{check}: {CHECK_TITLES[check]}" for check in unresolved)  # type: ignore[index]
    if override is None:
        raise Conflict(
            f"A mandatory validation check failed and was not resolved ({names}). Resolve it with a validation "
            "request, or a reviewer may determine the application anyway, giving the reason (override_checks)"
        )
    if "reviewer" not in identity.roles:
        from bops.domain.errors import Forbidden

        raise Forbidden("Only a reviewer may determine an application despite a failed validation check")
    outcome["checks_overridden"] = {"checks": unresolved, "reason": override.reason, "by": identity.name}
    return f"Determined despite failed validation checks ({', '.join(unresolved)}): {override.reason}"


def end_case(ctx: Context, identity: Identity, reference: str, event: Event, request: Reason) -> ApplicationDetail:
    case = load_case(ctx, identity.council, reference)
    transition(ctx, identity, case, event, reason=request.reason)
    return get_application(ctx, identity, reference)


def assign(ctx: Context, identity: Identity, reference: str, request: Assignment) -> ApplicationDetail:
    """Any officer of the council (assessor, reviewer or administrator: every officer the route lets in) assigns
    the case to any officer of the council, themselves or a colleague, reassigns it or unassigns it (issue 12:
    a case officer hands a case to a colleague without waiting for an administrator). Audited as
    ``application.assigned`` with who it was assigned to before and after."""
    from bops.services.officers import get_officer

    case = load_case(ctx, identity.council, reference)
    if case["status"] in {s.value for s in lifecycle.FINAL_STATUSES}:
        raise Conflict(f"Application {reference} is {case['status']}")
    assignee = None
    if request.officer:
        found = get_officer(ctx, identity.council, request.officer)
        if found is None:
            # another council's officer is as unknown here as a mistyped name: the answer tells neither apart
            raise InvalidRequest(
                "Assign the case to one of the council's officers",
                fields=[FieldError("officer", "no officer of this council has this username")],
            )
        assignee = found.username  # as the directory spells it (sign-in ignores case; lists by officer do not)
    save(
        ctx,
        case,
        {"assigned_officer": assignee},
        actor=identity.actor,
        action="application.assigned",
        audit_before={"assigned_officer": case.get("assigned_officer")},
        audit_after={"assigned_officer": assignee},
        remove=() if assignee else ("assigned_officer",),
    )
    return get_application(ctx, identity, reference)


def extend(ctx: Context, identity: Identity, reference: str, request: ExtensionOfTime) -> ApplicationDetail:
    """An extension of time agreed in writing moves the determination deadline (the timers follow)."""
    case = load_case(ctx, identity.council, reference)
    if case["status"] in {s.value for s in lifecycle.FINAL_STATUSES}:
        raise Conflict(f"Application {reference} is {case['status']}")
    if not case.get("valid_from") and not get_type(case["application_type"]).prior_approval:
        raise Conflict("Agree an extension of time once the application is valid")
    current = case.get("extended_expiry_date") or case["expiry_date"]
    if request.agreed_date.isoformat() <= current:
        raise InvalidRequest(
            "An extension of time must move the determination date later",
            fields=[FieldError("agreed_date", f"must be after {current}")],
        )
    # at most two years on (clock.EXTENSION_MAX_YEARS says why)
    check_date_between(
        request.agreed_date,
        "agreed_date",
        latest=statutory.latest_extension(date.fromisoformat(current)),
        latest_is=f"{statutory.EXTENSION_MAX_YEARS} years after the current determination date",
    )
    valid_from = date.fromisoformat(case["valid_from"]) if case.get("valid_from") else None
    dates = statutory_fields(case, valid_from=valid_from, extension_to=request.agreed_date)
    extension = {
        "agreed_date": request.agreed_date.isoformat(),
        "agreed_with": request.agreed_with,
        "recorded_by": identity.name,
        "recorded_at": iso(ctx.clock.now()),
    }
    save(
        ctx,
        case,
        {**dates, "extensions": [*case.get("extensions", []), extension]},
        actor=identity.actor,
        action="application.extension_of_time",
        audit_before={"determination_date": current},
        audit_after={"determination_date": request.agreed_date.isoformat()},
    )
    return get_application(ctx, identity, reference)


def set_eia(ctx: Context, identity: Identity, case: dict[str, Any], eia: bool) -> dict[str, Any]:
    """The officer's EIA screening opinion: EIA development has 16 weeks for its decision (DMPO 2015 art.
    34(2)(a)), so the dates are worked out again (an agreed extension stays only while it is later). Audited."""
    from bops.services.councils import get_council

    overrides = get_council(ctx, case["council"]).period_overrides
    valid_from = date.fromisoformat(case["valid_from"]) if case.get("valid_from") else None
    flagged = {**case, "eia": eia}
    dates = statutory_fields(flagged, valid_from=valid_from, extension_to=None, overrides=overrides)
    extension = case.get("extended_expiry_date")
    if extension and extension > dates["expiry_date"]:
        extended = date.fromisoformat(extension)
        dates = statutory_fields(flagged, valid_from=valid_from, extension_to=extended, overrides=overrides)
    saved = save(
        ctx,
        case,
        {"eia": eia, **dates},
        actor=identity.actor,
        action="application.eia_screened",
        audit_before={"eia": bool(case.get("eia")), "expiry_date": case.get("expiry_date")},
        audit_after={"eia": eia, "expiry_date": dates["expiry_date"]},
    )
    return saved.case


# --- appeals and the decision notice ---------------------------------------------------------------
class AppealStep(Model):
    step: Literal["lodge", "valid", "start", "determine", "withdraw"]
    on: PlausibleDate = Field(description="The date of this step (lodged, found valid, started, decided, withdrawn)")
    outcome: Literal["allowed", "dismissed", "split_decision"] | None = Field(
        None, description="For determine: the Planning Inspectorate's decision"
    )


class DecisionNoticeLink(Model):
    url: str = Field(description="A short-lived link to the notice")
    format: Literal["pdf", "html"]
    expires_in: int


def record_appeal(ctx: Context, identity: Identity, reference: str, request: AppealStep) -> ApplicationDetail:
    """An appeal against the decision: lodged -> valid -> started -> determined, dates in order."""
    case = load_case(ctx, identity.council, reference)
    if case["status"] != "determined":
        raise Conflict("Only a determined application can be appealed")
    current = lifecycle.Appeal.model_validate(case["appeal"]) if case.get("appeal") else None
    if request.step == "lodge":
        if current is not None:
            raise Conflict("An appeal has already been lodged")
        appeal = lifecycle.Appeal.lodge(request.on, decided_on=date.fromisoformat(case["decision"]["determined_on"]))
    elif current is None:
        raise Conflict("No appeal has been lodged")
    elif request.step == "valid":
        appeal = current.mark_valid(request.on)
    elif request.step == "start":
        appeal = current.start(request.on)
    elif request.step == "withdraw":
        appeal = current.withdraw(request.on)
    else:
        if request.outcome is None:
            raise InvalidRequest("Say how the appeal was decided", fields=[FieldError("outcome", "is required")])
        appeal = current.determine(request.on, request.outcome)
    stored = appeal.model_dump(mode="json")
    save(
        ctx,
        case,
        {"appeal": stored},
        actor=identity.actor,
        action=f"appeal.{request.step}",
        audit_before={"appeal": current.status.value if current else None},
        audit_after={"appeal": stored["status"]},
    )
    ctx.events.publish(
        f"appeal.{request.step}",
        {"council": identity.council, "reference": reference, "appeal_status": stored["status"]},
    )
    return get_application(ctx, identity, reference)


def decision_notice_link(ctx: Context, identity: Identity, reference: str, fmt: str) -> DecisionNoticeLink:
    case = load_case(ctx, identity.council, reference)
    notice = case.get("decision_notice")
    if not notice:
        raise NotFound(f"Application {reference} has no decision notice yet")
    key = notice["pdf_key"] if fmt == "pdf" else notice["html_key"]
    expires = 300
    # the web page opens in the browser; the PDF downloads
    url = ctx.storage.presigned_get(
        key, file_name=f"{reference}-decision-notice.{fmt}", expires_in=expires, inline=fmt == "html"
    )
    return DecisionNoticeLink(url=url, format="pdf" if fmt == "pdf" else "html", expires_in=expires)
