"""The appeal dates a case keeps (TCPA 1990 s. 78, DMPO 2015 art. 37(2)), set where its dates are set."""

from __future__ import annotations

from datetime import date

from bops.domain.clock import case_appeal_dates
from bops.services.cases import appeal_fields, statutory_fields


def _case(**fields):
    return {"application_type": "pp.full.householder", "received_on": "2026-11-02", **fields}


def test_non_determination_runs_from_the_day_after_expiry_once_the_case_is_valid():
    """TCPA s. 78(2): once the 8 weeks (DMPO art. 34(2)) have expired undecided; within 6 months beginning
    with the expiry date (art. 37(2)(c))."""
    fields = statutory_fields(_case(), valid_from=date(2026, 11, 2), extension_to=None)
    assert fields["expiry_date"] == "2026-12-28"
    assert fields["appeal_non_determination_from"] == "2026-12-29"
    assert fields["appeal_deadline"] == "2027-06-27"


def test_no_non_determination_date_before_the_case_is_valid():
    """DMPO 2015 art. 34(2): the period runs from validation, so an invalid case cannot expire."""
    fields = statutory_fields(_case(), valid_from=None, extension_to=None)
    assert fields["appeal_non_determination_from"] is None and fields["appeal_deadline"] is None


def test_a_prior_approval_runs_from_receipt_so_it_has_the_date_at_intake():
    """GPDO 2015 Sch. 2, Pt 1, para. A.4: 42 days beginning with the day after receipt."""
    fields = statutory_fields(
        {"application_type": "pa.part1.classA", "received_on": "2026-11-02"}, valid_from=None, extension_to=None
    )
    assert fields["expiry_date"] == "2026-12-14"
    assert fields["appeal_non_determination_from"] == "2026-12-15"


def test_an_agreed_extension_moves_the_right_to_appeal_against_non_determination():
    """TCPA s. 78(2) / DMPO art. 34(2)(c): the extended period agreed in writing."""
    fields = statutory_fields(_case(), valid_from=date(2026, 11, 2), extension_to=date(2027, 1, 31))
    assert fields["appeal_non_determination_from"] == "2027-02-01"
    assert fields["appeal_deadline"] == "2027-07-30"


def test_determining_sets_the_last_day_to_appeal_and_ends_non_determination():
    """DMPO 2015 art. 37(2)(a): 12 weeks beginning with the date of a householder refusal notice;
    art. 37(2)(c): 6 months for conditions on a permission; nothing to appeal against an unconditional grant."""
    dated = {**_case(), **statutory_fields(_case(), valid_from=date(2026, 11, 2), extension_to=None)}
    refused = appeal_fields({**dated, "decision": {"decision": "refused", "determined_on": "2026-12-10"}})
    assert refused == {"appeal_non_determination_from": None, "appeal_deadline": "2027-03-03"}
    conditions = {"decision": "granted", "determined_on": "2026-12-10", "conditions": ["Materials to match."]}
    assert appeal_fields({**dated, "decision": conditions})["appeal_deadline"] == "2027-06-09"
    plain = {"decision": "granted", "determined_on": "2026-12-10", "conditions": []}
    assert appeal_fields({**dated, "decision": plain}) == {
        "appeal_non_determination_from": None,
        "appeal_deadline": None,
    }


def test_a_refused_minor_application_has_6_months():
    """DMPO 2015 art. 37(2)(c): a minor refusal that is not minor commercial."""
    case = {"application_type": "pp.full.minor", "expiry_date": "2027-01-01", "dates_provisional": False}
    refused = appeal_fields({**case, "decision": {"decision": "refused", "determined_on": "2026-12-10"}})
    assert refused["appeal_deadline"] == "2027-06-09"


def test_types_not_appealed_under_section_78_keep_no_dates():
    """A lawful development certificate is appealed under TCPA s. 195, with no time limit."""
    assert case_appeal_dates("ldc.existing", expiry_date=date(2027, 1, 1)) is None
