"""The consultation workflow's tasks, and what they share with the API side.

Kept apart from ``bops.services.consultation`` (the API side) so the workflow functions import only
what they use: a lean cold start (``make benchmark``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

from bops.adapters.notify import Email, PostedLetter
from bops.config import link
from bops.domain import consultation as rules
from bops.domain.lifecycle import FINAL_STATUSES
from bops.domain.time import iso, london_date
from bops.repository.consultation import Recipient
from bops.repository.delivery import Message, MessageRecord
from bops.services.context import Context
from bops.services.messages import send_once

FINAL = {s.value for s in FINAL_STATUSES}
CONSULTEE_LINK_PREFIX = "bopsc"


def load(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    from bops.services.cases import load_case

    return load_case(ctx, council, reference)


def record_of(case: dict[str, Any]) -> rules.Consultation | None:
    data = case.get("consultation")
    return rules.Consultation.model_validate(data) if data else None


def save_consultation(
    ctx: Context,
    identity_actor: str,
    case: dict[str, Any],
    consultation: rules.Consultation,
    action: str,
    *,
    reason: str | None = None,
    extra: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The consultation on the case, its audit entry (with the end date before and after), all at once.

    Written like every case change (``cases.save``): guarded by the case's version, and re-applied when
    only the workflow touched the case meanwhile.
    """
    from bops.services.cases import save

    before = record_of(case)
    change = rules.end_date_change(before, consultation) if before else None
    return save(
        ctx,
        case,
        {"consultation": consultation.model_dump(mode="json")},
        actor=identity_actor,
        action=action,
        reason=reason,
        audit_before={"end_date": before.end_date.isoformat() if before and before.end_date else None},
        audit_after={
            "end_date": consultation.end_date.isoformat() if consultation.end_date else None,
            **({"explanation": change.explanation.lines()} if change and change.explanation else {}),
        },
        extra=extra,
    ).case


def consultation_or_new(case: dict[str, Any]) -> rules.Consultation:
    return record_of(case) or rules.new_consultation(case["application_type"], eia=bool(case.get("eia")))


# --- sending (workflow tasks; each message sent once, by ``bops.services.messages``) ------------------
def recipients(ctx: Context, council: str, reference: str) -> list[dict[str, str]]:
    """Who the consultation workflow's Map state sends to: every neighbour and every consultee."""
    return [r.model_dump() for r in ctx.repo.consultation.recipients(council, reference)]


def send_one(ctx: Context, council: str, reference: str, sk: str, *, retry: int = 0) -> dict[str, Any]:
    """One recipient of the workflow's Map state; ``retry``: the task's retry count (``$$.State.RetryCount``),
    more than 0 when an earlier attempt ran and may have reached Notify."""
    recipient = Recipient(council=council, reference=reference, sk=sk)
    if recipient.kind == "neighbour":
        return send_letter(ctx, council, reference, recipient.id, retry=retry)
    return send_consultee_email(ctx, council, reference, recipient.id, retry=retry)


class KeptOnRecipient:
    """A neighbour's letter or a consultee's email keeps its send-once record (``messages.Keeper``) on
    the neighbour or consultee: the letters a neighbour has are the rounds sent (a consultee's email
    delivery names its round), so a message is marked sent by one conditional write on that item.

    Nothing is written before the workflow's first attempt (``retry`` 0); a failed attempt is noted on
    the item (``unconfirmed``: that round), and the next attempt, or the workflow's retry, asks Notify
    before sending. A send from a request (``retry`` None: a resend, a recipient added late) notes its
    intent first: nothing else would tell a repeated request that it may have reached Notify.
    """

    def __init__(
        self,
        *,
        sent: bool,
        unconfirmed: int | None,
        retry: int | None,
        mark: Callable[[Message, str], None],
        note: Callable[[Message], None],
    ) -> None:
        self.sent = sent
        self.unconfirmed = unconfirmed
        self.retry = retry
        self._mark = mark
        self._note = note

    def attempt(self, message: Message, *, at: str) -> MessageRecord:
        if self.sent:
            return MessageRecord(status="accepted", attempts=1)
        earlier = self.unconfirmed == message.round or bool(self.retry)
        if self.retry is None and not earlier:
            self._note(message)  # the intent, for a repeated request
        return MessageRecord(attempts=2 if earlier else 1)

    def mark(self, message: Message, notification_id: str, *, at: str) -> None:
        self._mark(message, notification_id)

    def failed(self, message: Message, *, at: str) -> None:
        self._note(message)


def _letter_values(ctx: Context, case: dict[str, Any]) -> dict[str, Any]:
    from bops.domain import letters
    from bops.services.councils import get_council

    record = record_of(case)
    return {
        "reference": case["reference"],
        "site_address": case["site"]["address"],
        "description": case["description"],
        "end_date": letters.format_date(record.end_date) if record and record.end_date else "",
        "council_name": get_council(ctx, case["council"]).name,
        "comment_url": link(f"/public.html#{case['council']}/{case['reference']}"),
    }


def send_letter(
    ctx: Context,
    council: str,
    reference: str,
    neighbour_id: str,
    *,
    resend_reason: str | None = None,
    retry: int | None = None,
) -> dict[str, Any]:
    """The letter to "The Occupier" of one neighbour: the first letter, or (``resend_reason``) one more.
    Each is sent once (``messages.send_once``, its record kept on the neighbour): a
    retried task finds it sent (``KeptOnRecipient``). ``retry``: the workflow task's retry count; None
    from a request."""
    from bops.domain import delivery, letters
    from bops.services.templates import parts_of

    neighbour = ctx.repo.consultation.neighbour(council, reference, neighbour_id)
    if not neighbour:
        return {"sent": False}
    sent = neighbour.letters
    if sent and not resend_reason:
        return {"sent": False, "already": True}
    message = Message(
        council=council, reference=reference, kind="neighbour_letter", recipient=neighbour.id, round=len(sent)
    )

    def compose() -> PostedLetter:
        values = _letter_values(ctx, load(ctx, council, reference))
        template = parts_of(ctx, council, "neighbour_letter")["body"]
        if resend_reason:
            letter = letters.resent_letter(
                neighbour.address,
                values,
                previous_sent_on=date.fromisoformat(sent[-1]["sent_on"]),
                reason=resend_reason,
                template=template,
            )
        else:
            letter = letters.neighbour_letter(neighbour.address, values, template=template)
        return PostedLetter(council=council, address_lines=letter.address_lines, body=letter.body, reference=reference)

    def letter(notification_id: str) -> dict[str, Any]:
        today = london_date(ctx.clock.now())
        return {
            "sent_on": today.isoformat(),
            "notification_id": notification_id,
            "resend_reason": resend_reason,
            "batch": delivery.batch_of(today, resent=bool(resend_reason)),
            **delivery.new_delivery(iso(ctx.clock.now())),  # status "sent", its history, updated_at, failed
        }

    keeper = KeptOnRecipient(
        sent=len(sent) > message.round,
        unconfirmed=neighbour.unconfirmed_letter,
        retry=retry,
        mark=lambda m, notification_id: ctx.repo.consultation.mark_letter_sent(
            council, reference, neighbour.id, round=m.round, letter=letter(notification_id)
        ),
        note=lambda m: ctx.repo.consultation.note_unconfirmed_letter(council, reference, neighbour.id, round=m.round),
    )
    notification = send_once(ctx, message, compose, keeper=keeper)
    return {"sent": notification is not None, **({} if notification else {"already": True})}


#: A consultee's link works until this many days after the end of their response period (or of the
#: consultation, if later); after that the council sends a new one (``resend``).
CONSULTEE_LINK_GRACE_DAYS = 28


def consultee_link_expires_on(record: rules.Consultation | None, *, consulted_on: date, days: int) -> date:
    """The last day a consultee's link works."""
    from datetime import timedelta

    own_end = consulted_on + timedelta(days=days)
    end = max(own_end, record.end_date) if record and record.end_date else own_end
    return end + timedelta(days=CONSULTEE_LINK_GRACE_DAYS)


def send_consultee_email(
    ctx: Context,
    council: str,
    reference: str,
    consultee_id: str,
    *,
    event: dict[str, Any] | None = None,
    retry: int | None = None,
) -> dict[str, Any]:
    """Emails a consultee their link, from the council's ``consultee_email`` template.

    The first consultation (``event`` None) is sent once. A resend or a reconsultation (``event``: the
    history entry, e.g. ``{"event": "resent", "reason": ...}``) is a new round: a new link (the old one
    stops working) emailed again, once. The link is issued just before the email is handed to Notify,
    and the history entry written only once Notify accepted it: a failed send is sent again by the retry.
    The record that it was sent is the consultee's (``KeptOnRecipient``): the email delivery's round.
    ``retry``: the workflow task's retry count; None from a request.
    """
    from bops.domain import delivery, letters
    from bops.domain import templates as template_rules
    from bops.services.councils import get_council
    from bops.services.templates import parts_of

    consultee = ctx.repo.consultation.consultee(council, reference, consultee_id)
    if not consultee or (event is None and consultee.history):
        return {"sent": False}  # the first email went already (its history entry says so)
    # the first email is round 0; each later one follows the history (every email sent adds to it)
    message = Message(
        council=council,
        reference=reference,
        kind="consultee_email",
        recipient=consultee.id,
        round=0 if event is None else max(1, len(consultee.history)),
    )
    now = ctx.clock.now()
    case = load(ctx, council, reference)
    record = record_of(case)
    expires_on = consultee_link_expires_on(record, consulted_on=london_date(now), days=consultee.response_days)

    def compose() -> Email:
        secret = secrets.token_urlsafe(32)
        ctx.repo.consultation.issue_link(
            council,
            reference,
            consultee.id,
            link_hash=hashlib.sha256(secret.encode()).hexdigest(),
            expires_on=expires_on.isoformat(),
        )
        token = f"{CONSULTEE_LINK_PREFIX}_{council}_{reference}_{consultee.id}_{secret}"
        values = {
            "consultee_name": consultee.name,
            "organisation": consultee.organisation,
            "reference": reference,
            "site_address": case["site"]["address"],
            "description": case["description"],
            "respond_by": letters.format_date(record.end_date) if record and record.end_date else "",
            "council_name": get_council(ctx, council).name,
            "link": link(f"/consultee.html#{token}"),
        }
        text = template_rules.render("consultee_email", parts_of(ctx, council, "consultee_email"), values)
        return Email(
            council=council,
            template="consultee_consultation",
            to=consultee.email,
            reference=reference,
            personalisation={
                "subject": text["subject"],
                "body": text["body"],
                "name": consultee.name,
                "reference": reference,
                "site_address": case["site"]["address"],
                "respond_by": record.end_date.isoformat() if record and record.end_date else "",
                "link": values["link"],
            },
        )

    def mark(m: Message, notification_id: str) -> None:
        entry = {"event": "consulted", "at": iso(now), **(event or {}), "link_expires_on": expires_on.isoformat()}
        ctx.repo.consultation.mark_email_sent(
            council,
            reference,
            consultee.id,
            round=m.round,
            entry=entry,
            delivery={"notification_id": notification_id, **delivery.new_delivery(iso(ctx.clock.now()))},
        )

    recorded_round = (consultee.email_delivery or {}).get("round")
    keeper = KeptOnRecipient(
        sent=recorded_round is not None and int(recorded_round) >= message.round,
        unconfirmed=consultee.unconfirmed_email,
        retry=retry,
        mark=mark,
        note=lambda m: ctx.repo.consultation.note_unconfirmed_email(council, reference, consultee.id, round=m.round),
    )
    notification = send_once(ctx, message, compose, keeper=keeper)
    return {"sent": notification is not None}


def letters_sent(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    case = load(ctx, council, reference)
    record = record_of(case)
    # recorded by the first run only: a run for a reopened consultation sends no new letters
    if record and record.status is rules.ConsultationStatus.IN_PROGRESS and record.letters_sent_on is None:
        today = london_date(ctx.clock.now())
        sent_on = max(record.start_date, today) if record.start_date else today
        from bops.domain.calendar import next_business_day

        updated = rules.record_letters_sent(record, on=next_business_day(sent_on))
        if updated != record:
            save_consultation(ctx, "system:workflow", case, updated, "consultation.letters_sent")
    return {"recorded": True}


def check_end(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    """Completes the consultation once its end date has passed; else says when to look again."""
    from datetime import timedelta

    case = load(ctx, council, reference)
    record = record_of(case)
    now = ctx.clock.now()
    if not record or record.status is not rules.ConsultationStatus.IN_PROGRESS or case["status"] in FINAL:
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    today = london_date(now)
    if rules.is_due_to_complete(record, today=today):
        save_consultation(ctx, "system:workflow", case, rules.complete(record, today=today), "consultation.completed")
        ctx.events.publish(
            "consultation.completed",
            {"council": council, "reference": reference, "event_id": f"{reference}:consultation:{record.end_date}"},
        )
        return {"finished": True, "wake_at": iso(ctx.clock.to_real(now))}
    wake = now + timedelta(seconds=ctx.timer_recheck_seconds)
    due = rules.completes_after(record)
    if due is not None:
        wake = min(wake, max(due, now))
    return {"finished": False, "wake_at": iso(ctx.clock.to_real(wake))}
