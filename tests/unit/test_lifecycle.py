"""The planning application lifecycle and appeals: transitions, guards, roles and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import product

import pytest

from bops.domain.errors import Conflict, Forbidden, InvalidRequest
from bops.domain.lifecycle import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    ROLE_EVENTS,
    TRANSITIONS,
    Appeal,
    AppealOutcome,
    AppealStatus,
    Decision,
    Event,
    Role,
    Status,
    TransitionContext,
    allowed_decisions,
    available_events,
    check_decision,
    may_fire,
    transition,
)

NOW = datetime(2026, 11, 27, 11, 44, tzinfo=UTC)

ALLOWED = {
    (Status.PENDING, Event.RECEIVE): Status.NOT_STARTED,
    (Status.NOT_STARTED, Event.VALIDATE): Status.IN_ASSESSMENT,
    (Status.INVALIDATED, Event.VALIDATE): Status.IN_ASSESSMENT,
    (Status.NOT_STARTED, Event.INVALIDATE): Status.INVALIDATED,
    (Status.IN_ASSESSMENT, Event.START): Status.ASSESSMENT_IN_PROGRESS,
    (Status.ASSESSMENT_IN_PROGRESS, Event.RECOMMEND): Status.AWAITING_DETERMINATION,
    (Status.TO_BE_REVIEWED, Event.RECOMMEND): Status.AWAITING_DETERMINATION,
    (Status.AWAITING_DETERMINATION, Event.SEND_TO_COMMITTEE): Status.IN_COMMITTEE,
    (Status.AWAITING_DETERMINATION, Event.CHALLENGE): Status.TO_BE_REVIEWED,
    (Status.IN_COMMITTEE, Event.CHALLENGE): Status.TO_BE_REVIEWED,
    (Status.AWAITING_DETERMINATION, Event.DETERMINE): Status.DETERMINED,
    (Status.IN_COMMITTEE, Event.DETERMINE): Status.DETERMINED,
    **{(s, Event.WITHDRAW): Status.WITHDRAWN for s in OPEN_STATUSES},
    **{(s, Event.RETURN): Status.RETURNED for s in OPEN_STATUSES},
    **{(s, Event.CLOSE): Status.CLOSED for s in OPEN_STATUSES},
}

# Everything each event needs, so that only the state decides.
READY = {
    "submission_complete": True,
    "validated_on": date(2026, 11, 20),
    "received_on": date(2026, 11, 16),
    "recommended_decision": Decision.GRANTED,
    "application_type": "pp.full.householder",
    "recommending_officer": "officer-1",
    "reviewer": "reviewer-1",
    "reviewer_comment": "Condition 3 needs rewording",
    "reason": "Applicant asked to withdraw",
}


def ctx(roles=("administrator",), actor="admin-1", **overrides) -> TransitionContext:
    fields = {**READY, **overrides}
    return TransitionContext(actor_id=actor, actor_roles=frozenset(roles), now=NOW, **fields)


def ready(event: Event, **overrides) -> TransitionContext:
    if event is Event.INVALIDATE:
        overrides.setdefault("pending_request_count", 2)
    return ctx(**overrides)


# --- the transition table -------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "event"), sorted(ALLOWED))
def test_every_allowed_transition(status, event):
    result = transition(status, event, ready(event))
    assert result.new_status is ALLOWED[(status, event)]
    assert result.previous_status is status
    assert result.event is event
    assert result.stamps[f"{result.new_status.value}_at"] == NOW
    assert result.actor_id == "admin-1"


WRONG = sorted(set(product(Status, Event)) - set(ALLOWED))


@pytest.mark.parametrize(("status", "event"), WRONG)
def test_every_other_state_and_event_is_a_conflict(status, event):
    with pytest.raises(Conflict) as err:
        transition(status, event, ready(event))
    assert status.value in err.value.message
    assert event.value in err.value.message
    assert err.value.status == 409


def test_the_table_matches_the_expected_transitions():
    table = {(s, e): t.target for e, t in TRANSITIONS.items() for s in t.sources}
    assert table == ALLOWED


def test_final_states_have_no_way_out():
    for status in FINAL_STATUSES:
        assert available_events(status) == ()
    assert set(available_events(Status.AWAITING_DETERMINATION)) == {
        Event.SEND_TO_COMMITTEE,
        Event.CHALLENGE,
        Event.DETERMINE,
        Event.WITHDRAW,
        Event.RETURN,
        Event.CLOSE,
    }


def test_strings_are_accepted_for_status_and_event():
    assert transition("in_assessment", "start", ctx()).new_status is Status.ASSESSMENT_IN_PROGRESS


# --- stamps and effects -------------------------------------------------------------------------------


def test_validate_stamps_the_valid_from_date():
    result = transition(Status.INVALIDATED, Event.VALIDATE, ctx())
    assert result.stamps == {"in_assessment_at": NOW, "validated_at": date(2026, 11, 20)}


def test_invalidate_sends_the_pending_requests():
    result = transition(Status.NOT_STARTED, Event.INVALIDATE, ready(Event.INVALIDATE))
    assert result.effects == ("send_pending_validation_requests",)
    assert result.stamps == {"invalidated_at": NOW}


@pytest.mark.parametrize(
    ("event", "stamp"),
    [(Event.WITHDRAW, "withdrawn_at"), (Event.RETURN, "returned_at"), (Event.CLOSE, "closed_at")],
)
def test_closing_events_keep_the_reason(event, stamp):
    result = transition(Status.IN_ASSESSMENT, event, ctx(reason="  Duplicate submission  "))
    assert result.reason == "Duplicate submission"
    assert stamp in result.stamps


# --- guards -------------------------------------------------------------------------------------------


def test_receive_needs_a_complete_submission():
    with pytest.raises(Conflict):
        transition(Status.PENDING, Event.RECEIVE, ctx(submission_complete=False))


def test_validate_needs_a_valid_from_date():
    with pytest.raises(InvalidRequest) as err:
        transition(Status.NOT_STARTED, Event.VALIDATE, ctx(validated_on=None))
    assert err.value.fields[0].path == "validated_on"


def test_valid_from_date_is_never_after_today_nor_before_receipt():
    """DMPO 2015 art. 34(2)-(4): the valid-from date is the day the last missing item was received, so it
    is never in the future and never before the application was received (an earlier rule allowed the
    next business day: wrong in law)."""
    # "now" is Friday 27 November 2026
    assert transition(Status.NOT_STARTED, Event.VALIDATE, ctx(validated_on=date(2026, 11, 27)))
    assert transition(Status.NOT_STARTED, Event.VALIDATE, ctx(validated_on=date(2026, 11, 16)))
    for too_late in (date(2026, 11, 28), date(2026, 11, 30)):
        with pytest.raises(InvalidRequest) as err:
            transition(Status.NOT_STARTED, Event.VALIDATE, ctx(validated_on=too_late))
        assert err.value.fields[0].path == "validated_on"
    with pytest.raises(InvalidRequest) as err:
        transition(Status.NOT_STARTED, Event.VALIDATE, ctx(validated_on=date(2026, 11, 15)))
    assert err.value.fields[0].path == "validated_on"


def test_today_for_the_valid_from_date_is_the_day_in_england():
    """Art. 34 counts English calendar days: at 00:30 BST on 1 June it is already 1 June in England
    (31 May in UTC), so a valid-from date of 1 June is not in the future."""
    late_evening = TransitionContext(
        actor_id="admin-1",
        actor_roles=frozenset({"administrator"}),
        now=datetime(2026, 5, 31, 23, 30, tzinfo=UTC),
        **{**READY, "received_on": date(2026, 5, 20), "validated_on": date(2026, 6, 1)},
    )
    assert transition(Status.NOT_STARTED, Event.VALIDATE, late_evening)


@pytest.mark.parametrize("counts", [{"pending_request_count": 1}, {"open_validation_request_count": 1}])
def test_validate_needs_no_outstanding_validation_requests(counts):
    with pytest.raises(Conflict):
        transition(Status.INVALIDATED, Event.VALIDATE, ctx(**counts))


def test_invalidate_needs_a_pending_validation_request():
    with pytest.raises(Conflict):
        transition(Status.NOT_STARTED, Event.INVALIDATE, ctx(pending_request_count=0))


def test_start_needs_the_application_validated():
    with pytest.raises(Conflict):
        transition(Status.IN_ASSESSMENT, Event.START, ctx(validated_on=None))


def test_recommend_needs_a_decision():
    with pytest.raises(InvalidRequest) as err:
        transition(Status.ASSESSMENT_IN_PROGRESS, Event.RECOMMEND, ctx(recommended_decision=None))
    assert err.value.fields[0].path == "decision"  # the recommendation request's field


def test_recommend_needs_no_open_post_validation_requests():
    with pytest.raises(Conflict):
        transition(Status.ASSESSMENT_IN_PROGRESS, Event.RECOMMEND, ctx(open_post_validation_request_count=1))


def test_prior_approval_decisions_only_for_prior_approvals():
    with pytest.raises(InvalidRequest):
        transition(
            Status.ASSESSMENT_IN_PROGRESS,
            Event.RECOMMEND,
            ctx(recommended_decision=Decision.PRIOR_APPROVAL_NOT_REQUIRED),
        )
    result = transition(
        Status.ASSESSMENT_IN_PROGRESS,
        Event.RECOMMEND,
        ctx(application_type="pa.part1.classA", recommended_decision=Decision.PRIOR_APPROVAL_NOT_REQUIRED),
    )
    assert result.new_status is Status.AWAITING_DETERMINATION
    with pytest.raises(InvalidRequest):
        transition(
            Status.ASSESSMENT_IN_PROGRESS,
            Event.RECOMMEND,
            ctx(application_type="pa.part1.classA", recommended_decision=Decision.GRANTED),
        )


def test_allowed_decisions():
    assert allowed_decisions("pa.part3.classMA") == {
        Decision.PRIOR_APPROVAL_NOT_REQUIRED,
        Decision.PRIOR_APPROVAL_GRANTED,
        Decision.PRIOR_APPROVAL_REFUSED,
    }
    assert allowed_decisions("ldc.existing") == {Decision.GRANTED, Decision.REFUSED}
    assert allowed_decisions(None) == {Decision.GRANTED, Decision.REFUSED}
    assert check_decision("refused", "pp.full.minor") is Decision.REFUSED
    with pytest.raises(InvalidRequest):
        check_decision("approved-ish", "pp.full.minor")


def test_challenge_needs_a_reviewer_comment():
    for comment in (None, "", "   "):
        with pytest.raises(InvalidRequest) as err:
            transition(Status.AWAITING_DETERMINATION, Event.CHALLENGE, ctx(reviewer_comment=comment))
        assert err.value.fields[0].path == "reviewer_comment"


def test_determine_needs_a_reviewers_agreement():
    with pytest.raises(Conflict):
        transition(Status.AWAITING_DETERMINATION, Event.DETERMINE, ctx(reviewer=None))


def test_the_reviewer_must_not_be_the_assessor():
    with pytest.raises(Forbidden):
        transition(
            Status.AWAITING_DETERMINATION,
            Event.DETERMINE,
            ctx(reviewer="officer-1", recommending_officer="officer-1"),
        )


def test_the_assessor_cannot_determine_or_challenge_their_own_recommendation():
    for event in (Event.DETERMINE, Event.CHALLENGE):
        with pytest.raises(Forbidden):
            transition(
                Status.AWAITING_DETERMINATION,
                event,
                ctx(roles=("reviewer",), actor="officer-1", recommending_officer="officer-1"),
            )


def test_another_reviewer_can_determine():
    result = transition(
        Status.IN_COMMITTEE,
        Event.DETERMINE,
        ctx(roles=("reviewer",), actor="reviewer-1", reviewer="reviewer-1", recommending_officer="officer-1"),
    )
    assert result.stamps == {"determined_at": NOW}


def test_a_required_site_notice_must_be_displayed_first():
    with pytest.raises(Conflict, match="site notice"):
        transition(Status.AWAITING_DETERMINATION, Event.DETERMINE, ctx(site_notice_required=True))
    ok = ctx(site_notice_required=True, site_notice_displayed=True)
    assert transition(Status.AWAITING_DETERMINATION, Event.DETERMINE, ok).new_status is Status.DETERMINED


def test_a_required_press_notice_must_be_published_first():
    with pytest.raises(Conflict, match="press notice"):
        transition(Status.AWAITING_DETERMINATION, Event.DETERMINE, ctx(press_notice_required=True))
    ok = ctx(press_notice_required=True, press_notice_published=True)
    assert transition(Status.AWAITING_DETERMINATION, Event.DETERMINE, ok).new_status is Status.DETERMINED


@pytest.mark.parametrize("event", [Event.WITHDRAW, Event.RETURN, Event.CLOSE])
@pytest.mark.parametrize("reason", [None, "", "  \n "])
def test_closing_events_need_a_reason(event, reason):
    with pytest.raises(InvalidRequest) as err:
        transition(Status.NOT_STARTED, event, ctx(reason=reason))
    assert err.value.fields[0].path == "reason"


# --- roles --------------------------------------------------------------------------------------------


ASSESSOR_EVENTS = {
    Event.VALIDATE,
    Event.INVALIDATE,
    Event.START,
    Event.RECOMMEND,
    Event.WITHDRAW,
    Event.RETURN,
    Event.CLOSE,
}
REVIEWER_ONLY = {Event.DETERMINE, Event.CHALLENGE, Event.SEND_TO_COMMITTEE}


def test_roles_as_data():
    assert ROLE_EVENTS[Role.ASSESSOR] == ASSESSOR_EVENTS
    assert ROLE_EVENTS[Role.REVIEWER] == ASSESSOR_EVENTS | REVIEWER_ONLY
    assert ROLE_EVENTS[Role.ADMINISTRATOR] == set(Event)
    assert ROLE_EVENTS[Role.SYSTEM] == {Event.RECEIVE}


@pytest.mark.parametrize("event", sorted(REVIEWER_ONLY | {Event.RECEIVE}))
def test_an_assessor_cannot_review_or_receive(event):
    status = next(iter(TRANSITIONS[event].sources))
    with pytest.raises(Forbidden):
        transition(status, event, ready(event, roles=("assessor",), actor="officer-2"))


@pytest.mark.parametrize("event", sorted(ASSESSOR_EVENTS))
def test_an_assessor_can_do_assessment_work(event):
    status = min(TRANSITIONS[event].sources)
    result = transition(status, event, ready(event, roles=("assessor",), actor="officer-2"))
    assert result.new_status is TRANSITIONS[event].target


def test_no_role_or_unknown_role_is_forbidden():
    for roles in ((), ("applicant",), ("ASSESSOR",)):
        with pytest.raises(Forbidden):
            transition(Status.IN_ASSESSMENT, Event.START, ctx(roles=roles))
    assert not may_fire({"applicant"}, Event.START)
    assert may_fire({"applicant", "assessor"}, "start")


def test_the_system_can_receive_a_submission():
    result = transition(Status.PENDING, Event.RECEIVE, ctx(roles=("system",), actor="workflow"))
    assert result.new_status is Status.NOT_STARTED


def test_roles_are_checked_before_the_state():
    with pytest.raises(Forbidden):
        transition(Status.DETERMINED, Event.DETERMINE, ctx(roles=("assessor",)))


# --- a whole case -------------------------------------------------------------------------------------


def test_a_householder_case_from_submission_to_decision():
    officer = {"roles": ("assessor",), "actor": "officer-1"}
    reviewer = {"roles": ("reviewer",), "actor": "reviewer-1"}
    status = Status.PENDING
    steps = [
        (Event.RECEIVE, ctx(roles=("system",), actor="workflow")),
        (Event.INVALIDATE, ctx(**officer, pending_request_count=1)),
        (Event.VALIDATE, ctx(**officer)),
        (Event.START, ctx(**officer)),
        (Event.RECOMMEND, ctx(**officer)),
        (Event.CHALLENGE, ctx(**reviewer)),
        (Event.RECOMMEND, ctx(**officer)),
        (Event.SEND_TO_COMMITTEE, ctx(**reviewer)),
        (Event.DETERMINE, ctx(**reviewer)),
    ]
    seen = []
    for event, context in steps:
        status = transition(status, event, context).new_status
        seen.append(status)
    assert seen == [
        Status.NOT_STARTED,
        Status.INVALIDATED,
        Status.IN_ASSESSMENT,
        Status.ASSESSMENT_IN_PROGRESS,
        Status.AWAITING_DETERMINATION,
        Status.TO_BE_REVIEWED,
        Status.AWAITING_DETERMINATION,
        Status.IN_COMMITTEE,
        Status.DETERMINED,
    ]


# --- appeals ------------------------------------------------------------------------------------------


def test_an_appeal_runs_in_order():
    appeal = Appeal.lodge(date(2027, 1, 10), decided_on=date(2026, 12, 1))
    assert appeal.status is AppealStatus.LODGED
    appeal = appeal.mark_valid(date(2027, 1, 20)).start(date(2027, 2, 1)).determine(date(2027, 5, 1), "dismissed")
    assert appeal.status is AppealStatus.DETERMINED
    assert appeal.outcome is AppealOutcome.DISMISSED
    assert (appeal.lodged_on, appeal.valid_on, appeal.started_on, appeal.determined_on) == (
        date(2027, 1, 10),
        date(2027, 1, 20),
        date(2027, 2, 1),
        date(2027, 5, 1),
    )


def test_appeal_steps_may_share_a_date():
    appeal = Appeal.lodge(date(2027, 1, 10)).mark_valid(date(2027, 1, 10)).start(date(2027, 1, 10))
    assert appeal.determine(date(2027, 1, 10), AppealOutcome.SPLIT_DECISION).outcome is AppealOutcome.SPLIT_DECISION


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Appeal.lodge(date(2026, 11, 30), decided_on=date(2026, 12, 1)), "lodged_on"),
        (lambda: Appeal.lodge(date(2027, 1, 10)).mark_valid(date(2027, 1, 9)), "valid_on"),
        (
            lambda: Appeal.lodge(date(2027, 1, 10)).mark_valid(date(2027, 1, 12)).start(date(2027, 1, 11)),
            "started_on",
        ),
        (
            lambda: (
                Appeal.lodge(date(2027, 1, 10))
                .mark_valid(date(2027, 1, 12))
                .start(date(2027, 2, 1))
                .determine(date(2027, 1, 31), "allowed")
            ),
            "determined_on",
        ),
        (lambda: Appeal.lodge(date(2027, 1, 10)).withdraw(date(2027, 1, 9)), "determined_on"),
    ],
)
def test_appeal_dates_out_of_order_are_invalid(build, field):
    with pytest.raises(InvalidRequest) as err:
        build()
    assert err.value.fields[0].path == field


def test_appeal_steps_cannot_be_skipped_or_repeated():
    lodged = Appeal.lodge(date(2027, 1, 10))
    with pytest.raises(Conflict):
        lodged.start(date(2027, 1, 11))
    with pytest.raises(Conflict):
        lodged.determine(date(2027, 1, 11), "allowed")
    valid = lodged.mark_valid(date(2027, 1, 11))
    with pytest.raises(Conflict):
        valid.mark_valid(date(2027, 1, 12))
    done = valid.start(date(2027, 1, 12)).determine(date(2027, 3, 1), "allowed")
    with pytest.raises(Conflict):
        done.withdraw(date(2027, 3, 2))


def test_an_appeal_can_be_withdrawn_at_any_step_before_determination():
    lodged = Appeal.lodge(date(2027, 1, 10))
    withdrawn = lodged.withdraw(date(2027, 1, 15))
    assert withdrawn.status is AppealStatus.DETERMINED
    assert withdrawn.outcome is AppealOutcome.WITHDRAWN
    assert withdrawn.valid_on is None and withdrawn.started_on is None
    started = lodged.mark_valid(date(2027, 1, 11)).start(date(2027, 1, 12))
    assert started.determine(date(2027, 1, 20), "withdrawn").outcome is AppealOutcome.WITHDRAWN


def test_an_inconsistent_appeal_record_is_refused():
    with pytest.raises(InvalidRequest):
        Appeal(status=AppealStatus.STARTED, lodged_on=date(2027, 1, 10), valid_on=date(2027, 1, 11))
    with pytest.raises(InvalidRequest):
        Appeal(lodged_on=date(2027, 1, 10), valid_on=date(2027, 1, 11))
    with pytest.raises(InvalidRequest):
        Appeal(lodged_on=date(2027, 1, 10), outcome=AppealOutcome.ALLOWED)
    with pytest.raises(InvalidRequest):
        Appeal(
            status=AppealStatus.DETERMINED,
            lodged_on=date(2027, 1, 10),
            determined_on=date(2027, 1, 11),
            outcome="allowed",
        )
