"""Removal of permitted development rights: whether the permission removes rights the General Permitted
Development Order (GPDO 2015, Schedule 2) would otherwise give the site, which classes, and why.

A condition removing them must be justified (NPPF paragraph 54: only where there is clear justification),
so a reason is required when rights are removed; the conditions task words the condition itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator

from bops.domain.assessment import TaskUpdate
from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

if TYPE_CHECKING:
    from bops.services.context import Context

#: The GPDO 2015 Schedule 2 classes most often removed, as the notice names them (data shared with the front
#: end's task page: frontend/build.mjs writes it into js/gpdo-classes.js).
GPDO_CLASSES_FILE = Path(__file__).parents[2] / "domain" / "data" / "gpdo_classes.json"
GPDO_CLASSES: dict[str, str] = {
    entry["class"]: entry["description"] for entry in json.loads(GPDO_CLASSES_FILE.read_text())["classes"]
}


class PermittedDevelopmentRights(Model):
    remove: bool = Field(False, description="Whether the permission removes permitted development rights")
    classes: list[str] = Field(
        default_factory=list,
        max_length=len(GPDO_CLASSES),
        description="The GPDO Schedule 2 classes removed, e.g. 'Part 1 Class A'",
        json_schema_extra={"items": {"type": "string", "enum": list(GPDO_CLASSES)}},
    )
    reason: str = Field("", max_length=5000, description="Why the rights are removed (required when removing)")

    @field_validator("classes")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in GPDO_CLASSES]
        if unknown:
            raise ValueError(f"unknown class {unknown[0]!r}: one of " + ", ".join(GPDO_CLASSES))
        return list(dict.fromkeys(value))


Data = PermittedDevelopmentRights  # the name bops.services.assessment reads


class PermittedDevelopmentRightsUpdate(TaskUpdate):
    data: PermittedDevelopmentRights


def prefill(ctx: Context, case: dict[str, Any]) -> PermittedDevelopmentRights:
    """Rights are kept unless the officer decides otherwise."""
    return PermittedDevelopmentRights()


def check(ctx: Context, case: dict[str, Any], data: PermittedDevelopmentRights) -> None:
    """Removing rights needs the classes removed and the reason; keeping them needs neither."""
    errors = []
    if data.remove:
        if not data.classes:
            errors.append(FieldError("data.classes", "choose at least one class when removing rights"))
        if not data.reason.strip():
            errors.append(FieldError("data.reason", "required when removing rights"))
    elif data.classes:
        errors.append(FieldError("data.classes", "must be empty when rights are not removed"))
    if errors:
        raise InvalidRequest("The removal of permitted development rights is not complete", fields=errors)
