"""The payments port and its two adapters: GOV.UK Pay (AWS) and a local stub (local run, tests).

A payment is made for an amount, with a ``return_url``; the provider answers with the page the payer
goes to (``next_url``). When the payer is done the provider sends them back to the ``return_url``, and
BoPS asks the provider how the payment ended (``state``): only the provider's word marks the fee paid.
Which adapter runs is configuration (``BOPS_PAYMENTS``: ``local`` or ``govuk_pay``), not code.

GOV.UK Pay: each council's API key is in Secrets Manager (``bops/<council>/govuk-pay-api-key``), read
through ``bops.adapters.secrets``. API: https://docs.payments.service.gov.uk/api_reference/.

The local stub keeps each payment in the table and puts its "payment page" in the local outbox (the
emails page), as a link that, opened, completes the payment and returns to ``return_url``: a newcomer
sees the whole path without a provider.
"""

from __future__ import annotations

import secrets as token_source
from dataclasses import dataclass
from typing import Any, Protocol

GOVUK_PAY_URL = "https://publicapi.payments.service.gov.uk"
GOVUK_PAY_TIMEOUT = 10  # seconds: the payer waits on it
#: GOV.UK Pay's statuses; a payment is paid only on ``success`` once ``finished``.
PAID = "success"


@dataclass(frozen=True)
class NewPayment:
    council: str
    amount_pence: int
    reference: str  # the application's reference: no personal data
    description: str
    return_url: str


@dataclass(frozen=True)
class PaymentLink:
    provider: str
    payment_id: str
    next_url: str  # where the payer pays


@dataclass(frozen=True)
class PaymentState:
    payment_id: str
    status: str  # created, started, submitted, capturable, success, failed, cancelled, error
    finished: bool
    amount_pence: int
    provider_reference: str | None = None

    @property
    def paid(self) -> bool:
        return self.finished and self.status == PAID


class Payments(Protocol):
    """Takes payments. ``provider`` names it in what the case records."""

    provider: str

    def create(self, payment: NewPayment, *, idempotency_key: str) -> PaymentLink:
        """Starts a payment; the payer goes to ``next_url``."""
        ...

    def state(self, council: str, payment_id: str) -> PaymentState:
        """How the payment stands now."""
        ...


class GovUkPay:
    provider = "govuk_pay"

    def __init__(self, base_url: str = GOVUK_PAY_URL) -> None:
        self.base_url = base_url.rstrip("/")

    def _headers(self, council: str) -> dict[str, str]:
        from bops.adapters.secrets import secret

        key = secret(f"bops/{council}/govuk-pay-api-key")
        return {"Authorization": f"Bearer {key}", "Accept": "application/json"}

    def create(self, payment: NewPayment, *, idempotency_key: str) -> PaymentLink:
        body = _call(
            "POST",
            f"{self.base_url}/v1/payments",
            headers={**self._headers(payment.council), "Idempotency-Key": idempotency_key},
            json={
                "amount": payment.amount_pence,
                "reference": payment.reference,
                "description": payment.description,
                "return_url": payment.return_url,
            },
        )
        return PaymentLink(
            provider=self.provider, payment_id=str(body["payment_id"]), next_url=str(body["_links"]["next_url"]["href"])
        )

    def state(self, council: str, payment_id: str) -> PaymentState:
        body = _call("GET", f"{self.base_url}/v1/payments/{payment_id}", headers=self._headers(council))
        return PaymentState(
            payment_id=payment_id,
            status=str(body["state"]["status"]),
            finished=bool(body["state"].get("finished")),
            amount_pence=int(body["amount"]),
            provider_reference=body.get("provider_id"),
        )


def _call(method: str, url: str, **kwargs: Any) -> dict[str, Any]:
    """One call to GOV.UK Pay. Down, slow or rate-limiting: ``UpstreamUnavailable`` (try again); a
    refusal (a bad key, a bad amount): ``UpstreamError``."""
    import requests

    from bops.domain.errors import UpstreamError, UpstreamUnavailable

    try:
        response = requests.request(method, url, timeout=GOVUK_PAY_TIMEOUT, **kwargs)
    except requests.RequestException as error:
        raise UpstreamUnavailable("GOV.UK Pay did not answer: try again") from error
    if response.status_code >= 500 or response.status_code == 429:
        raise UpstreamUnavailable(f"GOV.UK Pay did not take the payment ({response.status_code}): try again")
    if response.status_code >= 400:
        raise UpstreamError(f"GOV.UK Pay refused ({response.status_code}): check the council's GOV.UK Pay set-up")
    return dict(response.json())


class LocalPayments:
    """A payment provider on this machine: each payment is an item of the table; its payment page is a
    link in the local outbox that completes it (``complete``). Nothing leaves the machine."""

    provider = "local"

    def __init__(self, repo: Any, clock: Any, notifier: Any, page_url: Any) -> None:
        self.repo = repo
        self.clock = clock
        self.notifier = notifier
        #: ``page_url(council, payment_id)``: where the stub's payment page is served
        self.page_url = page_url

    def create(self, payment: NewPayment, *, idempotency_key: str) -> PaymentLink:
        from bops.adapters.notify import Email
        from bops.domain.fees import format_pence
        from bops.domain.time import iso

        payment_id = token_source.token_hex(13)  # unguessable, as GOV.UK Pay's ids are
        self.repo.put(
            {
                "pk": f"{payment.council}#PAYMENT",
                "sk": f"ID#{payment_id}",
                "kind": "local_payment",
                "status": "created",
                "amount_pence": payment.amount_pence,
                "reference": payment.reference,
                "return_url": payment.return_url,
                "created_at": iso(self.clock.now()),
            }
        )
        next_url = self.page_url(payment.council, payment_id)
        # the payer's page, where a newcomer finds it: the outbox
        self.notifier.send_email(
            Email(
                council=payment.council,
                template="payment_link",
                to="GOV.UK Pay (local stub)",
                personalisation={
                    "amount": format_pence(payment.amount_pence),
                    "description": payment.description,
                    "payment_link": next_url,
                },
                reference=payment.reference,
            ),
            reference=f"{payment.reference}:payment_link:{payment_id}:0",
        )
        return PaymentLink(provider=self.provider, payment_id=payment_id, next_url=next_url)

    def state(self, council: str, payment_id: str) -> PaymentState:
        item = self._item(council, payment_id)
        status = str(item["status"]) if item else "error"
        return PaymentState(
            payment_id=payment_id,
            status=status,
            finished=status != "created",
            amount_pence=int(item["amount_pence"]) if item else 0,
            provider_reference=f"local-{payment_id[:8]}" if item else None,
        )

    def complete(self, council: str, payment_id: str) -> str | None:
        """The payer pays on the stub's page: the payment succeeds. Answers where the payer goes next (the
        payment's return URL), or None for no such payment."""
        item = self._item(council, payment_id)
        if item is None:
            return None
        if item["status"] == "created":
            self.repo.put({**item, "status": PAID})
        return str(item["return_url"])

    def _item(self, council: str, payment_id: str) -> dict[str, Any] | None:
        if not payment_id.isalnum():
            return None
        item = self.repo.get(f"{council}#PAYMENT", f"ID#{payment_id}")
        return dict(item) if item else None
