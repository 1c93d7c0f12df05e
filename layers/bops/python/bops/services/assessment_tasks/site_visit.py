"""Site visit and meetings: when the officer (or someone for them) visited the site or met the applicant,
agent or neighbours, who was there, what was seen, and the photographs taken.

Photographs are documents of the case, uploaded straight to storage like any other (``POST
.../uploads``, tagged ``photographs.existing``); the task keeps their document ids, and refuses an id that
is not a document of this application.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from bops.domain.assessment import TaskUpdate
from bops.domain.documents import DOCUMENT_ID_PATTERN
from bops.domain.errors import FieldError, InvalidRequest, field_path
from bops.domain.time import london_date
from bops.model import Model

if TYPE_CHECKING:
    from bops.services.context import Context

#: The ODP file type a site visit photograph is tagged with.
PHOTO_TAG = "photographs.existing"
MAX_VISITS = 50
MAX_PHOTOS = 30


class SiteVisit(Model):
    """One visit to the site, or one meeting about the application."""

    kind: Literal["site_visit", "meeting"] = Field(description="A site visit or a meeting")
    on: date = Field(description="The day it took place: not in the future, not before the application was received")
    by: str = Field("", max_length=200, description="Who visited, or who held the meeting")
    attendees: str = Field("", max_length=2000, description="Who else was there")
    notes: str = Field("", max_length=20000, description="What was seen or discussed")
    photo_document_ids: list[str] = Field(
        default_factory=list, max_length=MAX_PHOTOS, description="Photographs: documents of this application"
    )


class SiteVisits(Model):
    visits: list[SiteVisit] = Field(default_factory=list, max_length=MAX_VISITS)


Data = SiteVisits  # the name bops.services.assessment reads


class SiteVisitsUpdate(TaskUpdate):
    data: SiteVisits


def prefill(ctx: Context, case: dict[str, Any]) -> SiteVisits:
    """Nothing is known of a visit before the officer records it."""
    return SiteVisits()


def check(ctx: Context, case: dict[str, Any], data: SiteVisits) -> None:
    """Each date is between the day the application was received and today; each photograph is a
    document of this application that was not rejected."""
    today = london_date(ctx.clock.now())
    received = date.fromisoformat(case["received_on"])
    errors: list[FieldError] = []
    known: dict[str, bool] | None = None
    for i, visit in enumerate(data.visits):
        at = ("data", "visits", i)
        if visit.on > today:
            errors.append(FieldError(field_path((*at, "on")), "must be today or in the past"))
        elif visit.on < received:
            errors.append(
                FieldError(field_path((*at, "on")), f"must not be before the application was received ({received})")
            )
        for j, document_id in enumerate(visit.photo_document_ids):
            if known is None:
                documents = ctx.repo.documents.list(case["council"], case["reference"])
                known = {d.id: d.status != "rejected" for d in documents}
            if not DOCUMENT_ID_PATTERN.match(document_id) or not known.get(document_id):
                errors.append(
                    FieldError(field_path((*at, "photo_document_ids", j)), "is not a document of this application")
                )
    if errors:
        raise InvalidRequest("The site visits are not valid", fields=errors[:20])
