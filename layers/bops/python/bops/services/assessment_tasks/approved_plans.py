"""The plans listed on the decision notice: the drawings the permission approves, by drawing number.

Pre-filled from the application's current documents that are plans (ODP file types such as
``sitePlan.proposed``, ``elevations.proposed``, ``floorPlan.proposed``, ``locationPlan``), with the
drawing number an officer set on the document, else the one the applicant gave the file in the submission
(ODP v0.7.7 ``files[].number``), matched by file name; a plan without one is listed with a blank number for
the officer to enter. Documents officers marked as referenced on the decision notice, when there are any,
are the ones listed. The officer
removes plans that are not approved, and may list other documents of the case; an id that is not a
document of this application is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain.assessment import TaskUpdate
from bops.domain.documents import DOCUMENT_ID_PATTERN
from bops.domain.errors import FieldError, InvalidRequest, field_path
from bops.model import Model
from bops.services.assessment_tasks.sources import file_name, submission

if TYPE_CHECKING:
    from bops.repository.documents import StoredDocument
    from bops.services.context import Context

#: The ODP file types that are plans approved by a permission, in the order a notice lists them.
PLAN_TYPES = {
    "locationPlan": "Location plan",
    "sitePlan.proposed": "Proposed site plan",
    "floorPlan.proposed": "Proposed floor plans",
    "elevations.proposed": "Proposed elevations",
    "sections.proposed": "Proposed sections",
    "roofPlan.proposed": "Proposed roof plan",
    "streetScene": "Street scene",
    "otherDrawing": "Drawing",
}
MAX_PLANS = 100


class ApprovedPlan(Model):
    document_id: str = Field(max_length=64, description="A document of this application")
    drawing_number: str = Field("", max_length=100, description="The drawing number, as on the drawing")
    title: str = Field("", max_length=300, description="What the drawing shows, e.g. 'Proposed elevations'")


class ApprovedPlans(Model):
    plans: list[ApprovedPlan] = Field(default_factory=list, max_length=MAX_PLANS)


Data = ApprovedPlans  # the name bops.services.assessment reads


class ApprovedPlansUpdate(TaskUpdate):
    data: ApprovedPlans


def prefill(ctx: Context, case: dict[str, Any]) -> ApprovedPlans:
    """The current received documents tagged as plans, in notice order, with their drawing numbers.

    When officers marked documents as referenced on the decision notice (``Document.on_decision_notice``),
    those are the plans listed; a document's own drawing number (set by an officer) wins over the one the
    applicant gave in the submission.
    """
    documents = [d for d in ctx.repo.documents.list(case["council"], case["reference"]) if _usable(d)]
    numbers = drawing_numbers(submission(ctx, case))
    marked = [d for d in documents if d.on_decision_notice]
    plans: list[tuple[int, str, ApprovedPlan]] = []
    for d in marked or documents:
        found = plan_title(d.tags) or ((len(PLAN_TYPES), (d.type_names or ["Document"])[0]) if marked else None)
        if found is not None:
            order, title = found
            number = d.drawing_number or numbers.get(d.file_name, "")
            plan = ApprovedPlan(document_id=d.id, drawing_number=number, title=title)
            plans.append((order, d.uploaded_at, plan))
    plans.sort(key=lambda p: (p[0], p[1]))
    return ApprovedPlans(plans=[p for _, _, p in plans])


def plan_title(tags: list[str]) -> tuple[int, str] | None:
    """The first plan type among a document's tags (its place in the notice's order, and its title)."""
    order = list(PLAN_TYPES)
    kinds = sorted(order.index(t) for t in tags if t in PLAN_TYPES)
    return (kinds[0], PLAN_TYPES[order[kinds[0]]]) if kinds else None


def drawing_numbers(body: dict[str, Any]) -> dict[str, str]:
    """The applicant's drawing numbers by file name (``files[].number`` of the submission)."""
    numbers: dict[str, str] = {}
    for entry in body.get("files") or []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str) and isinstance(entry.get("number"), str):
            numbers.setdefault(file_name(entry["name"]), entry["number"].strip()[:100])
    return numbers


def _usable(document: StoredDocument) -> bool:
    return document.status == "received" and not document.archived


def check(ctx: Context, case: dict[str, Any], data: ApprovedPlans) -> None:
    """Each plan is a current document of this application, listed once."""
    if not data.plans:
        return
    documents = {d.id: d for d in ctx.repo.documents.list(case["council"], case["reference"])}
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, plan in enumerate(data.plans):
        at = field_path(("data", "plans", i, "document_id"))
        document = documents.get(plan.document_id) if DOCUMENT_ID_PATTERN.match(plan.document_id) else None
        if document is None or document.status == "rejected":
            errors.append(FieldError(at, "is not a document of this application"))
        elif document.archived:
            errors.append(FieldError(at, "was replaced by a newer document"))
        elif plan.document_id in seen:
            errors.append(FieldError(at, "is listed twice"))
        seen.add(plan.document_id)
    if errors:
        raise InvalidRequest("The plans are not valid", fields=errors[:20])
