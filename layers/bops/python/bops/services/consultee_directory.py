"""The council's consultee directory: the people and bodies it consults, each with a default response period.

Internal consultees are the council's own teams (highways, trees, conservation); external ones are
statutory and other bodies (the Environment Agency, Historic England, a parish council). An officer
consulting on a case picks one from the directory (``NewConsultee.directory_id``), which brings its
name, organisation, email and response period; the case keeps its own copy, so changing or removing a
directory entry never changes who was consulted on a case.

Stored by ``repository.councils`` (the entries are ``domain.councils.DirectoryConsultee``).
"""

from __future__ import annotations

import uuid

from bops.domain.councils import DirectoryConsultee, DirectoryEntry
from bops.domain.errors import NotFound
from bops.domain.time import iso
from bops.model import Model
from bops.services.context import Context


class Directory(Model):
    consultees: list[DirectoryConsultee]


def list_directory(ctx: Context, council: str) -> Directory:
    entries = ctx.repo.councils.consultees(council)
    entries.sort(key=lambda e: (e.kind, e.organisation.lower(), e.name.lower()))
    return Directory(consultees=entries)


def get_entry(ctx: Context, council: str, consultee_id: str) -> DirectoryConsultee:
    entry = ctx.repo.councils.consultee(council, consultee_id) if consultee_id.isalnum() else None
    if entry is None:
        raise NotFound(f"No consultee {consultee_id} in the council's directory")
    return entry


def _entry(ctx: Context, consultee_id: str, body: DirectoryEntry, changed_by: str) -> DirectoryConsultee:
    return DirectoryConsultee(
        **body.model_dump(), id=consultee_id, changed_by=changed_by, changed_at=iso(ctx.clock.now())
    )


def add_entry(ctx: Context, council: str, body: DirectoryEntry, *, changed_by: str) -> DirectoryConsultee:
    consultee_id = uuid.uuid4().hex
    ctx.repo.councils.put_consultee(council, _entry(ctx, consultee_id, body, changed_by), new=True)
    return get_entry(ctx, council, consultee_id)


def change_entry(
    ctx: Context, council: str, consultee_id: str, body: DirectoryEntry, *, changed_by: str
) -> DirectoryConsultee:
    get_entry(ctx, council, consultee_id)
    ctx.repo.councils.put_consultee(council, _entry(ctx, consultee_id, body, changed_by), new=False)
    return get_entry(ctx, council, consultee_id)


def remove_entry(ctx: Context, council: str, consultee_id: str) -> Directory:
    """Takes a consultee out of the directory (cases that consulted them keep their copy)."""
    get_entry(ctx, council, consultee_id)
    ctx.repo.councils.remove_consultee(council, consultee_id)
    return list_directory(ctx, council)
