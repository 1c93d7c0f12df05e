"""Documents of an application: upload forms (presigned POST straight to S3) and download links."""

from __future__ import annotations

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, officer_or_integrator
from bops.services import documents
from bops.services.context import context

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="documents")


@api.route(
    "/api/v1/applications/{reference}/uploads",
    "POST",
    auth=officer_or_integrator("submission:write"),
    summary="A form to upload one document (PDF, PNG or JPEG, up to 30 MB) straight to storage",
    body=documents.UploadRequest,
    response=documents.UploadCreated,
    status=201,
)
def request_upload(identity: Identity, reference: str, body: documents.UploadRequest) -> documents.UploadCreated:
    return documents.request_upload(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/documents/{document_id}",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="A short-lived link to download a received document",
    response=documents.DocumentDownload,
)
def download_document(identity: Identity, reference: str, document_id: str) -> documents.DocumentDownload:
    return documents.download(context(), identity, reference, document_id)
