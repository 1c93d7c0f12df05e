"""local/web.py: the site, /config.json and the two proxies on one origin, with strict security headers."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
import requests

from tests.support import WAIT

pytestmark = pytest.mark.e2e


def _raw(site: str, method: str, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """A request sent as written (requests would normalise ``..`` away)."""
    parts = urlsplit(site)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=WAIT)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.parametrize("path", ["/", "/index.html", "/js/api.js", "/css/application.css", "/config.json", "/nope"])
def test_every_answer_carries_the_security_headers(site, runtime, path):
    response = requests.get(site + path, timeout=WAIT)
    assert response.status_code == (404 if path == "/nope" else 200)
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        f"connect-src 'self' {runtime.moto_url}",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_scripts_and_styles_are_served_with_their_types(site):
    assert (
        requests.get(site + "/js/pages/dashboard.js", timeout=WAIT)
        .headers["Content-Type"]
        .startswith("text/javascript")
    )
    assert requests.get(site + "/css/application.css", timeout=WAIT).headers["Content-Type"].startswith("text/css")
    assert requests.get(site + "/", timeout=WAIT).headers["Content-Type"] == "text/html; charset=utf-8"


def test_config_names_cognito_on_this_origin_and_the_uploads_origin(site, runtime):
    config = requests.get(site + "/config.json", timeout=WAIT).json()
    assert config == {
        "api": "",
        "cognito": {"endpoint": "/cognito", "client_id": runtime.resources.client_id, "region": "eu-west-2"},
        "uploads_origin": runtime.moto_url,
    }


@pytest.mark.parametrize(
    "path", ["/../pyproject.toml", "/%2e%2e/pyproject.toml", "/js/../../build.mjs", "//etc/passwd"]
)
def test_nothing_outside_the_built_site_is_served(site, path):
    assert _raw(site, "GET", path).status == 404


def test_the_api_is_proxied_with_its_status_and_headers(site, officers):
    unauthenticated = requests.get(site + "/api/v1/applications", timeout=WAIT)
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["error"]["code"] == "unauthorized"
    assert unauthenticated.headers["WWW-Authenticate"].startswith("Bearer")
    listed = requests.get(
        site + "/api/v1/applications",
        headers={"Authorization": f"Bearer {officers.officer_tokens['assessor']}"},
        timeout=WAIT,
    )
    assert listed.status_code == 200 and "applications" in listed.json()
    assert listed.headers["Cache-Control"] == "no-store"


def test_only_sign_in_calls_reach_cognito(site, runtime):
    target = "AWSCognitoIdentityProviderService."
    refused = requests.post(
        site + "/cognito",
        data=b"{}",
        headers={"X-Amz-Target": target + "AdminCreateUser", "Content-Type": "application/x-amz-json-1.1"},
        timeout=WAIT,
    )
    assert refused.status_code == 403
    assert requests.get(site + "/cognito", timeout=WAIT).status_code == 403
    wrong_password = requests.post(
        site + "/cognito",
        json={
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": runtime.resources.client_id,
            "AuthParameters": {"USERNAME": "nobody", "PASSWORD": "wrong"},
        },
        headers={"X-Amz-Target": target + "InitiateAuth", "Content-Type": "application/x-amz-json-1.1"},
        timeout=WAIT,
    )
    assert wrong_password.status_code == 400
    assert wrong_password.json()["__type"].endswith(("NotAuthorizedException", "UserNotFoundException"))


def test_static_files_take_no_writes(site):
    assert requests.post(site + "/index.html", data=b"x", timeout=WAIT).status_code == 405


def test_the_demo_clock_moves_the_whole_system_and_refuses_anything_but_json(site):
    from datetime import UTC, date, datetime, timedelta

    from bops.services.context import context

    today = datetime.now(UTC).date()
    try:
        assert requests.get(site + "/local/clock", timeout=WAIT).json()["days_ahead"] == 0
        moved = requests.post(site + "/local/clock", json={"days": 30}, timeout=WAIT)
        assert moved.status_code == 200 and moved.json()["days_ahead"] == 30
        assert date.fromisoformat(moved.json()["now"][:10]) == today + timedelta(days=30)
        assert context().clock.now().date() == today + timedelta(days=30)  # the API and workflow's clock
        for body, headers in (
            ('{"days": -1}', {"Content-Type": "application/json"}),
            ('{"days": 401}', {"Content-Type": "application/json"}),
            ('{"days": "3"}', {"Content-Type": "application/json"}),
            ("[]", {"Content-Type": "application/json"}),
            ("days=3", {"Content-Type": "application/x-www-form-urlencoded"}),  # a cross-site form cannot move it
        ):
            refused = requests.post(site + "/local/clock", data=body, headers=headers, timeout=WAIT)
            assert refused.status_code == 422, body
            assert refused.json()["error"]["fields"][0]["path"] == "days"
        assert requests.put(site + "/local/clock", json={"days": 1}, timeout=WAIT).status_code == 405
        assert context().clock.now().date() == today + timedelta(days=30)  # nothing refused moved it
    finally:
        requests.post(site + "/local/clock", json={"days": 0}, timeout=WAIT)
    assert context().clock.now().date() == today
