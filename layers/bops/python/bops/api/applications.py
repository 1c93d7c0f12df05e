"""The officer API for planning applications: lists, the case, and every lifecycle action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from bops.api.routing import CURSOR, SEARCH_QUERY, Api, QueryParam
from bops.auth import Identity, officer, officer_or_integrator
from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.lifecycle import Event, Status
from bops.services import dashboard
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import cases, search, validation

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="applications")

STATUSES = tuple(s.value for s in Status)
ASSESSOR = ("assessor", "reviewer", "administrator")
REVIEWER = ("reviewer", "administrator")


def _limit(query: dict[str, str]) -> int:
    from bops.services import cases

    raw = query.get("limit", "20")
    if not raw.isdigit() or not 1 <= int(raw) <= cases.MAX_PAGE:
        raise InvalidRequest("limit must be a whole number from 1 to 100", fields=[FieldError("limit", "1..100")])
    return int(raw)


def _status(query: dict[str, str]) -> str | None:
    status = query.get("status")
    if status is not None and status not in STATUSES:
        raise InvalidRequest(f"Unknown status {status!r}", fields=[FieldError("status", "unknown status")])
    return status


PAGING = (
    QueryParam("limit", "Page size, 1 to 100 (default 20)", {"type": "integer", "minimum": 1, "maximum": 100}),
    QueryParam("cursor", "The next_cursor of the previous page", CURSOR),
)
STATUS_FILTER = QueryParam("status", "Only applications in this status", {"type": "string", "enum": list(STATUSES)})


@api.route(
    "/api/v1/applications",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="Applications of the caller's council, newest first",
    response="bops.services.cases:ApplicationList",
    query=(STATUS_FILTER, *PAGING),
)
def list_applications(identity: Identity, query: dict[str, Any]) -> cases.ApplicationList:
    from bops.services import cases

    return cases.list_applications(
        context(), identity, status=_status(query), limit=_limit(query), cursor=query.get("cursor")
    )


@api.route(
    "/api/v1/dashboard",
    "GET",
    auth=officer(),
    summary="The officer's dashboard: a tab (mine, unassigned, to_review, closed, all) sorted by determination date",
    response="bops.services.cases:ApplicationList",
    query=(
        QueryParam(
            "tab",
            "mine, unassigned, to_review (recommendations awaiting a reviewer), closed or all (default mine)",
            {"type": "string", "enum": list(dashboard.TABS)},
        ),
        STATUS_FILTER,
        QueryParam(
            "type",
            "Only this application type (ODP code, e.g. pp.full.householder)",
            {"type": "string", "maxLength": 64},
        ),
        QueryParam(
            "officer",
            "With tab=mine: this officer's cases (their username) instead of your own; the other tabs ignore it",
            {"type": "string", "minLength": 1, "maxLength": 128},
        ),
        *PAGING,
    ),
)
def dashboard_tab(identity: Identity, query: dict[str, Any]) -> cases.ApplicationList:
    from bops.services import cases

    tab = query.get("tab", "mine")
    if tab not in dashboard.TABS:
        raise InvalidRequest(f"Unknown tab {tab!r}", fields=[FieldError("tab", ", ".join(dashboard.TABS))])
    app_type = query.get("type")
    if app_type is not None and len(app_type) > 64:
        raise InvalidRequest("Unknown type", fields=[FieldError("type", "too long")])
    officer_name = query.get("officer")
    if officer_name is not None and not 0 < len(officer_name) <= 128:
        raise InvalidRequest("Unknown officer", fields=[FieldError("officer", "1 to 128 characters")])
    return cases.dashboard_view(
        context(),
        identity,
        tab=tab,
        status=_status(query),
        application_type=app_type,
        limit=_limit(query),
        cursor=query.get("cursor"),
        officer=officer_name if tab == "mine" else None,
    )


@api.route(
    "/api/v1/search",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="Find applications: by reference (whole or in part), then exact postcode, then address words, then "
    "description words",
    response="bops.services.search:SearchResults",
    query=(
        QueryParam(
            "q",
            "A reference, whole or in part (26-00005-HAPP, 26-00005, 00005 or 5, any case), a postcode, or words of "
            "the address or description (1 to 200 characters)",
            SEARCH_QUERY,
            required=True,
        ),
    ),
)
def search_applications(identity: Identity, query: dict[str, Any]) -> search.SearchResults:
    from bops.services import search

    return search.search(context(), identity, query.get("q", ""))


@api.route(
    "/api/v1/applications/{reference}",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="One application with its documents, audit trail and the actions open to it",
    response="bops.services.cases:ApplicationDetail",
)
def get_application(identity: Identity, reference: str) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.get_application(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/validation-decision",
    "POST",
    auth=officer(*ASSESSOR),
    summary="Mark the application valid (the statutory clock starts) or invalid; resumes its workflow",
    body="bops.services.validation:ValidationDecision",
    response="bops.services.cases:ApplicationDetail",
)
def validation_decision(
    identity: Identity, reference: str, body: validation.ValidationDecision
) -> cases.ApplicationDetail:
    from bops.services import validation

    return validation.decide_validation(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/assessment",
    "POST",
    auth=officer(*ASSESSOR),
    summary="Start the assessment (takes the case on if it is unassigned)",
    response="bops.services.cases:ApplicationDetail",
)
def start_assessment(identity: Identity, reference: str) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.start_assessment(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/recommendation",
    "POST",
    auth=officer(*ASSESSOR),
    summary="Recommend a decision, with conditions or reasons, for a reviewer to agree",
    body="bops.services.cases:Recommendation",
    response="bops.services.cases:ApplicationDetail",
)
def recommend(identity: Identity, reference: str, body: cases.Recommendation) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.recommend(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/recommendation/report",
    "GET",
    auth=officer(*ASSESSOR),
    summary="The officer report for the recommendation: the one last recommended, else drafted from the assessment",
    response="bops.services.cases:DraftReport",
)
def draft_report(identity: Identity, reference: str) -> cases.DraftReport:
    from bops.services import cases

    return cases.recommendation_report(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/review",
    "POST",
    auth=officer(*REVIEWER),
    summary="A reviewer (not the assessor) agrees the recommendation, determining the case, or challenges it",
    body="bops.services.cases:Review",
    response="bops.services.cases:ApplicationDetail",
)
def review(identity: Identity, reference: str, body: cases.Review) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.review(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/committee",
    "POST",
    auth=officer(*REVIEWER),
    summary="Send the application to the planning committee",
    response="bops.services.cases:ApplicationDetail",
)
def send_to_committee(identity: Identity, reference: str) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.send_to_committee(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/committee-decision",
    "POST",
    auth=officer(*REVIEWER),
    summary="Record the planning committee's decision (determines the case)",
    body="bops.services.cases:CommitteeDecision",
    response="bops.services.cases:ApplicationDetail",
)
def committee_decision(identity: Identity, reference: str, body: cases.CommitteeDecision) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.record_committee_decision(context(), identity, reference, body)


def _ending(event: Event, path: str, summary: str) -> None:
    @api.route(
        f"/api/v1/applications/{{reference}}/{path}",
        "POST",
        auth=officer(*ASSESSOR),
        summary=summary,
        body="bops.services.cases:Reason",
        response="bops.services.cases:ApplicationDetail",
    )
    def end(identity: Identity, reference: str, body: cases.Reason) -> cases.ApplicationDetail:
        from bops.services import cases

        return cases.end_case(context(), identity, reference, event, body)


_ending(Event.WITHDRAW, "withdrawal", "Record that the applicant withdrew the application (reason required)")
_ending(Event.RETURN, "return", "Return the application to the applicant (reason required)")
_ending(Event.CLOSE, "closure", "Close the application (reason required)")


@api.route(
    "/api/v1/applications/{reference}/assignment",
    "POST",
    auth=officer(),
    summary="Assign the case to one of the council's officers (yourself or a colleague), or unassign it",
    body="bops.services.cases:Assignment",
    response="bops.services.cases:ApplicationDetail",
)
def assign(identity: Identity, reference: str, body: cases.Assignment) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.assign(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/extension-of-time",
    "POST",
    auth=officer(*ASSESSOR),
    summary="Record an extension of time agreed in writing; moves the determination date",
    body="bops.services.cases:ExtensionOfTime",
    response="bops.services.cases:ApplicationDetail",
)
def extension_of_time(identity: Identity, reference: str, body: cases.ExtensionOfTime) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.extend(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/appeal",
    "POST",
    auth=officer(*ASSESSOR),
    summary="Record a step of an appeal: lodge, valid, start, determine (with outcome) or withdraw",
    body="bops.services.cases:AppealStep",
    response="bops.services.cases:ApplicationDetail",
)
def appeal(identity: Identity, reference: str, body: cases.AppealStep) -> cases.ApplicationDetail:
    from bops.services import cases

    return cases.record_appeal(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/decision-notice",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="A short-lived link to the decision notice (?format=pdf or html)",
    response="bops.services.cases:DecisionNoticeLink",
    query=(QueryParam("format", "pdf (default) or html", {"type": "string", "enum": ["pdf", "html"]}),),
)
def decision_notice(identity: Identity, reference: str, query: dict[str, Any]) -> cases.DecisionNoticeLink:
    from bops.services import cases

    fmt = query.get("format", "pdf")
    if fmt not in ("pdf", "html"):
        raise InvalidRequest("format must be pdf or html", fields=[FieldError("format", "pdf or html")])
    return cases.decision_notice_link(context(), identity, reference, fmt)


@api.route(
    "/api/v1/applications/{reference}/officer-report",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="A short-lived link to the officer report issued with the decision (?format=pdf or html)",
    response="bops.services.determination:PublishedLink",
    query=(QueryParam("format", "pdf (default) or html", {"type": "string", "enum": ["pdf", "html"]}),),
)
def officer_report(identity: Identity, reference: str, query: dict[str, Any]) -> Any:
    from bops.services import cases, determination

    fmt = query.get("format", "pdf")
    if fmt not in ("pdf", "html"):
        raise InvalidRequest("format must be pdf or html", fields=[FieldError("format", "pdf or html")])
    case = cases.load_case(context(), identity.council, reference)
    return determination.document_link(context(), case, "report", fmt)
