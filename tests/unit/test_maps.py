"""What the maps draw: the red line (an accepted change before the submitted one; nothing rather than an
error for a missing or broken one) and the basemap's key (the council's, else the shared one, else none)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from bops.adapters import os_maps
from bops.services import maps

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[-0.1187, 51.4657], [-0.1184, 51.4657], [-0.1184, 51.4655], [-0.1187, 51.4655], [-0.1187, 51.4657]]
    ],
}


class Storage:
    def __init__(self, body: bytes | Exception) -> None:
        self.body = body
        self.reads: list[str] = []

    def read(self, key: str) -> bytes:
        self.reads.append(key)
        if isinstance(self.body, Exception):
            raise self.body
        return self.body


def _case(**extra):
    return {
        "reference": "26-00001-HAPP",
        "site": {"address": "40, STANSFIELD ROAD, LONDON, SW9 9RZ", "latitude": 51.4656522, "longitude": -0.1185926},
        "submission_key": "submissions/c/s.json",
        **extra,
    }


def _submission(site_boundary) -> bytes:
    return json.dumps({"data": {"proposal": {"boundary": {"site": site_boundary}}}}).encode()


def test_the_submitted_red_line_is_drawn_until_a_change_is_accepted():
    feature = {"type": "Feature", "geometry": SQUARE, "properties": None}
    ctx = SimpleNamespace(storage=Storage(_submission(feature)))
    drawn = maps.map_of(ctx, _case())
    assert drawn.red_line == feature and drawn.red_line_source == "submission"
    assert drawn.site.latitude == 51.4656522

    changed = maps.map_of(ctx, _case(red_line_boundary=SQUARE))
    assert changed.red_line == SQUARE and changed.red_line_source == "change"


@pytest.mark.parametrize(
    "stored",
    [
        b"not json",
        _submission({"type": "Point", "coordinates": [0, 51]}),
        _submission({"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [0, 51]]]}),  # too few positions
        json.dumps({"data": {"proposal": {}}}).encode(),
        json.dumps([1, 2]).encode(),
        ConnectionError("storage unreachable"),
    ],
    ids=["not-json", "a-point", "open-ring", "no-boundary", "not-an-object", "storage-down"],
)
def test_a_missing_or_broken_red_line_draws_the_site_alone(stored):
    ctx = SimpleNamespace(storage=Storage(stored))
    drawn = maps.map_of(ctx, _case())
    assert drawn.red_line is None and drawn.red_line_source is None
    assert drawn.site.address.startswith("40, STANSFIELD ROAD")


def test_the_councils_key_comes_first_then_the_shared_one_then_none(monkeypatch):
    from bops.adapters import secrets

    stored = {"bops/os-maps-api-key": "shared-key"}

    def secret(name, **_):
        if name not in stored:
            raise secrets.SecretMissing(name)
        return stored[name]

    monkeypatch.setattr(secrets, "secret", secret)
    assert os_maps.api_key("lambeth") == "shared-key"
    stored["bops/lambeth/os-maps-api-key"] = " council-key \n"
    assert os_maps.api_key("lambeth") == "council-key"
    stored.clear()
    assert os_maps.api_key("lambeth") is None


def test_an_unreadable_key_means_no_basemap_not_an_error(monkeypatch):
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    from bops.adapters import secrets

    def secret(name, **_):
        raise GetParameterError("AccessDeniedException")

    monkeypatch.setattr(secrets, "secret", secret)
    assert os_maps.api_key("lambeth") is None


def test_the_tile_url_carries_the_key_url_encoded():
    assert os_maps.tiles_url("a b&c") == (
        "https://api.os.uk/maps/raster/v1/zxy/Light_3857/{z}/{x}/{y}.png?key=a%20b%26c"
    )
