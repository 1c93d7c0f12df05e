"""Conditions, informatives and heads of terms: what the decision notice will impose, advise and secure.

The task's data (``ConditionsAndInformatives``; the report and the notice read it):
  ``conditions``            each with ``id``, ``standard_code`` (the library entry it came from, or null for
                            the officer's own), ``title``, ``text``, ``reason``, ``pre_commencement`` and
                            ``why_pre_commencement`` (the notice to the applicant gives it)
  ``informatives``          free text, one per entry
  ``heads_of_terms``        the planning obligations a section 106 agreement is to secure, one per entry
  ``pre_commencement_request_id``  the validation request that sent the pre-commencement conditions to the
                            applicant for agreement (``send_pre_commencement``); null until sent

Pre-filled with the council's library defaults for the case's category (for a full permission: the time
limit and the approved plans); none on an LDC or a prior approval, which carry no conditions
(``bops.domain.conditions``). Before the decision is issued, ``require_pre_commencement_settled`` says
whether the applicant agreed to the pre-commencement conditions or their 10 working days are over.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain import conditions as rules
from bops.domain.application_types import get_type
from bops.domain.assessment import TaskUpdate
from bops.domain.errors import Conflict, FieldError, InvalidRequest
from bops.domain.time import london_date
from bops.model import Model

if TYPE_CHECKING:
    from bops.auth import Identity
    from bops.services.context import Context

TASK = "conditions"
MAX_ITEMS = 100
ITEM_TEXT = 4000


class ConditionsAndInformatives(Model):
    conditions: list[rules.CaseCondition] = Field(default_factory=list, max_length=MAX_ITEMS)
    informatives: list[str] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Advice to the applicant printed on the notice"
    )
    heads_of_terms: list[str] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Planning obligations to be secured (s.106)"
    )
    pre_commencement_request_id: str | None = Field(
        None, max_length=64, description="The request that sent the pre-commencement conditions for agreement"
    )


Data = ConditionsAndInformatives  # the name bops.services.assessment reads


class ConditionsAndInformativesUpdate(TaskUpdate):
    data: ConditionsAndInformatives


class PreCommencementSent(Model):
    request_id: str
    response_due: str | None = Field(description="The last of the applicant's 10 working days")
    may_issue_from: str = Field(description="The first day the decision may be issued if the applicant does not answer")
    notice_text: str


def _category(case: dict[str, Any]) -> str:
    return get_type(case["application_type"]).category.value


def prefill(ctx: Context, case: dict[str, Any]) -> ConditionsAndInformatives:
    """The library's defaults for the case's category, each a copy the officer may edit."""
    from bops.services.council_libraries import conditions_library

    defaults = rules.defaults_for(conditions_library(ctx, case["council"]), _category(case))
    return ConditionsAndInformatives(
        conditions=[rules.from_standard(entry, id=entry.code) for entry in defaults],
    )


def check(ctx: Context, case: dict[str, Any], data: ConditionsAndInformatives) -> None:
    """No conditions on an LDC or prior approval; each condition needs its text and reason; informatives and
    heads of terms are not blank; a pre-commencement request is the case's own. Gives blank ids one."""
    category = _category(case)
    if data.conditions and not rules.conditions_allowed(category):
        raise InvalidRequest(
            f"A {category.replace('_', ' ')} carries no planning conditions",
            fields=[FieldError("data.conditions", "must be empty for this type of application")],
        )
    # ``standard_code`` is provenance only: a case keeps its copy after the library drops the entry
    errors = rules.check_case_conditions(data.conditions)
    for name in ("informatives", "heads_of_terms"):
        for i, text in enumerate(getattr(data, name)):
            if not text.strip():
                errors.append(FieldError(f"data.{name}[{i}]", "is blank"))
            elif len(text) > ITEM_TEXT:
                errors.append(FieldError(f"data.{name}[{i}]", f"at most {ITEM_TEXT} characters"))
    if data.pre_commencement_request_id is not None:
        request = ctx.repo.validation.get(case["council"], case["reference"], data.pre_commencement_request_id)
        if request is None or request.type.value != "pre_commencement_condition":
            errors.append(FieldError("data.pre_commencement_request_id", "is not a pre-commencement request"))
    if errors:
        raise InvalidRequest("The conditions are not complete", fields=errors)
    for condition in data.conditions:
        condition.id = condition.id or uuid.uuid4().hex[:12]


def _current(ctx: Context, case: dict[str, Any]) -> tuple[ConditionsAndInformatives, str | None]:
    """The saved task data (or the pre-fill) and the saved status."""
    stored = ctx.repo.assessment.task(case["council"], case["reference"], TASK)
    if stored is None:
        return prefill(ctx, case), None
    return ConditionsAndInformatives.model_validate(stored.data), stored.status.value


def send_pre_commencement(ctx: Context, identity: Identity, reference: str) -> PreCommencementSent:
    """Sends the case's pre-commencement conditions (as saved in the task) to the applicant for agreement
    through a pre-commencement validation request and their link; records the request in the task. A
    request sent earlier and still open is withdrawn: the new notice replaces it."""
    from bops.services import assessment, validation
    from bops.services.cases import load_case

    case = load_case(ctx, identity.council, reference)
    if case["status"] not in assessment.EDITABLE:
        raise Conflict(f"The conditions of {reference} cannot be sent while it is {case['status']}")
    data, status = _current(ctx, case)
    if status is None:
        raise Conflict("Save the conditions task first")
    wanted = rules.pre_commencement(data.conditions)
    if not wanted:
        raise Conflict("There are no pre-commencement conditions to send")
    errors = [
        FieldError(f"conditions[{i}].why_pre_commencement", "say why it must be met before development begins")
        for i, c in enumerate(data.conditions)
        if c.pre_commencement and not c.why_pre_commencement.strip()
    ]
    text = rules.notice_text(data.conditions)
    if len(text) > 5000:
        errors.append(FieldError("conditions", "the pre-commencement conditions are too long for one notice"))
    if errors:
        raise InvalidRequest("The notice to the applicant needs the reasons in full", fields=errors)
    previous = data.pre_commencement_request_id
    if previous:
        old = ctx.repo.validation.get(case["council"], reference, previous)
        if old is not None and old.outstanding:
            validation.cancel_request(
                ctx, identity, reference, previous, validation.Cancellation(reason="Replaced by a new notice")
            )
    sent = validation.create_request(
        ctx,
        identity,
        reference,
        validation.NewRequest.model_validate(
            {"type": "pre_commencement_condition", "details": {"condition_text": text}}
        ),
    )
    updated = data.model_copy(update={"pre_commencement_request_id": sent.id})
    assessment.save_task(ctx, identity, reference, TASK, TaskUpdate(status=status, data=updated))
    return PreCommencementSent(
        request_id=sent.id,
        response_due=sent.response_due,
        may_issue_from=rules.may_issue_from(london_date(ctx.clock.now())).isoformat(),
        notice_text=text,
    )


def pre_commencement_status(ctx: Context, identity: Identity, reference: str) -> rules.PreCommencementState:
    """For the officer: where the case's pre-commencement conditions stand."""
    from bops.services.cases import load_case

    return pre_commencement_state(ctx, load_case(ctx, identity.council, reference))


def pre_commencement_state(ctx: Context, case: dict[str, Any]) -> rules.PreCommencementState:
    """Where the case's pre-commencement conditions stand today (agreed, waiting, to be sent)."""
    stored = ctx.repo.assessment.task(case["council"], case["reference"], TASK)
    data = stored.data if stored is not None else {}
    requests = ctx.repo.validation.list(case["council"], case["reference"])
    return rules.pre_commencement_settled(data, requests, london_date(ctx.clock.now()))


def require_pre_commencement_settled(ctx: Context, case: dict[str, Any]) -> None:
    """For the decision: Conflict unless the applicant agreed to the pre-commencement conditions, or their
    10 working days passed (the message names the day the decision may be issued)."""
    state = pre_commencement_state(ctx, case)
    if not state.settled:
        raise Conflict(state.message)
