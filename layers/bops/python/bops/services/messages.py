"""Every outgoing message (neighbour letters, consultee emails, validation request emails, officers'
notifications) is sent by one rule, so that a retry sends it exactly once, whatever failed:

1. record the intent (``ctx.repo.delivery.begin``), one more attempt each time;
2. send it to GOV.UK Notify with a reference derived from the message's identity (application, kind,
   recipient, round), the same on every attempt;
3. mark it sent only after Notify accepted it, in one transaction with what the sending records.

A message already marked sent is not sent again. A message whose earlier attempt may have reached Notify
(the task failed after Notify answered, before the mark) is first looked up at Notify by its reference:
found, it is marked and not sent again. Like powertools' idempotency, but the record also says which
letter or email it was, for the delivery receipts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from bops.adapters.notify import Email, PostedLetter
from bops.domain.errors import Conflict
from bops.domain.time import iso
from bops.repository.delivery import Message

if TYPE_CHECKING:
    from bops.repository import Write
    from bops.services.context import Context

logger = logging.getLogger("bops.messages")

Compose = Callable[[], Email | PostedLetter]
Recorded = Callable[[str], list["Write"]]


def send_once(ctx: Context, message: Message, compose: Compose, recorded: Recorded | None = None) -> str | None:
    """Sends ``message`` unless it was sent already; returns Notify's id when it was sent now, else None.

    ``compose`` builds the email or letter; it runs only when the message is to be sent (so a link it
    issues is issued for the email that carries it). ``recorded(notification_id)`` gives the writes that
    record the sending (the letter on the neighbour, the email's delivery status), committed together
    with the mark. A failure to send propagates: the message stays pending, and the retry sends it.
    """
    record = ctx.repo.delivery.begin(message, at=iso(ctx.clock.now()))
    if record.status == "accepted":
        return None
    notification_id = None
    if record.attempts > 1:
        # an earlier attempt may have reached Notify and failed after: ask before sending again
        notification_id = ctx.notifier.accepted(message.council, message.notify_reference)
    if notification_id is None:
        outgoing = compose()
        if isinstance(outgoing, PostedLetter):
            notification_id = ctx.notifier.send_letter(outgoing, reference=message.notify_reference)
        else:
            notification_id = ctx.notifier.send_email(outgoing, reference=message.notify_reference)
    writes = [
        ctx.repo.delivery.accepted_write(message, notification_id, at=iso(ctx.clock.now())),
        *(recorded(notification_id) if recorded else []),
    ]
    try:
        ctx.repo.transact(writes, conflict_message="The message was recorded as sent meanwhile")
    except Conflict:
        # two attempts ran at once and both reached Notify: the first mark stands
        logger.warning("message sent by two attempts at once: %s %s", message.kind, message.round)
        return None
    return notification_id
