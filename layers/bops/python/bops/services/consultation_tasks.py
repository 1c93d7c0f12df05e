"""The consultation workflow's tasks, and what they share with the API side.

Kept apart from ``bops.services.consultation`` (the API side) so the workflow functions import only
what they use: a lean cold start (``make benchmark``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from bops.adapters.notify import Email, PostedLetter
from bops.config import settings
from bops.domain import consultation as rules
from bops.domain.lifecycle import FINAL_STATUSES
from bops.domain.time import iso, london_date
from bops.repository.keys import app_pk
from bops.services.context import Context

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
            **({"explanation": change.explanation.lines()} if change else {}),
        },
        extra=extra,
    ).case


def items_of(ctx: Context, council: str, reference: str, prefix: str) -> list[dict[str, Any]]:
    return ctx.repo.query_all(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
        ExpressionAttributeValues={":pk": app_pk(council, reference), ":p": prefix},
    )


def consultation_or_new(case: dict[str, Any]) -> rules.Consultation:
    return record_of(case) or rules.new_consultation(case["application_type"], eia=bool(case.get("eia")))


# --- sending (workflow tasks; each sends once per recipient) ----------------------------------------
def recipients(ctx: Context, council: str, reference: str) -> list[dict[str, str]]:
    """Who the consultation workflow's Map state sends to: every neighbour and every consultee."""
    return [
        {"council": council, "reference": reference, "sk": i["sk"]}
        for prefix in ("NEIGHBOUR#", "CONSULTEE#")
        for i in items_of(ctx, council, reference, prefix)
    ]


def send_one(ctx: Context, council: str, reference: str, sk: str) -> dict[str, Any]:
    if sk.startswith("NEIGHBOUR#"):
        return send_letter(ctx, council, reference, sk)
    return send_consultee_email(ctx, council, reference, sk)


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
        "comment_url": f"{settings().public_url.rstrip('/')}/public.html#{case['council']}/{case['reference']}",
    }


def send_letter(
    ctx: Context, council: str, reference: str, sk: str, *, resend_reason: str | None = None
) -> dict[str, Any]:
    """The letter to "The Occupier" of one neighbour. Sent once: a retried task finds it recorded."""
    from bops.domain import letters
    from bops.domain.neighbours import Address

    case = load(ctx, council, reference)
    item = ctx.repo.get(app_pk(council, reference), sk)
    if not item:
        return {"sent": False}
    sent = item.get("letters", [])
    if sent and not resend_reason:
        return {"sent": False, "already": True}
    address = Address.model_validate(item["address"])
    values = _letter_values(ctx, case)
    from bops.services.templates import parts_of

    template = parts_of(ctx, council, "neighbour_letter")["body"]
    if resend_reason:
        letter = letters.resent_letter(
            address,
            values,
            previous_sent_on=date.fromisoformat(sent[-1]["sent_on"]),
            reason=resend_reason,
            template=template,
        )
    else:
        letter = letters.neighbour_letter(address, values, template=template)
    today = london_date(ctx.clock.now())
    key = f"{council}:{reference}:{sk}:letter:{len(sent)}"
    notification = ctx.notifier.send_letter(
        PostedLetter(council=council, address_lines=letter.address_lines, body=letter.body, reference=reference),
        idempotency_key=key,
    )
    from bops.domain import delivery
    from bops.services.delivery import record_letter

    record = {
        "sent_on": today.isoformat(),
        "notification_id": notification,
        "resend_reason": resend_reason,
        "batch": delivery.batch_of(today, resent=bool(resend_reason)),
        **delivery.new_delivery(iso(ctx.clock.now())),  # status "sent", its history, updated_at, failed
    }
    # with the lookup from Notify's id to this letter, for its delivery receipts
    record_letter(ctx, council, reference, sk, record, index=len(sent))
    return {"sent": True}


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
    ctx: Context, council: str, reference: str, sk: str, *, event: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Emails a consultee their link, from the council's ``consultee_email`` template.

    The first consultation (``event`` None) is sent once: a retried task finds the link kept and sends
    nothing. A resend or a reconsultation (``event``: the history entry, e.g. ``{"event": "resent",
    "reason": ...}``) issues a new link (the old one stops working) and emails it again.
    """
    from bops.domain import letters
    from bops.domain import templates as template_rules
    from bops.services.councils import get_council
    from bops.services.templates import parts_of

    case = load(ctx, council, reference)
    item = ctx.repo.get(app_pk(council, reference), sk)
    if not item or (event is None and item.get("link_hash")):
        return {"sent": False}
    history = item.get("history", [])
    record = record_of(case)
    now = ctx.clock.now()
    expires_on = consultee_link_expires_on(record, consulted_on=london_date(now), days=int(item["response_days"]))
    secret = secrets.token_urlsafe(32)
    token = f"{CONSULTEE_LINK_PREFIX}_{council}_{reference}_{item['id']}_{secret}"
    entry = {"event": "consulted", "at": iso(now), **(event or {}), "link_expires_on": expires_on.isoformat()}
    # the link is kept (hashed) before the email goes: a retry after this sends no second link
    try:
        ctx.repo.table.update_item(
            Key={"pk": app_pk(council, reference), "sk": sk},
            UpdateExpression="SET link_hash = :h, link_expires_on = :x, history = list_append(history, :e)",
            ConditionExpression="attribute_not_exists(link_hash)" if event is None else "size(history) = :n",
            ExpressionAttributeValues={
                ":h": hashlib.sha256(secret.encode()).hexdigest(),
                ":x": expires_on.isoformat(),
                ":e": [entry],
                **({} if event is None else {":n": len(history)}),
            },
        )
    except ctx.repo.table.meta.client.exceptions.ConditionalCheckFailedException:
        if event is None:
            return {"sent": False}
        from bops.domain.errors import Conflict

        raise Conflict("The consultee changed meanwhile: try again") from None
    values = {
        "consultee_name": item["name"],
        "organisation": item["organisation"],
        "reference": reference,
        "site_address": case["site"]["address"],
        "description": case["description"],
        "respond_by": letters.format_date(record.end_date) if record and record.end_date else "",
        "council_name": get_council(ctx, council).name,
        "link": f"{settings().public_url.rstrip('/')}/consultee.html#{token}",
    }
    message = template_rules.render("consultee_email", parts_of(ctx, council, "consultee_email"), values)
    notification = ctx.notifier.send_email(
        Email(
            council=council,
            template="consultee_consultation",
            to=item["email"],
            reference=reference,
            personalisation={
                "subject": message["subject"],
                "body": message["body"],
                "name": item["name"],
                "reference": reference,
                "site_address": case["site"]["address"],
                "respond_by": record.end_date.isoformat() if record and record.end_date else "",
                "link": values["link"],
            },
        ),
        idempotency_key=f"{council}:{reference}:{sk}:consulted"
        if event is None
        else f"{council}:{reference}:{sk}:{event['event']}:{len(history)}",
    )
    from bops.services.delivery import record_email

    record_email(ctx, council, reference, sk, notification)  # for its delivery receipts
    return {"sent": True}


def letters_sent(ctx: Context, council: str, reference: str) -> dict[str, Any]:
    case = load(ctx, council, reference)
    record = record_of(case)
    # recorded by the first run only: a run for a reopened consultation sends no new letters
    if record and record.status is rules.ConsultationStatus.IN_PROGRESS and record.letters_sent_on is None:
        sent_on = max(date.fromisoformat(record.start_date.isoformat()), london_date(ctx.clock.now()))
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
