"""The council's consultee directory: the people and bodies it consults, each with a default response period.

Internal consultees are the council's own teams (highways, trees, conservation); external ones are
statutory and other bodies (the Environment Agency, Historic England, a parish council). An officer
consulting on a case picks one from the directory (``NewConsultee.directory_id``), which brings its
name, organisation, email and response period; the case keeps its own copy, so changing or removing a
directory entry never changes who was consulted on a case.

Stored on the council's partition as ``CONSULTEE#<id>``.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import Field

from bops.domain.errors import NotFound
from bops.domain.time import iso
from bops.model import Model
from bops.repository.keys import council_pk
from bops.services.context import Context

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class DirectoryEntry(Model):
    """A consultee the council consults often."""

    name: str = Field(min_length=1, max_length=200, description="A person or a team, e.g. 'Highways team'")
    organisation: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320, pattern=EMAIL_PATTERN)
    kind: Literal["internal", "external"] = "external"
    response_days: int = Field(21, ge=1, le=99, description="Days the consultee has to respond, unless told otherwise")
    expertise: str | None = Field(None, max_length=200, description="What they advise on, e.g. 'flood risk'")


class DirectoryConsultee(DirectoryEntry):
    id: str
    changed_by: str
    changed_at: str


class Directory(Model):
    consultees: list[DirectoryConsultee]


def _sk(consultee_id: str) -> str:
    return f"CONSULTEE#{consultee_id}"


def list_directory(ctx: Context, council: str) -> Directory:
    items = ctx.repo.query_all(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
        ExpressionAttributeValues={":pk": council_pk(council), ":p": "CONSULTEE#"},
    )
    entries = [DirectoryConsultee.model_validate(i) for i in items]
    entries.sort(key=lambda e: (e.kind, e.organisation.lower(), e.name.lower()))
    return Directory(consultees=entries)


def get_entry(ctx: Context, council: str, consultee_id: str) -> DirectoryConsultee:
    item = ctx.repo.get(council_pk(council), _sk(consultee_id)) if consultee_id.isalnum() else None
    if not item:
        raise NotFound(f"No consultee {consultee_id} in the council's directory")
    return DirectoryConsultee.model_validate(item)


def _store(ctx: Context, council: str, consultee_id: str, body: DirectoryEntry, changed_by: str, **kw: Any) -> None:
    ctx.repo.put(
        {
            "pk": council_pk(council),
            "sk": _sk(consultee_id),
            "kind": "directory-consultee",
            "id": consultee_id,
            **body.model_dump(),
            "changed_by": changed_by,
            "changed_at": iso(ctx.clock.now()),
        },
        **kw,
    )


def add_entry(ctx: Context, council: str, body: DirectoryEntry, *, changed_by: str) -> DirectoryConsultee:
    consultee_id = uuid.uuid4().hex
    _store(ctx, council, consultee_id, body, changed_by, condition="attribute_not_exists(pk)")
    return get_entry(ctx, council, consultee_id)


def change_entry(
    ctx: Context, council: str, consultee_id: str, body: DirectoryEntry, *, changed_by: str
) -> DirectoryConsultee:
    get_entry(ctx, council, consultee_id)
    _store(ctx, council, consultee_id, body, changed_by, condition="attribute_exists(pk)")
    return get_entry(ctx, council, consultee_id)


def remove_entry(ctx: Context, council: str, consultee_id: str) -> Directory:
    """Takes a consultee out of the directory (cases that consulted them keep their copy)."""
    get_entry(ctx, council, consultee_id)
    ctx.repo.table.delete_item(Key={"pk": council_pk(council), "sk": _sk(consultee_id)})
    return list_directory(ctx, council)
