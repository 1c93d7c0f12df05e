"""Pre-application advice, as the officer runs it: a request received from PlanX (ODP ``preApplication``),
assigned, worked on (a meeting or site visit booked and recorded, the advice report written from the
site's constraints, history and the council's policies), reviewed by a second officer where the council
asks for it, then issued (HTML and PDF kept in S3) and emailed to the requester.

Intake follows ``services.intake.submit`` (it dispatches here): the same idempotency on ``metadata.id``
(claim, number from the shared yearly counter, one transaction with the marker), the council from the
caller's identity. The case's workflow (``statemachines/pre_application.asl.json``) waits for the officer's
report and the reviewer's agreement by task token, issues the advice, and marks the case overdue at its
target date; the tasks it runs are the ``workflow_*`` functions here.

A pre-application is confidential: nothing here is served by a public route, and the requester's details
appear only in the officers' view.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from bops.auth import Identity
from bops.domain import pre_application as rules
from bops.domain.application import AuditEntry
from bops.domain.errors import Conflict, FieldError, Forbidden, InvalidRequest
from bops.domain.pre_application import (
    AdviceReport,
    ConstraintLine,
    FeeBand,
    HistoryLine,
    Meeting,
    PolicyLine,
    PreApplication,
    PreApplicationSettings,
    ReportDocument,
    Requester,
    Site,
)
from bops.domain.time import iso, london_date
from bops.model import Model
from bops.odp.pre_application import is_pre_application  # noqa: F401 (intake's dispatch asks this module)
from bops.repository.pre_applications import PreApplicationRow
from bops.services import receipt
from bops.services.context import Context

WORKFLOW_ACTOR = "system:workflow"
REPORTS_PREFIX = "pre-applications/"
LINK_SECONDS = 300
EMAIL_LINK_SECONDS = 7 * 24 * 3600  # the longest a presigned link lives (SigV4): the email says so
REVIEWERS = frozenset({"reviewer", "administrator"})


class PreApplicationAccepted(Model):
    """= ``intake.SubmissionAccepted`` (intake builds its own from this: it imports this module)."""

    reference: str
    status: str
    created: bool
    application_url: str


# --- intake ----------------------------------------------------------------------------------------------
def submit(ctx: Context, identity: Identity, payload: Any, raw_body: bytes | None = None) -> PreApplicationAccepted:
    """A pre-application request becomes a ``PRE`` case, exactly once per ``metadata.id``."""
    from bops.odp.pre_application import validate_pre_application
    from bops.services.councils import get_council

    summary = validate_pre_application(payload)
    council = get_council(ctx, identity.council)
    claim = receipt.claim(ctx, council, summary.metadata_id, rules.SUFFIX)
    if isinstance(claim, str):  # received before, or by another request at the same moment
        return _already_received(ctx, council.id, claim)
    received_on, reference = claim.received_on, claim.reference
    submission_key = f"submissions/{council.id}/{summary.metadata_id}.json"
    ctx.storage.put(
        submission_key, raw_body if raw_body is not None else json.dumps(payload).encode(), "application/json"
    )
    service = settings(ctx, council.id)
    at = claim.at
    case = PreApplication(
        council=council.id,
        reference=reference,
        status="submitted",
        received_at=at,
        received_on=received_on.isoformat(),
        target_date=rules.target_date(received_on, service.service_level_days).isoformat(),
        service_level_days=service.service_level_days,
        review_required=service.review_required,
        site=Site.of(summary.site_address, summary),
        description=summary.description,
        requester=summary.applicant,
        agent=summary.agent,
        fee_payable=summary.fee_payable,
        fee_calculated=summary.fee_calculated,
        designations=summary.designations,
        submission_id=summary.metadata_id,
        submission_key=submission_key,
        created_at=at,
        updated_at=at,
    )
    repo = ctx.repo.pre_applications
    received = AuditEntry(
        at=at,
        actor=identity.actor,
        action="pre_application.received",
        after={"status": case.status, "target_date": case.target_date},
    )
    writes = [*repo.create_writes(case), repo.audit_write(council.id, reference, received)]
    if (made := claim.record(ctx, council.id, writes)) is not None:
        return _already_received(ctx, council.id, made)
    start_workflow(ctx, council.id, reference)
    ctx.events.publish(
        "pre_application.received",
        {"council": council.id, "reference": reference, "status": case.status, "target_date": case.target_date},
    )
    return _accepted(reference, case.status, created=True)


def _accepted(reference: str, status: str, *, created: bool) -> PreApplicationAccepted:
    return PreApplicationAccepted(
        reference=reference, status=status, created=created, application_url=f"/api/v1/pre-applications/{reference}"
    )


def _already_received(ctx: Context, council: str, reference: str) -> PreApplicationAccepted:
    case = ctx.repo.pre_applications.get(council, reference)
    start_workflow(ctx, council, reference)  # in case the first attempt failed after storing the case
    return _accepted(reference, case.status if case else "submitted", created=False)


def start_workflow(ctx: Context, council: str, reference: str) -> None:
    from bops.adapters.workflow import Workflow
    from bops.config import settings

    Workflow(settings().pre_application_state_machine_arn).start(council, reference)


# --- the council's service -------------------------------------------------------------------------------
def settings(ctx: Context, council: str) -> PreApplicationSettings:
    """The council's pre-application service: as its administrators set it, else the defaults."""
    return ctx.repo.pre_applications.settings(council) or PreApplicationSettings()


def put_settings(ctx: Context, identity: Identity, body: PreApplicationSettings) -> PreApplicationSettings:
    """Administrators set the fee bands, service level and review rule; open cases keep the target date and
    review rule they were received with."""
    ctx.repo.pre_applications.put_settings(identity.council, body)
    return body


# --- the officer's view ----------------------------------------------------------------------------------
class ReportLinks(Model):
    html: str
    pdf: str
    expires_in: int


class PreApplicationView(Model):
    pre_application: PreApplication
    audit: list[AuditEntry]
    fee_bands: list[FeeBand]
    report_links: ReportLinks | None = None
    actions: list[str] = Field(description="What the caller may do now (the page shows these)")


class PreApplicationList(Model):
    pre_applications: list[PreApplicationRow]


def list_open(ctx: Context, identity: Identity) -> PreApplicationList:
    rows = ctx.repo.pre_applications.open_cases(identity.council)
    return PreApplicationList(pre_applications=rows)


def view(ctx: Context, identity: Identity, reference: str) -> PreApplicationView:
    repo = ctx.repo.pre_applications
    case = repo.require(identity.council, reference)
    case.task_token = None  # the workflow's, never the caller's
    links = None
    report = case.report
    if report and report.pdf_key and report.html_key:
        links = ReportLinks(
            html=ctx.storage.presigned_get(
                report.html_key, file_name=f"{reference}-advice.html", expires_in=LINK_SECONDS, inline=True
            ),
            pdf=ctx.storage.presigned_get(report.pdf_key, file_name=f"{reference}-advice.pdf", expires_in=LINK_SECONDS),
            expires_in=LINK_SECONDS,
        )
    return PreApplicationView(
        pre_application=case,
        audit=sorted(repo.audit(identity.council, reference), key=lambda e: e.at),
        fee_bands=settings(ctx, identity.council).fee_bands,
        report_links=links,
        actions=allowed_actions(case, identity),
    )


def allowed_actions(case: PreApplication, identity: Identity) -> list[str]:
    if case.status in rules.FINAL_STATUSES:
        return []
    actions = ["assign", "book_meeting", "withdraw", "close"]
    if any(m.status == "booked" for m in case.meetings):
        actions.append("record_meeting")
    if case.status == "assigned":
        actions.append("start")
    state = case.report.state if case.report else None
    if case.status == "in_progress" and state in (None, "draft", "returned"):
        actions.append("save_report")
        if state is not None:
            actions.append("submit_report")
    if (
        state == "awaiting_review"
        and identity.roles & REVIEWERS
        and case.report
        and (case.report.written_by != identity.name)
    ):
        actions.append("review")
    return actions


# --- the officer's actions: one route, one body model each ---------------------------------------------
class AssignRequest(Model):
    model_config = {"json_schema_extra": {"examples": [{"officer": "jo.planner", "fee_band": "householder"}]}}

    officer: str = Field(min_length=1, max_length=128, description="The case officer's username")
    fee_band: str | None = Field(None, max_length=40, description="The council's fee band that applies")


class StartRequest(Model):
    model_config = {"json_schema_extra": {"examples": [{}]}}


class MeetingBooking(Model):
    model_config = {"json_schema_extra": {"examples": [
        {"kind": "site_visit", "at": "2026-12-14T10:30:00Z", "location": "At the site"}
    ]}}  # fmt: skip

    kind: Literal["meeting", "site_visit"]
    at: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
    location: str = Field("", max_length=500)


class MeetingRecord(Model):
    model_config = {"json_schema_extra": {"examples": [
        {"meeting_id": "a1b2c3d4", "held": True, "notes": "Walked the garden; the rear boundary wall is 2 m."}
    ]}}  # fmt: skip

    meeting_id: str = Field(min_length=1, max_length=40)
    held: bool = True
    notes: str = Field("", max_length=10_000)


class ReportDraft(Model):
    model_config = {"json_schema_extra": {"examples": [{
        "summary": "A single storey rear conservatory of this size is likely to be acceptable.",
        "requirements": ["Existing and proposed floor plans and elevations", "A site location plan"],
        "policy_ids": ["nppf-135"],
    }]}}  # fmt: skip

    summary: str = Field(min_length=1, max_length=20_000, description="The summary of advice")
    requirements: list[str] = Field(default_factory=list, max_length=50, description="What an application needs")
    policy_ids: list[str] = Field(default_factory=list, max_length=50, description="From the council's policies")


class ReportReview(Model):
    model_config = {"json_schema_extra": {"examples": [{"decision": "return", "comment": "Say which policies."}]}}

    decision: Literal["agree", "return"]
    comment: str = Field("", max_length=5000)


class ClosingRequest(Model):
    model_config = {"json_schema_extra": {"examples": [{"reason": "The requester withdrew by email."}]}}

    reason: str = Field(min_length=1, max_length=2000)


class ActionBody(Model):
    """The body of ``POST /api/v1/pre-applications/{reference}/{action}``: the action's own model
    (``ACTION_BODIES``); this union of their fields documents them in one schema."""

    model_config = {"json_schema_extra": {"examples": [{"officer": "jo.planner", "fee_band": "householder"}]}}

    officer: str | None = None
    fee_band: str | None = None
    kind: str | None = None
    at: str | None = None
    location: str | None = None
    meeting_id: str | None = None
    held: bool | None = None
    notes: str | None = None
    summary: str | None = None
    requirements: list[str] | None = None
    policy_ids: list[str] | None = None
    decision: str | None = None
    comment: str | None = None
    reason: str | None = None


ACTION_BODIES: dict[str, type[Model]] = {
    "assign": AssignRequest,
    "start": StartRequest,
    "book_meeting": MeetingBooking,
    "record_meeting": MeetingRecord,
    "save_report": ReportDraft,
    "submit_report": StartRequest,
    "review": ReportReview,
    "withdraw": ClosingRequest,
    "close": ClosingRequest,
}


#: What only the workflow writes on the case: an officer's action that lost a race to it is simply redone.
WORKFLOW_FIELDS = frozenset({"task_token", "awaiting", "version", "updated_at"})


def act(ctx: Context, identity: Identity, reference: str, action: str, body: BaseModel) -> PreApplicationView:
    """Does one officer action on the case, with its audit entry, in one guarded transaction; resumes the
    workflow where it waits for this.

    The write is guarded by the case's version: another officer's change meanwhile is a 409. The workflow
    keeping its task token on the case is not the officer's concern, so then the action is redone on the
    case as it now is (the workflow changes nothing the action reads)."""
    repo = ctx.repo.pre_applications
    before = repo.require(identity.council, reference)
    for _attempt in range(5):
        after = before.model_copy(deep=True)
        now = ctx.clock.now()
        detail: dict[str, Any] = {}
        event, reason = _HANDLERS[action](ctx, identity, after, body, detail)
        after.updated_at = iso(now)
        entry = AuditEntry(
            at=iso(now),
            actor=identity.actor,
            action=f"pre_application.{action}",
            reason=reason,
            before={"status": before.status},
            after={"status": after.status, **detail},
        )
        try:
            ctx.repo.transact(
                [*repo.save_writes(before, after), repo.audit_write(identity.council, reference, entry)],
                conflict_message=f"Pre-application {reference} was changed by someone else; reload it and try again",
            )
            break
        except Conflict:
            current = repo.require(identity.council, reference)
            if current.model_dump(exclude=set(WORKFLOW_FIELDS)) != before.model_dump(exclude=set(WORKFLOW_FIELDS)):
                raise
            before = current
    else:
        raise Conflict(f"Pre-application {reference} kept changing; try again")
    _resume(ctx, after)
    if event:
        _publish(ctx, event, after, detail)
    return view(ctx, identity, reference)


def _publish(ctx: Context, event: str, case: PreApplication, detail: dict[str, Any]) -> None:
    # literal names at each publish: the event catalogue's test reads them from the code
    payload = {"council": case.council, "reference": case.reference, "status": case.status}
    if event == "assigned":
        ctx.events.publish("pre_application.assigned", {**payload, "officer": case.assigned_officer or ""})
    elif event == "meeting_booked":
        ctx.events.publish("pre_application.meeting_booked", {**payload, "kind": detail["kind"], "at": detail["at"]})
    elif event == "report_submitted":
        ctx.events.publish("pre_application.report_submitted", {**payload, "review_required": case.review_required})
    elif event == "report_returned":
        ctx.events.publish("pre_application.report_returned", payload)
    elif event == "withdrawn":
        ctx.events.publish("pre_application.withdrawn", payload)
    elif event == "closed":
        ctx.events.publish("pre_application.closed", payload)


Handled = tuple[str | None, str | None]  # (event, audit reason)


def _assign(ctx: Context, identity: Identity, case: PreApplication, body: Any, detail: dict[str, Any]) -> Handled:
    rules.require_status(case.reference, case.status, rules.OPEN_STATUSES, "assigning an officer")
    if body.fee_band is not None:
        band = next((b for b in settings(ctx, case.council).fee_bands if b.id == body.fee_band), None)
        if band is None:
            raise InvalidRequest("No such fee band", fields=[FieldError("fee_band", "is not one of the council's")])
        case.fee_band = band
        detail["fee_band"] = band.id
    # as for applications (services.cases.assign): any officer assigns it to any officer of the council,
    # themselves or a colleague
    from bops.services.officers import get_officer

    found = get_officer(ctx, case.council, body.officer)
    if found is None:
        raise InvalidRequest(
            "Assign the pre-application to one of the council's officers",
            fields=[FieldError("officer", "no officer of this council has this username")],
        )
    case.assigned_officer = found.username
    if case.status == "submitted":
        case.status = "assigned"
    detail["officer"] = body.officer
    return "assigned", None


def _start(_ctx: Context, _identity: Identity, case: PreApplication, _body: Any, _d: dict[str, Any]) -> Handled:
    rules.require_status(case.reference, case.status, ("assigned",), "starting work")
    case.status = "in_progress"
    return None, None


def _book(_ctx: Context, identity: Identity, case: PreApplication, body: Any, detail: dict[str, Any]) -> Handled:
    rules.require_status(case.reference, case.status, rules.OPEN_STATUSES, "booking a meeting")
    meeting = Meeting(
        id=secrets.token_hex(4), kind=body.kind, at=body.at, location=body.location, booked_by=identity.name
    )
    case.meetings.append(meeting)
    detail.update(meeting_id=meeting.id, kind=meeting.kind, at=meeting.at)
    return "meeting_booked", None


def _record(_ctx: Context, identity: Identity, case: PreApplication, body: Any, detail: dict[str, Any]) -> Handled:
    rules.require_status(case.reference, case.status, rules.OPEN_STATUSES, "recording a meeting")
    meeting = next((m for m in case.meetings if m.id == body.meeting_id), None)
    if meeting is None:
        raise InvalidRequest("No such meeting", fields=[FieldError("meeting_id", "is not a meeting of this case")])
    if meeting.status != "booked":
        raise Conflict(f"That {meeting.kind.replace('_', ' ')} was recorded already")
    meeting.status = "held" if body.held else "cancelled"
    meeting.notes = body.notes
    meeting.recorded_by = identity.name
    detail.update(meeting_id=meeting.id, meeting_status=meeting.status)
    return None, None


def _save_report(ctx: Context, identity: Identity, case: PreApplication, body: Any, detail: dict[str, Any]) -> Handled:
    rules.require_status(case.reference, case.status, ("in_progress",), "writing the advice report")
    if case.report and case.report.state not in ("draft", "returned"):
        raise Conflict("The report is with the reviewer or agreed: it cannot be changed now")
    from bops.services.council_libraries import council_policies

    library = {p.id: p for p in council_policies(ctx, case.council)}
    unknown = [FieldError(f"policy_ids[{i}]", "is not in the council's policies")
               for i, pid in enumerate(body.policy_ids) if pid not in library]  # fmt: skip
    if unknown:
        raise InvalidRequest("Unknown policies", fields=unknown)
    previous = case.report or AdviceReport()
    case.report = AdviceReport(
        summary=body.summary,
        requirements=[r.strip() for r in body.requirements if r.strip()],
        constraints=site_constraints(ctx, case),
        site_history=site_history(ctx, case),
        policies=[
            PolicyLine(reference=library[p].reference, title=library[p].title, plan=library[p].plan)
            for p in dict.fromkeys(body.policy_ids)
        ],
        state="draft" if previous.state == "draft" else "returned",
        written_by=identity.name,
        review_comment=previous.review_comment,
    )
    detail["report_state"] = case.report.state
    return None, None


def _submit_report(_ctx: Context, identity: Identity, case: PreApplication, _b: Any, detail: dict[str, Any]) -> Handled:
    rules.require_status(case.reference, case.status, ("in_progress",), "submitting the advice report")
    if case.report is None or case.report.state not in ("draft", "returned"):
        raise Conflict("There is no draft report to submit: save the report first")
    case.report.written_by = identity.name
    case.report.state = "awaiting_review" if case.review_required else "agreed"
    detail["report_state"] = case.report.state
    return "report_submitted", None


def _review(_ctx: Context, identity: Identity, case: PreApplication, body: Any, detail: dict[str, Any]) -> Handled:
    if not identity.roles & REVIEWERS:
        raise Forbidden("Only a reviewer reviews an advice report")
    if case.report is None or case.report.state != "awaiting_review":
        raise Conflict("The report is not awaiting review")
    if case.report.written_by == identity.name:
        raise Forbidden("A second officer reviews the report: not the officer who wrote it")
    if body.decision == "return" and not body.comment.strip():
        raise InvalidRequest("Say what to change", fields=[FieldError("comment", "is required to return a report")])
    case.report.reviewed_by = identity.name
    case.report.review_comment = body.comment.strip() or None
    case.report.state = "agreed" if body.decision == "agree" else "returned"
    detail["report_state"] = case.report.state
    return ("report_returned" if body.decision == "return" else None), body.comment.strip() or None


def _withdraw(_ctx: Context, _i: Identity, case: PreApplication, body: Any, _d: dict[str, Any]) -> Handled:
    rules.require_status(case.reference, case.status, rules.OPEN_STATUSES, "withdrawing it")
    case.status = "withdrawn"
    return "withdrawn", body.reason


def _close(_ctx: Context, _i: Identity, case: PreApplication, body: Any, _d: dict[str, Any]) -> Handled:
    rules.require_status(case.reference, case.status, rules.OPEN_STATUSES, "closing it")
    case.status = "closed"
    return "closed", body.reason


_HANDLERS = {
    "assign": _assign,
    "start": _start,
    "book_meeting": _book,
    "record_meeting": _record,
    "save_report": _save_report,
    "submit_report": _submit_report,
    "review": _review,
    "withdraw": _withdraw,
    "close": _close,
}


# --- what the report draws on ----------------------------------------------------------------------------
def _submission(ctx: Context, case: PreApplication) -> dict[str, Any]:
    try:
        data = json.loads(ctx.storage.read(case.submission_key))
    except Exception:  # an unreadable submission must not stop the report: the point of the site is used
        return {}
    return data if isinstance(data, dict) else {}


def site_constraints(ctx: Context, case: PreApplication) -> list[ConstraintLine]:
    """The constraints on the site: what the submission's planning data found (PlanX's designations that
    intersect), merged with what the constraints source finds on the red line (or the site's point)."""
    from bops.domain import constraints as designations
    from bops.domain.errors import UpstreamError
    from bops.services.assessment_tasks.constraints import site_shape

    found = designations.from_submission(case.designations)
    shape = site_shape(case.model_dump(mode="json"), _submission(ctx, case))
    if shape is not None:
        from bops.adapters.constraints import constraints_source

        try:
            found = designations.merge(found, constraints_source().intersecting(shape))
        except UpstreamError:
            pass  # the submission's own answer stands; the officer reads the report before it goes
    return [ConstraintLine(name=c.name, description=c.description, source=c.source) for c in found]


def site_history(ctx: Context, case: PreApplication) -> list[HistoryLine]:
    """Earlier applications at the site (the council's own and its previous system's), by UPRN/address."""
    from bops.services.site_history import history_at

    entries = history_at(ctx, case.council, uprn=case.site.uprn, address=case.site.address, postcode=case.site.postcode)
    return [
        HistoryLine(
            reference=e.reference, description=e.description[:500], decision=e.decision, decision_date=e.decision_date
        )
        for e in entries[:50]
    ]


# --- the workflow's tasks --------------------------------------------------------------------------------
class TransientError(Exception):
    """A failure worth retrying (the state machine retries this error name)."""


def _resume(ctx: Context, case: PreApplication) -> None:
    """Wakes the workflow when it waits for what just happened (the token is used once)."""
    if case.task_token and _moved_on(case, case.awaiting or ""):
        ctx.workflow.resume(case.task_token, _state(case))


def _state(case: PreApplication) -> dict[str, Any]:
    return {"status": case.status, "report_state": case.report.state if case.report else "none"}


def _moved_on(case: PreApplication, milestone: str) -> bool:
    """Whether the case is past what the workflow waits for at ``milestone``."""
    if case.status in rules.FINAL_STATUSES:
        return True
    state = case.report.state if case.report else None
    if milestone == "report":
        return state in ("awaiting_review", "agreed")
    if milestone == "review":
        return state != "awaiting_review"
    return True


def _mark(ctx: Context, council: str, reference: str, change: Any, action: str, *, key: str) -> PreApplication:
    """Applies ``change`` (which returns False when there is nothing to do) with a deterministic audit entry,
    guarded by the version; re-reads and tries again when the case changed meanwhile."""
    repo = ctx.repo.pre_applications
    for _attempt in range(5):
        before = repo.require(council, reference)
        after = before.model_copy(deep=True)
        if not change(after):
            return before
        at = iso(ctx.clock.now())
        after.updated_at = at
        entry = AuditEntry(at=at, actor=WORKFLOW_ACTOR, action=action, after={"status": after.status})
        try:
            ctx.repo.transact(
                [*repo.save_writes(before, after), repo.audit_write(council, reference, entry, key=key)],
                conflict_message="changed meanwhile",
            )
            return after
        except Conflict:
            continue
    raise TransientError(f"Pre-application {reference} kept changing; try again")


def workflow_await(ctx: Context, council: str, reference: str, milestone: str, task_token: str) -> dict[str, Any]:
    """Keeps the task token on the case; the officer's action resumes the workflow with it. A case already
    past the milestone resumes it at once, so the workflow never waits for what has happened."""
    repo = ctx.repo.pre_applications
    for _attempt in range(5):
        case = repo.require(council, reference)
        if _moved_on(case, milestone):
            ctx.workflow.resume(task_token, _state(case))
            return {"awaiting": None}
        after = case.model_copy(deep=True)
        after.task_token, after.awaiting = task_token, milestone
        try:
            ctx.repo.transact(repo.save_writes(case, after)[:1], conflict_message="changed meanwhile")
            return {"awaiting": milestone}
        except Conflict:
            continue
    raise TransientError(f"Pre-application {reference} kept changing; try again")


def workflow_check_target(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """Marks the case overdue once its target date has passed without advice, then ends; else says when to
    look again (the target date's first moment after it passes: the timer sleeps until then)."""
    from bops.services.workflow_tasks import wake_at

    case = ctx.repo.pre_applications.require(council, reference)
    now = ctx.clock.now()
    if case.status in rules.FINAL_STATUSES or case.overdue:
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    target = date.fromisoformat(case.target_date)
    if london_date(now) > target:

        def overdue(c: PreApplication) -> bool:
            if c.overdue or c.status in rules.FINAL_STATUSES:
                return False
            c.overdue = True
            return True

        marked = _mark(ctx, council, reference, overdue, "pre_application.overdue", key=f"overdue-{case.target_date}")
        if marked.overdue and marked.version != case.version:
            ctx.events.publish(
                "pre_application.overdue",
                {"council": council, "reference": reference, "status": marked.status, "target_date": case.target_date,
                 "event_id": f"{reference}:overdue:{case.target_date}"},
            )  # fmt: skip
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    due = datetime.combine(target + timedelta(days=1), time(0, 0, 1), tzinfo=ZoneInfo("Europe/London"))
    return wake_at(ctx, due)


def workflow_issue(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """Issues the agreed advice: the report rendered (HTML and PDF, kept in S3), the case marked issued with
    its audit entry (once), the requester emailed (once) and ``pre_application.advice_issued`` published."""
    from bops.services.councils import get_council

    case = ctx.repo.pre_applications.require(council, reference)
    if case.status == "advice_issued":
        _email_advice(ctx, case)
        return {"status": case.status}
    if case.report is None or case.report.state != "agreed" or case.status in rules.FINAL_STATUSES:
        return {"status": case.status}
    issued_on = london_date(ctx.clock.now())
    document = ReportDocument(
        council_name=get_council(ctx, council).name,
        reference=reference,
        site_address=case.site.address,
        description=case.description,
        requester_name=case.requester.name,
        received_on=date.fromisoformat(case.received_on),
        issued_on=issued_on,
        officer=case.report.written_by or case.assigned_officer or "",
        reviewer=case.report.reviewed_by,
        report=case.report,
    )
    prefix = f"{REPORTS_PREFIX}{council}/{reference}/advice"
    ctx.storage.put(f"{prefix}.html", rules.render_html(document).encode(), "text/html; charset=utf-8")
    ctx.storage.put(f"{prefix}.pdf", rules.render_pdf(document), "application/pdf")

    def issue(c: PreApplication) -> bool:
        if c.status == "advice_issued" or c.report is None or c.report.state != "agreed":
            return False
        c.status = "advice_issued"
        c.report.html_key, c.report.pdf_key = f"{prefix}.html", f"{prefix}.pdf"
        c.report.issued_on = issued_on.isoformat()
        c.task_token, c.awaiting = None, None
        return True

    issued = _mark(ctx, council, reference, issue, "pre_application.advice_issued", key="advice-issued")
    if issued.status == "advice_issued" and issued.version != case.version:
        ctx.events.publish(
            "pre_application.advice_issued",
            {"council": council, "reference": reference, "status": issued.status,
             "issued_on": issued_on.isoformat(), "event_id": f"{reference}:advice_issued"},
        )  # fmt: skip
    _email_advice(ctx, issued)
    return {"status": issued.status}


def _email_advice(ctx: Context, case: PreApplication) -> int:
    """Emails the advice to the requester and their agent, each once (``messages.send_once``), with a link
    to the PDF that lasts a week (the report is confidential: it is on no public page)."""
    from bops.adapters.notify import Email
    from bops.repository.delivery import Message, recipient_id
    from bops.services.messages import send_once

    if case.report is None or not case.report.pdf_key:
        return 0
    sent = 0
    seen: set[str] = set()
    pdf_key = case.report.pdf_key
    people: list[Requester] = [case.requester, *([case.agent] if case.agent else [])]
    for person in people:
        address = (person.email or "").strip()
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        message = Message(
            council=case.council,
            reference=case.reference,
            kind="pre_application_advice",
            recipient=recipient_id(address),
            round=0,
        )

        def compose(address: str = address, person: Requester = person) -> Email:
            link = ctx.storage.presigned_get(
                pdf_key, file_name=f"{case.reference}-advice.pdf", expires_in=EMAIL_LINK_SECONDS
            )
            return Email(
                council=case.council,
                template="pre_application_advice",
                to=address,
                personalisation={
                    "name": person.name or "Sir or Madam",
                    "reference": case.reference,
                    "site_address": case.site.address,
                    "issued_on": case.report.issued_on if case.report and case.report.issued_on else "",
                    "link": link,
                },
                reference=case.reference,
            )

        if send_once(ctx, message, compose):
            sent += 1
    return sent


def workflow_failure(ctx: Context, council: str, reference: str, error: dict[str, Any]) -> dict[str, Any]:
    """A failed step is recorded in the case's audit trail, never dropped silently."""
    at = iso(ctx.clock.now())
    detail = {"error": str(error.get("Error", "unknown"))[:200], "cause": str(error.get("Cause", ""))[:1000]}
    repo = ctx.repo.pre_applications
    entry = AuditEntry(at=at, actor=WORKFLOW_ACTOR, action="workflow.failed", after=detail)
    ctx.repo.transact([repo.audit_write(council, reference, entry)], conflict_message="audit entry exists")
    return {"recorded": True}
