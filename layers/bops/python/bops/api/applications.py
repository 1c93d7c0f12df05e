"""The officer API for planning applications."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from bops.api.routing import Api, QueryParam
from bops.auth import Identity, officer, officer_or_integrator
from bops.domain.errors import FieldError, InvalidRequest
from bops.services import cases
from bops.services.context import context

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="applications")

STATUSES = (
    "pending", "not_started", "invalidated", "in_assessment", "assessment_in_progress", "awaiting_determination",
    "in_committee", "to_be_reviewed", "determined", "withdrawn", "returned", "closed",
)


def _limit(query: dict[str, str]) -> int:
    raw = query.get("limit", "20")
    if not raw.isdigit() or not 1 <= int(raw) <= cases.MAX_PAGE:
        raise InvalidRequest("limit must be a whole number from 1 to 100", fields=[FieldError("limit", "1..100")])
    return int(raw)


@api.route(
    "/api/v1/applications",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="Applications of the caller's council, newest first",
    response=cases.ApplicationList,
    query=(
        QueryParam("status", "Only applications in this status", {"type": "string", "enum": list(STATUSES)}),
        QueryParam("limit", "Page size, 1 to 100 (default 20)", {"type": "integer", "minimum": 1, "maximum": 100}),
        QueryParam("cursor", "The next_cursor of the previous page"),
    ),
)
def list_applications(identity: Identity, query: dict[str, Any]) -> cases.ApplicationList:
    status = query.get("status")
    if status is not None and status not in STATUSES:
        raise InvalidRequest(f"Unknown status {status!r}", fields=[FieldError("status", "unknown status")])
    return cases.list_applications(context(), identity, status=status, limit=_limit(query), cursor=query.get("cursor"))


@api.route(
    "/api/v1/applications/{reference}",
    "GET",
    auth=officer_or_integrator("application:read"),
    summary="One application with its documents and audit trail",
    response=cases.ApplicationDetail,
)
def get_application(identity: Identity, reference: str) -> cases.ApplicationDetail:
    return cases.get_application(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/validation-decision",
    "POST",
    auth=officer("assessor"),
    summary="Mark the application valid or invalid; resumes its workflow",
    body=cases.ValidationDecision,
    response=cases.ApplicationDetail,
)
def validation_decision(identity: Identity, reference: str, body: cases.ValidationDecision) -> cases.ApplicationDetail:
    return cases.decide_validation(context(), identity, reference, body)
