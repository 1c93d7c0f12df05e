"""The council's editable templates: the neighbour letter, the consultee email and the applicant's "valid"
email. Pure.

Each template has parts (a letter has a ``body``; an email a ``subject`` and a ``body``), written as plain
text with placeholders in braces from the template's own fixed set (``TemplateSpec.placeholders``), by the
rules of ``bops.domain.letters``: ``{{`` and ``}}`` for literal braces, nothing escaped, values inserted once.
A council that has not edited a template uses its default here. ``check`` refuses a bad part with a
``InvalidRequest`` naming it (``subject`` or ``body``); ``render`` fills every part in.

GOV.UK Notify sends what we render: its templates hold only ``((subject))`` and ``((body))`` (emails) or
``((body))`` under the address block (letters), so councils change their wording here, not in Notify.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bops.domain import letters
from bops.domain.errors import FieldError, InvalidRequest, NotFound

MAX_SUBJECT = 200
#: Characters that end a line somewhere: in an email header any of them could start a new header (or be
#: shown as one by a mail client), so a subject holds none (``str.splitlines``'s set).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ONE_LINE = str.maketrans(dict.fromkeys(LINE_BREAKS, " "))

CONSULTEE_EMAIL_SUBJECT = "Consultation on planning application {reference}: please respond by {respond_by}"
CONSULTEE_EMAIL_BODY = """\
Dear {consultee_name},

{council_name} would like your advice on this planning application.

Reference: {reference}
Site: {site_address}
Proposal: {description}

Please respond by {respond_by}. You can see the application and its documents, and send your response \
with any attachments, at:

{link}

This link is for you only: please do not forward it. If it has expired, reply to this email and we will \
send you a new one.

Planning department
{council_name}
"""

APPLICATION_VALID_SUBJECT = "Your planning application {reference} is valid"
APPLICATION_VALID_BODY = """\
Dear {name},

Your planning application has been checked and is valid.

Reference: {reference}
Site: {site_address}
Proposal: {description}

The application is valid from {valid_from}. We aim to make a decision by {determination_date}. If we \
cannot, we will ask you to agree more time.

You can follow the application, and see comments and documents as they are published, at:

{link}

Planning department
{council_name}
"""


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    title: str
    #: Each part's default text, in the order they are shown (``subject`` before ``body``).
    defaults: Mapping[str, str]
    placeholders: tuple[str, ...]
    #: Values to preview the template with.
    sample: Mapping[str, Any]


_SAMPLE = {
    "reference": "26-00042-HAPP",
    "site_address": "40 Stansfield Road, London, SW9 9RZ",
    "description": "Single storey rear extension",
    "end_date": date(2027, 1, 14),
    "respond_by": date(2027, 1, 14),
    "council_name": "Demo Borough Council",
    "comment_url": "https://planning.example.gov.uk/public.html#demo/26-00042-HAPP",
    "consultee_name": "Highways team",
    "organisation": "Demo Borough Council",
    "link": "https://planning.example.gov.uk/consultee.html#...",
    "name": "Ms Applicant",
    "valid_from": date(2026, 11, 2),
    "determination_date": date(2026, 12, 28),
}

TEMPLATES: Mapping[str, TemplateSpec] = {
    "neighbour_letter": TemplateSpec(
        name="neighbour_letter",
        title='Letter to neighbours ("The Occupier")',
        defaults={"body": letters.DEFAULT_TEMPLATE},
        placeholders=letters.PLACEHOLDERS,
        sample=_SAMPLE,
    ),
    "consultee_email": TemplateSpec(
        name="consultee_email",
        title="Email to consultees",
        defaults={"subject": CONSULTEE_EMAIL_SUBJECT, "body": CONSULTEE_EMAIL_BODY},
        placeholders=(
            "consultee_name",
            "organisation",
            "reference",
            "site_address",
            "description",
            "respond_by",
            "council_name",
            "link",
        ),
        sample=_SAMPLE,
    ),
    # To the applicant and the agent when the officer validates the application: the statutory clock has
    # started, and they learn the date the council must decide by (DMPO 2015 art. 34).
    "application_valid": TemplateSpec(
        name="application_valid",
        title="Email to the applicant: the application is valid",
        defaults={"subject": APPLICATION_VALID_SUBJECT, "body": APPLICATION_VALID_BODY},
        placeholders=(
            "name",
            "reference",
            "site_address",
            "description",
            "valid_from",
            "determination_date",
            "council_name",
            "link",
        ),
        sample={**_SAMPLE, "link": "https://planning.example.gov.uk/public.html#demo/26-00042-HAPP"},
    ),
}


def spec(name: str) -> TemplateSpec:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise NotFound(f"No template {name}: the templates are {', '.join(TEMPLATES)}") from None


def check(name: str, parts: Mapping[str, Any]) -> dict[str, str]:
    """The template's parts, each checked: every part present, placeholders from the template's set.

    Raises ``NotFound`` for an unknown template and ``InvalidRequest`` naming each bad part.
    """
    template = spec(name)
    errors: list[FieldError] = []
    checked: dict[str, str] = {}
    for part in template.defaults:
        value = parts.get(part)
        if not isinstance(value, str) or not value.strip():
            errors.append(FieldError(part, "is required"))
            continue
        if part == "subject" and (any(c in LINE_BREAKS for c in value.strip()) or len(value) > MAX_SUBJECT):
            errors.append(FieldError(part, f"must be one line of at most {MAX_SUBJECT} characters"))
            continue
        try:
            letters.placeholders_in(value, allowed=template.placeholders, field=part)
        except InvalidRequest as error:
            errors.extend(error.fields)
            continue
        checked[part] = value.strip() if part == "subject" else value
    unknown = sorted(set(parts) - set(template.defaults))
    errors.extend(FieldError(u, f"is not a part of the {name} template") for u in unknown)
    if errors:
        raise InvalidRequest(f"The {template.title.lower()} template is not valid", fields=errors)
    return checked


def one_line(text: str) -> str:
    """``text`` with every line break (``LINE_BREAKS``) made a space: safe for an email header."""
    return text.translate(_ONE_LINE)


def render(name: str, parts: Mapping[str, str], values: Mapping[str, Any]) -> dict[str, str]:
    """Every part of the template filled in with ``values`` (dates as ``23 December 2026``).

    The subject is made one line: the values put into it come from applicants and officers (a site
    address, a description) and may hold line breaks, which a header must not.
    """
    template = spec(name)
    rendered = {
        part: letters.render(text, values, allowed=template.placeholders, field=part) for part, text in parts.items()
    }
    if "subject" in rendered:
        rendered["subject"] = one_line(rendered["subject"])
    return rendered


def preview(name: str, parts: Mapping[str, str]) -> dict[str, str]:
    """The template filled in with sample values, to show the council what it will send."""
    return render(name, parts, spec(name).sample)
