"""Every outgoing message (neighbour letters, consultee emails, validation request emails, officers'
notifications) is sent by one rule, so that a retry sends it exactly once, whatever failed:

1. know the message's record (``Keeper.attempt``): sent already, and whether an earlier attempt may have
   reached GOV.UK Notify;
2. send it to Notify with a reference derived from the message's identity (application, kind, recipient,
   round), the same on every attempt;
3. mark it sent (``Keeper.mark``) only after Notify accepted it, with what the sending records.

A message already marked sent is not sent again. A message whose earlier attempt may have reached Notify
(the task failed after Notify answered, before the mark) is first looked up at Notify by its reference:
found, it is marked and not sent again. Like powertools' idempotency, but the record also says which
letter or email it was, for the delivery receipts.

Where the record is kept is the keeper's business. By default (``DeliveryKeeper``) it is the message's
own item, written before each attempt (the intent) and marked in one transaction with what the sending
records. A neighbour's letter keeps it on the neighbour, a consultee's email on the consultee
(``consultation_tasks.KeptOnRecipient``): the letters the neighbour has are the rounds sent, so the
workflow's first attempt writes nothing before sending, the mark is one conditional write on the
recipient, and only a failed attempt is noted (for the next one to ask Notify). An attempt that stops
without a chance to note it (the function timed out) is retried by the workflow, which says so (its
retry count): that attempt asks Notify too. A send from a request notes its intent before sending.
Two write units a letter, where the message item, the transaction and a lookup item cost eight.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from bops.adapters.notify import Email, PostedLetter
from bops.domain.errors import Conflict
from bops.domain.time import iso
from bops.repository.delivery import Message, MessageRecord

if TYPE_CHECKING:
    from bops.repository import Write
    from bops.services.context import Context

logger = logging.getLogger("bops.messages")

Compose = Callable[[], Email | PostedLetter]
Recorded = Callable[[str], list["Write"]]


class Keeper(Protocol):
    """Where a message's record is kept."""

    def attempt(self, message: Message, *, at: str) -> MessageRecord:
        """The record as this attempt starts: ``accepted``, or pending with the attempts so far (this one
        included; more than one: an earlier attempt may have reached Notify)."""
        ...

    def mark(self, message: Message, notification_id: str, *, at: str) -> None:
        """Marks the message accepted by Notify, with what the sending records; ``Conflict`` if it was
        marked meanwhile."""
        ...

    def failed(self, message: Message, *, at: str) -> None:
        """Notes an attempt that failed after it may have reached Notify (the next one asks Notify)."""
        ...


class DeliveryKeeper:
    """The message's own item (``ctx.repo.delivery``): the intent recorded before each attempt, the mark
    in one transaction with what ``recorded(notification_id)`` writes."""

    def __init__(self, ctx: Context, recorded: Recorded | None = None) -> None:
        self.ctx = ctx
        self.recorded = recorded

    def attempt(self, message: Message, *, at: str) -> MessageRecord:
        return self.ctx.repo.delivery.begin(message, at=at)

    def mark(self, message: Message, notification_id: str, *, at: str) -> None:
        writes = [
            self.ctx.repo.delivery.accepted_write(message, notification_id, at=at),
            *(self.recorded(notification_id) if self.recorded else []),
        ]
        self.ctx.repo.transact(writes, conflict_message="The message was recorded as sent meanwhile")

    def failed(self, message: Message, *, at: str) -> None:
        """Nothing to add: ``attempt`` counted it before it began."""


class OwnItemKeeper(DeliveryKeeper):
    """The message's own item, for a message with nothing else to record when it is sent (the applicant's
    "valid" email): marked by one conditional update rather than a transaction of one, at half the cost."""

    def mark(self, message: Message, notification_id: str, *, at: str) -> None:
        self.ctx.repo.delivery.mark_accepted(message, notification_id, at=at)


def send_once(
    ctx: Context,
    message: Message,
    compose: Compose,
    recorded: Recorded | None = None,
    *,
    keeper: Keeper | None = None,
    retried: bool = False,
) -> str | None:
    """Sends ``message`` unless it was sent already; returns Notify's id when it was sent now, else None.

    ``compose`` builds the email or letter; it runs only when the message is to be sent (so a link it
    issues is issued for the email that carries it). ``recorded(notification_id)`` gives the writes that
    record the sending (the email's delivery status), committed together with the mark by the default
    keeper; a ``keeper`` of its own records the message where it belongs. ``retried``: the caller knows
    an earlier attempt ran (the workflow's retry). A failure to send propagates: the message stays
    pending, and the retry sends it.
    """
    keeper = keeper or DeliveryKeeper(ctx, recorded)
    record = keeper.attempt(message, at=iso(ctx.clock.now()))
    if record.status == "accepted":
        return None
    at = iso(ctx.clock.now())
    try:
        notification_id = None
        if retried or record.attempts > 1:
            # an earlier attempt may have reached Notify and failed after: ask before sending again
            notification_id = ctx.notifier.accepted(message.council, message.notify_reference)
        if notification_id is None:
            outgoing = compose()
            if isinstance(outgoing, PostedLetter):
                notification_id = ctx.notifier.send_letter(outgoing, reference=message.notify_reference)
            else:
                notification_id = ctx.notifier.send_email(outgoing, reference=message.notify_reference)
    except Exception:
        # Notify may have taken it before the failure (a timeout): the next attempt asks first
        keeper.failed(message, at=at)
        raise
    try:
        keeper.mark(message, notification_id, at=iso(ctx.clock.now()))
    except Conflict:
        # two attempts ran at once and both reached Notify: the first mark stands
        logger.warning("message sent by two attempts at once: %s %s", message.kind, message.round)
        return None
    except Exception:
        keeper.failed(message, at=at)  # Notify took it: the next attempt finds it there and marks it
        raise
    return notification_id


def applicant_and_agent(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Who hears of the application's milestones (valid, decided): the applicant and the agent, each that
    gave an email address in the submission (ODP ``data.applicant.email``, ``data.applicant.agent.email``),
    once each when both gave the same one."""
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    for person in (case.get("applicant") or {}, case.get("agent") or {}):
        email = (person.get("email") or "").strip()
        if email and email.lower() not in seen:
            seen.add(email.lower())
            people.append({**person, "email": email})
    return people
