"""Dates people give us: within the plausible range, else a 422 naming the field (never an overflow)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from bops.domain.clock import EXTENSION_MAX_YEARS, latest_extension, statutory_dates
from bops.domain.errors import InvalidRequest, invalid_from_pydantic
from bops.domain.time import EARLIEST_DATE, LATEST_DATE, check_date_between
from bops.domain.validation_requests import RequestType, check_can_create
from bops.services.cases import AppealStep, ExtensionOfTime
from bops.services.consultation import PressNoticeRecord, SiteNoticeRecord
from bops.services.validation import ValidationDecision

FAR = "9999-12-31"

REQUESTS = [
    (ExtensionOfTime, {"agreed_date": FAR, "agreed_with": "Agent"}, "agreed_date"),
    (AppealStep, {"step": "lodge", "on": FAR}, "on"),
    (ValidationDecision, {"decision": "valid", "valid_from": FAR}, "valid_from"),
    (SiteNoticeRecord, {"displayed_on": FAR, "evidence_document_ids": ["0" * 32]}, "displayed_on"),
    (PressNoticeRecord, {"published_on": FAR, "evidence_document_ids": ["0" * 32]}, "published_on"),
    (ValidationDecision, {"decision": "valid", "valid_from": "0001-01-01"}, "valid_from"),
]


@pytest.mark.parametrize(("model", "body", "field"), REQUESTS)
def test_every_request_date_is_within_the_plausible_range(model, body, field):
    """A far date in any request is refused naming its field: adding a determination period (DMPO 2015
    art. 34) to 9999-12-31 would otherwise overflow and answer 500."""
    with pytest.raises(ValidationError) as error:
        model.model_validate(body)
    assert [f.path for f in invalid_from_pydantic(error.value).fields] == [field]


def test_a_far_date_would_overflow_the_statutory_clock():
    """Why the bound matters: the expiry date of a valid-from date of 9999-12-31 does not exist."""
    with pytest.raises(OverflowError):
        statutory_dates("pp.full.householder", received_on=date(9999, 12, 1), valid_from=date(9999, 12, 31))


def test_the_plausible_range_includes_its_ends():
    assert check_date_between(EARLIEST_DATE, "on") == EARLIEST_DATE
    assert check_date_between(LATEST_DATE, "on") == LATEST_DATE
    assert ExtensionOfTime.model_validate({"agreed_date": "2099-12-31", "agreed_with": "Agent"})


def test_check_date_between_names_the_field_and_the_bound():
    with pytest.raises(InvalidRequest) as error:
        check_date_between(date(2026, 12, 1), "valid_from", latest=date(2026, 11, 27), latest_is="today")
    assert error.value.fields[0].path == "valid_from"
    assert error.value.fields[0].message == "must be on or before today (2026-11-27)"
    with pytest.raises(InvalidRequest) as error:
        check_date_between(
            date(2026, 11, 1), "valid_from", earliest=date(2026, 11, 16), earliest_is="the received date"
        )
    assert error.value.fields[0].message == "must be on or after the received date (2026-11-16)"


def test_an_extension_of_time_may_go_at_most_two_years_past_the_current_deadline():
    """An extension of time is agreed in writing (DMPO 2015 art. 34(2)): two years past the current
    determination date is the latest we accept, a typo guard (clock.EXTENSION_MAX_YEARS)."""
    assert EXTENSION_MAX_YEARS == 2
    assert latest_extension(date(2027, 3, 15)) == date(2029, 3, 15)
    assert latest_extension(date(2028, 2, 29)) == date(2030, 2, 28)


def test_a_time_extension_request_is_bounded_the_same_way():
    """The applicant is asked to agree a new date (DMPO 2015 art. 34(2)): at most two years on."""
    from bops.domain.lifecycle import Status

    def create(proposed: str) -> None:
        check_can_create(
            RequestType.TIME_EXTENSION,
            [],
            application_status=Status.IN_ASSESSMENT,
            validated=True,
            expiry_date=date(2027, 3, 31),
            payload={"proposed_expiry_date": proposed, "reason": "Awaiting the legal agreement"},
        )

    create("2029-03-31")
    with pytest.raises(InvalidRequest) as error:
        create("2029-04-01")
    assert error.value.fields[0].path == "details.proposed_expiry_date"
