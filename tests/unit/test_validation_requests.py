"""Validation requests: due dates by hand across bank holidays, the creation rules, the answers each type
takes, the state machine and the valid-from date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bops.domain.calendar import (
    business_days_between,
    is_business_day,
    is_public_holiday,
)
from bops.domain.errors import Conflict, InvalidRequest
from bops.domain.lifecycle import FINAL_STATUSES, Status
from bops.domain.validation_requests import (
    AUTO_CLOSE_BUSINESS_DAYS,
    DISCARDED,
    RESPONSE_BUSINESS_DAYS,
    AdditionalDocumentDetails,
    Origin,
    RequestState,
    RequestType,
    Response,
    ValidationRequest,
    accepted_changes,
    auto_close,
    auto_close_at,
    auto_closes,
    cancel,
    check_can_create,
    create,
    discard,
    edit,
    is_overdue,
    lifecycle_counts,
    respond,
    response_due,
    send,
    send_pending,
    valid_from_date,
    validate_response,
)

DOC = "0123456789abcdef0123456789abcdef"
DOC2 = "fedcba9876543210fedcba9876543210"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-0.1, 51.5], [-0.09, 51.5], [-0.09, 51.51], [-0.1, 51.51], [-0.1, 51.5]]],
}

DETAILS = {
    RequestType.ADDITIONAL_DOCUMENT: {"document_types": ["floorPlan.proposed"], "summary": "Floor plans are missing"},
    RequestType.DESCRIPTION_CHANGE: {"proposed_description": "Single storey rear extension"},
    RequestType.RED_LINE_BOUNDARY_CHANGE: {"proposed_boundary": SQUARE, "reason": "Include the driveway"},
    RequestType.REPLACEMENT_DOCUMENT: {"document_id": DOC, "reason": "The scale bar is missing"},
    RequestType.OWNERSHIP_CERTIFICATE: {"reason": "The land registry shows a second owner"},
    RequestType.OTHER_CHANGE: {"summary": "Agent address", "suggestion": "Give a postal address"},
    RequestType.FEE_CHANGE: {"amount_pence": 52800, "reason": "The fee for one dwelling is £528"},
    RequestType.PRE_COMMENCEMENT_CONDITION: {"condition_text": "Materials to be agreed before works begin"},
    RequestType.HEADS_OF_TERMS: {"terms_text": "A contribution of £5,000 to local play space"},
    RequestType.TIME_EXTENSION: {"proposed_expiry_date": "2027-03-01", "reason": "Awaiting a heritage consultee"},
}

#: A good answer to each type.
ANSWERS = {
    RequestType.ADDITIONAL_DOCUMENT: {"document_ids": [DOC]},
    RequestType.DESCRIPTION_CHANGE: {"approved": True},
    RequestType.RED_LINE_BOUNDARY_CHANGE: {"approved": True},
    RequestType.REPLACEMENT_DOCUMENT: {"document_ids": [DOC2]},
    RequestType.OWNERSHIP_CERTIFICATE: {"approved": True, "certificate": "b", "document_ids": [DOC]},
    RequestType.OTHER_CHANGE: {"response_text": "Flat 2, 1 High Street"},
    RequestType.FEE_CHANGE: {"approved": True},
    RequestType.PRE_COMMENCEMENT_CONDITION: {"approved": True},
    RequestType.HEADS_OF_TERMS: {"approved": True},
    RequestType.TIME_EXTENSION: {"approved": True},
}

APPROVAL_TYPES = [
    RequestType.DESCRIPTION_CHANGE,
    RequestType.RED_LINE_BOUNDARY_CHANGE,
    RequestType.FEE_CHANGE,
    RequestType.PRE_COMMENCEMENT_CONDITION,
    RequestType.HEADS_OF_TERMS,
    RequestType.TIME_EXTENSION,
]
DOCUMENT_TYPES = [RequestType.ADDITIONAL_DOCUMENT, RequestType.REPLACEMENT_DOCUMENT]

# Wednesday 23 December 2026, 10:00 in London (GMT).
NOW = datetime(2026, 12, 23, 10, 0, tzinfo=UTC)
EXPIRY = date(2027, 2, 15)


def make(
    request_type: RequestType = RequestType.ADDITIONAL_DOCUMENT,
    *,
    status: Status = Status.NOT_STARTED,
    validated: bool = False,
    now: datetime = NOW,
    existing: list[ValidationRequest] | None = None,
    request_id: str = "r1",
    **details,
) -> ValidationRequest:
    return create(
        request_type,
        {**DETAILS[request_type], **details},
        id=request_id,
        created_by="officer-1",
        now=now,
        application_status=status,
        validated=validated,
        expiry_date=EXPIRY,
        existing_requests=existing or [],
    )


def opened(request_type: RequestType = RequestType.ADDITIONAL_DOCUMENT, **kw) -> ValidationRequest:
    request = make(request_type, **kw)
    return request if request.state is RequestState.OPEN else send(request, now=kw.get("now", NOW))


def closed(request_type: RequestType = RequestType.ADDITIONAL_DOCUMENT, *, on: datetime, **kw) -> ValidationRequest:
    return respond(opened(request_type, **kw), ANSWERS[request_type], now=on)


def paths(error: pytest.ExceptionInfo) -> list[str]:
    return [f.path for f in error.value.fields]


# --- due dates, by hand ----------------------------------------------------------------------------


def test_the_christmas_2026_holidays_are_what_the_hand_counts_below_assume():
    assert is_public_holiday(date(2026, 12, 25))  # Christmas Day, Friday
    assert not is_business_day(date(2026, 12, 26))  # Saturday (Boxing Day)
    assert is_public_holiday(date(2026, 12, 28))  # Boxing Day substitute, Monday
    assert is_public_holiday(date(2027, 1, 1))  # New Year's Day, Friday
    assert all(is_business_day(date(2026, 12, d)) for d in (24, 29, 30, 31))


def test_a_description_change_sent_on_23_december_2026_auto_closes_on_4_january_2027():
    # Business days after Wed 23 Dec: Thu 24 (1), [Fri 25 Christmas, Sat 26, Sun 27, Mon 28 Boxing Day
    # substitute], Tue 29 (2), Wed 30 (3), Thu 31 (4), [Fri 1 Jan New Year, Sat 2, Sun 3], Mon 4 Jan (5).
    assert response_due(RequestType.DESCRIPTION_CHANGE, date(2026, 12, 23)) == date(2027, 1, 4)
    request = make(RequestType.DESCRIPTION_CHANGE)
    assert request.state is RequestState.OPEN
    assert request.response_due == date(2027, 1, 4)
    assert auto_close_at(request) == date(2027, 1, 4)
    assert business_days_between(date(2026, 12, 23), date(2027, 1, 4)) == 5


def test_a_pre_commencement_condition_sent_on_23_december_2026_auto_closes_on_11_january_2027():
    # ... Mon 4 Jan (5), Tue 5 (6), Wed 6 (7), Thu 7 (8), Fri 8 (9), Mon 11 (10).
    assert response_due(RequestType.PRE_COMMENCEMENT_CONDITION, date(2026, 12, 23)) == date(2027, 1, 11)


def test_an_additional_document_sent_on_23_december_2026_is_due_on_18_january_2027():
    # ... Mon 11 (10), Tue 12 (11), Wed 13 (12), Thu 14 (13), Fri 15 (14), Mon 18 (15).
    assert response_due(RequestType.ADDITIONAL_DOCUMENT, date(2026, 12, 23)) == date(2027, 1, 18)
    assert not auto_closes(RequestType.ADDITIONAL_DOCUMENT)


def test_a_red_line_change_sent_before_easter_2027_skips_good_friday_and_easter_monday():
    assert is_public_holiday(date(2027, 3, 26)) and is_public_holiday(date(2027, 3, 29))
    # Sent Thu 25 Mar: [Fri 26 Good Friday, Sat, Sun, Mon 29 Easter Monday], Tue 30 (1), Wed 31 (2),
    # Thu 1 Apr (3), Fri 2 (4), Mon 5 (5).
    assert response_due(RequestType.RED_LINE_BOUNDARY_CHANGE, date(2027, 3, 25)) == date(2027, 4, 5)


def test_a_request_sent_on_a_saturday_counts_from_the_monday():
    # Sat 9 Jan 2027: Mon 11 (1) ... Fri 15 (5).
    assert response_due(RequestType.DESCRIPTION_CHANGE, date(2027, 1, 9)) == date(2027, 1, 15)


def test_the_sent_date_is_the_english_calendar_date():
    # 23:30 UTC on Tuesday 30 June 2026 is 00:30 on Wednesday 1 July in London (BST).
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    request = make(RequestType.DESCRIPTION_CHANGE, now=late)
    assert request.response_due == response_due(RequestType.DESCRIPTION_CHANGE, date(2026, 7, 1)) == date(2026, 7, 8)


@pytest.mark.parametrize("request_type", list(RequestType))
def test_each_type_has_its_response_period(request_type):
    days = AUTO_CLOSE_BUSINESS_DAYS.get(request_type, RESPONSE_BUSINESS_DAYS)
    assert days == {"description_change": 5, "red_line_boundary_change": 5, "pre_commencement_condition": 10}.get(
        request_type.value, 15
    )
    assert auto_closes(request_type) == (request_type in AUTO_CLOSE_BUSINESS_DAYS)
    sent = date(2027, 6, 2)
    assert business_days_between(sent, response_due(request_type, sent)) == days


@settings(max_examples=300, deadline=None)
@given(
    request_type=st.sampled_from(list(RequestType)),
    sent=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
)
def test_response_due_is_always_a_business_day_after_the_sent_date(request_type, sent):
    due = response_due(request_type, sent)
    assert is_business_day(due)
    assert due >= sent
    assert due > sent
    assert business_days_between(sent, due) == AUTO_CLOSE_BUSINESS_DAYS.get(request_type, RESPONSE_BUSINESS_DAYS)


def test_auto_close_at_is_none_for_types_that_do_not_auto_close_and_for_unsent_requests():
    assert auto_close_at(opened(RequestType.ADDITIONAL_DOCUMENT)) is None
    draft = make(RequestType.RED_LINE_BOUNDARY_CHANGE)
    assert draft.state is RequestState.PENDING
    assert auto_close_at(draft) is None


# --- auto-close and overdue ------------------------------------------------------------------------


def test_auto_close_waits_for_the_auto_close_date():
    request = make(RequestType.DESCRIPTION_CHANGE)
    assert auto_close(request, today=date(2026, 12, 31)) is None
    assert auto_close(request, today=date(2027, 1, 3)) is None


def test_auto_close_accepts_the_change_on_the_auto_close_date():
    request = make(RequestType.DESCRIPTION_CHANGE)
    result = auto_close(request, today=date(2027, 1, 4))
    assert result is not None
    assert result.state is RequestState.CLOSED
    assert result.auto_closed is True
    assert result.response == Response(approved=True)
    assert result.closed_at == datetime(2027, 1, 4, tzinfo=UTC)
    assert accepted_changes(result) == {"description": "Single storey rear extension"}


def test_auto_close_late_uses_the_moment_given():
    request = make(RequestType.RED_LINE_BOUNDARY_CHANGE, validated=True, status=Status.IN_ASSESSMENT)
    moment = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)
    result = auto_close(request, today=date(2027, 1, 6), now=moment)
    assert result is not None and result.closed_at == moment
    assert accepted_changes(result) == {"boundary": SQUARE}


@pytest.mark.parametrize("request_type", [t for t in RequestType if t not in AUTO_CLOSE_BUSINESS_DAYS])
def test_other_types_never_auto_close(request_type):
    request = opened(request_type)
    assert auto_close(request, today=date(2030, 1, 1)) is None


def test_auto_close_leaves_answered_cancelled_and_pending_requests_alone():
    request = make(RequestType.DESCRIPTION_CHANGE)
    answered = respond(request, {"approved": False, "reason": "It is two storeys"}, now=NOW + timedelta(days=1))
    assert auto_close(answered, today=date(2027, 2, 1)) is None
    assert auto_close(cancel(request, reason="Wrong case", now=NOW), today=date(2027, 2, 1)) is None
    draft = make(RequestType.PRE_COMMENCEMENT_CONDITION)
    assert draft.state is RequestState.PENDING
    assert auto_close(draft, today=date(2027, 2, 1)) is None


def test_other_requests_become_overdue_after_the_due_date():
    request = opened(RequestType.ADDITIONAL_DOCUMENT)
    assert request.response_due == date(2027, 1, 18)
    assert not is_overdue(request, today=date(2027, 1, 18))
    assert is_overdue(request, today=date(2027, 1, 19))
    assert not is_overdue(make(RequestType.ADDITIONAL_DOCUMENT), today=date(2030, 1, 1))  # pending
    assert not is_overdue(make(RequestType.DESCRIPTION_CHANGE), today=date(2030, 1, 1))  # auto-closes instead


# --- creating: sending at once or waiting ----------------------------------------------------------


def test_before_validation_a_request_waits_as_pending():
    request = make(RequestType.ADDITIONAL_DOCUMENT)
    assert request.state is RequestState.PENDING
    assert request.sent_at is None and request.response_due is None
    assert request.post_validation is False
    assert request.origin is Origin.OFFICER
    assert isinstance(request.details, AdditionalDocumentDetails)


def test_automated_drafts_are_pending_with_their_origin():
    request = create(
        RequestType.ADDITIONAL_DOCUMENT,
        DETAILS[RequestType.ADDITIONAL_DOCUMENT],
        id="auto-1",
        created_by="system",
        now=NOW,
        application_status=Status.PENDING,
        validated=False,
        origin="automated",
    )
    assert request.state is RequestState.PENDING
    assert request.origin is Origin.AUTOMATED


def test_after_validation_a_request_goes_at_once():
    request = make(RequestType.ADDITIONAL_DOCUMENT, status=Status.IN_ASSESSMENT, validated=True)
    assert request.state is RequestState.OPEN
    assert request.post_validation is True
    assert request.sent_at == NOW
    assert request.response_due == date(2027, 1, 18)


def test_once_invalidated_a_new_request_goes_at_once():
    # The pending ones went when the officer invalidated; invalidate cannot be fired again.
    request = make(RequestType.REPLACEMENT_DOCUMENT, status=Status.INVALIDATED)
    assert request.state is RequestState.OPEN
    assert request.post_validation is False


def test_a_description_change_goes_at_once_even_before_validation():
    request = make(RequestType.DESCRIPTION_CHANGE)
    assert request.state is RequestState.OPEN
    assert request.post_validation is False


def test_send_pending_sends_every_pending_request_and_only_those():
    a = make(RequestType.ADDITIONAL_DOCUMENT, request_id="a")
    b = make(RequestType.OTHER_CHANGE, request_id="b")
    c = make(RequestType.DESCRIPTION_CHANGE, request_id="c")  # already open
    d = discard(make(RequestType.FEE_CHANGE, request_id="d"), now=NOW)
    later = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
    sent = send_pending([a, b, c, d], now=later)
    assert [r.id for r in sent] == ["a", "b"]
    assert all(r.state is RequestState.OPEN and r.sent_at == later for r in sent)
    # Tue 5 Jan 2027 + 15 business days: Tue 26 Jan.
    assert [r.response_due for r in sent] == [date(2027, 1, 26), date(2027, 1, 26)]
    assert send_pending([c, d], now=later) == []


# --- creation rules --------------------------------------------------------------------------------


def test_only_one_open_description_change_at_a_time():
    first = make(RequestType.DESCRIPTION_CHANGE)
    with pytest.raises(Conflict, match="already has an open description change"):
        make(RequestType.DESCRIPTION_CHANGE, existing=[first], request_id="r2")
    # Once the first is answered or cancelled another may be sent.
    answered = respond(first, {"approved": True}, now=NOW)
    assert make(RequestType.DESCRIPTION_CHANGE, existing=[answered], request_id="r2").state is RequestState.OPEN
    withdrawn = cancel(first, reason="Wrong wording", now=NOW)
    assert make(RequestType.DESCRIPTION_CHANGE, existing=[withdrawn], request_id="r2").state is RequestState.OPEN


@pytest.mark.parametrize(
    "request_type", [RequestType.FEE_CHANGE, RequestType.OWNERSHIP_CERTIFICATE, RequestType.TIME_EXTENSION]
)
def test_one_outstanding_request_at_a_time_for_other_singular_types(request_type):
    first = make(request_type)
    with pytest.raises(Conflict):
        make(request_type, existing=[first], request_id="r2")


def test_several_additional_document_requests_may_be_open_together():
    first = make(RequestType.ADDITIONAL_DOCUMENT)
    assert make(RequestType.ADDITIONAL_DOCUMENT, existing=[first], request_id="r2").state is RequestState.PENDING


@pytest.mark.parametrize("request_type", [RequestType.OTHER_CHANGE, RequestType.FEE_CHANGE])
def test_other_and_fee_changes_only_before_validation(request_type):
    assert make(request_type).state is RequestState.PENDING
    with pytest.raises(Conflict, match="before the application is validated"):
        make(request_type, status=Status.IN_ASSESSMENT, validated=True)


@pytest.mark.parametrize("status", sorted(FINAL_STATUSES))
def test_no_requests_on_a_finished_application(status):
    with pytest.raises(Conflict, match=status.value):
        make(RequestType.ADDITIONAL_DOCUMENT, status=status, validated=True)


@pytest.mark.parametrize("proposed", ["2027-02-15", "2027-02-14", "2026-01-01"])
def test_a_time_extension_must_move_the_expiry_date_later(proposed):
    with pytest.raises(InvalidRequest) as error:
        make(RequestType.TIME_EXTENSION, proposed_expiry_date=proposed)
    assert paths(error) == ["details.proposed_expiry_date"]


def test_a_time_extension_later_than_the_expiry_date_is_accepted_and_applied():
    request = make(
        RequestType.TIME_EXTENSION, status=Status.IN_ASSESSMENT, validated=True, proposed_expiry_date="2027-02-16"
    )
    assert request.details.proposed_expiry_date == date(2027, 2, 16)
    assert accepted_changes(respond(request, {"approved": True}, now=NOW)) == {
        "extended_expiry_date": date(2027, 2, 16)
    }
    assert accepted_changes(respond(request, {"approved": False, "reason": "No"}, now=NOW)) == {}


def test_a_time_extension_is_checked_against_the_extended_expiry_date():
    with pytest.raises(InvalidRequest):
        check_can_create(
            RequestType.TIME_EXTENSION,
            [],
            application_status=Status.IN_ASSESSMENT,
            validated=True,
            expiry_date=date(2027, 3, 31),  # the agreed extension
            payload=DETAILS[RequestType.TIME_EXTENSION],
        )


def test_a_time_extension_needs_an_expiry_date_to_extend():
    with pytest.raises(Conflict, match="no expiry date"):
        check_can_create(
            RequestType.TIME_EXTENSION,
            [],
            application_status=Status.NOT_STARTED,
            validated=False,
            expiry_date=None,
            payload=DETAILS[RequestType.TIME_EXTENSION],
        )


def test_an_unknown_type_is_refused():
    with pytest.raises(InvalidRequest) as error:
        create("site_visit", {}, id="x", created_by="o", now=NOW, application_status="not_started", validated=False)
    assert paths(error) == ["type"]


@pytest.mark.parametrize(
    ("request_type", "details", "path"),
    [
        (RequestType.ADDITIONAL_DOCUMENT, {"document_types": [], "summary": "x"}, "details.document_types"),
        (RequestType.ADDITIONAL_DOCUMENT, {"document_types": ["floorplan"], "summary": "x"}, "details.document_types"),
        (RequestType.ADDITIONAL_DOCUMENT, {"document_types": ["locationPlan"], "summary": "  "}, "details.summary"),
        (RequestType.DESCRIPTION_CHANGE, {"proposed_description": ""}, "details.proposed_description"),
        (
            RequestType.RED_LINE_BOUNDARY_CHANGE,
            {"proposed_boundary": {"type": "Point", "coordinates": [0, 51]}, "reason": "x"},
            "details.proposed_boundary",
        ),
        (RequestType.RED_LINE_BOUNDARY_CHANGE, {"proposed_boundary": SQUARE}, "details.reason"),
        (RequestType.REPLACEMENT_DOCUMENT, {"document_id": "../etc", "reason": "x"}, "details.document_id"),
        (RequestType.OWNERSHIP_CERTIFICATE, {}, "details.reason"),
        (RequestType.OTHER_CHANGE, {"summary": "x"}, "details.suggestion"),
        (RequestType.FEE_CHANGE, {"amount_pence": 0, "reason": "x"}, "details.amount_pence"),
        (RequestType.FEE_CHANGE, {"amount_pence": -100, "reason": "x"}, "details.amount_pence"),
        (RequestType.FEE_CHANGE, {"amount_pence": "52800", "reason": "x"}, "details.amount_pence"),
        (RequestType.FEE_CHANGE, {"amount_pence": True, "reason": "x"}, "details.amount_pence"),
        (RequestType.FEE_CHANGE, {"amount_pence": 528.5, "reason": "x"}, "details.amount_pence"),
        (RequestType.PRE_COMMENCEMENT_CONDITION, {"condition_text": ""}, "details.condition_text"),
        (RequestType.HEADS_OF_TERMS, {"terms_text": None}, "details.terms_text"),
        (RequestType.TIME_EXTENSION, {"proposed_expiry_date": "soon", "reason": "x"}, "details.proposed_expiry_date"),
        (RequestType.HEADS_OF_TERMS, {"terms_text": "x", "colour": "red"}, "details.colour"),
    ],
)
def test_details_are_validated_per_type(request_type, details, path):
    with pytest.raises(InvalidRequest) as error:
        create(
            request_type,
            details,
            id="x",
            created_by="o",
            now=NOW,
            application_status=Status.NOT_STARTED,
            validated=False,
            expiry_date=EXPIRY,
        )
    assert path in paths(error)


@pytest.mark.parametrize(
    "boundary",
    [
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [0, 51]]]},  # three positions
        {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 52]]]},  # not closed
        {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 952], [0, 51]]]},  # latitude out of range
        {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], ["1", 52], [0, 51]]]},
        {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [float("nan"), 52], [0, 51]]]},
        {"type": "Feature", "geometry": SQUARE},
        "POLYGON((0 51, 1 51, 1 52, 0 51))",
    ],
)
def test_a_red_line_boundary_must_be_a_geojson_polygon(boundary):
    with pytest.raises(InvalidRequest) as error:
        make(RequestType.RED_LINE_BOUNDARY_CHANGE, proposed_boundary=boundary)
    assert paths(error) == ["details.proposed_boundary"]


@pytest.mark.parametrize("request_type", list(RequestType))
def test_every_type_can_be_created_from_its_example_details(request_type):
    request = make(request_type)
    assert request.type is request_type
    assert request.model_dump(mode="json")["details"]


# --- editing -----------------------------------------------------------------------------------------


def test_a_pending_request_can_be_edited():
    request = make(RequestType.ADDITIONAL_DOCUMENT)
    edited = edit(request, {"document_types": ["locationPlan", "sitePlan.proposed"], "summary": "Plans"})
    assert edited.details.document_types == ("locationPlan", "sitePlan.proposed")
    assert edited.id == request.id and edited.state is RequestState.PENDING


def test_an_edit_is_validated_like_a_new_request():
    with pytest.raises(InvalidRequest) as error:
        edit(make(RequestType.ADDITIONAL_DOCUMENT), {"document_types": ["nope"], "summary": "x"})
    assert paths(error) == ["details.document_types"]
    with pytest.raises(InvalidRequest):
        edit(
            make(RequestType.TIME_EXTENSION),
            {"proposed_expiry_date": "2027-01-01", "reason": "x"},
            expiry_date=EXPIRY,
        )


# --- responses, per type -----------------------------------------------------------------------------


@pytest.mark.parametrize("request_type", list(RequestType))
def test_each_type_accepts_its_answer_and_closes(request_type):
    answered = respond(opened(request_type), ANSWERS[request_type], now=NOW + timedelta(days=2))
    assert answered.state is RequestState.CLOSED
    assert answered.closed_at == NOW + timedelta(days=2)
    assert answered.auto_closed is False
    assert answered.response is not None


@pytest.mark.parametrize("request_type", APPROVAL_TYPES)
def test_approval_types_need_a_reason_to_reject(request_type):
    request = opened(request_type)
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"approved": False}, now=NOW)
    assert paths(error) == ["reason"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"approved": False, "reason": "   "}, now=NOW)
    assert paths(error) == ["reason"]
    rejected = respond(request, {"approved": False, "reason": " Too big "}, now=NOW)
    assert rejected.response == Response(approved=False, reason="Too big")
    assert accepted_changes(rejected) == {}


@pytest.mark.parametrize("request_type", APPROVAL_TYPES)
def test_approval_types_need_an_answer_and_nothing_else(request_type):
    request = opened(request_type)
    with pytest.raises(InvalidRequest) as error:
        respond(request, {}, now=NOW)
    assert paths(error) == ["approved"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"approved": True, "document_ids": [DOC]}, now=NOW)
    assert paths(error) == ["document_ids"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"approved": True, "reason": "Fine"}, now=NOW)
    assert paths(error) == ["reason"]


def test_other_change_needs_response_text():
    request = opened(RequestType.OTHER_CHANGE)
    for bad in ({}, {"response_text": "  "}):
        with pytest.raises(InvalidRequest) as error:
            respond(request, bad, now=NOW)
        assert paths(error) == ["response_text"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"response_text": "Done", "approved": True}, now=NOW)
    assert paths(error) == ["approved"]


@pytest.mark.parametrize("request_type", DOCUMENT_TYPES)
def test_document_types_need_uploaded_documents(request_type):
    request = opened(request_type)
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"document_ids": []}, now=NOW)
    assert paths(error) == ["document_ids"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"document_ids": ["not-an-id"]}, now=NOW)
    assert paths(error) == ["document_ids"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"document_ids": [DOC, DOC]}, now=NOW)
    assert paths(error) == ["document_ids"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"document_ids": [DOC], "certificate": "a"}, now=NOW)
    assert paths(error) == ["certificate"]
    answered = respond(request, {"document_ids": [DOC, DOC2], "response_text": "Both plans"}, now=NOW)
    assert answered.response.document_ids == (DOC, DOC2)


def test_ownership_certificate_answers():
    request = opened(RequestType.OWNERSHIP_CERTIFICATE)
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"approved": True}, now=NOW)
    assert paths(error) == ["certificate"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"approved": True, "certificate": "e"}, now=NOW)
    assert paths(error) == ["certificate"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"approved": False}, now=NOW)
    assert paths(error) == ["reason"]
    with pytest.raises(InvalidRequest) as error:
        respond(request, {"approved": False, "reason": "I own it all", "certificate": "a"}, now=NOW)
    assert paths(error) == ["certificate"]
    answered = respond(request, {"approved": True, "certificate": " B ", "response_text": "Notice served"}, now=NOW)
    assert answered.response.certificate == "b"
    assert accepted_changes(answered) == {"ownership_certificate": "b"}
    assert respond(request, {"approved": False, "reason": "I own it all"}, now=NOW).state is RequestState.CLOSED


def test_unknown_response_fields_are_refused():
    with pytest.raises(InvalidRequest) as error:
        validate_response(RequestType.DESCRIPTION_CHANGE, {"approved": True, "signature": "x"})
    assert paths(error) == ["signature"]
    with pytest.raises(InvalidRequest) as error:
        validate_response(RequestType.DESCRIPTION_CHANGE, {"approved": "perhaps"})
    assert paths(error) == ["approved"]


def test_a_fee_change_accepted_gives_the_new_fee():
    request = opened(RequestType.FEE_CHANGE)
    assert accepted_changes(respond(request, {"approved": True}, now=NOW)) == {"fee_payable_pence": 52800}
    assert accepted_changes(request) == {}


# --- the state machine: every illegal transition is a conflict ---------------------------------------


def states() -> dict[RequestState, ValidationRequest]:
    pending = make(RequestType.ADDITIONAL_DOCUMENT)
    open_ = send(pending, now=NOW)
    return {
        RequestState.PENDING: pending,
        RequestState.OPEN: open_,
        RequestState.CLOSED: respond(open_, {"document_ids": [DOC]}, now=NOW),
        RequestState.CANCELLED: cancel(pending, reason="Not needed", now=NOW),
    }


OPERATIONS = {
    "send": (lambda r: send(r, now=NOW), {RequestState.PENDING}),
    "respond": (lambda r: respond(r, {"document_ids": [DOC]}, now=NOW), {RequestState.OPEN}),
    "cancel": (lambda r: cancel(r, reason="No longer needed", now=NOW), {RequestState.PENDING, RequestState.OPEN}),
    "discard": (lambda r: discard(r, now=NOW), {RequestState.PENDING}),
    "edit": (lambda r: edit(r, DETAILS[RequestType.ADDITIONAL_DOCUMENT]), {RequestState.PENDING}),
}


@pytest.mark.parametrize("state", list(RequestState))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_the_state_machine(state, operation):
    run, allowed_from = OPERATIONS[operation]
    request = states()[state]
    if state in allowed_from:
        assert isinstance(run(request), ValidationRequest)
    else:
        with pytest.raises(Conflict):
            run(request)


def test_the_transitions_lead_where_they_should():
    s = states()
    assert send(s[RequestState.PENDING], now=NOW).state is RequestState.OPEN
    assert respond(s[RequestState.OPEN], {"document_ids": [DOC]}, now=NOW).state is RequestState.CLOSED
    for state in (RequestState.PENDING, RequestState.OPEN):
        cancelled = cancel(s[state], reason=" Sent in error ", now=NOW)
        assert cancelled.state is RequestState.CANCELLED
        assert cancelled.cancel_reason == "Sent in error"
        assert cancelled.cancelled_at == NOW
    discarded = discard(s[RequestState.PENDING], now=NOW)
    assert discarded.state is RequestState.CANCELLED and discarded.cancel_reason == DISCARDED


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_cancelling_needs_a_reason(reason):
    with pytest.raises(InvalidRequest) as error:
        cancel(states()[RequestState.OPEN], reason=reason, now=NOW)
    assert paths(error) == ["cancel_reason"]


def test_state_checks_come_before_input_checks():
    # A closed request cannot be cancelled, with or without a reason.
    with pytest.raises(Conflict):
        cancel(states()[RequestState.CLOSED], reason=None, now=NOW)
    with pytest.raises(Conflict):
        respond(states()[RequestState.PENDING], {}, now=NOW)


# --- the model ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("request_type", list(RequestType))
def test_a_request_survives_a_json_round_trip(request_type):
    request = respond(opened(request_type), ANSWERS[request_type], now=NOW)
    stored = request.model_dump(mode="json")
    assert ValidationRequest.model_validate(stored) == request
    # The DynamoDB adapter drops None values.
    assert ValidationRequest.model_validate({k: v for k, v in stored.items() if v is not None}) == request


def test_the_model_is_frozen():
    with pytest.raises(ValidationError):
        states()[RequestState.OPEN].state = RequestState.CLOSED


@pytest.mark.parametrize(
    "changes",
    [
        {"state": "open"},  # not sent
        {"state": "closed", "sent_at": NOW, "response_due": date(2027, 1, 18)},  # no response
        {"state": "cancelled"},  # no reason
        {"sent_at": NOW, "response_due": date(2027, 1, 18)},  # pending but sent
        {"auto_closed": True},
        {"details": DETAILS[RequestType.DESCRIPTION_CHANGE]},  # wrong details for the type
    ],
)
def test_inconsistent_stored_requests_are_refused(changes):
    data = {**states()[RequestState.PENDING].model_dump(mode="json"), **changes}
    with pytest.raises(ValidationError):
        ValidationRequest.model_validate(data)


# --- the valid-from date -------------------------------------------------------------------------------

RECEIVED = date(2026, 12, 1)


def at(d: date, hour: int = 14) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


def test_valid_from_is_the_received_date_without_closed_requests():
    assert valid_from_date([], received_on=RECEIVED) == RECEIVED
    assert valid_from_date([states()[RequestState.OPEN], states()[RequestState.CANCELLED]], received_on=RECEIVED) == (
        RECEIVED
    )


def test_valid_from_is_the_day_the_last_request_closed_at_christmas_2026():
    """DMPO 2015 art. 34(2)-(4): the period begins the day after the last missing item is received, so the
    valid-from date is that day. Closed Thu 24 Dec 2026 (not moved to Tue 29 Dec, the next business day):
    8 weeks end Thu 18 Feb 2027, not Tue 23 Feb 2027."""
    first = closed(RequestType.ADDITIONAL_DOCUMENT, on=at(date(2026, 12, 10)), status=Status.INVALIDATED)
    last = closed(
        RequestType.REPLACEMENT_DOCUMENT, on=at(date(2026, 12, 24)), status=Status.INVALIDATED, request_id="r2"
    )
    assert valid_from_date([first, last], received_on=RECEIVED) == date(2026, 12, 24)
    assert valid_from_date([last, first], received_on=RECEIVED) == date(2026, 12, 24)


def test_valid_from_is_a_friday_close_itself():
    """DMPO 2015 art. 34(2): a request closed on Friday 11 December 2026 makes the application valid from
    that Friday (the period begins on the Saturday), not from Monday 14 December."""
    request = closed(RequestType.OTHER_CHANGE, on=at(date(2026, 12, 11)), status=Status.INVALIDATED)
    assert valid_from_date([request], received_on=RECEIVED) == date(2026, 12, 11)


def test_valid_from_on_good_friday_2027_stays_on_good_friday():
    """DMPO 2015 art. 34(2)-(4): an item received on Good Friday 26 March 2027 (a public holiday) makes the
    application valid from that day, not from Tuesday 30 March after Easter Monday (four days later)."""
    request = closed(RequestType.OTHER_CHANGE, on=at(date(2027, 3, 26)), status=Status.INVALIDATED)
    assert valid_from_date([request], received_on=RECEIVED) == date(2027, 3, 26)


def test_valid_from_uses_the_english_date_of_the_close():
    """DMPO 2015 art. 34: 23:30 UTC on Wed 1 July 2026 is Thu 2 July in London, the day of receipt."""
    request = closed(RequestType.OTHER_CHANGE, on=datetime(2026, 7, 1, 23, 30, tzinfo=UTC), status=Status.INVALIDATED)
    assert valid_from_date([request], received_on=date(2026, 6, 1)) == date(2026, 7, 2)


def test_auto_closed_red_line_changes_count_towards_valid_from():
    """DMPO 2015 art. 34: a red line change auto-closed on Mon 4 Jan 2027 is valid from that day."""
    request = auto_close(make(RequestType.RED_LINE_BOUNDARY_CHANGE, status=Status.INVALIDATED), today=date(2027, 1, 4))
    assert valid_from_date([request], received_on=RECEIVED) == date(2027, 1, 4)


def test_description_changes_and_post_validation_requests_do_not_move_valid_from():
    description = closed(RequestType.DESCRIPTION_CHANGE, on=at(date(2026, 12, 30)))
    post = closed(
        RequestType.ADDITIONAL_DOCUMENT,
        on=at(date(2027, 1, 20)),
        status=Status.IN_ASSESSMENT,
        validated=True,
        request_id="r3",
    )
    pre = closed(RequestType.ADDITIONAL_DOCUMENT, on=at(date(2026, 12, 15)), status=Status.INVALIDATED, request_id="r2")
    assert valid_from_date([description, post], received_on=RECEIVED) == RECEIVED
    assert valid_from_date([description, post, pre], received_on=RECEIVED) == date(2026, 12, 15)


# --- counts for the lifecycle guards -------------------------------------------------------------------


def test_lifecycle_counts():
    requests = [
        make(RequestType.ADDITIONAL_DOCUMENT, request_id="pending"),
        make(RequestType.DESCRIPTION_CHANGE, request_id="description"),  # open, pre-validation
        make(RequestType.REPLACEMENT_DOCUMENT, status=Status.INVALIDATED, request_id="open-pre"),
        make(RequestType.HEADS_OF_TERMS, status=Status.IN_ASSESSMENT, validated=True, request_id="post"),
        make(RequestType.DESCRIPTION_CHANGE, status=Status.IN_ASSESSMENT, validated=True, request_id="post-d"),
        states()[RequestState.CLOSED],
        states()[RequestState.CANCELLED],
    ]
    assert lifecycle_counts(requests) == {
        "pending_request_count": 1,
        "open_validation_request_count": 1,
        "open_post_validation_request_count": 2,
    }
