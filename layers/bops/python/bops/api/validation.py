"""Validation: the officers' side (report, requests) and the applicant's side (by secure link)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import APPLICANT, PUBLIC, Identity, officer
from bops.services.context import context

if TYPE_CHECKING:
    from chalice import Response

    from bops.services import documents, fee_payments, validation

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="validation")
CASE_OFFICERS = ("assessor", "reviewer", "administrator")


@api.route(
    "/api/v1/applications/{reference}/validation-report",
    "GET",
    auth=officer(),
    summary="The automated checks made on arrival: one line per check, with outcome and evidence",
    response="bops.services.validation:ValidationReportView",
)
def validation_report(identity: Identity, reference: str) -> validation.ValidationReportView:
    from bops.services import validation

    return validation.report(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/validation-requests",
    "GET",
    auth=officer(),
    summary="The application's validation requests (drafted, sent, answered, cancelled)",
    response="bops.services.validation:RequestList",
)
def list_requests(identity: Identity, reference: str) -> validation.RequestList:
    from bops.services import validation

    return validation.list_requests(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/validation-requests",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Make a validation request: kept to send on invalidation, or sent at once once validated",
    body="bops.services.validation:NewRequest",
    response="bops.services.validation:RequestView",
    status=201,
)
def create_request(identity: Identity, reference: str, body: validation.NewRequest) -> validation.RequestView:
    from bops.services import validation

    return validation.create_request(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/validation-requests/{request_id}",
    "PUT",
    auth=officer(*CASE_OFFICERS),
    summary="Edit a validation request not yet sent",
    body="bops.services.validation:EditRequest",
    response="bops.services.validation:RequestView",
)
def edit_request(
    identity: Identity, reference: str, request_id: str, body: validation.EditRequest
) -> validation.RequestView:
    from bops.services import validation

    return validation.edit_request(context(), identity, reference, request_id, body)


@api.route(
    "/api/v1/applications/{reference}/validation-requests/{request_id}/cancellation",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Cancel a validation request (or discard a draft), with a reason",
    body="bops.services.validation:Cancellation",
    response="bops.services.validation:RequestView",
)
def cancel_request(
    identity: Identity, reference: str, request_id: str, body: validation.Cancellation
) -> validation.RequestView:
    from bops.services import validation

    return validation.cancel_request(context(), identity, reference, request_id, body)


@api.route(
    "/api/v1/outbox",
    "GET",
    auth=officer(),
    summary="Emails the system has sent for the council (the local outbox; not available with GOV.UK Notify)",
    response="bops.services.validation:Outbox",
)
def outbox(identity: Identity) -> validation.Outbox:
    from bops.services import validation

    return validation.outbox(context(), identity)


@api.route(
    "/api/v1/applicant/request",
    "GET",
    auth=APPLICANT,
    summary="The applicant's view of the validation request their link is for",
    response="bops.services.validation:ApplicantView",
)
def applicant_request(identity: Identity) -> validation.ApplicantView:
    from bops.services import validation

    return validation.applicant_view(context(), identity)


@api.route(
    "/api/v1/applicant/request/response",
    "POST",
    auth=APPLICANT,
    summary="Answer the request: approve or reject (with a reason), text, or uploaded documents",
    body="bops.services.validation:ApplicantResponse",
    response="bops.services.validation:ApplicantView",
)
def applicant_respond(identity: Identity, body: validation.ApplicantResponse) -> validation.ApplicantView:
    from bops.services import validation

    return validation.applicant_respond(context(), identity, body)


@api.route(
    "/api/v1/applicant/request/uploads",
    "POST",
    auth=APPLICANT,
    summary="Upload a document for the request straight to storage (a presigned POST)",
    body="bops.services.documents:UploadRequest",
    response="bops.services.documents:UploadCreated",
    status=201,
)
def applicant_upload(identity: Identity, body: documents.UploadRequest) -> documents.UploadCreated:
    from bops.services import documents, validation

    validation.applicant_view(context(), identity)  # the link must still be live
    return documents.request_upload(context(), identity, identity.name, body)


# --- the fee: agreed is not paid --------------------------------------------------------------------
@api.route(
    "/api/v1/applications/{reference}/fee",
    "GET",
    auth=officer(),
    summary="The fee asked beyond the submission: due, agreed or paid, with the payments recorded",
    response="bops.services.fee_payments:FeeView",
)
def fee(identity: Identity, reference: str) -> fee_payments.FeeView:
    from bops.services import fee_payments

    return fee_payments.get_fee(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/fee-payments",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Record a payment of the fee received outside BoPS (card by phone, bank transfer, cheque, cash)",
    body="bops.services.fee_payments:PaymentRecord",
    response="bops.services.fee_payments:FeeView",
    status=201,
)
def record_fee_payment(identity: Identity, reference: str, body: fee_payments.PaymentRecord) -> fee_payments.FeeView:
    from bops.services import validation

    return validation.record_fee_payment(context(), identity, reference, body)


@api.route(
    "/api/v1/applications/{reference}/fee-payments/online-check",
    "POST",
    auth=officer(*CASE_OFFICERS),
    summary="Ask the payment provider about the applicant's online payment, and record it if it was paid",
    response="bops.services.fee_payments:FeeView",
)
def check_online_payment(identity: Identity, reference: str) -> fee_payments.FeeView:
    from bops.services import fee_payments

    return fee_payments.check_online_payment(context(), identity, reference)


@api.route(
    "/api/v1/fee-payments/{council}/{reference}/return",
    "GET",
    auth=PUBLIC,
    summary="Where the payment provider sends the payer back: the payment is looked up there, and recorded if paid",
    status=303,
)
def payment_return(_identity: Identity | None, council: str, reference: str) -> Response:
    from bops.services import fee_payments

    return _see_other(fee_payments.payment_returned(context(), council, reference))


@api.route(
    "/api/v1/local/payments/{council}/{payment_id}",
    "GET",
    auth=PUBLIC,
    summary="The local run's stand-in for GOV.UK Pay's payment page: pays, then returns (404 with GOV.UK Pay)",
    status=303,
)
def local_payment_page(_identity: Identity | None, council: str, payment_id: str) -> Response:
    from bops.services import fee_payments

    return _see_other(fee_payments.complete_local_payment(context(), council, payment_id))


def _see_other(location: str) -> Response:
    from chalice import Response

    from bops.api.routing import SECURITY_HEADERS

    return Response(body="", status_code=303, headers={**SECURITY_HEADERS, "Location": location})
