"""Consultation: neighbours, consultees, public comments, site and press notices, and the end date.

The consultation record lives on the case (``consultation``, written through ``bops.services.cases``);
neighbours, consultees and comments are the consultation repository's (``ctx.repo.consultation``).
Starting consultation starts its own workflow (``statemachines/consultation.asl.json``): letters and
emails fan out through a Map state, each sent once (``bops.services.messages``), then a timer waits for
the end date (re-reading it, so extensions count). The public register shows what
``bops.domain.publication`` says is published.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import ConfigDict, Field

from bops.adapters.addresses import address_source
from bops.auth import Identity
from bops.domain import comments as comment_rules
from bops.domain import consultation as rules
from bops.domain.delivery import LetterBatch, batches
from bops.domain.documents import DOCUMENT_ID_PATTERN
from bops.domain.errors import Conflict, FieldError, InvalidRequest, NotFound, Unauthorized
from bops.domain.neighbours import Address, within_polygon, within_radius
from bops.domain.publication import is_published
from bops.domain.time import PlausibleDate, iso, london_date
from bops.model import Model
from bops.repository.consultation import Consultee, Neighbour, neighbour_id
from bops.services.audit import audit_item
from bops.services.consultation_tasks import (
    CONSULTEE_LINK_GRACE_DAYS,
    CONSULTEE_LINK_PREFIX,
    FINAL,
    consultation_or_new,
    load,
    record_of,
    save_consultation,
    send_consultee_email,
    send_letter,
)
from bops.services.context import Context
from bops.services.documents import PublicDocument, public_documents

if TYPE_CHECKING:
    from bops.repository import Write


# --- API models ------------------------------------------------------------------------------------
class ConsultationView(Model):
    consultation: dict[str, Any] | None
    end_date_explained: list[str] = Field(default_factory=list)
    neighbours: int = 0
    consultees: list[dict[str, Any]] = Field(default_factory=list)
    comments: dict[str, Any] = Field(default_factory=dict, description="Counts by stance and topic")
    letters: list[LetterBatch] = Field(
        default_factory=list, description="The neighbours' letters by batch: counts by GOV.UK Notify status"
    )


class NeighbourSelection(Model):
    address: Address | None = Field(None, description="One address added by hand")
    radius_m: float | None = Field(None, gt=0, le=2000, description="Every address within this distance of the site")
    polygon: dict[str, Any] | None = Field(None, description="Every address inside this GeoJSON polygon")


class NeighbourList(Model):
    neighbours: list[dict[str, Any]]


class NeighbourRemoval(Model):
    ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=500, description="The neighbours to remove (their ids): all of them or none"
    )


class Resend(Model):
    reason: str = Field(min_length=1, max_length=500)


class NewConsultee(Model):
    """Who to consult: a consultee from the council's directory (``directory_id``), whose details and
    response period fill in whatever is not given here, or one typed in (name, organisation, email)."""

    directory_id: str | None = Field(None, max_length=64, description="A consultee in the council's directory")
    name: str | None = Field(None, min_length=1, max_length=200)
    organisation: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    kind: Literal["internal", "external"] | None = None
    response_days: int | None = Field(None, ge=1, le=99, description="Default: the directory's, else 21")


class ConsulteeAgain(Model):
    reason: str = Field(min_length=1, max_length=500, description="Why: kept in the consultee's history")


class Reconsultation(ConsulteeAgain):
    response_days: int | None = Field(None, ge=1, le=99, description="Default: the consultee's period")


class SiteNoticePlan(Model):
    required: bool
    count: int = Field(1, ge=1, le=50, description="How many notices go up around the site")
    delivery: Literal["officer", "applicant"] | None = Field(
        None, description="Who puts it up: a council officer, or the applicant (sent to them to display)"
    )


class PressNoticePlan(Model):
    required: bool
    publication: str | None = Field(None, max_length=200, description="The newspaper it is published in")


#: A photo or document of the case's, uploaded first (its document_id).
EvidenceId = Annotated[str, Field(pattern=DOCUMENT_ID_PATTERN.pattern)]


class NoticePlans(Model):
    """Which notices the case needs (the officer's choice): give either or both."""

    # plan_notices checks that one is given; the schema says so too.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "object"}}}
                for name in ("site_notice", "press_notice")
            ]
        }
    )

    site_notice: SiteNoticePlan | None = None
    press_notice: PressNoticePlan | None = None


class SiteNoticeRecord(Model):
    displayed_on: PlausibleDate
    evidence_document_ids: list[EvidenceId] = Field(min_length=1, max_length=20)


class PressNoticeRecord(Model):
    published_on: PlausibleDate
    publication: str | None = Field(None, max_length=200)
    evidence_document_ids: list[EvidenceId] = Field(min_length=1, max_length=20)


class ExtensionRequest(Model):
    days: int = Field(ge=1, le=99)
    reason: str = Field(min_length=1, max_length=2000)


class CommentList(Model):
    comments: list[dict[str, Any]]


class RedactionRequest(Model):
    redacted_text: str = Field(min_length=1, max_length=10_000)


class ConsulteeResponse(Model):
    stance: Literal["approved", "amendments_needed", "objected"]
    text: str = Field(min_length=1, max_length=20_000)
    document_ids: list[str] = Field(default_factory=list, max_length=20)


class ConsulteeView(Model):
    reference: str
    site_address: str
    description: str
    consultee: dict[str, Any]
    respond_by: str | None
    documents: list[PublicDocument] = Field(
        default_factory=list, description="The application's published documents, to view or download"
    )


class PublicApplication(Model):
    reference: str
    application_type_name: str
    status: str
    site_address: str
    postcode: str | None
    description: str
    received_on: str
    consultation_end_date: str | None = None
    decision: str | None = None
    appeal_non_determination_from: str | None = Field(
        None, description="From this day the applicant may appeal against non-determination (TCPA 1990 s. 78(2))"
    )
    appeal_deadline: str | None = Field(None, description="The last day to appeal (DMPO 2015 art. 37(2))")
    comments: list[dict[str, Any]] = Field(default_factory=list, description="Comments as the officer redacted them")
    documents: list[PublicDocument] = Field(
        default_factory=list, description="The documents the council marked publishable (not listed in searches)"
    )


class PublicApplicationList(Model):
    applications: list[PublicApplication]


class CommentReceived(Model):
    id: str
    message: str


# --- the officer's side ---------------------------------------------------------------------------
def view(ctx: Context, identity: Identity, reference: str) -> ConsultationView:
    council = identity.council
    case = load(ctx, council, reference)
    record = record_of(case)
    explained = rules.end_date(record) if record else None
    neighbours = ctx.repo.consultation.neighbours(council, reference)
    return ConsultationView(
        consultation=record.model_dump(mode="json") if record else None,
        end_date_explained=explained.lines() if explained else [],
        neighbours=len(neighbours),
        consultees=[_consultee_public(c) for c in ctx.repo.consultation.consultees(council, reference)],
        comments=comment_rules.summary(ctx.repo.consultation.comments(council, reference)).model_dump(mode="json"),
        letters=batches(letter for n in neighbours for letter in n.letters),
    )


def start(ctx: Context, identity: Identity, reference: str) -> ConsultationView:
    """Starts consultation: letters go out the next business day; the workflow sends and then waits."""
    case = load(ctx, identity.council, reference)
    if not is_published(case) or case["status"] in FINAL:
        raise Conflict(f"Consultation starts once the application is valid and open (it is {case['status']})")
    record = rules.start(consultation_or_new(case), today=london_date(ctx.clock.now()))
    save_consultation(ctx, identity.actor, case, record, "consultation.started")
    ctx.workflow.start_consultation(identity.council, reference)
    ctx.events.publish(
        "consultation.started",
        {
            "council": identity.council,
            "reference": reference,
            "end_date": record.end_date.isoformat() if record.end_date else None,
        },
    )
    return view(ctx, identity, reference)


def add_neighbours(ctx: Context, identity: Identity, reference: str, body: NeighbourSelection) -> NeighbourList:
    case = load(ctx, identity.council, reference)
    chosen = [body.address is not None, body.radius_m is not None, body.polygon is not None]
    if sum(chosen) != 1:
        raise InvalidRequest(
            "Give one of: an address, a radius or a polygon",
            fields=[FieldError("address", "give exactly one of address, radius_m, polygon")],
        )
    source = address_source(identity.council)
    site = case["site"]
    if body.address is not None:
        found, how = [body.address], "by hand"
    elif body.radius_m is not None:
        if site.get("latitude") is None or site.get("longitude") is None:
            raise Conflict("The site has no coordinates: add neighbours by hand or by polygon")
        found = within_radius(
            site["latitude"],
            site["longitude"],
            source.near(site["latitude"], site["longitude"], body.radius_m),
            body.radius_m,
        )
        how = f"within {body.radius_m:g} m"
    else:
        polygon = body.polygon or {}
        found, how = within_polygon(polygon, source.in_polygon(polygon)), "by polygon"
    # the applicant's own site is not a neighbour
    found = [a for a in found if not (a.uprn and a.uprn == site.get("uprn"))]
    at = iso(ctx.clock.now())
    chosen_neighbours = [
        Neighbour(id=neighbour_id(a), address=a, selected=how, added_at=at, added_by=identity.name) for a in found
    ]
    new = ctx.repo.consultation.add_neighbours(identity.council, reference, chosen_neighbours)
    ctx.repo.consultation.add_audit(
        audit_item(
            identity.council,
            reference,
            at=at,
            actor=identity.actor,
            action="consultation.neighbours_added",
            after={"added": len(new), "selected": how},
        )
    )
    record = record_of(case)
    if record and record.status is rules.ConsultationStatus.IN_PROGRESS and new:
        for neighbour in new:  # added after the letters went: they get theirs now
            send_letter(ctx, identity.council, reference, neighbour.id)
    return list_neighbours(ctx, identity, reference)


def list_neighbours(ctx: Context, identity: Identity, reference: str) -> NeighbourList:
    load(ctx, identity.council, reference)
    return NeighbourList(
        neighbours=[
            n.model_dump(mode="json", include={"id", "address", "selected", "letters"})
            for n in ctx.repo.consultation.neighbours(identity.council, reference)
        ]
    )


#: Neighbours removed per transaction (DynamoDB takes 100 operations; one is the audit entry).
REMOVALS_PER_WRITE = 99


def remove_neighbours(ctx: Context, identity: Identity, reference: str, ids: list[str]) -> NeighbourList:
    """Removes neighbours picked by mistake (a radius takes in a road too many): all the ids or none.

    Unknown ids are ``NotFound`` (404). A neighbour who has been sent a letter stays on the case: they were
    consulted, and their letter is the record of it (``Conflict``, 409); so does every neighbour once the
    application is determined. Each removal is audited with the addresses removed."""
    council = identity.council
    case = load(ctx, council, reference)
    if case["status"] in FINAL:
        raise Conflict(f"Application {reference} has been determined: its neighbours are kept")
    wanted = list(dict.fromkeys(ids))
    current = {n.id: n for n in ctx.repo.consultation.neighbours(council, reference)}
    unknown = [i for i in wanted if i not in current]
    if unknown:
        raise NotFound(f"No neighbour {unknown[0]} on application {reference}")
    written = [i for i in wanted if current[i].letters or current[i].unconfirmed_letter is not None]
    if written:
        raise Conflict(f"A letter has been sent to {current[written[0]].address.single_line}: it cannot be removed")
    at = iso(ctx.clock.now())
    for start in range(0, len(wanted), REMOVALS_PER_WRITE):
        chunk = [current[i] for i in wanted[start : start + REMOVALS_PER_WRITE]]
        audit = audit_item(
            council,
            reference,
            at=at,
            actor=identity.actor,
            action="consultation.neighbours_removed",
            before={"removed": [n.address.single_line for n in chunk]},
            after={"removed": len(chunk)},
        )
        ctx.repo.transact(
            [
                *(ctx.repo.consultation.remove_neighbour_write(council, reference, n.id) for n in chunk),
                ctx.repo.consultation.audit_write(audit),
            ],
            conflict_message="A letter went to one of these neighbours meanwhile, or they were removed: reload",
        )
    return list_neighbours(ctx, identity, reference)


def resend_letter(ctx: Context, identity: Identity, reference: str, neighbour_id: str, body: Resend) -> NeighbourList:
    load(ctx, identity.council, reference)
    neighbour = ctx.repo.consultation.neighbour(identity.council, reference, neighbour_id)
    if not neighbour:
        raise NotFound(f"No neighbour {neighbour_id}")
    if not neighbour.letters:
        raise Conflict("No letter has been sent to this address yet")
    send_letter(ctx, identity.council, reference, neighbour.id, resend_reason=body.reason)
    return list_neighbours(ctx, identity, reference)


def _consultee_details(ctx: Context, council: str, body: NewConsultee) -> dict[str, Any]:
    """The consultee's details: the directory entry's, overridden by what the officer gave."""
    from bops.services.consultee_directory import get_entry

    given = body.model_dump(exclude_none=True, exclude={"directory_id"})
    details: dict[str, Any] = {"kind": "external", "response_days": 21}
    if body.directory_id is not None:
        try:
            entry = get_entry(ctx, council, body.directory_id)
        except NotFound:
            raise InvalidRequest(
                "Choose a consultee from the directory",
                fields=[FieldError("directory_id", "is not in the council's directory")],
            ) from None
        details.update(entry.model_dump(include={"name", "organisation", "email", "kind", "response_days"}))
        details["directory_id"] = entry.id
    details.update(given)
    missing = [f for f in ("name", "organisation", "email") if not details.get(f)]
    if missing:
        raise InvalidRequest(
            "Choose a consultee from the directory, or give their name, organisation and email",
            fields=[FieldError(f, "is required without directory_id") for f in missing],
        )
    return details


def add_consultee(ctx: Context, identity: Identity, reference: str, body: NewConsultee) -> ConsultationView:
    """Adds a consultee to the case; once consultation is under way they are emailed their link at once
    (before, the consultation workflow emails them when it starts)."""
    council = identity.council
    case = load(ctx, council, reference)
    if case["status"] in FINAL:
        raise Conflict(f"Application {reference} has been determined: no more consultees")
    consultee = Consultee(id=uuid.uuid4().hex, **_consultee_details(ctx, council, body), added_by=identity.name)

    def change(record: rules.Consultation) -> rules.Consultation:
        started = record.status is rules.ConsultationStatus.IN_PROGRESS
        return rules.add_consultee(
            record,
            consultee_id=consultee.id,
            days=consultee.response_days,
            consulted_on=london_date(ctx.clock.now()) if started else None,
        )

    added = ctx.repo.consultation.consultee_write(council, reference, consultee)
    _case, record = _change(ctx, identity, case, change, "consultation.consultee_added", extra=[added])
    if record.status is rules.ConsultationStatus.IN_PROGRESS:
        send_consultee_email(ctx, council, reference, consultee.id)
    return view(ctx, identity, reference)


def _consultee(ctx: Context, council: str, reference: str, consultee_id: str) -> Consultee:
    consultee = ctx.repo.consultation.consultee(council, reference, consultee_id)
    if not consultee:
        raise NotFound(f"No consultee {consultee_id} on application {reference}")
    return consultee


def _consulted(ctx: Context, council: str, reference: str, consultee_id: str) -> Consultee:
    """A consultee already emailed their link (a resend or reconsultation follows the first email)."""
    consultee = _consultee(ctx, council, reference, consultee_id)
    if not consultee.history:
        raise Conflict("This consultee has not been consulted yet: start consultation first")
    return consultee


def resend_consultee(
    ctx: Context, identity: Identity, reference: str, consultee_id: str, body: ConsulteeAgain
) -> ConsultationView:
    """Emails the consultee a new link (the old one stops working), with the reason kept in their history."""
    case = load(ctx, identity.council, reference)
    if case["status"] in FINAL:
        raise Conflict(f"Application {reference} has been determined")
    consultee = _consulted(ctx, identity.council, reference, consultee_id)
    event = {"event": "resent", "at": iso(ctx.clock.now()), "reason": body.reason, "by": identity.name}
    send_consultee_email(ctx, identity.council, reference, consultee.id, event=event)
    ctx.repo.consultation.add_audit(
        audit_item(
            identity.council,
            reference,
            at=iso(ctx.clock.now()),
            actor=identity.actor,
            action="consultation.consultee_resent",
            after={"consultee": consultee.id, "organisation": consultee.organisation},
            reason=body.reason,
        )
    )
    return view(ctx, identity, reference)


def reconsult(
    ctx: Context, identity: Identity, reference: str, consultee_id: str, body: Reconsultation
) -> ConsultationView:
    """Consults the consultee again (amended plans, more information): their response period starts
    again today, which may extend (or reopen) the consultation; their earlier response is kept."""
    council = identity.council
    case = load(ctx, council, reference)
    if case["status"] in FINAL:
        raise Conflict(f"Application {reference} has been determined")
    consultee = _consulted(ctx, council, reference, consultee_id)
    days = body.response_days or consultee.response_days

    def change(record: rules.Consultation) -> rules.Consultation:
        return rules.reconsult(record, consultee_id=consultee.id, days=days, on=london_date(ctx.clock.now()))

    at = iso(ctx.clock.now())
    case, record = _change(
        ctx,
        identity,
        case,
        change,
        "consultation.consultee_reconsulted",
        reason=body.reason,
        extra=[ctx.repo.consultation.reconsult_write(council, reference, consultee, response_days=days)],
    )
    event = {"event": "reconsulted", "at": at, "reason": body.reason, "by": identity.name, "response_days": days}
    send_consultee_email(ctx, council, reference, consultee.id, event=event)
    _rerun_if_reopened(ctx, council, reference, case, record)
    return view(ctx, identity, reference)


def plan_notices(ctx: Context, identity: Identity, reference: str, body: NoticePlans) -> ConsultationView:
    """Whether a site and a press notice are required, how many site notices, who puts them up, and the
    newspaper. A required notice must be confirmed before the case can be determined."""
    if body.site_notice is None and body.press_notice is None:
        raise InvalidRequest(
            "Say which notice to plan", fields=[FieldError("site_notice", "give site_notice or press_notice")]
        )
    case = load(ctx, identity.council, reference)
    if case["status"] in FINAL:
        raise Conflict(f"Application {reference} has been determined")

    def change(record: rules.Consultation) -> rules.Consultation:
        if body.site_notice is not None:
            plan = body.site_notice
            record = rules.set_site_notice(record, required=plan.required, count=plan.count, delivery=plan.delivery)
        if body.press_notice is not None:
            record = rules.set_press_notice(
                record, required=body.press_notice.required, publication=body.press_notice.publication
            )
        return record

    _change(ctx, identity, case, change, "consultation.notices_planned")
    return view(ctx, identity, reference)


def record_site_notice(ctx: Context, identity: Identity, reference: str, body: SiteNoticeRecord) -> ConsultationView:
    case = load(ctx, identity.council, reference)
    _check_evidence(ctx, identity.council, reference, body.evidence_document_ids)

    def change(record: rules.Consultation) -> rules.Consultation:
        if not record.site_notice.required:
            record = rules.set_site_notice(record, required=True)
        return rules.record_site_notice(record, displayed_on=body.displayed_on, evidence=body.evidence_document_ids)

    case, record = _change(ctx, identity, case, change, "consultation.site_notice_displayed")
    _rerun_if_reopened(ctx, identity.council, reference, case, record)
    return view(ctx, identity, reference)


def record_press_notice(ctx: Context, identity: Identity, reference: str, body: PressNoticeRecord) -> ConsultationView:
    case = load(ctx, identity.council, reference)
    _check_evidence(ctx, identity.council, reference, body.evidence_document_ids)

    def change(record: rules.Consultation) -> rules.Consultation:
        if not record.press_notice.required:
            record = rules.set_press_notice(record, required=True, publication=body.publication)
        return rules.record_press_notice(record, published_on=body.published_on, evidence=body.evidence_document_ids)

    case, record = _change(ctx, identity, case, change, "consultation.press_notice_published")
    _rerun_if_reopened(ctx, identity.council, reference, case, record)
    return view(ctx, identity, reference)


def _change(
    ctx: Context,
    identity: Identity,
    case: dict[str, Any],
    change: Any,
    action: str,
    *,
    reason: str | None = None,
    extra: list[Write] | None = None,
) -> tuple[dict[str, Any], rules.Consultation]:
    """Applies ``change`` (a function of the consultation record) to the case's consultation and saves it;
    returns the case it was applied to and the new record.

    An officer's change is an intent (add days, record a notice, consult someone), not a whole record to
    write over another: when the case changed meanwhile (the workflow recording the letters' dispatch just
    after consultation started, say), the change is applied again to the fresh record, up to three times.
    A change of the case's status meanwhile is still a 409.
    """
    for attempt in range(3):
        record = change(consultation_or_new(case))
        try:
            save_consultation(ctx, identity.actor, case, record, action, reason=reason, extra=extra)
            return case, record
        except Conflict:
            fresh = load(ctx, identity.council, case["reference"])
            if attempt == 2 or fresh["status"] != case["status"]:
                raise
            case = fresh
    raise AssertionError("unreachable")


def _rerun_if_reopened(
    ctx: Context, council: str, reference: str, case: dict[str, Any], after: rules.Consultation
) -> None:
    """A completed consultation put back in progress (a notice recorded late) waits for its new end date
    in a new run of the consultation workflow (the first run has finished)."""
    before = record_of(case)
    complete, in_progress = rules.ConsultationStatus.COMPLETE, rules.ConsultationStatus.IN_PROGRESS
    if before and before.status is complete and after.status is in_progress:
        ctx.workflow.start_consultation(council, reference, run=f"reopened-{before.completed_on}")


def _check_evidence(ctx: Context, council: str, reference: str, document_ids: list[str]) -> None:
    received = ctx.repo.consultation.received_documents(council, reference, document_ids)
    for index, document_id in enumerate(document_ids):
        if document_id not in received:
            raise InvalidRequest(
                "Upload the photo or document first",
                fields=[FieldError(f"evidence_document_ids[{index}]", "not a received document")],
            )


def extend(ctx: Context, identity: Identity, reference: str, body: ExtensionRequest) -> ConsultationView:
    case = load(ctx, identity.council, reference)

    def change(record: rules.Consultation) -> rules.Consultation:
        return rules.extend(record, days=body.days, reason=body.reason, by=identity.name, now=ctx.clock.now())

    _change(ctx, identity, case, change, "consultation.extended", reason=body.reason)
    return view(ctx, identity, reference)


def list_comments(ctx: Context, identity: Identity, reference: str) -> CommentList:
    load(ctx, identity.council, reference)
    comments = ctx.repo.consultation.comments(identity.council, reference)
    return CommentList(comments=[{"kind": "comment", **c.model_dump(mode="json")} for c in comments])


def redact_comment(
    ctx: Context, identity: Identity, reference: str, comment_id: str, body: RedactionRequest
) -> CommentList:
    load(ctx, identity.council, reference)
    stored = ctx.repo.consultation.comment(identity.council, reference, comment_id)
    if not stored:
        raise NotFound(f"No comment {comment_id}")
    redacted = comment_rules.redact(stored, body.redacted_text, by=identity.name, at=ctx.clock.now())
    audit = audit_item(
        identity.council,
        reference,
        at=iso(ctx.clock.now()),
        actor=identity.actor,
        action="comment.redacted",
        after={"comment": comment_id},
    )
    ctx.repo.transact(
        [
            ctx.repo.consultation.comment_write(identity.council, reference, redacted),
            ctx.repo.consultation.audit_write(audit),
        ],
        conflict_message="The comment changed meanwhile",
    )
    return list_comments(ctx, identity, reference)


# --- the consultee's side ---------------------------------------------------------------------------
def _consultee_public(consultee: Consultee) -> dict[str, Any]:
    return consultee.model_dump(
        mode="json",
        include={
            "id",
            "name",
            "organisation",
            "kind",
            "response_days",
            "history",
            "response",
            "previous_responses",
            "link_expires_on",
            "email_delivery",
        },
    )


def authenticate_consultee(ctx: Context, token: str) -> Identity:
    parts = token.split("_", 4)
    if len(parts) != 5 or parts[0] != CONSULTEE_LINK_PREFIX:
        raise Unauthorized("This link is not valid")
    _, council, reference, consultee_id, secret = parts
    consultee = ctx.repo.consultation.consultee(council, reference, consultee_id)
    if (
        not consultee
        or not consultee.link_hash
        or not hmac.compare_digest(consultee.link_hash, hashlib.sha256(secret.encode()).hexdigest())
    ):
        raise NotFound("This link does not lead to a consultation")
    expires_on = consultee.link_expires_on
    today = london_date(ctx.clock.now())
    if expires_on and today > date.fromisoformat(expires_on):
        # a consultation extended since the link was sent keeps the link working as long after its end
        record = record_of(load(ctx, council, reference))
        if not record or not record.end_date or today > record.end_date + timedelta(days=CONSULTEE_LINK_GRACE_DAYS):
            raise NotFound("This link has expired: ask the council to send you a new one")
    return Identity(council=council, kind="consultee", subject=consultee_id, name=reference)


def _consultee_of(ctx: Context, identity: Identity) -> tuple[dict[str, Any], Consultee]:
    case = load(ctx, identity.council, identity.name)
    if case["status"] in FINAL:
        raise NotFound("This consultation has ended")
    consultee = ctx.repo.consultation.consultee(identity.council, identity.name, identity.subject)
    if not consultee:
        raise NotFound("This link does not lead to a consultation")
    return case, consultee


def consultee_view(ctx: Context, identity: Identity) -> ConsulteeView:
    case, consultee = _consultee_of(ctx, identity)
    record = record_of(case)
    return ConsulteeView(
        reference=case["reference"],
        site_address=case["site"]["address"],
        description=case["description"],
        consultee=_consultee_public(consultee),
        respond_by=record.end_date.isoformat() if record and record.end_date else None,
        # what the email promises: "you can see the application and its documents" (the published ones)
        documents=public_documents(ctx, case["council"], case["reference"]),
    )


def consultee_respond(ctx: Context, identity: Identity, body: ConsulteeResponse) -> ConsulteeView:
    _case, consultee = _consultee_of(ctx, identity)
    council, reference = identity.council, identity.name
    received = ctx.repo.consultation.received_documents(council, reference, body.document_ids)
    for index, document_id in enumerate(body.document_ids):
        if document_id not in received:
            raise InvalidRequest(
                "Upload the document first", fields=[FieldError(f"document_ids[{index}]", "not received")]
            )
    at = iso(ctx.clock.now())
    response = {**body.model_dump(), "at": at}
    entry = {"event": "responded", "at": at, "stance": body.stance}
    audit = audit_item(
        council,
        reference,
        at=at,
        actor=f"consultee:{consultee.organisation}",
        action="consultation.consultee_responded",
        after={"stance": body.stance},
    )
    ctx.repo.transact(
        [
            ctx.repo.consultation.response_write(council, reference, consultee.id, response=response, entry=entry),
            ctx.repo.consultation.audit_write(audit),
        ],
        conflict_message="The consultation changed meanwhile",
    )
    ctx.events.publish(
        "consultation.consultee_responded", {"council": council, "reference": reference, "stance": body.stance}
    )
    return consultee_view(ctx, identity)


# --- the public's side --------------------------------------------------------------------------------
def _public(ctx: Context, case: dict[str, Any], *, with_comments: bool) -> PublicApplication:
    record = record_of(case)
    comments = []
    documents: list[PublicDocument] = []
    if with_comments:
        documents = public_documents(ctx, case["council"], case["reference"])
        stored = ctx.repo.consultation.comments(case["council"], case["reference"])
        comments = [v.model_dump(mode="json") for v in comment_rules.public_views(stored)]
    # the appeal dates kept on the case (services.cases.appeal_fields); none once withdrawn or closed
    appeals = case["status"] not in FINAL or case["status"] == "determined"
    return PublicApplication(
        reference=case["reference"],
        application_type_name=case["application_type_name"],
        status=case["status"],
        site_address=case["site"]["address"],
        postcode=case["site"].get("postcode"),
        description=case["description"],
        received_on=case["received_on"],
        consultation_end_date=record.end_date.isoformat() if record and record.end_date else None,
        decision=(case.get("decision") or {}).get("decision"),
        appeal_non_determination_from=case.get("appeal_non_determination_from") if appeals else None,
        appeal_deadline=case.get("appeal_deadline") if appeals else None,
        comments=comments,
        documents=documents,
    )


def published_case(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """The application, if the public register shows it (``bops.domain.publication``); else NotFound."""
    from bops.domain.application import is_reference

    case = (
        ctx.repo.cases.get(council, reference)
        if is_reference(reference) and council.replace("-", "").isalnum()
        else None
    )
    if not case or not is_published(case):
        raise NotFound(f"No published application {reference}")
    return case


def public_application(ctx: Context, council: str, reference: str) -> PublicApplication:
    return _public(ctx, published_case(ctx, council, reference), with_comments=True)


def public_search(ctx: Context, council: str, query: str, source: str) -> PublicApplicationList:
    from bops.services.search import public_find

    cases = public_find(ctx, council, query, source)  # throttled per client (source: its address)
    return PublicApplicationList(applications=[_public(ctx, c, with_comments=False) for c in cases if is_published(c)])


def comment_source(source: str) -> str:
    """The key the comments' rate limit counts by: the commenter's IP address, hashed with a secret
    (``bops/comment-source-key``), so that neither the table nor a log ever holds the address."""
    from bops.adapters.secrets import COMMENT_SOURCE_KEY, secret

    return comment_rules.source_key(source, secret=secret(COMMENT_SOURCE_KEY))


def comment(ctx: Context, council: str, reference: str, payload: dict[str, Any], source: str) -> CommentReceived:
    """A comment from the public, kept verbatim; shown publicly only as the officer redacts it."""
    case = published_case(ctx, council, reference)
    comment_rules.check_open_for_comments(status=case["status"], published=True)
    now = ctx.clock.now()
    for field in ("name", "address", "text"):
        value = payload.get(field)
        if isinstance(value, str) and "<script" in value.lower():
            # kept as text wherever shown, but a script in a comment is never a comment: refuse it
            raise InvalidRequest("Remove the script from your comment", fields=[FieldError(field, "contains <script>")])
    new = comment_rules.new_comment(payload, id=uuid.uuid4().hex, received_at=now)
    # Counted (atomically) only once the comment is valid, so a refused comment costs no slot; counted before
    # the comment is written, so comments sent all at once cannot pass the limit together. Should the write
    # below fail, the slot stays spent: the limit errs on the side of the register, never past five.
    limit = comment_rules.COMMENT_RATE_LIMIT
    if not ctx.repo.consultation.count_comment(
        council, comment_source(source), window=limit.window(now), limit=limit.max_count
    ):
        raise comment_rules.too_many_comments(now)
    audit = audit_item(
        council,
        reference,
        at=iso(now),
        actor="public",
        action="comment.received",
        after={"comment": new.id, "stance": new.stance.value},
    )
    ctx.repo.transact(
        [
            ctx.repo.consultation.comment_write(council, reference, new),
            ctx.repo.consultation.audit_write(audit),
        ],
        conflict_message="Try again",
    )
    return CommentReceived(
        id=new.id, message="Thank you: your comment will be published once the council has checked it"
    )


def public_decision_notice(ctx: Context, council: str, reference: str, fmt: str) -> Any:
    """The decision notice of a published, determined application: a short-lived link."""
    from bops.services.cases import DecisionNoticeLink

    case = published_case(ctx, council, reference)
    notice = case.get("decision_notice")
    if not notice:
        raise NotFound(f"Application {reference} has no decision notice")
    key = notice["pdf_key"] if fmt == "pdf" else notice["html_key"]
    url = ctx.storage.presigned_get(key, file_name=f"{reference}-decision-notice.{fmt}", expires_in=300)
    return DecisionNoticeLink(url=url, format="pdf" if fmt == "pdf" else "html", expires_in=300)
