"""Environmental impact assessment screening: the description of development the proposal falls under
(Schedule 1 or 2 of the EIA Regulations 2017), its figures, whether the thresholds are met, and the
officer's screening conclusion.

The task's data (``EiaScreening``): ``schedule`` ("none" | "schedule_1" | "schedule_2") and
``threshold_met`` (worked out from ``category`` and ``figures`` by ``bops.domain.eia`` when saved),
``category`` (a description's id, e.g. "sch2-10b", or null when the proposal is of no description),
``eia_required`` (the screening opinion) and ``notes``.

Recording ``eia_required`` switches the case to the 16-week period for EIA development (and back),
audited, through ``bops.services.cases.set_eia``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain import eia as rules
from bops.domain.assessment import TaskUpdate
from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

if TYPE_CHECKING:
    from bops.auth import Identity
    from bops.services.context import Context


class EiaScreening(Model):
    schedule: rules.Schedule = Field("none", description="Worked out from the category when saved")
    category: str | None = Field(None, max_length=40, description="The description of development, e.g. 'sch2-10b'")
    figures: rules.Figures = Field(default_factory=rules.Figures, description="What the proposal measures")
    threshold_met: bool = Field(False, description="Worked out from the category and figures when saved")
    reasons: list[str] = Field(default_factory=list, description="Which thresholds are met (worked out)")
    eia_required: bool = Field(False, description="The screening opinion: EIA development (16-week period)")
    notes: str = Field("", max_length=20000)


Data = EiaScreening  # the name bops.services.assessment reads


class EiaScreeningUpdate(TaskUpdate):
    data: EiaScreening


def prefill(ctx: Context, case: dict[str, Any]) -> EiaScreening:
    """Not EIA development unless the case says so already."""
    return EiaScreening(eia_required=bool(case.get("eia")))


def check(ctx: Context, case: dict[str, Any], data: EiaScreening) -> None:
    """Works out the schedule and the thresholds from the figures; Schedule 1 development with its
    thresholds met is always EIA development; only a type that can be EIA development can be marked so."""
    from bops.domain.application_types import get_type

    if data.category:
        result = rules.screen(data.category, data.figures, field="data.category")
        data.schedule, data.threshold_met, data.reasons = result.schedule, result.threshold_met, result.reasons
        if result.eia_development and not data.eia_required:
            raise InvalidRequest(
                "Schedule 1 development is always EIA development",
                fields=[FieldError("data.eia_required", f"must be true: {'; '.join(result.reasons)}")],
            )
    else:
        data.schedule, data.threshold_met, data.reasons = "none", False, []
    app_type = get_type(case["application_type"])
    if data.eia_required and not app_type.features.eia_possible:
        raise InvalidRequest(
            f"{app_type.name} cannot be EIA development",
            fields=[FieldError("data.eia_required", "an Environmental Impact Assessment does not apply")],
        )


def applied(ctx: Context, identity: Identity, case: dict[str, Any], data: EiaScreening) -> None:
    """After the task is saved: the case follows the screening opinion (16 weeks for EIA development)."""
    from bops.services.cases import set_eia

    if bool(case.get("eia")) != data.eia_required:
        set_eia(ctx, identity, case, data.eia_required)
