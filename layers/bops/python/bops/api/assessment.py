"""The officer's assessment: the task list of a case, each task read and saved, and the reviewer's view
task by task. One route for every task (``{task}``), each saving the body its module defines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, officer
from bops.domain.assessment import TaskReviewRequest, catalogue

if TYPE_CHECKING:
    from bops.services import assessment

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="assessment")

ASSESSOR = ("assessor", "reviewer", "administrator")
REVIEWER = ("reviewer", "administrator")
#: The request body of each task with a module of its own (``bops.services.assessment_tasks.<name>``);
#: any other task of the catalogue is recorded as notes.
TASK_BODIES = {
    "summaries": "bops.services.assessment_tasks.summaries:SummariesUpdate",
    "site_visit": "bops.services.assessment_tasks.site_visit:SiteVisitsUpdate",
    "cil": "bops.services.assessment_tasks.cil:CilLiabilityUpdate",
    "permitted_development_rights": (
        "bops.services.assessment_tasks.permitted_development_rights:PermittedDevelopmentRightsUpdate"
    ),
    "approved_plans": "bops.services.assessment_tasks.approved_plans:ApprovedPlansUpdate",
    "conditions": "bops.services.assessment_tasks.conditions:ConditionsAndInformativesUpdate",
    "policies": "bops.services.assessment_tasks.policies:PolicyConsiderationsUpdate",
    "eia": "bops.services.assessment_tasks.eia:EiaScreeningUpdate",
    "constraints": "bops.services.assessment_tasks.constraints:ConstraintsUpdate",
    "site_history": "bops.services.assessment_tasks.site_history:SiteHistoryUpdate",
}
NOTES_BODY = "bops.services.assessment_tasks.notes:NotesUpdate"


@api.route(
    "/api/v1/applications/{reference}/assessment",
    "GET",
    auth=officer(*ASSESSOR),
    summary="The assessment's task list: each task's status, what it holds (pre-filled until saved) and its review",
    response="bops.services.assessment:Assessment",
)
def get_assessment(identity: Identity, reference: str) -> assessment.Assessment:
    from bops.services import assessment
    from bops.services.context import context

    return assessment.get_assessment(context(), identity, reference)


TASK_PATH = "/api/v1/applications/{reference}/assessment/{task}"


def _task(task: str) -> str:
    """The task named by the path: one of the catalogue's (its model is its module's), else 404."""
    from bops.domain.errors import NotFound

    if task not in catalogue():
        raise NotFound(f"There is no assessment task {task!r}")
    return task


@api.route(
    TASK_PATH,
    "GET",
    auth=officer(*ASSESSOR),
    summary="One task: its status, what it holds (pre-filled until saved) and its review",
    response="bops.services.assessment:AssessmentTask",
)
def get_task(identity: Identity, reference: str, task: str) -> assessment.AssessmentTask:
    from bops.services import assessment
    from bops.services.context import context

    return assessment.get_task(context(), identity, reference, _task(task))


@api.route(
    TASK_PATH,
    "PUT",
    auth=officer(*ASSESSOR),
    summary="Save a task, in progress or completed. `data` is the task's own model (`TASK_BODIES`: e.g. "
    "SummariesUpdate for summaries, ConditionsAndInformativesUpdate for conditions); 422 names its fields",
    raw_body=True,
    raw_schema="bops.domain.assessment:TaskUpdate",
    response="bops.services.assessment:AssessmentTask",
)
def save_task(identity: Identity, reference: str, task: str, raw: bytes) -> assessment.AssessmentTask:
    # One route for every task, each with the body its module defines (one API Gateway resource rather than
    # one per task: CloudFormation's 500 resources a stack). The models are described in TASK_BODIES.
    from bops.api.routing import parse_model, parse_object, resolve
    from bops.services import assessment
    from bops.services.context import context

    parse_object(raw)  # a body too large, too deep or not an object is a 400/413 whatever the task
    name = _task(task)
    model = resolve(TASK_BODIES.get(name, NOTES_BODY))
    body = parse_model(model, raw)  # type: ignore[arg-type]
    return assessment.save_task(context(), identity, reference, name, body)  # type: ignore[arg-type]


@api.route(
    f"{TASK_PATH}/review",
    "POST",
    auth=officer(*REVIEWER),
    summary="A reviewer agrees a task or returns it to the case officer with a comment",
    body="bops.domain.assessment:TaskReviewRequest",
    response="bops.services.assessment:AssessmentTask",
)
def review_task(identity: Identity, reference: str, task: str, body: TaskReviewRequest) -> assessment.AssessmentTask:
    from bops.services import assessment
    from bops.services.context import context

    return assessment.review_task(context(), identity, reference, _task(task), body)


# --- pre-commencement conditions: the notice to the applicant, and where it stands ------------------------
def _conditions(task: str) -> None:
    from bops.domain.errors import NotFound

    if task != "conditions":
        raise NotFound("Only the conditions task sends pre-commencement conditions")


@api.route(
    f"{TASK_PATH}/pre-commencement",
    "POST",
    auth=officer(*ASSESSOR),
    summary="Send the saved pre-commencement conditions to the applicant for agreement (10 working days); "
    "task: conditions",
    response="bops.services.assessment_tasks.conditions:PreCommencementSent",
    status=201,
)
def send_pre_commencement(identity: Identity, reference: str, task: str) -> Any:
    from bops.services.assessment_tasks import conditions
    from bops.services.context import context

    _conditions(task)
    return conditions.send_pre_commencement(context(), identity, reference)


@api.route(
    f"{TASK_PATH}/pre-commencement",
    "GET",
    auth=officer(*ASSESSOR),
    summary="Whether the pre-commencement conditions are agreed, or when the decision may be issued; task: conditions",
    response="bops.domain.conditions:PreCommencementState",
)
def pre_commencement_status(identity: Identity, reference: str, task: str) -> Any:
    from bops.services.assessment_tasks import conditions
    from bops.services.context import context

    _conditions(task)
    return conditions.pre_commencement_status(context(), identity, reference)


@api.route(
    "/api/v1/assessment/eia-descriptions",
    "GET",
    auth=officer(),
    summary="The descriptions of development in Schedules 1 and 2 of the EIA Regulations 2017, with thresholds",
    response="bops.domain.eia:DescriptionList",
)
def eia_descriptions(identity: Identity) -> Any:
    from bops.domain.eia import DescriptionList, descriptions

    return DescriptionList(descriptions=descriptions())
