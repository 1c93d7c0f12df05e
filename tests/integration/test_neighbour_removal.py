"""Neighbours picked by mistake come off the list (one, or several at once) until their letter goes; the
maps' API: the case's red line and the basemap's key from Secrets Manager."""

from __future__ import annotations

import pytest

from tests.support import wait_for

pytestmark = pytest.mark.integration


def _neighbours(officer, reference):
    response = officer.get(f"/api/v1/applications/{reference}/neighbours")
    assert response.status_code == 200, response.text
    return response.json()["neighbours"]


def _audit_actions(council, reference):
    return [e["action"] for e in council.case(reference)["audit"]]


def test_neighbours_are_removed_one_by_one_and_in_bulk_until_their_letter_is_sent(runtime, council):
    # Given a valid application with the neighbours within 50 m of the site
    reference = council.validated()
    officer = council.officer("assessor")
    added = officer.post(f"/api/v1/applications/{reference}/neighbours", json_body={"radius_m": 50})
    assert added.status_code == 200, added.text
    neighbours = added.json()["neighbours"]
    assert len(neighbours) >= 4, "the demo data has several addresses within 50 m of the first demo site"
    first, second, third, *rest = neighbours

    # When the officer removes one neighbour
    removed = officer.delete(f"/api/v1/applications/{reference}/neighbours/{first['id']}")

    # Then it is off the list, and the removal is audited
    assert removed.status_code == 200, removed.text
    assert first["id"] not in {n["id"] for n in removed.json()["neighbours"]}
    assert len(removed.json()["neighbours"]) == len(neighbours) - 1
    assert "consultation.neighbours_removed" in _audit_actions(council, reference)

    # And removing it again, or an id that never was, is a 404
    assert officer.delete(f"/api/v1/applications/{reference}/neighbours/{first['id']}").status_code == 404
    assert officer.delete(f"/api/v1/applications/{reference}/neighbours/0123456789abcdef").status_code == 404

    # When the officer removes several at once, one of them unknown: nothing is removed
    mixed = officer.post(
        f"/api/v1/applications/{reference}/neighbours/remove", json_body={"ids": [second["id"], first["id"]]}
    )
    assert mixed.status_code == 404, mixed.text
    assert second["id"] in {n["id"] for n in _neighbours(officer, reference)}

    # And with known ids only: both go
    bulk = officer.post(
        f"/api/v1/applications/{reference}/neighbours/remove", json_body={"ids": [second["id"], third["id"]]}
    )
    assert bulk.status_code == 200, bulk.text
    assert {n["id"] for n in bulk.json()["neighbours"]} == {n["id"] for n in rest}

    # An empty list is refused, naming the field
    empty = officer.post(f"/api/v1/applications/{reference}/neighbours/remove", json_body={"ids": []})
    assert empty.status_code == 422 and "ids" in empty.text

    # When consultation starts and the letters go out
    remaining = _neighbours(officer, reference)
    started = officer.post(f"/api/v1/applications/{reference}/consultation")
    assert started.status_code == 200, started.text
    wait_for(lambda: all(n["letters"] for n in _neighbours(officer, reference)), timeout=30)

    # Then a neighbour written to stays: 409, alone or in a bulk removal, and nothing is removed
    written = remaining[0]
    refused = officer.delete(f"/api/v1/applications/{reference}/neighbours/{written['id']}")
    assert refused.status_code == 409, refused.text
    refused_bulk = officer.post(
        f"/api/v1/applications/{reference}/neighbours/remove", json_body={"ids": [n["id"] for n in remaining]}
    )
    assert refused_bulk.status_code == 409
    assert {n["id"] for n in _neighbours(officer, reference)} == {n["id"] for n in remaining}


def test_another_council_cannot_remove_a_neighbour(runtime, council):
    from tests.support import new_council

    reference = council.validated()
    officer = council.officer("assessor")
    neighbours = officer.post(f"/api/v1/applications/{reference}/neighbours", json_body={"radius_m": 30}).json()[
        "neighbours"
    ]
    other = new_council(runtime)
    response = other.officer("assessor").delete(f"/api/v1/applications/{reference}/neighbours/{neighbours[0]['id']}")
    assert response.status_code == 404
    assert len(_neighbours(officer, reference)) == len(neighbours)


def test_the_case_map_draws_the_submitted_red_line_and_the_public_one_only_once_published(runtime, council):
    # Given an application just submitted (not yet valid, so not on the public register)
    reference = council.submit("fullHouseholder")
    officer = council.officer("assessor")

    # When the officer's map asks for the case's geometry
    response = officer.get(f"/api/v1/applications/{reference}/map")

    # Then it has the site's point and the red line the applicant drew
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["site"]["latitude"] == pytest.approx(51.4656522)
    assert body["red_line_source"] == "submission"
    assert body["red_line"]["geometry"]["type"] == "Polygon"
    # the public register has no map of it yet
    public = council.anonymous.get(f"/api/v1/public/{council.id}/applications/{reference}/map")
    assert public.status_code == 404
    assert officer.get("/api/v1/applications/26-99999-HAPP/map").status_code == 404


def test_the_basemap_key_comes_from_secrets_manager_and_its_absence_means_a_plain_map(runtime, council):
    from bops.adapters import aws, secrets

    officer = council.officer("assessor")
    # Given no OS Maps key (the local run): no basemap
    secrets.reset()
    plain = officer.get("/api/v1/map/config")
    assert plain.status_code == 200, plain.text
    assert plain.json()["basemap"] is None and plain.json()["tiles_url"] is None

    # Given the council's key in Secrets Manager
    client = aws.client("secretsmanager")
    name = f"bops/{council.id}/os-maps-api-key"
    client.create_secret(Name=name, SecretString="test-os-key")
    secrets.reset()
    try:
        # Then the officers' and the public config carry OS tiles with that key, and the attribution
        configured = officer.get("/api/v1/map/config").json()
        assert configured["basemap"] == "os"
        assert configured["tiles_url"].startswith("https://api.os.uk/maps/raster/v1/zxy/Light_3857/")
        assert configured["tiles_url"].endswith("?key=test-os-key")
        assert "Crown copyright" in configured["attribution"]
        public = council.anonymous.get(f"/api/v1/public/{council.id}/map/config")
        assert public.status_code == 200 and public.json()["basemap"] == "os"
        # an unknown council has no config
        assert council.anonymous.get("/api/v1/public/no-such-council/map/config").status_code == 404
        # and the officers' route needs an officer
        assert council.anonymous.get("/api/v1/map/config").status_code == 401
    finally:
        client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
        secrets.reset()
