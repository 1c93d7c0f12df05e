"""The officer's assessment: the task list of a case, each task read and saved, and the reviewer's view
task by task. One route per task, so each documents its own request body."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, officer
from bops.domain.assessment import catalogue

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


def _task_routes(name: str, body: str) -> None:
    base = f"/api/v1/applications/{{reference}}/assessment/{name}"

    def read(identity: Identity, reference: str) -> Any:
        from bops.services import assessment
        from bops.services.context import context

        return assessment.get_task(context(), identity, reference, name)

    def save(identity: Identity, reference: str, body: Any) -> Any:
        from bops.services import assessment
        from bops.services.context import context

        return assessment.save_task(context(), identity, reference, name, body)

    def review(identity: Identity, reference: str, body: Any) -> Any:
        from bops.services import assessment
        from bops.services.context import context

        return assessment.review_task(context(), identity, reference, name, body)

    read.__name__, save.__name__, review.__name__ = f"get_{name}", f"save_{name}", f"review_{name}"
    title = name.replace("_", " ")
    response = "bops.services.assessment:AssessmentTask"
    api.route(base, "GET", auth=officer(*ASSESSOR), summary=f"The {title} task", response=response)(read)
    api.route(
        base,
        "PUT",
        auth=officer(*ASSESSOR),
        summary=f"Save the {title} task (in progress or completed)",
        body=body,
        response=response,
    )(save)
    api.route(
        f"{base}/review",
        "POST",
        auth=officer(*REVIEWER),
        summary=f"A reviewer agrees the {title} task or returns it to the case officer",
        body="bops.domain.assessment:TaskReviewRequest",
        response=response,
    )(review)


for _name in catalogue():
    _task_routes(_name, TASK_BODIES.get(_name, NOTES_BODY))


# --- pre-commencement conditions: the notice to the applicant, and where it stands ------------------------
@api.route(
    "/api/v1/applications/{reference}/assessment/conditions/pre-commencement",
    "POST",
    auth=officer(*ASSESSOR),
    summary="Send the saved pre-commencement conditions to the applicant for agreement (10 working days)",
    response="bops.services.assessment_tasks.conditions:PreCommencementSent",
    status=201,
)
def send_pre_commencement(identity: Identity, reference: str) -> Any:
    from bops.services.assessment_tasks import conditions
    from bops.services.context import context

    return conditions.send_pre_commencement(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/assessment/conditions/pre-commencement",
    "GET",
    auth=officer(*ASSESSOR),
    summary="Whether the pre-commencement conditions are agreed, or when the decision may be issued",
    response="bops.domain.conditions:PreCommencementState",
)
def pre_commencement_status(identity: Identity, reference: str) -> Any:
    from bops.services.assessment_tasks import conditions
    from bops.services.context import context

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
