"""A council's libraries for the officer's assessment: its standard conditions and its policies, edited by
its administrators, the bundled ones applying until then (``bops.domain.conditions``,
``bops.domain.policies``). Each is kept whole, as one item of ``repository.councils``."""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field

from bops.domain.conditions import MAX_CONDITIONS, StandardCondition, default_library, parse_library
from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.policies import MAX_POLICIES, Policy, default_policies, parse_policies
from bops.domain.time import iso
from bops.model import Model
from bops.repository.councils import CouncilLibrary
from bops.services.context import Context

#: A library is kept as one item: well under DynamoDB's 400 KB item limit, with room for the keys.
MAX_LIBRARY_BYTES = 350_000


class ConditionsLibraryChange(Model):
    conditions: list[StandardCondition] = Field(max_length=MAX_CONDITIONS, description="The whole library")


class ConditionsLibraryView(ConditionsLibraryChange):
    is_default: bool = Field(description="True while the council uses the bundled library")
    changed_by: str | None = None
    changed_at: str | None = None


class PoliciesChange(Model):
    policies: list[Policy] = Field(max_length=MAX_POLICIES, description="The whole list")


class PoliciesView(PoliciesChange):
    is_default: bool = Field(description="True while the council uses the bundled policies")
    changed_by: str | None = None
    changed_at: str | None = None


def conditions_library(ctx: Context, council_id: str) -> list[StandardCondition]:
    """The council's standard conditions: its own, else the bundled library."""
    stored = ctx.repo.councils.library(council_id, "conditions")
    return parse_library(stored.entries) if stored else default_library()


def council_policies(ctx: Context, council_id: str) -> list[Policy]:
    """The council's policies: its own, else the bundled set."""
    stored = ctx.repo.councils.library(council_id, "policies")
    return parse_policies(stored.entries) if stored else default_policies()


def get_conditions_library(ctx: Context, council_id: str) -> ConditionsLibraryView:
    stored = ctx.repo.councils.library(council_id, "conditions")
    return ConditionsLibraryView(
        conditions=parse_library(stored.entries) if stored else default_library(),
        is_default=stored is None,
        changed_by=stored.changed_by if stored else None,
        changed_at=stored.changed_at if stored else None,
    )


def set_conditions_library(
    ctx: Context, council_id: str, body: ConditionsLibraryChange, *, changed_by: str
) -> ConditionsLibraryView:
    """Replaces the council's standard conditions (checked entry by entry: 422 naming the entry and field).
    Cases keep their own copies of the conditions they took from the library."""
    entries = [c.model_dump(mode="json") for c in body.conditions]
    parse_library(entries)
    _put_library(ctx, council_id, "conditions", entries, changed_by=changed_by)
    return get_conditions_library(ctx, council_id)


def get_policies(ctx: Context, council_id: str) -> PoliciesView:
    stored = ctx.repo.councils.library(council_id, "policies")
    return PoliciesView(
        policies=parse_policies(stored.entries) if stored else default_policies(),
        is_default=stored is None,
        changed_by=stored.changed_by if stored else None,
        changed_at=stored.changed_at if stored else None,
    )


def set_policies(ctx: Context, council_id: str, body: PoliciesChange, *, changed_by: str) -> PoliciesView:
    """Replaces the council's policies (checked entry by entry: 422 naming the entry and field). Cases that
    cited a policy keep what they recorded of it (reference and title are copied into the assessment)."""
    entries = [p.model_dump(mode="json") for p in body.policies]
    parse_policies(entries)
    _put_library(ctx, council_id, "policies", entries, changed_by=changed_by)
    return get_policies(ctx, council_id)


def _put_library(ctx: Context, council_id: str, name: str, entries: list[dict[str, Any]], *, changed_by: str) -> None:
    size = len(json.dumps(entries).encode())
    if size > MAX_LIBRARY_BYTES:
        raise InvalidRequest(
            f"The {name} are too long to keep ({size} bytes)",
            fields=[FieldError(name, f"at most {MAX_LIBRARY_BYTES} bytes of text in all")],
        )
    previous = ctx.repo.councils.library(council_id, name)
    ctx.repo.councils.put_library(
        council_id,
        CouncilLibrary(
            name=name,
            entries=entries,
            changed_by=changed_by,
            changed_at=iso(ctx.clock.now()),
            version=(previous.version + 1) if previous else 1,
        ),
    )
