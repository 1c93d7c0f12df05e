"""The planning application lifecycle as a pure state machine, and the appeal that may follow a decision.

::

    pending --receive--> not_started --validate--> in_assessment --start--> assessment_in_progress
                             |   ^                      ^                         |
                    invalidate   validate               |                     recommend
                             v   |                      |                         v
                          invalidated          to_be_reviewed <--challenge-- awaiting_determination
                                                   |                           |          |
                                                   +--------recommend--------->+  send_to_committee
                                                                               |          v
                                                                  determine <--+-- in_committee
                                                                      v
                                                                  determined

    withdraw / return / close: from any open state (not determined, withdrawn, returned or closed),
    each with a reason.

``transition`` checks, in this order: the actor's roles (``Forbidden``), the current state (``Conflict``
naming the state and the event), then the event's guards (``InvalidRequest`` for a missing or bad input
such as the reason, ``Conflict`` when the case is not ready, ``Forbidden`` when a reviewer would sign off
their own recommendation). It returns the new status and the ``<state>_at`` attributes to stamp; the
caller saves both and appends the audit entry (who, what, why) in one write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field, model_validator

from bops.domain.errors import Conflict, FieldError, Forbidden, InvalidRequest
from bops.domain.time import london_date
from bops.model import Model

if TYPE_CHECKING:  # the types are data (pydantic) that the officer API's first request need not build
    from bops.domain.application_types import ApplicationType


class Status(StrEnum):
    """Where a planning application is in its life."""

    PENDING = "pending"
    NOT_STARTED = "not_started"
    INVALIDATED = "invalidated"
    IN_ASSESSMENT = "in_assessment"
    ASSESSMENT_IN_PROGRESS = "assessment_in_progress"
    AWAITING_DETERMINATION = "awaiting_determination"
    IN_COMMITTEE = "in_committee"
    TO_BE_REVIEWED = "to_be_reviewed"
    DETERMINED = "determined"
    WITHDRAWN = "withdrawn"
    RETURNED = "returned"
    CLOSED = "closed"


#: States a case cannot leave.
FINAL_STATUSES = frozenset({Status.DETERMINED, Status.WITHDRAWN, Status.RETURNED, Status.CLOSED})
#: States a case can still be withdrawn, returned or closed from.
OPEN_STATUSES = frozenset(set(Status) - FINAL_STATUSES)


class Event(StrEnum):
    """What an officer (or the system) does to move a case on."""

    RECEIVE = "receive"
    VALIDATE = "validate"
    INVALIDATE = "invalidate"
    START = "start"
    RECOMMEND = "recommend"
    SEND_TO_COMMITTEE = "send_to_committee"
    CHALLENGE = "challenge"
    DETERMINE = "determine"
    WITHDRAW = "withdraw"
    RETURN = "return"
    CLOSE = "close"


class Role(StrEnum):
    """Who may act on a case."""

    ASSESSOR = "assessor"
    REVIEWER = "reviewer"
    ADMINISTRATOR = "administrator"
    #: The submission workflow, acting without an officer.
    SYSTEM = "system"


class Decision(StrEnum):
    """The decision on an application."""

    GRANTED = "granted"
    REFUSED = "refused"
    PRIOR_APPROVAL_NOT_REQUIRED = "prior_approval_not_required"
    PRIOR_APPROVAL_GRANTED = "prior_approval_granted"
    PRIOR_APPROVAL_REFUSED = "prior_approval_refused"


PRIOR_APPROVAL_DECISIONS = frozenset(
    {Decision.PRIOR_APPROVAL_NOT_REQUIRED, Decision.PRIOR_APPROVAL_GRANTED, Decision.PRIOR_APPROVAL_REFUSED}
)
OTHER_DECISIONS = frozenset({Decision.GRANTED, Decision.REFUSED})


class Transition(Model):
    """One row of the transition table: the states an event may be fired from, and where it leads."""

    model_config = ConfigDict(frozen=True)

    sources: frozenset[Status]
    target: Status


TRANSITIONS: Mapping[Event, Transition] = MappingProxyType(
    {
        Event.RECEIVE: Transition(sources=frozenset({Status.PENDING}), target=Status.NOT_STARTED),
        Event.VALIDATE: Transition(
            sources=frozenset({Status.NOT_STARTED, Status.INVALIDATED}), target=Status.IN_ASSESSMENT
        ),
        Event.INVALIDATE: Transition(sources=frozenset({Status.NOT_STARTED}), target=Status.INVALIDATED),
        Event.START: Transition(sources=frozenset({Status.IN_ASSESSMENT}), target=Status.ASSESSMENT_IN_PROGRESS),
        Event.RECOMMEND: Transition(
            sources=frozenset({Status.ASSESSMENT_IN_PROGRESS, Status.TO_BE_REVIEWED}),
            target=Status.AWAITING_DETERMINATION,
        ),
        Event.SEND_TO_COMMITTEE: Transition(
            sources=frozenset({Status.AWAITING_DETERMINATION}), target=Status.IN_COMMITTEE
        ),
        Event.CHALLENGE: Transition(
            sources=frozenset({Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE}),
            target=Status.TO_BE_REVIEWED,
        ),
        Event.DETERMINE: Transition(
            sources=frozenset({Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE}), target=Status.DETERMINED
        ),
        Event.WITHDRAW: Transition(sources=OPEN_STATUSES, target=Status.WITHDRAWN),
        Event.RETURN: Transition(sources=OPEN_STATUSES, target=Status.RETURNED),
        Event.CLOSE: Transition(sources=OPEN_STATUSES, target=Status.CLOSED),
    }
)

_ASSESSOR_EVENTS = frozenset(
    {
        Event.VALIDATE,
        Event.INVALIDATE,
        Event.START,
        Event.RECOMMEND,
        Event.WITHDRAW,
        Event.RETURN,
        Event.CLOSE,
    }
)

#: Which roles may fire which events. A reviewer is a senior officer who may also do an assessor's work
#: (but never sign off their own recommendation); an administrator may do anything.
ROLE_EVENTS: Mapping[Role, frozenset[Event]] = MappingProxyType(
    {
        Role.ASSESSOR: _ASSESSOR_EVENTS,
        Role.REVIEWER: _ASSESSOR_EVENTS | {Event.SEND_TO_COMMITTEE, Event.CHALLENGE, Event.DETERMINE},
        Role.ADMINISTRATOR: frozenset(Event),
        Role.SYSTEM: frozenset({Event.RECEIVE}),
    }
)

_ROLE_NAMES = frozenset(r.value for r in Role)

#: Events that need a reason, kept in the audit trail and shown to the applicant.
REASON_REQUIRED = frozenset({Event.WITHDRAW, Event.RETURN, Event.CLOSE})


class TransitionContext(Model):
    """What the guards need to know about the case and the person acting on it."""

    model_config = ConfigDict(frozen=True)

    actor_id: str = Field(min_length=1)
    actor_roles: frozenset[str] = frozenset()
    #: When the event happens (the stamp values); taken as an argument, never read from a clock.
    now: datetime
    reason: str | None = None
    #: receive: the submission is complete (documents arrived, fee recorded).
    submission_complete: bool = False
    #: validate: the valid-from date the officer confirms; start: the case's validated date.
    validated_on: date | None = None
    received_on: date | None = None
    #: Validation requests drafted but not yet sent to the applicant.
    pending_request_count: int = Field(default=0, ge=0)
    #: Validation requests sent before validation and not yet answered.
    open_validation_request_count: int = Field(default=0, ge=0)
    #: Validation requests sent after validation and not yet answered.
    open_post_validation_request_count: int = Field(default=0, ge=0)
    #: The ODP type code; decides which decisions are allowed (None: not a prior approval).
    application_type: str | None = None
    recommended_decision: Decision | None = None
    #: The officer who made the recommendation.
    recommending_officer: str | None = None
    #: The reviewer who agreed with the recommendation (None until someone has).
    reviewer: str | None = None
    reviewer_comment: str | None = None
    site_notice_required: bool = False
    site_notice_displayed: bool = False
    press_notice_required: bool = False
    press_notice_published: bool = False


class TransitionResult(Model):
    """The outcome of a transition: the new status, what to stamp, and what to write to the audit trail."""

    model_config = ConfigDict(frozen=True)

    event: Event
    previous_status: Status
    new_status: Status
    #: Attributes to set on the case, e.g. ``{"determined_at": now}``; ``validate`` also sets
    #: ``validated_at`` to the valid-from date.
    stamps: dict[str, datetime | date]
    actor_id: str
    reason: str | None = None
    #: What the caller must do next, e.g. ``send_pending_validation_requests`` after invalidating.
    effects: tuple[str, ...] = ()


# --- decisions -------------------------------------------------------------------------------------


def allowed_decisions(app_type: ApplicationType | str | None) -> frozenset[Decision]:
    """The decisions a type may take: "prior approval ..." ones for prior approvals, else granted/refused."""
    if isinstance(app_type, str):
        from bops.domain.application_types import get_type

        app_type = get_type(app_type)
    if app_type is not None and app_type.prior_approval:
        return PRIOR_APPROVAL_DECISIONS
    return OTHER_DECISIONS


def check_decision(
    decision: Decision | str | None, app_type: ApplicationType | str | None, *, field: str = "decision"
) -> Decision:
    """The decision, if it is one the application type may take; else ``InvalidRequest`` naming ``field``:
    the request's field that holds it (``decision`` in a recommendation and in a committee's decision)."""
    if decision is None:
        raise InvalidRequest("A recommended decision is needed", fields=[FieldError(field, "is required")])
    try:
        decision = Decision(decision)
    except ValueError:
        raise InvalidRequest(
            f"{decision!r} is not a decision", fields=[FieldError(field, "is not a decision")]
        ) from None
    allowed = allowed_decisions(app_type)
    if decision not in allowed:
        choices = ", ".join(sorted(allowed))
        raise InvalidRequest(
            f"{decision} is not a decision this application type can take",
            fields=[FieldError(field, f"must be one of: {choices}")],
        )
    return decision


# --- guards ----------------------------------------------------------------------------------------


def _has_text(value: str | None) -> bool:
    return bool(value and value.strip())


def _guard_receive(ctx: TransitionContext) -> None:
    if not ctx.submission_complete:
        raise Conflict("The submission is not complete yet")


def _guard_validate(ctx: TransitionContext) -> None:
    if ctx.validated_on is None:
        raise InvalidRequest("A valid from date is needed", fields=[FieldError("validated_on", "is required")])
    # DMPO 2015 art. 34: the valid-from date is the day the last missing item was received, so it is
    # never after today (in England) and never before the application was received.
    if ctx.validated_on > london_date(ctx.now):
        raise InvalidRequest(
            "The valid from date cannot be in the future",
            fields=[FieldError("validated_on", "must be today or earlier")],
        )
    if ctx.received_on is not None and ctx.validated_on < ctx.received_on:
        raise InvalidRequest(
            "The valid from date cannot be before the application was received",
            fields=[FieldError("validated_on", "must be on or after the received date")],
        )
    if ctx.pending_request_count or ctx.open_validation_request_count:
        raise Conflict("The application has validation requests still to send or to be answered")


def _guard_invalidate(ctx: TransitionContext) -> None:
    if ctx.pending_request_count < 1:
        raise Conflict("An application can only be invalidated with at least one validation request to send")


def _guard_start(ctx: TransitionContext) -> None:
    if ctx.validated_on is None:
        raise Conflict("The application has not been validated")


def _guard_recommend(ctx: TransitionContext) -> None:
    check_decision(ctx.recommended_decision, ctx.application_type)
    if ctx.open_post_validation_request_count:
        raise Conflict("The application has open validation requests; close them before recommending")


def _not_own_recommendation(ctx: TransitionContext) -> None:
    if ctx.recommending_officer is not None and ctx.actor_id == ctx.recommending_officer:
        raise Forbidden("You cannot review your own recommendation; another reviewer must do it")


def _guard_challenge(ctx: TransitionContext) -> None:
    if not _has_text(ctx.reviewer_comment):
        raise InvalidRequest(
            "Say why the recommendation is challenged", fields=[FieldError("reviewer_comment", "is required")]
        )
    _not_own_recommendation(ctx)


def _guard_determine(ctx: TransitionContext) -> None:
    _not_own_recommendation(ctx)
    if ctx.reviewer is None:
        raise Conflict("A reviewer has not agreed the recommendation yet")
    if ctx.reviewer == ctx.recommending_officer:
        raise Forbidden("The reviewer must not be the officer who assessed the application")
    if ctx.site_notice_required and not ctx.site_notice_displayed:
        raise Conflict("The site notice must be displayed before the application is determined")
    if ctx.press_notice_required and not ctx.press_notice_published:
        raise Conflict("The press notice must be published before the application is determined")
    check_decision(ctx.recommended_decision, ctx.application_type)


def _guard_reason(ctx: TransitionContext) -> None:
    if not _has_text(ctx.reason):
        raise InvalidRequest("A reason is needed", fields=[FieldError("reason", "is required")])


_GUARDS: Mapping[Event, Callable[[TransitionContext], None]] = MappingProxyType(
    {
        Event.RECEIVE: _guard_receive,
        Event.VALIDATE: _guard_validate,
        Event.INVALIDATE: _guard_invalidate,
        Event.START: _guard_start,
        Event.RECOMMEND: _guard_recommend,
        Event.SEND_TO_COMMITTEE: lambda ctx: None,
        Event.CHALLENGE: _guard_challenge,
        Event.DETERMINE: _guard_determine,
        Event.WITHDRAW: _guard_reason,
        Event.RETURN: _guard_reason,
        Event.CLOSE: _guard_reason,
    }
)

_EFFECTS: Mapping[Event, tuple[str, ...]] = MappingProxyType({Event.INVALIDATE: ("send_pending_validation_requests",)})


# --- API -------------------------------------------------------------------------------------------


def may_fire(roles: frozenset[str] | set[str], event: Event | str) -> bool:
    """True when any of ``roles`` may fire ``event`` (unknown role names grant nothing)."""
    event = Event(event)
    return any(event in ROLE_EVENTS[Role(r)] for r in roles if r in _ROLE_NAMES)


def available_events(status: Status | str) -> tuple[Event, ...]:
    """The events the transition table allows from ``status`` (guards and roles aside)."""
    status = Status(status)
    return tuple(e for e, t in TRANSITIONS.items() if status in t.sources)


def transition(status: Status | str, event: Event | str, context: TransitionContext) -> TransitionResult:
    """Fire ``event`` on a case in ``status``: the new status and stamps, or a domain error.

    Raises ``Forbidden`` when none of the actor's roles may fire the event, ``Conflict`` when the case
    is in a state the event does not leave from (or is not ready for it), ``InvalidRequest`` when an
    input the event needs (reason, valid from date, decision, reviewer comment) is missing or wrong.
    """
    status = Status(status)
    event = Event(event)
    if not may_fire(context.actor_roles, event):
        raise Forbidden(f"Your role does not allow you to {event.value.replace('_', ' ')} an application")
    rule = TRANSITIONS[event]
    if status not in rule.sources:
        raise Conflict(f"Cannot {event.value} an application that is {status.value}")
    _GUARDS[event](context)

    stamps: dict[str, datetime | date] = {f"{rule.target.value}_at": context.now}
    if event is Event.VALIDATE and context.validated_on is not None:
        stamps["validated_at"] = context.validated_on
    return TransitionResult(
        event=event,
        previous_status=status,
        new_status=rule.target,
        stamps=stamps,
        actor_id=context.actor_id,
        reason=context.reason.strip() if context.reason is not None and _has_text(context.reason) else None,
        effects=_EFFECTS.get(event, ()),
    )


# --- appeals ---------------------------------------------------------------------------------------


class AppealStatus(StrEnum):
    """Where an appeal to the Planning Inspectorate is."""

    LODGED = "lodged"
    VALID = "valid"
    STARTED = "started"
    DETERMINED = "determined"


class AppealOutcome(StrEnum):
    """How an appeal ended."""

    ALLOWED = "allowed"
    DISMISSED = "dismissed"
    SPLIT_DECISION = "split_decision"
    WITHDRAWN = "withdrawn"


_APPEAL_STEPS: tuple[tuple[AppealStatus, str], ...] = (
    (AppealStatus.LODGED, "lodged_on"),
    (AppealStatus.VALID, "valid_on"),
    (AppealStatus.STARTED, "started_on"),
    (AppealStatus.DETERMINED, "determined_on"),
)


class Appeal(Model):
    """An appeal against a decision: lodged → valid → started → determined, each date on or after the last.

    An appeal may be withdrawn at any step before it is determined; it is then determined with the
    outcome ``withdrawn`` and the steps it never reached have no date. Every method returns a new appeal.
    """

    model_config = ConfigDict(frozen=True)

    status: AppealStatus = AppealStatus.LODGED
    lodged_on: date
    valid_on: date | None = None
    started_on: date | None = None
    determined_on: date | None = None
    outcome: AppealOutcome | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Appeal:
        reached = [s for s, _ in _APPEAL_STEPS].index(self.status)
        previous: tuple[str, date] | None = None
        for index, (_, attribute) in enumerate(_APPEAL_STEPS):
            value: date | None = getattr(self, attribute)
            if index > reached and value is not None:
                raise InvalidRequest(
                    f"An appeal that is {self.status.value} has no {attribute}",
                    fields=[FieldError(attribute, "must be empty at this stage")],
                )
            skipped = self.outcome is AppealOutcome.WITHDRAWN
            if value is None and (index == reached or (index < reached and not skipped)):
                raise InvalidRequest(f"{attribute} is needed", fields=[FieldError(attribute, "is required")])
            if value is None:
                continue
            if previous is not None and value < previous[1]:
                raise InvalidRequest(
                    f"{attribute} cannot be before {previous[0]}",
                    fields=[FieldError(attribute, f"must be on or after {previous[1].isoformat()}")],
                )
            previous = (attribute, value)
        if (self.outcome is None) == (self.status is AppealStatus.DETERMINED):
            raise InvalidRequest(
                "An appeal has an outcome exactly when it is determined",
                fields=[FieldError("outcome", "is required once determined, and only then")],
            )
        return self

    @classmethod
    def lodge(cls, lodged_on: date, *, decided_on: date | None = None) -> Appeal:
        """A new appeal, lodged on ``lodged_on`` (not before the decision appealed against, if given)."""
        if decided_on is not None and lodged_on < decided_on:
            raise InvalidRequest(
                "An appeal cannot be lodged before the decision",
                fields=[FieldError("lodged_on", f"must be on or after {decided_on.isoformat()}")],
            )
        return cls(lodged_on=lodged_on)

    def _move(self, expected: AppealStatus, action: str, **update: object) -> Appeal:
        if self.status is not expected:
            raise Conflict(f"Cannot {action} an appeal that is {self.status.value}")
        return type(self).model_validate({**self.model_dump(), **update})

    def mark_valid(self, on: date) -> Appeal:
        """The Planning Inspectorate found the appeal valid on ``on``."""
        return self._move(AppealStatus.LODGED, "mark valid", status=AppealStatus.VALID, valid_on=on)

    def start(self, on: date) -> Appeal:
        """The appeal started on ``on`` (the Inspectorate's start date)."""
        return self._move(AppealStatus.VALID, "start", status=AppealStatus.STARTED, started_on=on)

    def determine(self, on: date, outcome: AppealOutcome | str) -> Appeal:
        """The Inspectorate decided the appeal on ``on``: allowed, dismissed or a split decision."""
        outcome = AppealOutcome(outcome)
        if outcome is AppealOutcome.WITHDRAWN:
            return self.withdraw(on)
        return self._move(
            AppealStatus.STARTED,
            "determine",
            status=AppealStatus.DETERMINED,
            determined_on=on,
            outcome=outcome,
        )

    def withdraw(self, on: date) -> Appeal:
        """The appellant withdrew the appeal on ``on``, at any step before it was determined."""
        if self.status is AppealStatus.DETERMINED:
            raise Conflict("Cannot withdraw an appeal that is determined")
        return self._move(
            self.status,
            "withdraw",
            status=AppealStatus.DETERMINED,
            determined_on=on,
            outcome=AppealOutcome.WITHDRAWN,
        )
