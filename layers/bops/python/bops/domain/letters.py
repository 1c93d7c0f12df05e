"""Neighbour letters to "The Occupier", rendered from council templates. Pure.

A template is plain text with placeholders in braces, from a fixed set (``PLACEHOLDERS``):
``{reference}``, ``{site_address}``, ``{description}``, ``{end_date}``, ``{council_name}``,
``{comment_url}``; ``{{`` and ``}}`` stand for literal braces. ``render`` refuses any other placeholder
(``InvalidRequest`` on ``template``) and escapes nothing: the letter is plain text for GOV.UK Notify, and
values go in verbatim, once (a value that looks like a placeholder stays as it is).

A letter sent again needs a reason, shown at the top of the new letter: "This letter replaces one sent
on 23 December 2026: <reason>".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import ConfigDict

from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.neighbours import Address
from bops.model import Model

PLACEHOLDERS = ("reference", "site_address", "description", "end_date", "council_name", "comment_url")
MAX_TEMPLATE = 10_000
MAX_REASON = 500
ADDRESSEE = "The Occupier"
#: GOV.UK Notify takes at most 7 address lines, the last a postcode.
MAX_ADDRESS_LINES = 7

DEFAULT_TEMPLATE = """\
Dear Occupier,

Planning application: {reference}
Site: {site_address}
Proposal: {description}

{council_name} has received a planning application for the site above, which is near your property. \
You can see the plans and documents, and comment on the application, at:

{comment_url}

Please send us your comments by {end_date}. We take into account every comment about planning matters \
that reaches us by then. Comments are published on our website with names, addresses and other \
personal details removed.

If you cannot use the internet, contact the planning department at {council_name}, quoting the \
application reference.

Yours faithfully,

Planning department
{council_name}
"""

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def format_date(d: date) -> str:
    """A date as GOV.UK writes it: ``23 December 2026``."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def placeholders_in(
    template: str, *, allowed: tuple[str, ...] = PLACEHOLDERS, field: str = "template", max_length: int = MAX_TEMPLATE
) -> tuple[str, ...]:
    """The placeholders a template uses, in order of first use.

    Raises ``InvalidRequest`` (on ``field``, ``template`` unless told) for an empty or too long template,
    a placeholder not in ``allowed`` (``{applicant}``, ``{reference!r}``, ``{reference.upper}``) or a stray
    brace. Other council templates (``bops.domain.templates``) pass their own ``allowed`` and ``field``.
    """
    if not isinstance(template, str) or not template.strip():
        raise _bad_template("is required", field)
    if len(template) > max_length:
        raise _bad_template(f"must be at most {max_length} characters", field)
    used: list[str] = []
    unknown: list[str] = []
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            raise _bad_template(
                f"has a stray {token!r} at character {match.start() + 1} (write {token * 2} for a brace)", field
            )
        name = match.group(1)
        if name in allowed:
            if name not in used:
                used.append(name)
        elif token not in unknown:
            unknown.append(token)
    if unknown:
        raise _bad_template(
            "unknown placeholder " + ", ".join(unknown) + "; use: " + ", ".join("{" + p + "}" for p in allowed), field
        )
    return tuple(used)


def validate_template(template: str) -> str:
    """The template, if ``render`` will accept it (for a council editing its templates)."""
    placeholders_in(template)
    return template


def render(
    template: str, values: Mapping[str, Any], *, allowed: tuple[str, ...] = PLACEHOLDERS, field: str = "template"
) -> str:
    """The template with each placeholder replaced by its value (dates as ``23 December 2026``).

    Raises ``InvalidRequest``: field ``template`` for a template ``placeholders_in`` refuses, and
    ``values.<name>`` for a placeholder the template uses without a value. Values the template does not
    use are ignored. Nothing is escaped.
    """
    used = placeholders_in(template, allowed=allowed, field=field)
    missing = [name for name in used if values.get(name) in (None, "")]
    if missing:
        raise InvalidRequest(
            "The letter is missing values", fields=[FieldError(f"values.{name}", "is required") for name in missing]
        )
    text = {name: _as_text(values[name]) for name in used}

    def substitute(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return text[match.group(1)]

    return _TOKEN.sub(substitute, template)


def _as_text(value: Any) -> str:
    return format_date(value) if isinstance(value, date) else str(value)


def _bad_template(message: str, field: str = "template") -> InvalidRequest:
    return InvalidRequest("The template is not valid", fields=[FieldError(field, message)])


# --- letters ---------------------------------------------------------------------------------------


class Letter(Model):
    """One letter, ready for the notifications port."""

    model_config = ConfigDict(frozen=True)

    #: "The Occupier", the address, the postcode last.
    address_lines: tuple[str, ...]
    body: str
    #: For a letter sent again: the day the letter it replaces was sent, and why.
    replaces_letter_sent_on: date | None = None
    resend_reason: str | None = None


def address_lines(address: Address) -> tuple[str, ...]:
    """The postal address of a letter to "The Occupier": at most 7 lines, the postcode last.

    ``40, STANSFIELD ROAD, LONDON, SW9 9RZ`` gives ``The Occupier / 40 STANSFIELD ROAD / LONDON / SW9 9RZ``
    (a house number joins the street).
    """
    parts = [p.strip() for p in address.single_line.split(",") if p.strip()]
    if parts and re.sub(r"\s+", "", parts[-1]).upper() == address.postcode.replace(" ", ""):
        parts.pop()
    lines: list[str] = []
    for part in parts:
        if lines and re.fullmatch(r"[0-9]+[A-Za-z]?", lines[-1]):
            lines[-1] = f"{lines[-1]} {part}"
        else:
            lines.append(part)
    room = MAX_ADDRESS_LINES - 2  # the addressee and the postcode
    if len(lines) > room:
        lines = [*lines[: room - 1], ", ".join(lines[room - 1 :])]
    return (ADDRESSEE, *lines, address.postcode)


def neighbour_letter(address: Address, values: Mapping[str, Any], *, template: str | None = None) -> Letter:
    """The letter to "The Occupier" at ``address`` (``template`` defaults to ``DEFAULT_TEMPLATE``)."""
    return Letter(address_lines=address_lines(address), body=render(template or DEFAULT_TEMPLATE, values))


def resend_note(previous_sent_on: date, reason: str) -> str:
    """The line at the top of a letter sent again."""
    return f"This letter replaces one sent on {format_date(previous_sent_on)}: {reason}"


def resent_letter(
    address: Address,
    values: Mapping[str, Any],
    *,
    previous_sent_on: date,
    reason: str | None,
    template: str | None = None,
) -> Letter:
    """A letter sent again, which needs a reason (``InvalidRequest`` on ``reason``); the reason is shown
    at the top of the letter (``resend_note``)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidRequest("Say why the letter is sent again", fields=[FieldError("reason", "is required")])
    if len(reason) > MAX_REASON:
        raise InvalidRequest(
            "The reason is too long", fields=[FieldError("reason", f"at most {MAX_REASON} characters")]
        )
    letter = neighbour_letter(address, values, template=template)
    return letter.model_copy(
        update={
            "body": resend_note(previous_sent_on, reason) + "\n\n" + letter.body,
            "replaces_letter_sent_on": previous_sent_on,
            "resend_reason": reason,
        }
    )


def notify_personalisation(letter: Letter) -> dict[str, str]:
    """The personalisation of a GOV.UK Notify letter whose template is ``((body))``: ``address_line_1``
    to ``address_line_7`` and ``body``."""
    fields = {f"address_line_{i}": line for i, line in enumerate(letter.address_lines, start=1)}
    fields["body"] = letter.body
    return fields
