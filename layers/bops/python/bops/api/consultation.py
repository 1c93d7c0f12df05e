"""Consultation: the officers' side and the consultees' side (by secure link)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from bops.api.documents import DISPOSITION
from bops.api.routing import Api
from bops.auth import CONSULTEE, Identity, officer
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import consultation, documents

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="consultation")
CASE_OFFICERS = ("assessor", "reviewer", "administrator")
BASE = "/api/v1/applications/{reference}"


@api.route(
    f"{BASE}/consultation",
    "GET",
    auth=officer(),
    summary="The consultation: dates, notices, counts",
    response="bops.services.consultation:ConsultationView",
)
def view(identity: Identity, reference: str) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.view(context(), identity, reference)


@api.route(
    f"{BASE}/consultation",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Start consultation: letters and emails go out, the end date is set",
    response="bops.services.consultation:ConsultationView",
)
def start(identity: Identity, reference: str) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.start(context(), identity, reference)


@api.route(
    f"{BASE}/neighbours",
    "GET",
    auth=officer(),
    summary="Neighbours to be consulted, with their letters",
    response="bops.services.consultation:NeighbourList",
)
def neighbours(identity: Identity, reference: str) -> consultation.NeighbourList:
    from bops.services import consultation

    return consultation.list_neighbours(context(), identity, reference)


@api.route(
    f"{BASE}/neighbours",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Add neighbours: one address by hand, or every address within a radius or a drawn polygon",
    body="bops.services.consultation:NeighbourSelection",
    response="bops.services.consultation:NeighbourList",
    errors={
        "502": "The address service (OS Places) refused the search: add neighbours by hand meanwhile",
        "503": "The address service (OS Places) is unavailable: try again",
    },
)
def add_neighbours(
    identity: Identity, reference: str, body: consultation.NeighbourSelection
) -> consultation.NeighbourList:
    from bops.services import consultation

    return consultation.add_neighbours(context(), identity, reference, body)


@api.route(
    f"{BASE}/neighbours/{{neighbour_id}}",
    "DELETE",
    auth=officer(*CASE_OFFICERS),
    summary="Remove a neighbour no letter has gone to (409 once a letter was sent)",
    response="bops.services.consultation:NeighbourList",
)
def remove_neighbour(identity: Identity, reference: str, neighbour_id: str) -> consultation.NeighbourList:
    from bops.services import consultation

    return consultation.remove_neighbours(context(), identity, reference, [neighbour_id])


@api.route(
    f"{BASE}/neighbours/remove",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Remove several neighbours at once: all of them or none (404 for an unknown id, 409 once written to)",
    body="bops.services.consultation:NeighbourRemoval",
    response="bops.services.consultation:NeighbourList",
)
def remove_neighbours(
    identity: Identity, reference: str, body: consultation.NeighbourRemoval
) -> consultation.NeighbourList:
    from bops.services import consultation

    return consultation.remove_neighbours(context(), identity, reference, body.ids)


@api.route(
    f"{BASE}/neighbours/{{neighbour_id}}/resend",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Send a neighbour's letter again (the reason is shown on the letter)",
    body="bops.services.consultation:Resend",
    response="bops.services.consultation:NeighbourList",
)
def resend(
    identity: Identity, reference: str, neighbour_id: str, body: consultation.Resend
) -> consultation.NeighbourList:
    from bops.services import consultation

    return consultation.resend_letter(context(), identity, reference, neighbour_id, body)


@api.route(
    f"{BASE}/consultees",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Consult someone (emailed a link at once if consultation has started)",
    body="bops.services.consultation:NewConsultee",
    response="bops.services.consultation:ConsultationView",
    status=201,
)
def add_consultee(identity: Identity, reference: str, body: consultation.NewConsultee) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.add_consultee(context(), identity, reference, body)


@api.route(
    f"{BASE}/consultees/{{consultee_id}}/resend",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Email a consultee a new link (the old one stops working), with a reason kept in their history",
    body="bops.services.consultation:ConsulteeAgain",
    response="bops.services.consultation:ConsultationView",
)
def resend_consultee(
    identity: Identity, reference: str, consultee_id: str, body: consultation.ConsulteeAgain
) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.resend_consultee(context(), identity, reference, consultee_id, body)


@api.route(
    f"{BASE}/consultees/{{consultee_id}}/reconsult",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Consult a consultee again (e.g. amended plans): a new period from today; earlier responses kept",
    body="bops.services.consultation:Reconsultation",
    response="bops.services.consultation:ConsultationView",
)
def reconsult(
    identity: Identity, reference: str, consultee_id: str, body: consultation.Reconsultation
) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.reconsult(context(), identity, reference, consultee_id, body)


@api.route(
    f"{BASE}/notices",
    "PUT",
    auth=officer(*CASE_OFFICERS),
    summary="Plan the notices: whether a site and a press notice are required, how many, who puts them up",
    body="bops.services.consultation:NoticePlans",
    response="bops.services.consultation:ConsultationView",
)
def plan_notices(identity: Identity, reference: str, body: consultation.NoticePlans) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.plan_notices(context(), identity, reference, body)


@api.route(
    f"{BASE}/site-notice",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Record that the site notice was displayed, with photo evidence",
    body="bops.services.consultation:SiteNoticeRecord",
    response="bops.services.consultation:ConsultationView",
)
def site_notice(
    identity: Identity, reference: str, body: consultation.SiteNoticeRecord
) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.record_site_notice(context(), identity, reference, body)


@api.route(
    f"{BASE}/press-notice",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Record that the press notice was published, with evidence",
    body="bops.services.consultation:PressNoticeRecord",
    response="bops.services.consultation:ConsultationView",
)
def press_notice(
    identity: Identity, reference: str, body: consultation.PressNoticeRecord
) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.record_press_notice(context(), identity, reference, body)


@api.route(
    f"{BASE}/consultation/extension",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Extend the consultation by 1 to 99 days, with a reason",
    body="bops.services.consultation:ExtensionRequest",
    response="bops.services.consultation:ConsultationView",
)
def extend(identity: Identity, reference: str, body: consultation.ExtensionRequest) -> consultation.ConsultationView:
    from bops.services import consultation

    return consultation.extend(context(), identity, reference, body)


@api.route(
    f"{BASE}/comments",
    "GET",
    auth=officer(),
    summary="Public comments as received, with their redactions",
    response="bops.services.consultation:CommentList",
)
def comments(identity: Identity, reference: str) -> consultation.CommentList:
    from bops.services import consultation

    return consultation.list_comments(context(), identity, reference)


@api.route(
    f"{BASE}/comments/{{comment_id}}/redaction",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Approve a comment for publication as redacted (only this version is ever public)",
    body="bops.services.consultation:RedactionRequest",
    response="bops.services.consultation:CommentList",
)
def redact(
    identity: Identity, reference: str, comment_id: str, body: consultation.RedactionRequest
) -> consultation.CommentList:
    from bops.services import consultation

    return consultation.redact_comment(context(), identity, reference, comment_id, body)


@api.route(
    "/api/v1/consultee/consultation",
    "GET",
    auth=CONSULTEE,
    summary="The consultee's view of the application they were consulted on",
    response="bops.services.consultation:ConsulteeView",
)
def consultee_view(identity: Identity) -> consultation.ConsulteeView:
    from bops.services import consultation

    return consultation.consultee_view(context(), identity)


@api.route(
    "/api/v1/consultee/response",
    "POST",
    auth=CONSULTEE,
    summary="The consultee's response: approved, amendments needed or objected, with attachments",
    body="bops.services.consultation:ConsulteeResponse",
    response="bops.services.consultation:ConsulteeView",
)
def consultee_respond(identity: Identity, body: consultation.ConsulteeResponse) -> consultation.ConsulteeView:
    from bops.services import consultation

    return consultation.consultee_respond(context(), identity, body)


@api.route(
    "/api/v1/consultee/documents/{document_id}",
    "GET",
    auth=CONSULTEE,
    summary="A short-lived link to one of the application's published documents (?disposition=inline to view)",
    response="bops.services.documents:PublicDocumentLink",
    query=(DISPOSITION,),
)
def consultee_document(identity: Identity, document_id: str, query: dict[str, Any]) -> documents.PublicDocumentLink:
    from bops.services import consultation, documents

    consultation.consultee_view(context(), identity)  # the link still leads to an open consultation
    return documents.consultee_download(
        context(), identity.council, identity.name, document_id, documents.disposition_of(query)
    )


@api.route(
    "/api/v1/consultee/uploads",
    "POST",
    auth=CONSULTEE,
    summary="Upload an attachment for the response straight to storage (a presigned POST)",
    body="bops.services.documents:UploadRequest",
    response="bops.services.documents:UploadCreated",
    status=201,
)
def consultee_upload(identity: Identity, body: documents.UploadRequest) -> documents.UploadCreated:
    from bops.services import consultation, documents

    consultation.consultee_view(context(), identity)
    return documents.request_upload(context(), identity, identity.name, body)
