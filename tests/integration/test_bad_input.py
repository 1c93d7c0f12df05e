"""Bad input gets a clear 4xx naming the problem, and leaves stored data unchanged."""

from __future__ import annotations

import json

import pytest

from app import app
from bops.api.routing import ENDPOINTS
from tests.support import example

pytestmark = pytest.mark.integration


def _stored_items(council):
    """Everything of the council in the table (by its known partitions), to prove nothing changed."""
    from bops.services.context import context

    cases = context().repo.cases
    rows, _ = cases.list(council.id, status=None, limit=100, cursor=None)
    stored = [cases.get(council.id, row["reference"]) for row in rows]
    return sorted((c["reference"], c["version"], c["status"]) for c in stored if c)


def _submit(council, body, **headers):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return council.integrator.post("/api/v1/submissions", data=data, headers=headers)


def test_malformed_json_is_400(council):
    before = _stored_items(council)
    response = _submit(council, b'{"data": {')
    assert response.status_code == 400
    assert response.json()["error"]["fields"][0]["path"] == "body"
    assert _stored_items(council) == before


def test_unknown_application_type_is_422(council):
    body = example("fullHouseholder")
    body["data"]["application"]["type"]["value"] = "pp.full.spaceport"
    response = _submit(council, body)
    assert response.status_code == 422
    paths = [f["path"] for f in response.json()["error"]["fields"]]
    assert any(p.startswith("data.application.type") for p in paths)
    assert _stored_items(council) == []


def test_a_type_the_schema_knows_but_we_do_not_handle_is_refused(council, monkeypatch):
    from bops.domain import application_types

    known = application_types.get_type
    body = example("fullHouseholder")

    def only_others(code, overrides=None):
        if code == "pp.full.householder":
            from bops.domain.errors import FieldError, UnknownApplicationType

            raise UnknownApplicationType("not handled", fields=[FieldError("data.application.type.value", "x")])
        return known(code, overrides)

    monkeypatch.setattr("bops.services.intake.get_type", only_others)
    response = _submit(council, body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_application_type"


def test_missing_applicant_is_422_naming_it(council):
    body = example("fullHouseholder")
    del body["data"]["applicant"]
    response = _submit(council, body)
    assert response.status_code == 422
    assert any("applicant" in f["path"] or f["path"] == "data" for f in response.json()["error"]["fields"])
    assert _stored_items(council) == []


def test_wrong_content_type_is_415(council):
    response = _submit(council, json.dumps(example("minor")).encode(), **{"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert _stored_items(council) == []


def test_a_method_the_path_lacks_is_405_in_the_error_envelope(council):
    response = council.integrator.request("DELETE", "/api/v1/submissions")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response.headers["Allow"] == "POST"


@pytest.mark.parametrize("method", ["TRACE", "QUERY"])
def test_a_method_http_server_does_not_know_is_405_too(council, method):
    # The local server passes every method to the API, rather than answering an unknown one with HTML 501.
    response = council.integrator.request(method, "/api/v1/submissions")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response.headers["Allow"] == "POST"


def test_oversized_submission_is_413(council):
    body = example("minor")
    body["data"]["proposal"]["description"] = "x" * (3 * 1024 * 1024)
    response = _submit(council, body)
    assert response.status_code == 413
    assert _stored_items(council) == []


def test_a_json_array_is_422(council):
    response = _submit(council, [1, 2])
    assert response.status_code == 422


def test_another_councils_application_is_not_found(runtime, council):
    from tests.support import new_council

    reference = council.submit()
    other = new_council(runtime, roles=("assessor",))
    assert other.officer().get(f"/api/v1/applications/{reference}").status_code == 404
    assert other.integrator.get(f"/api/v1/applications/{reference}").status_code == 404
    decision = other.officer().post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
    )
    assert decision.status_code == 404
    assert other.officer().get("/api/v1/applications").json()["applications"] == []
    assert council.case(reference)["application"]["status"] == "not_started"


def test_unknown_reference_and_bad_query_parameters(council):
    officer = council.officer()
    assert officer.get("/api/v1/applications/26-99999-HAPP").status_code == 404
    assert officer.get("/api/v1/applications/not-a-reference").status_code == 404
    response = officer.get("/api/v1/applications", params={"limit": "1000"})
    assert response.status_code == 422 and response.json()["error"]["fields"][0]["path"] == "limit"
    response = officer.get("/api/v1/applications", params={"status": "sleeping"})
    assert response.status_code == 422 and response.json()["error"]["fields"][0]["path"] == "status"
    response = officer.get("/api/v1/applications", params={"cursor": "garbage!!"})
    assert response.status_code == 400 and response.json()["error"]["fields"][0]["path"] == "cursor"


def _json_routes():
    assert app.routes  # importing the app declares every route
    return [e for e in ENDPOINTS if e.body is not None or e.raw_body]


@pytest.mark.parametrize("endpoint", _json_routes(), ids=lambda e: f"{e.method} {e.path}")
def test_deeply_nested_json_is_400_on_every_json_route(runtime, council, endpoint):
    """Ten thousand levels of nesting would exhaust the parser's stack: refused first, naming the body."""
    import re

    from tests.support import Caller

    auth = endpoint.auth
    if auth.public:
        caller = council.anonymous
    elif auth.officer_roles is not None:
        role = next((r for r in auth.officer_roles), "administrator")
        caller = Caller(runtime.api_url, council.officer_tokens[role])
    elif auth.integrator_scope is not None:
        caller = council.integrator
    else:
        pytest.skip("a secret link's or Notify's credential is checked before the body is read")
    path = re.sub(r"{(\w+)}", lambda m: {"reference": "26-00001-HAPP"}.get(m.group(1), "x1"), endpoint.path)
    path = path.replace("/public/x1/", f"/public/{council.id}/")
    for body in (b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000):
        response = caller.request(endpoint.method, path, data=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, response.text
        assert response.json()["error"]["fields"][0]["path"] == "body"
