"""Check constraints: the planning designations on the site, each with where it came from, confirmed or
removed by the officer (who may add one the sources missed), and the consultees they call for.

Pre-filled from the submission (PlanX's ``data.property.planning.designations`` that intersect the site)
and from the constraints source (``bops.adapters.constraints``: planning.data.gov.uk in AWS, the bundled
demo data set locally), asked about the red line (an accepted red line change, else the submission's
``data.proposal.boundary.site``, else the title boundary, else the site's point).

Stored ``data`` (the contract the report and the notice read)::

    {"constraints": [{"dataset", "name", "reference", "entity", "description", "source", "status"}],
     "notes": str,
     "suggested_consultees": [{"constraint", "constraint_name", "consultee_id", "name", "organisation"}],
     "lookup_note": str | null}

``status`` is ``suggested`` until the officer confirms or removes it (a constraint still ``suggested``
was not checked); ``suggested_consultees`` is worked out from the constraints not removed and the
council's consultee directory each time the task is saved.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain import constraints as rules
from bops.domain.assessment import TaskUpdate
from bops.domain.constraints import Constraint, SuggestedConsultee
from bops.domain.errors import DomainError, FieldError, InvalidRequest, UpstreamError
from bops.domain.geometry import Shape, shape_of
from bops.model import Model

if TYPE_CHECKING:
    from bops.services.context import Context

logger = logging.getLogger("bops.services.assessment_tasks.constraints")

MAX_CONSTRAINTS = 200


class Constraints(Model):
    constraints: list[Constraint] = Field(
        default_factory=list, max_length=MAX_CONSTRAINTS, description="The constraints on the site"
    )
    notes: str = Field("", max_length=20000, description="The officer's notes on the constraints")
    suggested_consultees: list[SuggestedConsultee] = Field(
        default_factory=list,
        description="Consultees from the council's directory the constraints call for (worked out on saving)",
    )
    lookup_note: str | None = Field(
        None, max_length=1000, description="Why the designation data could not be asked, when it could not"
    )


Data = Constraints  # the name bops.services.assessment reads


class ConstraintsUpdate(TaskUpdate):
    data: Constraints


def prefill(ctx: Context, case: dict[str, Any]) -> Constraints:
    """What the submission said, plus what the constraints source finds on the red line."""
    submission = _submission(ctx, case)
    planning = ((submission.get("data") or {}).get("property") or {}).get("planning") or {}
    found = rules.from_submission(planning.get("designations") or [])
    note = None
    site = site_shape(case, submission)
    if site is None:
        note = "The site has neither a boundary nor a point: the designation data was not asked."
    else:
        from bops.adapters.constraints import constraints_source

        try:
            found = rules.merge(found, constraints_source().intersecting(site))
        except UpstreamError as error:  # the source failed: the officer still gets what the submission said
            note = f"The designation data could not be checked: {error.message}"
    return Constraints(
        constraints=found,
        suggested_consultees=rules.suggest_consultees(found, ctx.repo.councils.consultees(case["council"])),
        lookup_note=note,
    )


def check(ctx: Context, case: dict[str, Any], data: Constraints) -> None:
    """A constraint the officer adds is theirs (source ``officer``) and confirmed; the consultees are
    worked out again from what is left."""
    for index, constraint in enumerate(data.constraints):
        if constraint.source == "officer" and constraint.status == "suggested":
            raise InvalidRequest(
                "Confirm the constraint you added",
                fields=[FieldError(f"data.constraints[{index}].status", "a constraint you add is confirmed")],
            )
    # Derived, never taken from the request: the directory may have changed, and a client cannot add to it.
    data.suggested_consultees = rules.suggest_consultees(
        data.constraints, ctx.repo.councils.consultees(case["council"])
    )


def _submission(ctx: Context, case: dict[str, Any]) -> dict[str, Any]:
    key = case.get("submission_key")
    if not key:
        return {}
    try:
        data = json.loads(ctx.storage.read(key))
    except Exception:  # a missing or unreadable submission must not fail the task list: say so in the log
        logger.warning("constraints: the submission of a case could not be read")
        return {}
    return data if isinstance(data, dict) else {}


def site_shape(case: dict[str, Any], submission: dict[str, Any]) -> Shape | None:
    """The red line the designations are checked against: an accepted red line change, else the proposal's
    boundary, else the title boundary, else the site's point."""
    data = submission.get("data") or {}
    candidates = [
        case.get("red_line_boundary"),
        ((data.get("proposal") or {}).get("boundary") or {}).get("site"),
        ((data.get("property") or {}).get("boundary") or {}).get("site"),
    ]
    for candidate in candidates:
        if isinstance(candidate, dict):
            try:
                return shape_of(candidate)
            except (DomainError, ValueError, KeyError, TypeError, IndexError):
                continue  # a malformed boundary: try the next
    site = case.get("site") or {}
    lat, lon = site.get("latitude"), site.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return [], [(float(lon), float(lat))]
    return None
