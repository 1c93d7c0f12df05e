"""Who is calling: officers (Cognito JWTs), integrators (per-council API tokens), applicants and
consultees (secret links), and GOV.UK Notify posting delivery receipts (the council's callback token).

The council of a request always comes from its credential, never from the body or query.
The same checks run in AWS and in the local run: the JWT's signature is verified against the
user pool's JWKS, and its expiry, issuer, audience and use are checked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from bops.domain.errors import Forbidden, Unauthorized
from bops.resources import OFFICER_ROLES

TOKEN_PREFIX = "bops"
SCOPES = ("submission:write", "application:read")


@dataclass(frozen=True)
class Identity:
    council: str
    kind: Literal["officer", "integrator", "applicant", "consultee", "notify"]
    subject: str  # the officer's Cognito sub, or the token id
    name: str  # the officer's username, or the token's name
    roles: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)

    @property
    def actor(self) -> str:
        """How the audit trail names this caller."""
        return f"{self.kind}:{self.name}"


# --- requirements attached to routes ---------------------------------------------------------
@dataclass(frozen=True)
class Requirement:
    """What a route asks of the caller. ``check`` raises Forbidden; ``describe`` feeds OpenAPI."""

    officer_roles: tuple[str, ...] | None = None  # None: officers not accepted; (): any officer
    integrator_scope: str | None = None  # None: integrators not accepted
    public: bool = False
    applicant: bool = False  # an applicant's link to one validation request
    consultee: bool = False  # a consultee's link to one consultation
    notify: bool = False  # GOV.UK Notify's callbacks, with the token the council gave it

    def check(self, identity: Identity | None) -> None:
        if self.public:
            return
        if identity is None:
            raise Unauthorized("Sign in or send an API token (Authorization: Bearer ...)")
        for kind in ("applicant", "consultee", "notify"):
            if getattr(self, kind) or identity.kind == kind:
                if not (getattr(self, kind) and identity.kind == kind):
                    raise Forbidden("This action is not open to this kind of credential")
                return
        if identity.kind == "officer":
            if self.officer_roles is None:
                raise Forbidden("This action is for integrators' API tokens, not officers")
            # An officer in none of the roles' groups (an account not yet given a role, or whose role was
            # removed) may do nothing, not even what "any officer" may do.
            if not identity.roles.intersection(OFFICER_ROLES):
                raise Forbidden("This officer account has no role yet; ask the council's administrator for one")
            if self.officer_roles and not identity.roles.intersection(self.officer_roles):
                raise Forbidden(f"This action needs the role: {' or '.join(self.officer_roles)}")
            return
        if self.integrator_scope is None:
            raise Forbidden("This action is for signed-in officers only")
        if self.integrator_scope not in identity.scopes:
            raise Forbidden(f"This API token lacks the scope {self.integrator_scope}")

    def security(self) -> list[dict[str, list[str]]]:
        schemes: list[dict[str, list[str]]] = []
        if self.applicant:
            schemes.append({"applicantLink": []})
        if self.consultee:
            schemes.append({"consulteeLink": []})
        if self.notify:
            schemes.append({"notifyCallback": []})
        if self.officer_roles is not None:
            schemes.append({"officerJwt": list(self.officer_roles)})
        if self.integrator_scope is not None:
            schemes.append({"apiToken": [self.integrator_scope]})
        return schemes


PUBLIC = Requirement(public=True)


APPLICANT = Requirement(applicant=True)
CONSULTEE = Requirement(consultee=True)
NOTIFY = Requirement(notify=True)


def officer(*roles: str) -> Requirement:
    return Requirement(officer_roles=tuple(roles))


def integrator(scope: str) -> Requirement:
    return Requirement(integrator_scope=scope)


def officer_or_integrator(scope: str, *roles: str) -> Requirement:
    return Requirement(officer_roles=tuple(roles), integrator_scope=scope)


# --- integrator API tokens -------------------------------------------------------------------
def generate_token(council: str) -> tuple[str, str, str]:
    """A new token: (token_id, full token string shown once, hash to store)."""
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = f"{TOKEN_PREFIX}_{council}_{token_id}_{secret}"
    return token_id, token, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_token(token: str) -> tuple[str, str, str] | None:
    """(council, token_id, secret) of a token string, or None when it is not one of ours."""
    parts = token.split("_", 3)
    if len(parts) != 4 or parts[0] != TOKEN_PREFIX or not all(parts[1:]):
        return None
    return parts[1], parts[2], parts[3]


def verify_token_secret(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


# --- officer JWTs ----------------------------------------------------------------------------
class JwksCache:
    """The user pool's public keys, fetched on first use and again when an unknown key id appears."""

    def __init__(self, url: str, ttl_seconds: int = 3600) -> None:
        self.url = url
        self.ttl_seconds = ttl_seconds
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def key(self, kid: str) -> Any:
        with self._lock:
            stale = time.monotonic() - self._fetched_at > self.ttl_seconds
            if kid not in self._keys or stale:
                self._refresh()
            if kid not in self._keys:
                raise Unauthorized("The sign-in token was not issued by this service")
            return self._keys[kid]

    def _refresh(self) -> None:
        import urllib.request  # here, not at import: http.client and email cost a cold start ~30 ms

        from jwt import PyJWK

        if not self.url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise Unauthorized("Sign-in is not configured")
        with urllib.request.urlopen(self.url, timeout=5) as response:  # noqa: S310 (scheme checked above)
            document = json.load(response)
        self._keys = {k["kid"]: PyJWK.from_dict(k).key for k in document.get("keys", [])}
        self._fetched_at = time.monotonic()


def verify_officer_jwt(token: str, *, jwks: JwksCache, issuer: str, audience: str) -> Identity:
    import jwt

    try:
        header = jwt.get_unverified_header(token)
        key = jwks.key(header.get("kid", ""))
        claims = jwt.decode(
            token,
            key=key,
            algorithms=["RS256"],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iat", "aud", "iss", "sub"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise Unauthorized("The sign-in token has expired; sign in again") from error
    except jwt.PyJWTError as error:
        raise Unauthorized("The sign-in token is not valid") from error
    if claims.get("token_use") != "id":
        raise Unauthorized("Send the ID token from sign-in")
    council = claims.get("custom:council")
    if not council:
        raise Forbidden("This officer account belongs to no council")
    roles = frozenset(str(g) for g in claims.get("cognito:groups", []) or [])
    return Identity(
        council=str(council),
        kind="officer",
        subject=str(claims["sub"]),
        name=str(claims.get("cognito:username") or claims["sub"]),
        roles=roles,
    )
