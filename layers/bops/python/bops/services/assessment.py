"""The officer's assessment task list: read each task (pre-filled from what the system knows), save it,
and the reviewer's agreement or return, task by task.

Each task is a module ``bops.services.assessment_tasks.<name>`` offering:
  ``Data``                  the task's pydantic model (what the officer records), named after the task
  ``<Task>Update``          the request body: ``TaskUpdate`` with ``data: Data`` (its path is in
                            ``bops.api.assessment.TASK_BODIES``; names are unique across the API)
  ``prefill(ctx, case)``    the ``Data`` the officer starts from (the submission, the council's data, ...)
  ``check(ctx, case, data)``  optional: rules that need the case (raise ``InvalidRequest`` naming the field)
  ``applied(ctx, identity, case, data)``  optional: what the saved task changes on the case itself
The task list per application type is data (``bops.domain.assessment``).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain import assessment as rules
from bops.domain.application_types import get_type
from bops.domain.assessment import ReviewState, StoredTask, TaskReview, TaskReviewRequest, TaskStatus, TaskUpdate
from bops.domain.errors import Conflict, FieldError, Forbidden, InvalidRequest, NotFound
from bops.domain.lifecycle import Status
from bops.domain.time import iso
from bops.model import Model
from bops.services.cases import load_case

if TYPE_CHECKING:
    from bops.auth import Identity
    from bops.services.context import Context

TASK_PACKAGE = "bops.services.assessment_tasks"
#: The case officer writes the assessment while it is in progress, or after a reviewer sent it back.
EDITABLE = frozenset({Status.ASSESSMENT_IN_PROGRESS.value, Status.TO_BE_REVIEWED.value})
#: The reviewer agrees or returns tasks once the recommendation is made.
REVIEWABLE = frozenset({Status.AWAITING_DETERMINATION.value})


class AssessmentTask(Model):
    name: str
    title: str
    required: bool
    status: TaskStatus
    data: dict[str, Any] = Field(description="What the officer recorded; before that, what the system pre-filled")
    prefilled: bool = Field(description="True while the data is the system's pre-fill, not yet saved by an officer")
    updated_by: str | None = None
    updated_at: str | None = None
    review: TaskReview | None = None


class Assessment(Model):
    reference: str
    tasks: list[AssessmentTask]
    outstanding: list[str] = Field(description="Required tasks not yet completed: the recommendation waits for them")
    returned: list[str] = Field(description="Tasks a reviewer returned to the case officer")


def task_module(name: str) -> ModuleType:
    """The task's module; a task without one of its own is recorded as notes (``assessment_tasks.notes``)."""
    module = f"{TASK_PACKAGE}.{name}"
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        return importlib.import_module(f"{TASK_PACKAGE}.notes")


def _spec(case: dict[str, Any], name: str) -> rules.TaskSpec:
    for spec in rules.tasks_for(get_type(case["application_type"])):
        if spec.name == name:
            return spec
    raise NotFound(f"An application of this type has no assessment task {name!r}")


def _view(ctx: Context, case: dict[str, Any], spec: rules.TaskSpec, stored: StoredTask | None) -> AssessmentTask:
    if stored is not None:
        data, prefilled = stored.data, False
    else:
        data, prefilled = task_module(spec.name).prefill(ctx, case).model_dump(mode="json"), True
    return AssessmentTask(
        name=spec.name,
        title=spec.title,
        required=spec.required,
        status=stored.status if stored else TaskStatus.NOT_STARTED,
        data=data,
        prefilled=prefilled,
        updated_by=stored.updated_by if stored else None,
        updated_at=stored.updated_at if stored else None,
        review=stored.review if stored else None,
    )


def get_assessment(ctx: Context, identity: Identity, reference: str) -> Assessment:
    case = load_case(ctx, identity.council, reference)
    specs = rules.tasks_for(get_type(case["application_type"]))
    stored = ctx.repo.assessment.tasks(identity.council, reference)
    return Assessment(
        reference=reference,
        tasks=[_view(ctx, case, spec, stored.get(spec.name)) for spec in specs],
        outstanding=[s.name for s in rules.outstanding(specs, stored)],
        returned=[t.name for t in rules.returned(stored)],
    )


def get_task(ctx: Context, identity: Identity, reference: str, name: str) -> AssessmentTask:
    case = load_case(ctx, identity.council, reference)
    spec = _spec(case, name)
    return _view(ctx, case, spec, ctx.repo.assessment.task(identity.council, reference, name))


def stored_tasks(ctx: Context, case: dict[str, Any]) -> dict[str, StoredTask]:
    """The tasks the officer saved, by name (for the recommendation, the report and the notice)."""
    return ctx.repo.assessment.tasks(case["council"], case["reference"])


def save_task(ctx: Context, identity: Identity, reference: str, name: str, update: TaskUpdate) -> AssessmentTask:
    """Saves the officer's work on a task (a draft, or completed), audited; a returned task saved again
    goes back to the reviewer."""
    case = load_case(ctx, identity.council, reference)
    spec = _spec(case, name)
    if case["status"] not in EDITABLE:
        raise Conflict(f"The assessment of {reference} cannot be changed while it is {case['status']}")
    module = task_module(name)
    data = update.data if isinstance(update.data, Model) else module.Data.model_validate(update.data)
    check = getattr(module, "check", None)
    if check is not None:
        check(ctx, case, data)
    before = ctx.repo.assessment.task(identity.council, reference, name)
    task = StoredTask(
        name=name,
        status=TaskStatus(update.status),
        data=data.model_dump(mode="json"),
        updated_by=identity.name,
        updated_at=iso(ctx.clock.now()),
        review=None,  # the officer's change answers the review: the reviewer looks again
    )
    _write(ctx, identity, case, task, action="assessment.task_saved", before=before)
    applied = getattr(module, "applied", None)  # what the saved task changes on the case (EIA: its period)
    if applied is not None:
        applied(ctx, identity, case, data)
    return _view(ctx, case, spec, task)


def review_task(
    ctx: Context, identity: Identity, reference: str, name: str, request: TaskReviewRequest
) -> AssessmentTask:
    """The reviewer agrees a task, or returns it to the case officer with a comment."""
    case = load_case(ctx, identity.council, reference)
    spec = _spec(case, name)
    if case["status"] not in REVIEWABLE:
        raise Conflict(f"The assessment of {reference} is not awaiting review (it is {case['status']})")
    if (case.get("recommendation") or {}).get("by") == identity.name:
        raise Forbidden("The officer who made the recommendation cannot review it")
    if request.action == "return" and not (request.comment or "").strip():
        raise InvalidRequest("Say what needs changing", fields=[FieldError("comment", "required when returning")])
    before = ctx.repo.assessment.task(identity.council, reference, name)
    if before is None:
        raise Conflict(f"The task {spec.title!r} was never saved: there is nothing to review")
    review = TaskReview(
        state=ReviewState.AGREED if request.action == "agree" else ReviewState.RETURNED,
        comment=request.comment,
        by=identity.name,
        at=iso(ctx.clock.now()),
    )
    task = before.model_copy(update={"review": review})
    _write(ctx, identity, case, task, action=f"assessment.task_{review.state.value}", before=before)
    return _view(ctx, case, spec, task)


def _write(
    ctx: Context, identity: Identity, case: dict[str, Any], task: StoredTask, *, action: str, before: StoredTask | None
) -> None:
    from bops.domain.application import AuditEntry

    council, reference = case["council"], case["reference"]
    entry = AuditEntry(
        at=iso(ctx.clock.now()),
        actor=identity.actor,
        action=action,
        reason=task.review.comment if task.review and action != "assessment.task_saved" else None,
        before={"task": task.name, "status": before.status.value if before else TaskStatus.NOT_STARTED.value},
        after={
            "task": task.name,
            "status": task.status.value,
            **({"review": task.review.state.value} if task.review else {}),
        },
    )
    ctx.repo.transact(
        [
            ctx.repo.assessment.task_write(council, reference, task),
            ctx.repo.cases.audit_write(council, reference, entry),
        ],
        conflict_message="The assessment changed meanwhile; reload and try again",
    )
