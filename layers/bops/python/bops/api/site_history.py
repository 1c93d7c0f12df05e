"""Site history: the council's records from its previous system (imported as CSV by an administrator),
earlier applications at a site, and an application's reference in the previous system."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api, QueryParam
from bops.auth import Identity, officer

if TYPE_CHECKING:
    from bops.services import cases
    from bops.services import site_history as history

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="site history")


@api.route(
    "/api/v1/council/site-history/import",
    "POST",
    auth=officer("administrator"),
    summary="Import applications from the council's previous system (CSV as text in the csv field); each row "
    "is checked (422 naming its row and column: nothing is stored then); idempotent on the old reference",
    body="bops.services.site_history:SiteHistoryImport",
    response="bops.services.site_history:SiteHistoryImported",
)
def import_site_history(identity: Identity, body: history.SiteHistoryImport) -> history.SiteHistoryImported:
    from bops.services import site_history as history
    from bops.services.context import context

    return history.import_records(context(), identity.council, body, imported_by=identity.actor)


@api.route(
    "/api/v1/council/site-history",
    "GET",
    auth=officer(),
    summary="Earlier applications at a site (the same UPRN, else the same address): the council's own cases "
    "and the imported records of its previous system",
    response="bops.services.site_history:SiteHistoryList",
    query=(
        QueryParam("uprn", "The site's UPRN", {"type": "string", "pattern": "^[0-9]{1,12}$"}),
        QueryParam("address", "The site's address with its postcode (used when records have no UPRN)"),
    ),
)
def list_site_history(identity: Identity, query: dict[str, str]) -> history.SiteHistoryList:
    from bops.services import site_history as history
    from bops.services.context import context

    return history.list_history(context(), identity, query)


@api.route(
    "/api/v1/applications/{reference}/alternative-reference",
    "PUT",
    auth=officer("assessor", "reviewer", "administrator"),
    summary="Record the application's reference in the council's previous system (null clears it)",
    body="bops.services.site_history:AlternativeReference",
    response="bops.services.cases:ApplicationDetail",
)
def set_alternative_reference(
    identity: Identity, reference: str, body: history.AlternativeReference
) -> cases.ApplicationDetail:
    from bops.services import site_history as history
    from bops.services.context import context

    return history.set_alternative_reference(context(), identity, reference, body)
