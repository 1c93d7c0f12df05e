"""The API's logs and metrics: one JSON line per request with its correlation id, council and user, no
personal data, and an EMF count per route and status."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager

import app
from bops.api import observability
from tests.support import example


@contextmanager
def api_log() -> Iterator[io.StringIO]:
    """What the API's logger writes meanwhile (the local run keeps it at WARNING; requests log at INFO)."""
    buffer = io.StringIO()
    handler = observability.logger.registered_handler
    level = observability.logger.log_level
    previous = handler.setStream(buffer)
    observability.logger.setLevel("INFO")
    try:
        yield buffer
    finally:
        handler.setStream(previous)
        observability.logger.setLevel(level)


def _request_lines(buffer: io.StringIO) -> list[dict]:
    return [line for line in map(json.loads, buffer.getvalue().splitlines()) if line["message"] == "request"]


def gateway_event(reference: str, token: str, *, request_id: str) -> dict:
    """API Gateway's proxy event for ``GET /api/v1/applications/{reference}``."""
    path = f"/api/v1/applications/{reference}"
    return {
        "resource": "/api/v1/applications/{reference}",
        "path": path,
        "httpMethod": "GET",
        "headers": {"Authorization": f"Bearer {token}"},
        "multiValueQueryStringParameters": None,
        "pathParameters": {"reference": reference},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/api/v1/applications/{reference}",
            "httpMethod": "GET",
            "path": path,
            "requestId": request_id,
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "body": None,
        "isBase64Encoded": False,
    }


def test_a_request_logs_one_json_line_with_correlation_id_council_and_user(council):
    # Given an application received from an integrator
    reference = council.submit()
    token_id = council.token.split("_")[2]

    # When the integrator reads it, through API Gateway (which names the request)
    with api_log() as log:
        response = app.app(gateway_event(reference, council.token, request_id="gw-request-1"), None)

    # Then the API logged one line for the request, tied to it and to the caller
    assert response["statusCode"] == 200
    (line,) = _request_lines(log)
    assert line["correlation_id"] == "gw-request-1"
    assert (line["council"], line["user"]) == (council.id, token_id)
    assert (line["method"], line["route"], line["status"]) == ("GET", "/api/v1/applications/{reference}", 200)
    assert line["service"] == "bops-api" and line["level"] == "INFO"


def test_no_personal_data_reaches_the_logs_or_metrics(council, capsys):
    # Given a submission carrying an applicant's name, email and address
    submission = example("fullHouseholder")
    applicant = submission["data"]["applicant"]
    personal = [applicant["email"], applicant["name"]["last"], submission["data"]["property"]["address"]["postcode"]]

    # When it is submitted, a refused request carries the email too, and the case is read
    with api_log() as log:
        accepted = council.integrator.post("/api/v1/submissions", json_body=submission)
        council.integrator.post("/api/v1/tokens", json_body={"name": applicant["email"], "scopes": ["everything"]})
        council.integrator.get(f"/api/v1/applications/{accepted.json()['reference']}")

    # Then neither the log lines nor the metrics carry any of it
    assert accepted.status_code == 201
    written = log.getvalue() + capsys.readouterr().out
    assert len(_request_lines(log)) == 3
    for value in personal:
        assert value not in written


def test_each_request_emits_a_count_per_route_and_status(council, capsys):
    # Given a caller without a credential and one with
    capsys.readouterr()

    # When each asks for the applications
    council.anonymous.get("/api/v1/applications")
    council.integrator.get("/api/v1/applications")

    # Then the API emitted one EMF Requests count for each, by route and status
    blobs = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    counts = {
        (b["route"], b["status"]): b["Requests"]
        for b in blobs
        if b["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "BoPS" and b.get("service") == "bops-api"
    }
    assert counts[("GET /api/v1/applications", "401")] == [1.0]
    assert counts[("GET /api/v1/applications", "200")] == [1.0]
