"""The OS Places address source: paging, mapping to addresses, the residential filter, polygons (and the
polygon that stands in for a radius over 1 km), the council's key from Secrets Manager (moto, in process)
and how OS's failures reach the officer. OS's answers are recorded by hand in data/os_places/ following
the documented response shape; ``responses`` plays them back."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import boto3
import pytest
import requests
import responses
from responses import matchers

from bops import config
from bops.adapters import addresses
from bops.adapters.os_places import (
    BASE_URL,
    RESIDENTIAL,
    SHARED_SECRET,
    OsPlacesAddressSource,
    _destination,
    circle_around,
)
from bops.domain.errors import InvalidRequest, UpstreamError, UpstreamUnavailable
from bops.domain.neighbours import Address, LocalAddressSource, distance_m, within_polygon
from tests.support import moto_in_process

DATA = Path(__file__).parent / "data" / "os_places"
RADIUS = f"{BASE_URL}/radius"
POLYGON = f"{BASE_URL}/polygon"
# 40 Stansfield Road, London SW9 9RZ (the ODP householder example; the fixtures surround it)
SITE_LAT, SITE_LON = 51.4656522, -0.1185926
# about 80 m a side around the site
HALF_LAT, HALF_LON = 0.00036, 0.000577
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [
            [SITE_LON - HALF_LON, SITE_LAT - HALF_LAT],
            [SITE_LON + HALF_LON, SITE_LAT - HALF_LAT],
            [SITE_LON + HALF_LON, SITE_LAT + HALF_LAT],
            [SITE_LON - HALF_LON, SITE_LAT + HALF_LAT],
            [SITE_LON - HALF_LON, SITE_LAT - HALF_LAT],
        ]
    ],
}


def recorded(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text())


def uprns(found) -> list[str]:
    return [a.uprn for a in found]


@pytest.fixture
def secrets(monkeypatch):
    """A Secrets Manager client on moto in this process. moto is neither reset nor stopped with data
    removal: a session-wide local runtime in the same process may share its backends (see
    tests/integration/test_documents.py); each test creates and deletes its own secrets."""
    with moto_in_process(monkeypatch):
        client = boto3.client("secretsmanager")
        created: list[str] = []

        def put(name: str, value: str) -> None:
            client.create_secret(Name=name, SecretString=value)
            created.append(name)

        client.put = put  # type: ignore[attr-defined]
        try:
            yield client
        finally:
            for name in created:
                try:
                    client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
                except client.exceptions.ResourceNotFoundException:
                    pass


@pytest.fixture
def council(secrets) -> tuple[str, str]:
    """A council with its own OS Places key in Secrets Manager: (council id, key)."""
    council = "os-" + uuid.uuid4().hex[:8]
    key = "osk-" + uuid.uuid4().hex
    secrets.put(f"bops/{council}/os-places-api-key", key)
    return council, key


@pytest.fixture
def os_api():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def radius_query(offset: int, maxresults: int, **extra: str) -> dict[str, str]:
    return {
        "point": f"{SITE_LAT:.7f},{SITE_LON:.7f}",
        "radius": "50.00",
        "srs": "WGS84",
        "output_srs": "WGS84",
        "dataset": "DPA",
        "fq": RESIDENTIAL,
        "offset": str(offset),
        "maxresults": str(maxresults),
        **extra,
    }


# --- radius ----------------------------------------------------------------------------------------


def test_radius_pages_through_every_result_and_returns_the_nearest_first(council, secrets, os_api):
    # Given OS holds five residential addresses around the site, three a page
    name, key = council
    os_api.get(RADIUS, json=recorded("radius_page1"), match=[matchers.query_param_matcher(radius_query(0, 3))])
    os_api.get(RADIUS, json=recorded("radius_page2"), match=[matchers.query_param_matcher(radius_query(3, 3))])
    source = OsPlacesAddressSource(name, secrets=secrets, page_size=3)

    # When the officer picks every address within 50 m
    found = source.near(SITE_LAT, SITE_LON, 50)

    # Then both pages were read, and the four within 50 m come back nearest first (61 is 70 m away:
    # OS returned it because it intersects the circle, the domain's haversine rule drops it)
    assert len(os_api.calls) == 2
    assert uprns(found) == ["999000100042", "999000100038", "999000100048", "999000100033"]
    distances = [distance_m(SITE_LAT, SITE_LON, a.lat, a.lon) for a in found]
    assert distances == sorted(distances) and distances[-1] <= 50
    first = found[0]
    assert first.single_line == "42, STANSFIELD ROAD, LONDON, SW9 9RZ"
    assert first.postcode == "SW9 9RZ"
    assert (first.lat, first.lon) == (51.4656792, -0.1185176)
    # the key went in a header, never in a URL
    assert all(call.request.headers["key"] == key for call in os_api.calls)
    assert not any(key in call.request.url for call in os_api.calls)


def test_the_residential_filter_can_be_lifted(council, secrets, os_api):
    name, _ = council
    query = radius_query(0, 100)
    del query["fq"]
    os_api.get(RADIUS, json=recorded("polygon_empty"), match=[matchers.query_param_matcher(query)])
    assert OsPlacesAddressSource(name, secrets=secrets, residential_only=False).near(SITE_LAT, SITE_LON, 50) == []


def test_a_record_of_another_class_is_dropped_even_if_os_returns_it(council, secrets, os_api):
    name, _ = council
    page = recorded("radius_page2")
    page["header"].update(offset=0, totalresults=2)
    page["results"][1]["DPA"].update(CLASSIFICATION_CODE="CR07", CLASSIFICATION_CODE_DESCRIPTION="Restaurant")
    page["results"][0]["DPA"].update(LAT=SITE_LAT, LNG=SITE_LON + 0.0001)  # 7 m away: within the radius
    os_api.get(RADIUS, json=page)
    assert uprns(OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 50)) == ["999000100061"]


def test_unusable_records_are_skipped_not_fatal(council, secrets, os_api):
    name, _ = council
    page = recorded("radius_page1")
    page["header"]["totalresults"] = 3
    del page["results"][0]["DPA"]["LAT"]  # asked for WGS84 but no latitude
    page["results"][2]["DPA"]["POSTCODE"] = "NOT A POSTCODE"
    os_api.get(RADIUS, json=page)
    assert uprns(OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 50)) == ["999000100042"]


def test_a_radius_over_os_places_limit_is_searched_as_a_polygon_around_the_circle(council, secrets, os_api):
    # Given the domain allows 2,000 m but OS Places' radius stops at 1,000 m
    name, _ = council
    page = recorded("polygon")
    far = page["results"][2]["DPA"]
    far["LAT"], far["LNG"] = SITE_LAT + 0.0145, SITE_LON  # about 1,612 m north: outside 1,500 m
    os_api.post(
        POLYGON,
        json=page,
        match=[
            matchers.query_param_matcher(
                {
                    "srs": "WGS84",
                    "output_srs": "WGS84",
                    "dataset": "DPA",
                    "fq": RESIDENTIAL,
                    "offset": "0",
                    "maxresults": "100",
                }
            )
        ],
    )

    # When the officer asks for 1,500 m
    found = OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 1500)

    # Then one polygon search ran: 64 sides, positions [lat, lon], every vertex a little beyond 1,500 m
    # (so no edge cuts into the circle); the answer is trimmed to the circle, nearest first
    (call,) = os_api.calls
    body = json.loads(call.request.body)
    assert body["type"] == "Polygon"
    (ring,) = body["coordinates"]
    assert len(ring) == 65 and ring[0] == ring[-1]
    for lat, lon in ring:
        assert 1500 / 0.9988 < distance_m(SITE_LAT, SITE_LON, lat, lon) < 1505
    assert uprns(found) == ["999000100044", "999000100039"]


def test_a_radius_over_the_domain_limit_is_refused_without_asking_os(council, secrets, os_api):
    name, _ = council
    with pytest.raises(InvalidRequest) as raised:
        OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 2500)
    assert raised.value.fields[0].path == "radius_m"
    assert "2000" in raised.value.fields[0].message
    assert len(os_api.calls) == 0


def test_an_area_with_too_many_addresses_is_refused_not_cut_short(council, secrets, os_api):
    name, _ = council
    page = recorded("radius_page1")
    page["header"]["totalresults"] = 1450
    os_api.get(RADIUS, json=page)
    with pytest.raises(InvalidRequest) as raised:
        OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 50)
    assert raised.value.fields[0].path == "radius_m"
    assert "1450" in raised.value.fields[0].message
    assert len(os_api.calls) == 1  # no further pages fetched


def test_the_circle_contains_the_whole_radius():
    polygon = circle_around(SITE_LAT, SITE_LON, 1200)
    (ring,) = polygon["coordinates"]
    assert ring[0] == ring[-1] and len(ring) == 65
    # points on the circle midway between two vertices (where an edge comes closest) are inside it
    rim = [
        Address(single_line=f"{i}", postcode="SW9 9RZ", lat=p[1], lon=p[0])
        for i, p in enumerate(
            _destination(SITE_LAT, SITE_LON, bearing + 2.8125, 1199.9) for bearing in range(0, 360, 5)
        )
    ]
    assert len(within_polygon(polygon, rim)) == len(rim)


# --- polygon ---------------------------------------------------------------------------------------


def test_polygon_posts_the_geometry_in_os_axis_order_and_trims_to_the_polygon(council, secrets, os_api):
    name, key = council
    os_api.post(POLYGON, json=recorded("polygon"))

    found = OsPlacesAddressSource(name, secrets=secrets).in_polygon({"type": "Feature", "geometry": SQUARE})

    (call,) = os_api.calls
    assert call.request.headers["Content-Type"] == "application/json"
    assert call.request.headers["key"] == key
    assert json.loads(call.request.body) == {
        "type": "Polygon",
        "coordinates": [[[lat, lon] for lon, lat in SQUARE["coordinates"][0]]],
    }
    assert call.request.params == {
        "srs": "WGS84",
        "output_srs": "WGS84",
        "dataset": "DPA",
        "fq": RESIDENTIAL,
        "offset": "0",
        "maxresults": "100",
    }
    # 70 Stansfield Road is 90 m east: OS returned it, the polygon rule drops it
    assert uprns(found) == ["999000100044", "999000100039"]
    assert found[1].single_line == "39, STANSFIELD ROAD, LONDON, SW9 9RZ"


def test_a_multipolygon_is_sent_whole(council, secrets, os_api):
    name, _ = council
    os_api.post(POLYGON, json=recorded("polygon_empty"))
    moved = [[[lon + 0.01, lat] for lon, lat in SQUARE["coordinates"][0]]]
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], moved]}
    assert OsPlacesAddressSource(name, secrets=secrets).in_polygon(multi) == []
    body = json.loads(os_api.calls[0].request.body)
    assert body["type"] == "MultiPolygon" and len(body["coordinates"]) == 2
    assert body["coordinates"][1][0][0] == [moved[0][0][1], moved[0][0][0]]


def test_a_malformed_polygon_is_refused_without_asking_os(council, secrets, os_api):
    name, _ = council
    with pytest.raises(InvalidRequest) as raised:
        OsPlacesAddressSource(name, secrets=secrets).in_polygon({"type": "Point", "coordinates": [0, 51]})
    assert raised.value.fields[0].path == "polygon"
    assert len(os_api.calls) == 0


def test_a_polygon_os_refuses_is_an_invalid_polygon(council, secrets, os_api):
    name, _ = council
    os_api.post(POLYGON, status=400, json={"error": {"statuscode": 400, "message": "Requested area too large"}})
    with pytest.raises(InvalidRequest) as raised:
        OsPlacesAddressSource(name, secrets=secrets).in_polygon(SQUARE)
    assert raised.value.fields[0].path == "polygon"


# --- the key ---------------------------------------------------------------------------------------


def test_the_councils_own_key_beats_the_shared_one(council, secrets, os_api):
    name, key = council
    secrets.put(SHARED_SECRET, "shared-" + uuid.uuid4().hex)
    os_api.post(POLYGON, json=recorded("polygon_empty"))
    OsPlacesAddressSource(name, secrets=secrets).in_polygon(SQUARE)
    assert os_api.calls[0].request.headers["key"] == key


def test_the_shared_key_serves_a_council_without_its_own(secrets, os_api):
    shared = "shared-" + uuid.uuid4().hex
    secrets.put(SHARED_SECRET, shared)
    os_api.post(POLYGON, json=recorded("polygon_empty"))
    OsPlacesAddressSource("no-key-" + uuid.uuid4().hex[:6], secrets=secrets).in_polygon(SQUARE)
    assert os_api.calls[0].request.headers["key"] == shared


def test_no_key_at_all_says_where_to_put_one(secrets, os_api):
    name = "no-key-" + uuid.uuid4().hex[:6]
    with pytest.raises(UpstreamError) as raised:
        OsPlacesAddressSource(name, secrets=secrets).in_polygon(SQUARE)
    assert raised.value.status == 502
    assert f"bops/{name}/os-places-api-key" in raised.value.message
    assert len(os_api.calls) == 0


def test_the_key_is_read_once_and_again_after_os_refuses_it(council, secrets, os_api):
    name, key = council
    os_api.post(POLYGON, json=recorded("polygon_empty"))
    source = OsPlacesAddressSource(name, secrets=secrets)
    source.in_polygon(SQUARE)
    source.in_polygon(SQUARE)
    assert [c.request.headers["key"] for c in os_api.calls] == [key, key]

    # the key is rotated: OS refuses the old one once, the next search reads the new one
    rotated = "osk-" + uuid.uuid4().hex
    secrets.put_secret_value(SecretId=f"bops/{name}/os-places-api-key", SecretString=rotated)
    os_api.replace(responses.POST, POLYGON, status=401, json={"fault": {"faultstring": "Invalid ApiKey"}})
    with pytest.raises(UpstreamError):
        source.in_polygon(SQUARE)
    os_api.replace(responses.POST, POLYGON, json=recorded("polygon_empty"))
    source.in_polygon(SQUARE)
    assert [c.request.headers["key"] for c in os_api.calls] == [key, key, key, rotated]


# --- OS failing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error", "http"),
    [
        (401, UpstreamError, 502),
        (403, UpstreamError, 502),
        (429, UpstreamUnavailable, 503),
        (500, UpstreamUnavailable, 503),
        (503, UpstreamUnavailable, 503),
        (404, UpstreamError, 502),
    ],
)
def test_os_errors_become_clear_upstream_errors_without_the_key(council, secrets, os_api, caplog, status, error, http):
    name, key = council
    os_api.get(RADIUS, status=status, json={"error": {"statuscode": status, "message": "refused"}})
    caplog.set_level(logging.DEBUG, logger="bops")  # ours (botocore at DEBUG prints secrets by design)
    with pytest.raises(error) as raised:
        OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 50)
    assert type(raised.value) is error
    assert raised.value.status == http  # what the API answers (bops.api.routing maps DomainError.status)
    assert raised.value.as_dict()["error"]["code"] in ("upstream_error", "upstream_unavailable")
    assert key not in caplog.text
    assert key not in str(raised.value) and key not in json.dumps(raised.value.as_dict())
    assert raised.value.__cause__ is None
    assert f"HTTP {status}" in caplog.text


def test_a_401_names_the_secret_to_check(council, secrets, os_api):
    name, _ = council
    os_api.get(RADIUS, status=401, json={"fault": {"faultstring": "Invalid ApiKey"}})
    with pytest.raises(UpstreamError) as raised:
        OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 50)
    assert f"bops/{name}/os-places-api-key" in raised.value.message


@pytest.mark.parametrize(
    "failure",
    [requests.exceptions.ReadTimeout("read timed out"), requests.exceptions.ConnectionError("refused")],
    ids=["timeout", "no-connection"],
)
def test_timeouts_and_lost_connections_are_temporary(council, secrets, os_api, caplog, failure):
    name, key = council
    os_api.get(RADIUS, body=failure)
    caplog.set_level(logging.DEBUG, logger="bops")  # ours (botocore at DEBUG prints secrets by design)
    with pytest.raises(UpstreamUnavailable) as raised:
        OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 50)
    assert raised.value.status == 503
    assert "try again" in raised.value.message
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert key not in caplog.text and key not in str(raised.value)


def test_an_answer_that_is_not_json_is_an_upstream_error(council, secrets, os_api):
    name, _ = council
    os_api.get(RADIUS, body="<html>Service maintenance</html>", content_type="text/html")
    with pytest.raises(UpstreamError) as raised:
        OsPlacesAddressSource(name, secrets=secrets).near(SITE_LAT, SITE_LON, 50)
    assert raised.value.status == 502


# --- configuration ---------------------------------------------------------------------------------


@pytest.fixture
def configured(monkeypatch):
    """Sets BOPS_ADDRESS_SOURCE for one test; the settings and adapters are read afresh around it."""

    def configure(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv("BOPS_ADDRESS_SOURCE", raising=False)
        else:
            monkeypatch.setenv("BOPS_ADDRESS_SOURCE", value)
        config.settings.cache_clear()

    yield configure
    config.settings.cache_clear()
    addresses._os_places.cache_clear()


def test_the_factory_gives_os_places_when_configured(configured):
    configured("os_places")
    source = addresses.address_source("yc")
    assert isinstance(source, OsPlacesAddressSource) and source.council == "yc"
    assert addresses.address_source("yc") is source  # one per council: its key is read once
    assert addresses.address_source("other").council == "other"


def test_the_factory_gives_the_local_source_otherwise(configured):
    configured(None)
    assert isinstance(addresses.address_source("yc"), LocalAddressSource)
    configured("local")
    assert isinstance(addresses.address_source("yc"), LocalAddressSource)
    configured("google")
    with pytest.raises(ValueError, match="BOPS_ADDRESS_SOURCE"):
        addresses.address_source("yc")


def test_the_api_answers_upstream_errors_with_502_and_503():
    from bops.api.routing import error_response

    refused = error_response(UpstreamError("OS Places refused this council's API key"))
    down = error_response(UpstreamUnavailable("OS Places did not answer in time; try again in a minute"))
    assert (refused.status_code, json.loads(refused.body)["error"]["code"]) == (502, "upstream_error")
    assert (down.status_code, json.loads(down.body)["error"]["code"]) == (503, "upstream_unavailable")
