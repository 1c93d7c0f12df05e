"""Documents of an application: upload forms (presigned POST straight to S3), links to download or view,
details (types, drawing number, the decision notice), publication."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from bops.api.routing import Api, QueryParam
from bops.auth import Identity, officer, officer_or_integrator
from bops.services.context import context

if TYPE_CHECKING:
    from bops.domain.application import Document
    from bops.services import documents

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="documents")
CASE_OFFICERS = ("assessor", "reviewer", "administrator")
DISPOSITION = QueryParam(
    "disposition",
    "attachment (download, the default) or inline (view in the browser: PDFs and images only)",
    {"type": "string", "enum": ["attachment", "inline"]},
)


@api.route(
    "/api/v1/applications/{reference}/uploads",
    "POST",
    auth=officer_or_integrator("submission:write"),
    summary="A form to upload one document (PDF, PNG or JPEG, up to 30 MB) straight to storage",
    body="bops.services.documents:UploadRequest",
    response="bops.services.documents:UploadCreated",
    status=201,
)
def request_upload(identity: Identity, reference: str, body: documents.UploadRequest) -> documents.UploadCreated:
    from bops.services import documents

    return documents.request_upload(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/documents/{document_id}",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="A short-lived link to download a received document, or (?disposition=inline) to view it",
    response="bops.services.documents:DocumentDownload",
    query=(DISPOSITION,),
)
def download_document(
    identity: Identity, reference: str, document_id: str, query: dict[str, Any]
) -> documents.DocumentDownload:
    from bops.services import documents

    return documents.download(context(), identity, reference, document_id, documents.disposition_of(query))


@api.route(
    "/api/v1/applications/{reference}/documents/{document_id}",
    "PATCH",
    auth=officer(*CASE_OFFICERS),
    summary="Change a document's types (ODP file types), drawing number or reference on the decision notice",
    body="bops.services.documents:DocumentDetails",
    response="bops.domain.application:Document",
)
def update_document(identity: Identity, reference: str, document_id: str, body: documents.DocumentDetails) -> Document:
    from bops.services import documents

    return documents.update_details(context(), identity, reference, document_id, body)


@api.route(
    "/api/v1/applications/{reference}/documents/publish",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Show several received documents on the public register at once (all or none)",
    body="bops.services.documents:PublishDocuments",
    response="bops.services.documents:PublishedDocuments",
)
def publish_documents(
    identity: Identity, reference: str, body: documents.PublishDocuments
) -> documents.PublishedDocuments:
    from bops.services import documents

    return documents.publish_documents(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/documents/{document_id}/publication",
    "PUT",
    auth=officer(*CASE_OFFICERS),
    summary="Show a received document on the public register, or take it off",
    body="bops.services.documents:PublicationRequest",
    response="bops.domain.application:Document",
)
def set_publication(
    identity: Identity, reference: str, document_id: str, body: documents.PublicationRequest
) -> Document:
    from bops.services import documents

    return documents.set_publishable(context(), identity, reference, document_id, body)
