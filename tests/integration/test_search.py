"""Search cascades: reference, then exact postcode, then address words, then description words."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def _search(council, q):
    response = council.officer().get("/api/v1/search", params={"q": q})
    assert response.status_code == 200, response.text
    body = response.json()
    return body["matched_by"], [a["reference"] for a in body["applications"]]


def test_the_cascade(runtime, council):
    from tests.support import example

    householder = council.submit("fullHouseholder")  # 40 Stansfield Road, SW9 9RZ
    body = example("minor")
    body["data"]["proposal"]["description"] = "Erection of a timber summerhouse in the rear garden"
    minor = council.integrator.post("/api/v1/submissions", json_body=body).json()["reference"]

    assert _search(council, householder) == ("reference", [householder])
    assert _search(council, householder.lower()) == ("reference", [householder])
    assert _search(council, "sw9 9rz") == ("postcode", [householder])
    assert _search(council, "Stansfield road") == ("address", [householder])
    assert _search(council, "timber summerhouse") == ("description", [minor])
    assert _search(council, "summerhouse stansfield") == (None, [])
    assert _search(council, "26-99999-HAPP") == (None, [])


def test_search_stays_in_the_council(runtime, council):
    from tests.support import new_council

    reference = council.submit("fullHouseholder")
    other = new_council(runtime, roles=("assessor",))
    assert _search(other, reference) == (None, [])
    assert _search(other, "SW9 9RZ") == (None, [])


def test_bad_queries(council):
    assert council.officer().get("/api/v1/search", params={"q": ""}).status_code == 422
    response = council.officer().get("/api/v1/search", params={"q": "x" * 300})
    assert response.status_code == 422 and response.json()["error"]["fields"][0]["path"] == "q"
