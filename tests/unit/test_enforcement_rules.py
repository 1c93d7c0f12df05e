"""Enforcement's rules, with hand-computed dates: immunity (TCPA 1990 s.171B, as amended by LURA 2023 s.115,
with the transitional provision of SI 2024/452 reg. 3) and the dates of the four notices (ss.171C-171D,
172-174, 183-184, 187A)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bops.domain import enforcement as rules
from bops.domain.enforcement import NoticeDates, immunity, notice_timetable, suggested_priority

TODAY = date(2026, 12, 4)


# --- immunity: s.171B ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "began", "years", "immune_from"),
    [
        # s.171B(1), operations substantially completed before 25 April 2024: 4 years kept (SI 2024/452 reg. 3)
        ("operational_development", date(2022, 3, 10), 4, date(2026, 3, 10)),
        ("operational_development", date(2024, 4, 24), 4, date(2028, 4, 24)),
        # ... on or after 25 April 2024: 10 years (s.171B(1) as amended by LURA 2023 s.115)
        ("operational_development", date(2024, 4, 25), 10, date(2034, 4, 25)),
        # s.171B(2), change of use of a building to a single dwellinghouse: the same split
        ("change_of_use_to_dwellinghouse", date(2021, 1, 1), 4, date(2025, 1, 1)),
        ("change_of_use_to_dwellinghouse", date(2025, 6, 30), 10, date(2035, 6, 30)),
        # s.171B(3), any other breach: 10 years, before and after the Act
        ("other", date(2015, 5, 1), 10, date(2025, 5, 1)),
        ("other", date(2024, 12, 25), 10, date(2034, 12, 25)),
    ],
)
def test_a_breach_becomes_immune_on_the_anniversary_of_the_period_beginning_with_its_date(
    kind, began, years, immune_from
):
    found = immunity(kind, began)
    assert (found.years, found.immune_from) == (years, immune_from)
    # the period "beginning with" the day ends the day before its anniversary: enforcement is possible until then
    assert (found.immune_from - found.enforceable_until).days == 1
    assert "s.171B" in found.rule


def test_the_transitional_rule_is_cited_where_it_keeps_four_years():
    assert "SI 2024/452 reg. 3" in immunity("operational_development", date(2023, 1, 1)).rule
    assert "LURA 2023 s.115" in immunity("operational_development", date(2025, 1, 1)).rule


def test_a_breach_beginning_on_29_february_is_immune_from_1_march_in_a_common_year():
    # 10 years beginning with 29 Feb 2028 ends on 28 Feb 2038 (no 29th): immune from 1 March 2038
    found = immunity("other", date(2028, 2, 29))
    assert (found.enforceable_until, found.immune_from) == (date(2038, 2, 28), date(2038, 3, 1))
    # 4 years from 29 Feb 2020 lands on 29 Feb 2024, a leap year
    assert immunity("operational_development", date(2020, 2, 29)).immune_from == date(2024, 2, 29)


# --- priority by the kind of breach --------------------------------------------------------------------------
def test_listed_building_trees_and_ongoing_harm_are_high_priority():
    assert suggested_priority(["listed_building"]) == "high"
    assert suggested_priority(["advertisement", "protected_trees"]) == "high"
    assert suggested_priority(["ongoing_harm"]) == "high"
    assert suggested_priority(["change_of_use"]) == "medium"
    assert suggested_priority(["advertisement"]) == "low"


def test_each_step_is_allowed_only_from_its_statuses():
    assert rules.allowed_actions("received") == ["triage", "close"]
    assert "outcome" in rules.allowed_actions("investigating")
    assert rules.allowed_actions("closed") == []
    assert rules.status_after("visit", "triaged") == "investigating"
    assert rules.status_after("notice", "investigating") == "notice_served"


# --- notices ----------------------------------------------------------------------------------------------------
def _timetable(**kw):
    return notice_timetable(NoticeDates(**kw), today=TODAY, enforcement_notices=kw.pop("_ens", None))


def test_an_enforcement_notice_takes_effect_28_days_after_service_by_default_s172_3_b():
    # served Monday 2 Nov 2026: takes effect 30 Nov (28 days after), appeal by 29 Nov (s.174(3): before it
    # takes effect), compliance period 90 days from taking effect (s.173(9)): 28 Feb 2027
    found, errors = notice_timetable(
        NoticeDates(kind="enforcement", served_on=date(2026, 11, 2), compliance_period_days=90), today=TODAY
    )
    assert errors == []
    assert found.takes_effect_on == date(2026, 11, 30)
    assert found.appeal_by == date(2026, 11, 29)
    assert found.compliance_due == date(2027, 2, 28)
    assert found.check_on == found.compliance_due


def test_an_enforcement_notice_taking_effect_too_soon_is_refused_naming_the_field():
    found, errors = notice_timetable(
        NoticeDates(kind="enforcement", served_on=date(2026, 11, 2), takes_effect_on=date(2026, 11, 29)),
        today=TODAY,
    )
    assert found is None
    assert [e.path for e in errors] == ["takes_effect_on"]
    assert "s.172(3)(b)" in errors[0].message


def test_an_enforcement_notice_is_served_within_28_days_of_issue_s172_3_a():
    _, errors = notice_timetable(
        NoticeDates(kind="enforcement", issued_on=date(2026, 10, 1), served_on=date(2026, 10, 30)), today=TODAY
    )
    assert [e.path for e in errors] == ["served_on"]


def test_a_breach_of_condition_notice_gives_at_least_28_days_from_service_s187a_7():
    found, errors = notice_timetable(NoticeDates(kind="breach_of_condition", served_on=date(2026, 12, 1)), today=TODAY)
    assert errors == [] and found.compliance_due == date(2026, 12, 29) and found.appeal_by is None
    _, errors = notice_timetable(
        NoticeDates(kind="breach_of_condition", served_on=date(2026, 12, 1), compliance_period_days=27), today=TODAY
    )
    assert [e.path for e in errors] == ["compliance_period_days"]


def test_a_planning_contravention_notice_is_answered_within_21_days_beginning_with_service_s171d_1():
    # served 1 Dec 2026: 21 days beginning with that day end on 21 Dec
    found, errors = notice_timetable(
        NoticeDates(kind="planning_contravention", served_on=date(2026, 12, 1)), today=TODAY
    )
    assert errors == [] and found.reply_by == date(2026, 12, 21)
    _, errors = notice_timetable(
        NoticeDates(kind="planning_contravention", served_on=date(2026, 12, 1), reply_by=date(2026, 12, 20)),
        today=TODAY,
    )
    assert [e.path for e in errors] == ["reply_by"]


def test_a_stop_notice_needs_an_enforcement_notice_and_three_days_unless_special_reasons_s183_s184():
    served = date(2026, 12, 1)
    _, errors = notice_timetable(NoticeDates(kind="stop", served_on=served), today=TODAY, enforcement_notices=[])
    assert [e.path for e in errors] == ["kind"]
    found, errors = notice_timetable(
        NoticeDates(kind="stop", served_on=served), today=TODAY, enforcement_notices=[(served, None)]
    )
    assert errors == [] and found.takes_effect_on == date(2026, 12, 4)
    _, errors = notice_timetable(
        NoticeDates(kind="stop", served_on=served, takes_effect_on=date(2026, 12, 2)),
        today=TODAY,
        enforcement_notices=[(served, served + timedelta(days=28))],
    )
    assert [e.path for e in errors] == ["takes_effect_on"]
    found, errors = notice_timetable(
        NoticeDates(
            kind="stop", served_on=served, takes_effect_on=date(2026, 12, 1), special_reasons="Demolition under way"
        ),
        today=TODAY,
        enforcement_notices=[(served, served + timedelta(days=28))],
    )
    assert errors == [] and found.takes_effect_on == served
    _, errors = notice_timetable(
        NoticeDates(kind="stop", served_on=served, takes_effect_on=date(2026, 12, 30)),
        today=TODAY,
        enforcement_notices=[(served, served + timedelta(days=28))],
    )
    assert [e.path for e in errors] == ["takes_effect_on"]  # s.184(3)(b): not later than 28 days


def test_a_stop_notice_cannot_follow_an_enforcement_notice_that_has_taken_effect_s183_3():
    """TCPA 1990 s.183(3): a stop notice may not be served where the enforcement notice has taken effect."""
    served, effect = date(2026, 10, 1), date(2026, 10, 29)  # the enforcement notice: 28 days, s.172(3)(b)
    _, errors = notice_timetable(
        NoticeDates(kind="stop", served_on=date(2026, 10, 29)), today=TODAY, enforcement_notices=[(served, effect)]
    )
    assert [e.path for e in errors] == ["kind"] and "s.183(3)" in errors[0].message
    found, errors = notice_timetable(
        NoticeDates(kind="stop", served_on=date(2026, 10, 28)), today=TODAY, enforcement_notices=[(served, effect)]
    )
    assert errors == [] and found.takes_effect_on == date(2026, 10, 31)


def test_a_notice_is_never_served_in_the_future_and_dates_it_has_not_are_refused():
    _, errors = notice_timetable(NoticeDates(kind="enforcement", served_on=date(2026, 12, 5)), today=TODAY)
    assert "served_on" in [e.path for e in errors]
    _, errors = notice_timetable(
        NoticeDates(kind="breach_of_condition", served_on=date(2026, 12, 1), takes_effect_on=date(2027, 1, 1)),
        today=TODAY,
    )
    assert [e.path for e in errors] == ["takes_effect_on"]


# --- the PS1/PS2 returns' enforcement lines ---------------------------------------------------------------------
def test_the_returns_count_the_notices_served_by_kind():
    from bops.domain.returns import enforcement_counts

    counts = enforcement_counts(["enforcement", "stop", "enforcement", "planning_contravention", "breach_of_condition"])
    assert counts.enforcement_notices_issued == 2
    assert (counts.stop_notices_served, counts.planning_contravention_notices_served) == (1, 1)
    assert counts.breach_of_condition_notices_served == 1
    assert counts.temporary_stop_notices_served == 0 and counts.enforcement_injunctions_granted == 0


# --- the rules combined, for any dates -----------------------------------------------------------------------
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SERVED = st.dates(min_value=date(2020, 1, 1), max_value=TODAY)


@given(served=SERVED, period=st.one_of(st.none(), st.integers(min_value=1, max_value=3650)))
def test_an_enforcement_notice_s_defaults_always_meet_the_act(served, period):
    found, errors = notice_timetable(
        NoticeDates(kind="enforcement", served_on=served, compliance_period_days=period), today=TODAY
    )
    assert errors == []
    assert (found.takes_effect_on - served).days == 28  # s.172(3)(b), the earliest
    assert found.appeal_by < found.takes_effect_on  # s.174(3)
    assert (found.compliance_due - found.takes_effect_on).days == (period or 90)  # s.173(9)


@given(served=SERVED, offset=st.integers(min_value=-5, max_value=40), reasons=st.booleans())
def test_a_stop_notice_takes_effect_within_its_window_or_is_refused(served, offset, reasons):
    effect = served + timedelta(days=offset)
    found, errors = notice_timetable(
        NoticeDates(kind="stop", served_on=served, takes_effect_on=effect, special_reasons="Harm" if reasons else None),
        today=TODAY,
        enforcement_notices=[(served, served + timedelta(days=28))],
    )
    allowed = (3 <= offset <= 28) or (reasons and 0 <= offset <= 28)  # s.184(3)(a) and (b)
    assert (errors == []) == allowed
    if allowed:
        assert found.takes_effect_on == effect


@given(kind=st.sampled_from(["operational_development", "change_of_use_to_dwellinghouse", "other"]), began=st.dates())
def test_immunity_is_4_or_10_years_as_the_transitional_rule_says(kind, began):
    if began.year > 9980:
        return
    found = immunity(kind, began)
    four = kind != "other" and began < date(2024, 4, 25)  # SI 2024/452 reg. 3
    assert found.years == (4 if four else 10)
    assert found.immune_from.year - began.year == found.years
    assert found.enforceable_until < found.immune_from
