"""Delivery status from GOV.UK Notify's receipts: statuses only move forward; failures are flagged; batches."""

from __future__ import annotations

from datetime import date

import pytest

from bops.domain.delivery import (
    EMAIL_ORDER,
    LETTER_FAILED,
    LETTER_ORDER,
    SENT,
    advance,
    batch_of,
    batches,
    check_status,
    is_failed,
    is_final,
    new_delivery,
)
from bops.domain.errors import InvalidRequest

T0, T1, T2, T3 = (f"2026-12-23T1{n}:00:00Z" for n in range(4))


def receive(kind, delivery, *statuses):
    """Applies receipts in turn, as the callback does: a receipt that changes nothing leaves it as it was."""
    for n, status in enumerate(statuses, start=1):
        delivery = {**delivery, **(advance(kind, delivery, status, at=f"t{n}") or {})}
    return delivery


def test_a_letter_starts_sent_with_its_history():
    assert new_delivery(T0) == {
        "status": SENT,
        "status_history": [{"status": SENT, "at": T0}],
        "updated_at": T0,
        "failed": False,
    }


def test_a_letter_moves_forward_through_notify_statuses_with_its_history():
    # Given a letter just handed to Notify
    letter = new_delivery(T0)
    # When Notify sends it to the printer, then the printer posts it
    accepted = advance("letter", letter, "accepted", at=T1)
    received = advance("letter", {**letter, **accepted}, "received", at=T2)
    # Then each receipt moves it on, and its history says when
    assert accepted["status"] == "accepted" and received["status"] == "received"
    assert [h["status"] for h in received["status_history"]] == [SENT, "accepted", "received"]
    assert received["status_history"][-1]["at"] == T2 and received["updated_at"] == T2
    assert received["failed"] is False


def test_late_and_repeated_receipts_change_nothing():
    received = receive("letter", new_delivery(T0), "accepted", "received")
    # a late "accepted" after "received" does not take it back; a repeat is a no-op
    assert advance("letter", received, "accepted", at=T3) is None
    assert advance("letter", received, "received", at=T3) is None
    accepted = receive("letter", new_delivery(T0), "accepted")
    assert advance("letter", accepted, "accepted", at=T3) is None
    assert advance("letter", accepted, "pending-virus-check", at=T3) is None


def test_nothing_moves_a_final_status():
    failed = receive("letter", new_delivery(T0), "permanent-failure")
    assert is_final("letter", "permanent-failure") and is_final("letter", "received")
    assert advance("letter", failed, "received", at=T3) is None
    assert advance("letter", failed, "technical-failure", at=T3) is None
    received = receive("letter", new_delivery(T0), "received")
    assert advance("letter", received, "permanent-failure", at=T3) is None


@pytest.mark.parametrize("status", sorted(LETTER_FAILED))
def test_a_letter_that_was_not_posted_is_flagged_failed(status):
    # from sent, or from accepted: the letter was never posted
    for start in ((), ("accepted",)):
        letter = receive("letter", new_delivery(T0), *start)
        changed = advance("letter", letter, status, at=T3)
        assert changed is not None and changed["failed"] is True and changed["status"] == status
        assert is_failed("letter", status)


def test_precompiled_letters_pass_their_virus_check_first():
    letter = receive("letter", new_delivery(T0), "pending-virus-check", "accepted", "received")
    assert [h["status"] for h in letter["status_history"]] == [SENT, "pending-virus-check", "accepted", "received"]
    assert receive("letter", new_delivery(T0), "pending-virus-check", "virus-scan-failed")["failed"] is True


def test_email_statuses_follow_notify():
    email = receive("email", new_delivery(T0), "created", "sending", "delivered", "sending")
    assert [h["status"] for h in email["status_history"]] == [SENT, "sending", "delivered"]
    assert email["failed"] is False
    for failure in ("permanent-failure", "temporary-failure", "technical-failure"):
        assert receive("email", new_delivery(T0), "sending", failure)["failed"] is True
    assert not is_failed("email", "delivered")


def test_a_status_of_the_other_kind_is_refused_on_the_status_field():
    for kind, status in (("letter", "delivered"), ("email", "received"), ("letter", "sent"), ("email", "nonsense")):
        with pytest.raises(InvalidRequest) as error:
            check_status(kind, status)
        assert [f.path for f in error.value.fields] == ["status"]
    # every status in either order is one Notify documents for that kind
    assert {"accepted", "received", "cancelled", "technical-failure", "permanent-failure"} <= set(LETTER_ORDER)
    assert {"pending-virus-check", "virus-scan-failed", "validation-failed"} <= set(LETTER_ORDER)
    assert {"sending", "delivered", "permanent-failure", "temporary-failure", "technical-failure"} <= set(EMAIL_ORDER)


def test_a_letter_kept_before_receipts_has_a_history_made_for_it():
    legacy = {"sent_on": "2026-12-23", "status": "sent", "notification_id": "n1"}
    changed = advance("letter", legacy, "accepted", at=T1)
    assert changed["status_history"] == [{"status": "sent", "at": "2026-12-23"}, {"status": "accepted", "at": T1}]


def test_letters_are_counted_by_batch():
    day, next_day = date(2026, 12, 23), date(2026, 12, 24)
    first = batch_of(day, resent=False)
    resent = batch_of(next_day, resent=True)
    assert (first, resent) == ("2026-12-23/first", "2026-12-24/resent")
    letters = [
        {"sent_on": "2026-12-23", "batch": first, **receive("letter", new_delivery(T0), "received")},
        {"sent_on": "2026-12-23", "batch": first, **receive("letter", new_delivery(T0), "accepted")},
        {"sent_on": "2026-12-23", "batch": first, **receive("letter", new_delivery(T0), "permanent-failure")},
        {"sent_on": "2026-12-23", "batch": first, **new_delivery(T0)},
        {"sent_on": "2026-12-24", "batch": resent, "resend_reason": "Not printed", **new_delivery(T1)},
        # kept before batches were: counted by its day
        {"sent_on": "2026-12-22", "status": "sent", "notification_id": "old"},
    ]
    summary = [b.model_dump(mode="json") for b in batches(letters)]
    assert summary == [
        {
            "batch": "2026-12-22/first",
            "sent_on": "2026-12-22",
            "resent": False,
            "letters": 1,
            "by_status": {"sent": 1},
            "failed": 0,
        },
        {
            "batch": first,
            "sent_on": "2026-12-23",
            "resent": False,
            "letters": 4,
            "by_status": {"accepted": 1, "permanent-failure": 1, "received": 1, "sent": 1},
            "failed": 1,
        },
        {
            "batch": resent,
            "sent_on": "2026-12-24",
            "resent": True,
            "letters": 1,
            "by_status": {"sent": 1},
            "failed": 0,
        },
    ]
    assert batches([]) == []
