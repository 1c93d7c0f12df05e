"""Summaries: the site and its surroundings, the proposal, what neighbours and consultees said, and the
officer's assessment of amenity and design: the body of the officer report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field

from bops.domain.assessment import TaskUpdate
from bops.model import Model

if TYPE_CHECKING:
    from bops.services.context import Context

TEXT = 20000


class Summaries(Model):
    site_and_surroundings: str = Field("", max_length=TEXT, description="The site and its surroundings")
    proposal: str = Field("", max_length=TEXT, description="What is proposed")
    neighbour_responses: str = Field("", max_length=TEXT, description="What neighbours and the public said")
    consultee_responses: str = Field("", max_length=TEXT, description="What consultees said")
    amenity: str = Field("", max_length=TEXT, description="The effect on neighbours' amenity")
    design: str = Field("", max_length=TEXT, description="Design, character and appearance")


Data = Summaries  # the name bops.services.assessment reads


class SummariesUpdate(TaskUpdate):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "in_progress",
                    "data": {
                        "proposal": "Single storey rear extension.",
                        "amenity": "No overlooking: the extension has no side windows.",
                    },
                }
            ]
        }
    )

    data: Summaries


def prefill(ctx: Context, case: dict[str, Any]) -> Summaries:
    """The proposal as the applicant described it and the site's address; the officer writes the rest."""
    site = case.get("site") or {}
    return Summaries(
        site_and_surroundings=f"The site is {site.get('address', '')}.".strip() if site.get("address") else "",
        proposal=case.get("description", ""),
    )
