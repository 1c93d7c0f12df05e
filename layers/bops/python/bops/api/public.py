"""The public register: published applications of a council, their redacted comments, publishable
documents, and commenting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from bops.api.documents import DISPOSITION
from bops.api.routing import SEARCH_QUERY, Api, QueryParam
from bops.auth import PUBLIC, Identity
from bops.domain.errors import FieldError, InvalidRequest
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import cases, consultation, determination, documents

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="public")


@api.route(
    "/api/v1/public/{council}/applications",
    "GET",
    auth=PUBLIC,
    summary="Search a council's published applications (reference, postcode, address, description)",
    response="bops.services.consultation:PublicApplicationList",
    query=(
        QueryParam(
            "q",
            "A reference, whole or in part (26-00005-HAPP, 26-00005, 00005 or 5, any case), a postcode, or words of "
            "the address or description (1 to 200 characters)",
            SEARCH_QUERY,
            required=True,
        ),
    ),
    errors={"429": "Too many searches from this client: try again in a minute"},
)
def search(_identity: Identity | None, council: str, query: dict[str, Any]) -> consultation.PublicApplicationList:
    from bops.api.routing import blueprint_source
    from bops.services import consultation

    return consultation.public_search(context(), council, query.get("q", ""), blueprint_source(blueprint))


@api.route(
    "/api/v1/public/{council}/applications/{reference}",
    "GET",
    auth=PUBLIC,
    summary="A published application with its comments as the council redacted them",
    response="bops.services.consultation:PublicApplication",
)
def application(_identity: Identity | None, council: str, reference: str) -> consultation.PublicApplication:
    from bops.services import consultation

    return consultation.public_application(context(), council, reference)


@api.route(
    "/api/v1/public/{council}/applications/{reference}/documents/{document_id}",
    "GET",
    auth=PUBLIC,
    summary="A short-lived link to a document the council published with the application (?disposition=inline to view)",
    response="bops.services.documents:PublicDocumentLink",
    query=(DISPOSITION,),
)
def document(
    _identity: Identity | None, council: str, reference: str, document_id: str, query: dict[str, Any]
) -> documents.PublicDocumentLink:
    from bops.services import documents

    return documents.public_download(context(), council, reference, document_id, documents.disposition_of(query))


@api.route(
    "/api/v1/public/{council}/applications/{reference}/comments",
    "POST",
    auth=PUBLIC,
    summary="Comment on a published application until it is determined (rate- and size-limited)",
    raw_body=True,
    raw_schema="bops.domain.comments:CommentSubmission",
    response="bops.services.consultation:CommentReceived",
    status=201,
)
def comment(_identity: Identity | None, council: str, reference: str, raw: bytes) -> consultation.CommentReceived:
    from bops.api.routing import MAX_JSON_BODY, blueprint_source, parse_object
    from bops.services import consultation

    payload = parse_object(raw, limit=MAX_JSON_BODY)
    return consultation.comment(context(), council, reference, payload, blueprint_source(blueprint))


@api.route(
    "/api/v1/public/{council}/applications/{reference}/decision-notice",
    "GET",
    auth=PUBLIC,
    summary="A short-lived link to a published application's decision notice (?format=pdf or html)",
    response="bops.services.cases:DecisionNoticeLink",
    query=(QueryParam("format", "pdf (default) or html", {"type": "string", "enum": ["pdf", "html"]}),),
)
def decision_notice(
    _identity: Identity | None, council: str, reference: str, query: dict[str, Any]
) -> cases.DecisionNoticeLink:
    from bops.services import cases, determination

    link = determination.public_link(context(), council, reference, "notice", _format(query))
    return cases.DecisionNoticeLink.model_validate(link.model_dump())


@api.route(
    "/api/v1/public/{council}/applications/{reference}/officer-report",
    "GET",
    auth=PUBLIC,
    summary="A short-lived link to a determined application's officer report (?format=pdf or html)",
    response="bops.services.determination:PublishedLink",
    query=(QueryParam("format", "pdf (default) or html", {"type": "string", "enum": ["pdf", "html"]}),),
)
def officer_report(
    _identity: Identity | None, council: str, reference: str, query: dict[str, Any]
) -> determination.PublishedLink:
    from bops.services import determination

    return determination.public_link(context(), council, reference, "report", _format(query))


def _format(query: dict[str, Any]) -> str:
    fmt = query.get("format", "pdf")
    if fmt not in ("pdf", "html"):
        raise InvalidRequest("format must be pdf or html", fields=[FieldError("format", "pdf or html")])
    return str(fmt)
