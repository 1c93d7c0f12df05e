"""The delivery aggregate: every outgoing message's record, and Notify's notifications mapped back to them.

Items (pk / sk):
  {council}#MESSAGE#{reference}  / {kind}#{recipient}#{round}   one outgoing message (letter, email): its
                                                                 intent, attempts and, once GOV.UK Notify
                                                                 accepted it, Notify's id
  {council}#NOTIFICATION         / ID#{notification id}          where a notification belongs, for receipts:
                                                                 written before neighbour letters and consultee
                                                                 emails named it by their Notify reference;
                                                                 read for receipts of those sent before

A message is recorded (``begin``) before it is sent and marked accepted (``accepted_write``) only after
Notify took it, in the same transaction as what the sending records. Neighbour letters and consultee emails
keep their record on the neighbour or consultee instead (``bops.services.messages``), and a receipt finds
them by the reference given to Notify (``Message.from_notify_reference``).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from bops.model import Model

if TYPE_CHECKING:
    from bops.repository import Write
    from bops.repository.table import Table

MessageStatus = Literal["pending", "accepted"]


class Message(Model):
    """One outgoing message, named by what it is: the application, the kind of message, its recipient
    (an id, never an address) and the round (the first letter is 0, a resend 1, ...). The same message
    asked for again (a retried task, a repeated request) has the same identity, hence the same reference."""

    council: str
    reference: str = Field(description="The application's reference")
    kind: str = Field(pattern=r"^[a-z_]+$")
    recipient: str = Field(min_length=1)
    round: int = Field(0, ge=0)

    @property
    def notify_reference(self) -> str:
        """The stable reference given to GOV.UK Notify (and the outbox): no personal data in it."""
        return f"{self.reference}:{self.kind}:{self.recipient}:{self.round}"

    @classmethod
    def from_notify_reference(cls, council: str, text: str | None) -> Message | None:
        """The message a reference given to Notify names (a delivery receipt carries it back); None when
        it is not one of ours."""
        parts = (text or "").split(":")
        if len(parts) != 4 or not parts[3].isdigit() or not parts[2].isalnum():
            return None
        try:
            return cls(council=council, reference=parts[0], kind=parts[1], recipient=parts[2], round=int(parts[3]))
        except ValueError:
            return None


def recipient_id(address: str) -> str:
    """An email address as a message's recipient: a digest, so references and keys carry no address."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:16]


class MessageRecord(Model):
    status: MessageStatus = "pending"
    attempts: int = 0
    notification_id: str | None = None
    accepted_at: str | None = None


class NotificationTarget(Model):
    """Where a notification belongs: a neighbour's letter (by index) or a consultee's email."""

    notification_id: str
    reference: str
    item_sk: str
    target: Literal["letter", "email"]
    letter: int | None = None


def _message_key(message: Message) -> tuple[str, str]:
    return (
        f"{message.council}#MESSAGE#{message.reference}",
        f"{message.kind}#{message.recipient}#{message.round}",
    )


def notification_pk(council: str) -> str:
    return f"{council}#NOTIFICATION"


class DeliveryRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- outgoing messages ---------------------------------------------------------------------------
    def begin(self, message: Message, *, at: str) -> MessageRecord:
        """Records the intent to send (or one more attempt at it); returns the record after this attempt."""
        pk, sk = _message_key(message)
        item = self.table.update(
            pk,
            sk,
            expression=(
                "SET #s = if_not_exists(#s, :pending), kind = :kind, first_at = if_not_exists(first_at, :at), "
                "last_at = :at ADD attempts :one"
            ),
            names={"#s": "status"},
            values={":pending": "pending", ":kind": "message", ":at": at, ":one": 1},
        )
        return MessageRecord.model_validate(item)

    def message(self, message: Message) -> MessageRecord | None:
        item = self.table.get(*_message_key(message))
        return MessageRecord.model_validate(item) if item else None

    def accepted_write(self, message: Message, notification_id: str, *, at: str) -> Write:
        """Marks the message accepted by Notify; fails (the whole transaction) if it already was."""
        pk, sk = _message_key(message)
        return {
            "Update": {
                "Key": {"pk": pk, "sk": sk},
                "UpdateExpression": "SET #s = :accepted, notification_id = :id, accepted_at = :at",
                "ConditionExpression": "#s <> :accepted",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {":accepted": "accepted", ":id": notification_id, ":at": at},
            }
        }

    def mark_accepted(self, message: Message, notification_id: str, *, at: str) -> None:
        """``accepted_write`` on its own, for a message with nothing else to record: one conditional
        UpdateItem (a transaction of one write costs twice as much). ``Conflict`` if it already was."""
        update = self.accepted_write(message, notification_id, at=at)["Update"]
        pk, sk = _message_key(message)
        self.table.update(
            pk,
            sk,
            expression=update["UpdateExpression"],
            names=update["ExpressionAttributeNames"],
            values=update["ExpressionAttributeValues"],
            condition=update["ConditionExpression"],
            conflict_message="The message was recorded as sent meanwhile",
        )

    # --- notifications, for delivery receipts (lookup items written before references named them) ----
    def target(self, council: str, notification_id: str) -> NotificationTarget | None:
        item = self.table.get(notification_pk(council), f"ID#{notification_id}")
        if not item:
            return None
        return NotificationTarget.model_validate({**item, "notification_id": notification_id})
