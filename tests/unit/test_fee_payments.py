"""Agreed is not paid: the fee's states, payments towards the amount asked, and the fee check since arrival."""

from __future__ import annotations

from datetime import date

import pytest

from bops.domain import fee_payments as fees
from bops.domain.errors import Conflict, InvalidRequest
from bops.domain.validation_checks import owed_on_arrival, with_fee_received

SUBMITTED = {"payable": 578.0, "calculated": 578.0}
AT = "2026-12-04T10:00:00+00:00"


def _payment(amount: int, method: str = "card") -> fees.FeePayment:
    return fees.FeePayment(
        amount_pence=amount,
        method=fees.PaymentMethod(method),
        received_on=date(2026, 12, 4),
        recorded_at=AT,
        recorded_by="Jo Officer",
    )


def _report(fee_outcome: str = "failed") -> dict:
    draft = {"type": "fee_change", "summary": "Pay", "detail": "Pay", "amount_pence": 3200}
    return {
        "passed": fee_outcome != "failed",
        "checks": [
            {"id": "schema", "outcome": "passed", "evidence": "ok", "title": "t"},
            {
                "id": "fee",
                "outcome": fee_outcome,
                "evidence": "Underpaid by £32.00.",
                "title": "t",
                "draft_request": draft if fee_outcome == "failed" else None,
            },
        ],
    }


def test_agreeing_is_not_paying():
    agreed = fees.agree(SUBMITTED, amount_pence=3200, at=AT, request_id="r1")
    assert agreed["status"] == "agreed"
    assert fees.outstanding_pence(agreed) == 3200
    assert agreed["payable"] == 578.0  # nothing received


def test_payments_reach_the_amount_asked_and_the_fee_is_paid():
    fee = fees.agree(SUBMITTED, amount_pence=3200, at=AT, request_id="r1")
    fee = fees.record(fee, _payment(1200))
    assert (fee["status"], fees.outstanding_pence(fee), fee["payable"]) == ("agreed", 2000, 578.0)
    fee = fees.record(fee, _payment(2000, "bank_transfer"))
    assert (fee["status"], fees.outstanding_pence(fee), fee["payable"]) == ("paid", 0, 610.0)
    with pytest.raises(Conflict):
        fees.record(fee, _payment(1))


def test_more_than_is_owed_is_refused_on_the_amount():
    fee = fees.agree(SUBMITTED, amount_pence=3200, at=AT, request_id="r1")
    with pytest.raises(InvalidRequest) as error:
        fees.record(fee, _payment(3201))
    assert [f.path for f in error.value.fields] == ["amount_pence"]


def test_paid_by_phone_before_agreeing_counts_once():
    # the fee check found £32 missing; the applicant paid by phone before answering the request
    fee = fees.record(SUBMITTED, _payment(3200), owed_pence=3200)
    assert (fee["status"], fee["payable"]) == ("paid", 610.0)
    agreed = fees.agree(fee, amount_pence=3200, at=AT, request_id="r1")
    assert (agreed["status"], agreed["payable"]) == ("paid", 610.0)  # not counted twice


def test_nothing_owed_nothing_to_record():
    with pytest.raises(Conflict):
        fees.record(SUBMITTED, _payment(100))


def test_the_fee_check_passes_only_once_paid_in_full():
    report = _report()
    assert owed_on_arrival(report) == 3200
    agreed = fees.agree(SUBMITTED, amount_pence=3200, at=AT, request_id="r1")
    shown = with_fee_received(report, agreed)
    assert shown is not None
    fee_check = shown["checks"][1]
    assert fee_check["outcome"] == "failed" and "not received yet" in fee_check["evidence"]
    assert shown["passed"] is False
    paid = fees.record(agreed, _payment(3200))
    shown = with_fee_received(report, paid)
    assert shown is not None
    assert shown["checks"][1]["outcome"] == "passed" and shown["checks"][1]["draft_request"] is None
    assert "paid in full" in shown["checks"][1]["evidence"] and "Jo Officer" in shown["checks"][1]["evidence"]
    assert shown["passed"] is True
    assert report["checks"][1]["outcome"] == "failed"  # the arrival record itself is unchanged


def test_a_report_without_a_fee_story_is_as_made():
    assert with_fee_received(_report("passed"), SUBMITTED) == _report("passed")
    assert with_fee_received(None, SUBMITTED) is None
    assert fees.status_of(SUBMITTED) is None
    assert fees.status_of(SUBMITTED, fee_check_failed=True, owed_pence=3200) == "due"
