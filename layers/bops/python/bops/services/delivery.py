"""Delivery receipts from GOV.UK Notify: the status of each neighbour letter and consultee email.

When a letter or a consultee's email is handed to Notify, a lookup item (``<council>#NOTIFICATION``,
``ID#<notification id>``) records where it belongs: the application, the neighbour's or consultee's item,
and which of the neighbour's letters. Notify then posts a receipt for each change of status to
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
from bops.repository.keys import app_pk
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


def notification_pk(council: str) -> str:
    return f"{council}#NOTIFICATION"


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


# --- when a letter or email is sent ----------------------------------------------------------------
def lookup_item(council: str, notification_id: str, reference: str, sk: str, letter: int | None) -> dict[str, Any]:
    """Where a notification belongs: a neighbour's letter (by index) or a consultee's email."""
    return {
        "pk": notification_pk(council),
        "sk": f"ID#{notification_id}",
        "kind": "notification",
        "reference": reference,
        "item_sk": sk,
        "target": "email" if letter is None else "letter",
        "letter": letter,
    }


def record_letter(ctx: Context, council: str, reference: str, sk: str, record: dict[str, Any], *, index: int) -> None:
    """The letter on the neighbour's item and its lookup, at once. ``index``: the letters already sent."""
    ctx.repo.transact(
        [
            {
                "Update": {
                    "Key": {"pk": app_pk(council, reference), "sk": sk},
                    "UpdateExpression": "SET letters = list_append(if_not_exists(letters, :empty), :l)",
                    "ConditionExpression": "size(letters) = :n",
                    "ExpressionAttributeValues": {":l": [record], ":empty": [], ":n": index},
                }
            },
            {"Put": {"Item": lookup_item(council, record["notification_id"], reference, sk, index)}},
        ],
        conflict_message="Another letter to this address was recorded meanwhile",
    )


def record_email(ctx: Context, council: str, reference: str, sk: str, notification_id: str) -> None:
    """The consultee's email as sent (``email_delivery``) and its lookup. Recording it again is a no-op."""
    try:
        ctx.repo.transact(
            [
                {
                    "Update": {
                        "Key": {"pk": app_pk(council, reference), "sk": sk},
                        "UpdateExpression": "SET email_delivery = :d",
                        "ConditionExpression": (
                            "attribute_not_exists(email_delivery) OR email_delivery.notification_id <> :id"
                        ),
                        "ExpressionAttributeValues": {
                            ":d": {"notification_id": notification_id, **rules.new_delivery(iso(ctx.clock.now()))},
                            ":id": notification_id,
                        },
                    }
                },
                {"Put": {"Item": lookup_item(council, notification_id, reference, sk, None)}},
            ],
            conflict_message="The email was recorded already",
        )
    except Conflict:
        pass


# --- when Notify posts a receipt -------------------------------------------------------------------
def record_receipt(ctx: Context, identity: Identity, receipt: DeliveryReceipt) -> ReceiptRecorded:
    """Moves the letter's or email's status forward; repeated, late and unknown receipts change nothing."""
    council = identity.council
    found = ctx.repo.get(notification_pk(council), f"ID#{receipt.id}")
    if not found:
        return ReceiptRecorded(id=receipt.id, recorded=False)
    kind: rules.Kind = "letter" if found["target"] == "letter" else "email"
    if receipt.notification_type not in (None, kind):
        raise InvalidRequest(
            f"Notification {receipt.id} is not a {receipt.notification_type}",
            fields=[FieldError("notification_type", f"this notification is a {kind}")],
        )
    rules.check_status(kind, receipt.status)
    key = {"pk": app_pk(council, found["reference"]), "sk": found["item_sk"]}
    for _ in range(ATTEMPTS):
        item = ctx.repo.get(key["pk"], key["sk"]) or {}
        current, path = _delivery_of(item, found, receipt.id)
        if current is None:
            return ReceiptRecorded(id=receipt.id, recorded=False)
        at = iso(ctx.clock.now())
        changed = rules.advance(kind, current, receipt.status, at=at)
        if changed is None:
            return ReceiptRecorded(id=receipt.id, recorded=False, status=current.get("status"))
        operations: list[dict[str, Any]] = [
            {
                "Update": {
                    "Key": key,
                    "UpdateExpression": f"SET {path} = :d",
                    "ConditionExpression": f"{path}.notification_id = :id AND {path}.#s = :current",
                    "ExpressionAttributeNames": {"#s": "status"},
                    "ExpressionAttributeValues": {
                        ":d": {**current, **changed},
                        ":id": receipt.id,
                        ":current": current.get("status"),
                    },
                }
            }
        ]
        if changed["failed"]:
            operations.append({"Put": {"Item": _failure_audit(identity, found, item, current, changed, at)}})
        try:
            ctx.repo.transact(operations, conflict_message="The letter's status changed meanwhile")
        except Conflict:
            continue
        return ReceiptRecorded(id=receipt.id, recorded=True, status=changed["status"])
    raise Conflict("The status changed meanwhile; send the receipt again")


def _delivery_of(
    item: dict[str, Any], found: dict[str, Any], notification_id: str
) -> tuple[dict[str, Any] | None, str]:
    """The letter record (or the email's delivery) the receipt is about, and its path in the item."""
    if found["target"] == "letter":
        index = int(found["letter"])
        letters = item.get("letters") or []
        letter = letters[index] if index < len(letters) else None
        if not letter or letter.get("notification_id") != notification_id:
            return None, ""
        return letter, f"letters[{index}]"
    email = item.get("email_delivery")
    if not email or email.get("notification_id") != notification_id:
        return None, ""  # a receipt for an email sent before another replaced it
    return email, "email_delivery"


def _failure_audit(
    identity: Identity,
    found: dict[str, Any],
    item: dict[str, Any],
    current: dict[str, Any],
    changed: dict[str, Any],
    at: str,
) -> dict[str, Any]:
    if found["target"] == "letter":
        action = "consultation.letter_failed"
        # the neighbour's id, never their address: the audit trail keeps no personal data
        detail = {
            "neighbour": found["item_sk"].split("#", 1)[1],
            "letter": found["letter"],
            "batch": current.get("batch"),
        }
    else:
        action, detail = "consultation.email_failed", {"consultee": item.get("id")}
    return audit_item(
        identity.council,
        found["reference"],
        at=at,
        actor=identity.actor,
        action=action,
        reason="GOV.UK Notify could not deliver it: send it again",
        before={"status": current.get("status")},
        after={**detail, "status": changed["status"]},
    )
