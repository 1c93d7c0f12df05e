"""Planning conditions: a council's standard conditions library, the conditions of one case, and when a
decision carrying pre-commencement conditions may be issued. Pure.

The library
    Each council keeps its standard conditions as data its administrators edit (code, title, text, reason,
    whether it is a pre-commencement condition, and the application categories it fits). Until a council
    edits it, the bundled library applies (``data/standard_conditions.json``): the statutory time limit
    (TCPA 1990 s.91; for listed building consent, the Planning (Listed Buildings and Conservation Areas)
    Act 1990 s.18), the approved plans, materials to match and common pre-commencement conditions.
    Entries marked ``default`` start every case of the categories they apply to.

Where conditions do not belong
    A lawful development certificate certifies what is lawful (TCPA 1990 ss.191-192): it grants nothing
    to attach a condition to. A prior approval decides only the matters the GPDO 2015 lists, and the
    development is granted by the Order itself. Neither carries planning conditions
    (``conditions_allowed``); informatives may still be added to their notices.

Pre-commencement conditions
    TCPA 1990 s.100ZA(5): permission may not be granted subject to a pre-commencement condition without
    the applicant's written agreement to its terms. The Town and Country Planning (Pre-commencement
    Conditions) Regulations 2018 (SI 2018/566), reg. 2, lift that bar where the authority gave the
    applicant written notice of the condition (its text, the full reasons for it, and the full reasons for
    it being pre-commencement) and the applicant gave no "substantive response" (disagreeing, or commenting
    on the condition: reg. 1(3)) within "the period of 10 working days beginning with the day after the
    date on which the notice is given" (reg. 2(2)). A working day is not a Saturday, Sunday, Christmas
    Day, Good Friday or a bank holiday (reg. 1(3)): the business days of ``bops.domain.calendar``.
    So the decision may be issued once the applicant agreed, or from the day after the tenth working day
    after the notice was sent (the applicant has the whole of that tenth day to answer). The notice is
    BoPS's pre-commencement validation request (``validation_requests``), answered through the
    applicant's link (``pre_commencement_settled``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from pydantic import Field, ValidationError

from bops.domain import validation_requests as vr
from bops.domain.application_types import Category
from bops.domain.calendar import add_business_days
from bops.domain.errors import FieldError, InvalidRequest, invalid_from_pydantic
from bops.domain.time import london_date
from bops.model import Model

CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,59}$"
MAX_CONDITIONS = 300
TITLE = 200
TEXT = 4000
REASON = 2000
#: Working days the applicant has to answer a notice of a pre-commencement condition (SI 2018/566 reg. 2(2)).
PRE_COMMENCEMENT_WORKING_DAYS = 10
#: Categories whose decisions carry no planning conditions (module doc).
NO_CONDITIONS = frozenset({Category.LAWFUL_DEVELOPMENT_CERTIFICATE, Category.PRIOR_APPROVAL})


class StandardCondition(Model):
    """One entry of a council's standard conditions library."""

    code: str = Field(pattern=CODE_PATTERN, description="Stable code, e.g. 'time-limit' (lowercase, digits, - and _)")
    title: str = Field(min_length=1, max_length=TITLE)
    text: str = Field(min_length=1, max_length=TEXT, description="The condition as the notice states it")
    reason: str = Field(min_length=1, max_length=REASON, description="The reason given for it on the notice")
    pre_commencement: bool = Field(
        False, description="Must be complied with before development begins: the applicant's agreement is sought"
    )
    why_pre_commencement: str | None = Field(
        None, max_length=REASON, description="Why it must be met before development begins (pre-commencement only)"
    )
    applies_to: list[Category] = Field(min_length=1, description="The application categories it may be used on")
    default: bool = Field(False, description="Added to every case of those categories to start with")


class ConditionsLibrary(Model):
    conditions: list[StandardCondition] = Field(max_length=MAX_CONDITIONS)


class CaseCondition(Model):
    """A condition on one case: from the library (``standard_code``) and perhaps edited, or the officer's own."""

    id: str = Field("", max_length=64, description="Stable within the case; given by the system when left blank")
    standard_code: str | None = Field(None, max_length=60, description="The library entry it came from")
    title: str = Field("", max_length=TITLE)
    text: str = Field("", max_length=TEXT)
    reason: str = Field("", max_length=REASON)
    pre_commencement: bool = False
    why_pre_commencement: str = Field("", max_length=REASON, description="Required to send it to the applicant")


# --- the library -------------------------------------------------------------------------------------
@cache
def _bundled() -> tuple[StandardCondition, ...]:
    text = resources.files("bops.domain").joinpath("data/standard_conditions.json").read_text(encoding="utf-8")
    return tuple(parse_library(json.loads(text)["conditions"]))


def default_library() -> list[StandardCondition]:
    """The bundled library a council uses until its administrators edit their own."""
    return list(_bundled())


def parse_library(entries: Any, *, prefix: str = "conditions") -> list[StandardCondition]:
    """The library from its JSON form, or ``InvalidRequest`` naming each bad entry and field
    (``conditions[3].reason``); codes must be unique and a pre-commencement entry says why it is one."""
    if not isinstance(entries, list):
        raise InvalidRequest("The conditions library must be a list", fields=[FieldError(prefix, "expected a list")])
    try:
        library = ConditionsLibrary.model_validate({"conditions": entries})
    except ValidationError as error:
        raise invalid_from_pydantic(error, message="The conditions library has invalid entries") from None
    errors: list[FieldError] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(library.conditions):
        if entry.code in seen:
            errors.append(FieldError(f"{prefix}[{i}].code", f"repeats the code of entry {seen[entry.code]}"))
        seen.setdefault(entry.code, i)
        if entry.pre_commencement and not (entry.why_pre_commencement or "").strip():
            errors.append(
                FieldError(f"{prefix}[{i}].why_pre_commencement", "say why it must be met before development begins")
            )
        blocked = sorted(c.value for c in entry.applies_to if c in NO_CONDITIONS)
        if blocked:
            errors.append(FieldError(f"{prefix}[{i}].applies_to", f"no conditions on {', '.join(blocked)}"))
    if errors:
        raise InvalidRequest("The conditions library has invalid entries", fields=errors)
    return library.conditions


def conditions_allowed(category: Category | str) -> bool:
    """False for lawful development certificates and prior approvals (module doc)."""
    return Category(category) not in NO_CONDITIONS


def for_category(library: Iterable[StandardCondition], category: Category | str) -> list[StandardCondition]:
    """The entries an officer may add to a case of ``category``."""
    category = Category(category)
    if not conditions_allowed(category):
        return []
    return [c for c in library if category in c.applies_to]


def defaults_for(library: Iterable[StandardCondition], category: Category | str) -> list[StandardCondition]:
    """The entries every case of ``category`` starts with (for a full permission: time limit and plans)."""
    return [c for c in for_category(library, category) if c.default]


def from_standard(entry: StandardCondition, *, id: str) -> CaseCondition:
    """A case's copy of a library entry (later edits of the library leave the case alone)."""
    return CaseCondition(
        id=id,
        standard_code=entry.code,
        title=entry.title,
        text=entry.text,
        reason=entry.reason,
        pre_commencement=entry.pre_commencement,
        why_pre_commencement=entry.why_pre_commencement or "",
    )


def check_case_conditions(conditions: list[CaseCondition], *, prefix: str = "data.conditions") -> list[FieldError]:
    """What is missing from a case's conditions: each needs its text and its reason (the notice states both,
    DMPO 2015 art. 35(1)(a)), ids are unique."""
    errors: list[FieldError] = []
    ids: set[str] = set()
    for i, condition in enumerate(conditions):
        if not condition.text.strip():
            errors.append(FieldError(f"{prefix}[{i}].text", "write the condition"))
        if not condition.reason.strip():
            errors.append(FieldError(f"{prefix}[{i}].reason", "give the reason for the condition"))
        if condition.id and condition.id in ids:
            errors.append(FieldError(f"{prefix}[{i}].id", "repeats another condition's id"))
        ids.add(condition.id)
    return errors


# --- removal of permitted development rights ---------------------------------------------------------
#: The ``standard_code`` of a condition removing permitted development rights: one the officer words
#: in the conditions task themselves replaces the one worded from the rights task.
PD_RIGHTS_CODE = "permitted-development-rights"


@cache
def _gpdo_classes() -> dict[str, str]:
    text = resources.files("bops.domain").joinpath("data/gpdo_classes.json").read_text(encoding="utf-8")
    return {entry["class"]: entry["description"] for entry in json.loads(text)["classes"]}


def permitted_development_condition(classes: Iterable[str], reason: str) -> CaseCondition:
    """The condition removing the permitted development rights of ``classes`` (``'Part 1 Class A'``), with
    the officer's reason. Rights granted by the GPDO 2015 (art. 3 and Sch. 2) are removed from a site by a
    condition on its planning permission: art. 3(4) permits no development contrary to a condition imposed
    on a permission granted otherwise than by the Order (an article 4 direction is the other route, over an
    area). National policy allows such a condition only with clear justification (NPPF para. 54; PPG
    "Use of planning conditions", para. 017), so the notice gives the reason, as for every condition (DMPO
    2015 art. 35(1)(a)). Worded as councils' model condition ("Notwithstanding the provisions of ...")."""
    named = _gpdo_classes()
    listed = "; ".join(f"{c} ({named[c].lower()})" if c in named else c for c in classes)
    return CaseCondition(
        id=PD_RIGHTS_CODE,
        standard_code=PD_RIGHTS_CODE,
        title="Removal of permitted development rights",
        text=(
            "Notwithstanding the provisions of the Town and Country Planning (General Permitted Development) "
            "(England) Order 2015 (or any order revoking and re-enacting that Order with or without "
            f"modification), no development falling within Schedule 2 to that Order, {listed}, shall be "
            "carried out without the grant of planning permission by the local planning authority."
        ),
        reason=reason.strip(),
    )


def removal_of_rights(conditions: Iterable[CaseCondition], rights: Mapping[str, Any]) -> CaseCondition | None:
    """The condition the notice adds when the permitted development rights task records a removal (its
    ``remove``, ``classes`` and ``reason``), unless the conditions already carry the officer's own wording
    of it (``standard_code`` ``PD_RIGHTS_CODE``)."""
    classes = [str(c) for c in rights.get("classes") or []]
    if not rights.get("remove") or not classes:
        return None
    if any(c.standard_code == PD_RIGHTS_CODE for c in conditions):
        return None
    return permitted_development_condition(classes, str(rights.get("reason") or ""))


# --- pre-commencement conditions -------------------------------------------------------------------
def pre_commencement(conditions: Iterable[CaseCondition]) -> list[CaseCondition]:
    return [c for c in conditions if c.pre_commencement]


def notice_text(conditions: Iterable[CaseCondition]) -> str:
    """The text of the notice to the applicant (SI 2018/566 reg. 2(1)): each pre-commencement condition,
    the reasons for it and the reasons for it being a pre-commencement condition."""
    parts = []
    for n, c in enumerate(pre_commencement(conditions), start=1):
        heading = f"{n}. {c.title.strip()}" if c.title.strip() else f"{n}."
        parts.append(
            f"{heading}\n{c.text.strip()}\nReason: {c.reason.strip()}\n"
            f"Why before development begins: {c.why_pre_commencement.strip()}"
        )
    return "\n\n".join(parts)


def may_issue_from(sent_on: date) -> date:
    """The first day a decision may carry a pre-commencement condition the applicant did not answer: the day
    after the tenth working day after the notice was sent (SI 2018/566 reg. 2(2))."""
    return add_business_days(sent_on, PRE_COMMENCEMENT_WORKING_DAYS) + timedelta(days=1)


class PreCommencementState(Model):
    """Whether the decision may be issued as far as pre-commencement conditions go, and why not."""

    settled: bool
    message: str
    request_id: str | None = None
    may_issue_from: date | None = Field(None, description="When the applicant has not answered: the first day")


def pre_commencement_settled(
    task_data: Mapping[str, Any], requests: Iterable[vr.ValidationRequest], today: date
) -> PreCommencementState:
    """Whether a decision with the conditions of ``task_data`` (the conditions task's stored data) may be
    issued on ``today``: settled when there are no pre-commencement conditions, when the applicant agreed
    to the notice of exactly these conditions, or when the 10 working days passed without a substantive
    response (module doc). ``requests`` are the case's validation requests."""
    conditions = [CaseCondition.model_validate(c) for c in task_data.get("conditions") or []]
    wanted = pre_commencement(conditions)
    if not wanted:
        return PreCommencementState(settled=True, message="No pre-commencement conditions")
    request_id = task_data.get("pre_commencement_request_id")
    request = next((r for r in requests if r.id == request_id), None) if request_id else None
    if request is None or request.state in (vr.RequestState.CANCELLED, vr.RequestState.PENDING):
        return PreCommencementState(
            settled=False,
            message="Send the pre-commencement conditions to the applicant for agreement first",
            request_id=request_id,
        )
    details = request.details
    sent_text = details.condition_text if isinstance(details, vr.PreCommencementConditionDetails) else None
    if sent_text != notice_text(conditions):
        return PreCommencementState(
            settled=False,
            message="The pre-commencement conditions changed since they were sent: send them to the applicant again",
            request_id=request.id,
        )
    response = request.response
    if request.state is vr.RequestState.CLOSED and response is not None and not request.auto_closed:
        if response.approved:
            return PreCommencementState(
                settled=True, message="The applicant agreed to the pre-commencement conditions", request_id=request.id
            )
        return PreCommencementState(
            settled=False,
            message="The applicant did not agree to the pre-commencement conditions"
            + (f" ({response.reason})" if response.reason else "")
            + ": change or remove them and ask again, or refuse",
            request_id=request.id,
        )
    # open, or closed by the clock: settled once the applicant's 10 working days are over
    first = may_issue_from(sent_on(request))
    if today >= first:
        return PreCommencementState(
            settled=True,
            message="The applicant did not answer within 10 working days: the conditions may be imposed",
            request_id=request.id,
            may_issue_from=first,
        )
    return PreCommencementState(
        settled=False,
        message=(
            "The applicant has until the end of "
            f"{(first - timedelta(days=1)).isoformat()} to answer the pre-commencement conditions: "
            f"the decision may be issued from {first.isoformat()}, or sooner if they agree"
        ),
        request_id=request.id,
        may_issue_from=first,
    )


def sent_on(request: vr.ValidationRequest) -> date:
    """The English calendar day a notice was sent (an open or closed request was sent)."""
    sent = request.sent_at
    assert sent is not None
    return sent.date() if sent.tzinfo is None else london_date(sent)
