"""Public API v2: the public register in the ODP post-submission shape, for the Digital Planning Register
(DPR), and the route PlanX submits to as it submits to BoPS.

The council is a path segment right after the version: ``/api/v2/{council}/public/planning_applications/...``.
BoPS names the council by host (``camden.bops.services``) and DPR keeps one base URL per council
(``<COUNCIL>_BOPS_API_URL``, to which it appends ``public/planning_applications/search`` and so on), so DPR
is pointed at ``https://<api>/api/v2/<council>/`` and calls the same relative paths as on BoPS; one API host
then serves every council, locally and in AWS, with no domain per council. The v1 register's routes
(``/api/v1/public/{council}/...``) are unchanged. PlanX's route carries no council: its token names it.
DPR's comment form uses two more BoPS paths under the same base (``planning_applications/{reference}`` for the
id, then ``planning_applications/{id}/neighbour_responses``): both are here too, public, as the register's.

What each answer holds and why is in ``bops.services.post_submission`` (with what was read of DPR and BoPS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from bops.api.routing import Api, QueryParam
from bops.auth import PUBLIC, Identity, integrator
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import planx, post_submission

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="public-v2")

BASE = "/api/v2/{council}/public/planning_applications"
PAGING = (
    QueryParam("page", "The page, from 1 to 10000", {"type": "integer", "minimum": 1, "maximum": 10000}),
    QueryParam(
        "resultsPerPage", "Results a page, 1 to 50 (default 10)", {"type": "integer", "minimum": 1, "maximum": 50}
    ),
)
_DATES = ("receivedAt", "validatedAt", "publishedAt", "consultationEndDate", "councilDecisionDate")
SEARCH = (
    *PAGING,
    QueryParam("maxresults", "DPR's older name for resultsPerPage", {"type": "integer", "minimum": 1, "maximum": 50}),
    QueryParam("query", "Words of the reference, address or description (also: q)"),
    QueryParam("reference", "Part of the reference"),
    QueryParam("description", "Words of the description"),
    QueryParam("postcode", "The site's postcode"),
    QueryParam("applicationType", "ODP application type codes, comma-separated (pp.full.householder,...)"),
    QueryParam("applicationStatus", "ODP statuses (undetermined, determined, withdrawn) or ours, comma-separated"),
    QueryParam("councilDecision", "granted or refused, comma-separated"),
    *(
        QueryParam(
            f"{name}{end}",
            f"{name} {'from' if end == 'From' else 'to'} this day (YYYY-MM-DD), inclusive",
            {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        )
        for name in _DATES
        for end in ("From", "To")
    ),
    QueryParam(
        "sortBy",
        "receivedAt (default) or councilDecisionDate",
        {"type": "string", "enum": ["receivedAt", "councilDecisionDate"]},
    ),
    QueryParam("orderBy", "desc (default) or asc", {"type": "string", "enum": ["asc", "desc"]}),
)


@api.route(
    f"{BASE}/search",
    "GET",
    auth=PUBLIC,
    summary="Search a council's published applications; each in the ODP post-submission published shape",
    response="bops.services.post_submission:ApplicationPage",
    query=SEARCH,
)
def search(_identity: Identity | None, council: str, query: dict[str, Any]) -> post_submission.ApplicationPage:
    from bops.services import post_submission

    return post_submission.search(context(), council, query)


@api.route(
    f"{BASE}/{{reference}}",
    "GET",
    auth=PUBLIC,
    summary="A published application in the ODP post-submission published shape (under data)",
    response="bops.services.post_submission:ApplicationOne",
)
def show(_identity: Identity | None, council: str, reference: str) -> post_submission.ApplicationOne:
    from bops.services import post_submission

    return post_submission.show(context(), council, reference)


@api.route(
    f"{BASE}/{{reference}}/documents",
    "GET",
    auth=PUBLIC,
    summary="The documents published with an application (ODP PostSubmissionFileRedacted), and its decision notice",
    response="bops.services.post_submission:DocumentsPage",
    query=PAGING,
)
def documents(
    _identity: Identity | None, council: str, reference: str, query: dict[str, Any]
) -> post_submission.DocumentsPage:
    from bops.services import post_submission

    return post_submission.documents(context(), council, reference, query)


@api.route(
    f"{BASE}/{{reference}}/comments/public",
    "GET",
    auth=PUBLIC,
    summary="Public comments as the council redacted them (ODP PublicCommentRedacted), with a summary",
    response="bops.services.post_submission:PublicCommentsPage",
    query=(
        *PAGING,
        QueryParam("sentiment", "supportive, neutral or objection, comma-separated"),
        QueryParam("orderBy", "desc (default) or asc", {"type": "string", "enum": ["asc", "desc"]}),
    ),
)
def public_comments(
    _identity: Identity | None, council: str, reference: str, query: dict[str, Any]
) -> post_submission.PublicCommentsPage:
    from bops.services import post_submission

    return post_submission.public_comments(context(), council, reference, query)


@api.route(
    f"{BASE}/{{reference}}/comments/public",
    "POST",
    auth=PUBLIC,
    summary="Comment on a published application in DPR's shape (the v1 comment route's limits and redaction)",
    raw_body=True,
    raw_schema="bops.services.post_submission:DprCommentSubmission",
    response="bops.services.post_submission:DprCommentReceived",
    errors={"429": "Too many comments from this client: try again later"},
)
def comment(_identity: Identity | None, council: str, reference: str, raw: bytes) -> post_submission.DprCommentReceived:
    return _comment(council, reference, raw)


def _comment(council: str, reference: str, raw: bytes) -> post_submission.DprCommentReceived:
    from bops.api.routing import MAX_JSON_BODY, blueprint_source, parse_object
    from bops.services import post_submission

    payload = parse_object(raw, limit=MAX_JSON_BODY)
    return post_submission.comment(context(), council, reference, payload, blueprint_source(blueprint))


# DPR's comment handler (``src/handlers/bops/v2/postComment.ts``) first asks the private BoPS API for the
# application's id (``GET planning_applications/{reference}`` under ``<COUNCIL>_BOPS_API_URL``), then posts to
# ``planning_applications/{id}/neighbour_responses`` under ``<COUNCIL>_BOPS_API_URL_V1``: with both pointed at
# ``https://<api>/api/v2/<council>/`` these two routes answer it (the id is the reference).
@api.route(
    "/api/v2/{council}/planning_applications/{reference}",
    "GET",
    auth=PUBLIC,
    summary="A published application's id for DPR's comment form: {id} (the reference), as BoPS's private API gives",
    response="bops.services.post_submission:ApplicationId",
)
def application_id(_identity: Identity | None, council: str, reference: str) -> post_submission.ApplicationId:
    from bops.services import post_submission

    return post_submission.application_id(context(), council, reference)


@api.route(
    "/api/v2/{council}/planning_applications/{reference}/neighbour_responses",
    "POST",
    auth=PUBLIC,
    summary="Comment as DPR posts to BoPS's neighbour_responses: the same as POST .../comments/public",
    raw_body=True,
    raw_schema="bops.services.post_submission:DprCommentSubmission",
    response="bops.services.post_submission:DprCommentReceived",
    errors={"429": "Too many comments from this client: try again later"},
)
def neighbour_response(
    _identity: Identity | None, council: str, reference: str, raw: bytes
) -> post_submission.DprCommentReceived:
    return _comment(council, reference, raw)


@api.route(
    f"{BASE}/{{reference}}/comments/specialist",
    "GET",
    auth=PUBLIC,
    summary="Consultees' responses by consultee (ODP SpecialistRedacted), with a summary",
    response="bops.services.post_submission:SpecialistCommentsPage",
    query=PAGING,
)
def specialist_comments(
    _identity: Identity | None, council: str, reference: str, query: dict[str, Any]
) -> post_submission.SpecialistCommentsPage:
    from bops.services import post_submission

    return post_submission.specialist_comments(context(), council, reference, query)


@api.route(
    "/api/v2/planning_applications",
    "POST",
    auth=integrator("submission:write"),
    summary="Submit as PlanX submits to BoPS (ODP v0.7.7): BoPS's {id, message}; idempotent on metadata.id",
    response="bops.services.planx:PlanXSubmissionCreated",
    raw_body=True,
)
def submit(identity: Identity, raw: bytes) -> planx.PlanXSubmissionCreated:
    from bops.services import planx

    return planx.submit(context(), identity, raw)
