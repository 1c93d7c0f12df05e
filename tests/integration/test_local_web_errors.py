"""local/web.py answers what it does not serve in the API's JSON error envelope, never an HTML page."""

from __future__ import annotations

import http.client
import json

import pytest

from local.web import WebServer

pytestmark = pytest.mark.integration


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>")
    # Nothing listens on the API's port: these answers must come from the web server itself.
    server = WebServer(
        api_url="http://127.0.0.1:9",
        cognito_url="http://127.0.0.1:9",
        client_id="client",
        region="eu-west-2",
        uploads_origin=None,
        dist=tmp_path,
    ).start()
    yield server
    server.stop()


def _request(server, method, path):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, body=b"x" if method != "GET" else None)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "BREW"])
@pytest.mark.parametrize("path", ["/", "/index.html"])
def test_an_unknown_method_gets_a_json_501(site, method, path):
    response, body = _request(site, method, path)
    assert response.status == 501
    assert response.getheader("Content-Type") == "application/json"
    error = json.loads(body)["error"]
    assert error["code"] == "not_implemented" and method in error["message"]
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_a_static_file_refuses_writes_with_a_json_405(site):
    response, body = _request(site, "POST", "/index.html")
    assert response.status == 405
    assert response.getheader("Allow") == "GET, HEAD"
    assert json.loads(body)["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("method", ["TRACE", "QUERY"])
def test_an_unknown_method_on_the_api_is_the_apis_to_answer(site, method):
    # Passed on to the API (which answers 405 with the methods the path takes); here nothing listens there.
    response, body = _request(site, method, "/api/v1/health")
    assert response.status == 502
    assert json.loads(body)["error"]["code"] == "bad_gateway"
