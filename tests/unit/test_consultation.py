"""Consultation: end dates worked out by hand across Christmas and Easter, notices, extensions, consultees,
EIA, the state machine and what it tells the lifecycle guard.

The calendar used below (England):

    December 2026                      January 2027
    Tue 22  consultation starts         Fri  1  New Year's Day (public holiday)
    Wed 23  letters dispatched          Wed 13  23 Dec + 21 days
    Thu 24                              Sat 16  ... + 3 public holidays
    Fri 25  Christmas Day (public holiday)
    Sat 26  Boxing Day on a Saturday: not a public holiday, Monday 28 is appointed in its place
            (Banking and Financial Dealings Act 1971, s. 1; ``calendar``)
    Mon 28  substitute day for Boxing Day (public holiday)

    March / April 2027
    Wed 24 Mar  consultation starts     Fri 26 Mar  Good Friday (public holiday)
    Thu 25 Mar  letters dispatched      Mon 29 Mar  Easter Monday (public holiday)
    Thu 15 Apr  25 Mar + 21 days        Sat 17 Apr  ... + 2 public holidays
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bops.domain.application_types import get_type
from bops.domain.calendar import is_public_holiday
from bops.domain.consultation import (
    Consultation,
    ConsultationStatus,
    NoticeDelivery,
    Source,
    add_consultee,
    complete,
    completes_after,
    count_days,
    determination_blocked_reason,
    end_date,
    end_date_change,
    extend,
    is_due_to_complete,
    lifecycle_flags,
    new_consultation,
    reconsult,
    record_letters_sent,
    record_press_notice,
    record_site_notice,
    set_eia,
    set_press_notice,
    set_site_notice,
    start,
)
from bops.domain.errors import Conflict, InvalidRequest
from bops.domain.lifecycle import TransitionContext

PHOTO = "0123456789abcdef0123456789abcdef"
PHOTO2 = "fedcba9876543210fedcba9876543210"
NOW = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)

HOUSEHOLDER = get_type("pp.full.householder")
#: The same type for a council whose rules count public holidays (no type in the table does so).
COUNTING_HOLIDAYS = HOUSEHOLDER.model_copy(
    update={"features": HOUSEHOLDER.features.model_copy(update={"public_holidays_disregarded_in_consultation": False})}
)

# Start days and hand-worked end dates (module doc).
CHRISTMAS_START = date(2026, 12, 22)
CHRISTMAS_LETTERS = date(2026, 12, 23)
EASTER_START = date(2027, 3, 24)
EASTER_LETTERS = date(2027, 3, 25)


def started(app_type=HOUSEHOLDER, today: date = CHRISTMAS_START, **kwargs) -> Consultation:
    return start(new_consultation(app_type, **kwargs), today=today)


# --- the base rule, by hand ------------------------------------------------------------------------


def test_christmas_start_when_public_holidays_count():
    # Letters go out Wed 23 Dec 2026 (the business day after Tue 22 Dec).
    # 23 Dec + 21 days: 8 days to 31 Dec, 13 more to Wed 13 Jan 2027.
    c = started(COUNTING_HOLIDAYS)
    assert c.status is ConsultationStatus.IN_PROGRESS
    assert c.start_date == CHRISTMAS_START
    assert c.end_date == date(2027, 1, 13)
    explanation = end_date(c)
    assert explanation.decisive.source is Source.LETTERS_EXPECTED
    assert explanation.decisive.from_date == CHRISTMAS_LETTERS
    assert explanation.decisive.disregarded == ()


def test_christmas_start_when_public_holidays_are_disregarded():
    """DMPO 2015 Sch. 3 (f) (SI 2018/119): public holidays are disregarded; Banking and Financial Dealings
    Act 1971, s. 1: Saturday 26 Dec 2026 is replaced by Monday 28 Dec, so it counts as an ordinary day."""
    # Letters Wed 23 Dec 2026; 21 days would end Wed 13 Jan 2027, but three public holidays fall inside
    # and do not count: Fri 25 Dec, Mon 28 Dec, Fri 1 Jan. 13 Jan + 3 = Sat 16 Jan 2027
    # (14-16 Jan hold no public holiday).
    c = started(HOUSEHOLDER)
    assert c.end_date == date(2027, 1, 16)
    explanation = end_date(c)
    assert explanation.decisive.disregarded == (
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2027, 1, 1),
    )
    assert explanation.end_date == explanation.base_end_date == date(2027, 1, 16)


def test_letters_recorded_as_sent_on_23_december_change_nothing():
    c = record_letters_sent(started(HOUSEHOLDER), on=CHRISTMAS_LETTERS)
    assert c.letters_sent_on == CHRISTMAS_LETTERS
    assert c.end_date == date(2027, 1, 16)
    assert [x.source for x in end_date(c).contributions] == [Source.LETTERS_EXPECTED, Source.LETTERS_SENT]


def test_easter_start_when_public_holidays_count():
    # Letters Thu 25 Mar 2027 (the Thursday before Easter); + 21 days: 6 to 31 Mar, 15 more: Thu 15 Apr.
    c = started(COUNTING_HOLIDAYS, today=EASTER_START)
    assert end_date(c).decisive.from_date == EASTER_LETTERS
    assert c.end_date == date(2027, 4, 15)


def test_easter_start_when_public_holidays_are_disregarded():
    # Letters Thu 25 Mar 2027; Good Friday 26 Mar and Easter Monday 29 Mar do not count:
    # 15 Apr + 2 = Sat 17 Apr 2027.
    c = started(HOUSEHOLDER, today=EASTER_START)
    assert c.end_date == date(2027, 4, 17)
    assert end_date(c).decisive.disregarded == (date(2027, 3, 26), date(2027, 3, 29))


def test_a_start_on_a_friday_posts_letters_on_monday():
    # Fri 15 Jan 2027 -> letters Mon 18 Jan -> + 21 = Mon 8 Feb 2027 (no public holiday).
    c = started(HOUSEHOLDER, today=date(2027, 1, 15))
    assert end_date(c).decisive.from_date == date(2027, 1, 18)
    assert c.end_date == date(2027, 2, 8)


def test_count_days_never_ends_on_a_public_holiday_when_they_are_disregarded():
    """DMPO 2015 Sch. 3 (f): Fri 4 Dec 2026 + 21 = Fri 25 Dec, Christmas Day: it does not count; Sat 26
    Dec does (Boxing Day's bank holiday is Mon 28 Dec: Banking and Financial Dealings Act 1971, s. 1)."""
    assert count_days(date(2026, 12, 4), 21, disregard_public_holidays=False) == (date(2026, 12, 25), ())
    assert count_days(date(2026, 12, 4), 21, disregard_public_holidays=True) == (
        date(2026, 12, 26),
        (date(2026, 12, 25),),
    )


def test_letters_sent_late_extend_the_end_date():
    # A batch dispatched Wed 30 Dec 2026: 30 Dec + 21 = Wed 20 Jan; New Year's Day inside: Thu 21 Jan.
    c = record_letters_sent(started(HOUSEHOLDER), on=date(2026, 12, 30))
    assert c.end_date == date(2027, 1, 21)
    assert end_date(c).decisive.source is Source.LETTERS_SENT


def test_letters_recorded_on_the_start_day_never_shorten_it():
    # Recording the day the letters were handed over (22 Dec) rather than posted: still 16 Jan.
    c = record_letters_sent(started(HOUSEHOLDER), on=CHRISTMAS_START)
    assert c.end_date == date(2027, 1, 16)
    # and an earlier record after a later one keeps the later
    later = record_letters_sent(started(HOUSEHOLDER), on=date(2026, 12, 30))
    assert record_letters_sent(later, on=CHRISTMAS_LETTERS).letters_sent_on == date(2026, 12, 30)


# --- notices ---------------------------------------------------------------------------------------


def test_a_site_notice_displayed_late_extends_the_end_date():
    # Displayed Mon 4 Jan 2027: + 21 = Mon 25 Jan 2027 (no public holiday in between), after 16 Jan.
    c = record_site_notice(started(HOUSEHOLDER), displayed_on=date(2027, 1, 4), evidence=[PHOTO])
    assert c.site_notice.displayed_on == date(2027, 1, 4)
    assert c.site_notice.evidence_document_ids == (PHOTO,)
    assert c.end_date == date(2027, 1, 25)
    assert end_date(c).decisive.source is Source.SITE_NOTICE


def test_a_press_notice_published_late_extends_it_by_14_days():
    # Published Wed 20 Jan 2027: + 14 = Wed 3 Feb 2027.
    c = record_press_notice(started(HOUSEHOLDER), published_on=date(2027, 1, 20), evidence=[PHOTO])
    assert c.end_date == date(2027, 2, 3)
    assert end_date(c).decisive.source is Source.PRESS_NOTICE


def test_a_press_notice_over_easter():
    # Published Thu 18 Mar 2027: + 14 = Thu 1 Apr; Good Friday and Easter Monday disregarded: Sat 3 Apr.
    c = record_press_notice(new_consultation(HOUSEHOLDER), published_on=date(2027, 3, 18), evidence=[PHOTO])
    assert c.end_date == date(2027, 4, 3)
    c = record_press_notice(new_consultation(COUNTING_HOLIDAYS), published_on=date(2027, 3, 18), evidence=[PHOTO])
    assert c.end_date == date(2027, 4, 1)


def test_an_early_notice_never_shortens_the_end_date():
    # Displayed Fri 18 Dec 2026: + 21 = Fri 8 Jan, + 3 public holidays = Mon 11 Jan, before 16 Jan.
    c = record_site_notice(started(HOUSEHOLDER), displayed_on=date(2026, 12, 18), evidence=[PHOTO])
    assert c.end_date == date(2027, 1, 16)
    explanation = end_date(c)
    assert explanation.decisive.source is Source.LETTERS_EXPECTED
    notice = next(x for x in explanation.contributions if x.source is Source.SITE_NOTICE)
    assert notice.ends_on == date(2027, 1, 11)


def test_a_notice_recorded_again_with_an_earlier_day_keeps_the_later_one():
    c = record_site_notice(started(HOUSEHOLDER), displayed_on=date(2027, 1, 4), evidence=[PHOTO])
    c = record_site_notice(c, displayed_on=date(2026, 12, 18), evidence=[PHOTO2])
    assert c.site_notice.displayed_on == date(2027, 1, 4)
    assert c.site_notice.evidence_document_ids == (PHOTO, PHOTO2)
    assert c.end_date == date(2027, 1, 25)


def test_a_notice_before_consultation_starts_sets_a_provisional_end_date():
    c = record_site_notice(new_consultation(HOUSEHOLDER), displayed_on=date(2027, 1, 4), evidence=[PHOTO])
    assert c.status is ConsultationStatus.NOT_STARTED
    assert c.end_date == date(2027, 1, 25)
    # starting on Tue 22 Dec 2026 gives 16 Jan from the letters, still before the notice's 25 Jan
    assert start(c, today=CHRISTMAS_START).end_date == date(2027, 1, 25)


@pytest.mark.parametrize(
    ("evidence", "path"),
    [([], "evidence"), (None, "evidence"), (["not-a-document"], "evidence[0]"), ([PHOTO, "x"], "evidence[1]")],
)
def test_notices_need_uploaded_evidence(evidence, path):
    with pytest.raises(InvalidRequest) as error:
        record_site_notice(started(), displayed_on=date(2027, 1, 4), evidence=evidence)
    assert [f.path for f in error.value.fields] == [path]
    with pytest.raises(InvalidRequest):
        record_press_notice(started(), published_on=date(2027, 1, 4), evidence=evidence)


# --- extensions, consultees, EIA -------------------------------------------------------------------


def test_officer_extensions_add_days_on_top():
    c = extend(started(HOUSEHOLDER), days=7, reason="Letters went to the wrong street", by="officer-1", now=NOW)
    assert c.end_date == date(2027, 1, 23)
    c = extend(c, days=3, reason="Residents' association asked for time", by="officer-2", now=NOW)
    assert c.end_date == date(2027, 1, 26)
    explanation = end_date(c)
    assert explanation.base_end_date == date(2027, 1, 16)
    assert [(e.days, e.by, e.ends_on) for e in explanation.extensions] == [
        (7, "officer-1", date(2027, 1, 23)),
        (3, "officer-2", date(2027, 1, 26)),
    ]
    assert c.extensions[0].reason == "Letters went to the wrong street"
    # a notice displayed later moves the base; the extensions stay on top: 25 Jan + 10 = 4 Feb
    c = record_site_notice(c, displayed_on=date(2027, 1, 4), evidence=[PHOTO])
    assert c.end_date == date(2027, 2, 4)


def test_extensions_of_1_and_99_days_are_allowed():
    assert extend(started(), days=1, reason="r", by="o", now=NOW).end_date == date(2027, 1, 17)
    assert extend(started(), days=99, reason="r", by="o", now=NOW).end_date == date(2027, 1, 16) + timedelta(99)


@pytest.mark.parametrize("days", [0, -1, 100, True, 1.5, "5", None])
def test_an_extension_needs_1_to_99_days(days):
    with pytest.raises(InvalidRequest) as error:
        extend(started(), days=days, reason="Because", by="officer-1", now=NOW)
    assert [f.path for f in error.value.fields] == ["days"]


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_an_extension_needs_a_reason(reason):
    with pytest.raises(InvalidRequest) as error:
        extend(started(), days=5, reason=reason, by="officer-1", now=NOW)
    assert [f.path for f in error.value.fields] == ["reason"]


def test_both_bad_fields_are_named():
    with pytest.raises(InvalidRequest) as error:
        extend(started(), days=0, reason=" ", by="officer-1", now=NOW)
    assert [f.path for f in error.value.fields] == ["days", "reason"]


def test_a_consultee_with_a_longer_period_extends_the_end_date():
    """DMPO 2015 art. 22(1): a consultee's period (21 days, or as agreed) has no public-holiday rule, so it
    is counted in calendar days. 30 days from Wed 23 Dec 2026: 8 to 31 Dec, 22 more to Fri 22 Jan 2027
    (Christmas Day, 28 Dec and New Year's Day count)."""
    c = add_consultee(new_consultation(HOUSEHOLDER), consultee_id="highways", days=30)
    c = add_consultee(c, consultee_id="heritage", days=14)
    c = start(c, today=CHRISTMAS_START)
    assert c.end_date == date(2027, 1, 22)
    assert end_date(c).decisive.days == 30
    assert end_date(c).decisive.disregarded == ()
    # a shorter period changes nothing
    c = start(add_consultee(new_consultation(HOUSEHOLDER), consultee_id="heritage", days=14), today=CHRISTMAS_START)
    assert c.end_date == date(2027, 1, 16)


def test_a_consultees_21_days_over_christmas_2027_count_every_day():
    """DMPO 2015 art. 22(1): no public holiday is disregarded in a consultee's 21 days, while the
    neighbours' 21 days disregard them (Sch. 3 (f)). Consulted later, on Mon 20 Dec 2027: + 21 = Mon 10 Jan
    2028, though Sat 25 Dec (Christmas Day), Mon 27 and Tue 28 Dec 2027 and Mon 3 Jan 2028 (New Year's
    substitute) are public holidays."""
    c = add_consultee(
        started(HOUSEHOLDER, today=date(2027, 12, 1)), consultee_id="highways", days=21, consulted_on=date(2027, 12, 20)
    )
    contribution = next(x for x in end_date(c).contributions if x.source is Source.CONSULTEE)
    assert (contribution.ends_on, contribution.disregarded) == (date(2028, 1, 10), ())
    # a site notice displayed the same day, 21 days disregarding the four public holidays: Fri 14 Jan 2028
    c = record_site_notice(c, displayed_on=date(2027, 12, 20), evidence=[PHOTO])
    assert c.end_date == date(2028, 1, 14)
    assert end_date(c).decisive.disregarded == (
        date(2027, 12, 25),
        date(2027, 12, 27),
        date(2027, 12, 28),
        date(2028, 1, 3),
    )


def test_a_consultee_consulted_later_gets_their_own_period():
    # Consulted Mon 11 Jan 2027 for 21 days: Mon 1 Feb 2027.
    c = add_consultee(started(HOUSEHOLDER), consultee_id="tree-officer", days=21, consulted_on=date(2027, 1, 11))
    assert c.end_date == date(2027, 2, 1)
    decisive = end_date(c).decisive
    assert (decisive.source, decisive.consultee_id) == (Source.CONSULTEE, "tree-officer")


def test_reconsulting_starts_the_consultees_period_again():
    # With the letters (Wed 23 Dec 2026) the end date is Sat 16 Jan 2027 (module doc). Reconsulted on
    # Mon 11 Jan 2027 for 14 days: Mon 25 Jan 2027 (no public holiday in between).
    c = started(HOUSEHOLDER)
    c = add_consultee(c, consultee_id="highways", days=21)
    assert c.end_date == date(2027, 1, 16)
    again = reconsult(c, consultee_id="highways", days=14, on=date(2027, 1, 11))
    assert again.end_date == date(2027, 1, 25)
    assert [p.consulted_on for p in again.consultees] == [date(2027, 1, 11)]
    # a short reconsultation inside the period changes nothing
    assert reconsult(c, consultee_id="highways", days=3, on=date(2027, 1, 4)).end_date == date(2027, 1, 16)


def test_reconsulting_after_completion_reopens_the_consultation():
    c = complete(started(HOUSEHOLDER), today=date(2027, 1, 18))
    again = reconsult(c, consultee_id="highways", days=21, on=date(2027, 2, 1))
    # Mon 1 Feb 2027 + 21 days: Mon 22 Feb 2027
    assert (again.status, again.end_date, again.completed_on) == (
        ConsultationStatus.IN_PROGRESS,
        date(2027, 2, 22),
        None,
    )


def test_reconsulting_needs_a_started_consultation_and_a_valid_period():
    with pytest.raises(Conflict):
        reconsult(new_consultation(HOUSEHOLDER), consultee_id="highways", days=21, on=date(2027, 1, 4))
    with pytest.raises(InvalidRequest) as error:
        reconsult(started(HOUSEHOLDER), consultee_id="highways", days=0, on=date(2027, 1, 4))
    assert [f.path for f in error.value.fields] == ["response_days"]


def test_eia_development_gets_30_days():
    """EIA Regulations 2017, reg. 20(2)(e): "a date not less than 30 days later than the date on which the
    notice is published"; those Regulations disregard no public holiday, so the 30 days are calendar
    days. Major development, letters Thu 25 Mar 2027 + 30 days = Sat 24 Apr 2027 (Good Friday and Easter
    Monday count). Without EIA: 21 days disregarding them, Sat 17 Apr (DMPO 2015 Sch. 3 (f))."""
    c = started(get_type("pp.full.major"), today=EASTER_START, eia=True)
    assert c.end_date == date(2027, 4, 24)
    assert end_date(c).decisive.disregarded == ()
    assert started(get_type("pp.full.major"), today=EASTER_START).end_date == date(2027, 4, 17)
    # a press notice gets 30 days too: published Thu 1 Apr 2027 + 30 = Sat 1 May (no public holiday inside)
    c = record_press_notice(c, published_on=date(2027, 4, 1), evidence=[PHOTO])
    assert c.end_date == date(2027, 5, 1)


def test_eia_is_only_for_types_that_can_need_it():
    with pytest.raises(InvalidRequest) as error:
        new_consultation(HOUSEHOLDER, eia=True)
    assert [f.path for f in error.value.fields] == ["eia"]
    with pytest.raises(InvalidRequest):
        set_eia(started(), eia=True)
    c = set_eia(started(get_type("pp.full.minor"), today=EASTER_START), eia=True)
    assert c.eia and c.end_date == date(2027, 4, 24)  # EIA Regulations 2017, reg. 20(2)(e): calendar days


# --- kinds and notices from the type ---------------------------------------------------------------


def test_kinds_and_notices_come_from_the_type():
    householder = new_consultation("pp.full.householder")
    assert householder.kinds.neighbours and householder.kinds.consultees and householder.kinds.publicity
    assert householder.site_notice.required and not householder.press_notice.required
    assert householder.public_holidays_disregarded and householder.period_days == 21
    major = new_consultation("pp.full.major")
    assert major.site_notice.required and major.press_notice.required and major.eia_possible
    class_ma = new_consultation("pa.part3.classMA")
    assert not class_ma.kinds.neighbours and class_ma.kinds.publicity
    larger_extension = new_consultation("pa.part1.classA")
    assert larger_extension.kinds.neighbours and not larger_extension.kinds.publicity
    assert not larger_extension.site_notice.required


def test_types_without_consultation_have_none():
    with pytest.raises(Conflict):
        new_consultation("ldc.proposed")


def test_officer_sets_the_notices():
    c = set_site_notice(new_consultation(HOUSEHOLDER), required=True, count=3, delivery="applicant")
    assert (c.site_notice.required, c.site_notice.count, c.site_notice.delivery) == (True, 3, NoticeDelivery.APPLICANT)
    c = set_press_notice(c, required=True, publication="  South London Press ")
    assert c.press_notice.publication == "South London Press"
    with pytest.raises(InvalidRequest) as error:
        set_site_notice(c, required=True, count=0, delivery="drone")
    assert [f.path for f in error.value.fields] == ["count", "delivery"]


# --- the state machine -----------------------------------------------------------------------------


def test_start_only_once():
    c = started()
    with pytest.raises(Conflict):
        start(c, today=date(2027, 1, 4))


def test_letters_only_while_in_progress_and_not_before_the_start():
    with pytest.raises(Conflict):
        record_letters_sent(new_consultation(HOUSEHOLDER), on=CHRISTMAS_LETTERS)
    with pytest.raises(InvalidRequest) as error:
        record_letters_sent(started(), on=date(2026, 12, 21))
    assert [f.path for f in error.value.fields] == ["letters_sent_on"]


def test_complete_only_after_the_end_date():
    c = started(HOUSEHOLDER)  # ends Sat 16 Jan 2027
    for today in (date(2027, 1, 5), date(2027, 1, 16)):
        assert not is_due_to_complete(c, today=today)
        with pytest.raises(Conflict):
            complete(c, today=today)
    assert is_due_to_complete(c, today=date(2027, 1, 18))
    done = complete(c, today=date(2027, 1, 18))
    assert done.status is ConsultationStatus.COMPLETE and done.completed_on == date(2027, 1, 18)
    with pytest.raises(Conflict):
        complete(done, today=date(2027, 1, 19))
    with pytest.raises(Conflict):
        extend(done, days=5, reason="late", by="o", now=NOW)
    with pytest.raises(Conflict):
        record_letters_sent(done, on=date(2027, 1, 18))
    with pytest.raises(Conflict):
        complete(new_consultation(HOUSEHOLDER), today=date(2027, 1, 18))
    with pytest.raises(Conflict):
        extend(new_consultation(HOUSEHOLDER), days=5, reason="early", by="o", now=NOW)


def test_an_extension_while_waiting_moves_the_completion():
    c = extend(started(HOUSEHOLDER), days=7, reason="r", by="o", now=NOW)  # 23 Jan
    assert not is_due_to_complete(c, today=date(2027, 1, 18))
    assert is_due_to_complete(c, today=date(2027, 1, 25))


def test_a_late_notice_recorded_after_completion_reopens_the_consultation():
    done = complete(started(HOUSEHOLDER), today=date(2027, 1, 18))
    # displayed Sun 10 Jan 2027: + 21 = Sun 31 Jan, after the completion day: in progress again
    reopened = record_site_notice(done, displayed_on=date(2027, 1, 10), evidence=[PHOTO])
    assert reopened.status is ConsultationStatus.IN_PROGRESS and reopened.completed_on is None
    assert reopened.end_date == date(2027, 1, 31)
    # displayed Fri 18 Dec 2026: its period ended Mon 11 Jan, so the consultation stays complete
    still_done = record_site_notice(done, displayed_on=date(2026, 12, 18), evidence=[PHOTO])
    assert still_done.status is ConsultationStatus.COMPLETE
    assert still_done.site_notice.confirmed


def test_the_workflow_wakes_at_the_start_of_the_day_after_the_end_date_in_england():
    assert completes_after(started(HOUSEHOLDER)) == datetime(2027, 1, 17, 0, 0, tzinfo=UTC)  # GMT
    assert completes_after(started(HOUSEHOLDER, today=EASTER_START)) == datetime(2027, 4, 17, 23, 0, tzinfo=UTC)  # BST
    assert completes_after(new_consultation(HOUSEHOLDER)) is None


def test_every_change_of_end_date_is_explained_for_the_audit():
    before = started(HOUSEHOLDER)
    after = record_site_notice(before, displayed_on=date(2027, 1, 4), evidence=[PHOTO])
    change = end_date_change(before, after)
    assert (change.previous, change.new) == (date(2027, 1, 16), date(2027, 1, 25))
    lines = change.explanation.lines()
    assert lines[-1] == "end date: 2027-01-25"
    assert any(line.startswith("* site notice displayed on 2027-01-04") for line in lines)
    assert any("2026-12-25" in line for line in lines)
    assert end_date_change(after, after) is None
    assert end_date_change(new_consultation(HOUSEHOLDER), before).previous is None


def test_the_record_round_trips():
    c = extend(started(HOUSEHOLDER), days=7, reason="r", by="o", now=NOW)
    c = record_site_notice(c, displayed_on=date(2027, 1, 4), evidence=[PHOTO])
    assert Consultation.model_validate_json(c.model_dump_json()) == c


# --- what blocks determination ---------------------------------------------------------------------


def test_a_required_site_notice_not_displayed_blocks_determination():
    c = started(HOUSEHOLDER)
    assert "site notice" in determination_blocked_reason(c)
    assert lifecycle_flags(c) == {
        "site_notice_required": True,
        "site_notice_displayed": False,
        "press_notice_required": False,
        "press_notice_published": False,
    }
    c = record_site_notice(c, displayed_on=date(2027, 1, 4), evidence=[PHOTO])
    assert determination_blocked_reason(c) is None
    assert lifecycle_flags(c)["site_notice_displayed"] is True
    # the flags are what the lifecycle guard takes
    TransitionContext(actor_id="x", now=NOW, **lifecycle_flags(c))


def test_a_required_press_notice_not_published_blocks_determination():
    c = record_site_notice(started(get_type("pp.full.major")), displayed_on=date(2027, 1, 4), evidence=[PHOTO])
    assert "press notice" in determination_blocked_reason(c)
    c = record_press_notice(c, published_on=date(2027, 1, 6), evidence=[PHOTO2])
    assert determination_blocked_reason(c) is None


def test_a_notice_not_required_blocks_nothing():
    c = set_site_notice(started(HOUSEHOLDER), required=False)
    assert determination_blocked_reason(c) is None
    assert determination_blocked_reason(None) is None


def test_a_running_consultation_blocks_determination_when_today_is_given():
    c = set_site_notice(started(HOUSEHOLDER), required=False)
    assert "2027-01-16" in determination_blocked_reason(c, today=date(2027, 1, 16))
    assert determination_blocked_reason(c, today=date(2027, 1, 17)) is None


# --- properties ------------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(start_day=DAYS, notice_offset=st.integers(-40, 60), disregard=st.booleans())
def test_a_notice_never_moves_the_end_date_earlier(start_day, notice_offset, disregard):
    c = started(HOUSEHOLDER if disregard else COUNTING_HOLIDAYS, today=start_day)
    after = record_site_notice(c, displayed_on=start_day + timedelta(notice_offset), evidence=[PHOTO])
    assert after.end_date >= c.end_date
    after = record_press_notice(after, published_on=start_day + timedelta(notice_offset), evidence=[PHOTO])
    assert after.end_date >= c.end_date


@settings(max_examples=150, deadline=None)
@given(start_day=DAYS)
def test_the_end_date_is_at_least_21_days_after_the_letters_and_never_a_public_holiday(start_day):
    counting = started(COUNTING_HOLIDAYS, today=start_day)
    disregarding = started(HOUSEHOLDER, today=start_day)
    letters = end_date(counting).decisive.from_date
    assert letters > start_day
    assert counting.end_date == letters + timedelta(21)
    assert disregarding.end_date >= counting.end_date
    assert not is_public_holiday(disregarding.end_date)
    gained = (disregarding.end_date - counting.end_date).days
    assert gained == len(end_date(disregarding).decisive.disregarded)


@pytest.mark.parametrize(
    "code,rule",
    [
        ("pp.full.householder", "DMPO 2015 art. 15"),
        ("pp.full.minor", "DMPO 2015 art. 15"),
        ("pp.full.major", "DMPO 2015 art. 15"),
        ("listed", "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 5"),
        ("pa.part1.classA", "GPDO 2015 Sch. 2 Part 1 para. A.4(5)"),
        ("pa.part3.classMA", "GPDO 2015 Sch. 2"),
        ("ldc.existing", None),
        ("ldc.proposed", None),
        ("wtt.consent", None),
    ],
)
def test_which_types_must_be_publicised_before_a_decision_and_under_which_rule(code, rule):
    """DMPO 2015 art. 15 (planning permission), Listed Buildings Regulations 1990 reg. 5, the GPDO 2015 Sch. 2
    prior approval procedure; a lawful development certificate needs no publicity."""
    from bops.domain.consultation import publicity_rule

    assert publicity_rule(code) == rule
    assert publicity_rule(get_type(code)) == rule
