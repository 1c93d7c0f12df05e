"""No route is open by accident: every route asks for the right credential, checked for real."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app import app
from bops.api.routing import ENDPOINTS

pytestmark = pytest.mark.integration

PUBLIC_ROUTES = {
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/public/{council}/applications"),
    ("GET", "/api/v1/public/{council}/applications/{reference}"),
    ("POST", "/api/v1/public/{council}/applications/{reference}/comments"),
    ("GET", "/api/v1/public/{council}/applications/{reference}/decision-notice"),
    ("GET", "/api/v1/public/{council}/applications/{reference}/documents/{document_id}"),
    ("GET", "/api/v1/public/{council}/applications/{reference}/officer-report"),
    ("GET", "/api/v1/public/{council}/applications/{reference}/map"),
    ("GET", "/api/v1/public/{council}/map/config"),
    # GOV.UK Pay sends the payer back here; the payment is asked of GOV.UK Pay, never taken from the request
    ("GET", "/api/v1/fee-payments/{council}/{reference}/return"),
    # the local stand-in's payment page (404 where GOV.UK Pay is used)
    ("GET", "/api/v1/local/payments/{council}/{payment_id}"),
    ("GET", "/api/v1/public/{council}/open-data"),
    # the Digital Planning Register's reads and comments, in the ODP post-submission shapes
    ("GET", "/api/v2/{council}/planning_applications/{reference}"),
    ("GET", "/api/v2/{council}/public/planning_applications/search"),
    ("GET", "/api/v2/{council}/public/planning_applications/{reference}"),
    ("GET", "/api/v2/{council}/public/planning_applications/{reference}/comments/public"),
    ("GET", "/api/v2/{council}/public/planning_applications/{reference}/comments/specialist"),
    ("GET", "/api/v2/{council}/public/planning_applications/{reference}/documents"),
    ("POST", "/api/v2/{council}/planning_applications/{reference}/neighbour_responses"),
    ("POST", "/api/v2/{council}/public/planning_applications/{reference}/comments/public"),
}


def _fill(path: str) -> str:
    return re.sub(r"{(\w+)}", lambda m: {"reference": "26-00001-HAPP"}.get(m.group(1), "x1"), path)


def _routes():
    return [(method, path) for path, methods in app.routes.items() for method in methods]


def _moto_key():
    import moto.cognitoidp

    raw = (Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz").read_bytes()
    return jwt.PyJWK.from_dict(json.loads(gzip.decompress(raw))).key


def _claims(runtime, council, **overrides):
    now = int(time.time())
    claims = {
        "iss": f"https://cognito-idp.eu-west-2.amazonaws.com/{runtime.resources.user_pool_id}",
        "sub": "forged-sub",
        "aud": runtime.resources.client_id,
        "token_use": "id",
        "iat": now,
        "exp": now + 600,
        "cognito:username": "mallory",
        "custom:council": council.id,
        "cognito:groups": ["assessor", "reviewer", "administrator"],
    }
    claims.update(overrides)
    return claims


def test_every_route_is_declared_with_its_credential():
    declared = {(e.method, e.path) for e in ENDPOINTS}
    assert set(_routes()) == declared
    public = {(e.method, e.path) for e in ENDPOINTS if e.auth.public}
    assert public == PUBLIC_ROUTES


@pytest.mark.parametrize("method,path", sorted(set(_routes()) - PUBLIC_ROUTES))
def test_every_non_public_route_refuses_callers_without_a_valid_credential(runtime, council, method, path):
    forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    moto_key = _moto_key()
    bad_credentials = {
        "none": None,
        "garbage": "Bearer not-a-token",
        "basic": "Basic dXNlcjpwYXNz",
        "forged signature": "Bearer "
        + jwt.encode(_claims(runtime, council), forged_key, "RS256", headers={"kid": "dummy"}),
        "expired": "Bearer "
        + jwt.encode(_claims(runtime, council, exp=int(time.time()) - 5), moto_key, "RS256", headers={"kid": "dummy"}),
        "other audience": "Bearer "
        + jwt.encode(_claims(runtime, council, aud="someone-else"), moto_key, "RS256", headers={"kid": "dummy"}),
        "other issuer": "Bearer "
        + jwt.encode(
            _claims(runtime, council, iss="https://evil.example"), moto_key, "RS256", headers={"kid": "dummy"}
        ),
        "access token": "Bearer "
        + jwt.encode(_claims(runtime, council, token_use="access"), moto_key, "RS256", headers={"kid": "dummy"}),
        "unsigned": "Bearer " + jwt.encode(_claims(runtime, council), None, "none"),
        "made-up api token": f"Bearer bops_{council.id}_abcdef_notthesecret",
        "tampered api token": "Bearer " + council.token[:-3] + "abc",
    }
    for label, header in bad_credentials.items():
        headers = {"Authorization": header} if header else {}
        caller = council.anonymous
        response = caller.request(method, _fill(path), json_body={}, headers=headers)
        assert response.status_code == 401, f"{label}: {method} {path} answered {response.status_code}"
        assert response.json()["error"]["code"] == "unauthorized"


def test_a_genuinely_signed_token_is_accepted(runtime, council):
    """The same checks accept a token only moto's pool could sign: the rejections above are real."""
    token = jwt.encode(_claims(runtime, council), _moto_key(), "RS256", headers={"kid": "dummy"})
    from tests.support import Caller

    assert Caller(runtime.api_url, token).get("/api/v1/applications").status_code == 200


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if not e.auth.public], ids=lambda e: f"{e.method} {e.path}")
def test_roles_and_scopes_are_enforced(runtime, council, endpoint):
    from bops.services import councils
    from bops.services.context import context
    from tests.support import Caller, new_council

    requirement = endpoint.auth
    path = _fill(endpoint.path)
    # officers without any of the route's roles are refused
    if requirement.officer_roles is None:
        for role, token in council.officer_tokens.items():
            assert Caller(runtime.api_url, token).request(endpoint.method, path, json_body={}).status_code == 403, role
    elif requirement.officer_roles:
        for role, token in council.officer_tokens.items():
            if role not in requirement.officer_roles:
                response = Caller(runtime.api_url, token).request(endpoint.method, path, json_body={})
                assert response.status_code == 403, role
    # integrators without the route's scope are refused
    for scope in ("submission:write", "application:read"):
        if requirement.integrator_scope == scope:
            continue
        token = councils.create_token(
            context(), council.id, councils.TokenRequest(name="narrow", scopes=[scope]), created_by="test"
        ).token
        response = Caller(runtime.api_url, token).request(endpoint.method, path, json_body={})
        assert response.status_code == 403, scope
    assert new_council  # imported for symmetry with other tests


@pytest.mark.parametrize(
    "endpoint",
    [e for e in ENDPOINTS if e.auth.officer_roles is not None],
    ids=lambda e: f"{e.method} {e.path}",
)
@pytest.mark.parametrize("groups", [[], ["system"], ["not-a-role"]], ids=["none", "system", "unknown"])
def test_an_officer_without_a_role_may_do_nothing(runtime, council, endpoint, groups):
    """An officer account with no role (new, or its role removed) is refused on every officer route."""
    from tests.support import Caller

    token = jwt.encode(
        _claims(runtime, council, **{"cognito:groups": groups}), _moto_key(), "RS256", headers={"kid": "dummy"}
    )
    response = Caller(runtime.api_url, token).request(endpoint.method, _fill(endpoint.path), json_body={})
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"


def test_a_revoked_token_stops_working_at_once(council):
    admin = council.officer("administrator")
    created = admin.post("/api/v1/tokens", json_body={"name": "PlanX", "scopes": ["application:read"]})
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    listed = admin.get("/api/v1/tokens").json()["tokens"]
    assert all("token" not in t and "hash" not in t for t in listed)
    from tests.support import Caller

    caller = Caller(council.api_url, token)
    assert caller.get("/api/v1/applications").status_code == 200
    assert admin.delete(f"/api/v1/tokens/{created.json()['token_id']}").status_code == 200
    assert caller.get("/api/v1/applications").status_code == 401


def test_unknown_scopes_are_refused(council):
    response = council.officer("administrator").post(
        "/api/v1/tokens", json_body={"name": "x", "scopes": ["everything"]}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["path"] == "scopes[0]"


def test_the_council_comes_from_the_credential_not_the_request(runtime, council):
    from tests.support import example, new_council

    other = new_council(runtime, roles=("assessor",))
    body = example("fullHouseholder")
    body["metadata"]["organisation"] = "OTHR"  # what the submission says of its council is not trusted
    response = council.integrator.post("/api/v1/submissions", json_body=body, params={"council": other.id})
    assert response.status_code == 201
    reference = response.json()["reference"]
    assert council.officer().get(f"/api/v1/applications/{reference}").status_code == 200
    assert other.officer().get(f"/api/v1/applications/{reference}").status_code == 404
