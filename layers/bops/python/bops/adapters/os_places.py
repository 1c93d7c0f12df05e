"""OS Places: the ``AddressSource`` adapter for AWS (Ordnance Survey's AddressBase, searched by area).

What this relies on, from the OS Places API v1 technical specification (docs.os.uk, "OS Places API" >
"Technical specification": Radius, Polygon, BBOX; "Core concepts" > "Error codes") and from Ordnance
Survey's own clients (``osdatahub`` for Python, ``osdatahub-js``):

- ``GET /radius``: ``point`` and ``radius`` in metres (0.01 to 1,000, two decimals); ``srs`` is the
  point's reference system and ``output_srs`` the results'. With ``WGS84`` the point is ``lat,lon``.
- ``POST /polygon``: the body is a GeoJSON Polygon or MultiPolygon in ``srs``. With ``WGS84`` each
  position is ``[lat, lon]`` (EPSG:4326 axis order): OS's clients swap GeoJSON's ``[lon, lat]`` before
  posting, and so do we. The specification states no area limit for a polygon (the bounding-box search
  has 1 km²); OS answers 400 for one it refuses, which we report as an invalid ``polygon``.
- Both: ``dataset=DPA`` (Royal Mail's delivery points: where a letter can go), ``maxresults`` 1 to 100
  and ``offset`` to page, ``header.totalresults`` the count of matches; with no match ``results`` is
  absent. A DPA record has ``UPRN``, ``ADDRESS`` (one line), ``POSTCODE``, ``CLASSIFICATION_CODE`` and,
  with ``output_srs=WGS84``, ``LAT`` and ``LNG``.
- ``fq=CLASSIFICATION_CODE:...`` filters by AddressBase classification; ``*`` is a wildcard and codes
  separated by spaces are alternatives.
- The key is sent in a ``key`` header (the API's header scheme) rather than the query string, so it is
  never part of a URL, and so of no log line or exception text.
- 400 bad request, 401 no or wrong key, 403 key without access to the API, 429 over the rate limit,
  500 and 503 trouble at OS.

Choices made here:

- Residential addresses only, by default: classification ``R*`` (dwellings, HMOs, residential
  institutions) and ``X*`` (dual use, such as a shop with a flat above). Not ``CE``: that is education,
  a commercial class. An officer adds a business next door by hand (``residential_only=False`` lifts the
  filter). The filter is applied by OS and again to each record that states its class.
- Radius and polygon results are trimmed by the domain's ``within_radius`` / ``within_polygon``, so OS
  and the local data set pick by the same rule (OS returns what *intersects* the area).
- A radius above OS's 1,000 m (the domain allows 2,000 m) is searched as a 64-sided polygon drawn around
  the circle, then trimmed to the circle: the officer gets the same answer as from the local source.
- At most ``MAX_ADDRESSES`` per search. A larger area is refused (``InvalidRequest`` naming the field),
  never silently cut short: a neighbour missing from a statutory consultation is worse than a clear no.
- The council's key comes from Secrets Manager (``bops/<council>/os-places-api-key``, else the shared
  ``bops/os-places-api-key``), cached a few minutes by ``bops.adapters.secrets`` so a rotation is seen;
  a 401/403 reads it again on the next search.
- Every failure of OS (bad key, rate limit, 5xx, timeout, no connection, a body that is not JSON) becomes
  ``UpstreamError`` (502) or ``UpstreamUnavailable`` (503), never a 500; logs name the endpoint and the
  status, never the key or an address.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping
from typing import Any

from bops.domain.errors import FieldError, InvalidRequest, UpstreamError, UpstreamUnavailable
from bops.domain.neighbours import (
    EARTH_RADIUS_M,
    MAX_RADIUS_M,
    Address,
    polygons_of,
    within_polygon,
    within_radius,
)

logger = logging.getLogger("bops.adapters.os_places")

BASE_URL = "https://api.os.uk/search/places/v1"
SHARED_SECRET = "bops/os-places-api-key"
#: OS Places' largest radius; a larger one is searched as a polygon around the circle.
OS_MAX_RADIUS_M = 1_000
#: OS Places' smallest radius (two decimals of a metre).
OS_MIN_RADIUS_M = 0.01
PAGE_SIZE = 100  # OS's largest ``maxresults``
MAX_ADDRESSES = 1_000  # ten pages
RESIDENTIAL = "CLASSIFICATION_CODE:R* CLASSIFICATION_CODE:X*"
RESIDENTIAL_CLASSES = ("R", "X")
CIRCLE_SIDES = 64
CONNECT_TIMEOUT_S = 3.05
READ_TIMEOUT_S = 8.0
#: All pages of one search within this, well inside API Gateway's 29 s.
SEARCH_BUDGET_S = 20.0


def secret_name(council: str) -> str:
    """Where a council's own OS Places API key lives in Secrets Manager."""
    return f"bops/{council}/os-places-api-key"


class OsPlacesAddressSource:
    """An ``AddressSource`` over the OS Places API, for one council (whose key it uses).

    ``secrets`` is a Secrets Manager client (default: the shared one, ``bops.adapters.aws.client``);
    ``page_size`` is ``maxresults`` per request (1 to 100).
    """

    def __init__(
        self,
        council: str,
        *,
        secrets: Any | None = None,
        residential_only: bool = True,
        page_size: int = PAGE_SIZE,
        base_url: str = BASE_URL,
    ) -> None:
        if not 1 <= page_size <= PAGE_SIZE:
            raise ValueError(f"page_size must be from 1 to {PAGE_SIZE}, got {page_size}")
        self.council = council
        self.page_size = page_size
        self.residential_only = residential_only
        self.base_url = base_url.rstrip("/")
        self._secrets = secrets
        self._refresh = False  # the key was refused: read it again rather than from the cache
        self._session: Any | None = None

    # --- the port ----------------------------------------------------------------------------------

    def near(self, lat: float, lon: float, metres: float) -> list[Address]:
        """Addresses within ``metres`` of a WGS 84 point, nearest first.

        Raises ``InvalidRequest`` (field ``radius_m``) for a radius outside 0 to ``MAX_RADIUS_M`` or an
        area holding more than ``MAX_ADDRESSES``; ``UpstreamError`` / ``UpstreamUnavailable`` when OS fails.
        """
        if (
            isinstance(metres, bool)
            or not isinstance(metres, int | float)
            or not math.isfinite(metres)
            or not 0 <= metres <= MAX_RADIUS_M
        ):
            raise InvalidRequest(
                "The radius is not valid", fields=[FieldError("radius_m", f"must be from 0 to {MAX_RADIUS_M} metres")]
            )
        if metres < OS_MIN_RADIUS_M:
            return []
        if metres <= OS_MAX_RADIUS_M:
            found = self._search(
                "GET",
                "radius",
                {"point": f"{lat:.7f},{lon:.7f}", "radius": f"{metres:.2f}", "srs": "WGS84"},
                field="radius_m",
            )
        else:
            body = os_geometry(circle_around(lat, lon, metres), field="radius_m")
            found = self._search("POST", "polygon", {"srs": "WGS84"}, body=body, field="radius_m")
        return within_radius(lat, lon, found, metres)

    def in_polygon(self, geojson: Mapping[str, Any]) -> list[Address]:
        """Addresses inside a GeoJSON (Multi)Polygon (or a Feature of one), holes excluded.

        Raises ``InvalidRequest`` (field ``polygon``) for a malformed polygon, one OS refuses or one
        holding more than ``MAX_ADDRESSES``; ``UpstreamError`` / ``UpstreamUnavailable`` when OS fails.
        """
        body = os_geometry(geojson, field="polygon")
        found = self._search("POST", "polygon", {"srs": "WGS84"}, body=body, field="polygon")
        return within_polygon(geojson, found)

    # --- paging ------------------------------------------------------------------------------------

    def _search(
        self, method: str, endpoint: str, params: dict[str, str], *, field: str, body: Any = None
    ) -> list[Address]:
        """Every page of one search, as addresses (each UPRN once)."""
        deadline = time.monotonic() + SEARCH_BUDGET_S
        query = {**params, "output_srs": "WGS84", "dataset": "DPA"}
        if self.residential_only:
            query["fq"] = RESIDENTIAL
        found: dict[str, Address] = {}
        skipped = offset = pages = 0
        while True:
            page = self._page(
                method, endpoint, {**query, "offset": offset, "maxresults": self.page_size}, body, field, deadline
            )
            pages += 1
            total = _total(page)
            if total > MAX_ADDRESSES:
                raise InvalidRequest(
                    "The area holds too many addresses",
                    fields=[FieldError(field, f"holds {total} addresses; choose an area with at most {MAX_ADDRESSES}")],
                )
            results = page.get("results") or []
            for result in results:
                address = self._address(result)
                if address is None:
                    skipped += 1
                else:
                    found.setdefault(address.key, address)
            offset += len(results)
            if not results or offset >= total:
                break
        logger.info("os places %s: %d addresses in %d page(s), %d skipped", endpoint, len(found), pages, skipped)
        return list(found.values())

    def _page(
        self, method: str, endpoint: str, query: dict[str, Any], body: Any, field: str, deadline: float
    ) -> dict[str, Any]:
        import requests

        remaining = deadline - time.monotonic()
        if remaining <= 0:
            logger.warning("os places %s: out of time after several pages", endpoint)
            raise UpstreamUnavailable("OS Places is answering too slowly; try again in a minute")
        headers = {"key": self._api_key(), "Accept": "application/json"}
        timeout = (CONNECT_TIMEOUT_S, min(READ_TIMEOUT_S, remaining))
        try:
            response = self._http().request(
                method, f"{self.base_url}/{endpoint}", params=query, json=body, headers=headers, timeout=timeout
            )
        except requests.Timeout:
            logger.warning("os places %s: timed out", endpoint)
            raise UpstreamUnavailable("OS Places did not answer in time; try again in a minute") from None
        except requests.RequestException as error:
            logger.warning("os places %s: no connection (%s)", endpoint, type(error).__name__)
            raise UpstreamUnavailable("OS Places cannot be reached; try again in a minute") from None
        if response.status_code != 200:
            self._fail(endpoint, response.status_code, field)
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            logger.warning("os places %s: the answer is not a JSON object", endpoint)
            raise UpstreamError("OS Places gave an answer BoPS cannot read")
        return data

    def _fail(self, endpoint: str, status: int, field: str) -> None:
        logger.warning("os places %s: HTTP %d for council %s", endpoint, status, self.council)
        if status in (401, 403):
            self._refresh = True  # perhaps rotated: read it again next time
            raise UpstreamError(
                "OS Places refused this council's API key: check the key stored in Secrets Manager as "
                f"{secret_name(self.council)} (or {SHARED_SECRET}) and that its project includes OS Places"
            )
        if status == 429:
            raise UpstreamUnavailable("OS Places is limiting how often BoPS may ask; try again in a minute")
        if status >= 500:
            raise UpstreamUnavailable(f"OS Places is not working (HTTP {status}); try again later")
        if status == 400:
            raise InvalidRequest(
                "OS Places cannot search this area",
                fields=[FieldError(field, "refused by OS Places: draw a smaller area")],
            )
        raise UpstreamError(f"OS Places refused the search (HTTP {status})")

    def _address(self, result: Any) -> Address | None:
        """An ``Address`` from a DPA record; None for a non-residential (when filtering) or unusable one."""
        dpa = result.get("DPA") if isinstance(result, Mapping) else None
        if not isinstance(dpa, Mapping):
            return None
        classification = dpa.get("CLASSIFICATION_CODE")
        if self.residential_only and classification and not str(classification).startswith(RESIDENTIAL_CLASSES):
            return None
        try:
            return Address(
                uprn=str(dpa["UPRN"]),
                single_line=dpa["ADDRESS"],
                postcode=dpa["POSTCODE"],
                lat=float(dpa["LAT"]),
                lon=float(dpa["LNG"]),
            )
        except (KeyError, TypeError, ValueError):  # pydantic's ValidationError is a ValueError
            return None

    # --- the key and the connection ------------------------------------------------------------------

    def _api_key(self) -> str:
        """The key, read through ``bops.adapters.secrets`` (cached a few minutes: a rotation is seen)."""
        key = self._read_key(force=self._refresh)
        self._refresh = False
        return key

    def _read_key(self, *, force: bool = False) -> str:
        """The council's own key, else the shared one. Secrets Manager errors name the secret, not its value."""
        from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

        from bops.adapters.secrets import SecretMissing, error_code, secret

        for name in (secret_name(self.council), SHARED_SECRET):
            try:
                value = secret(name, force=force, client=self._secrets)
            except SecretMissing:
                continue
            except GetParameterError as error:
                code = error_code(error)
                if code is None:  # no answer from Secrets Manager
                    logger.error("os places: cannot reach Secrets Manager (%s)", type(error.__context__).__name__)
                    raise UpstreamUnavailable("BoPS cannot read the OS Places key just now; try again") from None
                logger.error("os places: cannot read the secret %s (%s)", name, code)
                raise UpstreamError(f"BoPS cannot read the OS Places key ({name}): {code}") from None
            if value.strip():
                return value.strip()
        raise UpstreamError(
            f"OS Places is not set up for this council: store its API key in Secrets Manager as "
            f"{secret_name(self.council)} (or {SHARED_SECRET} for every council)"
        )

    def _http(self) -> Any:
        if self._session is None:
            import requests

            self._session = requests.Session()
        return self._session


# --- geometry ----------------------------------------------------------------------------------------


def _total(page: Mapping[str, Any]) -> int:
    header = page.get("header")
    try:
        return int(header.get("totalresults") or 0) if isinstance(header, Mapping) else 0
    except (TypeError, ValueError):
        return 0


def os_geometry(geojson: Mapping[str, Any], *, field: str) -> dict[str, Any]:
    """The body for ``POST /polygon?srs=WGS84``: the (Multi)Polygon's rings with each position as
    ``[lat, lon]``. Raises ``InvalidRequest`` naming ``field`` for a malformed polygon."""
    try:
        polygons = polygons_of(geojson)
    except InvalidRequest as error:
        raise InvalidRequest(error.message, fields=[FieldError(field, f.message) for f in error.fields]) from None
    swapped = [[[[position[1], position[0]] for position in ring] for ring in polygon] for polygon in polygons]
    if len(swapped) == 1:
        return {"type": "Polygon", "coordinates": swapped[0]}
    return {"type": "MultiPolygon", "coordinates": swapped}


def circle_around(lat: float, lon: float, metres: float, sides: int = CIRCLE_SIDES) -> dict[str, Any]:
    """A GeoJSON Polygon (``[lon, lat]``) with ``sides`` vertices that contains the circle: its vertices
    sit ``metres / cos(pi / sides)`` (plus a metre) from the centre, so no edge cuts into the circle."""
    reach = metres / math.cos(math.pi / sides) + 1
    ring = [_destination(lat, lon, 360 * i / sides, reach) for i in range(sides)]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def _destination(lat: float, lon: float, bearing_deg: float, metres: float) -> list[float]:
    """The point ``metres`` from ``(lat, lon)`` along ``bearing_deg`` on a sphere, as ``[lon, lat]``."""
    d = metres / EARTH_RADIUS_M
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return [round(math.degrees(l2), 7), round(math.degrees(p2), 7)]
