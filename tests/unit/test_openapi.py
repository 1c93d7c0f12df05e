"""The OpenAPI description covers every route with its credential, from the routes' own models."""

from __future__ import annotations

from chalice.test import Client

from app import app
from bops.api.openapi import document
from bops.api.routing import ENDPOINTS


def test_every_route_is_described_with_its_auth():
    doc = document()
    for path, methods in app.routes.items():
        for method in methods:
            operation = doc["paths"][path][method.lower()]
            endpoint = next(e for e in ENDPOINTS if e.path == path and e.method == method)
            if endpoint.auth.public:
                assert operation["security"] == []
            else:
                assert operation["security"], f"{method} {path} has no security"
                assert operation["security"] == endpoint.auth.security()
                assert "401" in operation["responses"] and "403" in operation["responses"]


def test_request_and_response_schemas_come_from_the_route_models():
    doc = document()
    decision = doc["paths"]["/api/v1/applications/{reference}/validation-decision"]["post"]
    schema_ref = decision["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    name = schema_ref.rsplit("/", 1)[1]
    assert doc["components"]["schemas"][name]["properties"]["decision"]["enum"] == ["valid", "invalid"]


def test_the_description_is_valid_openapi():
    from openapi_spec_validator import validate

    validate(document())


def test_it_is_served_without_credentials():
    with Client(app) as client:
        response = client.http.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json_body["openapi"].startswith("3.")
    assert set(response.json_body["paths"]) == set(app.routes)


def test_a_route_that_calls_an_outside_service_documents_its_502_and_503():
    neighbours = document()["paths"]["/api/v1/applications/{reference}/neighbours"]["post"]["responses"]
    assert "OS Places" in neighbours["502"]["description"] and "try again" in neighbours["503"]["description"]
    assert "503" not in document()["paths"]["/api/v1/applications/{reference}"]["get"]["responses"]


def test_health_answers_without_credentials_and_is_described():
    with Client(app) as client:
        response = client.http.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json_body == {"status": "ok"}
    operation = document()["paths"]["/api/v1/health"]["get"]
    assert operation["security"] == []


def test_every_route_that_takes_a_body_documents_415():
    doc = document()
    for e in ENDPOINTS:
        responses = doc["paths"][e.path][e.method.lower()]["responses"]
        takes_body = e.body is not None or e.raw_body
        assert ("415" in responses) == takes_body, f"{e.method} {e.path}"


def test_chalice_s_own_405_and_415_use_the_api_s_error_envelope():
    with Client(app) as client:
        wrong_method = client.http.request("PATCH", "/api/v1/health", body=b"{}")
        not_json = client.http.post(
            "/api/v1/public/demo/applications/26-00001-HAPP/comments",
            headers={"Content-Type": "text/plain"},
            body=b"hello",
        )
    assert wrong_method.status_code == 405
    assert wrong_method.json_body["error"]["code"] == "method_not_allowed"
    assert "PATCH" in wrong_method.json_body["error"]["message"]
    assert wrong_method.headers["Allow"] == "GET"
    assert wrong_method.headers["Content-Type"] == "application/json"
    assert not_json.status_code == 415
    assert not_json.json_body["error"]["code"] == "unsupported_media_type"
    assert not_json.json_body["error"]["fields"][0]["path"] == "Content-Type"


def _schema(doc, ref):
    return doc["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_search_terms_are_documented_as_required():
    doc = document()
    for path in ("/api/v1/search", "/api/v1/public/{council}/applications"):
        q = next(p for p in doc["paths"][path]["get"]["parameters"] if p["name"] == "q")
        assert q["required"] is True, path


def test_the_schema_states_the_upload_and_token_constraints():
    from bops.auth import SCOPES
    from bops.domain.documents import ACCEPTED_CONTENT_TYPES, MAX_FILE_NAME

    doc = document()
    upload_op = doc["paths"]["/api/v1/applications/{reference}/uploads"]["post"]
    upload = _schema(doc, upload_op["requestBody"]["content"]["application/json"]["schema"])["properties"]
    assert upload["content_type"]["enum"] == list(ACCEPTED_CONTENT_TYPES)
    assert upload["file_name"]["maxLength"] == MAX_FILE_NAME and upload["file_name"]["minLength"] == 1
    assert "pattern" in upload["file_name"]
    token_op = doc["paths"]["/api/v1/tokens"]["post"]
    scopes = _schema(doc, token_op["requestBody"]["content"]["application/json"]["schema"])["properties"]["scopes"]
    assert scopes["items"]["enum"] == list(SCOPES) and scopes["minItems"] == 1


def test_the_local_list_body_is_described_as_a_local_list_not_a_submission():
    doc = document()
    body = doc["paths"]["/api/v1/council/local-list"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/LocalList")
    assert "rules" in _schema(doc, body)["properties"]
    submission = doc["paths"]["/api/v1/submissions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "ODP" in submission["description"]
