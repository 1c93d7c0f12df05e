"""Consultation: the officers' side and the consultees' side (by secure link)."""

from __future__ import annotations

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import CONSULTEE, Identity, officer
from bops.services import consultation, documents
from bops.services.context import context

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="consultation")
CASE_OFFICERS = ("assessor", "reviewer", "administrator")
BASE = "/api/v1/applications/{reference}"


@api.route(
    f"{BASE}/consultation",
    "GET",
    auth=officer(),
    summary="The consultation: dates, notices, counts",
    response=consultation.ConsultationView,
)
def view(identity: Identity, reference: str) -> consultation.ConsultationView:
    return consultation.view(context(), identity, reference)


@api.route(
    f"{BASE}/consultation",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Start consultation: letters and emails go out, the end date is set",
    response=consultation.ConsultationView,
)
def start(identity: Identity, reference: str) -> consultation.ConsultationView:
    return consultation.start(context(), identity, reference)


@api.route(
    f"{BASE}/neighbours",
    "GET",
    auth=officer(),
    summary="Neighbours to be consulted, with their letters",
    response=consultation.NeighbourList,
)
def neighbours(identity: Identity, reference: str) -> consultation.NeighbourList:
    return consultation.list_neighbours(context(), identity, reference)


@api.route(
    f"{BASE}/neighbours",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Add neighbours: one address by hand, or every address within a radius or a drawn polygon",
    body=consultation.NeighbourSelection,
    response=consultation.NeighbourList,
    errors={
        "502": "The address service (OS Places) refused the search: add neighbours by hand meanwhile",
        "503": "The address service (OS Places) is unavailable: try again",
    },
)
def add_neighbours(
    identity: Identity, reference: str, body: consultation.NeighbourSelection
) -> consultation.NeighbourList:
    return consultation.add_neighbours(context(), identity, reference, body)


@api.route(
    f"{BASE}/neighbours/{{neighbour_id}}/resend",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Send a neighbour's letter again (the reason is shown on the letter)",
    body=consultation.Resend,
    response=consultation.NeighbourList,
)
def resend(
    identity: Identity, reference: str, neighbour_id: str, body: consultation.Resend
) -> consultation.NeighbourList:
    return consultation.resend_letter(context(), identity, reference, neighbour_id, body)


@api.route(
    f"{BASE}/consultees",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Consult someone (emailed a link at once if consultation has started)",
    body=consultation.NewConsultee,
    response=consultation.ConsultationView,
    status=201,
)
def add_consultee(identity: Identity, reference: str, body: consultation.NewConsultee) -> consultation.ConsultationView:
    return consultation.add_consultee(context(), identity, reference, body)


@api.route(
    f"{BASE}/consultees/{{consultee_id}}/resend",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Email a consultee a new link (the old one stops working), with a reason kept in their history",
    body=consultation.ConsulteeAgain,
    response=consultation.ConsultationView,
)
def resend_consultee(
    identity: Identity, reference: str, consultee_id: str, body: consultation.ConsulteeAgain
) -> consultation.ConsultationView:
    return consultation.resend_consultee(context(), identity, reference, consultee_id, body)


@api.route(
    f"{BASE}/consultees/{{consultee_id}}/reconsult",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Consult a consultee again (e.g. amended plans): a new period from today; earlier responses kept",
    body=consultation.Reconsultation,
    response=consultation.ConsultationView,
)
def reconsult(
    identity: Identity, reference: str, consultee_id: str, body: consultation.Reconsultation
) -> consultation.ConsultationView:
    return consultation.reconsult(context(), identity, reference, consultee_id, body)


@api.route(
    f"{BASE}/notices",
    "PUT",
    auth=officer(*CASE_OFFICERS),
    summary="Plan the notices: whether a site and a press notice are required, how many, who puts them up",
    body=consultation.NoticePlans,
    response=consultation.ConsultationView,
)
def plan_notices(identity: Identity, reference: str, body: consultation.NoticePlans) -> consultation.ConsultationView:
    return consultation.plan_notices(context(), identity, reference, body)


@api.route(
    f"{BASE}/site-notice",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Record that the site notice was displayed, with photo evidence",
    body=consultation.SiteNoticeRecord,
    response=consultation.ConsultationView,
)
def site_notice(
    identity: Identity, reference: str, body: consultation.SiteNoticeRecord
) -> consultation.ConsultationView:
    return consultation.record_site_notice(context(), identity, reference, body)


@api.route(
    f"{BASE}/press-notice",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Record that the press notice was published, with evidence",
    body=consultation.PressNoticeRecord,
    response=consultation.ConsultationView,
)
def press_notice(
    identity: Identity, reference: str, body: consultation.PressNoticeRecord
) -> consultation.ConsultationView:
    return consultation.record_press_notice(context(), identity, reference, body)


@api.route(
    f"{BASE}/consultation/extension",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Extend the consultation by 1 to 99 days, with a reason",
    body=consultation.ExtensionRequest,
    response=consultation.ConsultationView,
)
def extend(identity: Identity, reference: str, body: consultation.ExtensionRequest) -> consultation.ConsultationView:
    return consultation.extend(context(), identity, reference, body)


@api.route(
    f"{BASE}/comments",
    "GET",
    auth=officer(),
    summary="Public comments as received, with their redactions",
    response=consultation.CommentList,
)
def comments(identity: Identity, reference: str) -> consultation.CommentList:
    return consultation.list_comments(context(), identity, reference)


@api.route(
    f"{BASE}/comments/{{comment_id}}/redaction",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Approve a comment for publication as redacted (only this version is ever public)",
    body=consultation.RedactionRequest,
    response=consultation.CommentList,
)
def redact(
    identity: Identity, reference: str, comment_id: str, body: consultation.RedactionRequest
) -> consultation.CommentList:
    return consultation.redact_comment(context(), identity, reference, comment_id, body)


@api.route(
    "/api/v1/consultee/consultation",
    "GET",
    auth=CONSULTEE,
    summary="The consultee's view of the application they were consulted on",
    response=consultation.ConsulteeView,
)
def consultee_view(identity: Identity) -> consultation.ConsulteeView:
    return consultation.consultee_view(context(), identity)


@api.route(
    "/api/v1/consultee/response",
    "POST",
    auth=CONSULTEE,
    summary="The consultee's response: approved, amendments needed or objected, with attachments",
    body=consultation.ConsulteeResponse,
    response=consultation.ConsulteeView,
)
def consultee_respond(identity: Identity, body: consultation.ConsulteeResponse) -> consultation.ConsulteeView:
    return consultation.consultee_respond(context(), identity, body)


@api.route(
    "/api/v1/consultee/uploads",
    "POST",
    auth=CONSULTEE,
    summary="Upload an attachment for the response straight to storage (a presigned POST)",
    body=documents.UploadRequest,
    response=documents.UploadCreated,
    status=201,
)
def consultee_upload(identity: Identity, body: documents.UploadRequest) -> documents.UploadCreated:
    consultation.consultee_view(context(), identity)
    return documents.request_upload(context(), identity, identity.name, body)
