"""The fee still owed on an application, and the payments that settle it: agreed is not paid. Pure.

::

    due ----applicant agrees to the fee change----> agreed ---payments reach the amount---> paid
     |                                                                                     ^
     +-----------------payments reach the amount (paid by phone before agreeing)-----------+

``due``: more is owed than the submission paid (the automated fee check failed, or the officer asked
for more through a fee change request). ``agreed``: the applicant accepted the fee change; nothing has
been received yet. ``paid``: payments recorded since, by an officer (card by phone, bank transfer,
cheque, cash) or confirmed by the payment provider (GOV.UK Pay), add up to the amount asked.

The fee is one of the things an application needs before it is valid (DMPO 2015 art. 34(3)-(4)): an
application whose fee is agreed but not paid is not valid yet, and the fee check stays failed until the
fee is paid in full.

The state lives in the case's ``fee`` attribute beside what the submission said (``payable``: what has
been paid, in pounds, as ODP has it): ``status``, ``asked_pence`` (the amount asked beyond the
submission), ``agreed`` (when, through which request), ``payments`` and ``payment_link`` (the payment
the provider is waiting for, if any).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import ConfigDict, Field

from bops.domain.errors import Conflict, FieldError, InvalidRequest
from bops.domain.fees import format_pence
from bops.model import Model

FeeStatus = Literal["due", "agreed", "paid"]
#: More than any planning fee (the largest, for major development, is capped well below it): a bigger
#: amount is a typing mistake.
MAX_PAYMENT_PENCE = 100_000_000


class PaymentMethod(StrEnum):
    """How the money came: what an officer records, or the payment provider's confirmation."""

    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    CHEQUE = "cheque"
    CASH = "cash"
    GOVUK_PAY = "govuk_pay"


#: The methods an officer records by hand; ``govuk_pay`` is recorded only on the provider's word.
OFFICER_METHODS = tuple(m.value for m in PaymentMethod if m is not PaymentMethod.GOVUK_PAY)


class FeePayment(Model):
    """One payment received towards the fee asked."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    amount_pence: int = Field(gt=0, le=MAX_PAYMENT_PENCE)
    method: PaymentMethod
    reference: str | None = Field(None, description="The payment's own reference (receipt, bank, GOV.UK Pay)")
    received_on: date
    recorded_at: str
    recorded_by: str = Field(description="The officer who recorded it, or the payment provider that confirmed it")
    provider: str | None = Field(None, description="The payment provider that confirmed it (govuk_pay, local)")


def asked_pence(fee: dict[str, Any]) -> int:
    """The amount asked beyond what the submission paid (0 when nothing was asked)."""
    return int(fee.get("asked_pence") or 0)


def paid_pence(fee: dict[str, Any]) -> int:
    """The payments recorded towards the amount asked."""
    return sum(int(p["amount_pence"]) for p in fee.get("payments") or [])


def outstanding_pence(fee: dict[str, Any]) -> int:
    """What is still owed of the amount asked."""
    return max(0, asked_pence(fee) - paid_pence(fee))


def status_of(fee: dict[str, Any], *, fee_check_failed: bool = False, owed_pence: int = 0) -> FeeStatus | None:
    """The fee's status: the recorded one, else ``due`` when the fee check failed (with ``owed_pence``, the
    amount it found missing), else None (the submission paid what was due, or nothing was asked)."""
    status = fee.get("status")
    if status in ("due", "agreed", "paid"):
        return status
    return "due" if fee_check_failed and owed_pence > 0 else None


def agree(fee: dict[str, Any], *, amount_pence: int, at: str, request_id: str) -> dict[str, Any]:
    """The fee once the applicant agrees to pay ``amount_pence`` more (the fee change request): agreed,
    not paid. Payments already recorded (paid by phone before agreeing) count towards it."""
    if fee.get("status") == "paid":
        # paid already (by phone, before the answer): agreeing adds nothing to pay, nor to what was paid
        return {**fee, "agreed": {"amount_pence": amount_pence, "at": at, "request_id": request_id}}
    agreed = {
        **fee,
        "asked_pence": amount_pence,
        "agreed": {"amount_pence": amount_pence, "at": at, "request_id": request_id},
    }
    return _settled(agreed) if outstanding_pence(agreed) == 0 else {**agreed, "status": "agreed"}


def _settled(fee: dict[str, Any]) -> dict[str, Any]:
    """The fee paid in full: ``payable`` (what has been paid, in pounds, as the submission has it) counts
    the amount asked, and there is nothing left to pay online."""
    settled = {**fee, "status": "paid", "payable": round(float(fee.get("payable") or 0) + asked_pence(fee) / 100, 2)}
    settled.pop("payment_link", None)
    return settled


def record(fee: dict[str, Any], payment: FeePayment, *, owed_pence: int = 0) -> dict[str, Any]:
    """The fee with ``payment`` recorded. ``owed_pence``: what the fee check found missing, used when
    nothing has been asked through a request yet.

    ``Conflict`` when nothing is owed (nothing asked, or paid already); ``InvalidRequest`` on
    ``amount_pence`` for more than is still owed (an overpayment is refunded, not recorded).
    When the payments reach the amount asked the fee is paid.
    """
    asked = asked_pence(fee) or owed_pence
    if fee.get("status") == "paid" or asked <= 0:
        raise Conflict("No fee is owed on this application: there is no payment to record")
    owing = max(0, asked - paid_pence(fee))
    if payment.amount_pence > owing:
        raise InvalidRequest(
            "The payment is more than is owed",
            fields=[FieldError("amount_pence", f"must be at most {owing} ({format_pence(owing)} is still owed)")],
        )
    payments = [*(fee.get("payments") or []), payment.model_dump(mode="json", exclude_none=True)]
    updated = {**fee, "asked_pence": asked, "payments": payments}
    if outstanding_pence(updated) == 0:
        return _settled(updated)
    return {**updated, "status": fee.get("status") or "due"}


def describe(fee: dict[str, Any]) -> str:
    """The fee's state in an officer's words, e.g. for the fee check's evidence."""
    status = fee.get("status")
    asked = asked_pence(fee)
    if status == "paid":
        last = (fee.get("payments") or [{}])[-1]
        how = str(last.get("method", "")).replace("_", " ")
        by = last.get("recorded_by")
        return (
            f"The {format_pence(asked)} asked for has been paid in full"
            + (f" (last payment {how} on {last.get('received_on')}, recorded by {by})" if last else "")
            + "."
        )
    if status == "agreed":
        paid = paid_pence(fee)
        also = f" {format_pence(paid)} received so far." if paid else ""
        return f"The applicant agreed to pay {format_pence(asked)}; not received yet.{also}"
    if status == "due" and asked:
        return f"{format_pence(outstanding_pence(fee))} is still owed."
    return ""
