"""Council administrators manage their integrators' API tokens and the council's local validation list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, officer
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import councils

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="api tokens")


@api.route(
    "/api/v1/tokens",
    "POST",
    auth=officer("administrator"),
    summary="Create an API token for an integrator; the token is shown once",
    body="bops.services.councils:TokenRequest",
    response="bops.services.councils:TokenCreated",
    status=201,
)
def create_token(identity: Identity, body: councils.TokenRequest) -> councils.TokenCreated:
    from bops.services import councils

    return councils.create_token(context(), identity.council, body, created_by=identity.actor)


@api.route(
    "/api/v1/tokens",
    "GET",
    auth=officer("administrator"),
    summary="The council's API tokens (never the tokens themselves)",
    response="bops.services.councils:TokenList",
)
def list_tokens(identity: Identity) -> councils.TokenList:
    from bops.services import councils

    return councils.list_tokens(context(), identity.council)


@api.route(
    "/api/v1/tokens/{token_id}",
    "DELETE",
    auth=officer("administrator"),
    summary="Revoke an API token at once",
    response="bops.services.councils:TokenInfo",
)
def revoke_token(identity: Identity, token_id: str) -> councils.TokenInfo:
    from bops.services import councils

    return councils.revoke_token(context(), identity.council, token_id, revoked_by=identity.actor)


@api.route(
    "/api/v1/council/local-list",
    "GET",
    auth=officer(),
    summary="The council's local validation list: documents required beyond the national list",
    response="bops.services.councils:LocalListView",
)
def local_list(identity: Identity) -> councils.LocalListView:
    from bops.services import councils

    return councils.get_local_list(context(), identity.council)


@api.route(
    "/api/v1/council/local-list",
    "PUT",
    auth=officer("administrator"),
    summary="Replace the council's local validation list (used by the checks on applications arriving from now)",
    raw_body=True,
    raw_schema="bops.domain.validation_checks:LocalList",
    response="bops.services.councils:LocalListView",
)
def set_local_list(identity: Identity, raw: bytes) -> councils.LocalListView:
    from bops.api.routing import parse_object
    from bops.services import councils

    return councils.set_local_list(context(), identity.council, parse_object(raw), changed_by=identity.actor)
