"""Validation requests: what an officer asks the applicant to change or supply, as BoPS has them. Pure.

::

    pending --send--> open --respond--> closed
       |               |--auto_close--> closed (accepted, auto_closed=True)
       |               +--cancel------> cancelled (reason required)
       +--cancel / discard-----------> cancelled ("discarded" for a draft nobody wants)

Sending
    A request made before the application is validated waits as ``pending`` (officer's draft, or a draft
    from the automated checks with ``origin="automated"``); all pending requests go to the applicant
    together when the officer invalidates the application (``send_pending``). Once the application has
    been invalidated or validated there is nothing to wait for, so a new request is ``open`` at once
    (``post_validation`` is True when the application was already validated). A description change is
    always sent at once, as in BoPS: it does not make the application invalid and the applicant must
    answer it within five business days whatever else is going on.

Response due dates (business days after the day the request was sent, ``calendar.add_business_days``)
    description change and red line boundary change 5, pre-commencement condition 10: on that day an
    unanswered request closes itself as accepted (``auto_close``). Every other type is due in 15
    business days and becomes overdue instead (``is_overdue``).

Rules when creating (``check_can_create``)
    - not on a determined, withdrawn, returned or closed application (``Conflict``);
    - only one outstanding (pending or open) description change, fee change, ownership certificate
      request and time extension at a time (``Conflict``);
    - other change and fee change only before the application is validated (``Conflict``);
    - a time extension must propose a date later than the current expiry date, or the agreed extended
      one, which the caller passes as ``expiry_date`` (``InvalidRequest`` on ``details.proposed_expiry_date``;
      ``Conflict`` when there is no expiry date yet);
    - the details must fit the type (``InvalidRequest`` with ``details.<field>`` paths).

Responses (``respond``, only to an ``open`` request)
    - approve/reject: description change, red line boundary change, fee change, pre-commencement
      condition, heads of terms, time extension. ``approved`` is required; rejecting needs a ``reason``.
    - ownership certificate: approve/reject as above; approving needs the new ``certificate`` (a-d),
      optionally with ``document_ids`` (the signed certificate) and ``response_text``.
    - free text: other change needs ``response_text``.
    - documents: additional document and replacement document need ``document_ids`` (uploaded
      documents, at least one), optionally with ``response_text``.
    Fields that do not belong to the type's kind of answer are refused, so nothing is silently dropped.

The "valid from" date (``valid_from_date``)
    The day the last missing item was received: the day the last pre-validation request was closed
    (description changes excepted); else the received date. An application is "received" when the
    last of the documents, fee and certificate it needs is received (DMPO 2015 art. 34(3)-(4)) and the
    period runs "beginning with the day immediately following" that day (art. 34(2)): the period starts
    the next day, so the valid-from date itself is not moved to a business day.

Every function returns a new request (models are frozen) or raises: ``Conflict`` for a transition the
state does not allow, ``InvalidRequest`` (with field paths) for a missing or bad input.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bops.domain.calendar import add_business_days
from bops.domain.clock import EXTENSION_MAX_YEARS, latest_extension
from bops.domain.documents import DOCUMENT_ID_PATTERN, ODP_FILE_TYPES
from bops.domain.errors import Conflict, FieldError, InvalidRequest, invalid_from_pydantic
from bops.domain.lifecycle import FINAL_STATUSES, Status
from bops.domain.time import PlausibleDate, check_date_between, london_date
from bops.model import Model

# --- vocabulary ------------------------------------------------------------------------------------


class RequestType(StrEnum):
    """What the officer asks for."""

    ADDITIONAL_DOCUMENT = "additional_document"
    DESCRIPTION_CHANGE = "description_change"
    RED_LINE_BOUNDARY_CHANGE = "red_line_boundary_change"
    REPLACEMENT_DOCUMENT = "replacement_document"
    OWNERSHIP_CERTIFICATE = "ownership_certificate"
    OTHER_CHANGE = "other_change"
    FEE_CHANGE = "fee_change"
    PRE_COMMENCEMENT_CONDITION = "pre_commencement_condition"
    HEADS_OF_TERMS = "heads_of_terms"
    TIME_EXTENSION = "time_extension"


class RequestState(StrEnum):
    PENDING = "pending"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Origin(StrEnum):
    OFFICER = "officer"
    #: Drafted by the automated validation checks on arrival.
    AUTOMATED = "automated"


class ResponseKind(StrEnum):
    """The kind of answer a type of request takes."""

    APPROVAL = "approval"
    CERTIFICATE = "certificate"
    TEXT = "text"
    DOCUMENTS = "documents"


RESPONSE_KINDS: Mapping[RequestType, ResponseKind] = MappingProxyType(
    {
        RequestType.ADDITIONAL_DOCUMENT: ResponseKind.DOCUMENTS,
        RequestType.DESCRIPTION_CHANGE: ResponseKind.APPROVAL,
        RequestType.RED_LINE_BOUNDARY_CHANGE: ResponseKind.APPROVAL,
        RequestType.REPLACEMENT_DOCUMENT: ResponseKind.DOCUMENTS,
        RequestType.OWNERSHIP_CERTIFICATE: ResponseKind.CERTIFICATE,
        RequestType.OTHER_CHANGE: ResponseKind.TEXT,
        RequestType.FEE_CHANGE: ResponseKind.APPROVAL,
        RequestType.PRE_COMMENCEMENT_CONDITION: ResponseKind.APPROVAL,
        RequestType.HEADS_OF_TERMS: ResponseKind.APPROVAL,
        RequestType.TIME_EXTENSION: ResponseKind.APPROVAL,
    }
)

#: Business days to answer before the request closes itself as accepted.
AUTO_CLOSE_BUSINESS_DAYS: Mapping[RequestType, int] = MappingProxyType(
    {
        RequestType.DESCRIPTION_CHANGE: 5,
        RequestType.RED_LINE_BOUNDARY_CHANGE: 5,
        RequestType.PRE_COMMENCEMENT_CONDITION: 10,
    }
)
#: Business days to answer any other type of request (it becomes overdue, it does not close).
RESPONSE_BUSINESS_DAYS = 15

#: Types that may only be asked for before the application is validated.
PRE_VALIDATION_ONLY = frozenset({RequestType.OTHER_CHANGE, RequestType.FEE_CHANGE})
#: Types of which an application may have only one pending or open request at a time.
ONE_AT_A_TIME = frozenset(
    {
        RequestType.DESCRIPTION_CHANGE,
        RequestType.FEE_CHANGE,
        RequestType.OWNERSHIP_CERTIFICATE,
        RequestType.TIME_EXTENSION,
    }
)
#: Types sent the moment they are made, whatever the application's state.
SENT_AT_ONCE = frozenset({RequestType.DESCRIPTION_CHANGE})
#: Application states in which new pre-validation requests wait to be sent together on invalidation.
DRAFTING_STATUSES = frozenset({Status.PENDING, Status.NOT_STARTED})

DISCARDED = "discarded"
OUTSTANDING_STATES = frozenset({RequestState.PENDING, RequestState.OPEN})

MAX_TEXT = 5000
MAX_DESCRIPTION = 2000
MAX_REASON = 2000

Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Reason = Annotated[str, Field(min_length=1, max_length=MAX_REASON)]

_DETAILS_CONFIG = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _document_id(value: str) -> str:
    if not DOCUMENT_ID_PATTERN.match(value):
        raise ValueError("must be a document id")
    return value


# --- details, one model per type -------------------------------------------------------------------


class AdditionalDocumentDetails(Model):
    model_config = _DETAILS_CONFIG

    #: ODP file type codes of the documents wanted, e.g. ``floorPlan.proposed``.
    document_types: tuple[str, ...] = Field(min_length=1, max_length=20)
    summary: Text

    @field_validator("document_types")
    @classmethod
    def _odp_file_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [v for v in value if v not in ODP_FILE_TYPES]
        if unknown:
            raise ValueError(f"not ODP file type codes: {', '.join(unknown)}")
        if len(set(value)) != len(value):
            raise ValueError("must not repeat a file type")
        return value


class DescriptionChangeDetails(Model):
    model_config = _DETAILS_CONFIG

    proposed_description: Annotated[str, Field(min_length=1, max_length=MAX_DESCRIPTION)]
    #: The description when the change was proposed (kept for the audit trail).
    previous_description: str | None = None


class RedLineBoundaryChangeDetails(Model):
    model_config = _DETAILS_CONFIG

    #: A GeoJSON Polygon in WGS 84 longitude/latitude.
    proposed_boundary: dict[str, Any]
    reason: Reason
    #: The boundary when the change was proposed (kept for the audit trail).
    original_boundary: dict[str, Any] | None = None

    @field_validator("proposed_boundary", "original_boundary")
    @classmethod
    def _polygon(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            check_polygon(value)
        return value


class ReplacementDocumentDetails(Model):
    model_config = _DETAILS_CONFIG

    #: The document to be replaced (archived when the replacement arrives).
    document_id: str
    reason: Reason

    @field_validator("document_id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _document_id(value)


class OwnershipCertificateDetails(Model):
    model_config = _DETAILS_CONFIG

    reason: Reason


class OtherChangeDetails(Model):
    model_config = _DETAILS_CONFIG

    summary: Text
    suggestion: Text


class FeeChangeDetails(Model):
    model_config = _DETAILS_CONFIG

    #: The fee the applicant is asked to pay, in pence.
    amount_pence: Annotated[int, Field(gt=0, strict=True)]
    reason: Reason


class PreCommencementConditionDetails(Model):
    model_config = _DETAILS_CONFIG

    condition_text: Text


class HeadsOfTermsDetails(Model):
    model_config = _DETAILS_CONFIG

    terms_text: Text


class TimeExtensionDetails(Model):
    model_config = _DETAILS_CONFIG

    proposed_expiry_date: PlausibleDate
    reason: Reason


Details = (
    AdditionalDocumentDetails
    | DescriptionChangeDetails
    | RedLineBoundaryChangeDetails
    | ReplacementDocumentDetails
    | OwnershipCertificateDetails
    | OtherChangeDetails
    | FeeChangeDetails
    | PreCommencementConditionDetails
    | HeadsOfTermsDetails
    | TimeExtensionDetails
)

DETAILS_MODELS: Mapping[RequestType, type[BaseModel]] = MappingProxyType(
    {
        RequestType.ADDITIONAL_DOCUMENT: AdditionalDocumentDetails,
        RequestType.DESCRIPTION_CHANGE: DescriptionChangeDetails,
        RequestType.RED_LINE_BOUNDARY_CHANGE: RedLineBoundaryChangeDetails,
        RequestType.REPLACEMENT_DOCUMENT: ReplacementDocumentDetails,
        RequestType.OWNERSHIP_CERTIFICATE: OwnershipCertificateDetails,
        RequestType.OTHER_CHANGE: OtherChangeDetails,
        RequestType.FEE_CHANGE: FeeChangeDetails,
        RequestType.PRE_COMMENCEMENT_CONDITION: PreCommencementConditionDetails,
        RequestType.HEADS_OF_TERMS: HeadsOfTermsDetails,
        RequestType.TIME_EXTENSION: TimeExtensionDetails,
    }
)


def check_polygon(value: Any) -> None:
    """Raise ``ValueError`` unless ``value`` is a GeoJSON Polygon of closed WGS 84 rings."""
    if not isinstance(value, Mapping) or value.get("type") != "Polygon":
        raise ValueError('must be a GeoJSON Polygon ({"type": "Polygon", "coordinates": [...]})')
    rings = value.get("coordinates")
    if not isinstance(rings, list | tuple) or not rings:
        raise ValueError("a Polygon needs at least one ring of coordinates")
    for ring in rings:
        if not isinstance(ring, list | tuple) or len(ring) < 4:
            raise ValueError("each ring needs at least four positions")
        for position in ring:
            if (
                not isinstance(position, list | tuple)
                or len(position) not in (2, 3)
                or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in position)
                or not all(math.isfinite(n) for n in position)
            ):
                raise ValueError("each position must be [longitude, latitude]")
            if not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
                raise ValueError("positions must be WGS 84 longitude/latitude")
        if list(ring[0]) != list(ring[-1]):
            raise ValueError("each ring must end where it starts")


def parse_details(request_type: RequestType | str, payload: Mapping[str, Any] | BaseModel) -> Details:
    """The details for a type of request, or ``InvalidRequest`` naming each bad ``details.<field>``."""
    request_type = _request_type(request_type)
    model = DETAILS_MODELS[request_type]
    if isinstance(payload, model):
        return payload  # type: ignore[return-value]
    if isinstance(payload, BaseModel):
        payload = payload.model_dump()
    if not isinstance(payload, Mapping):
        raise InvalidRequest("The details must be an object", fields=[FieldError("details", "expected an object")])
    try:
        return model.model_validate(dict(payload))  # type: ignore[return-value]
    except ValidationError as error:
        raise _invalid(error, "details", f"The details of a {_label(request_type)} request are not valid") from None


# --- the response ----------------------------------------------------------------------------------


class Response(Model):
    """The applicant's answer. Which fields it needs depends on the request type (module doc)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    #: approve/reject types: True when the applicant agrees.
    approved: bool | None = None
    #: Why the applicant rejected the change (required when ``approved`` is False).
    reason: Annotated[str, Field(max_length=MAX_REASON)] | None = None
    response_text: Annotated[str, Field(max_length=MAX_TEXT)] | None = None
    #: Documents the applicant uploaded in answer.
    document_ids: tuple[str, ...] = Field(default=(), max_length=50)
    #: Ownership certificate the applicant now certifies (A: sole owner; B-D: notice given to others).
    certificate: Literal["a", "b", "c", "d"] | None = None

    @field_validator("reason", "response_text", mode="after")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("certificate", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() or None if isinstance(value, str) else value

    @field_validator("document_ids")
    @classmethod
    def _ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for v in value:
            _document_id(v)
        if len(set(value)) != len(value):
            raise ValueError("must not repeat a document")
        return value


#: The fields each kind of answer may carry.
_RESPONSE_FIELDS: Mapping[ResponseKind, frozenset[str]] = MappingProxyType(
    {
        ResponseKind.APPROVAL: frozenset({"approved", "reason"}),
        ResponseKind.CERTIFICATE: frozenset({"approved", "reason", "certificate", "document_ids", "response_text"}),
        ResponseKind.TEXT: frozenset({"response_text"}),
        ResponseKind.DOCUMENTS: frozenset({"document_ids", "response_text"}),
    }
)


def _approval_errors(response: Response) -> list[FieldError]:
    if response.approved is None:
        return [FieldError("approved", "say whether you agree or disagree")]
    if response.approved is False and not response.reason:
        return [FieldError("reason", "say why you disagree")]
    if response.approved is True and response.reason:
        return [FieldError("reason", "is only given when disagreeing")]
    return []


def _certificate_errors(response: Response) -> list[FieldError]:
    errors = _approval_errors(response)
    if response.approved is True and response.certificate is None:
        errors.append(FieldError("certificate", "choose the ownership certificate (A, B, C or D)"))
    if response.approved is False:
        errors += [
            FieldError(name, "is only given when agreeing to provide a new certificate")
            for name in ("certificate", "document_ids")
            if getattr(response, name)
        ]
    return errors


def _text_errors(response: Response) -> list[FieldError]:
    return [] if response.response_text else [FieldError("response_text", "is required")]


def _documents_errors(response: Response) -> list[FieldError]:
    return [] if response.document_ids else [FieldError("document_ids", "upload at least one document")]


_KIND_CHECKS: Mapping[ResponseKind, Callable[[Response], list[FieldError]]] = MappingProxyType(
    {
        ResponseKind.APPROVAL: _approval_errors,
        ResponseKind.CERTIFICATE: _certificate_errors,
        ResponseKind.TEXT: _text_errors,
        ResponseKind.DOCUMENTS: _documents_errors,
    }
)


def validate_response(request_type: RequestType | str, response: Response | Mapping[str, Any]) -> Response:
    """The response if it fits the type of request (module doc), else ``InvalidRequest`` with paths."""
    request_type = _request_type(request_type)
    if not isinstance(response, Response):
        if not isinstance(response, Mapping):
            raise InvalidRequest("The response must be an object", fields=[FieldError("body", "expected an object")])
        try:
            response = Response.model_validate(dict(response))
        except ValidationError as error:
            raise _invalid(error, "", "The response has invalid fields") from None

    kind = RESPONSE_KINDS[request_type]
    label = _label(request_type)
    errors = [
        FieldError(name, f"is not part of an answer to a {label} request")
        for name in sorted(response.model_fields_set - _RESPONSE_FIELDS[kind])
        if getattr(response, name) not in (None, ())
    ]
    errors += _KIND_CHECKS[kind](response)
    if errors:
        raise InvalidRequest(f"The response to a {label} request is not valid", fields=errors)
    return response


# --- the request -----------------------------------------------------------------------------------


class ValidationRequest(Model):
    """One request to the applicant. Frozen: the functions below return changed copies."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1)
    type: RequestType
    state: RequestState = RequestState.PENDING
    created_at: datetime
    created_by: str = Field(min_length=1)
    origin: Origin = Origin.OFFICER
    #: Made after the application was validated (sent at once; blocks the recommendation until closed).
    post_validation: bool = False
    details: Details
    sent_at: datetime | None = None
    response_due: date | None = None
    closed_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    response: Response | None = None
    #: Closed by the clock as accepted, without an answer from the applicant.
    auto_closed: bool = False

    @model_validator(mode="before")
    @classmethod
    def _details_by_type(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and isinstance(data.get("details"), Mapping):
            try:
                model = DETAILS_MODELS[RequestType(str(data.get("type")))]
            except ValueError:
                return data  # the type field reports the error
            data = {**data, "details": model.model_validate(data["details"])}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> ValidationRequest:
        if not isinstance(self.details, DETAILS_MODELS[self.type]):
            raise ValueError(f"details do not fit a {self.type} request")
        sent = self.sent_at is not None and self.response_due is not None
        if self.state is RequestState.PENDING and (sent or self.closed_at or self.cancelled_at):
            raise ValueError("a pending request has not been sent, closed or cancelled")
        if self.state in (RequestState.OPEN, RequestState.CLOSED) and not sent:
            raise ValueError(f"an {self.state} request needs sent_at and response_due")
        if self.state is RequestState.CLOSED and (self.closed_at is None or self.response is None):
            raise ValueError("a closed request needs closed_at and a response")
        if self.state is RequestState.CANCELLED and (self.cancelled_at is None or not self.cancel_reason):
            raise ValueError("a cancelled request needs cancelled_at and cancel_reason")
        if self.auto_closed and self.state is not RequestState.CLOSED:
            raise ValueError("only a closed request can be auto-closed")
        return self

    @property
    def outstanding(self) -> bool:
        """Pending or open: not yet answered, closed or cancelled."""
        return self.state in OUTSTANDING_STATES


# --- due dates -------------------------------------------------------------------------------------


def auto_closes(request_type: RequestType | str) -> bool:
    """True for the types that close themselves as accepted when the applicant does not answer in time."""
    return _request_type(request_type) in AUTO_CLOSE_BUSINESS_DAYS


def response_due(request_type: RequestType | str, sent_on: date) -> date:
    """The day the answer is due: 5, 10 or 15 business days after ``sent_on`` (module doc)."""
    request_type = _request_type(request_type)
    return add_business_days(sent_on, AUTO_CLOSE_BUSINESS_DAYS.get(request_type, RESPONSE_BUSINESS_DAYS))


def auto_close_at(request: ValidationRequest) -> date | None:
    """The day an open request of an auto-closing type closes itself; None for other types or unsent ones."""
    if not auto_closes(request.type) or request.sent_at is None:
        return None
    return request.response_due or response_due(request.type, _english_date(request.sent_at))


def is_overdue(request: ValidationRequest, *, today: date) -> bool:
    """True for an open request past its response due date (auto-closing types close instead)."""
    return (
        request.state is RequestState.OPEN
        and request.response_due is not None
        and not auto_closes(request.type)
        and today > request.response_due
    )


# --- creating and editing --------------------------------------------------------------------------


def check_can_create(
    request_type: RequestType | str,
    existing_requests: Iterable[ValidationRequest],
    *,
    application_status: Status | str,
    validated: bool,
    expiry_date: date | None,
    payload: Mapping[str, Any] | BaseModel,
) -> Details:
    """Check the rules for a new request (module doc) and return its parsed details.

    ``existing_requests`` are the application's requests; ``expiry_date`` is its current determination
    deadline (the agreed extended expiry date when there is one), needed for a time extension.
    """
    request_type = _request_type(request_type)
    status = Status(application_status)
    label = _label(request_type)
    if status in FINAL_STATUSES:
        raise Conflict(f"Cannot ask for a {label} on an application that is {status.value}")
    if validated and request_type in PRE_VALIDATION_ONLY:
        raise Conflict(f"A {label} request can only be made before the application is validated")
    if request_type in ONE_AT_A_TIME and any(r.type is request_type and r.outstanding for r in existing_requests):
        raise Conflict(f"The application already has an open {label} request; cancel it or wait for the answer")

    details = parse_details(request_type, payload)
    if isinstance(details, TimeExtensionDetails):
        _check_later(details, expiry_date)
    return details


def create(
    request_type: RequestType | str,
    payload: Mapping[str, Any] | BaseModel,
    *,
    id: str,
    created_by: str,
    now: datetime,
    application_status: Status | str,
    validated: bool,
    expiry_date: date | None = None,
    existing_requests: Iterable[ValidationRequest] = (),
    origin: Origin | str = Origin.OFFICER,
) -> ValidationRequest:
    """A new request after ``check_can_create``: ``open`` (sent now) when the application is validated or
    invalidated, or for a description change; else ``pending``, to be sent on invalidation."""
    request_type = _request_type(request_type)
    details = check_can_create(
        request_type,
        existing_requests,
        application_status=application_status,
        validated=validated,
        expiry_date=expiry_date,
        payload=payload,
    )
    request = ValidationRequest(
        id=id,
        type=request_type,
        created_at=now,
        created_by=created_by,
        origin=Origin(origin),
        post_validation=validated,
        details=details,
    )
    if validated or Status(application_status) not in DRAFTING_STATUSES or request_type in SENT_AT_ONCE:
        return send(request, now=now)
    return request


def edit(
    request: ValidationRequest,
    payload: Mapping[str, Any] | BaseModel,
    *,
    expiry_date: date | None = None,
) -> ValidationRequest:
    """The request with new details: only while it is pending (not yet sent). A time extension is
    checked against ``expiry_date`` again when one is given."""
    if request.state is not RequestState.PENDING:
        raise Conflict(f"Only a pending request can be edited; this one is {request.state.value}")
    details = parse_details(request.type, payload)
    if isinstance(details, TimeExtensionDetails) and expiry_date is not None:
        _check_later(details, expiry_date)
    return request.model_copy(update={"details": details})


# --- transitions -----------------------------------------------------------------------------------


def send(request: ValidationRequest, *, now: datetime) -> ValidationRequest:
    """A pending request, sent now: ``open`` with ``sent_at`` and ``response_due``."""
    if request.state is not RequestState.PENDING:
        raise Conflict(f"Only a pending request can be sent; this one is {request.state.value}")
    return _evolve(
        request,
        state=RequestState.OPEN,
        sent_at=now,
        response_due=response_due(request.type, _english_date(now)),
    )


def send_pending(requests: Iterable[ValidationRequest], *, now: datetime) -> list[ValidationRequest]:
    """Every pending request, sent now (in the given order); the others are left out of the result.

    Called when the officer invalidates the application: the caller saves the returned requests.
    """
    return [send(r, now=now) for r in requests if r.state is RequestState.PENDING]


def respond(request: ValidationRequest, response: Response | Mapping[str, Any], *, now: datetime) -> ValidationRequest:
    """The applicant's answer to an open request: ``closed`` with the validated response."""
    if request.state is not RequestState.OPEN:
        raise Conflict(f"Only an open request can be answered; this one is {request.state.value}")
    response = validate_response(request.type, response)
    return _evolve(request, state=RequestState.CLOSED, closed_at=now, response=response)


def cancel(request: ValidationRequest, *, reason: str | None, now: datetime) -> ValidationRequest:
    """A pending or open request, withdrawn by the officer with a reason (shown to the applicant)."""
    if request.state not in OUTSTANDING_STATES:
        raise Conflict(f"Only a pending or open request can be cancelled; this one is {request.state.value}")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidRequest("Say why the request is cancelled", fields=[FieldError("cancel_reason", "is required")])
    if len(reason) > MAX_REASON:
        raise InvalidRequest(
            "The reason is too long", fields=[FieldError("cancel_reason", f"at most {MAX_REASON} characters")]
        )
    return _evolve(request, state=RequestState.CANCELLED, cancelled_at=now, cancel_reason=reason)


def discard(request: ValidationRequest, *, now: datetime) -> ValidationRequest:
    """A pending draft nobody wants (an automated check's suggestion, say): cancelled as "discarded"."""
    if request.state is not RequestState.PENDING:
        raise Conflict(f"Only a pending request can be discarded; this one is {request.state.value}")
    return cancel(request, reason=DISCARDED, now=now)


def auto_close(request: ValidationRequest, *, today: date, now: datetime | None = None) -> ValidationRequest | None:
    """The request closed as accepted (``auto_closed``) when today is on or after its auto-close date;
    None when it is not open, is not of an auto-closing type, or is not due yet.

    ``closed_at`` is ``now`` when given, else the start of ``today`` (UTC).
    """
    when = auto_close_at(request)
    if request.state is not RequestState.OPEN or when is None or today < when:
        return None
    closed_at = now if now is not None else datetime.combine(today, time.min, tzinfo=UTC)
    return _evolve(
        request,
        state=RequestState.CLOSED,
        closed_at=closed_at,
        response=Response(approved=True),
        auto_closed=True,
    )


# --- what the application needs to know ------------------------------------------------------------


def valid_from_date(requests: Iterable[ValidationRequest], *, received_on: date) -> date:
    """The day the last pre-validation request was closed, in England (description changes excepted:
    they do not make an application invalid); else ``received_on``.

    DMPO 2015 art. 34(2)-(4): the determination period begins with the day after the day the last
    missing item (document, fee, certificate) was received, so that day is the valid-from date, even
    on a weekend or a public holiday.
    """
    closed = [
        _english_date(r.closed_at)
        for r in requests
        if r.state is RequestState.CLOSED
        and r.closed_at is not None
        and r.type is not RequestType.DESCRIPTION_CHANGE
        and not r.post_validation
    ]
    if not closed:
        return received_on
    return max(received_on, max(closed))


def lifecycle_counts(requests: Iterable[ValidationRequest]) -> dict[str, int]:
    """The counts ``lifecycle.TransitionContext`` takes: pending requests (which ``invalidate`` sends),
    open pre-validation requests other than description changes (which block ``validate``), and open
    post-validation requests of any type (which block the recommendation)."""
    requests = list(requests)
    return {
        "pending_request_count": sum(r.state is RequestState.PENDING for r in requests),
        "open_validation_request_count": sum(
            r.state is RequestState.OPEN and not r.post_validation and r.type is not RequestType.DESCRIPTION_CHANGE
            for r in requests
        ),
        "open_post_validation_request_count": sum(r.state is RequestState.OPEN and r.post_validation for r in requests),
    }


def accepted_changes(request: ValidationRequest) -> dict[str, Any]:
    """What to change on the application now that the applicant accepted (or the clock did): e.g.
    ``{"description": ...}``. Empty for a request that is not closed as approved, and for types whose
    acceptance changes nothing on the application record."""
    if request.state is not RequestState.CLOSED or request.response is None or request.response.approved is not True:
        return {}
    details = request.details
    if isinstance(details, DescriptionChangeDetails):
        return {"description": details.proposed_description}
    if isinstance(details, RedLineBoundaryChangeDetails):
        return {"boundary": details.proposed_boundary}
    if isinstance(details, TimeExtensionDetails):
        return {"extended_expiry_date": details.proposed_expiry_date}
    if isinstance(details, FeeChangeDetails):
        return {"fee_payable_pence": details.amount_pence}
    if isinstance(details, OwnershipCertificateDetails):
        return {"ownership_certificate": request.response.certificate}
    return {}


# --- helpers ---------------------------------------------------------------------------------------


def _request_type(value: RequestType | str) -> RequestType:
    try:
        return RequestType(value)
    except ValueError:
        choices = ", ".join(t.value for t in RequestType)
        raise InvalidRequest(
            f"{value!r} is not a type of validation request", fields=[FieldError("type", f"must be one of: {choices}")]
        ) from None


def _label(request_type: RequestType) -> str:
    return request_type.value.replace("_", " ")


def _english_date(moment: datetime) -> date:
    """The English calendar date of a moment (naive moments are taken as already local)."""
    return moment.date() if moment.tzinfo is None else london_date(moment)


def _check_later(details: TimeExtensionDetails, expiry_date: date | None) -> None:
    if expiry_date is None:
        raise Conflict("The application has no expiry date to extend yet")
    if details.proposed_expiry_date <= expiry_date:
        raise InvalidRequest(
            "A time extension must move the expiry date later",
            fields=[
                FieldError(
                    "details.proposed_expiry_date", f"must be after the current expiry date {expiry_date.isoformat()}"
                )
            ],
        )
    # the same bound as an extension of time the officer records (clock.EXTENSION_MAX_YEARS says why)
    check_date_between(
        details.proposed_expiry_date,
        "details.proposed_expiry_date",
        latest=latest_extension(expiry_date),
        latest_is=f"{EXTENSION_MAX_YEARS} years after the current expiry date",
    )


def _evolve(request: ValidationRequest, **changes: Any) -> ValidationRequest:
    """A changed copy, validated again so the state invariants hold."""
    data = dict(request)
    data.update(changes)
    return ValidationRequest.model_validate(data)


def _invalid(error: ValidationError, prefix: str, message: str) -> InvalidRequest:
    return invalid_from_pydantic(error, prefix, message=message)
