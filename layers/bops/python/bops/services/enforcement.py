"""Enforcement: reports of a planning breach (from PlanX or entered by an officer), investigated to an outcome.

- ``receive_report``: an ODP v0.7.7 breach report (``enforcement.json``) posted to the submissions routes
  (v1 and PlanX's v2; ``intake.submit`` hands it here) becomes a case ``YY-NNNNN-ENF``, exactly once per
  ``metadata.id`` (the applications' claim / marker, in one transaction with the case and its audit entry).
- ``create_report``: an officer enters a report taken by phone or letter.
- ``act``: the officer's steps (triage, site visit, contact with the owner, outcome, serve a notice, close),
  each checked against the case's status (409) and the Act's dates (422 naming the field), audited in the
  same transaction, announced on the bus, and resuming the case's workflow.
- ``await_step`` / ``check_compliance``: the workflow's tasks (``functions.enforcement``).

The reporter's identity is the officers' only: it is in no event, no log line, no public route (enforcement
cases are on no public register at all) and no list row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import ConfigDict, Field, RootModel

from bops.domain import enforcement as rules
from bops.domain.application import AuditEntry, format_reference
from bops.domain.documents import NO_THREATS_FOUND
from bops.domain.enforcement import (
    BreachSite,
    EnforcementCase,
    Immunity,
    Notice,
    NoticeDates,
    OwnerContact,
    Photo,
    Reporter,
    Visit,
)
from bops.domain.errors import Conflict, FieldError, InvalidRequest, NotFound
from bops.domain.time import iso, london_date
from bops.model import Model
from bops.repository.enforcement import EnforcementRow
from bops.resources import ENFORCEMENT_PREFIX
from bops.services import receipt
from bops.services.context import Context
from bops.services.councils import get_council

if TYPE_CHECKING:
    from bops.auth import Identity

PHOTO_TYPES = ("image/jpeg", "image/png")
PHOTO_MAX_BYTES = 30 * 1024 * 1024
UPLOAD_EXPIRES_IN = 900
LONDON = ZoneInfo("Europe/London")


def case_url(reference: str) -> str:
    return f"/api/v1/enforcement/{reference}"


class ReportAccepted(Model):
    """Intake's answer (the fields of ``intake.SubmissionAccepted``)."""

    reference: str
    status: str
    created: bool
    application_url: str


# --- intake ----------------------------------------------------------------------------------------------------
def is_breach_report(payload: Any) -> bool:
    from bops.odp.enforcement import is_breach_report as detect

    return detect(payload)


def receive_report(ctx: Context, identity: Identity, payload: Any, raw_body: bytes) -> ReportAccepted:
    """A PlanX breach report becomes an enforcement case, once per ``metadata.id`` (a repeat answers with the
    same reference, ``created`` false). The council is the caller's, whatever the report's organisation."""
    from bops.odp.enforcement import validate_report

    summary = validate_report(payload)
    council = get_council(ctx, identity.council)
    claim = receipt.claim(ctx, council, summary.metadata_id, rules.SUFFIX)
    if isinstance(claim, str):  # received before, or by another request at the same moment
        return _already_received(ctx, council.id, claim)
    received_on, reference = claim.received_on, claim.reference
    submission_key = f"submissions/{council.id}/{summary.metadata_id}.json"
    ctx.storage.put(submission_key, raw_body, "application/json")  # kept verbatim, before the case
    at = claim.at
    case = EnforcementCase(
        council=council.id,
        reference=reference,
        status="received",
        source="planx",
        received_at=at,
        received_on=received_on,
        description=summary.description,
        site=BreachSite(
            **summary.model_dump(include=set(BreachSite.model_fields) - {"address"}), address=summary.address
        ),
        breach_types=summary.breach_types,
        began_on=summary.began_on,
        ended_on=summary.ended_on,
        reporter=summary.reporter,
        submission_id=summary.metadata_id,
        submission_key=submission_key,
        created_at=at,
        updated_at=at,
    )
    audit = AuditEntry(at=at, actor=identity.actor, action="enforcement.received", after={"status": "received"})
    writes = [
        *ctx.repo.enforcement.case_writes(None, case),
        ctx.repo.enforcement.audit_write(council.id, reference, audit),
    ]
    if (made := claim.record(ctx, council.id, writes)) is not None:
        return _already_received(ctx, council.id, made)
    _started(ctx, case)
    return ReportAccepted(reference=reference, status=case.status, created=True, application_url=case_url(reference))


def _started(ctx: Context, case: EnforcementCase) -> None:
    from bops.adapters import enforcement_workflow

    enforcement_workflow.start(case.council, case.reference)
    ctx.events.publish(
        "enforcement.received",
        {"council": case.council, "reference": case.reference, "source": case.source, "status": case.status},
    )


def _already_received(ctx: Context, council: str, reference: str) -> ReportAccepted:
    from bops.adapters import enforcement_workflow

    case = ctx.repo.enforcement.get(council, reference)
    enforcement_workflow.start(council, reference)  # in case the first attempt stopped before starting it
    return ReportAccepted(
        reference=reference,
        status=case.status if case else "received",
        created=False,
        application_url=case_url(reference),
    )


# --- an officer's report ---------------------------------------------------------------------------------------
class Request(Model):
    """An officer's request body: a field the API does not know is refused (a misspelt date would otherwise
    be dropped silently and its default used), and text is trimmed before its length is checked."""

    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)


class OfficerReport(Request):
    """A report taken by an officer (by phone, letter or in person)."""

    description: str = Field(min_length=1, max_length=5000)
    address: str = Field(min_length=1, max_length=500)
    postcode: str | None = Field(default=None, max_length=10)
    uprn: str | None = Field(default=None, pattern=r"^[0-9]{1,12}$")
    began_on: date | None = None
    reporter: Reporter | None = None


def create_report(ctx: Context, identity: Identity, body: OfficerReport) -> EnforcementCaseView:
    council = get_council(ctx, identity.council)
    now = ctx.clock.now()
    today = london_date(now)
    if body.began_on and body.began_on > today:
        raise InvalidRequest(
            "The breach cannot begin in the future", fields=[FieldError("began_on", "is in the future")]
        )
    received_on = receipt.received_date(council, now)
    reference = format_reference(
        received_on.year, ctx.repo.cases.next_number(council.id, received_on.year), rules.SUFFIX
    )
    at = iso(now)
    case = EnforcementCase(
        council=council.id,
        reference=reference,
        status="received",
        source="officer",
        received_at=at,
        received_on=received_on,
        description=body.description,
        site=BreachSite(address=body.address, postcode=body.postcode, uprn=body.uprn),
        began_on=body.began_on,
        reporter=body.reporter,
        created_at=at,
        updated_at=at,
    )
    audit = AuditEntry(at=at, actor=identity.actor, action="enforcement.received", after={"status": "received"})
    ctx.repo.enforcement.save(None, case, audit)
    _started(ctx, case)
    return _view(ctx, case)


# --- reading ---------------------------------------------------------------------------------------------------
class EnforcementCaseView(Model):
    """An enforcement case as its officers see it: the reporter included (officers only), the date the
    breach would become immune, what may be done next and the audit trail."""

    case: EnforcementCase
    immunity: Immunity | None = None
    allowed_actions: list[str]
    audit: list[AuditEntry]
    category_names: dict[str, str] = rules.CATEGORY_NAMES
    notice_names: dict[str, str] = rules.NOTICE_NAMES


class PhotoUpload(Model):
    """A form to send one photo straight to S3 (the fields go in the multipart POST before the file)."""

    photo_id: str
    url: str
    fields: dict[str, str]
    key_prefix: str
    max_bytes: int
    expires_in: int


class ActionResult(EnforcementCaseView):
    uploads: list[PhotoUpload] = []


class EnforcementList(Model):
    cases: list[EnforcementRow]


def _immunity(case: EnforcementCase) -> Immunity | None:
    if case.began_on is None or case.immunity_kind is None:
        return None
    return rules.immunity(case.immunity_kind, case.began_on)


def _view(ctx: Context, case: EnforcementCase) -> EnforcementCaseView:
    return EnforcementCaseView(
        case=case.model_copy(update={"task_token": None}),
        immunity=_immunity(case),
        allowed_actions=rules.allowed_actions(case.status),
        audit=ctx.repo.enforcement.audit(case.council, case.reference),
    )


def get_case(ctx: Context, identity: Identity, reference: str) -> EnforcementCaseView:
    return _view(ctx, ctx.repo.enforcement.require(identity.council, reference))


def list_open(ctx: Context, identity: Identity) -> EnforcementList:
    return EnforcementList(cases=ctx.repo.enforcement.open_cases(identity.council))


class PhotoLink(Model):
    url: str = Field(description="A presigned GET of the photo (5 minutes), shown in the browser")
    file_name: str
    content_type: str


#: The first bytes of the photos' types: a photo is served only as what its bytes show it is.
PHOTO_SIGNATURES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


def photo_link(ctx: Context, identity: Identity, reference: str, photo_id: str) -> PhotoLink:
    """A short-lived link to a site visit's photo: 404 until it is uploaded; 409 when its bytes are not the
    JPEG or PNG it was declared as (it is never served then: only images, as images), and until the malware
    scanner has found it clean (GuardDuty's tag in AWS, read now; locally the bytes are scanned now)."""
    case = ctx.repo.enforcement.require(identity.council, reference)
    photo = next((p for v in case.visits for p in v.photos if p.id == photo_id), None)
    if photo is None:
        raise NotFound(f"No photo {photo_id} on {reference}")
    key = photo.key_prefix + photo.file_name
    try:
        head = ctx.storage.read(key, max_bytes=8)
    except Exception as error:  # the storage adapter raises the SDK's NoSuchKey: not uploaded (yet)
        raise NotFound(f"Photo {photo.file_name} has not been uploaded") from error
    if not head.startswith(PHOTO_SIGNATURES[photo.content_type]):
        raise Conflict(f"Photo {photo.file_name} is not the image it was declared as, so it is not shown")
    verdict = ctx.scanner.scan(ctx.storage.bucket, key)
    if verdict is None:
        raise Conflict(f"Photo {photo.file_name} is still being checked for malware: try again in a minute")
    if verdict.result != NO_THREATS_FOUND:
        raise Conflict(f"Photo {photo.file_name} is not shown: the malware scan found it unsafe or could not scan it")
    url = ctx.storage.presigned_get(key, file_name=photo.file_name, expires_in=300, inline_as=photo.content_type)
    return PhotoLink(url=url, file_name=photo.file_name, content_type=photo.content_type)


# --- the officer's steps ---------------------------------------------------------------------------------------
class TriageRequest(Request):
    """Triage: what kind of breach it is (its priority follows, unless the officer sets another with a
    reason), which immunity rule applies and from when."""

    categories: list[rules.Category] = Field(min_length=1, max_length=9)
    priority: rules.Priority | None = None
    priority_reason: str | None = Field(default=None, max_length=2000)
    immunity_kind: rules.ImmunityKind | None = None
    began_on: date | None = None
    assigned_officer: str | None = Field(default=None, max_length=200)


class PhotoRequest(Request):
    file_name: str = Field(min_length=1, max_length=200)
    content_type: Literal["image/jpeg", "image/png"]


class VisitRequest(Request):
    visited_on: date
    notes: str = Field(min_length=1, max_length=10000)
    photos: list[PhotoRequest] = Field(default=[], max_length=20)


class ContactRequest(Request):
    contacted_on: date
    method: Literal["letter", "email", "phone", "in_person"]
    summary: str = Field(min_length=1, max_length=5000)


class OutcomeRequest(Request):
    outcome: rules.Outcome
    notes: str = Field(min_length=1, max_length=5000)
    retrospective_application: str | None = Field(default=None, max_length=40)


class NoticeRequest(NoticeDates):
    requirements: str = Field(min_length=1, max_length=10000)


class CloseRequest(Request):
    reason: str = Field(min_length=1, max_length=2000)


#: The body of each action of ``POST /api/v1/enforcement/{reference}/{action}``.
ACTION_BODIES: dict[str, type[Model]] = {
    "triage": TriageRequest,
    "visit": VisitRequest,
    "contact": ContactRequest,
    "outcome": OutcomeRequest,
    "notice": NoticeRequest,
    "close": CloseRequest,
}


def act(ctx: Context, identity: Identity, reference: str, action: str, body: Model) -> ActionResult:
    """One officer step on the case: checked, saved with its audit entry, announced, and the workflow told."""
    council = identity.council
    for _attempt in range(3):
        before = ctx.repo.enforcement.require(council, reference)
        if before.status not in rules.ALLOWED_FROM[action]:
            raise Conflict(f"A case that is {before.status.replace('_', ' ')} cannot take that step ({action})")
        now = ctx.clock.now()
        after, audit, announce, uploads = _apply(ctx, identity, before, action, body, now)
        after = after.model_copy(
            update={"step": before.step + 1, "version": before.version + 1, "updated_at": iso(now), "task_token": None}
        )
        try:
            ctx.repo.enforcement.save(before, after, audit)
            break
        except Conflict:
            current = ctx.repo.enforcement.get(council, reference)
            if current is None or current.step != before.step:
                raise  # an officer changed it: they reload
            # only the workflow's task token was written meanwhile: do it again on the case as it is now
    else:
        raise Conflict(f"Enforcement case {reference} kept changing; try again")
    if announce:
        announce(after.status)
    if before.task_token:
        ctx.workflow.resume(before.task_token, {"status": after.status, "step": after.step})
    if action == "notice":
        from bops.adapters import enforcement_workflow

        # each notice its own timer: a later notice with an earlier date (a stop notice after an enforcement
        # notice) is not kept waiting behind another's sleep
        enforcement_workflow.start_notice_timer(council, reference, after.notices[-1].id)
    view = _view(ctx, after)
    return ActionResult(**dict(view), uploads=uploads)


def _entry(
    identity: Identity, now: datetime, action: str, before: EnforcementCase, after: dict[str, Any]
) -> AuditEntry:
    return AuditEntry(
        at=iso(now), actor=identity.actor, action=f"enforcement.{action}", before={"status": before.status}, after=after
    )


#: Publishes a step's event once the step is saved (given the status it left the case in).
Announce = Callable[[str], None]
Change = tuple[dict[str, Any], dict[str, Any], Announce | None, list["PhotoUpload"]]


def _about(case: EnforcementCase) -> dict[str, str]:
    """What every event says of the case: the council and reference, never the reporter."""
    return {"council": case.council, "reference": case.reference}


def _not_future(day: date | None, today: date, field: str, message: str) -> None:
    if day is not None and day > today:
        raise InvalidRequest(message, fields=[FieldError(field, "is in the future")])


def _apply(
    ctx: Context, identity: Identity, case: EnforcementCase, action: str, body: Model, now: datetime
) -> tuple[EnforcementCase, AuditEntry, Announce | None, list[PhotoUpload]]:
    status = rules.status_after(action, case.status, outcome=getattr(body, "outcome", None))
    step = STEPS[action]
    changes, detail, announce, uploads = step(ctx, identity, case, body, london_date(now), iso(now))
    # validated again: a copy with updates skips validation, and the stored form must be the model's
    after = EnforcementCase.model_validate({**case.model_dump(), **changes, "status": status})
    audit = _entry(
        identity, now, action, case, {"status": status, **{k: v for k, v in detail.items() if v is not None}}
    )
    return after, audit, announce, uploads


def _triage(ctx: Context, identity: Identity, case: EnforcementCase, body: Any, today: date, at: str) -> Change:
    began_on = body.began_on or case.began_on
    _not_future(began_on, today, "began_on", "The breach cannot begin in the future")
    suggested = rules.suggested_priority(body.categories)
    priority = body.priority or suggested
    if priority != suggested and not (body.priority_reason or "").strip():
        raise InvalidRequest(
            "Say why the priority differs from the one the breach's kind suggests",
            fields=[FieldError("priority_reason", f"is required when the priority is not {suggested}")],
        )
    changes = {
        "categories": list(body.categories),
        "priority": priority,
        "priority_reason": body.priority_reason,
        "immunity_kind": body.immunity_kind or case.immunity_kind,
        "began_on": began_on,
        "assigned_officer": body.assigned_officer or case.assigned_officer or identity.name,
    }
    detail = {"priority": priority, "categories": list(body.categories)}
    return (
        changes,
        detail,
        lambda status: ctx.events.publish(
            "enforcement.triaged", {**_about(case), "status": status, "priority": priority}
        ),
        [],
    )


def _visit(ctx: Context, identity: Identity, case: EnforcementCase, body: Any, today: date, at: str) -> Change:
    _not_future(body.visited_on, today, "visited_on", "A visit is recorded once made")
    photos, uploads = [], []
    for photo in body.photos:
        photo_id = uuid.uuid4().hex
        # not under uploads/: the applications' documents pipeline must not take these for a case's documents
        prefix = f"{ENFORCEMENT_PREFIX}{case.council}/{case.reference}/{photo_id}/"
        photos.append(
            Photo(
                id=photo_id,
                file_name=photo.file_name,
                content_type=photo.content_type,
                key_prefix=prefix,
                requested_at=at,
            )
        )
        form = ctx.storage.presigned_post(
            key_prefix=prefix, content_type=photo.content_type, max_bytes=PHOTO_MAX_BYTES, expires_in=UPLOAD_EXPIRES_IN
        )
        uploads.append(
            PhotoUpload(
                photo_id=photo_id,
                url=form["url"],
                fields={k: str(v) for k, v in form["fields"].items()},
                key_prefix=prefix,
                max_bytes=PHOTO_MAX_BYTES,
                expires_in=UPLOAD_EXPIRES_IN,
            )
        )
    visit = Visit(
        id=uuid.uuid4().hex[:12],
        visited_on=body.visited_on,
        officer=identity.name,
        notes=body.notes,
        photos=photos,
        recorded_at=at,
    )
    # a visit is how an officer checks compliance: the checks raised so far are dealt with
    changes = {"visits": [*case.visits, visit], "compliance_checks_due": []}
    detail = {"visit": visit.id, "visited_on": body.visited_on.isoformat(), "photos": len(photos)}
    return changes, detail, None, uploads


def _contact(ctx: Context, identity: Identity, case: EnforcementCase, body: Any, today: date, at: str) -> Change:
    _not_future(body.contacted_on, today, "contacted_on", "Contact is recorded once made")
    contact = OwnerContact(
        id=uuid.uuid4().hex[:12],
        contacted_on=body.contacted_on,
        method=body.method,
        summary=body.summary,
        officer=identity.name,
        recorded_at=at,
    )
    return {"contacts": [*case.contacts, contact]}, {"contact": contact.id, "method": body.method}, None, []


def _outcome(ctx: Context, identity: Identity, case: EnforcementCase, body: Any, today: date, at: str) -> Change:
    retrospective = (body.retrospective_application or "").strip() or None
    if body.outcome == "retrospective_application_invited":
        if not retrospective:
            raise InvalidRequest(
                "Name the planning application invited",
                fields=[FieldError("retrospective_application", "is required for this outcome")],
            )
        if ctx.repo.cases.get(case.council, retrospective) is None:
            raise InvalidRequest(
                "There is no such planning application",
                fields=[FieldError("retrospective_application", f"no application {retrospective} in this council")],
            )
    elif retrospective:
        raise InvalidRequest(
            "Only a retrospective application invited names an application",
            fields=[FieldError("retrospective_application", "applies only to retrospective_application_invited")],
        )
    changes = {"outcome": body.outcome, "outcome_notes": body.notes, "retrospective_application": retrospective}
    detail = {"outcome": body.outcome, "retrospective_application": retrospective}
    return (
        changes,
        detail,
        lambda status: ctx.events.publish(
            "enforcement.outcome_recorded", {**_about(case), "status": status, "outcome": body.outcome}
        ),
        [],
    )


def _notice(ctx: Context, identity: Identity, case: EnforcementCase, body: Any, today: date, at: str) -> Change:
    timetable, errors = rules.notice_timetable(
        NoticeDates(**body.model_dump(include=set(NoticeDates.model_fields))),
        today=today,
        enforcement_notices=[(n.served_on, n.takes_effect_on) for n in case.notices if n.kind == "enforcement"],
    )
    if errors or timetable is None:
        raise InvalidRequest("The notice's dates do not meet the Act", fields=errors)
    notice = Notice(
        **timetable.model_dump(),
        id=uuid.uuid4().hex[:12],
        requirements=body.requirements,
        served_by=identity.name,
        recorded_at=at,
    )
    detail = {"notice": notice.id, **timetable.model_dump(mode="json", exclude_none=True)}
    dates = {
        "notice_kind": notice.kind,
        "served_on": notice.served_on.isoformat(),
        **({"compliance_due": notice.compliance_due.isoformat()} if notice.compliance_due else {}),
        **({"appeal_by": notice.appeal_by.isoformat()} if notice.appeal_by else {}),
    }
    changes = {"notices": [*case.notices, notice], "outcome": "notice_served"}
    return (
        changes,
        detail,
        lambda status: ctx.events.publish("enforcement.notice_served", {**_about(case), "status": status, **dates}),
        [],
    )


def _close(ctx: Context, identity: Identity, case: EnforcementCase, body: Any, today: date, at: str) -> Change:
    changes = {"closed_reason": body.reason, "closed_at": at, "compliance_checks_due": []}
    return (
        changes,
        {"reason": body.reason},
        lambda status: ctx.events.publish(
            "enforcement.closed", {**_about(case), "status": status, "previous_status": case.status}
        ),
        [],
    )


STEPS = {
    "triage": _triage,
    "visit": _visit,
    "contact": _contact,
    "outcome": _outcome,
    "notice": _notice,
    "close": _close,
}


# --- the workflow's tasks --------------------------------------------------------------------------------------
def await_step(ctx: Context, council: str, reference: str, seen_step: int, task_token: str) -> dict[str, Any]:
    """Keeps the task token on the case until an officer's step resumes the execution; if a step was taken
    since the workflow last looked (``seen_step``), resumes at once (it never waits for what has happened).

    It also makes sure every notice still to be checked has its timer: the officer's step starts it, and a
    start lost after the notice was saved is made good here (a start by the same name is a no-op)."""
    from bops.adapters import enforcement_workflow

    for notice in ctx.repo.enforcement.require(council, reference).notices:
        if notice.check_raised_at is None:
            enforcement_workflow.start_notice_timer(council, reference, notice.id)
    for _attempt in range(5):
        case = ctx.repo.enforcement.require(council, reference)
        if case.step != seen_step or case.status == "closed":
            ctx.workflow.resume(task_token, {"status": case.status, "step": case.step})
            return {"awaiting": False, "status": case.status}
        try:
            ctx.repo.enforcement.set_task_token(case, task_token)
            return {"awaiting": True, "status": case.status}
        except Conflict:
            continue
    raise Conflict(f"Enforcement case {reference} kept changing")


def check_compliance(ctx: Context, council: str, reference: str, notice_id: str) -> dict[str, Any]:
    """A served notice's timer (one execution per notice, started when it is served): on the notice's date
    (its compliance date; a contravention notice's reply date; a stop notice's effective date) it raises
    "compliance check due" on the case, once; before then it says when to look again (the Wait state
    sleeps until that day, not on a fixed period). A closed case, or a check already raised, ends it."""
    now = ctx.clock.now()
    done = {"finished": True, "wait": False, "wake_at": iso(ctx.clock.to_real(now))}
    for _attempt in range(5):
        case = ctx.repo.enforcement.require(council, reference)
        notice = next((n for n in case.notices if n.id == notice_id), None)
        if case.status == "closed" or notice is None or notice.check_raised_at is not None:
            return done
        if notice.check_on > london_date(now):
            # a second into the London day, so the date there is that day whatever the clocks did
            due = datetime.combine(notice.check_on, dtime(0, 0, 1), tzinfo=LONDON)
            wake = min(due, now + timedelta(seconds=ctx.timer_recheck_seconds))
            return {"finished": False, "wait": True, "wake_at": iso(ctx.clock.to_real(wake))}
        if _raise_check(ctx, case, notice, now):
            return done
    raise Conflict(f"Enforcement case {reference} kept changing")


def _raise_check(ctx: Context, case: EnforcementCase, notice: Notice, now: datetime) -> bool:
    """Records the check on the case and announces it; False when the case changed meanwhile (read again)."""
    at = iso(now)
    notices = [n.model_copy(update={"check_raised_at": at}) if n.id == notice.id else n for n in case.notices]
    after = case.model_copy(
        update={
            "notices": notices,
            "compliance_checks_due": [*case.compliance_checks_due, notice.id],
            "version": case.version + 1,
            "updated_at": at,
        }
    )
    audit = AuditEntry(
        at=at,
        actor="workflow",
        action="enforcement.compliance_check_due",
        after={"notice": notice.id, "notice_kind": notice.kind, "check_on": notice.check_on.isoformat()},
    )
    try:
        # keyed by the notice: a retried task cannot write the entry twice
        ctx.repo.enforcement.save(case, after, audit, key=f"compliance-{notice.id}")
    except Conflict:
        return False
    ctx.events.publish(
        "enforcement.compliance_check_due",
        {
            "council": case.council,
            "reference": case.reference,
            "notice_kind": notice.kind,
            "check_on": notice.check_on.isoformat(),
        },
    )
    return True


class EnforcementAction(
    RootModel[TriageRequest | VisitRequest | ContactRequest | OutcomeRequest | NoticeRequest | CloseRequest]
):
    """The body of an officer's step: the model of its ``{action}`` (``ACTION_BODIES``)."""
