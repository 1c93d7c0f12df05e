"""Whom a case waits on: the officer, the applicant, consultees, a reviewer or the committee."""

from __future__ import annotations

from datetime import date

import pytest

from bops.domain.caseload import tally
from bops.domain.lifecycle import FINAL_STATUSES, Status
from bops.domain.waiting import waiting_on


@pytest.mark.parametrize(
    ("status", "party"),
    [
        (Status.NOT_STARTED, "officer"),
        (Status.INVALIDATED, "applicant"),
        (Status.IN_ASSESSMENT, "officer"),
        (Status.ASSESSMENT_IN_PROGRESS, "officer"),
        (Status.AWAITING_DETERMINATION, "reviewer"),
        (Status.IN_COMMITTEE, "committee"),
        (Status.TO_BE_REVIEWED, "officer"),
        (Status.PENDING, None),
    ],
)
def test_the_status_alone_says_whom_a_case_waits_on(status, party):
    assert waiting_on(status.value).party == party


@pytest.mark.parametrize("status", sorted(FINAL_STATUSES))
def test_a_closed_case_waits_on_no_one(status):
    assert waiting_on(status.value).party is None


def test_an_unanswered_request_after_validation_waits_on_the_applicant():
    waiting = waiting_on(Status.ASSESSMENT_IN_PROGRESS.value, open_requests=1)
    assert waiting.party == "applicant"
    assert "request" in waiting.reason.lower()


def test_a_running_consultation_waits_on_consultees_until_its_last_day_then_on_the_officer():
    end = date(2026, 3, 20)
    assert waiting_on("in_assessment", consultation_end=end, today=date(2026, 3, 20)).party == "consultee"
    assert "2026-03-20" in waiting_on("in_assessment", consultation_end=end, today=date(2026, 3, 1)).reason
    assert waiting_on("in_assessment", consultation_end=end, today=date(2026, 3, 21)).party == "officer"


def test_a_recommendation_waits_on_the_reviewer_even_with_a_consultation_on_record():
    waiting = waiting_on("awaiting_determination", consultation_end=date(2026, 3, 20), today=date(2026, 3, 1))
    assert waiting.party == "reviewer"


def test_an_officers_tally_counts_overdue_and_due_within_five_business_days():
    figures = tally(
        "asmith",
        "A Smith",
        None,
        [("in_assessment", -1), ("in_assessment", 0), ("invalidated", 5), ("not_started", 6), ("not_started", None)],
    )
    assert (figures.open, figures.overdue, figures.due_soon) == (5, 1, 2)
    assert figures.by_status == {"in_assessment": 2, "invalidated": 1, "not_started": 2}


def test_an_empty_caseload_counts_nothing():
    figures = tally(None, "Unassigned", None, [])
    assert (figures.open, figures.overdue, figures.due_soon, figures.by_status) == (0, 0, 0, {})
