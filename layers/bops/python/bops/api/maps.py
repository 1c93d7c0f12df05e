"""Maps: the basemap's settings (the OS Maps API key, from Secrets Manager, never in the site's files) and
the geometry a case's maps draw (its site and red line boundary)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import APPLICANT, PUBLIC, Identity, officer
from bops.domain.errors import NotFound
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import maps

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="maps")


@api.route(
    "/api/v1/map/config",
    "GET",
    auth=officer(),
    summary="The basemap for the council's maps: Ordnance Survey tiles with their key, or none (a plain background)",
    response="bops.services.maps:MapConfig",
)
def config(identity: Identity) -> maps.MapConfig:
    from bops.services import maps

    return maps.map_config(context(), identity.council)


@api.route(
    "/api/v1/public/{council}/map/config",
    "GET",
    auth=PUBLIC,
    summary="The basemap for the council's public maps (the register, the applicant's pages)",
    response="bops.services.maps:MapConfig",
)
def public_config(_identity: Identity | None, council: str) -> maps.MapConfig:
    from bops.services import maps

    ctx = context()
    if not council.replace("-", "").isalnum() or ctx.repo.councils.get(council) is None:
        raise NotFound(f"No council {council}")
    return maps.map_config(ctx, council)


@api.route(
    "/api/v1/applicant/map/config",
    "GET",
    auth=APPLICANT,
    summary="The basemap for the applicant's page (a red line boundary change drawn on a map)",
    response="bops.services.maps:MapConfig",
)
def applicant_config(identity: Identity) -> maps.MapConfig:
    from bops.services import maps

    return maps.map_config(context(), identity.council)


@api.route(
    "/api/v1/applications/{reference}/map",
    "GET",
    auth=officer(),
    summary="What the case's maps draw: the site and its red line boundary",
    response="bops.services.maps:CaseMap",
)
def case_map(identity: Identity, reference: str) -> maps.CaseMap:
    from bops.services import maps

    return maps.case_map(context(), identity.council, reference)


@api.route(
    "/api/v1/public/{council}/applications/{reference}/map",
    "GET",
    auth=PUBLIC,
    summary="A published application's site and red line boundary",
    response="bops.services.maps:CaseMap",
)
def public_case_map(_identity: Identity | None, council: str, reference: str) -> maps.CaseMap:
    from bops.services import maps

    return maps.public_case_map(context(), council, reference)
