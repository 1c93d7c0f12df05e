"""Planning enforcement: a report of a suspected breach of planning control, investigated to an outcome.

A case (reference suffix ``ENF``) moves ``received`` -> ``triaged`` -> ``investigating`` -> an outcome
(``no_breach``, ``breach_resolved``, ``not_expedient``, ``retrospective_application_invited``,
``notice_served``) and is ``closed`` with a reason. The rules here are pure: the statuses and the moves
between them, the priority a breach's kind suggests, the date a breach becomes immune from enforcement
(TCPA 1990 s.171B) and the dates of the four notices (ss.171C-171D, 172-174, 183-184, 187A).

The reporter (ODP's "complainant") is kept on the case for the officers only: ``Reporter`` never appears in
a public answer, an event or a log line.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import ConfigDict, Field

from bops.domain.errors import FieldError
from bops.model import Model

SUFFIX = "ENF"

Status = Literal[
    "received",
    "triaged",
    "investigating",
    "no_breach",
    "breach_resolved",
    "not_expedient",
    "retrospective_application_invited",
    "notice_served",
    "closed",
]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
Outcome = Literal["no_breach", "breach_resolved", "not_expedient", "retrospective_application_invited"]
OUTCOMES: tuple[str, ...] = Outcome.__args__  # type: ignore[attr-defined]
#: A case is open until it is closed; an outcome other than a notice is normally followed by closing it.
OPEN_STATUSES = tuple(s for s in STATUSES if s != "closed")

Priority = Literal["high", "medium", "low"]

# --- triage: the breach's kind suggests the priority ------------------------------------------------------
Category = Literal[
    "listed_building",
    "protected_trees",
    "ongoing_harm",
    "demolition_in_conservation_area",
    "operational_development",
    "change_of_use",
    "breach_of_condition",
    "advertisement",
    "other",
]
CATEGORY_NAMES: dict[str, str] = {
    "listed_building": "Works to a listed building",
    "protected_trees": "Works to protected trees (tree preservation order or conservation area)",
    "ongoing_harm": "Ongoing serious harm (to amenity, safety or the environment)",
    "demolition_in_conservation_area": "Demolition in a conservation area",
    "operational_development": "Building or other operations",
    "change_of_use": "Change of use",
    "breach_of_condition": "Breach of a planning condition",
    "advertisement": "Advertisement",
    "other": "Other",
}
#: Harm that cannot be undone (a listed building's fabric, a protected tree) or that carries on while the
#: council waits comes first, as councils' local enforcement plans put it (NPPF para. 60).
HIGH = frozenset({"listed_building", "protected_trees", "ongoing_harm", "demolition_in_conservation_area"})
MEDIUM = frozenset({"operational_development", "change_of_use", "breach_of_condition"})


def suggested_priority(categories: list[str] | tuple[str, ...]) -> Priority:
    """The priority the breach's kinds suggest: high for listed building works, protected trees, ongoing
    harm and demolition in a conservation area; medium for development, changes of use and breaches of
    condition; low otherwise (advertisements, anything else)."""
    kinds = set(categories)
    if kinds & HIGH:
        return "high"
    if kinds & MEDIUM:
        return "medium"
    return "low"


# --- moves between statuses -------------------------------------------------------------------------------
Action = Literal["triage", "visit", "contact", "outcome", "notice", "close", "photo"]
#: The statuses each officer action may start from.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "triage": ("received", "triaged", "investigating"),
    "visit": ("triaged", "investigating", "notice_served", "retrospective_application_invited"),
    "contact": ("triaged", "investigating", "notice_served", "retrospective_application_invited"),
    "photo": ("triaged", "investigating", "notice_served", "retrospective_application_invited"),
    # after a notice, the breach may be resolved (or the council decide to go no further)
    "outcome": ("investigating", "notice_served"),
    "notice": ("investigating", "notice_served", "retrospective_application_invited"),
    "close": OPEN_STATUSES,
}


def allowed_actions(status: str) -> list[str]:
    """What an officer may do to a case in ``status`` (the page offers these)."""
    return [action for action, sources in ALLOWED_FROM.items() if status in sources]


def status_after(action: str, status: str, *, outcome: str | None = None) -> str:
    """The status an action leaves the case in (its ``ALLOWED_FROM`` is checked by the caller)."""
    if action == "triage":
        return "triaged" if status == "received" else status
    if action in ("visit", "contact", "photo"):
        return "investigating" if status == "triaged" else status
    if action == "outcome":
        assert outcome is not None
        return outcome
    if action == "notice":
        return "notice_served"
    if action == "close":
        return "closed"
    raise ValueError(action)


# --- immunity from enforcement (TCPA 1990 s.171B) ------------------------------------------------------------
ImmunityKind = Literal["operational_development", "change_of_use_to_dwellinghouse", "other"]
#: The day the Levelling-up and Regeneration Act 2023 s.115 changes to s.171B came into force.
LURA_COMMENCEMENT = date(2024, 4, 25)


class Immunity(Model):
    """When a breach becomes immune from enforcement action, and why."""

    kind: ImmunityKind
    began_on: date = Field(description="The day the breach began (operations: the day substantially completed)")
    years: int = Field(description="The limit that applies: 4 or 10 years")
    enforceable_until: date = Field(description="The last day of the period in which enforcement may be taken")
    immune_from: date = Field(description="The first day on which no enforcement action may be taken")
    rule: str = Field(description="The provision applied")


def _add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February becomes 1 March in a year without it (the period "beginning
    with" 29 February ends on 28 February, so immunity starts the next day)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return day.replace(year=year)


def immunity(kind: str, began_on: date) -> Immunity:
    """The date a breach becomes immune from enforcement action (TCPA 1990 s.171B).

    - s.171B(1): operational development: no enforcement action after the end of the period beginning with
      the date on which the operations were substantially completed;
    - s.171B(2): a change of use of a building to use as a single dwellinghouse: the period beginning with
      the date of the breach;
    - s.171B(3): any other breach (other changes of use, breaches of condition): 10 years beginning with the
      date of the breach.
    Section 115 of the Levelling-up and Regeneration Act 2023 made the periods in (1) and (2) 10 years (from
    4), in force on 25 April 2024. The Levelling-up and Regeneration Act 2023 (Commencement No. 4 and
    Transitional and Savings Provisions) Regulations 2024 (SI 2024/452), reg. 3, keep the 4 years where the
    operations were substantially completed, or the change of use to a dwellinghouse happened, before
    25 April 2024.

    A period of N years "beginning with" day D ends the day before D's N-th anniversary: enforcement is
    possible until then, and the breach is immune from the anniversary. (A further enforcement action
    within 4 years of an earlier one, s.171B(4), and concealment, s.171BA, are for the officer to weigh.)
    """
    if kind not in ("operational_development", "change_of_use_to_dwellinghouse", "other"):
        raise ValueError(f"unknown kind of breach {kind!r}")
    if kind == "other":
        years, rule = 10, "TCPA 1990 s.171B(3): 10 years beginning with the date of the breach"
    elif began_on < LURA_COMMENCEMENT:
        subsection = "s.171B(1)" if kind == "operational_development" else "s.171B(2)"
        years = 4
        rule = (
            f"TCPA 1990 {subsection} before its amendment by LURA 2023 s.115: 4 years, kept by SI 2024/452 "
            "reg. 3 for a breach that began (operations: were substantially completed) before 25 April 2024"
        )
    else:
        subsection = "s.171B(1)" if kind == "operational_development" else "s.171B(2)"
        years, rule = 10, f"TCPA 1990 {subsection} as amended by LURA 2023 s.115: 10 years"
    immune_from = _add_years(began_on, years)
    return Immunity(
        kind=kind,
        began_on=began_on,
        years=years,
        enforceable_until=immune_from - timedelta(days=1),
        immune_from=immune_from,
        rule=rule,
    )


# --- notices --------------------------------------------------------------------------------------------------
NoticeKind = Literal["enforcement", "breach_of_condition", "planning_contravention", "stop"]
NOTICE_KINDS: tuple[str, ...] = NoticeKind.__args__  # type: ignore[attr-defined]
NOTICE_NAMES = {
    "enforcement": "Enforcement notice",
    "breach_of_condition": "Breach of condition notice",
    "planning_contravention": "Planning contravention notice",
    "stop": "Stop notice",
}
#: s.172(3)(b): an enforcement notice is served not less than 28 days before it takes effect.
ENFORCEMENT_NOTICE_MIN_DAYS = 28
#: s.172(3)(a): served not more than 28 days after it is issued.
ENFORCEMENT_NOTICE_SERVE_WITHIN_DAYS = 28
#: s.187A(7): a breach of condition notice gives at least 28 days, from service, to comply.
BREACH_OF_CONDITION_MIN_DAYS = 28
#: s.171D(1): a planning contravention notice is answered within 21 days beginning with the day of service.
CONTRAVENTION_REPLY_DAYS = 21
#: s.184(3)(a): a stop notice takes effect not earlier than 3 days after service (unless special reasons);
#: s.184(3)(b): not later than 28 days after it is first served.
STOP_NOTICE_MIN_DAYS = 3
STOP_NOTICE_MAX_DAYS = 28
#: What the page proposes when the officer gives no compliance period (a common choice, not a rule).
DEFAULT_COMPLIANCE_DAYS = {"enforcement": 90, "breach_of_condition": 28}


class NoticeDates(Model):
    """The officer's dates for a notice, as given (any may be left out for its default). Unknown fields are
    refused: a misspelt date must not be dropped for its default."""

    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)

    kind: NoticeKind
    served_on: date
    issued_on: date | None = None
    takes_effect_on: date | None = None
    compliance_period_days: int | None = Field(default=None, ge=1, le=3650)
    reply_by: date | None = None
    special_reasons: str | None = Field(default=None, max_length=2000)


class NoticeTimetable(Model):
    """A notice's dates, checked and completed: when it takes effect, the last day to appeal (None: no
    appeal lies), when it must be complied with and, for a contravention notice, answered."""

    kind: NoticeKind
    served_on: date
    issued_on: date | None = None
    takes_effect_on: date | None = None
    appeal_by: date | None = None
    compliance_period_days: int | None = None
    compliance_due: date | None = None
    reply_by: date | None = None
    special_reasons: str | None = None
    #: the day a "compliance check due" is raised on the case
    check_on: date


#: An enforcement notice's (served, takes effect) dates, as a stop notice's rules need them
EnforcementNoticeDates = tuple[date, date | None]


def notice_timetable(
    dates: NoticeDates,
    *,
    today: date,
    enforcement_notices: list[EnforcementNoticeDates] | None = None,
    prefix: str = "",
) -> tuple[NoticeTimetable | None, list[FieldError]]:
    """Checks the officer's dates against the Act and fills in the defaults; field errors when they break it.

    - Enforcement notice (ss.172-174): served not more than 28 days after issue (s.172(3)(a)) and not less
      than 28 days before it takes effect (s.172(3)(b)); default: it takes effect 28 days after service. An
      appeal to the Secretary of State must be made before it takes effect (s.174(3)): ``appeal_by`` is the
      day before. The compliance period runs from the day it takes effect (s.173(9)).
    - Breach of condition notice (s.187A): the compliance period, from service, is at least 28 days
      (s.187A(7)); there is no appeal.
    - Planning contravention notice (s.171C): the information is due within 21 days beginning with the day
      of service (s.171D(1), the offence of not answering by then): ``reply_by`` is served_on + 20 days at
      the earliest; no appeal.
    - Stop notice (ss.183-184): served with or after an enforcement notice (s.183(1)) but not once that has
      taken effect (s.183(3)); ``enforcement_notices`` are the case's (served, takes effect) dates. It takes effect not
      earlier than 3 days after service unless the council states special reasons (s.184(3)(a)) and not
      later than 28 days after (s.184(3)(b)); default: 3 days after service; no appeal.
    A notice is never recorded as served in the future. ``prefix`` is put before each field's name.
    """
    errors: list[FieldError] = []
    if dates.served_on > today:
        errors.append(FieldError("served_on", "a notice cannot be recorded as served in the future"))
    errors += _not_applicable(dates)
    fields, kind_errors = _TIMETABLES[dates.kind](dates, enforcement_notices or [])
    errors += kind_errors
    if errors:
        return None, [FieldError(prefix + e.path, e.message) for e in errors]
    return NoticeTimetable(kind=dates.kind, served_on=dates.served_on, **fields), []


Fields = tuple[dict[str, Any], list[FieldError]]


def _not_applicable(dates: NoticeDates) -> list[FieldError]:
    """Dates given for a notice that has no such date."""
    kind, name = dates.kind, NOTICE_NAMES[dates.kind].lower()
    errors = []
    if kind in ("planning_contravention", "stop") and dates.compliance_period_days is not None:
        errors.append(FieldError("compliance_period_days", f"does not apply to a {name}"))
    if kind != "planning_contravention" and dates.reply_by is not None:
        errors.append(FieldError("reply_by", "applies only to a planning contravention notice"))
    if kind in ("breach_of_condition", "planning_contravention") and dates.takes_effect_on is not None:
        errors.append(FieldError("takes_effect_on", f"does not apply to a {name}"))
    if kind != "stop" and dates.special_reasons:
        errors.append(FieldError("special_reasons", "apply only to a stop notice"))
    if dates.issued_on is not None and dates.issued_on > dates.served_on:
        errors.append(FieldError("issued_on", "must be on or before the day the notice is served"))
    return errors


def _enforcement_notice(dates: NoticeDates, _enforcement_notices: list[EnforcementNoticeDates]) -> Fields:
    errors = []
    served = dates.served_on
    issued = dates.issued_on or served
    if (served - issued).days > ENFORCEMENT_NOTICE_SERVE_WITHIN_DAYS:
        errors.append(FieldError("served_on", "must be not more than 28 days after the notice is issued (s.172(3)(a))"))
    earliest = served + timedelta(days=ENFORCEMENT_NOTICE_MIN_DAYS)
    takes_effect = dates.takes_effect_on or earliest
    if takes_effect < earliest:
        errors.append(
            FieldError(
                "takes_effect_on",
                f"must be at least 28 days after service (s.172(3)(b)): {earliest.isoformat()} or later",
            )
        )
    period = dates.compliance_period_days or DEFAULT_COMPLIANCE_DAYS["enforcement"]
    compliance_due = takes_effect + timedelta(days=period)  # s.173(9): the period runs from taking effect
    fields = {
        "issued_on": issued,
        "takes_effect_on": takes_effect,
        "appeal_by": takes_effect - timedelta(days=1),  # s.174(3): an appeal is made before it takes effect
        "compliance_period_days": period,
        "compliance_due": compliance_due,
        "check_on": compliance_due,
    }
    return fields, errors


def _breach_of_condition_notice(dates: NoticeDates, _enforcement_notices: list[EnforcementNoticeDates]) -> Fields:
    period = dates.compliance_period_days or DEFAULT_COMPLIANCE_DAYS["breach_of_condition"]
    errors = []
    if period < BREACH_OF_CONDITION_MIN_DAYS:
        errors.append(FieldError("compliance_period_days", "must be at least 28 days from service (s.187A(7))"))
    compliance_due = dates.served_on + timedelta(days=period)
    fields = {
        "issued_on": dates.issued_on,
        "compliance_period_days": period,
        "compliance_due": compliance_due,
        "check_on": compliance_due,
    }
    return fields, errors


def _contravention_notice(dates: NoticeDates, _enforcement_notices: list[EnforcementNoticeDates]) -> Fields:
    earliest = dates.served_on + timedelta(days=CONTRAVENTION_REPLY_DAYS - 1)
    reply_by = dates.reply_by or earliest
    errors = []
    if reply_by < earliest:
        errors.append(
            FieldError(
                "reply_by",
                f"must allow 21 days beginning with the day of service (s.171D(1)): {earliest.isoformat()} or later",
            )
        )
    return {"issued_on": dates.issued_on, "reply_by": reply_by, "check_on": reply_by + timedelta(days=1)}, errors


def _stop_notice(dates: NoticeDates, enforcement_notices: list[EnforcementNoticeDates]) -> Fields:
    served = dates.served_on
    errors = []
    earlier = [(day, effect) for day, effect in enforcement_notices if day <= served]
    if not earlier:
        errors.append(
            FieldError(
                "kind", "a stop notice is served with or after an enforcement notice (s.183(1)); serve that first"
            )
        )
    elif all(effect is not None and effect <= served for _, effect in earlier):
        errors.append(
            FieldError(
                "kind", "a stop notice may not be served once the enforcement notice has taken effect (s.183(3))"
            )
        )
    earliest = served + timedelta(days=STOP_NOTICE_MIN_DAYS)
    takes_effect = dates.takes_effect_on or earliest
    if takes_effect < served:
        errors.append(FieldError("takes_effect_on", "cannot be before the notice is served"))
    elif takes_effect < earliest and not (dates.special_reasons or "").strip():
        errors.append(
            FieldError(
                "takes_effect_on",
                "must be at least 3 days after service unless special reasons are stated (s.184(3)(a))",
            )
        )
    if takes_effect > served + timedelta(days=STOP_NOTICE_MAX_DAYS):
        errors.append(FieldError("takes_effect_on", "must be not later than 28 days after service (s.184(3)(b))"))
    fields = {
        "issued_on": dates.issued_on,
        "takes_effect_on": takes_effect,
        "special_reasons": dates.special_reasons or None,
        "check_on": takes_effect,
    }
    return fields, errors


_TIMETABLES = {
    "enforcement": _enforcement_notice,
    "breach_of_condition": _breach_of_condition_notice,
    "planning_contravention": _contravention_notice,
    "stop": _stop_notice,
}


# --- the case ---------------------------------------------------------------------------------------------------
class Reporter(Model):
    """Who reported the breach. Officers only: never in a public answer, an event or a log line."""

    name: str | None = Field(default=None, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=500)


class BreachSite(Model):
    address: str
    uprn: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    easting: float | None = None
    northing: float | None = None
    ward: str | None = None


class Photo(Model):
    """A photo taken on a site visit, uploaded straight to S3 by a presigned POST."""

    id: str
    file_name: str
    content_type: str
    key_prefix: str
    requested_at: str


class Visit(Model):
    id: str
    visited_on: date
    officer: str
    notes: str
    photos: list[Photo] = []
    recorded_at: str


class OwnerContact(Model):
    id: str
    contacted_on: date
    method: Literal["letter", "email", "phone", "in_person"]
    summary: str
    officer: str
    recorded_at: str


class Notice(NoticeTimetable):
    id: str
    requirements: str = ""
    served_by: str
    recorded_at: str
    #: set when the "compliance check due" was raised for it (once)
    check_raised_at: str | None = None


class EnforcementCase(Model):
    """An enforcement case as stored (the reporter included: the service decides who sees it)."""

    council: str
    reference: str
    status: Status
    source: Literal["planx", "officer"]
    received_at: str
    received_on: date
    description: str
    site: BreachSite
    breach_types: list[dict[str, str]] = []
    began_on: date | None = None
    ended_on: date | None = None
    reporter: Reporter | None = None
    submission_id: str | None = None
    submission_key: str | None = None
    categories: list[Category] = []
    priority: Priority | None = None
    priority_reason: str | None = None
    immunity_kind: ImmunityKind | None = None
    assigned_officer: str | None = None
    visits: list[Visit] = []
    contacts: list[OwnerContact] = []
    notices: list[Notice] = []
    outcome: Outcome | Literal["notice_served"] | None = None
    outcome_notes: str | None = None
    retrospective_application: str | None = None
    closed_reason: str | None = None
    closed_at: str | None = None
    #: the notices whose compliance check is due and not yet dealt with (raised by the workflow's timer)
    compliance_checks_due: list[str] = []
    #: counts the officers' steps; the workflow waits for it to move (``functions.enforcement``)
    step: int = 0
    version: int = 1
    created_at: str
    updated_at: str
    task_token: str | None = None

    def next_check(self) -> Notice | None:
        """The served notice whose compliance check comes next (not yet raised)."""
        pending = [n for n in self.notices if n.check_raised_at is None]
        return min(pending, key=lambda n: n.check_on) if pending else None
