"""Planning constraints on a site: what the applicant's service said, what the designation data shows, and
what the officer confirmed. Pure: the sources that look designations up are adapters
(``bops.adapters.constraints``); the datasets, their ODP names and the consultees they call for are data
(``data/constraints.json``).

A constraint names a planning.data.gov.uk dataset (``conservation-area``, ``listed-building-outline``, ...),
the designated entity where known (its entity number and the publisher's reference), where it came from
(``submission``: PlanX's ``data.property.planning.designations`` in the ODP submission; ``planning.data``:
planning.data.gov.uk's entity API; ``local``: the bundled demo data set; ``officer``: added by hand) and
the officer's view of it (``suggested`` until confirmed or removed). A constraint suggests consultees from
the council's directory (a listed building: the conservation officer, Historic England).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Literal, Protocol

from pydantic import Field

from bops.domain.councils import DirectoryConsultee
from bops.domain.geometry import Shape, shape_of, shapes_intersect
from bops.model import Model

Source = Literal["submission", "planning.data", "local", "officer"]
Status = Literal["confirmed", "removed", "suggested"]
DATASET_PATTERN = r"^[a-z0-9][a-z0-9.-]{0,99}$"
_ENTITY_URL = re.compile(r"/entity/([0-9]{1,15})/?$")


class Constraint(Model):
    """One planning constraint on the site, with where it came from and the officer's view of it."""

    dataset: str = Field(
        pattern=DATASET_PATTERN, description="The planning.data.gov.uk dataset, e.g. conservation-area"
    )
    name: str = Field(min_length=1, max_length=200, description="What officers call it, e.g. Conservation area")
    reference: str | None = Field(None, max_length=100, description="The publisher's reference, e.g. CA12")
    entity: int | None = Field(None, ge=0, le=10**15, description="The planning.data.gov.uk entity number")
    description: str | None = Field(
        None, max_length=500, description="Which one: the designated area's or building's name, a grade"
    )
    source: Source = Field(description="submission, planning.data, local (the bundled demo data) or officer")
    status: Status = Field(description="suggested until the officer confirms or removes it")


class DatasetSpec(Model):
    name: str
    odp: list[str]
    planning_data: bool
    consultees: list[str]


@cache
def _table() -> dict[str, Any]:
    text = resources.files("bops.domain").joinpath("data/constraints.json").read_text(encoding="utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


@cache
def datasets() -> dict[str, DatasetSpec]:
    """The datasets the assessment knows, by planning.data.gov.uk name."""
    return {name: DatasetSpec.model_validate(spec) for name, spec in _table()["datasets"].items()}


def planning_data_datasets() -> list[str]:
    """The datasets planning.data.gov.uk is asked about (the others come only from the submission)."""
    return [name for name, spec in datasets().items() if spec.planning_data]


def dataset_name(dataset: str) -> str:
    spec = datasets().get(dataset)
    return spec.name if spec else dataset.replace("-", " ").capitalize()


def dataset_for_odp(value: str) -> str | None:
    """The dataset an ODP designation value names (``listed.gradeTwo`` -> ``listed-building-outline``);
    None for a grouping that names no designation of its own (``designated``)."""
    for name, spec in datasets().items():
        if any(value == odp or value.startswith(odp + ".") for odp in spec.odp):
            return name
    return None


def _entity_number(entity: Any) -> int | None:
    source = entity.get("source") if isinstance(entity, Mapping) else None
    url = source.get("url") if isinstance(source, Mapping) else None
    match = _ENTITY_URL.search(url) if isinstance(url, str) else None
    return int(match.group(1)) if match else None


def from_submission(designations: Iterable[Mapping[str, Any]]) -> list[Constraint]:
    """The constraints PlanX found (ODP ``data.property.planning.designations`` with ``intersects: true``),
    one per designated entity where PlanX names them, else one per dataset described by its narrowest
    designation (``Listed building - Grade II`` rather than ``Listed building``)."""
    groupings = set(_table()["odp_groupings"])
    narrowest: dict[str, tuple[str, str | None]] = {}
    found: list[Constraint] = []
    for designation in designations:
        value = designation.get("value")
        if designation.get("intersects") is not True or not isinstance(value, str) or value in groupings:
            continue
        dataset = dataset_for_odp(value) or _unknown_dataset(value)
        if dataset is None:
            continue
        text = designation.get("description")
        description = text[:500] if isinstance(text, str) else None
        known = narrowest.get(dataset)
        if known is None or len(value) > len(known[0]):
            narrowest[dataset] = (value, description)
        for entity in designation.get("entities") or []:
            name = entity.get("name") if isinstance(entity, Mapping) else None
            found.append(
                Constraint(
                    dataset=dataset,
                    name=dataset_name(dataset),
                    entity=_entity_number(entity),
                    description=name[:500] if isinstance(name, str) and name else None,
                    source="submission",
                    status="suggested",
                )
            )
    named = {c.dataset for c in found}
    for dataset, (_value, description) in narrowest.items():
        if dataset not in named:
            found.append(
                Constraint(
                    dataset=dataset,
                    name=dataset_name(dataset),
                    description=description if description and description != dataset_name(dataset) else None,
                    source="submission",
                    status="suggested",
                )
            )
    order = list(datasets())
    found.sort(key=lambda c: order.index(c.dataset) if c.dataset in order else len(order))
    return merge([], found)


def _unknown_dataset(value: str) -> str | None:
    """An ODP designation this table does not list keeps its own name, as a dataset-like slug."""
    slug = re.sub(r"[^a-z0-9.-]+", "-", value.lower()).strip("-.")
    return slug[:100] or None


def _same(a: Constraint, b: Constraint) -> bool:
    if a.dataset != b.dataset:
        return False
    if a.entity is not None and b.entity is not None:
        return a.entity == b.entity
    if a.reference and b.reference:
        return a.reference == b.reference
    return False


def merge(existing: Sequence[Constraint], found: Iterable[Constraint]) -> list[Constraint]:
    """``existing`` followed by what ``found`` adds. A found designation already listed (same dataset and
    entity or reference) is not listed twice; one of a dataset already listed without naming the
    designated entity fills that entry's entity, reference and description (it keeps its source)."""
    out = list(existing)
    for new in found:
        if any(_same(c, new) for c in out):
            continue
        vague = next(
            (i for i, c in enumerate(out) if c.dataset == new.dataset and c.entity is None and not c.reference),
            None,
        )
        if vague is not None:
            c = out[vague]
            out[vague] = c.model_copy(
                update={
                    "entity": new.entity,
                    "reference": new.reference,
                    "description": c.description or new.description,
                }
            )
            continue
        out.append(new)
    return out


# --- designations held as GeoJSON (the bundled data set) -----------------------------------------


class Designated(Model):
    """A designated area or building outline from a GeoJSON data set, with its shape."""

    dataset: str
    name: str | None = None
    reference: str | None = None
    entity: int | None = None
    shape: Any = Field(exclude=True)


def load_features(collection: Mapping[str, Any]) -> list[Designated]:
    """The designations of a GeoJSON FeatureCollection whose features carry ``dataset`` (a dataset of
    ``data/constraints.json``), ``name``, ``reference`` and ``entity`` (optional) in their properties.

    Raises ``ValueError`` naming the feature for one without a known dataset or a usable geometry.
    """
    if collection.get("type") != "FeatureCollection":
        raise ValueError("the data set must be a GeoJSON FeatureCollection")
    out = []
    for index, feature in enumerate(collection.get("features") or []):
        properties = feature.get("properties") or {}
        dataset = properties.get("dataset")
        if dataset not in datasets():
            raise ValueError(f"feature {index}: unknown dataset {dataset!r}")
        try:
            shape = shape_of(feature)
        except Exception as error:  # InvalidRequest or ValueError: either way the file is wrong
            raise ValueError(f"feature {index}: {error}") from None
        out.append(
            Designated(
                dataset=dataset,
                name=properties.get("name"),
                reference=properties.get("reference"),
                entity=properties.get("entity"),
                shape=shape,
            )
        )
    return out


def intersecting(designations: Iterable[Designated], site: Shape, *, source: Source) -> list[Constraint]:
    """The designations that share a point with the site, as suggested constraints from ``source``."""
    return [
        Constraint(
            dataset=d.dataset,
            name=dataset_name(d.dataset),
            reference=d.reference,
            entity=d.entity,
            description=d.name,
            source=source,
            status="suggested",
        )
        for d in designations
        if shapes_intersect(d.shape, site)
    ]


class ConstraintsSource(Protocol):
    """Where designations come from: planning.data.gov.uk in AWS, the bundled demo data set locally."""

    #: What the constraints it finds record as their source.
    source: Source

    def intersecting(self, site: Shape) -> list[Constraint]:
        """The designations that intersect the site (its red line, else its point)."""
        ...


# --- consultees ------------------------------------------------------------------------------------


class SuggestedConsultee(Model):
    """A consultee of the council's directory that a constraint on the site calls for."""

    constraint: str = Field(description="The constraint's dataset, e.g. listed-building-outline")
    constraint_name: str
    consultee_id: str = Field(description="The directory entry (for NewConsultee.directory_id)")
    name: str
    organisation: str


def suggest_consultees(
    constraints: Iterable[Constraint], directory: Iterable[DirectoryConsultee]
) -> list[SuggestedConsultee]:
    """For each constraint not removed, the directory entries whose name, organisation or expertise
    holds one of the dataset's consultee words (``data/constraints.json``); each pair once."""
    entries = list(directory)
    out: list[SuggestedConsultee] = []
    seen: set[tuple[str, str]] = set()
    for constraint in constraints:
        if constraint.status == "removed":
            continue
        spec = datasets().get(constraint.dataset)
        words = spec.consultees if spec else []
        for entry in entries:
            text = " ".join([entry.name, entry.organisation, entry.expertise or ""]).lower()
            if (constraint.dataset, entry.id) in seen or not any(w in text for w in words):
                continue
            seen.add((constraint.dataset, entry.id))
            out.append(
                SuggestedConsultee(
                    constraint=constraint.dataset,
                    constraint_name=constraint.name,
                    consultee_id=entry.id,
                    name=entry.name,
                    organisation=entry.organisation,
                )
            )
    return out
