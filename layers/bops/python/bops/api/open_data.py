"""National open data: links to a council's open data files (the MHCLG planning application data
specification's datasets as CSV and JSON, and the field list with the licence). Public."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import PUBLIC, Identity
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import open_data

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="public")


@api.route(
    "/api/v1/public/{council}/open-data",
    "GET",
    auth=PUBLIC,
    summary="Short-lived links to the council's open data files (planning application data specification, OGL v3.0)",
    response="bops.services.open_data:OpenDataCatalogue",
)
def catalogue(_identity: Identity | None, council: str) -> open_data.OpenDataCatalogue:
    from bops.services import open_data

    return open_data.public_catalogue(context(), council)
