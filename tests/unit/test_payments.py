"""The GOV.UK Pay adapter: what it sends, what it reads back, and how its failures reach the caller."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import requests

from bops.adapters import payments
from bops.domain.errors import NotFound, UpstreamError, UpstreamUnavailable

NEW = payments.NewPayment(
    council="demo",
    amount_pence=3200,
    reference="26-00001-MINOR",
    description="Planning application 26-00001-MINOR: the rest of the fee",
    return_url="https://planning.example.gov.uk/api/v1/fee-payments/demo/26-00001-MINOR/return",
)


class Answer:
    def __init__(self, status: int, body: dict[str, Any] | None = None) -> None:
        self.status_code = status
        self._body = body or {}

    def json(self) -> dict[str, Any]:
        return self._body


@pytest.fixture
def pay(monkeypatch):
    calls: list[dict[str, Any]] = []
    answers: list[Any] = []

    def request(method: str, url: str, **kwargs: Any) -> Answer:
        calls.append({"method": method, "url": url, **kwargs})
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(requests, "request", request)
    monkeypatch.setattr("bops.adapters.secrets.secret", lambda name, **_: f"key-for-{name}")
    return SimpleNamespace(adapter=payments.GovUkPay("https://pay.test"), calls=calls, answers=answers)


def test_a_payment_is_created_for_the_amount_with_the_councils_key(pay):
    pay.answers.append(
        Answer(
            201, {"payment_id": "hu20sqlact5260q2nanm0q8u93", "_links": {"next_url": {"href": "https://pay.test/p/1"}}}
        )
    )
    started = pay.adapter.create(NEW, idempotency_key="26-00001-MINOR-0-3200")
    assert started == payments.PaymentLink("govuk_pay", "hu20sqlact5260q2nanm0q8u93", "https://pay.test/p/1")
    (call,) = pay.calls
    assert (call["method"], call["url"]) == ("POST", "https://pay.test/v1/payments")
    assert call["json"] == {
        "amount": 3200,
        "reference": "26-00001-MINOR",
        "description": NEW.description,
        "return_url": NEW.return_url,
    }
    assert call["headers"]["Authorization"] == "Bearer key-for-bops/demo/govuk-pay-api-key"
    assert call["headers"]["Idempotency-Key"] == "26-00001-MINOR-0-3200"


def test_only_a_finished_success_is_paid(pay):
    pay.answers.extend(
        [
            Answer(200, {"amount": 3200, "state": {"status": "success", "finished": True}, "provider_id": "p-1"}),
            Answer(200, {"amount": 3200, "state": {"status": "submitted", "finished": False}}),
            Answer(200, {"amount": 3200, "state": {"status": "failed", "finished": True}}),
        ]
    )
    states = [pay.adapter.state("demo", "pid") for _ in range(3)]
    assert [s.paid for s in states] == [True, False, False]
    assert states[0].provider_reference == "p-1"
    assert pay.calls[0]["url"] == "https://pay.test/v1/payments/pid"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (Answer(503), UpstreamUnavailable),
        (Answer(429), UpstreamUnavailable),
        (requests.ConnectionError("no route"), UpstreamUnavailable),
        (Answer(401), UpstreamError),
        (Answer(422), UpstreamError),
    ],
)
def test_gov_uk_pay_failing_is_an_upstream_error_worth_retrying_or_not(pay, answer, error):
    pay.answers.append(answer)
    with pytest.raises(error) as raised:
        pay.adapter.create(NEW, idempotency_key="k")
    assert "GOV.UK Pay" in str(raised.value)
    assert (error is UpstreamUnavailable) == isinstance(raised.value, UpstreamUnavailable)


def test_the_local_payment_page_exists_only_with_the_local_stand_in():
    from bops.services.fee_payments import complete_local_payment

    ctx = SimpleNamespace(payments=payments.GovUkPay("https://pay.test"))
    with pytest.raises(NotFound):
        complete_local_payment(ctx, "demo", "abc")  # type: ignore[arg-type]
