"""Documents of an application: upload forms (presigned POST straight to S3), download links, publication."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, officer, officer_or_integrator
from bops.services.context import context

if TYPE_CHECKING:
    from bops.domain.application import Document
    from bops.services import documents

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="documents")
CASE_OFFICERS = ("assessor", "reviewer", "administrator")


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
    summary="A short-lived link to download a received document",
    response="bops.services.documents:DocumentDownload",
)
def download_document(identity: Identity, reference: str, document_id: str) -> documents.DocumentDownload:
    from bops.services import documents

    return documents.download(context(), identity, reference, document_id)


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
