"""The fee owed beyond the submission: the applicant's agreement, the payment, the fee check.

Agreed is not paid (``bops.domain.fee_payments``): when the applicant accepts a fee change the case
records "agreed" and a payment is started with the payment provider (``bops.adapters.payments``); the
fee counts as received when an officer records a payment (``record_payment``) or the provider confirms
one (``payment_returned``, when the payer comes back from the provider's page). Every change is on the
case's ``fee``, audited.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from bops.config import link
from bops.domain import fee_payments as rules
from bops.domain.errors import Conflict, NotFound
from bops.domain.time import PlausibleDate, check_date_between, iso, london_date
from bops.domain.validation_checks import owed_on_arrival, with_fee_received
from bops.model import Model

if TYPE_CHECKING:
    from bops.auth import Identity
    from bops.services.context import Context

logger = logging.getLogger("bops.fees")


class PaymentRecord(Model):
    """A payment an officer records: money received outside BoPS (card by phone, bank transfer, ...)."""

    amount_pence: int = Field(gt=0, le=rules.MAX_PAYMENT_PENCE, strict=True, description="The amount received")
    method: Literal["card", "bank_transfer", "cheque", "cash"]
    reference: str | None = Field(None, max_length=100, description="The receipt or bank reference")
    received_on: PlausibleDate = Field(description="The day the council received the money")


class FeeView(Model):
    status: Literal["due", "agreed", "paid"] | None = Field(
        description="due: more is owed; agreed: the applicant agreed to pay, nothing received yet; paid: "
        "received in full; null: nothing owed beyond the submission"
    )
    asked_pence: int = Field(description="The amount asked beyond what the submission paid")
    paid_pence: int = Field(description="The payments recorded towards it")
    outstanding_pence: int
    agreed: dict[str, Any] | None = None
    payments: list[rules.FeePayment] = Field(default_factory=list)
    payment_url: str | None = Field(None, description="Where the applicant pays online, while a payment is open")


def view(case: dict[str, Any], owed: int) -> FeeView:
    """The fee as officers see it; ``owed``: what is owed before anything was agreed (``_owed``)."""
    fee = dict(case.get("fee") or {})
    asked = rules.asked_pence(fee) or owed
    paid = rules.paid_pence(fee)
    return FeeView(
        status=rules.status_of(fee, fee_check_failed=owed > 0, owed_pence=owed),
        asked_pence=asked,
        paid_pence=paid,
        outstanding_pence=max(0, asked - paid) if fee.get("status") != "paid" else 0,
        agreed=fee.get("agreed"),
        payments=[rules.FeePayment.model_validate(p) for p in fee.get("payments") or []],
        payment_url=(fee.get("payment_link") or {}).get("next_url"),
    )


def _owed(ctx: Context, case: dict[str, Any]) -> int:
    """What is owed before the applicant agreed to anything: the amount of the fee change request drafted
    or sent (as the officer may have changed it), else what the fee check found missing on arrival."""
    from bops.domain import validation_requests as vr

    asking = [
        r
        for r in ctx.repo.validation.list(case["council"], case["reference"])
        if r.type is vr.RequestType.FEE_CHANGE and r.state in (vr.RequestState.PENDING, vr.RequestState.OPEN)
    ]
    if asking:
        latest = max(asking, key=lambda r: r.created_at)
        return int(latest.details.amount_pence)  # type: ignore[union-attr]
    report = ctx.repo.validation.report(case["council"], case["reference"]) or case.get("validation_report")
    return owed_on_arrival(report)


def get_fee(ctx: Context, identity: Identity, reference: str) -> FeeView:
    from bops.services.cases import load_case

    case = load_case(ctx, identity.council, reference)
    return view(case, _owed(ctx, case))


def current_report(ctx: Context, case: dict[str, Any], report: dict[str, Any] | None) -> dict[str, Any] | None:
    """The checks' report as it stands: the fee check passes once the fee is paid in full."""
    return with_fee_received(report, case.get("fee"))


def record_payment(ctx: Context, identity: Identity, reference: str, body: PaymentRecord) -> FeeView:
    """An officer records money received towards the fee asked (422 naming the field for a bad amount
    or date; 409 when nothing is owed)."""
    from bops.services.cases import load_case

    case = load_case(ctx, identity.council, reference)
    check_date_between(
        body.received_on,
        "received_on",
        earliest=date.fromisoformat(case["received_on"]),
        latest=london_date(ctx.clock.now()),
        earliest_is="the day the application was received",
        latest_is="today",
    )
    payment = rules.FeePayment(
        amount_pence=body.amount_pence,
        method=rules.PaymentMethod(body.method),
        reference=(body.reference or "").strip() or None,
        received_on=body.received_on,
        recorded_at=iso(ctx.clock.now()),
        recorded_by=identity.name,
    )
    return _record(ctx, case, payment, actor=identity.actor)


def _record(ctx: Context, case: dict[str, Any], payment: rules.FeePayment, *, actor: str) -> FeeView:
    from bops.services.cases import save

    owed = _owed(ctx, case)
    before = dict(case.get("fee") or {})
    after = rules.record(before, payment, owed_pence=owed)
    saved = save(
        ctx,
        case,
        {"fee": after},
        actor=actor,
        action="fee.payment_recorded",
        audit_before={"fee_status": rules.status_of(before) or "due"},
        audit_after={
            "fee_status": after["status"],
            "amount_pence": payment.amount_pence,
            "method": payment.method.value,
            "outstanding_pence": rules.outstanding_pence(after),
        },
    )
    return view(saved.case, owed)


# --- the applicant's agreement and the payment provider ---------------------------------------------
def agreed_fee(case: dict[str, Any], *, amount_pence: int, at: str, request_id: str) -> dict[str, Any]:
    """The case's fee once the applicant agrees to a fee change: agreed, not paid."""
    return rules.agree(dict(case.get("fee") or {}), amount_pence=amount_pence, at=at, request_id=request_id)


def start_payment(ctx: Context, council: str, reference: str, *, actor: str) -> str | None:
    """Starts an online payment of what is still owed, keeps it on the case, and answers where the
    applicant pays (the provider's page); None when nothing is owed. The provider down is not the
    applicant's fault: the agreement stands, the payment can be recorded by an officer or started again."""
    from bops.services.cases import load_case, save

    case = load_case(ctx, council, reference)
    fee = dict(case.get("fee") or {})
    owed = rules.outstanding_pence(fee)
    if fee.get("status") != "agreed" or owed <= 0:
        return None
    from bops.adapters.payments import NewPayment

    started = ctx.payments.create(
        NewPayment(
            council=council,
            amount_pence=owed,
            reference=reference,
            description=f"Planning application {reference}: the rest of the fee",
            return_url=link(f"/api/v1/fee-payments/{council}/{reference}/return"),
        ),
        # the same request twice (a retry) is the same payment
        idempotency_key=f"{reference}-{len(fee.get('payments') or [])}-{owed}-{iso(ctx.clock.now())[:16]}",
    )
    payment_link = {
        "provider": started.provider,
        "payment_id": started.payment_id,
        "next_url": started.next_url,
        "amount_pence": owed,
        "created_at": iso(ctx.clock.now()),
    }
    save(
        ctx,
        case,
        {"fee": {**fee, "payment_link": payment_link}},
        actor=actor,
        action="fee.payment_started",
        audit_after={"provider": started.provider, "amount_pence": owed},
    )
    return started.next_url


def check_online_payment(ctx: Context, identity: Identity, reference: str) -> FeeView:
    """An officer asks the payment provider about the online payment (the payer may have paid and never
    come back to BoPS): paid, it is recorded as on the payer's return."""
    from bops.services.cases import load_case

    load_case(ctx, identity.council, reference)
    payment_returned(ctx, identity.council, reference)
    return get_fee(ctx, identity, reference)


def payment_returned(ctx: Context, council: str, reference: str) -> str:
    """The payer is back from the provider's page: asks the provider how the payment ended and, paid,
    records it. Answers where to send the payer next (the application on the public register). Only the
    provider's answer counts, so anyone may call this: at worst it asks again."""
    from bops.services.cases import load_case

    try:
        case = load_case(ctx, council, reference)
    except NotFound:
        return link("/public.html")
    fee = dict(case.get("fee") or {})
    started = fee.get("payment_link") or {}
    done = link(f"/public.html#{council}/{reference}")
    if not started or started.get("provider") != ctx.payments.provider:
        return done
    state = ctx.payments.state(council, started["payment_id"])
    if not state.paid or rules.outstanding_pence(fee) <= 0:
        logger.info("payment returned not paid: %s", state.status)
        return done
    payment = rules.FeePayment(
        amount_pence=min(state.amount_pence, rules.outstanding_pence(fee)),
        method=rules.PaymentMethod.GOVUK_PAY,
        reference=state.provider_reference or started["payment_id"],
        received_on=london_date(ctx.clock.now()),
        recorded_at=iso(ctx.clock.now()),
        recorded_by="GOV.UK Pay" if ctx.payments.provider == "govuk_pay" else "payment provider (local stub)",
        provider=ctx.payments.provider,
    )
    try:
        _record(ctx, case, payment, actor=f"system:{ctx.payments.provider}")
    except Conflict:
        pass  # recorded already (the payer came back twice), or an officer recorded it meanwhile
    return done


def complete_local_payment(ctx: Context, council: str, payment_id: str) -> str:
    """The local stub's payment page: pays, and answers where the provider would send the payer."""
    from bops.adapters.payments import LocalPayments

    if not isinstance(ctx.payments, LocalPayments):
        raise NotFound("Payments go through GOV.UK Pay here; there is no local payment page")
    back = ctx.payments.complete(council, payment_id)
    if back is None:
        raise NotFound("No such payment")
    return back
