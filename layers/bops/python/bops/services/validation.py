"""Validation: the automated checks on arrival, validation requests to the applicant, and their answers.

Requests are kept by ``repository.validation``. Each request sent to the applicant
carries its own link secret (only its hash is kept); the link opens that one request of that one
application, and stops working when the request is cancelled or the application is closed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from bops.adapters.notify import Email
from bops.auth import Identity
from bops.config import link
from bops.domain import validation_requests as vr
from bops.domain.errors import Conflict, FieldError, InvalidRequest, NotFound, Unauthorized
from bops.domain.lifecycle import FINAL_STATUSES
from bops.domain.time import PlausibleDate, check_date_between, iso, london_date
from bops.model import Model
from bops.repository.delivery import Message, recipient_id
from bops.services.audit import audit_item
from bops.services.context import Context
from bops.services.messages import OwnItemKeeper, applicant_and_agent, send_once

if TYPE_CHECKING:
    from bops.services.cases import ApplicationDetail

logger = logging.getLogger("bops.validation")
LINK_PREFIX = "bopsr"
FINAL = {s.value for s in FINAL_STATUSES}


# --- API models ------------------------------------------------------------------------------------
class NewRequest(Model):
    type: vr.RequestType
    details: dict[str, Any] = Field(description="What is asked; its fields depend on the type")


class EditRequest(Model):
    details: dict[str, Any]


class Cancellation(Model):
    reason: str = Field(min_length=1, max_length=2000)


class RequestView(Model):
    id: str
    type: str
    state: str
    origin: str
    post_validation: bool
    details: dict[str, Any]
    created_at: str
    created_by: str
    sent_at: str | None = None
    response_due: str | None = None
    closed_at: str | None = None
    cancelled_at: str | None = None
    cancel_reason: str | None = None
    response: dict[str, Any] | None = None
    auto_closed: bool = False
    overdue: bool = False


class RequestList(Model):
    validation_requests: list[RequestView]
    default_valid_from: date | None = Field(
        None,
        description="The valid from date that validating sets when none is given (DMPO 2015 art. 34): the day "
        "the last missing item arrived (the last answer to a request, the last payment of a fee asked for), or "
        "the received date when nothing was missing; null once the application is valid",
    )


class ValidationReportView(Model):
    report: dict[str, Any] | None = Field(
        description="One line per check: outcome and evidence; null before the checks ran"
    )


class ApplicantResponse(Model):
    approved: bool | None = None
    reason: str | None = Field(None, max_length=2000)
    response_text: str | None = Field(None, max_length=5000)
    document_ids: list[str] = Field(default_factory=list, max_length=20)
    certificate: Literal["a", "b", "c", "d"] | None = None


class ApplicantView(Model):
    """What the applicant sees through their link: the application in brief and the request."""

    reference: str
    site_address: str
    description: str
    request: RequestView
    payment_url: str | None = Field(
        None, description="For an agreed fee change not paid yet: where the applicant pays online"
    )


class OutboxEmail(Model):
    id: str
    at: str
    template: str
    to: str
    reference: str
    personalisation: dict[str, str]


class Outbox(Model):
    emails: list[OutboxEmail]


# --- reading -------------------------------------------------------------------------------------
def _requests(ctx: Context, council: str, reference: str) -> list[vr.ValidationRequest]:
    return ctx.repo.validation.list(council, reference)


def _view(ctx: Context, request: vr.ValidationRequest) -> RequestView:
    data = request.model_dump(mode="json")
    return RequestView(
        **{k: v for k, v in data.items() if k in RequestView.model_fields and k != "overdue"},
        overdue=vr.is_overdue(request, today=london_date(ctx.clock.now())),
    )


def list_requests(ctx: Context, identity: Identity, reference: str) -> RequestList:
    from bops.services.cases import load_case

    case = load_case(ctx, identity.council, reference)
    requests = sorted(_requests(ctx, identity.council, reference), key=lambda r: r.created_at)
    # the validation form says which date a blank Valid from stands for: the one decide_validation sets
    default = None if case.get("valid_from") else valid_from(ctx, case, requests)
    return RequestList(validation_requests=[_view(ctx, r) for r in requests], default_valid_from=default)


def report(ctx: Context, identity: Identity, reference: str) -> ValidationReportView:
    from bops.services.cases import load_case
    from bops.services.fee_payments import current_report

    case = load_case(ctx, identity.council, reference)  # 404 for no such case
    # a case recorded before the report had an item of its own keeps it on the case
    found = ctx.repo.validation.report(identity.council, reference) or case.get("validation_report")
    # the fee check as it stands: passed once the fee is paid in full
    return ValidationReportView(report=current_report(ctx, case, found))


# --- writing -------------------------------------------------------------------------------------
def _put_request(
    ctx: Context,
    case: dict[str, Any],
    request: vr.ValidationRequest,
    *,
    action: str,
    actor: str,
    reason: str | None = None,
    previous_state: str | None = None,
    link_hash: str | None = None,
    case_changes: dict[str, Any] | None = None,
) -> None:
    """The request and its audit entry (and any change to the case), in one transaction. The request keeps
    a working applicant link only when ``link_hash`` is given."""
    at = iso(ctx.clock.now())
    council, reference = case["council"], case["reference"]
    audit = audit_item(
        council,
        reference,
        at=at,
        actor=actor,
        action=action,
        reason=reason,
        before={"request": request.id, "state": previous_state} if previous_state else None,
        after={"request": request.id, "type": request.type.value, "state": request.state.value},
    )
    from bops.services.cases import case_operations

    changed_case, case_writes = case_operations(case, case_changes, at=at) if case_changes else (case, [])
    ctx.repo.validation.save(
        council,
        reference,
        request,
        audit=audit,
        link_hash=link_hash,
        also=case_writes,
        conflict_message="The application changed meanwhile; reload it and try again",
    )
    if case_changes and "description" in case_changes:
        from bops.services import search

        search.index(ctx, changed_case)  # an accepted description change is found by its new words


def _context(ctx: Context, identity: Identity, reference: str) -> tuple[dict[str, Any], list[vr.ValidationRequest]]:
    from bops.services.cases import load_case

    case = load_case(ctx, identity.council, reference)
    return case, _requests(ctx, identity.council, reference)


def _expiry(case: dict[str, Any]) -> date | None:
    text = case.get("extended_expiry_date") or case.get("expiry_date")
    return date.fromisoformat(text) if text and not case.get("dates_provisional") else None


def create_request(ctx: Context, identity: Identity, reference: str, body: NewRequest) -> RequestView:
    case, existing = _context(ctx, identity, reference)
    request = vr.create(
        body.type,
        body.details,
        id=uuid.uuid4().hex,
        created_by=identity.name,
        now=ctx.clock.now(),
        application_status=case["status"],
        validated=bool(case.get("valid_from")),
        expiry_date=_expiry(case),
        existing_requests=existing,
    )
    _check_replaced_document(ctx, case, request)
    secret = _link_secret() if request.state is vr.RequestState.OPEN else None
    _put_request(
        ctx, case, request, action="validation_request.created", actor=identity.actor, link_hash=_link_hash(secret)
    )
    if secret:
        _sent(ctx, case, request, secret)
    return _view(ctx, request)


def edit_request(ctx: Context, identity: Identity, reference: str, request_id: str, body: EditRequest) -> RequestView:
    case, existing = _context(ctx, identity, reference)
    request = _find(existing, request_id)
    edited = vr.edit(request, body.details, expiry_date=_expiry(case))
    _check_replaced_document(ctx, case, edited)
    _put_request(
        ctx, case, edited, action="validation_request.edited", actor=identity.actor, previous_state=request.state.value
    )
    return _view(ctx, edited)


def _check_replaced_document(ctx: Context, case: dict[str, Any], request: vr.ValidationRequest) -> None:
    """A replacement document request names a current document of this application: the replacement
    archives it, so an id of nothing (or of another application's document) would archive nothing."""
    if request.type is not vr.RequestType.REPLACEMENT_DOCUMENT:
        return
    document_id = request.details.document_id  # type: ignore[union-attr]
    document = ctx.repo.documents.get(case["council"], case["reference"], document_id)
    if document is None or document.archived:
        raise InvalidRequest(
            "Choose a document of this application to be replaced",
            fields=[
                FieldError(
                    "details.document_id",
                    "no such document on this application" if document is None else "already replaced (archived)",
                )
            ],
        )


def cancel_request(
    ctx: Context, identity: Identity, reference: str, request_id: str, body: Cancellation
) -> RequestView:
    case, existing = _context(ctx, identity, reference)
    request = _find(existing, request_id)
    cancelled = vr.cancel(request, reason=body.reason, now=ctx.clock.now())
    _put_request(
        ctx,
        case,
        cancelled,
        action="validation_request.cancelled",
        actor=identity.actor,
        reason=body.reason,
        previous_state=request.state.value,
    )
    return _view(ctx, cancelled)


def _find(requests: list[vr.ValidationRequest], request_id: str) -> vr.ValidationRequest:
    for request in requests:
        if request.id == request_id:
            return request
    raise NotFound(f"No validation request {request_id}")


def send_pending(ctx: Context, case: dict[str, Any], actor: str) -> list[vr.ValidationRequest]:
    """Sends every pending request (on invalidation): each gets its link and an email to the applicant."""
    pending = [r for r in _requests(ctx, case["council"], case["reference"]) if r.state is vr.RequestState.PENDING]
    sent = vr.send_pending(pending, now=ctx.clock.now())
    for request in sent:
        secret = _link_secret()
        _put_request(
            ctx,
            case,
            request,
            action="validation_request.sent",
            actor=actor,
            previous_state="pending",
            link_hash=_link_hash(secret),
        )
        _sent(ctx, case, request, secret)
    return sent


def pending_counts(ctx: Context, case: dict[str, Any]) -> dict[str, int]:
    return vr.lifecycle_counts(_requests(ctx, case["council"], case["reference"]))


def valid_from(ctx: Context, case: dict[str, Any], requests: list[vr.ValidationRequest] | None = None) -> date:
    """The day the last missing item was received (DMPO 2015 art. 34): the last answer to a request, or
    the last payment of a fee asked for, whichever came later; the received date when nothing was missing.
    ``requests``: the case's validation requests, when the caller has them already."""
    if requests is None:
        requests = _requests(ctx, case["council"], case["reference"])
    from_requests = vr.valid_from_date(requests, received_on=date.fromisoformat(case["received_on"]))
    fee = case.get("fee") or {}
    paid_on = [date.fromisoformat(p["received_on"]) for p in fee.get("payments") or []]
    return max([from_requests, *paid_on]) if fee.get("status") == "paid" else from_requests


# --- the applicant's link -------------------------------------------------------------------------
def _link_secret() -> str:
    return secrets.token_urlsafe(32)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _link_hash(secret: str | None) -> str | None:
    return _hash(secret) if secret else None


def link_token(council: str, reference: str, request_id: str, secret: str) -> str:
    return f"{LINK_PREFIX}_{council}_{reference}_{request_id}_{secret}"


def link_url(token: str) -> str:
    return link(f"/applicant.html#{token}")


def _sent(ctx: Context, case: dict[str, Any], request: vr.ValidationRequest, secret: str) -> None:
    token = link_token(case["council"], case["reference"], request.id, secret)
    if vr.auto_closes(request.type):
        ctx.workflow.start_request_timer(case["council"], case["reference"], request.id)
    for person in _recipients(case):
        # one email per request and recipient, sent once (``bops.services.messages``)
        message = Message(
            council=case["council"],
            reference=case["reference"],
            kind="validation_request",
            recipient=f"{request.id}-{recipient_id(person['email'])}",
        )
        email = Email(
            council=case["council"],
            template="validation_request",
            to=person["email"],
            personalisation={
                "name": person.get("name") or "applicant",
                "reference": case["reference"],
                "site_address": case["site"]["address"],
                "request_type": request.type.value.replace("_", " "),
                "response_due": request.response_due.isoformat() if request.response_due else "",
                "link": link_url(token),
            },
            reference=case["reference"],
        )

        def compose(email: Email = email) -> Email:
            return email

        send_once(ctx, message, compose)


def _recipients(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The agent when there is one, else the applicant (as BoPS does)."""
    agent, applicant = case.get("agent") or {}, case.get("applicant") or {}
    return [p for p in ((agent if agent.get("email") else applicant),) if p.get("email")]


def authenticate_applicant(ctx: Context, token: str) -> Identity:
    """The applicant's identity from a link: scoped to one request of one application."""
    parts = token.split("_", 4)
    if len(parts) != 5 or parts[0] != LINK_PREFIX:
        raise Unauthorized("This link is not valid")
    _, council, reference, request_id, secret = parts
    link_hash = ctx.repo.validation.link_hash(council, reference, request_id) if request_id.isalnum() else None
    if not link_hash or not hmac.compare_digest(link_hash, _hash(secret)):
        raise NotFound("This link does not lead to a request")
    return Identity(council=council, kind="applicant", subject=request_id, name=reference)


def _applicant_context(ctx: Context, identity: Identity) -> tuple[dict[str, Any], vr.ValidationRequest]:
    """The application and request of a link; 404 once the request is cancelled or the case is closed."""
    from bops.services.cases import load_case

    case = load_case(ctx, identity.council, identity.name)
    request = ctx.repo.validation.get(identity.council, identity.name, identity.subject)
    if request is None or case["status"] in FINAL or request.state is vr.RequestState.CANCELLED:
        raise NotFound("This link does not lead to a request")
    return case, request


def applicant_view(ctx: Context, identity: Identity) -> ApplicantView:
    case, request = _applicant_context(ctx, identity)
    fee = case.get("fee") or {}
    paying = request.type is vr.RequestType.FEE_CHANGE and fee.get("status") == "agreed"
    return ApplicantView(
        reference=case["reference"],
        site_address=case["site"]["address"],
        description=case["description"],
        request=_view(ctx, request),
        payment_url=(fee.get("payment_link") or {}).get("next_url") if paying else None,
    )


def applicant_respond(ctx: Context, identity: Identity, body: ApplicantResponse) -> ApplicantView:
    case, request = _applicant_context(ctx, identity)
    response = vr.validate_response(request.type, body.model_dump(exclude_none=True, exclude_defaults=True))
    for document_id in response.document_ids:
        document = ctx.repo.documents.get(case["council"], case["reference"], document_id)
        if document is None or document.status != "received":
            raise InvalidRequest(
                "Upload the document first", fields=[FieldError("document_ids", f"{document_id} not received")]
            )
    closed = vr.respond(request, response, now=ctx.clock.now())
    changes = _accepted_case_changes(case, closed)
    _put_request(
        ctx,
        case,
        closed,
        action="validation_request.answered",
        actor=f"applicant:{case['reference']}",
        reason=response.reason,
        previous_state=request.state.value,
        case_changes=changes,
    )
    if closed.type is vr.RequestType.REPLACEMENT_DOCUMENT:
        _replace_documents(ctx, case, closed)
    _notify_officer(ctx, case, closed)
    if "fee" in changes:
        _offer_payment(ctx, case)
    return applicant_view(ctx, identity)


def _offer_payment(ctx: Context, case: dict[str, Any]) -> None:
    """The applicant agreed to pay more: a payment is started for them (the provider's page is shown on
    their request page). The provider down changes nothing agreed: an officer can record the payment."""
    from bops.domain.errors import UpstreamError
    from bops.services.fee_payments import start_payment

    try:
        start_payment(ctx, case["council"], case["reference"], actor=f"applicant:{case['reference']}")
    except (UpstreamError, Conflict) as error:
        logger.warning("no online payment started: %s", type(error).__name__)


def _accepted_case_changes(case: dict[str, Any], request: vr.ValidationRequest) -> dict[str, Any]:
    """What an accepted request changes on the application."""
    accepted = vr.accepted_changes(request)
    changes: dict[str, Any] = {}
    if "description" in accepted:
        changes["description"] = accepted["description"]
    if "boundary" in accepted:
        changes["red_line_boundary"] = accepted["boundary"]
    if "extended_expiry_date" in accepted:
        from bops.services.cases import appeal_fields

        changes["extended_expiry_date"] = accepted["extended_expiry_date"].isoformat()
        # the right to appeal against non-determination now runs from the agreed date
        changes.update(appeal_fields({**case, **changes}))
    if "fee_payable_pence" in accepted:
        from bops.services.fee_payments import agreed_fee

        # a fee change asks for the amount still owed: agreeing to it is not paying it (the fee counts as
        # received when a payment is recorded or the payment provider confirms one)
        changes["fee"] = agreed_fee(
            case,
            amount_pence=accepted["fee_payable_pence"],
            at=iso(request.closed_at) if request.closed_at else "",
            request_id=request.id,
        )
    if "ownership_certificate" in accepted:
        changes["ownership_certificate"] = accepted["ownership_certificate"]
    return changes


def _replace_documents(ctx: Context, case: dict[str, Any], request: vr.ValidationRequest) -> None:
    """The replaced document is archived; the new ones inherit its tags."""
    council, reference = case["council"], case["reference"]
    old_id = request.details.document_id  # type: ignore[union-attr]
    old = ctx.repo.documents.get(council, reference, old_id)
    if old is None:
        return
    for new_id in request.response.document_ids if request.response else ():
        new = ctx.repo.documents.get(council, reference, new_id)
        if new is not None:
            tags = sorted(set(new.tags) | set(old.tags))
            ctx.repo.documents.save(council, reference, new.model_copy(update={"tags": tags, "replaces": old_id}))
    archived = {"archived": True, "archived_reason": f"Replaced through validation request {request.id}"}
    ctx.repo.documents.save(council, reference, old.model_copy(update=archived))


def _notify_officer(ctx: Context, case: dict[str, Any], request: vr.ValidationRequest) -> None:
    from bops.services.councils import get_council

    council = get_council(ctx, case["council"])
    email = Email(
        council=case["council"],
        template="validation_request_answered",
        to=council.planning_email,
        personalisation={
            "reference": case["reference"],
            "officer": case.get("assigned_officer") or "case officer",
            "request_type": request.type.value.replace("_", " "),
            "outcome": "accepted" if request.response and request.response.approved is not False else "rejected",
        },
        reference=case["reference"],
    )
    message = Message(
        council=case["council"], reference=case["reference"], kind="validation_request_answered", recipient=request.id
    )
    send_once(ctx, message, lambda: email)


# --- the workflow's side --------------------------------------------------------------------------
def auto_close(ctx: Context, council: str, reference: str, request_id: str) -> dict[str, Any]:
    """Closes a description change, red line boundary change or pre-commencement condition as accepted
    once its time is up; otherwise says when to look again."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    case = ctx.repo.cases.get(council, reference)
    request = ctx.repo.validation.get(council, reference, request_id)
    now = ctx.clock.now()
    if not case or request is None or case["status"] in FINAL:
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    closed = vr.auto_close(request, today=london_date(now), now=now)
    if closed is not None:
        _put_request(
            ctx,
            case,
            closed,
            action="validation_request.auto_closed",
            actor="system:workflow",
            previous_state=request.state.value,
            case_changes=_accepted_case_changes(case, closed),
        )
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    due = vr.auto_close_at(request)
    if request.state is not vr.RequestState.OPEN or due is None:
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    wake = min(
        datetime.combine(due, time(0, 0, 1), tzinfo=ZoneInfo("Europe/London")),
        now + timedelta(seconds=ctx.timer_recheck_seconds),
    )
    return {"finished": False, "wake_at": iso(ctx.clock.to_real(max(wake, now)))}


def outbox(ctx: Context, identity: Identity) -> Outbox:
    from bops.adapters.notify import OutboxNotifier

    if not isinstance(ctx.notifier, OutboxNotifier):
        raise Conflict("Emails go through GOV.UK Notify here; there is no local outbox")
    return Outbox(emails=[OutboxEmail.model_validate(i) for i in ctx.notifier.list(identity.council)])


def check_on_arrival(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """The automated checks, run once on arrival: the report is kept beside the case and each failed check
    drafts a validation request (pending, for the officer to send, edit or discard)."""
    import json

    from bops.domain.validation_checks import LocalList, demo_local_list, run_checks
    from bops.odp.validate import validate_submission
    from bops.services.councils import get_council

    case = ctx.repo.cases.get(council, reference)
    if not case:
        raise NotFound(f"No application {reference}")
    recorded = ctx.repo.validation.report(council, reference) or case.get("validation_report")
    if recorded:
        return {"passed": recorded["passed"]}
    submission = validate_submission(json.loads(ctx.storage.read(case["submission_key"])))
    settings_of_council = get_council(ctx, council)
    local_list = (
        LocalList.model_validate(settings_of_council.local_list)
        if settings_of_council.local_list
        else demo_local_list()
    )
    documents = ctx.repo.documents.list(council, reference)
    uploaded = [t for d in documents if d.status == "received" for t in d.tags]
    result = run_checks(
        submission,
        received_on=date.fromisoformat(case["received_on"]),
        local_list=local_list,
        uploaded_file_types=uploaded,
    )
    now = ctx.clock.now()
    drafts = []
    for index, draft in enumerate(result.draft_requests):
        request_type, details = _draft_details(draft)
        drafts.append(
            vr.ValidationRequest(
                # deterministic ids: a retried task writes the same drafts, not new ones
                id=hashlib.sha256(f"{council}:{reference}:draft:{index}".encode()).hexdigest()[:32],
                type=request_type,
                created_at=now,
                created_by="automated checks",
                origin=vr.Origin.AUTOMATED,
                details=details,
            )
        )
    audit = audit_item(
        council,
        reference,
        at=iso(now),
        actor="system:validation",
        action="validation.checked",
        after={"passed": result.passed, "failed": [c.id for c in result.failed_checks]},
    )
    try:
        ctx.repo.validation.record_checks(
            council, reference, report=result.model_dump(mode="json"), audit=audit, drafts=drafts
        )
    except Conflict:
        pass  # a retry after the checks were recorded
    return {"passed": result.passed}


def _draft_details(draft: Any) -> tuple[vr.RequestType, Any]:
    """A draft from the checks as a request the officer can send: its type and details."""
    if draft.type == "additional_document":
        return vr.RequestType.ADDITIONAL_DOCUMENT, vr.parse_details(
            vr.RequestType.ADDITIONAL_DOCUMENT, {"document_types": list(draft.document_types), "summary": draft.detail}
        )
    if draft.type == "fee_change":
        return vr.RequestType.FEE_CHANGE, vr.parse_details(
            vr.RequestType.FEE_CHANGE, {"amount_pence": draft.amount_pence, "reason": draft.detail}
        )
    if draft.type == "ownership_certificate":
        return vr.RequestType.OWNERSHIP_CERTIFICATE, vr.parse_details(
            vr.RequestType.OWNERSHIP_CERTIFICATE, {"reason": draft.detail}
        )
    # a missing or implausible red line has no proposed boundary yet: ask for one as an "other change"
    return vr.RequestType.OTHER_CHANGE, vr.parse_details(
        vr.RequestType.OTHER_CHANGE, {"summary": draft.summary, "suggestion": draft.detail}
    )


def discard_automated_drafts(ctx: Context, identity: Identity, case: dict[str, Any]) -> None:
    """Validating over the automated checks discards the drafts the officer did not send."""
    for request in _requests(ctx, case["council"], case["reference"]):
        if request.state is vr.RequestState.PENDING and request.origin is vr.Origin.AUTOMATED:
            discarded = vr.discard(request, now=ctx.clock.now())
            _put_request(
                ctx,
                case,
                discarded,
                action="validation_request.discarded",
                actor=identity.actor,
                reason="validated without sending this draft",
                previous_state="pending",
            )


def add_other_change(ctx: Context, identity: Identity, case: dict[str, Any], reason: str) -> None:
    """The officer's reason for invalidating, as an 'other change' request (sent with the others)."""
    request = vr.ValidationRequest(
        id=uuid.uuid4().hex,
        type=vr.RequestType.OTHER_CHANGE,
        created_at=ctx.clock.now(),
        created_by=identity.name,
        details=vr.parse_details(vr.RequestType.OTHER_CHANGE, {"summary": "Information needed", "suggestion": reason}),
    )
    _put_request(ctx, case, request, action="validation_request.created", actor=identity.actor)


def record_fee_payment(ctx: Context, identity: Identity, reference: str, body: Any) -> Any:
    """An officer records a payment of the fee (``fee_payments.record_payment``). Paid in full before the
    applicant answered (by phone, say), the fee change request is withdrawn: nothing is left to ask."""
    from bops.services.cases import load_case
    from bops.services.fee_payments import record_payment

    fee = record_payment(ctx, identity, reference, body)
    if fee.status == "paid":
        case = load_case(ctx, identity.council, reference)
        for request in _requests(ctx, identity.council, reference):
            if request.type is vr.RequestType.FEE_CHANGE and request.state in (
                vr.RequestState.PENDING,
                vr.RequestState.OPEN,
            ):
                reason = "The fee was paid in full"
                cancelled = vr.cancel(request, reason=reason, now=ctx.clock.now())
                _put_request(
                    ctx,
                    case,
                    cancelled,
                    action="validation_request.cancelled",
                    actor=identity.actor,
                    reason=reason,
                    previous_state=request.state.value,
                )
    return fee


def _check_fee_received(case: dict[str, Any]) -> None:
    """Agreed is not paid: an application whose fee change the applicant agreed to is valid only once the
    fee is received (DMPO 2015 art. 34(3)-(4): the fee is one of the things a valid application has)."""
    from bops.domain.fees import format_pence

    fee = case.get("fee") or {}
    if fee.get("status") == "agreed" and case["status"] in BEFORE_VALIDATION:
        from bops.domain.fee_payments import outstanding_pence

        raise Conflict(
            f"The applicant agreed to pay {format_pence(outstanding_pence(fee))} more but it has not been "
            "received: record the payment first"
        )


# --- telling the applicant -----------------------------------------------------------------------
#: The statuses of a case not validated yet.
BEFORE_VALIDATION = frozenset({"pending", "not_started", "invalidated"})


def tell_applicant_valid(ctx: Context, case: dict[str, Any]) -> int:
    """Emails the applicant and the agent that the application is valid, from when, and the date the
    council must decide by (the determination date, DMPO 2015 art. 34): each once, however often this
    runs (``send_once``). Answers how many were sent now. The wording is the council's
    (``application_valid`` template)."""
    from bops.domain import templates as template_rules
    from bops.services.councils import get_council
    from bops.services.templates import parts_of

    council, reference = case["council"], case["reference"]
    if not case.get("valid_from") or not case.get("expiry_date"):
        return 0
    sent = 0
    for person in applicant_and_agent(case):
        message = Message(
            council=council, reference=reference, kind="application_valid", recipient=recipient_id(person["email"])
        )
        recorded = ctx.repo.delivery.message(message)
        if recorded is not None and recorded.status == "accepted":
            continue  # sent: a read costs less than ``send_once``'s recorded attempt (the workflow asks too)

        def compose(person: dict[str, Any] = person) -> Email:
            values = {
                "name": person.get("name") or "applicant",
                "reference": reference,
                "site_address": case["site"]["address"],
                "description": case["description"],
                "valid_from": date.fromisoformat(case["valid_from"]),
                "determination_date": date.fromisoformat(case["expiry_date"]),
                "council_name": get_council(ctx, council).name,
                "link": link(f"/public.html#{council}/{reference}"),
            }
            text = template_rules.render("application_valid", parts_of(ctx, council, "application_valid"), values)
            return Email(
                council=council,
                template="application_valid",
                to=person["email"],
                reference=reference,
                personalisation={
                    "subject": text["subject"],
                    "body": text["body"],
                    "reference": reference,
                    "valid_from": case["valid_from"],
                    "determination_date": case["expiry_date"],
                    # not "link": that key is the applicant's secret link of a validation request
                    "register_link": str(values["link"]),
                },
            )

        if send_once(ctx, message, compose, keeper=OwnItemKeeper(ctx)) is not None:
            sent += 1
    logger.info("valid email: %d sent", sent)  # how many, never to whom
    return sent


def tell_applicant_valid_when_possible(ctx: Context, case: dict[str, Any]) -> int:
    """``tell_applicant_valid``, unless Notify cannot take it now: the decision stands whatever Notify says,
    and the email stays pending (``send_once``) for the next attempt, made by the workflow as it starts
    the assessment (``workflow_tasks.await_officer``) or by a repeat of the decision."""
    from bops.domain.errors import UpstreamError

    try:
        return tell_applicant_valid(ctx, case)
    except UpstreamError as error:
        logger.warning("valid email not sent yet (%s): sent at the next attempt", type(error).__name__)
        return 0


# --- the officer's decision ----------------------------------------------------------------------
class ValidationDecision(Model):
    decision: Literal["valid", "invalid"]
    valid_from: PlausibleDate | None = Field(
        None, description="Valid from this date (default: the day the last missing item was received)"
    )
    reason: str | None = Field(
        None,
        max_length=2000,
        description="For invalid: what is missing or wrong, sent to the applicant as an 'other change' request "
        "(needed unless validation requests are already drafted)",
    )


def decide_validation(
    ctx: Context, identity: Identity, reference: str, request: ValidationDecision
) -> ApplicationDetail:
    """Valid -> in assessment (the statutory clock starts); invalid -> invalidated, and every pending
    validation request goes to the applicant together."""
    from bops.domain.lifecycle import Event
    from bops.services.cases import get_application, load_case, statutory_fields, transition

    case = load_case(ctx, identity.council, reference)
    if request.decision == "valid":
        if case.get("valid_from") and case["status"] == "in_assessment":
            # validated already: a repeat sends the email an earlier attempt could not (sent once), then is
            # refused like any repeat
            tell_applicant_valid_when_possible(ctx, case)
        _check_fee_received(case)
        valid_from_date = request.valid_from or valid_from(ctx, case)
        # DMPO 2015 art. 34: the day the last missing item was received, so never before the application
        # was received nor after today (in England). Also checked when worked out: an application that
        # arrived out of hours may count as received on a working day still to come.
        check_date_between(
            valid_from_date,
            "valid_from",
            earliest=date.fromisoformat(case["received_on"]),
            latest=london_date(ctx.clock.now()),
            earliest_is="the received date",
            latest_is="today",
        )
        dates = statutory_fields(case, valid_from=valid_from_date, extension_to=None)
        # drafts of the automated checks the officer chose not to send are discarded by validating
        discard_automated_drafts(ctx, identity, case)
        guards: dict[str, Any] = {**pending_counts(ctx, case), "validated_on": valid_from_date}
        validated = transition(
            ctx,
            identity,
            case,
            Event.VALIDATE,
            changes={"valid_from": valid_from_date.isoformat(), **dates},
            **guards,
        )
        tell_applicant_valid_when_possible(ctx, validated)
    else:
        counts: dict[str, Any] = dict(pending_counts(ctx, case))
        reason = (request.reason or "").strip()
        if reason:
            counts["pending_request_count"] += 1  # the request made from the reason, below
        elif not counts["pending_request_count"]:
            raise InvalidRequest(
                "Say what is missing or wrong, or draft a validation request first",
                fields=[FieldError("reason", "required when there is no validation request to send")],
            )
        updated = transition(ctx, identity, case, Event.INVALIDATE, reason=reason or None, **counts)
        if reason:
            add_other_change(ctx, identity, updated, reason)
        send_pending(ctx, load_case(ctx, identity.council, reference), identity.actor)
    return get_application(ctx, identity, reference)
