"""Community Infrastructure Levy: whether the development is liable, its new floorspace and any exemption
or relief claimed, pre-filled from the applicant's CIL answers (ODP v0.7.7 ``data.application.CIL``, the
Form 1 "Additional information" questions) for the officer to confirm or correct.

The levy itself is charged by the council's CIL team; the officer records liability so the decision
notice and the CIL team start from the same answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from bops.domain.assessment import TaskUpdate
from bops.model import Model
from bops.services.assessment_tasks.sources import submission

if TYPE_CHECKING:
    from bops.services.context import Context

#: The exemptions and reliefs an applicant may claim (ODP ``CommunityInfrastructureLevy.result``).
EXEMPTIONS = {
    "exempt.annexe": "Residential annex exemption",
    "exempt.extension": "Residential extension exemption",
    "exempt.selfBuild": "Self-build exemption",
    "relief.charity": "Charitable relief",
    "relief.socialHousing": "Social housing relief",
}
Exemption = Literal["exempt.annexe", "exempt.extension", "exempt.selfBuild", "relief.charity", "relief.socialHousing"]


class CilLiability(Model):
    liable: bool | None = Field(None, description="Whether the development is CIL liable; null until decided")
    new_floorspace_sqm: float | None = Field(
        None, ge=0, le=10_000_000, description="Net additional gross internal area, square metres"
    )
    exemption: Exemption | None = Field(None, description="An exemption or relief claimed, if any")
    notes: str = Field("", max_length=20000, description="The officer's notes (and what the applicant answered)")


Data = CilLiability  # the name bops.services.assessment reads


class CilLiabilityUpdate(TaskUpdate):
    data: CilLiability


def prefill(ctx: Context, case: dict[str, Any]) -> CilLiability:
    """The applicant's answers: ``liable`` / ``notLiable`` / an exemption or relief, the net new floor area,
    and the answers that led there as notes. Nothing when the submission has no CIL answers."""
    answers = ((submission(ctx, case).get("data") or {}).get("application") or {}).get("CIL")
    if not isinstance(answers, dict):
        return CilLiability()
    return from_answers(answers)


def from_answers(answers: dict[str, Any]) -> CilLiability:
    """The task pre-filled from the ODP ``CIL`` object (either of its forms: liable or not liable)."""
    result = answers.get("result")
    liable: bool | None = None
    exemption: str | None = None
    if result == "notLiable":
        liable = False
    elif result == "liable":
        liable = True
    elif result in EXEMPTIONS:
        # an exemption or relief is claimed on a liable development: the levy is still assessed
        liable, exemption = True, result
    net = ((answers.get("proposedTotalArea") or {}).get("net") or {}).get("squareMetres")
    notes = ["From the applicant's CIL answers:"]
    for key, question in (
        ("newDwellings", "Creates one or more new dwellings"),
        ("floorAreaHundredPlus", "Creates 100 m² or more of new floorspace"),
        ("newResidentialDevelopment", "New residential development"),
        ("newNonResidentialDevelopment", "New non-residential development"),
        ("s73Application", "Removes or varies conditions (section 73)"),
        ("existingPermissionPrecedingCIL", "Details of a permission granted before CIL was charged"),
    ):
        if isinstance(answers.get(key), bool):
            notes.append(f"- {question}: {'yes' if answers[key] else 'no'}")
    if exemption:
        notes.append(f"- Claimed: {EXEMPTIONS[exemption]}")
    return CilLiability(
        liable=liable,
        new_floorspace_sqm=float(net)
        if isinstance(net, int | float) and not isinstance(net, bool) and net >= 0
        else None,
        exemption=exemption,  # one of EXEMPTIONS' keys
        notes="\n".join(notes) if len(notes) > 1 else "",
    )
