"""Councils (tenants) and their integrator API tokens."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bops.auth import SCOPES, Identity, generate_token, parse_token, verify_token_secret
from bops.domain.application import COUNCIL_ID_PATTERN
from bops.domain.errors import FieldError, InvalidRequest, NotFound, Unauthorized
from bops.domain.time import iso
from bops.model import Model
from bops.repository.keys import council_pk, token_pk
from bops.services.context import Context


class Council(Model):
    id: str
    name: str
    # Reference settings: the suffix comes from the application type; a council may override
    # a type's suffix (e.g. {"pp.full.householder": "HH"}) and its determination periods.
    suffix_overrides: dict[str, str] = Field(default_factory=dict)
    period_overrides: dict[str, int] = Field(default_factory=dict)
    planning_email: str = Field("planning@council.example", description="Where officers are told of answers")
    local_list: dict | None = Field(None, description="The council's local validation list (default: the demo list)")
    created_at: str


class TokenRequest(Model):
    name: str = Field(min_length=1, max_length=80, description="Who uses the token, e.g. 'PlanX'")
    scopes: list[str] = Field(min_length=1, description=f"Any of {', '.join(SCOPES)}")


class TokenCreated(Model):
    token_id: str
    name: str
    scopes: list[str]
    token: str = Field(description="The token itself. Shown once: only its hash is kept.")


class TokenInfo(Model):
    token_id: str
    name: str
    scopes: list[str]
    created_at: str
    created_by: str
    revoked_at: str | None = None


class TokenList(Model):
    tokens: list[TokenInfo]


def create_council(ctx: Context, council_id: str, name: str, **settings: Any) -> Council:
    if not COUNCIL_ID_PATTERN.match(council_id):
        raise InvalidRequest(
            "Council id must be lowercase letters, digits and hyphens", fields=[FieldError("id", "bad format")]
        )
    council = Council(id=council_id, name=name, created_at=iso(ctx.clock.now()), **settings)
    ctx.repo.put(
        {"pk": council_pk(council_id), "sk": "COUNCIL", "kind": "council", **council.model_dump()},
        condition="attribute_not_exists(pk)",
    )
    return council


def get_council(ctx: Context, council_id: str) -> Council:
    item = ctx.repo.get(council_pk(council_id), "COUNCIL")
    if not item:
        raise NotFound(f"No council {council_id}")
    return Council.model_validate(item)


def create_token(ctx: Context, council_id: str, request: TokenRequest, *, created_by: str) -> TokenCreated:
    unknown = [s for s in request.scopes if s not in SCOPES]
    if unknown:
        raise InvalidRequest(
            f"Unknown scope: {', '.join(unknown)}",
            fields=[
                FieldError(f"scopes[{request.scopes.index(s)}]", f"must be one of {', '.join(SCOPES)}") for s in unknown
            ],
        )
    token_id, token, token_hash = generate_token(council_id)
    scopes = sorted(set(request.scopes))
    ctx.repo.put(
        {
            "pk": token_pk(council_id),
            "sk": token_id,
            "kind": "token",
            "token_id": token_id,
            "name": request.name,
            "scopes": scopes,
            "hash": token_hash,
            "created_at": iso(ctx.clock.now()),
            "created_by": created_by,
        },
        condition="attribute_not_exists(pk)",
    )
    return TokenCreated(token_id=token_id, name=request.name, scopes=scopes, token=token)


def list_tokens(ctx: Context, council_id: str) -> TokenList:
    items = ctx.repo.query_all(
        KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": token_pk(council_id)}
    )
    return TokenList(tokens=[TokenInfo.model_validate(i) for i in items])


def revoke_token(ctx: Context, council_id: str, token_id: str, *, revoked_by: str) -> TokenInfo:
    item = ctx.repo.get(token_pk(council_id), token_id)
    if not item:
        raise NotFound(f"No API token {token_id}")
    if not item.get("revoked_at"):
        item["revoked_at"] = iso(ctx.clock.now())
        item["revoked_by"] = revoked_by
        ctx.repo.put(item)
    return TokenInfo.model_validate(item)


def authenticate_token(ctx: Context, token: str) -> Identity:
    """The identity of an integrator token, or Unauthorized (unknown, forged or revoked)."""
    parsed = parse_token(token)
    if parsed is None:
        raise Unauthorized("The API token is not valid")
    council_id, token_id, secret = parsed
    item = ctx.repo.get(token_pk(council_id), token_id)
    if not item or not verify_token_secret(secret, item["hash"]):
        raise Unauthorized("The API token is not valid")
    if item.get("revoked_at"):
        raise Unauthorized("The API token has been revoked")
    return Identity(
        council=council_id,
        kind="integrator",
        subject=token_id,
        name=item["name"],
        scopes=frozenset(item.get("scopes", [])),
    )


class LocalListView(Model):
    local_list: dict[str, Any] = Field(description="The council's local validation list (rules of documents required)")
    is_default: bool = Field(description="True while the council uses the demo list")


def get_local_list(ctx: Context, council_id: str) -> LocalListView:
    from bops.domain.validation_checks import demo_local_list

    council = get_council(ctx, council_id)
    if council.local_list:
        return LocalListView(local_list=council.local_list, is_default=False)
    return LocalListView(local_list=demo_local_list().model_dump(mode="json"), is_default=True)


def set_local_list(ctx: Context, council_id: str, body: dict[str, Any], *, changed_by: str) -> LocalListView:
    """Replaces the council's local list, checked rule by rule (422 naming the failing rule's field)."""
    from pydantic import ValidationError

    from bops.domain.validation_checks import LocalList

    try:
        checked = LocalList.model_validate(body.get("local_list", body))
    except ValidationError as error:
        from bops.domain.errors import invalid_from_pydantic

        raise invalid_from_pydantic(error, prefix="local_list") from error
    item = ctx.repo.get(council_pk(council_id), "COUNCIL")
    if not item:
        raise NotFound(f"No council {council_id}")
    version = item.get("local_list_version", 0)
    ctx.repo.put(
        {
            **item,
            "local_list": checked.model_dump(mode="json"),
            "local_list_version": version + 1,
            "local_list_changed_by": changed_by,
            "local_list_changed_at": iso(ctx.clock.now()),
        },
    )
    return get_local_list(ctx, council_id)
