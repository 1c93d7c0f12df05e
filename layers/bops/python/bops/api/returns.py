"""Statutory returns: PS1 and PS2 for a quarter (JSON, or CSV with ?format=csv), for administrators; the
PS2 development types; and a case's development type (Q-code), which officers set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from bops.api.routing import SECURITY_HEADERS, Api, QueryParam
from bops.auth import Identity, officer
from bops.domain.errors import FieldError, InvalidRequest
from bops.services.context import context

if TYPE_CHECKING:
    from bops.domain import returns as rules
    from bops.services import returns

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="returns")

QUARTER = QueryParam(
    "quarter",
    "The calendar quarter, e.g. 2026Q4 (October to December 2026)",
    {"type": "string", "pattern": "^(20[0-9]{2}|2100)Q[1-4]$"},
    required=True,
)
FORMAT = QueryParam("format", "json (default) or csv", {"type": "string", "enum": ["json", "csv"]})


def _format(query: dict[str, Any]) -> str:
    fmt = query.get("format", "json")
    if fmt not in ("json", "csv"):
        raise InvalidRequest("format must be json or csv", fields=[FieldError("format", "json or csv")])
    return str(fmt)


def _csv(text: str, name: str) -> Any:
    from chalice import Response

    headers: dict[str, str | list[str]] = {
        **SECURITY_HEADERS,
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    return Response(body=text, status_code=200, headers=headers)


@api.route(
    "/api/v1/council/returns/ps1",
    "GET",
    auth=officer("administrator"),
    summary="The PS1 return for a quarter: applications received and decided, prior approvals, enforcement",
    response="bops.domain.returns:Ps1",
    content_type="text/csv",
    query=(QUARTER, FORMAT),
)
def ps1(identity: Identity, query: dict[str, Any]) -> rules.Ps1 | Any:
    from bops.domain import returns as rules
    from bops.services import returns

    fmt = _format(query)
    report = returns.ps1(context(), identity, query.get("quarter", ""))
    return _csv(rules.ps1_csv(report), f"PS1-{report.quarter}.csv") if fmt == "csv" else report


@api.route(
    "/api/v1/council/returns/ps2",
    "GET",
    auth=officer("administrator"),
    summary="The PS2 return for a quarter: decisions by development type (Q-code), in time, delegated, granted",
    response="bops.domain.returns:Ps2",
    content_type="text/csv",
    query=(QUARTER, FORMAT),
)
def ps2(identity: Identity, query: dict[str, Any]) -> rules.Ps2 | Any:
    from bops.domain import returns as rules
    from bops.services import returns

    fmt = _format(query)
    report = returns.ps2(context(), identity, query.get("quarter", ""))
    return _csv(rules.ps2_csv(report), f"PS2-{report.quarter}.csv") if fmt == "csv" else report


@api.route(
    "/api/v1/council/returns/development-types",
    "GET",
    auth=officer(),
    summary="The PS2 development types (Q-codes) and each application type's default",
    response="bops.services.returns:DevelopmentTypes",
)
def development_types(_identity: Identity) -> returns.DevelopmentTypes:
    from bops.services import returns

    return returns.development_types()


@api.route(
    "/api/v1/applications/{reference}/development-type",
    "GET",
    auth=officer(),
    summary="The case's PS2 development type (the officer's, else the application type's default)",
    response="bops.services.returns:CaseDevelopmentType",
)
def get_development_type(identity: Identity, reference: str) -> returns.CaseDevelopmentType:
    from bops.services import returns

    return returns.get_development_type(context(), identity, reference)


@api.route(
    "/api/v1/applications/{reference}/development-type",
    "PUT",
    auth=officer(),
    summary="Set the case's PS2 development type (audited)",
    body="bops.services.returns:DevelopmentTypeChange",
    response="bops.services.returns:CaseDevelopmentType",
)
def set_development_type(
    identity: Identity, reference: str, body: returns.DevelopmentTypeChange
) -> returns.CaseDevelopmentType:
    from bops.services import returns

    return returns.set_development_type(context(), identity, reference, body)
