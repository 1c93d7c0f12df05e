"""Appeal dates and the received date, hand-computed from the legislation (``bops.domain.clock``).

Town and Country Planning Act 1990 (TCPA) s. 78 and the Town and Country Planning (Development
Management Procedure) (England) Order 2015 (DMPO) art. 37(2): 12 weeks beginning with the date of the
notice for a refused householder or minor commercial application, 6 months otherwise and for
non-determination (beginning with the date the period expired). "Beginning with" counts day one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bops.domain.clock import (
    appeal_dates,
    months_beginning_with,
    received_date,
    statutory_dates,
    weeks_beginning_with,
)
from bops.domain.decision_notice import DecisionNotice, render_html

# --- periods "beginning with" ----------------------------------------------------------------------


def test_12_weeks_beginning_with_a_day_end_83_days_later():
    """DMPO 2015 art. 37(2)(a): 12 weeks beginning with Thu 24 Dec 2026 run to Wed 17 Mar 2027 (24 Dec
    + 84 days is Thu 18 Mar, the first day after the period); public holidays do not move it."""
    assert weeks_beginning_with(date(2026, 12, 24), 12) == date(2027, 3, 17)


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (date(2027, 3, 26), date(2027, 9, 25)),  # Good Friday 2027: the day before 26 September
        (date(2026, 12, 28), date(2027, 6, 27)),  # Boxing Day substitute 2026
        (date(2027, 9, 1), date(2028, 2, 29)),  # the day before 1 March 2028: the 2028 leap day
        (date(2028, 2, 29), date(2028, 8, 28)),  # from the leap day
        (date(2027, 8, 31), date(2028, 2, 29)),  # no 30 February: the last day of the month
    ],
)
def test_6_months_beginning_with_a_day(start, last):
    """DMPO 2015 art. 37(2)(c): 6 (calendar) months beginning with ``start`` end the day before the date
    six months later; where that month has no such day, on its last day."""
    assert months_beginning_with(start, 6) == last


# --- appeal dates on the case --------------------------------------------------------------------------


def test_a_refused_householder_application_has_12_weeks():
    """DMPO 2015 art. 37(2)(a): householder refusal notice dated Thu 24 Dec 2026: by Wed 17 Mar 2027."""
    dates = appeal_dates(
        "pp.full.householder", expiry_date=date(2027, 1, 5), decided_on=date(2026, 12, 24), refused=True
    )
    assert dates.last_day_to_appeal == date(2027, 3, 17)
    assert dates.non_determination_from is None
    assert "art. 37(2)(a)" in dates.rule


def test_a_refused_minor_commercial_application_has_12_weeks_other_minor_ones_6_months():
    """DMPO 2015 art. 37(2)(a) and (c): refused Thu 25 Mar 2027 (before Easter): a minor commercial
    application by Wed 16 Jun 2027 (25 Mar + 83 days); any other minor one by Fri 24 Sep 2027."""
    common = {"expiry_date": date(2027, 4, 1), "decided_on": date(2027, 3, 25), "refused": True}
    assert appeal_dates("pp.full.minor", minor_commercial=True, **common).last_day_to_appeal == date(2027, 6, 16)
    assert appeal_dates("pp.full.minor", **common).last_day_to_appeal == date(2027, 9, 24)


def test_conditions_on_a_householder_permission_have_6_months():
    """DMPO 2015 art. 37(2)(c): a grant subject to conditions is not a "householder appeal" (a refusal):
    notice dated Wed 30 Dec 2026, 6 months: by Tue 29 Jun 2027 (the day before 30 June)."""
    dates = appeal_dates("pp.full.householder", expiry_date=date(2027, 1, 5), decided_on=date(2026, 12, 30))
    assert dates.last_day_to_appeal == date(2027, 6, 29)


def test_non_determination_runs_from_the_day_after_the_expiry_date():
    """TCPA 1990 s. 78(2) and DMPO 2015 art. 37(2)(c): a householder application valid from Mon 2 Nov 2026
    expires Mon 28 Dec 2026 (art. 34); undecided, the applicant may appeal from Tue 29 Dec 2026 until
    Sun 27 Jun 2027 (6 months beginning with 28 Dec 2026)."""
    expiry = statutory_dates("pp.full.householder", received_on=date(2026, 11, 2), valid_from=date(2026, 11, 2))
    dates = appeal_dates("pp.full.householder", expiry_date=expiry.expiry_date)
    assert expiry.expiry_date == date(2026, 12, 28)
    assert dates.non_determination_from == date(2026, 12, 29)
    assert dates.last_day_to_appeal == date(2027, 6, 27)


def test_an_agreed_extension_moves_the_right_to_appeal_against_non_determination():
    """TCPA 1990 s. 78(2) and DMPO 2015 art. 34(2): with an extension agreed in writing to Fri 15 Jan
    2027 the appeal may be made from Sat 16 Jan 2027, within 6 months beginning with 15 Jan: Wed 14 Jul."""
    dates = appeal_dates("pp.full.householder", expiry_date=date(2026, 12, 28), extension_to=date(2027, 1, 15))
    assert dates.non_determination_from == date(2027, 1, 16)
    assert dates.last_day_to_appeal == date(2027, 7, 14)
    assert "extended period agreed" in dates.rule


def test_a_major_undecided_over_the_2028_leap_day():
    """DMPO 2015 arts. 34(2) and 37(2)(c): a major valid from Wed 1 Dec 2027 expires 13 weeks later
    on Wed 1 Mar 2028 (30 + 31 + 29 + 1 = 91 days, across 29 Feb 2028); appeal from Thu 2 Mar 2028 until
    Thu 31 Aug 2028 (6 months beginning with 1 March)."""
    expiry = statutory_dates("pp.full.major", received_on=date(2027, 12, 1), valid_from=date(2027, 12, 1))
    assert expiry.expiry_date == date(2028, 3, 1)
    dates = appeal_dates("pp.full.major", expiry_date=expiry.expiry_date)
    assert (dates.non_determination_from, dates.last_day_to_appeal) == (date(2028, 3, 2), date(2028, 8, 31))


def test_a_refused_prior_approval_has_6_months():
    """DMPO 2015 art. 37(2)(c): prior approval refused on Good Friday 26 Mar 2027: by Sat 25 Sep 2027."""
    dates = appeal_dates("pa.part1.classA", expiry_date=date(2027, 4, 1), decided_on=date(2027, 3, 26), refused=True)
    assert dates.last_day_to_appeal == date(2027, 9, 25)


# --- the decision notice shows the last day --------------------------------------------------------------


def notice(**overrides) -> DecisionNotice:
    fields = {
        "council_name": "Demo Council",
        "reference": "26-00100-HAPP",
        "application_type_name": "Planning Permission - Full householder",
        "application_type_code": "pp.full.householder",
        "site_address": "1 High Street",
        "description": "Rear extension",
        "decision": "refused",
        "decided_on": date(2026, 12, 24),
        "received_on": date(2026, 11, 2),
        "reasons": ["Harm to the street scene."],
        "signatory_name": "A Officer",
        "signatory_title": "Head of Planning",
    }
    return DecisionNotice(**{**fields, **overrides})


def test_the_notice_gives_the_last_day_to_appeal():
    """DMPO 2015 art. 37(2)(a): a householder refusal dated Thu 24 Dec 2026: by 17 March 2027."""
    document = " ".join(render_html(notice()).split())
    assert "within 12 weeks of the date of this notice, that is by 17 March 2027." in document


def test_the_notice_of_a_minor_commercial_refusal_gives_12_weeks():
    """DMPO 2015 art. 37(2)(a): refused minor commercial application dated Thu 25 Mar 2027: 16 June 2027;
    the same minor application not commercial: 6 months, 24 September 2027 (art. 37(2)(c))."""
    minor = {
        "application_type_code": "pp.full.minor",
        "application_type_name": "Planning Permission - Minor application",
        "reference": "27-00100-MINOR",
        "decided_on": date(2027, 3, 25),
    }
    commercial = " ".join(render_html(notice(**minor, minor_commercial=True)).split())
    assert "within 12 weeks of the date of this notice, that is by 16 June 2027." in commercial
    other = " ".join(render_html(notice(**minor)).split())
    assert "within 6 months of the date of this notice, that is by 24 September 2027." in other


def test_the_notice_gives_no_last_day_outside_section_78():
    """Advertisement appeals (Control of Advertisements Regulations 2007, reg. 17) are counted otherwise."""
    document = " ".join(render_html(notice(application_type_code="advertConsent")).split())
    assert "within 8 weeks of the date of this notice." in document


# --- the received date ---------------------------------------------------------------------------------


def test_out_of_hours_counts_from_the_next_working_day_only_where_the_council_says_so():
    """No office hours in the DMPO: an application arriving at 17:30 on Thu 24 Dec 2026 is received that
    day, unless the council's setting counts it from the next working day, Tue 29 Dec 2026 (Christmas Day,
    the weekend and the Boxing Day substitute on Mon 28 Dec in between)."""
    arrived = datetime(2026, 12, 24, 17, 30, tzinfo=UTC)  # GMT: 17:30 in England
    assert received_date(arrived) == date(2026, 12, 24)
    assert received_date(arrived, out_of_hours_next_working_day=True) == date(2026, 12, 29)
    assert received_date(arrived, out_of_hours_next_working_day=True, close_of_business=time(18)) == date(2026, 12, 24)


def test_a_weekend_arrival_over_new_year_2028():
    """Banking and Financial Dealings Act 1971: Sat 1 Jan 2028 is replaced by Mon 3 Jan; an arrival on
    the Saturday with the setting counts from Tue 4 Jan 2028."""
    arrived = datetime(2028, 1, 1, 10, 0, tzinfo=UTC)
    assert received_date(arrived) == date(2028, 1, 1)
    assert received_date(arrived, out_of_hours_next_working_day=True) == date(2028, 1, 4)


def test_the_received_date_is_the_date_in_england():
    """23:30 UTC on Wed 31 Mar 2027 is 00:30 BST on Thu 1 Apr 2027 (the day before Good Friday)."""
    assert received_date(datetime(2027, 3, 31, 23, 30, tzinfo=UTC)) == date(2027, 4, 1)
    with pytest.raises(ValueError):
        received_date(datetime(2027, 3, 31, 23, 30))
