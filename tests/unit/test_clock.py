"""The statutory clock: expiry, target and planning guarantee dates, extensions, days left."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bops.domain.application_types import PeriodKind, all_types, get_type
from bops.domain.calendar import is_business_day
from bops.domain.clock import (
    DeadlineStatus,
    approaching_expiry_date,
    days_left,
    status_tag,
    statutory_dates,
    target_date_for,
)
from bops.domain.errors import InvalidRequest, UnknownApplicationType

HOUSEHOLDER = get_type("pp.full.householder")
MAJOR = get_type("pp.full.major")


# --- expiry dates, hand-computed -----------------------------------------------------------------------


def test_householder_valid_before_christmas_expires_8_weeks_later():
    # Given a householder application received on Friday 30 October, valid from Monday 2 November 2026
    dates = statutory_dates(HOUSEHOLDER, received_on=date(2026, 10, 30), valid_from=date(2026, 11, 2))
    # Then the 8 weeks begin on 3 November and end on Monday 28 December (a bank holiday: not moved)
    assert dates.expiry_date == date(2026, 12, 28)
    assert dates.counted_from == date(2026, 11, 2)
    assert not dates.provisional
    # And officers aim for 3 weeks earlier (35 days after valid from, as BoPS sets)
    assert dates.target_date == date(2026, 12, 7)
    # And the fee is refundable 16 weeks after valid from
    assert dates.planning_guarantee_date == date(2027, 2, 22)
    assert dates.extended_expiry_date is None
    assert dates.determination_deadline == date(2026, 12, 28)


def test_target_date_on_a_bank_holiday_moves_back_to_the_last_business_day():
    dates = statutory_dates(HOUSEHOLDER, received_on=date(2026, 11, 23), valid_from=date(2026, 11, 23))
    assert dates.expiry_date == date(2027, 1, 18)
    # 18 Jan - 21 days = Monday 28 Dec 2026 (Boxing Day substitute) -> Thursday 24 Dec
    assert dates.target_date == date(2026, 12, 24)


def test_major_expires_13_weeks_after_valid_from_and_its_fee_is_refundable_after_26_weeks():
    """DMPO 2015 art. 34(2): 13 weeks for major development; Fees Regulations 2012, reg. 9A: the
    fee is refunded if undecided 26 weeks after the valid date. Valid from Tue 1 Dec 2026: 182 days are
    30 (Dec) + 31 + 28 + 31 + 30 + 31 + 1, so Tue 1 June 2027."""
    dates = statutory_dates(MAJOR, received_on=date(2026, 11, 20), valid_from=date(2026, 12, 1))
    assert dates.expiry_date == date(2027, 3, 2)
    assert dates.target_date == date(2027, 2, 9)
    assert dates.planning_guarantee_date == date(2027, 6, 1)


def test_planning_guarantee_across_the_2028_leap_day():
    """Fees Regulations 2012, reg. 9A (as amended by SI 2023/1197 from 6 December 2023): 16 weeks for a
    non-major application, 26 for a major one, from the valid date. Valid from Sat 15 Jan 2028 (a
    householder): 112 days are 16 (Jan) + 29 (Feb 2028) + 31 + 30 + 6, so Sat 6 May 2028. A major valid
    from Wed 1 Dec 2027: 182 days are 30 + 31 + 29 + 31 + 30 + 31, so Wed 31 May 2028."""
    householder = statutory_dates(HOUSEHOLDER, received_on=date(2028, 1, 10), valid_from=date(2028, 1, 15))
    assert householder.planning_guarantee_date == date(2028, 5, 6)
    major = statutory_dates(MAJOR, received_on=date(2027, 11, 30), valid_from=date(2027, 12, 1))
    assert major.planning_guarantee_date == date(2028, 5, 31)


def test_an_agreed_extension_takes_a_major_out_of_the_planning_guarantee():
    """Fees Regulations 2012, reg. 9A: no refund where an extended period was agreed in writing."""
    dates = statutory_dates(
        MAJOR, received_on=date(2026, 12, 1), valid_from=date(2026, 12, 1), extension_to=date(2027, 4, 1)
    )
    assert dates.planning_guarantee_date is None


def test_eia_development_has_16_weeks():
    dates = statutory_dates(MAJOR, received_on=date(2026, 12, 1), valid_from=date(2026, 12, 1), eia=True)
    assert dates.expiry_date == date(2027, 3, 23)
    minor = statutory_dates("pp.full.minor", received_on=date(2026, 12, 1), valid_from=date(2026, 12, 1), eia=True)
    assert minor.expiry_date == date(2027, 3, 23)
    assert minor.planning_guarantee_date is None


def test_eia_is_refused_for_a_type_that_cannot_be_eia_development():
    with pytest.raises(InvalidRequest) as err:
        statutory_dates(HOUSEHOLDER, received_on=date(2026, 12, 1), valid_from=date(2026, 12, 1), eia=True)
    assert err.value.fields[0].path == "eia"


def test_larger_home_extension_prior_approval_is_42_days_from_receipt():
    dates = statutory_dates("pa.part1.classA", received_on=date(2026, 12, 10), valid_from=date(2026, 12, 14))
    assert dates.expiry_date == date(2027, 1, 21)
    assert dates.counted_from == date(2026, 12, 10)
    assert dates.planning_guarantee_date is None
    # calendar days: unaffected by validation
    assert statutory_dates("pa.part1.classA", received_on=date(2026, 12, 10), valid_from=None) == dates


def test_class_ma_prior_approval_is_56_days_from_receipt():
    dates = statutory_dates("pa.part3.classMA", received_on=date(2026, 12, 10), valid_from=None)
    assert dates.expiry_date == date(2027, 2, 4)
    assert not dates.provisional


@pytest.mark.parametrize("code", ["pa.part7.classM", "pa.part14.classJ", "pa.part20.classAB"])
def test_other_prior_approvals_are_56_days(code):
    assert statutory_dates(code, received_on=date(2026, 3, 1), valid_from=None).expiry_date == date(2026, 4, 26)


def test_before_validation_weeks_are_counted_from_receipt_provisionally():
    dates = statutory_dates(HOUSEHOLDER, received_on=date(2026, 11, 2), valid_from=None)
    assert dates.expiry_date == date(2026, 12, 28)
    assert dates.provisional


def test_council_override():
    overrides = {"pp.full.householder": 10, "pa.part1.classA": 40}
    dates = statutory_dates(
        HOUSEHOLDER, received_on=date(2026, 11, 2), valid_from=date(2026, 11, 2), overrides=overrides
    )
    assert dates.expiry_date == date(2027, 1, 11)
    by_code = statutory_dates("pa.part1.classA", received_on=date(2026, 12, 10), valid_from=None, overrides=overrides)
    assert by_code.expiry_date == date(2027, 1, 19)
    # the override of one type leaves the others alone
    assert statutory_dates(
        MAJOR, received_on=date(2026, 12, 1), valid_from=date(2026, 12, 1), overrides=overrides
    ).expiry_date == date(2027, 3, 2)


def test_extension_of_time():
    dates = statutory_dates(
        HOUSEHOLDER,
        received_on=date(2026, 11, 2),
        valid_from=date(2026, 11, 2),
        extension_to=date(2027, 1, 15),
    )
    assert dates.expiry_date == date(2026, 12, 28)
    assert dates.extended_expiry_date == date(2027, 1, 15)
    assert dates.determination_deadline == date(2027, 1, 15)
    # an agreed extension takes the application out of the planning guarantee
    assert dates.planning_guarantee_date is None


@pytest.mark.parametrize("extension_to", [date(2026, 12, 28), date(2026, 12, 1)])
def test_extension_must_be_later_than_expiry(extension_to):
    with pytest.raises(InvalidRequest) as err:
        statutory_dates(
            HOUSEHOLDER,
            received_on=date(2026, 11, 2),
            valid_from=date(2026, 11, 2),
            extension_to=extension_to,
        )
    assert err.value.fields[0].path == "extension_to"


def test_valid_from_cannot_be_before_receipt():
    with pytest.raises(InvalidRequest) as err:
        statutory_dates(HOUSEHOLDER, received_on=date(2026, 11, 2), valid_from=date(2026, 11, 1))
    assert err.value.fields[0].path == "valid_from"


def test_unknown_type_code():
    with pytest.raises(UnknownApplicationType):
        statutory_dates("nope", received_on=date(2026, 11, 2), valid_from=None)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(all_types()),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=30),
)
def test_expiry_is_the_period_after_the_counted_from_date(app_type, received_on, delay):
    valid_from = received_on + timedelta(days=delay)
    dates = statutory_dates(app_type, received_on=received_on, valid_from=valid_from)
    period = app_type.determination_period
    start = received_on if period.kind is PeriodKind.DAYS_FROM_RECEIPT else valid_from
    assert dates.expiry_date == start + timedelta(days=period.days)
    assert dates.target_date < dates.expiry_date
    assert is_business_day(dates.target_date)
    if dates.planning_guarantee_date is not None:
        assert dates.planning_guarantee_date > dates.expiry_date


# --- days left, business days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expiry", "expected"),
    [
        (date(2026, 12, 28), date(2026, 12, 28), 0),
        (date(2026, 12, 21), date(2026, 12, 28), 3),  # 22, 23, 24; 25-28 are holidays and the weekend
        (date(2026, 12, 24), date(2027, 1, 4), 4),  # 29, 30, 31, 4 (1 Jan New Year's Day)
        (date(2027, 3, 24), date(2027, 4, 1), 4),  # 25, 30, 31, 1 (Good Friday, Easter Monday)
        (date(2026, 4, 1), date(2026, 4, 8), 3),  # 2, 7, 8 (Easter 2026)
        (date(2026, 11, 2), date(2026, 11, 16), 10),
        # overdue
        (date(2026, 12, 29), date(2026, 12, 24), -1),
        (date(2027, 1, 4), date(2026, 12, 24), -4),
        (date(2026, 11, 7), date(2026, 11, 6), -1),  # the Saturday after a Friday expiry
        (date(2026, 11, 9), date(2026, 11, 6), -1),
        (date(2026, 11, 10), date(2026, 11, 6), -2),
        (date(2027, 3, 30), date(2027, 3, 25), -1),  # Easter 2027 in between
    ],
)
def test_days_left(today, expiry, expected):
    assert days_left(expiry, today) == expected


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
)
def test_days_left_is_negative_exactly_when_overdue(today, expiry):
    left = days_left(expiry, today)
    assert (left < 0) == (today > expiry)
    assert (status_tag(left) is DeadlineStatus.OVERDUE) == (today > expiry)


@pytest.mark.parametrize(
    ("days", "tag"),
    [(-10, "overdue"), (-1, "overdue"), (0, "due soon"), (5, "due soon"), (6, "on track"), (40, "on track")],
)
def test_status_tag(days, tag):
    assert status_tag(days) == tag


def test_approaching_expiry_is_5_business_days_before():
    assert approaching_expiry_date(date(2026, 12, 28)) == date(2026, 12, 18)
    assert approaching_expiry_date(date(2027, 1, 4)) == date(2026, 12, 23)
    assert approaching_expiry_date(date(2026, 11, 13)) == date(2026, 11, 6)


def test_target_date_for():
    assert target_date_for(date(2026, 12, 28)) == date(2026, 12, 7)
    assert target_date_for(date(2027, 4, 16)) == date(2027, 3, 25)  # 26 Mar Good Friday -> 25 Mar


def test_eia_development_has_16_weeks_across_the_2028_leap_day_and_no_planning_guarantee():
    """DMPO 2015 art. 34(2): 16 weeks where the development is EIA development (Town and Country Planning
    (Environmental Impact Assessment) Regulations 2017). Valid from Wed 1 Dec 2027: 112 days are 30 (Dec)
    + 31 + 29 (Feb 2028) + 22, so Wed 22 Mar 2028; no planning guarantee date for EIA development."""
    dates = statutory_dates(MAJOR, received_on=date(2027, 12, 1), valid_from=date(2027, 12, 1), eia=True)
    assert dates.expiry_date == date(2028, 3, 22)
    assert dates.planning_guarantee_date is None
