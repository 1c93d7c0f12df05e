"""The basemap: Ordnance Survey's Maps API (raster tiles, ``Light_3857``, in Web Mercator) in AWS; none locally.

The key comes from Secrets Manager (``bops/<council>/os-maps-api-key``, else the shared
``bops/os-maps-api-key``) through ``bops.adapters.secrets`` (cached a few minutes, so a rotation is seen).
The OS Maps API takes the key in the tile URL's query string, so the browser has to hold it: it is served
by an API route (``GET /api/v1/map/config``), never written into the site's files, and it should be
restricted to the site's address in the OS Data Hub. With no key (the local run, a council that has not
set one up) or Secrets Manager unreachable, there is no basemap: the map draws the red line and the
neighbours on a plain background with a scale bar, which is all the officer needs to check them.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

logger = logging.getLogger("bops.adapters.os_maps")

SHARED_SECRET = "bops/os-maps-api-key"
#: OS Maps API, ZXY raster tiles in EPSG:3857 (docs.os.uk, "OS Maps API" > "Technical specification" > ZXY).
TILES_URL = "https://api.os.uk/maps/raster/v1/zxy/Light_3857/{z}/{x}/{y}.png?key="
#: What the OS Maps API's licence asks to be shown on the map.
ATTRIBUTION = "Contains OS data © Crown copyright and database rights {year}"
#: OS Maps API's tiles in EPSG:3857 go from zoom 7 to 20 (the premium levels 17 to 20 are free within the
#: Public Sector Geospatial Agreement, which councils hold).
MIN_ZOOM, MAX_ZOOM = 7, 20


def secret_name(council: str) -> str:
    return f"bops/{council}/os-maps-api-key"


def api_key(council: str, *, client: Any | None = None) -> str | None:
    """The council's OS Maps API key, else the shared one; None when neither is set or cannot be read
    (the map then goes without a basemap: a missing basemap never fails a page). Logs name the secret and
    the error code, never the key."""
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    from bops.adapters.secrets import SecretMissing, error_code, secret

    for name in (secret_name(council), SHARED_SECRET):
        try:
            value = secret(name, client=client)
        except SecretMissing:
            continue
        except GetParameterError as error:
            logger.warning("os maps: cannot read the secret %s (%s): no basemap", name, error_code(error))
            return None
        if value.strip():
            return value.strip()
    return None


def tiles_url(key: str) -> str:
    """The tile URL template (``{z}/{x}/{y}``) with the key, URL-encoded."""
    return TILES_URL + quote(key, safe="")
