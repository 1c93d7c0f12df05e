"""The council's officers: who a case may be assigned to, and who signs a decision notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bops.domain.officers import Officer, OfficerList

if TYPE_CHECKING:
    from bops.services.context import Context


def list_officers(ctx: Context, council: str) -> list[Officer]:
    """The council's officers, by username."""
    return ctx.officers.in_council(council)


def get_officer(ctx: Context, council: str, username: str) -> Officer | None:
    """The council's officer with this username; None when there is none (another council's officers
    included)."""
    if not username or len(username) > 128:
        return None
    return ctx.officers.get(council, username)


def officer_list(ctx: Context, council: str) -> OfficerList:
    return OfficerList(officers=list_officers(ctx, council))
