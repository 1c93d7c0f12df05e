"""Agreed is not paid: the fee check stays failed until an officer records the payment or the payment
provider confirms it (here the local stub, whose payment page is a link in the outbox)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.integration.test_applicant_emails import served
from tests.support import WAIT, Caller, applicant_links, wait_for

pytestmark = pytest.mark.integration


def _awaiting(council: Any, reference: str) -> bool:
    return council.case(reference)["application"].get("awaiting") == "validation_decision"


def _fee_check(council: Any, reference: str) -> dict[str, Any]:
    report = council.officer().get(f"/api/v1/applications/{reference}/validation-report").json()["report"]
    return next(c for c in report["checks"] if c["id"] == "fee")


def _today() -> Any:
    from bops.services.context import context

    return context().clock.now().astimezone(ZoneInfo("Europe/London")).date()


def _fee_change_agreed(council: Any) -> tuple[str, dict[str, Any]]:
    """A minor application £32 short of its fee (£610 due from 1 April 2026, £578 paid), invalidated, its
    document request cancelled, and the fee change agreed by the applicant."""
    reference = council.submit("minor")
    wait_for(lambda: _awaiting(council, reference))
    officer = council.officer()
    path = f"/api/v1/applications/{reference}/validation-requests"
    assert (
        officer.post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"}
        ).status_code
        == 200
    )
    for request in officer.get(path).json()["validation_requests"]:
        if request["type"] != "fee_change":
            cancelled = officer.post(f"{path}/{request['id']}/cancellation", json_body={"reason": "Not needed"})
            assert cancelled.status_code == 200, cancelled.text
    (token,) = [t for t in applicant_links(council, reference) if _is_fee_change(council, t)]
    applicant = Caller(council.api_url, token)
    answer = applicant.post("/api/v1/applicant/request/response", json_body={"approved": True})
    assert answer.status_code == 200, answer.text
    # the answer closes the request and its link: what the applicant sees now is the answer's page
    assert applicant.get("/api/v1/applicant/request").status_code == 404
    return reference, answer.json()


def _is_fee_change(council: Any, token: str) -> bool:
    view = Caller(council.api_url, token).get("/api/v1/applicant/request")
    return view.status_code == 200 and view.json()["request"]["type"] == "fee_change"


def test_agreed_is_not_paid_until_an_officer_records_the_payment(runtime, council):
    # Given the applicant agreed to pay the £32 still owed
    reference, _answered = _fee_change_agreed(council)
    officer = council.officer()

    # Then the case says agreed, not paid, and the fee check is still failed
    fee = officer.get(f"/api/v1/applications/{reference}/fee").json()
    assert fee["status"] == "agreed"
    assert (fee["asked_pence"], fee["paid_pence"], fee["outstanding_pence"]) == (3200, 0, 3200)
    case = council.case(reference)["application"]
    assert case["fee"]["status"] == "agreed" and case["fee"]["payable"] == 578.0
    check = _fee_check(council, reference)
    assert check["outcome"] == "failed" and "agreed to pay £32.00; not received yet" in check["evidence"]
    shown = {c["id"]: c["outcome"] for c in council.case(reference)["application"]["validation_report"]["checks"]}
    assert shown["fee"] == "failed"

    # And the application cannot be made valid yet: the fee is one of the things it needs
    wait_for(lambda: _awaiting(council, reference))
    refused = officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"})
    assert refused.status_code == 409 and "record the payment" in refused.json()["error"]["message"]

    # When the officer records part of it, taken by card over the phone
    payments = f"/api/v1/applications/{reference}/fee-payments"
    today = _today()
    part = officer.post(
        payments,
        json_body={"amount_pence": 1200, "method": "card", "reference": "PHONE-1", "received_on": today.isoformat()},
    )
    assert part.status_code == 201, part.text
    assert part.json()["status"] == "agreed" and part.json()["outstanding_pence"] == 2000
    assert _fee_check(council, reference)["outcome"] == "failed"

    # And then the rest, by bank transfer
    rest = officer.post(
        payments, json_body={"amount_pence": 2000, "method": "bank_transfer", "received_on": today.isoformat()}
    )
    assert rest.status_code == 201, rest.text
    assert rest.json()["status"] == "paid" and rest.json()["outstanding_pence"] == 0

    # Then the fee check passes, with the payment in its evidence, and the payment is in the audit trail
    check = _fee_check(council, reference)
    assert check["outcome"] == "passed" and "paid in full" in check["evidence"]
    detail = council.case(reference)
    assert detail["application"]["fee"]["payable"] == 610.0
    shown = {c["id"]: c["outcome"] for c in detail["application"]["validation_report"]["checks"]}
    assert shown["fee"] == "passed"  # the case page shows the same (its documents check still fails)
    recorded = [a for a in detail["audit"] if a["action"] == "fee.payment_recorded"]
    assert [a["after"]["fee_status"] for a in recorded] == ["agreed", "paid"]

    # And nothing more can be recorded
    again = officer.post(payments, json_body={"amount_pence": 100, "method": "cash", "received_on": today.isoformat()})
    assert again.status_code == 409

    # And the application is valid from the day the fee was received (DMPO 2015 art. 34)
    valid = officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"})
    assert valid.status_code == 200, valid.text
    assert valid.json()["application"]["valid_from"] == today.isoformat()
    assert valid.json()["application"]["expiry_date"] == (today + timedelta(weeks=8)).isoformat()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount_pence": 0, "method": "card"}, "amount_pence"),
        ({"amount_pence": -100, "method": "card"}, "amount_pence"),
        ({"amount_pence": "32.00", "method": "card"}, "amount_pence"),
        ({"amount_pence": 12.5, "method": "card"}, "amount_pence"),
        ({"amount_pence": 3201, "method": "card"}, "amount_pence"),  # more than is owed
        ({"amount_pence": 100, "method": "bitcoin"}, "method"),
        ({"amount_pence": 100, "method": "govuk_pay"}, "method"),  # only the provider's word records that
        ({"amount_pence": 100, "method": "card", "received_on": "2199-01-01"}, "received_on"),
        ({"amount_pence": 100, "method": "card", "received_on": "2020-01-01"}, "received_on"),  # before received
        ({"amount_pence": 100, "method": "card", "received_on": "tomorrow"}, "received_on"),
        ({"amount_pence": 100, "method": "card", "received_on": None}, "received_on"),
    ],
)
def test_a_bad_payment_is_422_naming_the_field_and_changes_nothing(runtime, council, body, field):
    reference, _answered = _fee_change_agreed(council)
    before = council.case(reference)
    body = {"received_on": _today().isoformat(), **body}
    if body["received_on"] is None:
        del body["received_on"]
    response = council.officer().post(f"/api/v1/applications/{reference}/fee-payments", json_body=body)
    assert response.status_code == 422, response.text
    assert field in [f["path"] for f in response.json()["error"]["fields"]], response.text
    assert council.case(reference)["application"]["fee"] == before["application"]["fee"]


def test_the_applicant_pays_online_through_the_payment_provider(runtime, council):
    # Given the applicant agreed to pay: the page answering them offers the payment provider's page
    reference, answered = _fee_change_agreed(council)
    payment_url = answered["payment_url"]
    assert payment_url

    # and the local stub put that page in the outbox, on the URL this run serves
    emails = council.officer().get("/api/v1/outbox").json()["emails"]
    (page,) = [e for e in emails if e["template"] == "payment_link" and e["reference"] == reference]
    assert page["personalisation"]["payment_link"] == payment_url
    assert payment_url.startswith(f"{served(runtime)}/api/v1/local/payments/")
    assert page["personalisation"]["amount"] == "£32.00"

    # When they pay on it, and come back
    paid = requests.get(payment_url, allow_redirects=False, timeout=WAIT)
    assert paid.status_code == 303
    back = paid.headers["Location"]
    assert back == f"{served(runtime)}/api/v1/fee-payments/{council.id}/{reference}/return"
    for _ in range(2):  # the browser comes back twice: recorded once
        returned = requests.get(back, allow_redirects=False, timeout=WAIT)
        assert returned.status_code == 303
        assert returned.headers["Location"] == f"{served(runtime)}/public.html#{council.id}/{reference}"

    # Then the provider's confirmation marked the fee paid and the fee check passes
    fee = council.officer().get(f"/api/v1/applications/{reference}/fee").json()
    assert fee["status"] == "paid" and fee["outstanding_pence"] == 0
    (payment,) = fee["payments"]
    assert payment["method"] == "govuk_pay" and payment["provider"] == "local" and payment["amount_pence"] == 3200
    assert _fee_check(council, reference)["outcome"] == "passed"
    assert (
        "payment_link" not in council.case(reference)["application"]["fee"]
        or not (council.case(reference)["application"]["fee"]["payment_link"])
    )


def test_the_return_from_the_provider_before_paying_records_nothing(runtime, council):
    reference, _answered = _fee_change_agreed(council)
    returned = requests.get(
        f"{served(runtime)}/api/v1/fee-payments/{council.id}/{reference}/return", allow_redirects=False, timeout=WAIT
    )
    assert returned.status_code == 303
    assert council.officer().get(f"/api/v1/applications/{reference}/fee").json()["status"] == "agreed"
    assert _fee_check(council, reference)["outcome"] == "failed"

    # and when the payer pays but never comes back, the officer asks the provider
    officer = council.officer()
    check = f"/api/v1/applications/{reference}/fee-payments/online-check"
    assert officer.post(check).json()["status"] == "agreed"  # not paid yet
    paid = requests.get(_answered["payment_url"], allow_redirects=False, timeout=WAIT)
    assert paid.status_code == 303
    checked = officer.post(check)
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "paid" and checked.json()["payments"][0]["provider"] == "local"
    assert _fee_check(council, reference)["outcome"] == "passed"


def test_a_fee_paid_by_phone_before_any_answer_is_the_amount_the_officer_asks(runtime, council):
    # Given the fee check's draft, changed by the officer to £25 (say, a concession agreed by phone)
    reference = council.submit("minor")
    wait_for(lambda: _awaiting(council, reference))
    officer = council.officer()
    path = f"/api/v1/applications/{reference}/validation-requests"
    (draft,) = [r for r in officer.get(path).json()["validation_requests"] if r["type"] == "fee_change"]
    edited = officer.put(
        f"{path}/{draft['id']}", json_body={"details": {"amount_pence": 2500, "reason": "The rest of the fee"}}
    )
    assert edited.status_code == 200, edited.text
    fee = officer.get(f"/api/v1/applications/{reference}/fee").json()
    assert (fee["status"], fee["asked_pence"], fee["outstanding_pence"]) == ("due", 2500, 2500)

    # When the applicant pays it by phone before any request is sent
    paid = officer.post(
        f"/api/v1/applications/{reference}/fee-payments",
        json_body={"amount_pence": 2500, "method": "card", "received_on": _today().isoformat()},
    )

    # Then the fee is paid and its check passes
    assert paid.status_code == 201, paid.text
    assert paid.json()["status"] == "paid"
    assert _fee_check(council, reference)["outcome"] == "passed"
    # and the fee change request has nothing left to ask: withdrawn
    (request,) = [r for r in officer.get(path).json()["validation_requests"] if r["type"] == "fee_change"]
    assert request["state"] == "cancelled" and request["cancel_reason"] == "The fee was paid in full"
