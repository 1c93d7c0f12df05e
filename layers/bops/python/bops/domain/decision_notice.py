"""The decision notice: the letter that tells the applicant what the council decided, as HTML and as PDF.

Pure rendering, no AWS. Build a ``DecisionNotice`` from the determined case, then call ``render_html``
(a standalone, accessible HTML5 document) or ``render_pdf`` (A4, fpdf2 with the core Helvetica font).
Both render the same content, worked out once by ``_content``.

The wording follows the regime the application type falls under (England):

- planning permission (householder, minor, major): Town and Country Planning Act 1990 (TCPA), appeal
  under TCPA s. 78 within 12 weeks of a householder or minor commercial refusal (``minor_commercial``),
  otherwise 6 months (Town and Country Planning (Development Management Procedure) (England) Order
  2015, art. 37(2)); an appeal against the conditions on a householder permission is an ordinary
  planning appeal, so 6 months. The notice gives the last day too (``clock.appeal_dates``: the periods
  begin with the date of the notice);
- prior approval (General Permitted Development Order 2015, Sch. 2): "prior approval is not required",
  "prior approval is required and is granted / refused"; appeal under TCPA s. 78 within 6 months;
- lawful development certificates: appeal under TCPA s. 195, no fixed time limit; no conditions;
- listed building consent: appeal under the Planning (Listed Buildings and Conservation Areas) Act 1990,
  s. 20, within 6 months;
- advertisement consent: appeal under the Control of Advertisements Regulations 2007, reg. 17, 8 weeks;
- works to protected trees: appeal under the Tree Preservation Regulations 2012, reg. 19, 28 days;
- works to trees in a conservation area (a notification, not an application) and land drainage consent:
  no appeal to the Planning Inspectorate, so no appeal note.

The type is found from ``application_type_code`` if given, else by ``application_type_name`` (exact
name from the type table), else by the suffix of the reference (``26-00100-HAPP``); an unrecognised
type is worded as planning permission.

Shape errors (a missing or blank field, a bad date) raise ``pydantic.ValidationError``, which the API
maps with ``invalid_from_pydantic``; rules across fields (a refusal with no reasons, conditions on a
refusal, a decision dated before the application was received, a decision the type cannot take)
raise ``InvalidRequest`` naming each failing field.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from bops.domain.application_types import ApplicationType, Category, all_types, get_type, type_for_suffix
from bops.domain.clock import (
    APPEAL_MONTHS,
    SHORT_APPEAL_WEEKS,
    months_beginning_with,
    weeks_beginning_with,
)
from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.lifecycle import PRIOR_APPROVAL_DECISIONS, Decision, allowed_decisions
from bops.model import Model

MAX_TEXT = 20_000
MAX_ITEMS = 500

# --- text ------------------------------------------------------------------------------------------

# C0 and C1 control characters other than tab and newline (which are normalised first).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def _clean_text(value: str) -> str:
    """NFC, ``\\n`` line ends, no control characters, no surrounding blanks; blank is an error."""
    value = unicodedata.normalize("NFC", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    value = _CONTROL.sub("", value.replace("\t", " "))
    value = "\n".join(line.rstrip() for line in value.strip().split("\n"))
    if not value:
        raise ValueError("must not be blank")
    return value


def _clean_line(value: str) -> str:
    """As ``_clean_text``, on one line."""
    return _SPACES.sub(" ", _clean_text(value))


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


#: Text that may run over several lines (an address, a description, a condition and its reason).
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_clean_text)]
#: Text on one line (a name, a reference).
Line = Annotated[str, Field(max_length=1_000), AfterValidator(_clean_line)]
OptionalLine = Annotated[Line | None, BeforeValidator(_blank_to_none)]

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(day: date) -> str:
    """A date as UK councils write it: ``3 March 2026`` (whatever the machine's locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# --- regimes ---------------------------------------------------------------------------------------

_TCPA = "Town and Country Planning Act 1990"
_DMPO = "Town and Country Planning (Development Management Procedure) (England) Order 2015 (as amended)"
_GPDO = "Town and Country Planning (General Permitted Development) (England) Order 2015 (as amended)"
_LBCA = "Planning (Listed Buildings and Conservation Areas) Act 1990"
_ADVERTS = "Town and Country Planning (Control of Advertisements) (England) Regulations 2007"
_TREES = "Town and Country Planning (Tree Preservation) (England) Regulations 2012"


@dataclass(frozen=True)
class _Appeal:
    """How the applicant may appeal: under what, and within how long (None: no fixed time limit)."""

    under: str
    refusal_period: str | None
    conditions_period: str | None
    #: The Secretary of State may allow longer (TCPA s. 78 appeals).
    extendable: bool = False
    #: A served enforcement notice can shorten the time (TCPA s. 78 appeals).
    enforcement: bool = False


@dataclass(frozen=True)
class _Regime:
    """How a kind of decision is worded: "<subject> is GRANTED", "to refuse <object>"."""

    subject: str
    object: str
    legislation: tuple[str, ...]
    appeal: _Appeal | None
    conditions_allowed: bool = True


_S78 = f"section 78 of the {_TCPA}"
_PLANNING = _Regime(
    "Planning permission",
    "planning permission",
    (_TCPA, _DMPO),
    _Appeal(_S78, "6 months", "6 months", extendable=True, enforcement=True),
)
_HOUSEHOLDER = _Regime(
    "Planning permission",
    "planning permission",
    (_TCPA, _DMPO),
    _Appeal(_S78, "12 weeks", "6 months", extendable=True, enforcement=True),
)
_PRIOR_APPROVAL = _Regime(
    "Prior approval",
    "prior approval",
    (_TCPA, _GPDO),
    _Appeal(_S78, "6 months", "6 months", extendable=True, enforcement=True),
)
_LDC = _Regime(
    "A lawful development certificate",
    "a lawful development certificate",
    (f"{_TCPA}, sections 191 to 194", _DMPO),
    _Appeal(f"section 195 of the {_TCPA}", None, None),
    conditions_allowed=False,
)
_LISTED = _Regime(
    "Listed building consent",
    "listed building consent",
    (_LBCA, "Planning (Listed Buildings and Conservation Areas) Regulations 1990"),
    _Appeal(f"section 20 of the {_LBCA}", "6 months", "6 months"),
)
_ADVERT = _Regime(
    "Advertisement consent",
    "advertisement consent",
    (_TCPA, _ADVERTS),
    _Appeal(f"regulation 17 of the {_ADVERTS}", "8 weeks", "8 weeks"),
)
_TPO = _Regime(
    "Consent for works to trees protected by a Tree Preservation Order",
    "consent for works to protected trees",
    (_TCPA, _TREES),
    _Appeal(f"regulation 19 of the {_TREES}", "28 days", "28 days"),
)
_TREES_IN_CONSERVATION_AREA = _Regime(
    "Consent for the notified works to trees in a conservation area",
    "consent for the notified works",
    (f"{_TCPA}, section 211",),
    None,
)
_LAND_DRAINAGE = _Regime(
    "Land drainage consent", "land drainage consent", ("Land Drainage Act 1991, section 23",), None
)
_OTHER = _Regime("Consent", "consent", (), None)

_BY_CATEGORY = {
    Category.HOUSEHOLDER: _HOUSEHOLDER,
    Category.MINOR: _PLANNING,
    Category.MAJOR: _PLANNING,
    Category.LAWFUL_DEVELOPMENT_CERTIFICATE: _LDC,
    Category.PRIOR_APPROVAL: _PRIOR_APPROVAL,
    Category.LISTED_BUILDING_CONSENT: _LISTED,
    Category.ADVERTISEMENT_CONSENT: _ADVERT,
    Category.WORKS_TO_TREES: _TPO,
}
_BY_CODE = {"wtt.notice": _TREES_IN_CONSERVATION_AREA, "landDrainageConsent": _LAND_DRAINAGE}

REFUSALS = frozenset({Decision.REFUSED, Decision.PRIOR_APPROVAL_REFUSED})
#: Decisions that cannot carry conditions, whatever the type.
_UNCONDITIONAL = REFUSALS | {Decision.PRIOR_APPROVAL_NOT_REQUIRED}

_DECISION_LABELS = {
    Decision.GRANTED: "Granted",
    Decision.REFUSED: "Refused",
    Decision.PRIOR_APPROVAL_NOT_REQUIRED: "Prior approval not required",
    Decision.PRIOR_APPROVAL_GRANTED: "Prior approval required and granted",
    Decision.PRIOR_APPROVAL_REFUSED: "Prior approval required and refused",
}


def _regime(app_type: ApplicationType | None, decision: Decision, type_name: str) -> _Regime:
    if decision in PRIOR_APPROVAL_DECISIONS:
        return _PRIOR_APPROVAL
    if app_type is None:
        return _HOUSEHOLDER if "householder" in type_name.lower() else _PLANNING
    return _BY_CODE.get(app_type.code) or _BY_CATEGORY.get(app_type.category, _OTHER)


def conditions_allowed(application_type_code: str, decision: Decision | str) -> bool:
    """Whether a decision of this type may carry planning conditions.

    A refusal carries none. A lawful development certificate certifies what is lawful (TCPA 1990
    ss. 191-192): it grants nothing to attach a condition to. A prior approval decides only the matters
    the GPDO 2015 lists, the development being granted by the Order itself: as the conditions task
    (``bops.domain.conditions``) holds, it carries no planning conditions here, although GPDO 2015 Sch. 2
    Part 1 para. W(13) lets an authority grant prior approval subject to conditions reasonably related to
    its subject matter (the notice can still word them, for a decision recorded before this rule)."""
    decision = Decision(decision)
    if decision in _UNCONDITIONAL or decision in PRIOR_APPROVAL_DECISIONS:
        return False
    try:
        app_type = get_type(application_type_code)
    except InvalidRequest:
        return True
    if app_type.prior_approval:
        return False
    return _regime(app_type, decision, app_type.name).conditions_allowed


# --- the notice ------------------------------------------------------------------------------------


class DecisionNotice(Model):
    """What the decision notice says. Build it from the determined case; render it as HTML or PDF."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    council_name: Line
    reference: Line
    application_type_name: Line
    #: The ODP type code (``pp.full.householder``): picks the wording and the appeal period. Optional:
    #: otherwise the type is found by its name, then by the suffix of the reference.
    application_type_code: OptionalLine = None
    site_address: Text
    description: Text
    applicant_name: OptionalLine = None
    agent_name: OptionalLine = None
    decision: Decision
    decided_on: date
    received_on: date
    valid_from: date | None = None
    #: For grants: each condition, with its reason if the council words it so ("... Reason: ...").
    conditions: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    #: For refusals: at least one.
    reasons: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    informatives: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    #: The plans and documents the decision relates to, by drawing number ("1234/01 Rev A - Site plan").
    approved_plans: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)
    signatory_name: Line
    signatory_title: Line
    #: A refused minor commercial application (DMPO 2015 art. 2(1)) has 12 weeks to appeal, not 6 months
    #: (art. 37(2)(a)); the type alone cannot tell.
    minor_commercial: bool = False

    @model_validator(mode="after")
    def _check(self) -> DecisionNotice:
        errors = [*self._type_errors(), *self._list_errors(), *self._date_errors()]
        if errors:
            raise InvalidRequest(f"The decision notice cannot be issued: {errors[0].message}", fields=errors)
        return self

    def _type_errors(self) -> list[FieldError]:
        if self.application_type_code is None:
            return []
        try:
            app_type = get_type(self.application_type_code)
        except InvalidRequest:
            return [FieldError("application_type_code", "is not a known application type")]
        allowed = allowed_decisions(app_type)
        if self.decision not in allowed:
            choices = ", ".join(sorted(allowed))
            return [FieldError("decision", f"must be one of {choices} for this application type")]
        return []

    def _list_errors(self) -> list[FieldError]:
        errors = []
        refusal = self.decision in REFUSALS
        if refusal and not self.reasons:
            errors.append(FieldError("reasons", "a refusal needs at least one reason"))
        if self.reasons and not refusal:
            errors.append(FieldError("reasons", "only a refusal gives reasons"))
        if self.conditions and self.decision in _UNCONDITIONAL:
            errors.append(FieldError("conditions", "only a grant can have conditions"))
        elif self.conditions and not self.regime.conditions_allowed:
            errors.append(FieldError("conditions", f"{self.regime.object} cannot have conditions"))
        return errors

    def _date_errors(self) -> list[FieldError]:
        errors = []
        if self.decided_on < self.received_on:
            errors.append(FieldError("decided_on", "cannot be before the application was received"))
        if self.valid_from is not None:
            if self.valid_from < self.received_on:
                errors.append(FieldError("valid_from", "cannot be before the application was received"))
            if self.decided_on < self.valid_from:
                errors.append(FieldError("decided_on", "cannot be before the application was valid"))
        return errors

    @property
    def application_type(self) -> ApplicationType | None:
        """The application type, if it can be told from the code, the name or the reference suffix."""
        if self.application_type_code is not None:
            try:
                return get_type(self.application_type_code)
            except InvalidRequest:
                return None  # reported by the validator
        name = self.application_type_name.casefold()
        by_name = next((t for t in all_types() if t.name.casefold() == name), None)
        return by_name or type_for_suffix(self.reference.rsplit("-", 1)[-1])

    @property
    def regime(self) -> _Regime:
        return _regime(self.application_type, self.decision, self.application_type_name)

    @property
    def appeal_period(self) -> str | None:
        """The time allowed to appeal, in words ("12 weeks"); None when there is no fixed limit."""
        appeal = self.regime.appeal
        if appeal is None:
            return None
        if self.decision not in REFUSALS:
            return appeal.conditions_period
        if self.minor_commercial and self.regime is _PLANNING:
            return f"{SHORT_APPEAL_WEEKS} weeks"  # DMPO 2015 art. 37(2)(a)
        return appeal.refusal_period

    @property
    def last_day_to_appeal(self) -> date | None:
        """The last day to appeal under TCPA s. 78: the period (DMPO 2015 art. 37(2)) begins with the date
        of the notice. None for other regimes, whose periods are counted differently, or no fixed limit."""
        appeal = self.regime.appeal
        if appeal is None or not appeal.extendable:  # only s. 78 appeals are extendable
            return None
        period = self.appeal_period
        if period == f"{SHORT_APPEAL_WEEKS} weeks":
            return weeks_beginning_with(self.decided_on, SHORT_APPEAL_WEEKS)
        if period == f"{APPEAL_MONTHS} months":
            return months_beginning_with(self.decided_on, APPEAL_MONTHS)
        return None

    @property
    def decision_label(self) -> str:
        """The decision in a few words: ``Granted``, ``Prior approval not required``..."""
        return _DECISION_LABELS[self.decision]

    @property
    def headline(self) -> str:
        """The decision as the notice states it: ``Planning permission is GRANTED subject to ...``."""
        subject = self.regime.subject
        conditional = " subject to the following conditions." if self.conditions else "."
        return {
            Decision.GRANTED: f"{subject} is GRANTED{conditional}",
            Decision.REFUSED: f"{subject} is REFUSED for the following reasons.",
            Decision.PRIOR_APPROVAL_NOT_REQUIRED: "Prior approval is NOT REQUIRED.",
            Decision.PRIOR_APPROVAL_GRANTED: f"Prior approval is REQUIRED and is GRANTED{conditional}",
            Decision.PRIOR_APPROVAL_REFUSED: ("Prior approval is REQUIRED and is REFUSED for the following reasons."),
        }[self.decision]


# --- content, shared by both renderers -------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    #: The HTML id of the heading.
    key: str
    heading: str
    items: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    numbered: bool = True


@dataclass(frozen=True)
class _Content:
    title: str
    council: str
    heading: str
    legislation: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    intro: str
    headline: str
    statement: tuple[str, ...]
    lists: tuple[_Section, ...]
    signature: tuple[str, ...]
    appeal: _Section | None
    subject: str


def _prior_approval_statement(notice: DecisionNotice) -> tuple[str, ...]:
    given = f"{notice.council_name} gives notice under Schedule 2 to the {_GPDO}"
    relevant_class = "the limitations and conditions of the relevant Class of Schedule 2 to the Order"
    if notice.decision is Decision.PRIOR_APPROVAL_NOT_REQUIRED:
        return (
            f"{given} that the prior approval of the authority is not required for the development described above.",
            "The development must be carried out in accordance with the details provided in the "
            f"application and must comply with {relevant_class}.",
        )
    if notice.decision is Decision.PRIOR_APPROVAL_GRANTED:
        conditions = ", the conditions below" if notice.conditions else ""
        return (
            f"{given} that the prior approval of the authority is required for the development described "
            "above, and that prior approval is given.",
            "The development must be carried out in accordance with the details approved by the "
            f"authority{conditions} and {relevant_class}.",
        )
    if notice.decision is Decision.PRIOR_APPROVAL_REFUSED:
        return (
            f"{given} that the prior approval of the authority is required for the development described "
            "above, and that prior approval is refused.",
        )
    return ()


def _appeal_section(notice: DecisionNotice) -> _Section | None:
    appeal = notice.regime.appeal
    refused = notice.decision in REFUSALS
    if appeal is None or not (refused or notice.conditions):
        return None
    what = notice.regime.object
    period = notice.appeal_period
    aggrieved = f"the decision to refuse {what}" if refused else f"the decision to grant {what} subject to conditions"
    last_day = notice.last_day_to_appeal
    by = f", that is by {format_date(last_day)}" if last_day else ""
    paragraphs = [
        f"If you are aggrieved by {aggrieved}, you may appeal to the Secretary of State under "
        f"{appeal.under}. Only the applicant may appeal.",
        "Appeals are made to the Planning Inspectorate (www.gov.uk/government/organisations/"
        "planning-inspectorate). "
        + (
            f"An appeal must be made within {period} of the date of this notice{by}."
            if period
            else "There is no fixed time limit for this appeal."
        ),
    ]
    if appeal.extendable:
        paragraphs.append(
            "The Secretary of State can allow a longer period for giving notice of an appeal, but will not "
            "normally do so unless there are special circumstances which excuse the delay."
        )
    if appeal.enforcement:
        paragraphs.append(
            "If an enforcement notice has been served for the same or substantially the same land and "
            "development, a shorter time limit (usually 28 days) applies: check the Planning Inspectorate's "
            "guidance before appealing."
        )
    return _Section("appeal", "Your right to appeal", paragraphs=tuple(paragraphs), numbered=False)


#: DMPO 2015 art. 35(2): the notice of a decision on an application for planning permission states how the
#: authority worked with the applicant in a positive and proactive manner.
POSITIVE_AND_PROACTIVE = (
    "In dealing with this application, the local planning authority has worked with the applicant in a "
    "positive and proactive manner, seeking solutions to any problems arising, as required by article 35(2) "
    "of the Town and Country Planning (Development Management Procedure) (England) Order 2015 and paragraph "
    "38 of the National Planning Policy Framework."
)


def _positive_and_proactive(notice: DecisionNotice) -> _Section | None:
    if notice.regime not in (_PLANNING, _HOUSEHOLDER):
        return None
    return _Section("proactive", "Working with the applicant", paragraphs=(POSITIVE_AND_PROACTIVE,), numbered=False)


def _facts(notice: DecisionNotice) -> tuple[tuple[str, str], ...]:
    facts = [
        ("Reference", notice.reference),
        ("Application type", notice.application_type_name),
        ("Site address", notice.site_address),
        ("Description of development", notice.description),
    ]
    if notice.applicant_name:
        facts.append(("Applicant", notice.applicant_name))
    if notice.agent_name:
        facts.append(("Agent", notice.agent_name))
    facts.append(("Application received", format_date(notice.received_on)))
    if notice.valid_from is not None:
        facts.append(("Application valid from", format_date(notice.valid_from)))
    facts.append(("Date of decision", format_date(notice.decided_on)))
    facts.append(("Decision", notice.decision_label))
    return tuple(facts)


def _content(notice: DecisionNotice) -> _Content:
    regime = notice.regime
    lists = []
    if notice.conditions:
        lists.append(_Section("conditions", "Conditions", tuple(notice.conditions)))
    if notice.reasons:
        lists.append(_Section("reasons", "Reasons for refusal", tuple(notice.reasons)))
    if notice.approved_plans:
        lists.append(
            _Section(
                "plans",
                "Approved plans",
                tuple(notice.approved_plans),
                paragraphs=("The decision relates to the plans and documents listed above.",),
            )
        )
    if notice.informatives:
        lists.append(_Section("informatives", "Informatives", tuple(notice.informatives)))
    proactive = _positive_and_proactive(notice)
    if proactive is not None:
        lists.append(proactive)
    legislation = f"under the {' and the '.join(regime.legislation)}" if regime.legislation else ""
    intro = " ".join(
        part
        for part in (
            f"{notice.council_name}, as the local planning authority, has decided the application described above",
            legislation,
        )
        if part
    )
    return _Content(
        title=f"Decision notice {notice.reference} - {notice.council_name}",
        council=notice.council_name,
        heading="Notice of decision",
        legislation=regime.legislation,
        facts=_facts(notice),
        intro=intro + ".",
        headline=notice.headline,
        statement=_prior_approval_statement(notice),
        lists=tuple(lists),
        signature=(
            f"Signed on behalf of {notice.council_name}",
            notice.signatory_name,
            notice.signatory_title,
            f"Date: {format_date(notice.decided_on)}",
        ),
        appeal=_appeal_section(notice),
        subject=f"{notice.decision_label}: {notice.site_address}".replace("\n", ", "),
    )


# --- HTML ------------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 20mm; }
html { font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.45; color: #0b0c0c;
  background: #fff; }
body { margin: 0 auto; padding: 1.5rem; max-width: 46rem; }
.council { font-size: 1.25rem; font-weight: 700; margin: 0 0 0.5rem; }
h1 { font-size: 1.75rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.25rem; margin: 1.75rem 0 0.5rem; break-after: avoid; page-break-after: avoid; }
.legislation { font-size: 0.875rem; margin: 0 0 1.5rem; }
dl { display: grid; grid-template-columns: minmax(10rem, 14rem) 1fr; gap: 0.25rem 1rem; margin: 0; }
dt { font-weight: 700; }
dd { margin: 0; }
dd, li, p { white-space: pre-line; overflow-wrap: anywhere; }
.decision { font-size: 1.125rem; font-weight: 700; border-left: 5px solid #0b0c0c; padding: 0.5rem 1rem; }
ol { padding-left: 1.75rem; }
li { margin-bottom: 0.75rem; break-inside: avoid; page-break-inside: avoid; }
.signature { margin-top: 2rem; break-inside: avoid; page-break-inside: avoid; }
.signature p { margin: 0; }
.appeal { font-size: 0.9375rem; }
@media print {
  html { font-size: 11pt; }
  body { padding: 0; max-width: none; }
}
""".strip()


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _html_section(section: _Section) -> list[str]:
    css_class = ' class="appeal"' if section.key == "appeal" else ""
    out = [f'<section aria-labelledby="{section.key}"{css_class}>']
    out.append(f'<h2 id="{section.key}">{_e(section.heading)}</h2>')
    if section.items:
        out.append("<ol>")
        out.extend(f"<li>{_e(item)}</li>" for item in section.items)
        out.append("</ol>")
    out.extend(f"<p>{_e(p)}</p>" for p in section.paragraphs)
    out.append("</section>")
    return out


_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def render_html(notice: DecisionNotice) -> str:
    """The notice as a complete, standalone HTML5 document: no scripts, no external resources."""
    c = _content(notice)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        f'<meta name="author" content="{_e(c.council)}">',
        f"<title>{_e(c.title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f'<p class="council">{_e(c.council)}</p>',
        f"<h1>{_e(c.heading)}</h1>",
    ]
    if c.legislation:
        out.append(f'<p class="legislation">{"<br>".join(_e(line) for line in c.legislation)}</p>')
    out.append("</header>")
    out.append('<section aria-labelledby="application">')
    out.append('<h2 id="application">The application</h2>')
    out.append("<dl>")
    for label, value in c.facts:
        out.append(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>")
    out.append("</dl>")
    out.append("</section>")
    out.append('<section aria-labelledby="decision">')
    out.append('<h2 id="decision">Decision</h2>')
    out.append(f"<p>{_e(c.intro)}</p>")
    out.append(f'<p class="decision">{_e(c.headline)}</p>')
    out.extend(f"<p>{_e(p)}</p>" for p in c.statement)
    out.append("</section>")
    for section in c.lists:
        out.extend(_html_section(section))
    out.append('<section class="signature" aria-label="Signature">')
    for index, line in enumerate(c.signature):
        out.append(f"<p><strong>{_e(line)}</strong></p>" if index == 1 else f"<p>{_e(line)}</p>")
    out.append("</section>")
    if c.appeal is not None:
        out.extend(_html_section(c.appeal))
    out.extend(["</main>", "</body>", "</html>", ""])
    return "\n".join(out)


# --- PDF -------------------------------------------------------------------------------------------

#: Characters outside latin-1 (the core PDF fonts' encoding) with a readable stand-in.
_LATIN1_STAND_INS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u2026": "...", "\u2022": "*", "\u2023": "*", "\u2043": "-",
        "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u2007": " ",
        "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
        "\u20ac": "EUR", "\u2122": "TM", "\u2264": "<=", "\u2265": ">=", "\u2192": "->", "\u2190": "<-",
        "\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u0131": "i", "\u0152": "OE",
        "\u0153": "oe", "\u0126": "H", "\u0127": "h", "\u0166": "T", "\u0167": "t", "\u2116": "No.",
    }
)  # fmt: skip

#: Where fpdf2 writes the page count; a value carrying it is defused so it cannot be replaced.
_PAGE_COUNT = "{bops:nb}"


def latin1(text: str) -> str:
    """``text`` in latin-1 for the core PDF fonts: stand-ins for common characters, accents dropped
    from letters that have no latin-1 form (``ź`` -> ``z``), ``?`` for anything else. Never fails."""
    text = text.translate(_LATIN1_STAND_INS)
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) < 256)
        out.append(base or "?")
    return "".join(out).replace(_PAGE_COUNT, "{bops: nb}")


_MARGIN = 20  # mm
_LABEL_WIDTH = 52  # mm
_NUMBER_WIDTH = 9  # mm
_LINE = 5.2  # mm


def _pdf_class():
    """The fpdf2 document class, with the footer. Imported here, not at module load (cold starts)."""
    from fpdf import FPDF

    class _NoticePDF(FPDF):
        footer_text = ""

        def footer(self) -> None:
            self.set_y(-13)
            self.set_font("Helvetica", size=8)
            self.set_text_color(80, 80, 80)
            width = self.epw / 2
            self.cell(width, 5, self.footer_text, align="L")
            self.cell(width, 5, f"Page {self.page_no()} of {_PAGE_COUNT}", align="R")

    return _NoticePDF


def _keep_space(pdf, height: float) -> None:
    """Start a new page unless ``height`` mm fit on this one (keeps a heading with what follows)."""
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()


def _pdf_heading(pdf, text: str) -> None:
    _keep_space(pdf, 22)
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12.5)
    pdf.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)
    pdf.set_font("Helvetica", size=10.5)


def _pdf_paragraph(pdf, text: str, *, style: str = "", size: float = 10.5, gap: float = 2) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, _LINE, latin1(text), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(gap)


def _pdf_row(pdf, left: str, right: str, left_width: float, *, bold_left: bool) -> None:
    """A label (or number) and its text side by side; the text may wrap and run onto the next page."""
    _keep_space(pdf, _LINE * 2)
    page, y = pdf.page, pdf.get_y()
    pdf.set_font("Helvetica", "B" if bold_left else "", 10.5)
    pdf.multi_cell(left_width, _LINE, latin1(left), new_x="LMARGIN", new_y="NEXT", align="L")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left_width, y)
    pdf.set_font("Helvetica", size=10.5)
    pdf.multi_cell(0, _LINE, latin1(right), new_x="LMARGIN", new_y="NEXT", align="L")
    if pdf.page == page:
        pdf.set_y(max(pdf.get_y(), left_bottom))


def _pdf_section(pdf, section: _Section) -> None:
    _pdf_heading(pdf, section.heading)
    for number, item in enumerate(section.items, start=1):
        _pdf_row(pdf, f"{number}.", item, _NUMBER_WIDTH, bold_left=False)
        pdf.ln(2.5)
    for paragraph in section.paragraphs:
        _pdf_paragraph(pdf, paragraph, size=9.5)


def _pdf_body(pdf, c: _Content) -> None:
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, latin1(c.council), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, latin1(c.heading), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font("Helvetica", size=9)
    for line in c.legislation:
        pdf.multi_cell(0, 4.5, latin1(line), new_x="LMARGIN", new_y="NEXT", align="L")
    _pdf_heading(pdf, "The application")
    for label, value in c.facts:
        _pdf_row(pdf, label, value, _LABEL_WIDTH, bold_left=True)
        pdf.ln(1)
    _pdf_heading(pdf, "Decision")
    _pdf_paragraph(pdf, c.intro)
    _pdf_paragraph(pdf, c.headline, style="B", size=12, gap=3)
    for paragraph in c.statement:
        _pdf_paragraph(pdf, paragraph)
    for section in c.lists:
        _pdf_section(pdf, section)
    _keep_space(pdf, 4 * _LINE + 10)
    pdf.ln(6)
    for index, line in enumerate(c.signature):
        _pdf_paragraph(pdf, line, style="B" if index == 1 else "", gap=0)
    if c.appeal is not None:
        _pdf_section(pdf, c.appeal)


def render_pdf(notice: DecisionNotice, *, compress: bool = True) -> bytes:
    """The notice as an A4 PDF (core Helvetica; characters outside latin-1 are replaced, never fatal).

    ``compress=False`` leaves the page streams readable, for tests without a PDF text extractor.
    """
    c = _content(notice)
    pdf = _pdf_class()(orientation="portrait", unit="mm", format="A4")
    pdf.footer_text = latin1(f"Reference: {notice.reference}")
    pdf.set_compression(compress)
    pdf.alias_nb_pages(_PAGE_COUNT)
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(True, margin=_MARGIN)
    pdf.set_title(c.title)
    pdf.set_author(c.council)
    pdf.set_subject(c.subject)
    pdf.set_creator("BoPS")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(datetime.combine(notice.decided_on, time(), tzinfo=UTC))
    pdf.add_page()
    _pdf_body(pdf, c)
    return bytes(pdf.output())
