"""Councils (tenants) and their integrator API tokens."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bops.auth import SCOPES, Identity, generate_token, parse_token, verify_token_secret
from bops.domain.application import COUNCIL_ID_PATTERN
from bops.domain.councils import TIME_OF_DAY_PATTERN, ApiToken, Council
from bops.domain.errors import FieldError, InvalidRequest, NotFound, Unauthorized
from bops.domain.time import iso
from bops.model import Model
from bops.services.context import Context


class TokenRequest(Model):
    name: str = Field(min_length=1, max_length=80, description="Who uses the token, e.g. 'PlanX'")
    scopes: list[str] = Field(
        min_length=1,
        description=f"Any of {', '.join(SCOPES)}",
        # Checked by create_token (naming the bad entry); stated here so the schema says what is accepted.
        json_schema_extra={"items": {"type": "string", "enum": list(SCOPES)}},
    )


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
    ctx.repo.councils.add(council)
    return council


def get_council(ctx: Context, council_id: str) -> Council:
    council = ctx.repo.councils.get(council_id)
    if council is None:
        raise NotFound(f"No council {council_id}")
    return council


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
    ctx.repo.councils.add_token(
        council_id,
        ApiToken(
            token_id=token_id,
            name=request.name,
            scopes=scopes,
            hash=token_hash,
            created_at=iso(ctx.clock.now()),
            created_by=created_by,
        ),
    )
    return TokenCreated(token_id=token_id, name=request.name, scopes=scopes, token=token)


def list_tokens(ctx: Context, council_id: str) -> TokenList:
    return TokenList(tokens=[_info(t) for t in ctx.repo.councils.tokens(council_id)])


def revoke_token(ctx: Context, council_id: str, token_id: str, *, revoked_by: str) -> TokenInfo:
    token = ctx.repo.councils.token(council_id, token_id)
    if token is None:
        raise NotFound(f"No API token {token_id}")
    if not token.revoked_at:
        token = ctx.repo.councils.revoke_token(council_id, token_id, revoked_by=revoked_by, at=iso(ctx.clock.now()))
    return _info(token)


def _info(token: ApiToken) -> TokenInfo:
    """What officers see of a token: never its hash."""
    return TokenInfo.model_validate(token.model_dump(exclude={"hash", "revoked_by"}))


def authenticate_token(ctx: Context, token: str) -> Identity:
    """The identity of an integrator token, or Unauthorized (unknown, forged or revoked)."""
    parsed = parse_token(token)
    if parsed is None:
        raise Unauthorized("The API token is not valid")
    council_id, token_id, secret = parsed
    stored = ctx.repo.councils.token(council_id, token_id)
    if stored is None or not verify_token_secret(secret, stored.hash):
        raise Unauthorized("The API token is not valid")
    if stored.revoked_at:
        raise Unauthorized("The API token has been revoked")
    return Identity(
        council=council_id,
        kind="integrator",
        subject=token_id,
        name=stored.name,
        scopes=frozenset(stored.scopes),
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
    ctx.repo.councils.set_local_list(
        council_id, checked.model_dump(mode="json"), changed_by=changed_by, at=iso(ctx.clock.now())
    )
    return get_local_list(ctx, council_id)


class CouncilSettings(Model):
    """The council's own rules for dates, as an administrator sets them."""

    out_of_hours_from: str | None = Field(
        None,
        pattern=TIME_OF_DAY_PATTERN,
        description="When the council closes for the day, on the 24-hour clock ('17:00'): an application "
        "arriving after it, or on a weekend or bank holiday, counts as received the next working day. "
        "Empty: an application counts as received the day it arrives, whatever the hour",
    )


def get_settings(ctx: Context, council_id: str) -> CouncilSettings:
    council = get_council(ctx, council_id)
    return CouncilSettings(out_of_hours_from=council.out_of_hours_from)


def set_settings(ctx: Context, council_id: str, request: CouncilSettings, *, changed_by: str) -> CouncilSettings:
    """Applies to applications arriving from now: a case's received date is never recomputed."""
    council = ctx.repo.councils.set_out_of_hours_from(
        council_id, request.out_of_hours_from, changed_by=changed_by, at=iso(ctx.clock.now())
    )
    return CouncilSettings(out_of_hours_from=council.out_of_hours_from)
