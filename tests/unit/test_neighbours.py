"""Neighbours: haversine radius selection on the bundled demo addresses, polygon selection with holes
and MultiPolygons, the demo data set itself."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bops.domain.errors import InvalidRequest
from bops.domain.neighbours import (
    EARTH_RADIUS_M,
    Address,
    AddressSource,
    LocalAddressSource,
    demo_addresses,
    distance_m,
    merge,
    within_polygon,
    within_radius,
)

ROOT = Path(__file__).resolve().parents[2]
ODP = ROOT / "local" / "demo_data" / "odp"

# 40 Stansfield Road, London SW9 9RZ (the ODP householder example).
SITE_LAT, SITE_LON = 51.4656522, -0.1185926


def numbers(addresses: list[Address], street: str = "STANSFIELD ROAD") -> list[int]:
    return sorted(int(a.single_line.split(",")[0]) for a in addresses if street in a.single_line)


# --- radius ----------------------------------------------------------------------------------------


def test_distance_of_one_degree_of_latitude():
    assert distance_m(51.0, -0.1, 52.0, -0.1) == pytest.approx(2 * math.pi * EARTH_RADIUS_M / 360)
    assert distance_m(SITE_LAT, SITE_LON, SITE_LAT, SITE_LON) == 0


def test_50_metres_around_40_stansfield_road():
    # The demo data lays Stansfield Road out by hand: the even side (the site's) every 6 m along the
    # street, so 40 +/- 2k sits 6k m away: within 50 m for k <= 8, i.e. 24 to 56 (58 is 54 m away).
    # The odd side is 16 m across the street, staggered by 3 m: 41 + 2k sits at 6k + 3 m along, so
    # sqrt((6k + 3)^2 + 16^2) <= 50 for -45 <= 6k + 3 <= 45 (47.8 m), i.e. 25 to 55 (23 and 57: 53.5 m).
    found = within_radius(SITE_LAT, SITE_LON, demo_addresses(), 50)
    assert numbers(found) == list(range(24, 57))
    assert all("STANSFIELD ROAD" in a.single_line for a in found)
    # nearest first: the site itself, then its next-door neighbours 6 m away
    assert found[0].uprn == "100021892955"
    assert numbers(found[1:3]) == [38, 42]
    assert all(
        distance_m(SITE_LAT, SITE_LON, a.lat, a.lon) <= distance_m(SITE_LAT, SITE_LON, b.lat, b.lon)
        for a, b in zip(found, found[1:], strict=False)
    )


def test_smaller_and_larger_radii():
    addresses = demo_addresses()
    assert numbers(within_radius(SITE_LAT, SITE_LON, addresses, 0)) == [40]
    assert numbers(within_radius(SITE_LAT, SITE_LON, addresses, 10)) == [38, 40, 42]
    # 16.3 m across to 39 and 41
    assert numbers(within_radius(SITE_LAT, SITE_LON, addresses, 17)) == [36, 38, 39, 40, 41, 42, 44]
    # 2 km takes the whole of Stansfield Road (19 to 61) and Hackford Road, about 1 km north
    wide = within_radius(SITE_LAT, SITE_LON, addresses, 2000)
    assert numbers(wide) == list(range(19, 62))
    assert {a.single_line.split(", ")[1] for a in wide} == {"STANSFIELD ROAD", "HACKFORD ROAD"}


@pytest.mark.parametrize("metres", [-1, 2001, float("nan"), float("inf"), True, "50"])
def test_a_bad_radius_is_refused(metres):
    with pytest.raises(InvalidRequest) as error:
        within_radius(SITE_LAT, SITE_LON, demo_addresses(), metres)
    assert [f.path for f in error.value.fields] == ["metres"]


def test_addresses_without_coordinates_are_never_selected():
    by_hand = Address(single_line="Flat 2, 38 Stansfield Road, London", postcode="sw99rz")
    assert by_hand.postcode == "SW9 9RZ" and not by_hand.located
    assert within_radius(SITE_LAT, SITE_LON, [by_hand], 100) == []
    assert within_polygon(SQUARE, [by_hand]) == []


@settings(max_examples=100, deadline=None)
@given(
    r1=st.floats(min_value=0, max_value=300),
    r2=st.floats(min_value=0, max_value=300),
    dlat=st.floats(min_value=-0.001, max_value=0.001),
    dlon=st.floats(min_value=-0.001, max_value=0.001),
)
def test_radius_selection_is_monotonic_in_the_radius(r1, r2, dlat, dlon):
    small, large = sorted((r1, r2))
    lat, lon = SITE_LAT + dlat, SITE_LON + dlon
    inner = {a.key for a in within_radius(lat, lon, demo_addresses(), small)}
    outer = {a.key for a in within_radius(lat, lon, demo_addresses(), large)}
    assert inner <= outer


# --- polygons --------------------------------------------------------------------------------------


def grid() -> list[Address]:
    """Addresses on a 10 x 10 grid of points 0.001 degrees apart, named by their grid position."""
    return [
        Address(
            uprn=f"{x}{y}", single_line=f"{x} {y}, Grid Street", postcode="SW9 9RZ", lat=51 + y / 1000, lon=x / 1000
        )
        for x in range(1, 10)
        for y in range(1, 10)
    ]


def square(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    """A closed ring from grid units (thousandths of a degree)."""
    pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return [[x / 1000, 51 + y / 1000] for x, y in pts]


SQUARE = {"type": "Polygon", "coordinates": [square(0.5, 0.5, 3.5, 3.5)]}


def picked(polygon) -> set[str]:
    return {a.uprn for a in within_polygon(polygon, grid())}


def test_a_polygon_picks_the_points_inside():
    assert picked(SQUARE) == {f"{x}{y}" for x in (1, 2, 3) for y in (1, 2, 3)}


def test_a_hole_is_left_out():
    with_hole = {"type": "Polygon", "coordinates": [square(0.5, 0.5, 5.5, 5.5), square(2.5, 2.5, 3.5, 3.5)]}
    expected = {f"{x}{y}" for x in range(1, 6) for y in range(1, 6)} - {"33"}
    assert picked(with_hole) == expected


def test_a_multipolygon_and_a_feature():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [
            [square(0.5, 0.5, 1.5, 1.5)],
            [square(7.5, 7.5, 9.5, 9.5), square(8.5, 8.5, 9.5, 9.5)],
        ],
    }
    assert picked(multi) == {"11", "88", "89", "98"}
    assert picked({"type": "Feature", "geometry": SQUARE, "properties": None}) == picked(SQUARE)


def test_a_concave_polygon():
    # an L shape: the bottom row and the left column of a 3 x 3 block
    ring = [
        [x / 1000, 51 + y / 1000]
        for x, y in [(0.5, 0.5), (3.5, 0.5), (3.5, 1.5), (1.5, 1.5), (1.5, 3.5), (0.5, 3.5), (0.5, 0.5)]
    ]
    assert picked({"type": "Polygon", "coordinates": [ring]}) == {"11", "21", "31", "12", "13"}


def test_the_site_boundary_of_the_householder_example_holds_only_the_site():
    boundary = json.loads((ODP / "planningPermission" / "fullHouseholder.json").read_text())["data"]["property"][
        "boundary"
    ]["site"]
    assert [a.uprn for a in within_polygon(boundary, demo_addresses())] == ["100021892955"]


@pytest.mark.parametrize(
    "polygon",
    [
        None,
        {"type": "Point", "coordinates": [0, 0]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 100], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[["a", 0], [1, 0], [1, 1], ["a", 0]]]},
        {"type": "MultiPolygon", "coordinates": []},
    ],
)
def test_a_bad_polygon_is_refused(polygon):
    with pytest.raises(InvalidRequest) as error:
        within_polygon(polygon, grid())
    assert [f.path for f in error.value.fields] == ["polygon"]


# --- addresses, sources and the demo data ----------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [{"postcode": "not a postcode"}, {"lat": 91}, {"lon": -181}, {"uprn": "12a"}, {"single_line": ""}, {"x": 1}],
)
def test_address_validation(changes):
    good = {"uprn": "1", "single_line": "1 High Street, London", "postcode": "SW9 9RZ", "lat": 51.0, "lon": -0.1}
    Address(**good)
    with pytest.raises(ValidationError):
        Address(**{**good, **changes})


def test_merge_keeps_the_first_of_each_address():
    a, b = grid()[:2]
    by_hand = Address(single_line="1 High Street,  London", postcode="SW9 9RZ")
    same_by_hand = Address(single_line="1 HIGH STREET, LONDON", postcode="SW9 9RZ")
    assert merge([a, by_hand], [b, a, same_by_hand]) == [a, by_hand, b]


def test_the_local_source_is_an_address_source():
    source: AddressSource = LocalAddressSource()
    assert numbers(source.near(SITE_LAT, SITE_LON, 50)) == list(range(24, 57))
    assert [a.uprn for a in source.in_polygon(SQUARE)] == []
    custom = LocalAddressSource(grid())
    assert len(custom.in_polygon(SQUARE)) == 9


def test_the_demo_data_is_marked_synthetic_and_sane():
    raw = json.loads(
        (ROOT / "layers" / "bops" / "python" / "bops" / "domain" / "data" / "demo_addresses.json").read_text()
    )
    assert raw["notice"].startswith("SYNTHETIC DEMO DATA")
    addresses = demo_addresses()
    assert 150 <= len(addresses) <= 250
    uprns = [a.uprn for a in addresses]
    assert len(set(uprns)) == len(uprns)
    # every generated neighbour has a made-up UPRN
    assert all(u.startswith("999") for u in uprns if not any(u == s for s in _site_uprns()))


def _site_uprns() -> set[str]:
    return {
        json.loads(p.read_text())["data"]["property"]["address"].get("uprn")
        for p in ODP.rglob("*.json")
        if "uprn" in json.loads(p.read_text())["data"]["property"]["address"]
    }


def test_every_demo_site_with_an_address_has_neighbours_nearby():
    for path in sorted(ODP.rglob("*.json")):
        address = json.loads(path.read_text())["data"]["property"]["address"]
        if "uprn" not in address:
            continue  # the major example is a proposed site without an address
        nearby = within_radius(address["latitude"], address["longitude"], demo_addresses(), 80)
        assert len(nearby) >= 5, path.name
        assert address["uprn"] in {a.uprn for a in nearby}, path.name
