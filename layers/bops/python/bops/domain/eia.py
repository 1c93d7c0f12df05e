"""Environmental Impact Assessment screening: is a proposal EIA development, or must it be screened? Pure.

The Town and Country Planning (Environmental Impact Assessment) Regulations 2017 (SI 2017/571):

- **Schedule 1** development is always EIA development (reg. 2(1)): e.g. para. 19, quarries and open-cast
  mining where the site exceeds 25 hectares; para. 16, pipelines over 800 mm across and 40 km long.
- **Schedule 2** development is development of a description in Column 1 of Schedule 2 where any part is
  to be carried out in a *sensitive area* (an SSSI, a National Park, the Broads, a World Heritage Site, a
  scheduled monument, a National Landscape (AONB) or a European site: reg. 2(1)) or where an applicable
  threshold or criterion in Column 2 is exceeded or met: e.g. para. 10(a), industrial estates over 0.5
  hectare; para. 10(b), urban development of more than 1 hectare that is not dwellinghouse development,
  more than 150 dwellings, or an overall area over 5 hectares. Schedule 2 development is EIA development
  only when likely to have significant effects on the environment (the Schedule 3 selection criteria):
  the authority's screening opinion decides (reg. 5), recorded by the officer as ``eia_required``.

EIA development has 16 weeks for its decision (DMPO 2015 art. 34(2)(a)): ``bops.domain.clock``.
The descriptions and thresholds are data (``data/eia_thresholds.json``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import Field

from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

Schedule = Literal["none", "schedule_1", "schedule_2"]
MEASURES = (
    "site_area_ha",
    "non_dwelling_area_ha",
    "dwellings",
    "new_floorspace_sqm",
    "turbines",
    "hub_height_m",
    "capacity_mw",
    "length_km",
    "diameter_mm",
    "livestock_places",
)


class Criterion(Model):
    measure: str
    over: float | None = Field(None, description="Met when the figure exceeds this")
    at_least: float | None = Field(None, description="Met when the figure is this or more")

    def met(self, figures: Figures) -> bool:
        value = getattr(figures, self.measure)
        if value is None:
            return False
        if self.over is not None:
            return bool(value > self.over)
        return self.at_least is not None and bool(value >= self.at_least)

    def describe(self) -> str:
        name = self.measure.replace("_", " ")
        return f"{name} over {self.over:g}" if self.over is not None else f"{name} of {self.at_least:g} or more"


class Description(Model):
    """A description of development in Schedule 1 or 2, with its thresholds."""

    id: str
    schedule: Literal["schedule_1", "schedule_2"]
    paragraph: str
    title: str
    match: Literal["any", "all"] = "any"
    criteria: list[Criterion] = Field(default_factory=list)


class Figures(Model):
    """What the proposal measures (any may be unknown)."""

    site_area_ha: float | None = Field(None, ge=0, description="Area of the development, hectares")
    non_dwelling_area_ha: float | None = Field(
        None, ge=0, description="Urban development which is not dwellinghouse development, hectares"
    )
    dwellings: int | None = Field(None, ge=0)
    new_floorspace_sqm: float | None = Field(None, ge=0)
    turbines: int | None = Field(None, ge=0)
    hub_height_m: float | None = Field(None, ge=0)
    capacity_mw: float | None = Field(None, ge=0)
    length_km: float | None = Field(None, ge=0)
    diameter_mm: float | None = Field(None, ge=0)
    livestock_places: int | None = Field(None, ge=0)
    sensitive_area: bool = Field(False, description="Any part in a sensitive area (reg. 2(1))")


class Screening(Model):
    """What the thresholds say about a proposal of one description."""

    category: str
    schedule: Literal["schedule_1", "schedule_2"]
    paragraph: str
    threshold_met: bool = Field(description="Schedule 1: EIA development; Schedule 2: it must be screened")
    eia_development: bool = Field(description="True when EIA is required whatever the screening (Schedule 1)")
    reasons: list[str]


@cache
def _table() -> dict[str, Description]:
    text = resources.files("bops.domain").joinpath("data/eia_thresholds.json").read_text(encoding="utf-8")
    rows = [Description.model_validate(d) for d in json.loads(text)["descriptions"]]
    for row in rows:
        unknown = [c.measure for c in row.criteria if c.measure not in MEASURES]
        if unknown:
            raise ValueError(f"EIA description {row.id} has unknown measures {unknown}")
    return {row.id: row for row in rows}


def descriptions() -> list[Description]:
    """Every description of development the screening knows, Schedule 1 first."""
    return list(_table().values())


def description(category: str, *, field: str = "category") -> Description:
    """The description ``category`` names, or ``InvalidRequest`` naming ``field``."""
    found = _table().get(category)
    if found is None:
        raise InvalidRequest(
            f"{category!r} is not a description of development in Schedule 1 or 2",
            fields=[FieldError(field, "must be one of: " + ", ".join(_table()))],
        )
    return found


def screen(category: str, figures: Figures, *, field: str = "category") -> Screening:
    """Whether a proposal of description ``category`` with these figures meets the thresholds (module doc)."""
    row = description(category, field=field)
    met = [c for c in row.criteria if c.met(figures)]
    label = f"Schedule {row.schedule[-1]} paragraph {row.paragraph}"
    reasons: list[str] = []
    if not row.criteria:
        threshold = True
        reasons.append(f"{label}: development of this description, of any size")
    elif row.match == "all":
        threshold = len(met) == len(row.criteria)
    else:
        threshold = bool(met)
    reasons += [f"{label}: {c.describe()}" for c in met] if threshold and row.criteria else []
    if row.schedule == "schedule_2" and figures.sensitive_area:
        threshold = True
        reasons.append(f"{label}: in a sensitive area, where no threshold applies")
    return Screening(
        category=row.id,
        schedule=row.schedule,
        paragraph=row.paragraph,
        threshold_met=threshold,
        eia_development=threshold and row.schedule == "schedule_1",
        reasons=reasons,
    )


class DescriptionList(Model):
    descriptions: list[Description]
