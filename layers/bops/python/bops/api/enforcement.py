"""The officer API for enforcement cases: the open cases, a case, a report taken by an officer, and each
step of the investigation (one route for every step, each with the body its action defines).

Breach reports from PlanX arrive through the submissions routes (``POST /api/v1/submissions`` and PlanX's
``POST /api/v2/planning_applications``), which hand them to ``bops.services.enforcement``. Nothing here
is public: an enforcement case is on no register, and its reporter is the officers' only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, officer

if TYPE_CHECKING:
    from bops.services import enforcement

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="enforcement")

OFFICERS = ("assessor", "reviewer", "administrator")
CASE_PATH = "/api/v1/enforcement/{reference}"


@api.route(
    "/api/v1/enforcement",
    "GET",
    auth=officer(*OFFICERS),
    summary="The council's open enforcement cases, oldest report first (the dashboard's enforcement tab)",
    response="bops.services.enforcement:EnforcementList",
)
def list_cases(identity: Identity) -> enforcement.EnforcementList:
    from bops.services import enforcement
    from bops.services.context import context

    return enforcement.list_open(context(), identity)


@api.route(
    "/api/v1/enforcement",
    "POST",
    auth=officer(*OFFICERS),
    summary="Record a breach reported to an officer (by phone, letter or in person): a new ENF case",
    body="bops.services.enforcement:OfficerReport",
    response="bops.services.enforcement:EnforcementCaseView",
    status=201,
)
def create_case(identity: Identity, body: enforcement.OfficerReport) -> enforcement.EnforcementCaseView:
    from bops.services import enforcement
    from bops.services.context import context

    return enforcement.create_report(context(), identity, body)


@api.route(
    CASE_PATH,
    "GET",
    auth=officer(*OFFICERS),
    summary="An enforcement case: the report and reporter, triage, visits, contacts, outcome, notices with "
    "their dates, the date the breach would become immune, the steps allowed now and the audit trail",
    response="bops.services.enforcement:EnforcementCaseView",
)
def get_case(identity: Identity, reference: str) -> enforcement.EnforcementCaseView:
    from bops.services import enforcement
    from bops.services.context import context

    return enforcement.get_case(context(), identity, reference)


@api.route(
    f"{CASE_PATH}/photos/{{photo_id}}",
    "GET",
    auth=officer(*OFFICERS),
    summary="A short-lived link to a site visit's photo (404 until uploaded; only a real JPEG or PNG is shown)",
    response="bops.services.enforcement:PhotoLink",
)
def photo(identity: Identity, reference: str, photo_id: str) -> enforcement.PhotoLink:
    from bops.services import enforcement
    from bops.services.context import context

    return enforcement.photo_link(context(), identity, reference, photo_id)


@api.route(
    f"{CASE_PATH}/{{action}}",
    "POST",
    auth=officer(*OFFICERS),
    summary="One step of the investigation; action: triage (TriageRequest), visit (VisitRequest: photos get "
    "upload forms), contact (ContactRequest), outcome (OutcomeRequest), notice (NoticeRequest: dates checked "
    "against the Act, defaults filled in) or close (CloseRequest). 409 when the case's status does not allow it",
    raw_body=True,
    raw_schema="bops.services.enforcement:EnforcementAction",
    response="bops.services.enforcement:ActionResult",
)
def act(identity: Identity, reference: str, action: str, raw: bytes) -> enforcement.ActionResult:
    # One route for every step, each with its own body (one API Gateway resource rather than six).
    from bops.api.routing import parse_model, parse_object
    from bops.domain.errors import NotFound
    from bops.services import enforcement
    from bops.services.context import context

    parse_object(raw)
    model = enforcement.ACTION_BODIES.get(action)
    if model is None:
        raise NotFound(f"There is no enforcement step {action!r}")
    body = parse_model(model, raw)
    return enforcement.act(context(), identity, reference, action, body)  # type: ignore[arg-type]
