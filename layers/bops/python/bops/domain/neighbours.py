"""Neighbours: addresses to send letters to, and how to pick them. Pure geometry, no I/O.

An officer adds neighbours by hand (an ``Address``), or selects them from an address source:
within a radius of the site (``within_radius``: great-circle distance by the haversine formula), or inside
a polygon drawn on the map (``within_polygon``: ray casting on longitude/latitude; GeoJSON Polygon with
holes, MultiPolygon, or a Feature holding one). The ``AddressSource`` port has two adapters: OS Places in
AWS (``bops.adapters.os_places``; ``bops.adapters.addresses`` picks one by configuration) and
``LocalAddressSource`` over the bundled synthetic demo data set (``data/demo_addresses.json``, made up for
the demo: not real addresses apart from the demo sites).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Protocol

from pydantic import ConfigDict, Field, field_validator

from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

#: Mean radius of the Earth (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8
#: The largest radius an officer may search (a bigger area is drawn as a polygon).
MAX_RADIUS_M = 2_000

POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
#: What ``normalise_postcode`` accepts, for the OpenAPI description: any case, spaces anywhere.
POSTCODE_SCHEMA_PATTERN = r"^\s*[A-Za-z]\s*(?:[A-Za-z]\s*)?[0-9]\s*(?:[A-Za-z0-9]\s*)?[0-9]\s*[A-Za-z]\s*[A-Za-z]\s*$"


def normalise_postcode(value: str) -> str:
    """``sw99rz`` -> ``SW9 9RZ``; ``ValueError`` for something that is not a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = POSTCODE_PATTERN.match(compact)
    if not match:
        raise ValueError("must be a UK postcode")
    return f"{match.group(1)} {match.group(2)}"


class Address(Model):
    """A postal address. ``uprn`` (Unique Property Reference Number) and the coordinates are unknown for
    an address typed in by hand; such an address is never picked by radius or polygon."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    uprn: str | None = Field(default=None, pattern=r"^[0-9]{1,12}$")
    single_line: str = Field(min_length=1, max_length=500)
    postcode: str = Field(json_schema_extra={"pattern": POSTCODE_SCHEMA_PATTERN})
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        return normalise_postcode(value)

    @field_validator("lat", "lon")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def key(self) -> str:
        """Identifies the address in a list of neighbours: the UPRN, else the normalised text."""
        return self.uprn or re.sub(r"\W+", " ", self.single_line.upper()).strip()


# --- distance and radius ---------------------------------------------------------------------------


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two WGS 84 points, in metres (haversine, spherical Earth)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def within_radius(site_lat: float, site_lon: float, addresses: Iterable[Address], metres: float) -> list[Address]:
    """The located addresses at most ``metres`` from the site, nearest first (ties by address).

    Raises ``InvalidRequest`` (field ``metres``) for a negative, non-finite or too large radius.
    """
    if (
        isinstance(metres, bool)
        or not isinstance(metres, int | float)
        or not math.isfinite(metres)
        or not 0 <= metres <= MAX_RADIUS_M
    ):
        raise InvalidRequest(
            "The radius is not valid", fields=[FieldError("metres", f"must be from 0 to {MAX_RADIUS_M} metres")]
        )
    found = []
    for address in addresses:
        if address.lat is None or address.lon is None:
            continue
        d = distance_m(site_lat, site_lon, address.lat, address.lon)
        if d <= metres:
            found.append((d, address.single_line, address))
    found.sort(key=lambda x: (x[0], x[1]))
    return [a for _, _, a in found]


# --- polygons --------------------------------------------------------------------------------------

Ring = Sequence[Sequence[float]]
Polygon = Sequence[Ring]


def polygons_of(geojson: Mapping[str, Any]) -> list[Polygon]:
    """The polygons (outer ring first, then holes) in a GeoJSON Polygon, MultiPolygon or a Feature of one.

    Raises ``InvalidRequest`` (field ``polygon``) for anything else or a malformed ring.
    """
    geometry = geojson
    if isinstance(geometry, Mapping) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")  # type: ignore[assignment]
    if not isinstance(geometry, Mapping):
        raise _bad_polygon("must be a GeoJSON Polygon or MultiPolygon")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon" and isinstance(coordinates, list | tuple):
        polygons = list(coordinates)
    else:
        raise _bad_polygon("must be a GeoJSON Polygon or MultiPolygon")
    if not polygons:
        raise _bad_polygon("has no coordinates")
    for polygon in polygons:
        _check_polygon(polygon)
    return polygons  # type: ignore[return-value]


def _check_polygon(polygon: Any) -> None:
    if not isinstance(polygon, list | tuple) or not polygon:
        raise _bad_polygon("each polygon needs at least one ring")
    for ring in polygon:
        if not isinstance(ring, list | tuple) or len(ring) < 4:
            raise _bad_polygon("each ring needs at least four positions")
        for position in ring:
            if (
                not isinstance(position, list | tuple)
                or len(position) not in (2, 3)
                or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in position)
                or not all(math.isfinite(n) for n in position)
                or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90)
            ):
                raise _bad_polygon("each position must be [longitude, latitude] in WGS 84")
        if list(ring[0][:2]) != list(ring[-1][:2]):
            raise _bad_polygon("each ring must end where it starts")


def _bad_polygon(message: str) -> InvalidRequest:
    return InvalidRequest("The polygon is not valid", fields=[FieldError("polygon", message)])


def point_in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Ray casting (even-odd rule) on longitude/latitude as plane coordinates: fine at street scale."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygons(lon: float, lat: float, polygons: Iterable[Polygon]) -> bool:
    """Inside some polygon's outer ring and none of its holes."""
    for outer, *holes in polygons:
        if point_in_ring(lon, lat, outer) and not any(point_in_ring(lon, lat, h) for h in holes):
            return True
    return False


def within_polygon(polygon_geojson: Mapping[str, Any], addresses: Iterable[Address]) -> list[Address]:
    """The located addresses inside the polygon (holes excluded), in the order given."""
    polygons = polygons_of(polygon_geojson)
    return [
        a for a in addresses if a.lat is not None and a.lon is not None and point_in_polygons(a.lon, a.lat, polygons)
    ]


def merge(existing: Iterable[Address], new: Iterable[Address]) -> list[Address]:
    """``existing`` followed by the addresses of ``new`` not already in it (by ``Address.key``)."""
    out = list(existing)
    seen = {a.key for a in out}
    for a in new:
        if a.key not in seen:
            seen.add(a.key)
            out.append(a)
    return out


# --- the address-source port -----------------------------------------------------------------------


class AddressSource(Protocol):
    """Where neighbours' addresses come from (OS Places in AWS, the bundled demo data locally)."""

    def near(self, lat: float, lon: float, metres: float) -> list[Address]:
        """Addresses within ``metres`` of a point, nearest first."""
        ...

    def in_polygon(self, geojson: Mapping[str, Any]) -> list[Address]:
        """Addresses inside a GeoJSON (Multi)Polygon."""
        ...


@cache
def demo_addresses() -> tuple[Address, ...]:
    """The bundled synthetic demo addresses around the demo applications' sites (see the file's notice)."""
    text = resources.files("bops.domain").joinpath("data/demo_addresses.json").read_text(encoding="utf-8")
    return tuple(Address.model_validate(a) for a in json.loads(text)["addresses"])


class LocalAddressSource:
    """An ``AddressSource`` over a list of addresses in memory (by default the bundled demo data)."""

    def __init__(self, addresses: Iterable[Address] | None = None) -> None:
        self.addresses: tuple[Address, ...] = tuple(addresses) if addresses is not None else demo_addresses()

    def near(self, lat: float, lon: float, metres: float) -> list[Address]:
        return within_radius(lat, lon, self.addresses, metres)

    def in_polygon(self, geojson: Mapping[str, Any]) -> list[Address]:
        return within_polygon(geojson, self.addresses)
