"""Delivery receipts from GOV.UK Notify: the status of each neighbour letter and consultee email.

A letter or a consultee's email is handed to Notify (``bops.services.messages``) with a reference that
names where it belongs: the application, the neighbour or consultee, and which of the neighbour's letters
(``Message.notify_reference``). Notify then posts a receipt for each change of status to
``POST /api/v1/notify/{council}/callback``, with the token the council gave it; the receipt moves the
letter's or email's status forward (``bops.domain.delivery``). A failed letter or email is flagged, for
the officer to send again, and audited on the case.

Receipts for notifications this service does not track (emails to applicants and agents go through the
same Notify service, say) are answered 200 and ignored: Notify retries a callback that fails, and no
retry would help.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ConfigDict, Field, field_validator

from bops.adapters.notify import CallbackTokens
from bops.domain import delivery as rules
from bops.domain.application import COUNCIL_ID_PATTERN
from bops.domain.errors import Conflict, FieldError, InvalidRequest
from bops.domain.time import iso
from bops.model import Model
from bops.repository.consultation import Recipient
from bops.repository.delivery import Message, NotificationTarget
from bops.services.audit import audit_item
from bops.services.context import Context

if TYPE_CHECKING:  # the workflow's sending task imports this module: it needs no credentials code
    from bops.auth import Identity

ATTEMPTS = 3  # receipts for one letter racing each other: re-read and re-apply
_tokens = CallbackTokens()


class DeliveryReceipt(Model):
    """GOV.UK Notify's delivery receipt, as its callback posts it. Other fields (``to``: the recipient)
    are dropped unread: no personal data is kept from a receipt."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=200, description="Notify's id of the notification")
    reference: str | None = Field(
        None, description="The reference this service gave the notification (no personal data)"
    )
    status: str = Field(description="The notification's status in GOV.UK Notify")
    notification_type: Literal["email", "sms", "letter"] | None = None

    @field_validator("status")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in rules.RECEIPT_STATUSES:
            raise ValueError("not a GOV.UK Notify status")
        return value


class ReceiptRecorded(Model):
    id: str
    recorded: bool = Field(description="False when the receipt changed nothing: unknown, repeated or late")
    status: str | None = Field(None, description="The letter's or email's status after the receipt")


def authenticate_notify(council: str, credential: str) -> Identity | None:
    """GOV.UK Notify, when the credential is the council's callback token; else None."""
    from bops.auth import Identity

    if not COUNCIL_ID_PATTERN.match(council):
        return None
    expected = _tokens.get(council)
    # digests of both: the comparison takes the same time whatever the lengths
    if expected is None or not hmac.compare_digest(
        hashlib.sha256(credential.encode()).digest(), hashlib.sha256(expected.encode()).digest()
    ):
        return None
    return Identity(council=council, kind="notify", subject="govuk-notify", name="govuk-notify")


# --- when Notify posts a receipt -------------------------------------------------------------------
def record_receipt(ctx: Context, identity: Identity, receipt: DeliveryReceipt) -> ReceiptRecorded:
    """Moves the letter's or email's status forward; repeated, late and unknown receipts change nothing."""
    council = identity.council
    found = _target(ctx, council, receipt)
    if not found:
        return ReceiptRecorded(id=receipt.id, recorded=False)
    kind: rules.Kind = found.target
    if receipt.notification_type not in (None, kind):
        raise InvalidRequest(
            f"Notification {receipt.id} is not a {receipt.notification_type}",
            fields=[FieldError("notification_type", f"this notification is a {kind}")],
        )
    rules.check_status(kind, receipt.status)
    for _ in range(ATTEMPTS):
        # None: a receipt for a letter or email that another replaced since
        current, consultee = ctx.repo.consultation.delivery_of(
            council, found.reference, found.item_sk, receipt.id, found.letter
        )
        if current is None:
            return ReceiptRecorded(id=receipt.id, recorded=False)
        at = iso(ctx.clock.now())
        changed = rules.advance(kind, current, receipt.status, at=at)
        if changed is None:
            return ReceiptRecorded(id=receipt.id, recorded=False, status=current.get("status"))
        writes = [
            ctx.repo.consultation.delivery_write(
                council,
                found.reference,
                found.item_sk,
                found.letter,
                notification_id=receipt.id,
                current=current,
                changed=changed,
            )
        ]
        if changed["failed"]:
            audit = _failure_audit(identity, found, consultee, current, changed, at)
            writes.append(ctx.repo.consultation.audit_write(audit))
        try:
            ctx.repo.transact(writes, conflict_message="The letter's status changed meanwhile")
        except Conflict:
            continue
        return ReceiptRecorded(id=receipt.id, recorded=True, status=changed["status"])
    raise Conflict("The status changed meanwhile; send the receipt again")


def _target(ctx: Context, council: str, receipt: DeliveryReceipt) -> NotificationTarget | None:
    """Where the receipt's notification belongs, named by its reference: a neighbour's letter (the round
    is the letter's index) or a consultee's email (its latest). Else the lookup item written for letters
    and emails sent before references named them. The record must still carry the receipt's id
    (``delivery_of``): a receipt naming a letter with another notification's id changes nothing."""
    message = Message.from_notify_reference(council, receipt.reference)
    if message and message.kind == "neighbour_letter":
        return NotificationTarget(
            notification_id=receipt.id,
            reference=message.reference,
            item_sk=Recipient.of_neighbour(message.recipient),
            target="letter",
            letter=message.round,
        )
    if message and message.kind == "consultee_email":
        return NotificationTarget(
            notification_id=receipt.id,
            reference=message.reference,
            item_sk=Recipient.of_consultee(message.recipient),
            target="email",
        )
    return ctx.repo.delivery.target(council, receipt.id)


def _failure_audit(
    identity: Identity,
    found: NotificationTarget,
    consultee: str | None,
    current: dict[str, Any],
    changed: dict[str, Any],
    at: str,
) -> dict[str, Any]:
    if found.target == "letter":
        action = "consultation.letter_failed"
        # the neighbour's id, never their address: the audit trail keeps no personal data
        detail = {
            "neighbour": Recipient(council=identity.council, reference=found.reference, sk=found.item_sk).id,
            "letter": found.letter,
            "batch": current.get("batch"),
        }
    else:
        action, detail = "consultation.email_failed", {"consultee": consultee}
    return audit_item(
        identity.council,
        found.reference,
        at=at,
        actor=identity.actor,
        action=action,
        reason="GOV.UK Notify could not deliver it: send it again",
        before={"status": current.get("status")},
        after={**detail, "status": changed["status"]},
    )
