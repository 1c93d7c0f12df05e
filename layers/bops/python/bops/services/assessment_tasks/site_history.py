"""Check site history: earlier applications at the same site (the same UPRN, else the same address), from
the council's own cases and from the records imported from its previous system; the officer marks which
are relevant, with a comment, and writes a summary.

Stored ``data`` (the contract the report reads)::

    {"entries": [{"reference", "alternative_reference", "address", "uprn", "description", "decision",
                  "decision_date", "source": "council"|"legacy", "status", "relevant", "comment"}],
     "summary": str}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain.assessment import TaskUpdate
from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.site_history import HistoryEntry
from bops.model import Model

if TYPE_CHECKING:
    from bops.services.context import Context

MAX_ENTRIES = 500


class SiteHistory(Model):
    entries: list[HistoryEntry] = Field(
        default_factory=list, max_length=MAX_ENTRIES, description="Earlier applications at the site"
    )
    summary: str = Field("", max_length=20000, description="The officer's summary of the site's history")


Data = SiteHistory  # the name bops.services.assessment reads


class SiteHistoryUpdate(TaskUpdate):
    data: SiteHistory


def prefill(ctx: Context, case: dict[str, Any]) -> SiteHistory:
    """Earlier applications at the site, the case itself left out; none marked relevant yet."""
    from bops.services.site_history import history_at

    site = case.get("site") or {}
    entries = history_at(
        ctx,
        case["council"],
        uprn=site.get("uprn"),
        address=site.get("address"),
        postcode=site.get("postcode"),
        exclude=case["reference"],
        exclude_alternative=case.get("alternative_reference"),
    )
    return SiteHistory(entries=entries)


def check(ctx: Context, case: dict[str, Any], data: SiteHistory) -> None:
    """The case is not its own history."""
    for index, entry in enumerate(data.entries):
        if entry.source == "council" and entry.reference == case["reference"]:
            raise InvalidRequest(
                "An application is not part of its own site history",
                fields=[FieldError(f"data.entries[{index}].reference", "is this application")],
            )
