"""The standard conditions library (defaults, checks, per-category use) and the pre-commencement rule:
the applicant's 10 working days (SI 2018/566 reg. 2(2)) counted by hand across Easter 2027."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bops.domain import conditions as rules
from bops.domain import validation_requests as vr
from bops.domain.calendar import business_days_between, is_business_day
from bops.domain.errors import InvalidRequest

TIME_LIMIT = (
    "The development hereby permitted shall be begun before the expiration of three years from the date of this "
    "permission."
)


def _entry(**changes):
    entry = {
        "code": "noise",
        "title": "Noise",
        "text": "No amplified music after 23:00.",
        "reason": "To protect neighbours' amenity.",
        "applies_to": ["householder"],
    }
    return {**entry, **changes}


def _paths(error: InvalidRequest) -> list[str]:
    return [f.path for f in error.fields]


# --- the bundled library ---------------------------------------------------------------------------
def test_a_full_permission_starts_with_the_time_limit_and_the_approved_plans():
    library = rules.default_library()
    defaults = rules.defaults_for(library, "householder")
    assert [c.code for c in defaults] == ["time-limit", "approved-plans"]
    time_limit = defaults[0]
    assert time_limit.text == TIME_LIMIT
    assert time_limit.reason == (
        "To comply with Section 91 of the Town and Country Planning Act 1990, as amended by Section 51 of the "
        "Planning and Compulsory Purchase Act 2004."
    )
    assert defaults[1].text == (
        "The development hereby permitted shall be carried out in accordance with the approved plans listed on "
        "this notice."
    )
    assert defaults[1].reason
    assert [c.code for c in rules.defaults_for(library, "major")] == ["time-limit", "approved-plans"]


def test_the_bundled_library_has_materials_and_pre_commencement_conditions_with_their_justification():
    library = {c.code: c for c in rules.default_library()}
    assert "materials-to-match" in library and not library["materials-to-match"].default
    for code in ("construction-management-plan", "tree-protection"):
        assert library[code].pre_commencement and library[code].why_pre_commencement


def test_listed_building_consent_takes_the_listed_buildings_act_time_limit():
    defaults = rules.defaults_for(rules.default_library(), "listed_building_consent")
    assert [c.code for c in defaults] == ["time-limit-listed-building", "approved-plans"]
    assert "Section 18 of the Planning (Listed Buildings and Conservation Areas) Act 1990" in defaults[0].reason


@pytest.mark.parametrize("category", ["lawful_development_certificate", "prior_approval"])
def test_an_ldc_or_prior_approval_has_no_conditions_to_choose_from(category):
    assert not rules.conditions_allowed(category)
    assert rules.for_category(rules.default_library(), category) == []
    assert rules.defaults_for(rules.default_library(), category) == []


def test_entries_are_offered_only_for_the_categories_they_apply_to():
    codes = {c.code for c in rules.for_category(rules.default_library(), "works_to_trees")}
    assert codes == {"tree-protection", "replacement-tree"}


# --- a council's own library -------------------------------------------------------------------------
def test_a_library_entry_missing_its_reason_is_refused_naming_the_entry_and_field():
    with pytest.raises(InvalidRequest) as raised:
        rules.parse_library([_entry(), _entry(code="other", reason="")])
    assert _paths(raised.value) == ["conditions[1].reason"]


def test_codes_are_unique_and_well_formed():
    with pytest.raises(InvalidRequest) as raised:
        rules.parse_library([_entry(), _entry()])
    assert _paths(raised.value) == ["conditions[1].code"]
    with pytest.raises(InvalidRequest) as raised:
        rules.parse_library([_entry(code="Has Spaces")])
    assert _paths(raised.value) == ["conditions[0].code"]


def test_a_pre_commencement_entry_says_why_it_must_be_met_before_work_starts():
    with pytest.raises(InvalidRequest) as raised:
        rules.parse_library([_entry(pre_commencement=True)])
    assert _paths(raised.value) == ["conditions[0].why_pre_commencement"]
    ok = rules.parse_library([_entry(pre_commencement=True, why_pre_commencement="Works on day one harm it.")])
    assert ok[0].pre_commencement


def test_an_entry_cannot_apply_to_an_ldc_nor_to_an_unknown_category():
    with pytest.raises(InvalidRequest) as raised:
        rules.parse_library([_entry(applies_to=["householder", "lawful_development_certificate"])])
    assert _paths(raised.value) == ["conditions[0].applies_to"]
    with pytest.raises(InvalidRequest) as raised:
        rules.parse_library([_entry(applies_to=["castles"])])
    assert _paths(raised.value) == ["conditions[0].applies_to[0]"]


def test_a_case_condition_needs_its_text_and_reason():
    conditions = [
        rules.CaseCondition(id="a", text="Do this.", reason="Because."),
        rules.CaseCondition(id="b", text=" ", reason=""),
    ]
    assert [e.path for e in rules.check_case_conditions(conditions)] == [
        "data.conditions[1].text",
        "data.conditions[1].reason",
    ]


# --- pre-commencement conditions ---------------------------------------------------------------------
SENT = datetime(2027, 3, 18, 10, 0, tzinfo=UTC)  # Thursday before Easter 2027


def _task(conditions: list[rules.CaseCondition], request_id: str | None = "r1") -> dict:
    return {
        "conditions": [c.model_dump() for c in conditions],
        "pre_commencement_request_id": request_id,
    }


def _cmp() -> rules.CaseCondition:
    entry = {c.code: c for c in rules.default_library()}["construction-management-plan"]
    return rules.from_standard(entry, id="cmp")


def _sent(conditions: list[rules.CaseCondition], *, at: datetime = SENT) -> vr.ValidationRequest:
    return vr.create(
        "pre_commencement_condition",
        {"condition_text": rules.notice_text(conditions)},
        id="r1",
        created_by="officer",
        now=at,
        application_status="assessment_in_progress",
        validated=True,
    )


def test_the_applicant_has_ten_working_days_after_the_notice_counted_across_easter():
    # Sent Thursday 18 March 2027. Working days: 19, 22, 23, 24, 25 March (Good Friday 26 and Easter
    # Monday 29 do not count), 30, 31 March, 1, 2 April, and Monday 5 April is the tenth.
    assert rules.may_issue_from(date(2027, 3, 18)) == date(2027, 4, 6)
    # The same count with no holidays in it: Thursday 4 March -> tenth working day Thursday 18 March.
    assert rules.may_issue_from(date(2027, 3, 4)) == date(2027, 3, 19)


def test_no_pre_commencement_conditions_is_settled():
    plain = rules.CaseCondition(id="t", text="Begin within three years.", reason="s.91")
    state = rules.pre_commencement_settled(_task([plain], None), [], date(2027, 3, 18))
    assert state.settled


def test_not_settled_before_the_notice_is_sent():
    state = rules.pre_commencement_settled(_task([_cmp()], None), [], date(2027, 3, 18))
    assert not state.settled and "Send" in state.message


def test_unanswered_the_decision_waits_until_the_day_after_the_tenth_working_day():
    conditions = [_cmp()]
    request = _sent(conditions)
    on_tenth_day = rules.pre_commencement_settled(_task(conditions), [request], date(2027, 4, 5))
    assert not on_tenth_day.settled
    assert on_tenth_day.may_issue_from == date(2027, 4, 6)
    assert "2027-04-06" in on_tenth_day.message
    after = rules.pre_commencement_settled(_task(conditions), [request], date(2027, 4, 6))
    assert after.settled and after.may_issue_from == date(2027, 4, 6)


def test_closed_by_the_clock_is_settled_only_once_the_ten_working_days_are_over():
    conditions = [_cmp()]
    # the workflow closes it on the tenth working day; the applicant still has that whole day
    closed = vr.auto_close(_sent(conditions), today=date(2027, 4, 5))
    assert closed is not None and closed.auto_closed
    assert not rules.pre_commencement_settled(_task(conditions), [closed], date(2027, 4, 5)).settled
    assert rules.pre_commencement_settled(_task(conditions), [closed], date(2027, 4, 6)).settled


def test_the_applicants_agreement_settles_it_at_once():
    conditions = [_cmp()]
    agreed = vr.respond(_sent(conditions), {"approved": True}, now=datetime(2027, 3, 19, 9, tzinfo=UTC))
    state = rules.pre_commencement_settled(_task(conditions), [agreed], date(2027, 3, 19))
    assert state.settled and "agreed" in state.message


def test_the_applicants_disagreement_keeps_the_decision_waiting():
    conditions = [_cmp()]
    refused = vr.respond(
        _sent(conditions), {"approved": False, "reason": "Too onerous"}, now=datetime(2027, 3, 19, tzinfo=UTC)
    )
    state = rules.pre_commencement_settled(_task(conditions), [refused], date(2027, 5, 1))
    assert not state.settled and "Too onerous" in state.message


def test_conditions_changed_after_sending_must_be_sent_again():
    conditions = [_cmp()]
    agreed = vr.respond(_sent(conditions), {"approved": True}, now=datetime(2027, 3, 19, tzinfo=UTC))
    edited = [conditions[0].model_copy(update={"text": "No development until a CMP is approved."})]
    state = rules.pre_commencement_settled(_task(edited), [agreed], date(2027, 5, 1))
    assert not state.settled and "again" in state.message


def test_a_cancelled_notice_does_not_count():
    conditions = [_cmp()]
    cancelled = vr.cancel(_sent(conditions), reason="Replaced", now=datetime(2027, 3, 19, tzinfo=UTC))
    assert not rules.pre_commencement_settled(_task(conditions), [cancelled], date(2027, 5, 1)).settled


def test_the_notice_gives_the_condition_its_reason_and_why_it_is_pre_commencement():
    text = rules.notice_text([_cmp(), rules.CaseCondition(id="t", text="Within 3 years.", reason="s.91")])
    assert text.startswith("1. Construction management plan\nNo development shall take place")
    assert "Reason: To protect the amenity" in text and "Why before development begins: " in text
    assert "Within 3 years" not in text  # only the pre-commencement ones


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)))
def test_the_decision_may_be_issued_the_day_after_the_tenth_working_day(sent_on):
    first = rules.may_issue_from(sent_on)
    last_day = first - timedelta(days=1)
    assert is_business_day(last_day)
    assert business_days_between(sent_on, last_day) == rules.PRE_COMMENCEMENT_WORKING_DAYS
