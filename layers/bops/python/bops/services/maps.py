"""What the maps draw: the basemap to draw on, and a case's site and red line boundary.

The red line is the one the applicant drew (``data.proposal.boundary.site`` of the submission, kept
verbatim in storage) until a red line boundary change is accepted: then the case's ``red_line_boundary``.
The neighbours drawn on the consultation map come from the neighbours list (``GET .../neighbours``).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC
from typing import Any, Literal

from pydantic import Field

from bops.domain.errors import InvalidRequest
from bops.domain.neighbours import polygons_of
from bops.model import Model
from bops.services.context import Context

logger = logging.getLogger("bops.services.maps")


class MapConfig(Model):
    basemap: Literal["os"] | None = Field(
        None, description="The basemap to draw under the geometry: Ordnance Survey's, or none (a plain background)"
    )
    tiles_url: str | None = Field(None, description="The basemap's tile URL template ({z}/{x}/{y}), with its key")
    attribution: str | None = Field(None, description="The basemap's copyright line, to show on the map")
    min_zoom: int | None = None
    max_zoom: int | None = None


class MapSite(Model):
    address: str
    latitude: float | None = None
    longitude: float | None = None


class CaseMap(Model):
    reference: str
    site: MapSite
    red_line: dict[str, Any] | None = Field(
        None, description="The red line boundary: a GeoJSON Polygon or MultiPolygon (or a Feature of one), WGS 84"
    )
    red_line_source: Literal["submission", "change"] | None = Field(
        None, description="Drawn by the applicant in the submission, or from an accepted red line boundary change"
    )


def map_config(ctx: Context, council: str) -> MapConfig:
    """The basemap for the council's maps: OS tiles when the council (or every council) has an OS Maps
    API key, else none."""
    from bops.adapters import os_maps

    key = os_maps.api_key(council)
    if not key:
        return MapConfig()
    year = ctx.clock.now().astimezone(UTC).year
    return MapConfig(
        basemap="os",
        tiles_url=os_maps.tiles_url(key),
        attribution=os_maps.ATTRIBUTION.format(year=year),
        min_zoom=os_maps.MIN_ZOOM,
        max_zoom=os_maps.MAX_ZOOM,
    )


def _boundary(value: Any) -> dict[str, Any] | None:
    """The value when it is a drawable (Multi)Polygon, else None (a map without a red line, not an error)."""
    if not isinstance(value, dict):
        return None
    try:
        polygons_of(value)
    except InvalidRequest:
        return None
    return value


def _submitted_red_line(ctx: Context, case: dict[str, Any]) -> dict[str, Any] | None:
    key = case.get("submission_key")
    if not key:
        return None
    try:
        data = json.loads(ctx.storage.read(key)).get("data") or {}
    except (ValueError, AttributeError, LookupError):
        return None
    except Exception as error:  # storage unreachable: the map still shows the site
        logger.warning("maps: cannot read the submission of a case (%s)", type(error).__name__)
        return None
    proposal = data.get("proposal") if isinstance(data, dict) else None
    boundary = proposal.get("boundary") if isinstance(proposal, dict) else None
    return _boundary(boundary.get("site")) if isinstance(boundary, dict) else None


def map_of(ctx: Context, case: dict[str, Any]) -> CaseMap:
    site = case.get("site") or {}
    changed = _boundary(case.get("red_line_boundary"))
    red_line = changed or _submitted_red_line(ctx, case)
    return CaseMap(
        reference=case["reference"],
        site=MapSite(address=site.get("address", ""), latitude=site.get("latitude"), longitude=site.get("longitude")),
        red_line=red_line,
        red_line_source=("change" if changed else "submission") if red_line else None,
    )


def case_map(ctx: Context, council: str, reference: str) -> CaseMap:
    """The officer's map of a case."""
    from bops.services.cases import load_case

    return map_of(ctx, load_case(ctx, council, reference))


def public_case_map(ctx: Context, council: str, reference: str) -> CaseMap:
    """The public register's map of a published application (404 for one not published)."""
    from bops.services.consultation import published_case

    return map_of(ctx, published_case(ctx, council, reference))
