"""Delivery status of letters and emails sent through GOV.UK Notify, from its delivery receipts. Pure.

A letter or email starts ``sent`` (handed to Notify) and moves on with each receipt Notify posts back.
Statuses only move forward: a receipt that arrives late (``accepted`` after ``received``) or twice
changes nothing, and nothing moves a final status. Notify's statuses, as its API documents them:

- letters: ``accepted`` (sent to the printer), ``received`` (printed and posted); failed: ``cancelled``,
  ``pending-virus-check`` then ``virus-scan-failed`` or ``validation-failed`` (precompiled letters),
  ``technical-failure``, ``permanent-failure``;
- emails: ``created``, ``sending``, then ``delivered``; failed: ``permanent-failure``,
  ``temporary-failure``, ``technical-failure``.

A failed letter is flagged (``failed``): it was not posted, and the officer sends it again.

Letters posted on the same day for the same purpose form a batch (``2026-12-23/first``, ``.../resent``):
Notify prints each day's letters together at 5:30pm, and the officer sees each batch's counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from pydantic import Field

from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

Kind = Literal["letter", "email"]

SENT = "sent"  # ours: handed to GOV.UK Notify, no receipt yet

#: Each status's place in the order it is reached; a receipt applies only when it moves forward.
LETTER_ORDER: dict[str, int] = {
    SENT: 0,
    "created": 0,
    "sending": 0,
    "pending-virus-check": 1,
    "accepted": 2,
    "received": 3,
    "cancelled": 3,
    "virus-scan-failed": 3,
    "validation-failed": 3,
    "technical-failure": 3,
    "permanent-failure": 3,
}
LETTER_FAILED = frozenset(
    {"cancelled", "virus-scan-failed", "validation-failed", "technical-failure", "permanent-failure"}
)

EMAIL_ORDER: dict[str, int] = {
    SENT: 0,
    "created": 0,
    "sending": 1,
    "delivered": 2,
    "permanent-failure": 2,
    "temporary-failure": 2,
    "technical-failure": 2,
}
EMAIL_FAILED = frozenset({"permanent-failure", "temporary-failure", "technical-failure"})

ORDER: dict[str, dict[str, int]] = {"letter": LETTER_ORDER, "email": EMAIL_ORDER}
FAILED: dict[str, frozenset[str]] = {"letter": LETTER_FAILED, "email": EMAIL_FAILED}
#: Every status a receipt may carry: text messages' too (``pending``, ``sent``), as Notify posts their
#: receipts to the same address.
RECEIPT_STATUSES = frozenset(LETTER_ORDER) | frozenset(EMAIL_ORDER) | {"pending"}


def is_final(kind: Kind, status: str) -> bool:
    """True once nothing more will happen to the letter or email."""
    order = ORDER[kind]
    return order.get(status, 0) == max(order.values())


def is_failed(kind: Kind, status: str) -> bool:
    """True when the letter was not posted (or the email not delivered): it must be sent again."""
    return status in FAILED[kind]


def check_status(kind: Kind, status: str) -> None:
    """InvalidRequest (on ``status``) when the status is not one Notify gives this kind of message."""
    if status == SENT or status not in ORDER[kind]:
        raise InvalidRequest(
            f"{status!r} is not a status of a {kind}",
            fields=[FieldError("status", f"not a GOV.UK Notify {kind} status")],
        )


def new_delivery(at: str) -> dict[str, Any]:
    """The delivery fields of a letter or email just handed to Notify."""
    return {"status": SENT, "status_history": [{"status": SENT, "at": at}], "updated_at": at, "failed": False}


def advance(kind: Kind, delivery: Mapping[str, Any], status: str, *, at: str) -> dict[str, Any] | None:
    """The delivery fields after a receipt, or None when the receipt changes nothing.

    ``delivery`` holds ``status`` (and, once a receipt came, ``status_history``); records from before
    receipts were kept have only ``status``. The receipt applies only when it moves the status forward.
    """
    check_status(kind, status)
    order = ORDER[kind]
    current = str(delivery.get("status") or SENT)
    if current == status or is_final(kind, current) or order[status] <= order.get(current, 0):
        return None
    earlier = delivery.get("updated_at") or delivery.get("sent_on")
    history = list(delivery.get("status_history") or [{"status": current, "at": earlier}])
    return {
        "status": status,
        "status_history": [*history, {"status": status, "at": at}],
        "updated_at": at,
        "failed": is_failed(kind, status),
    }


# --- batches --------------------------------------------------------------------------------------
def batch_of(sent_on: date, *, resent: bool) -> str:
    """The batch of a letter: the day it was posted, and whether it replaces an earlier one."""
    return f"{sent_on.isoformat()}/{'resent' if resent else 'first'}"


class LetterBatch(Model):
    """The letters of one batch, counted by status."""

    batch: str = Field(description="The day posted and the purpose: 2026-12-23/first or 2026-12-23/resent")
    sent_on: date
    resent: bool = Field(description="True for letters sent again (each replaces an earlier letter)")
    letters: int
    by_status: dict[str, int] = Field(description="GOV.UK Notify status (or sent: no receipt yet) -> count")
    failed: int = Field(description="Letters not posted: each must be sent again")


def batches(letters: Iterable[Mapping[str, Any]]) -> list[LetterBatch]:
    """One summary per batch, oldest first. Letters from before batches were kept count by their day."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for letter in letters:
        sent_on = date.fromisoformat(str(letter["sent_on"]))
        key = letter.get("batch") or batch_of(sent_on, resent=bool(letter.get("resend_reason")))
        grouped.setdefault(str(key), []).append(letter)
    summaries = []
    for key, members in grouped.items():
        statuses = Counter(str(m.get("status") or SENT) for m in members)
        summaries.append(
            LetterBatch(
                batch=key,
                sent_on=min(date.fromisoformat(str(m["sent_on"])) for m in members),
                resent=key.endswith("/resent"),
                letters=len(members),
                by_status=dict(sorted(statuses.items())),
                failed=sum(1 for m in members if is_failed("letter", str(m.get("status") or SENT))),
            )
        )
    return sorted(summaries, key=lambda b: (b.sent_on, b.resent, b.batch))
