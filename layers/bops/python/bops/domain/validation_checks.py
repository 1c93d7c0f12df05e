"""Automated validation on arrival: the checks an officer makes before validating an application. Pure.

``run_checks(submission, received_on=..., local_list=...)`` runs five checks on a parsed ODP submission
and answers a ``ValidationReport``. Each ``Check`` says what was looked at (``title``, in an officer's
words), the ``outcome`` (passed, failed, not applicable, or a warning for the officer to look at), the
``evidence`` found in plain English, and, when it failed, a ``DraftRequest``: the validation request the
officer would send the applicant, ready to review, edit and send (nothing is sent from here).

The checks
    ``schema``
        The submission conforms to the ODP schema v0.7.7. A ``Submission`` only exists once it has, so
        this always passes; it is in the report so the officer sees it was checked.
    ``required_documents``
        The documents on the national list for the application type (``data/required_documents.json``)
        and on the council's local list (``LocalList``), matched by ODP file type against the files in the
        submission and the documents uploaded since. A drawing tagged with several types counts for each;
        a requirement may accept alternatives (a use plan for a floor plan); the red line boundary drawn on
        the map serves as the location plan.
    ``fee``
        The fee worked out from the fee table (``bops.domain.fees``) for the date received, taking the
        exemptions and reductions claimed into account, against the fee paid. Underpaid: failed, with a
        fee change request for the difference. Overpaid: a warning (the council refunds the difference).
    ``ownership_certificate``
        Where the type needs one (``Features.ownership_certificate_required``): a certificate is given and
        fits the applicant's interest (a sole owner gives certificate A); certificate B names every other
        owner with the date notice was served on them, no more than 21 days before the application was
        made (DMPO 2015, arts. 13 and 14); C and D also need the notice published in a local newspaper.
    ``red_line_boundary``
        The red line the applicant drew (``data.proposal.boundary.site``) is a GeoJSON Polygon or
        MultiPolygon of closed rings in the United Kingdom, of a plausible area (more than 1 m², less than
        100 ha, or 5,000 ha for major development), around the site address.

No clock is read: the received date is an argument; the date the application was made is the
submission's ``submittedAt``. Data files are read on first use and cached.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal
from urllib.parse import unquote

from pydantic import ConfigDict, Field, StrictBool, computed_field, field_validator, model_validator

from bops.domain import fee_payments
from bops.domain.application_types import ApplicationType, Category, get_type
from bops.domain.documents import FILE_TYPE_SCHEMA, ODP_FILE_TYPES
from bops.domain.errors import UnknownApplicationType
from bops.domain.fees import FeeAssessment, fee_for, format_pence, long_date, pounds_to_pence
from bops.domain.time import london_date
from bops.model import Model
from bops.odp.models import (
    SCHEMA_VERSION,
    OwnerNoNoticeGiven,
    OwnerNoticeDate,
    OwnerNoticeGiven,
    Ownership,
    Submission,
    SubmissionSummary,
    code_list,
)

CheckId = Literal["schema", "required_documents", "fee", "ownership_certificate", "red_line_boundary"]
Outcome = Literal["passed", "failed", "not_applicable", "warning"]
DraftRequestType = Literal[
    "additional_document", "fee_change", "ownership_certificate", "red_line_boundary_change", "other_change"
]

CHECK_TITLES: Mapping[CheckId, str] = {
    "schema": f"Submission conforms to the ODP schema v{SCHEMA_VERSION}",
    "required_documents": "Documents on the national and local validation lists are provided",
    "fee": "The correct fee has been paid",
    "ownership_certificate": "The ownership certificate is complete and correct",
    "red_line_boundary": "The red line boundary is drawn correctly",
}

NOTICE_WINDOW_DAYS = 21
"""Notice to owners (and a newspaper notice) must be given no more than 21 days before the application."""
MIN_SITE_AREA_M2 = 1.0
MAX_SITE_AREA_M2 = 1_000_000.0  # 100 ha
MAX_MAJOR_SITE_AREA_M2 = 50_000_000.0  # 5,000 ha
AREA_TOLERANCE = 0.10
"""The area the applicant states may differ from the drawn boundary's by this fraction before a warning."""
ADDRESS_NEAR_M = 100.0
"""A site address point outside the red line but within this distance is a warning; further is a failure."""
UK_LONGITUDE = (-8.7, 1.8)
UK_LATITUDE = (49.8, 60.9)
GENERAL_FILE_TYPES = ("necessaryInformation", "relevantInformation", "otherDrawing", "otherDocument", "otherSupporting")
"""File types that say nothing about what a file shows; an officer must open such files to tell."""
EARTH_RADIUS_M = 6_378_137.0  # WGS 84 equatorial radius, as PlanX (turf.js) uses for areas


# --- the report ----------------------------------------------------------------------------------------


class DraftRequest(Model):
    """A validation request drafted by the checks, for the officer to review and send.

    ``type`` is one of the validation request types (``bops.domain.validation_requests.RequestType``);
    ``detail`` is the text for the applicant. ``document_types`` (ODP file types) go with an additional
    document request; ``amount_pence`` (the amount still to pay) with a fee change.
    """

    model_config = ConfigDict(frozen=True)

    type: DraftRequestType
    summary: str = Field(min_length=1)
    detail: str = Field(min_length=1)
    document_types: tuple[str, ...] = ()
    amount_pence: int | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> DraftRequest:
        if (self.type == "additional_document") != bool(self.document_types):
            raise ValueError("document_types go with (and only with) an additional document request")
        unknown = [t for t in self.document_types if t not in ODP_FILE_TYPES]
        if unknown:
            raise ValueError(f"not ODP file types: {', '.join(unknown)}")
        if (self.type == "fee_change") != (self.amount_pence is not None):
            raise ValueError("amount_pence goes with (and only with) a fee change request")
        if self.amount_pence is not None and self.amount_pence <= 0:
            raise ValueError("amount_pence must be more than nothing")
        return self


class Check(Model):
    """One automated check: what was checked, the outcome, what was found, and the request to send."""

    model_config = ConfigDict(frozen=True)

    id: CheckId
    title: str
    outcome: Outcome
    evidence: str
    draft_request: DraftRequest | None = None

    @model_validator(mode="after")
    def _draft_only_when_failed(self) -> Check:
        if self.draft_request is not None and self.outcome != "failed":
            raise ValueError("only a failed check drafts a request")
        return self


class ValidationReport(Model):
    """The outcome of the automated checks on one submission."""

    model_config = ConfigDict(frozen=True)

    application_type: str
    received_on: date
    checks: tuple[Check, ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        """No check failed (warnings are for the officer to look at, and do not fail the report)."""
        return not self.failed_checks

    @property
    def failed_checks(self) -> list[Check]:
        return [check for check in self.checks if check.outcome == "failed"]

    @property
    def warnings(self) -> list[Check]:
        return [check for check in self.checks if check.outcome == "warning"]

    @property
    def draft_requests(self) -> list[DraftRequest]:
        """The requests the failed checks drafted, in check order."""
        return [check.draft_request for check in self.checks if check.draft_request is not None]

    def check(self, check_id: CheckId) -> Check:
        """The check with this id."""
        for check in self.checks:
            if check.id == check_id:
                return check
        raise KeyError(check_id)

    def outcomes(self) -> dict[str, str]:
        """``{check id: outcome}``, e.g. for a dashboard or a test."""
        return {check.id: check.outcome for check in self.checks}


# --- the local list ------------------------------------------------------------------------------------


def _tuple_of_str(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


def _one_or_many(schema: dict[str, Any], item: dict[str, Any] | None = None) -> None:
    """The JSON schema of a list that ``_tuple_of_str`` also takes as one string (``item``: each one's)."""
    many = {key: schema.pop(key) for key in ("type", "items", "minItems", "maxItems") if key in schema}
    if item is not None:
        many["items"] = item
    schema["anyOf"] = [many["items"], many]


def _one_or_many_of(names: Any) -> Any:
    """``json_schema_extra`` for such a list whose strings are among ``names()`` (called only for the schema)."""
    return lambda schema: _one_or_many(schema, {"type": "string", "enum": sorted(names())})


def _covers(code: str, prefixes: Iterable[str]) -> bool:
    """``code`` is one of ``prefixes`` or narrower (``flood.zoneTwo`` is covered by ``flood``)."""
    return any(code == prefix or code.startswith(prefix + ".") for prefix in prefixes)


class LocalListCondition(Model):
    """When a local list rule applies: every condition given must hold (an empty condition always holds)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Any of these planning designations (or a narrower one) intersects the site.
    designation: tuple[str, ...] = Field(
        (), json_schema_extra=_one_or_many_of(lambda: code_list("PlanningDesignation"))
    )
    #: The application is (or is not) for major development.
    major: StrictBool | None = None  # as written: not 0 or "no" (the list is parsed from a dict, laxly)
    #: Any of these project types (or a narrower one) is in the proposal.
    project_type: tuple[str, ...] = Field((), json_schema_extra=_one_or_many)

    @field_validator("designation", "project_type", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _tuple_of_str(value)

    @field_validator("designation")
    @classmethod
    def _known_designations(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = code_list("PlanningDesignation")
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"not ODP planning designations: {', '.join(unknown)}")
        return value

    def holds(self, facts: _Facts) -> bool:
        if self.designation and not any(_covers(d, self.designation) for d in facts.designations):
            return False
        if self.major is not None and self.major != facts.major:
            return False
        return not (self.project_type and not any(_covers(p, self.project_type) for p in facts.project_types))


class LocalListRule(Model):
    """One line of a council's local validation list.

    ``require`` lists ODP file types; an entry may be a list of alternatives (any one will do).
    ``types`` limits the rule to application types (a code also covers the narrower codes under it);
    without it the rule applies to every type. ``reason`` completes "required because ...".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    when: LocalListCondition = LocalListCondition()
    require: tuple[tuple[str, ...], ...] = Field(
        min_length=1,
        json_schema_extra={
            "items": {
                "anyOf": [
                    {"type": "string", **FILE_TYPE_SCHEMA},  # one file type, or alternatives (any one will do)
                    {"type": "array", "minItems": 1, "items": {"type": "string", **FILE_TYPE_SCHEMA}},
                ]
            }
        },
    )
    types: tuple[str, ...] | None = None

    @field_validator("require", mode="before")
    @classmethod
    def _alternatives(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return tuple(_tuple_of_str(item) for item in value)
        return value

    @field_validator("require")
    @classmethod
    def _file_types(cls, value: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        for alternatives in value:
            if not alternatives:
                raise ValueError("an entry must name at least one file type")
            unknown = [t for t in alternatives if t not in ODP_FILE_TYPES]
            if unknown:
                raise ValueError(f"not ODP file types: {', '.join(unknown)}")
        return value

    def applies_to(self, facts: _Facts) -> bool:
        if self.types is not None and not _covers(facts.application_type, self.types):
            return False
        return self.when.holds(facts)


class LocalList(Model):
    """A council's local validation list: the documents it asks for on top of the national list.

    Each council edits its own (as JSON); ``demo_local_list()`` is the example shipped with BoPS.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    council: str = Field(min_length=1)
    name: str = Field(min_length=1)
    adopted_on: date | None = None
    notes: str | None = None
    rules: tuple[LocalListRule, ...] = ()

    @field_validator("adopted_on", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        # A number is not a date here (pydantic would read 0 as 1970-01-01): the date as written, YYYY-MM-DD.
        if value is not None and not isinstance(value, str | date):
            raise ValueError("must be a date, YYYY-MM-DD")
        return value

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, value: tuple[LocalListRule, ...]) -> tuple[LocalListRule, ...]:
        ids = [rule.id for rule in value]
        if len(set(ids)) != len(ids):
            raise ValueError("rule ids must be unique")
        return value

    @classmethod
    def empty(cls, council: str = "none") -> LocalList:
        """A council without a local list."""
        return cls(council=council, name="No local list")


@cache
def demo_local_list() -> LocalList:
    """The demo council's local list (``data/local_list_demo.json``)."""
    return LocalList.model_validate(_read_json("local_list_demo.json"))


# --- the national list ---------------------------------------------------------------------------------


class Requirement(Model):
    """A document the national list requires for an application type."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    any_of: tuple[str, ...] = Field(min_length=1)
    basis: str
    ask: str
    drawn_boundary_satisfies: bool = False
    not_for_change_of_use_only: bool = False

    @field_validator("any_of")
    @classmethod
    def _file_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in value if t not in ODP_FILE_TYPES]
        if unknown:
            raise ValueError(f"not ODP file types: {', '.join(unknown)}")
        return value


class _TypeRequirements(Model):
    model_config = ConfigDict(frozen=True, extra="forbid")

    requirements: tuple[Requirement, ...] = ()
    same_as: str | None = None


class _NationalList(Model):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    notes: tuple[str, ...] = ()
    types: dict[str, _TypeRequirements]


@cache
def _national_list() -> _NationalList:
    return _NationalList.model_validate(_read_json("required_documents.json"))


def national_requirements(application_type: str) -> tuple[Requirement, ...] | None:
    """The national list of documents for an application type, or None when none is held for it."""
    types = _national_list().types
    entry = types.get(application_type)
    seen: set[str] = set()
    while entry is not None and entry.same_as is not None and entry.same_as not in seen:
        seen.add(entry.same_as)
        entry = types.get(entry.same_as)
    return entry.requirements if entry is not None else None


def _read_json(name: str) -> Any:
    return json.loads(resources.files("bops.domain").joinpath("data", name).read_text(encoding="utf-8"))


# --- facts read from the submission --------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    """What the checks read from a submission, in one place."""

    submission: Submission
    summary: SubmissionSummary
    application_type: str
    app_type: ApplicationType | None
    received_on: date
    made_on: date
    file_types: Mapping[str, tuple[str, ...]]  # ODP file type -> names of the files tagged with it
    designations: tuple[str, ...]
    project_types: tuple[str, ...]
    major: bool

    @property
    def type_name(self) -> str:
        return self.app_type.name if self.app_type else self.summary.application_type_description

    @property
    def change_of_use_only(self) -> bool:
        return bool(self.project_types) and all(_covers(p, ("changeOfUse",)) for p in self.project_types)


def _facts(submission: Submission, received_on: date, uploaded_file_types: Sequence[str]) -> _Facts:
    summary = submission.summary()
    code = summary.application_type
    try:
        app_type: ApplicationType | None = get_type(code)
    except UnknownApplicationType:
        app_type = None
    found: dict[str, list[str]] = {}
    for file in summary.files:
        for file_type in file.types:
            found.setdefault(file_type, []).append(_file_name(file.name))
    for file_type in uploaded_file_types:
        found.setdefault(file_type, []).append("an uploaded document")
    major = app_type.major if app_type else ".major" in f".{code}."
    return _Facts(
        submission=submission,
        summary=summary,
        application_type=code,
        app_type=app_type,
        received_on=received_on,
        made_on=london_date(summary.submitted_at),
        file_types={key: tuple(value) for key, value in found.items()},
        designations=tuple(summary.designations_intersecting),
        project_types=tuple(summary.project_types),
        major=major,
    )


def _file_name(name: str) -> str:
    """The last part of a file's name or URL, readable (``test%20document.pdf`` -> ``test document.pdf``)."""
    return unquote(name.rstrip("/").rsplit("/", 1)[-1]) or name


def _proposal_extra(submission: Submission) -> dict[str, Any]:
    return submission.data.proposal.model_extra or {}


def _whole(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value) if value >= 0 and value == int(value) else None


def proposed_dwellings(submission: Submission) -> int | None:
    """How many homes the proposal creates, from ``proposal.newDwellings`` or ``proposal.units``; None if unsaid.

    ``newDwellings.newBuild.count`` first; then ``units.total``; then the sum of ``identicalUnits`` over
    ``units.residential`` (a list) or, in the London form, its ``new`` and ``rebuilt`` lists.
    """
    extra = _proposal_extra(submission)
    new_dwellings = extra.get("newDwellings")
    if isinstance(new_dwellings, dict) and isinstance(new_dwellings.get("newBuild"), dict):
        count = _whole(new_dwellings["newBuild"].get("count"))
        if count is not None:
            return count
    units = extra.get("units")
    if not isinstance(units, dict):
        return None
    total = _whole(units.get("total"))
    if total is not None:
        return total
    residential = units.get("residential")
    if isinstance(residential, dict):
        rows = [row for key in ("new", "rebuilt") for row in residential.get(key) or []]
    elif isinstance(residential, list):
        rows = residential
    else:
        return None
    counts = [_whole(row.get("identicalUnits")) for row in rows if isinstance(row, dict)]
    known = [count for count in counts if count is not None]
    return sum(known) if known else None


def site_area_hectares(submission: Submission) -> float | None:
    """The site area an outline fee is charged on (Fees Regulations 2012, Sch. 1, Pt 2, categories 1 and 2:
    "the site area", the land to which the application relates): the red line the applicant drew,
    ``proposal.boundary.area``. Not the title boundary (``property.boundary``), which may be far larger than
    the application site; without a red line the officer works the fee out."""
    boundary = submission.data.proposal.boundary
    if boundary is None:
        return None
    area = boundary.area
    return area.hectares if area.hectares else area.square_metres / 10_000


def floorspace_created_m2(submission: Submission) -> float | None:
    """The gross floor space the proposal creates (Fees Regulations 2012, Sch. 1, Pt 2, category 2), from
    ``proposal.new.area`` (new buildings) and ``proposal.extend.area`` (extensions), in m2; None if unsaid.
    Demolition does not reduce it: the fee is on floor space created."""
    extra = _proposal_extra(submission)
    found = [
        extra[key]["area"]["squareMetres"]
        for key in ("new", "extend")
        if isinstance(extra.get(key), dict)
        and isinstance(extra[key].get("area"), dict)
        and isinstance(extra[key]["area"].get("squareMetres"), int | float)
        and not isinstance(extra[key]["area"]["squareMetres"], bool)
    ]
    total = sum(found)
    return total if found and math.isfinite(total) and total > 0 else None


def proposed_structures(submission: Submission) -> int | None:
    """How many structures a land drainage proposal involves (``proposal.structures.total``)."""
    structures = _proposal_extra(submission).get("structures")
    return _whole(structures.get("total")) if isinstance(structures, dict) else None


# --- running the checks --------------------------------------------------------------------------------


def run_checks(
    submission: Submission,
    *,
    received_on: date,
    local_list: LocalList,
    uploaded_file_types: Sequence[str] = (),
) -> ValidationReport:
    """Run the automated validation checks on a parsed submission received on ``received_on``.

    ``uploaded_file_types`` are the ODP file types of documents uploaded since the submission arrived
    (they count towards the required documents).
    """
    facts = _facts(submission, received_on, uploaded_file_types)
    checks = (
        check_schema(facts),
        check_required_documents(facts, local_list),
        check_fee(facts),
        check_ownership_certificate(facts),
        check_red_line_boundary(facts),
    )
    return ValidationReport(application_type=facts.application_type, received_on=received_on, checks=checks)


def _check(check_id: CheckId, outcome: Outcome, evidence: str, draft: DraftRequest | None = None) -> Check:
    return Check(id=check_id, title=CHECK_TITLES[check_id], outcome=outcome, evidence=evidence, draft_request=draft)


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- schema --------------------------------------------------------------------------------------------


def check_schema(facts: _Facts) -> Check:
    """Always passed: a ``Submission`` is only built from a payload the official schema accepted."""
    return _check(
        "schema",
        "passed",
        f"The submission was checked against the official ODP schema v{SCHEMA_VERSION} when it arrived and "
        f"conforms to it ({facts.summary.application_type_description}, from {facts.summary.source}).",
    )


# --- required documents --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Wanted:
    """A document wanted, from the national list or a local list rule."""

    name: str
    any_of: tuple[str, ...]
    ask: str
    drawn_boundary_satisfies: bool = False


def _file_type_name(code: str) -> str:
    descriptions = code_list("FileType").get(code)
    return min(descriptions) if descriptions else code


def _wanted(facts: _Facts, local_list: LocalList) -> tuple[list[_Wanted], bool, list[str]]:
    """Every document wanted, whether a national list is held, and the local rules that applied."""
    national = national_requirements(facts.application_type)
    wanted = [
        _Wanted(req.name, req.any_of, req.ask, req.drawn_boundary_satisfies)
        for req in national or ()
        if not (req.not_for_change_of_use_only and facts.change_of_use_only)
    ]
    applied: list[str] = []
    for rule in local_list.rules:
        if not rule.applies_to(facts):
            continue
        applied.append(rule.id)
        for alternatives in rule.require:
            if any(set(alternatives) <= set(w.any_of) for w in wanted):
                continue  # the national list already asks for it
            names = " or ".join(_file_type_name(code) for code in alternatives)
            wanted.append(
                _Wanted(
                    name=f"{names} (local list: {rule.reason})",
                    any_of=alternatives,
                    ask=f"{names.lower()}, because {rule.reason} ({local_list.name})",
                )
            )
    return wanted, national is not None, applied


def check_required_documents(facts: _Facts, local_list: LocalList) -> Check:
    """The national list for the type and the local list rules that apply, against the file types given."""
    wanted, national_known, _ = _wanted(facts, local_list)
    has_red_line = facts.summary.red_line_geojson is not None
    found: list[str] = []
    missing: list[_Wanted] = []
    for item in wanted:
        match = next((code for code in item.any_of if code in facts.file_types), None)
        if match is not None:
            names = ", ".join(dict.fromkeys(facts.file_types[match]))
            alternative = f" ({_file_type_name(match).lower()})" if match != item.any_of[0] else ""
            found.append(f"{item.name}: {names}{alternative}")
        elif item.drawn_boundary_satisfies and has_red_line:
            found.append(f"{item.name}: the red line boundary drawn on the map in the submission")
        else:
            missing.append(item)
    parts = []
    if not national_known:
        parts.append(f"No national list of documents is held for {facts.type_name}.")
    if found:
        parts.append("Provided: " + "; ".join(found) + ".")
    if missing:
        parts.append("Missing: " + "; ".join(item.name for item in missing) + ".")
        general = [code for code in GENERAL_FILE_TYPES if code in facts.file_types]
        if general:
            names = ", ".join(dict.fromkeys(name for code in general for name in facts.file_types[code]))
            parts.append(
                f"Some files have only a general type ({names}) and may hold what is missing: check them "
                "before sending the request."
            )
        document_types = tuple(dict.fromkeys(item.any_of[0] for item in missing))
        detail = (
            "We cannot validate your application until we receive the following:\n"
            f"{_bullets(_sentence(item.ask) for item in missing)}\n"
            "Please upload each document and say what type of document it is."
        )
        names = ", ".join(item.name.split(" (local list")[0].lower() for item in missing)
        draft = DraftRequest(
            type="additional_document",
            summary=f"Provide the missing documents: {names}",
            detail=detail,
            document_types=document_types,
        )
        return _check("required_documents", "failed", " ".join(parts), draft)
    if not national_known:
        parts.append("An officer must check the documents against the requirements for this type.")
        return _check("required_documents", "warning", " ".join(parts))
    if not wanted:
        return _check("required_documents", "passed", "No documents are required for this application type.")
    return _check("required_documents", "passed", " ".join(parts))


# --- fee -----------------------------------------------------------------------------------------------


def assess_fee(facts: _Facts) -> FeeAssessment:
    """The fee due for the submission, from the fee table for the date it was received."""
    summary = facts.summary
    householder = facts.app_type is not None and facts.app_type.category is Category.HOUSEHOLDER
    return fee_for(
        summary.application_type,
        on=facts.received_on,
        dwellings=None if householder else proposed_dwellings(facts.submission),
        structures=proposed_structures(facts.submission),
        site_area_ha=site_area_hectares(facts.submission),
        floorspace_m2=None if householder else floorspace_created_m2(facts.submission),
        project_types=summary.project_types,
        exemptions=summary.fee_exemptions,
        reductions=summary.fee_reductions,
    )


def check_fee(facts: _Facts) -> Check:
    """The fee due (fee table, received date, exemptions and reductions) against the fee paid."""
    summary = facts.summary
    assessment = assess_fee(facts)
    paid = 0 if summary.fee_not_applicable else pounds_to_pence(summary.fee_payable or 0.0)
    if summary.fee_not_applicable:
        paid_text = "The submission says no fee applies"
    elif summary.fee_reference:
        paid_text = f"Fee paid {format_pence(paid)} (GOV.UK Pay reference {summary.fee_reference})"
    elif paid:
        paid_text = f"Fee payable {format_pence(paid)} (no payment reference in the submission)"
    else:
        paid_text = "No fee paid"
    if assessment.amount_pence is None:
        unknown = f"{paid_text}. The fee due could not be worked out automatically: {assessment.reason}."
        return _check("fee", "warning", unknown + " An officer must work out the fee.")
    due = assessment.amount_pence
    evidence = [f"{paid_text}; fee due {assessment.describe()}."]
    if assessment.exemption:
        evidence.append(
            f"Exemption claimed ({assessment.exemption}): {assessment.rule.split(' (otherwise')[0]}; "
            f"otherwise the fee would be {format_pence(assessment.full_amount_pence or 0)}."
        )
    evidence.extend(assessment.notes)
    calculated = summary.fee_calculated
    if calculated is not None and pounds_to_pence(calculated) != (assessment.full_amount_pence or 0):
        evidence.append(f"The submission's own calculation was {format_pence(pounds_to_pence(calculated))}.")
    if paid < due:
        outstanding = due - paid
        evidence.append(f"Underpaid by {format_pence(outstanding)}.")
        draft = DraftRequest(
            type="fee_change",
            summary=f"Pay the outstanding fee of {format_pence(outstanding)}",
            detail=(
                f"The fee for your application is {format_pence(due)}. "
                f"{_fee_basis_for_applicant(assessment)}\n"
                f"You have paid {format_pence(paid)}, so {format_pence(outstanding)} is still to pay. "
                "We cannot validate your application until the full fee has been paid."
            ),
            amount_pence=outstanding,
        )
        return _check("fee", "failed", " ".join(evidence), draft)
    if paid > due:
        evidence.append(f"Overpaid by {format_pence(paid - due)}: the difference should be refunded.")
        return _check("fee", "warning", " ".join(evidence))
    if assessment.needs_officer_check:
        evidence.append("An officer must confirm the basis of this fee.")
        return _check("fee", "warning", " ".join(evidence))
    return _check("fee", "passed", " ".join(evidence))


def _fee_basis_for_applicant(assessment: FeeAssessment) -> str:
    if assessment.exemption:
        return "The exemption you claimed does not cover this application."
    return f"This is the national fee ({assessment.label}) for applications received {assessment.era_label}."


# --- ownership certificate -----------------------------------------------------------------------------

_CERTIFICATE_FOR_KNOWN_OWNERS = {"all": "b", "some": "c", "none": "d"}


def check_ownership_certificate(facts: _Facts) -> Check:
    """A certificate where the type needs one, consistent with the applicant's interest and the notices."""
    ownership = facts.submission.data.applicant.ownership
    certificate = ownership.certificate if ownership else None
    if facts.app_type is None:
        return _check(
            "ownership_certificate",
            "warning",
            f"{facts.application_type} is not an application type this council handles: an officer must "
            "decide whether an ownership certificate is needed.",
        )
    if not facts.app_type.features.ownership_certificate_required:
        evidence = f"No ownership certificate is needed for {facts.type_name.lower()}."
        if certificate:
            evidence += f" The applicant gave certificate {certificate.upper()} all the same."
        return _check("ownership_certificate", "not_applicable", evidence)
    if ownership is None or certificate is None:
        problem = "No ownership certificate was completed."
        return _ownership_failed([problem], [], facts)
    problems, warnings, found = _ownership_findings(ownership, certificate, facts)
    if problems:
        return _ownership_failed(problems, warnings, facts, found)
    evidence = " ".join([found, *warnings])
    return _check("ownership_certificate", "warning" if warnings else "passed", evidence)


def _ownership_findings(ownership: Ownership, certificate: str, facts: _Facts) -> tuple[list[str], list[str], str]:
    """(problems, warnings, what was found) for a certificate that was given."""
    interest = ownership.interest
    listed = facts.app_type is not None and facts.app_type.category is Category.LISTED_BUILDING_CONSENT
    tenants = bool(ownership.agricultural_tenants) and not listed
    owners = ownership.owners or []
    interest_text = f"the applicant's interest is {_interest_name(interest)}"
    found = f"Certificate {certificate.upper()}; {interest_text}"
    if ownership.agricultural_tenants is not None and not listed:
        found += f"; agricultural tenants: {'yes' if ownership.agricultural_tenants else 'no'}"
    found += "."
    problems: list[str] = []
    warnings: list[str] = []
    if interest is None:
        warnings.append("The applicant's interest in the land is not given.")
    if certificate == "a":
        problems.extend(_certificate_a_problems(interest, tenants, owners))
        if interest == "lessee":
            warnings.append(
                "A lessee counts as an owner only with at least 7 years of the lease left: check the lease."
            )
        return problems, warnings, found
    if interest == "owner.sole" and not tenants:
        problems.append(
            f"The applicant says they are the sole owner, so certificate A applies, not certificate "
            f"{certificate.upper()}{'' if listed else ' (unless there are agricultural tenants)'}."
        )
    problems.extend(_known_owners_problems(ownership, certificate))
    if certificate in ("b", "c"):
        found += _notified_owners(ownership, certificate, facts.made_on, problems, warnings)
    if certificate in ("c", "d"):
        _newspaper_notice(ownership, certificate, facts.made_on, problems, warnings)
    return problems, warnings, found


def _known_owners_problems(ownership: Ownership, certificate: str) -> list[str]:
    """Certificate B is for all owners known, C for some, D for none; and notice must have been given."""
    problems = []
    expected_known = {"b": "all", "c": "some", "d": "none"}[certificate]
    if ownership.owners_known is not None and ownership.owners_known != expected_known:
        right = _CERTIFICATE_FOR_KNOWN_OWNERS[ownership.owners_known].upper()
        problems.append(
            f"Certificate {certificate.upper()} is for when {expected_known} of the owners are known, but the "
            f"applicant knows {ownership.owners_known}: certificate {right} applies."
        )
    if ownership.notice_given is False and certificate in ("b", "c"):
        problems.append("The applicant says notice has not been given to every known owner.")
    return problems


def _notified_owners(
    ownership: Ownership, certificate: str, made_on: date, problems: list[str], warnings: list[str]
) -> str:
    """Certificates B and C name the owners (every other one, or the known ones) and the notice to each."""
    owners = ownership.owners or []
    if not owners:
        problems.append(
            f"Certificate {certificate.upper()} must name each {'other' if certificate == 'b' else 'known'} "
            "owner and the date notice was served on them; none are named."
        )
        return ""
    for owner in owners:
        _owner_notice(owner, made_on, problems, warnings)
    return f" Owners named: {len(owners)}."


def _certificate_a_problems(interest: str | None, tenants: bool, owners: list[Any]) -> list[str]:
    problems = []
    if interest == "owner.co":
        problems.append(
            "Certificate A says nobody else owns the land, but the applicant is a joint owner: certificate B "
            "(or C or D) applies."
        )
    elif interest in ("occupier", "other"):
        problems.append(
            f"Certificate A says the applicant is the only owner, but their interest is {_interest_name(interest)}."
        )
    if tenants:
        problems.append("There are agricultural tenants, who must be given notice: certificate B applies, not A.")
    if owners:
        problems.append("Certificate A says nobody else owns the land, yet other owners are named.")
    return problems


def _owner_notice(owner: Any, made_on: date, problems: list[str], warnings: list[str]) -> None:
    if isinstance(owner, OwnerNoticeDate):
        served = date.fromisoformat(owner.notice_date)
        problem = _notice_date_problem(f"Notice to {owner.name}", served, made_on)
        if problem:
            problems.append(problem)
    elif isinstance(owner, OwnerNoticeGiven):
        warnings.append(
            f"Notice to {owner.name} was given, but its date is not recorded, so the 21-day rule cannot be checked."
        )
    elif isinstance(owner, OwnerNoNoticeGiven):
        problems.append(f"Notice was not given to {owner.name} (reason given: {owner.no_notice_reason}).")


def _notice_date_problem(what: str, served: date, made_on: date) -> str | None:
    if served > made_on:
        return f"{what} is dated {long_date(served)}, after the application was made on {long_date(made_on)}."
    if (made_on - served).days > NOTICE_WINDOW_DAYS:
        return (
            f"{what} was served on {long_date(served)}, more than {NOTICE_WINDOW_DAYS} days before the "
            f"application was made on {long_date(made_on)}."
        )
    return None


def _newspaper_notice(
    ownership: Ownership, certificate: str, made_on: date, problems: list[str], warnings: list[str]
) -> None:
    published = ownership.notice_published
    if published is None or not published.status:
        problems.append(
            f"Certificate {certificate.upper()} needs notice of the application published in a newspaper "
            "circulating in the area; the submission does not say it was."
        )
        return
    if published.date is None:
        warnings.append("The newspaper notice has no date, so the 21-day rule cannot be checked.")
    else:
        problem = _notice_date_problem("The newspaper notice", date.fromisoformat(published.date), made_on)
        if problem:
            problems.append(problem)
    if not published.newspaper_name:
        warnings.append("The newspaper the notice was published in is not named.")


def _interest_name(interest: str | None) -> str:
    return {
        "owner": "owner",
        "owner.sole": "sole owner",
        "owner.co": "joint owner",
        "lessee": "lessee",
        "occupier": "occupier",
        "other": "other (not an owner)",
        None: "not given",
    }.get(interest, interest or "not given")


def _ownership_failed(problems: list[str], warnings: list[str], facts: _Facts, found: str = "") -> Check:
    evidence = " ".join(part for part in [found, *problems, *warnings] if part)
    detail = (
        "We cannot accept the ownership certificate with your application:\n"
        f"{_bullets(problems)}\n"
        "Please complete a new ownership certificate (A, B, C or D) that matches who owns the land. If anyone "
        "other than you owns it, serve notice on each of them no more than 21 days before you send us the "
        "certificate, and tell us their names, addresses and the date you served notice."
    )
    draft = DraftRequest(type="ownership_certificate", summary="Provide a correct ownership certificate", detail=detail)
    return _check("ownership_certificate", "failed", evidence, draft)


# --- red line boundary ---------------------------------------------------------------------------------

Ring = list[tuple[float, float]]
Polygon = list[Ring]


class _BadGeometry(ValueError):
    """The boundary is not a GeoJSON Polygon or MultiPolygon we can read; the message says why."""


def boundary_polygons(geojson: Mapping[str, Any]) -> list[Polygon]:
    """The polygons of a GeoJSON geometry, Feature or FeatureCollection; raises ``ValueError`` if unusable.

    Every ring must be closed, with at least four positions of [longitude, latitude] inside the United
    Kingdom.
    """
    polygons: list[Polygon] = []
    _collect(geojson, polygons, depth=0)
    if not polygons:
        raise _BadGeometry("it contains no polygon")
    return polygons


def _collect(node: Any, polygons: list[Polygon], depth: int) -> None:
    if not isinstance(node, Mapping) or depth > 2:
        raise _BadGeometry("it is not a GeoJSON geometry, Feature or FeatureCollection")
    kind = node.get("type")
    if kind == "Feature":
        _collect(node.get("geometry"), polygons, depth + 1)
    elif kind == "FeatureCollection" and isinstance(node.get("features"), list):
        for feature in node["features"]:
            _collect(feature, polygons, depth + 1)
    elif kind == "Polygon":
        polygons.append(_polygon(node.get("coordinates")))
    elif kind == "MultiPolygon" and isinstance(node.get("coordinates"), list) and node["coordinates"]:
        polygons.extend(_polygon(part) for part in node["coordinates"])
    else:
        raise _BadGeometry(f"it is a {kind or 'shape without a type'}, not a Polygon or MultiPolygon")


def _polygon(coordinates: Any) -> Polygon:
    if not isinstance(coordinates, list) or not coordinates:
        raise _BadGeometry("a polygon has no rings")
    return [_ring(ring) for ring in coordinates]


def _ring(ring: Any) -> Ring:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _BadGeometry("a ring has fewer than 4 positions")
    points: Ring = []
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
        ):
            raise _BadGeometry("a position is not a pair of numbers")
        lon, lat = float(position[0]), float(position[1])
        if not (UK_LONGITUDE[0] <= lon <= UK_LONGITUDE[1] and UK_LATITUDE[0] <= lat <= UK_LATITUDE[1]):
            raise _BadGeometry(f"the point ({lon}, {lat}) is not a longitude and latitude in the United Kingdom")
        points.append((lon, lat))
    if points[0] != points[-1]:
        raise _BadGeometry("a ring is not closed (its first and last positions differ)")
    return points


def ring_area_m2(ring: Ring) -> float:
    """The area of a closed ring of [longitude, latitude] on a sphere, in square metres (as turf.js)."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:], strict=False):
        total += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total) * EARTH_RADIUS_M**2 / 2


def polygons_area_m2(polygons: Iterable[Polygon]) -> float:
    """Outer rings less holes, summed over the polygons."""
    return sum(ring_area_m2(polygon[0]) - sum(ring_area_m2(hole) for hole in polygon[1:]) for polygon in polygons)


def _inside(point: tuple[float, float], ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _contains(polygons: Iterable[Polygon], point: tuple[float, float]) -> bool:
    return any(
        _inside(point, polygon[0]) and not any(_inside(point, hole) for hole in polygon[1:]) for polygon in polygons
    )


def distance_to_boundary_m(polygons: Iterable[Polygon], point: tuple[float, float]) -> float:
    """The distance from a point to the nearest edge of the polygons, in metres (local flat projection)."""
    lon0, lat0 = point
    scale_x = math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians(lat0))
    scale_y = math.radians(1) * EARTH_RADIUS_M
    best = math.inf
    for polygon in polygons:
        for ring in polygon:
            for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:], strict=False):
                ax, ay = (lon1 - lon0) * scale_x, (lat1 - lat0) * scale_y
                bx, by = (lon2 - lon0) * scale_x, (lat2 - lat0) * scale_y
                dx, dy = bx - ax, by - ay
                length = dx * dx + dy * dy
                t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
                best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def _area_text(area_m2: float) -> str:
    if area_m2 >= 10_000:
        return f"{area_m2 / 10_000:,.2f} ha"
    return f"{area_m2:,.0f} m²"


def check_red_line_boundary(facts: _Facts) -> Check:
    """The drawn red line: a closed UK polygon of plausible size, around the site address."""
    summary = facts.summary
    geojson = summary.red_line_geojson
    if geojson is None:
        if "locationPlan" in facts.file_types:
            return _check(
                "red_line_boundary",
                "warning",
                "No red line boundary was drawn on the map; a location plan was uploaded instead, so an officer "
                "must check the red line on it.",
            )
        return _red_line_failed(
            "No red line boundary was drawn and no location plan was provided.",
            "Your application does not show the boundary of the site. Please draw the site boundary in red on "
            "a location plan, enclosing all the land needed for the proposal, including access to a road.",
        )
    try:
        polygons = boundary_polygons(geojson)
    except ValueError as bad:
        return _red_line_failed(
            f"The red line boundary cannot be read: {bad}.",
            "The site boundary in your application could not be read. Please draw the site boundary in red "
            "again, as a single closed shape around all the land needed for the proposal.",
        )
    area = polygons_area_m2(polygons)
    limit = MAX_MAJOR_SITE_AREA_M2 if facts.major else MAX_SITE_AREA_M2
    parts = f"{len(polygons)} parts" if len(polygons) > 1 else "1 part"
    found = f"A red line boundary of {_area_text(area)} ({parts})"
    if area <= MIN_SITE_AREA_M2:
        return _red_line_failed(
            f"{found}: too small to be a site (1 m² or less).",
            "The site boundary in your application encloses almost no land. Please draw the site boundary in "
            "red around all the land needed for the proposal.",
        )
    if area >= limit:
        return _red_line_failed(
            f"{found}: larger than {_area_text(limit)}, which is not plausible for {facts.type_name.lower()}.",
            f"The site boundary in your application encloses {_area_text(area)}, far more than the proposal "
            "needs. Please draw the site boundary in red around the land needed for the proposal only.",
        )
    warnings: list[str] = []
    stated = summary.red_line_area_m2
    if stated is not None and stated > 0 and abs(area - stated) / stated > AREA_TOLERANCE:
        warnings.append(f"The area stated in the submission ({_area_text(stated)}) differs from the area drawn.")
    if summary.longitude is not None and summary.latitude is not None:
        point = (summary.longitude, summary.latitude)
        if _contains(polygons, point):
            found += ", around the site address"
        else:
            distance = distance_to_boundary_m(polygons, point)
            where = (
                f"The site address ({summary.site_address}) is {_distance_text(distance)} outside the red line "
                "boundary."
            )
            if distance > ADDRESS_NEAR_M:
                return _red_line_failed(
                    f"{found}. {where}",
                    f"The site boundary in your application does not include the site address, "
                    f"{summary.site_address}: it is about {_distance_text(distance)} away. Please draw the site "
                    "boundary in red around the land at this address that the proposal needs.",
                )
            warnings.append(where + " Check that it encloses the right land.")
    if stated is not None:
        found += f"; the submission states {_area_text(stated)}"
    evidence = " ".join([found + ".", *warnings])
    return _check("red_line_boundary", "warning" if warnings else "passed", evidence)


def _distance_text(metres: float) -> str:
    return f"{metres / 1000:,.1f} km" if metres >= 1000 else f"{metres:,.0f} m"


def _red_line_failed(evidence: str, detail: str) -> Check:
    draft = DraftRequest(type="red_line_boundary_change", summary="Correct the red line boundary", detail=detail)
    return _check("red_line_boundary", "failed", evidence, draft)


# --- the fee check since arrival -------------------------------------------------------------------


def owed_on_arrival(report: Mapping[str, Any] | None) -> int:
    """The amount the fee check found missing on arrival (its drafted fee change), in pence; 0 if none."""
    for check in (report or {}).get("checks") or ():
        if check.get("id") == "fee" and check.get("outcome") == "failed":
            return int((check.get("draft_request") or {}).get("amount_pence") or 0)
    return 0


def with_fee_received(report: Mapping[str, Any] | None, fee: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The report as it stands now that the fee has moved on since arrival (``fee``: the case's fee, see
    ``bops.domain.fee_payments``).

    The report is kept as made on arrival (the evidence at that date); the fee check changes only once
    the fee is paid in full: it passes then, with the payment in its evidence. Agreed is not paid: an
    agreed fee leaves the check failed, saying so.
    """
    if report is None:
        return None
    fee = dict(fee or {})
    status = fee.get("status")
    if status not in ("agreed", "paid"):
        return dict(report)
    checks = []
    for check in report.get("checks") or ():
        if check.get("id") == "fee" and check.get("outcome") == "failed":
            now = fee_payments.describe(fee)
            if status == "paid":
                check = {**check, "outcome": "passed", "evidence": f"{check['evidence']} {now}", "draft_request": None}
            else:
                check = {**check, "evidence": f"{check['evidence']} {now}"}
        checks.append(check)
    return {**report, "checks": checks, "passed": not any(c.get("outcome") == "failed" for c in checks)}
