"""Pydantic models of the parts of an ODP v0.7.7 application submission the back office reads.

Written by hand from the official schema (``schema/application.json``), with one rule: on the parts they
model, the models accept exactly what the schema accepts, never less (we must not turn away a submission
the national standard allows) and never more (what we read has the shape the schema promises).

- Strict types, as in JSON Schema: a number is an int or float but never a bool, a string is never
  coerced from a number, and ``null`` is refused for every modelled field, optional or not (the schema
  allows ``null`` nowhere we read). Optional means "may be absent".
- Open objects: properties we do not model are kept (``extra="allow"``); the schema has many more and
  ``validate_submission`` checks them against the schema itself. The only closed models are the small
  variants of an ``anyOf`` that the schema tells apart by their closed property sets (the "same as site
  address" marker, "fee not applicable", the three owner-notice forms, a proposed site address, a
  non-intersecting designation, the "Any" provider metadata). Each models every property the schema
  allows there, so closing it is exactly as strict as the schema, no stricter.
- Code lists (application types, file types, planning designations, project types) are the schema's own
  value/description pairs, read from the bundled schema on first use, not copied here.
- ``format`` keywords (uuid, email, date, date-time) are checked with the functions in ``FORMAT_CHECKS``,
  which ``validate.py`` also gives to jsonschema, so both layers read a format the same way.

``Submission.summary()`` flattens what the back office needs into a ``SubmissionSummary``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
)

from bops.model import Model

SCHEMA_VERSION = "0.7.7"
"""The ODP schema version bundled in ``schema/application.json``."""

VARIANT_TAG_PREFIX = "variant:"
"""Prefix of the tags naming ``anyOf`` variants: in pydantic error locations, never in JSON paths."""


@cache
def load_schema() -> dict[str, Any]:
    """The bundled official ODP application schema, parsed once on first use (it is ~800 KB)."""
    text = resources.files(__package__).joinpath("schema", "application.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- formats ---------------------------------------------------------------------------------------------

_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_TIME_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)


def parse_date_time(value: str) -> datetime | None:
    """An RFC 3339 date-time as an aware ``datetime`` (a leap second rolls over), or None if it is not one."""
    match = _DATE_TIME_RE.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    try:
        if zulu:
            tz = UTC
        else:
            if int(off_h) > 23 or int(off_m) > 59:
                return None
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            tz = timezone(-offset if sign == "-" else offset)
        leap = second == "60"
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        parsed = datetime(
            int(year), int(month), int(day), int(hour), int(minute), 59 if leap else int(second), micro, tz
        )
    except ValueError:
        return None
    return parsed + timedelta(seconds=1) if leap else parsed


def is_uuid(value: object) -> bool:
    """format "uuid": the RFC 4122 text form, 8-4-4-4-12 hex digits, either case."""
    return not isinstance(value, str) or _UUID_RE.fullmatch(value) is not None


def is_email(value: object) -> bool:
    """format "email": as lenient as jsonschema's own check (an ``@``); contacts get no stricter test."""
    return not isinstance(value, str) or "@" in value


def is_date(value: object) -> bool:
    """format "date": an RFC 3339 full-date (YYYY-MM-DD) that exists in the calendar."""
    if not isinstance(value, str):
        return True
    match = _DATE_RE.fullmatch(value)
    if match is None:
        return False
    try:
        date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return False
    return True


def is_date_time(value: object) -> bool:
    """format "date-time": an RFC 3339 date-time with a valid date, time and offset."""
    return not isinstance(value, str) or parse_date_time(value) is not None


FORMAT_CHECKS: Mapping[str, Callable[[object], bool]] = {
    "uuid": is_uuid,
    "email": is_email,
    "date": is_date,
    "date-time": is_date_time,
}
"""The JSON Schema formats we assert, shared by the jsonschema validator and these models."""


# --- code lists ------------------------------------------------------------------------------------------


def _value_description_pairs(node: object) -> list[tuple[str, str]]:
    """Every {value, description} const pair inside an ``anyOf`` code list, nested anyOfs included."""
    if not isinstance(node, dict):
        return []
    if "anyOf" in node:
        return [pair for branch in node["anyOf"] for pair in _value_description_pairs(branch)]
    props = node.get("properties", {})
    try:
        return [(props["value"]["const"], props["description"]["const"])]
    except (KeyError, TypeError):
        return []


@cache
def code_list(definition: str) -> Mapping[str, frozenset[str]]:
    """The schema's code list ``definition`` (e.g. ``ApplicationType``): value -> allowed descriptions."""
    table: dict[str, set[str]] = {}
    for value, description in _value_description_pairs(load_schema()["definitions"][definition]):
        table.setdefault(value, set()).add(description)
    return {value: frozenset(descriptions) for value, descriptions in table.items()}


def application_type_description(code: str) -> str | None:
    """The official description of an ODP application type code (``pp.full.householder``), if it is one."""
    descriptions = code_list("ApplicationType").get(code)
    return min(descriptions) if descriptions else None


# --- building blocks -------------------------------------------------------------------------------------


class OdpModel(Model):
    """Base of the ODP models: strict JSON types, unknown properties kept, ``null`` never accepted."""

    model_config = ConfigDict(strict=True, extra="allow", defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: object) -> object:
        # An omitted optional field takes its default without coming here; an explicit null does come here,
        # and the schema allows it for none of the fields we model.
        if value is None:
            raise ValueError("must not be null")
        return value


class ClosedOdpModel(OdpModel):
    """An ``anyOf`` variant the schema closes (``additionalProperties: false``) and we model completely."""

    model_config = ConfigDict(extra="forbid")


def _check(predicate: Callable[[Any], bool], message: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not predicate(value):
            raise ValueError(message)
        return value

    return check


def _search(pattern: str) -> Callable[[str], bool]:
    # JSON Schema patterns are unanchored searches (ECMA 262); Python's re.search is what jsonschema uses.
    compiled = re.compile(pattern)
    return lambda value: compiled.search(value) is not None


TrueConst = Annotated[bool, AfterValidator(_check(lambda v: v is True, "must be true"))]
FalseConst = Annotated[bool, AfterValidator(_check(lambda v: v is False, "must be false"))]
Uuid = Annotated[str, AfterValidator(_check(is_uuid, "must be a UUID"))]
Email = Annotated[str, AfterValidator(_check(is_email, "must be an email address"))]
DateString = Annotated[str, AfterValidator(_check(is_date, "must be a date (YYYY-MM-DD)"))]
Url = Annotated[str, AfterValidator(_check(_search(r"^https?://"), "must be an http(s) URL"))]
DATE_TIME_PATTERN = (
    r"^([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):([0-5][0-9]):"
    r"([0-5][0-9]|60)(\.[0-9]+)?(([Zz])|([\+|\-]([01][0-9]|2[0-3]):[0-5][0-9]))$"
)
"""The schema's ``DateTime`` pattern, copied so that importing this module does not read the schema."""
# The schema's DateTime is this pattern plus format date-time; the format is the stricter of the two, but
# both are applied so that the model stays true to the schema text.
DateTimeString = Annotated[
    str,
    AfterValidator(_check(_search(DATE_TIME_PATTERN), "must be an ISO 8601 date-time")),
    AfterValidator(_check(is_date_time, "must be an RFC 3339 date-time")),
]


def _variant(tags: Callable[[Any], str]) -> Discriminator:
    """A discriminator choosing an ``anyOf`` variant from the raw input (or an already-built model)."""

    def choose(value: Any) -> str:
        if isinstance(value, BaseModel):
            value = value.model_dump(by_alias=True)
        return VARIANT_TAG_PREFIX + tags(value if isinstance(value, dict) else {})

    return Discriminator(choose)


def _v(name: str) -> Tag:
    return Tag(VARIANT_TAG_PREFIX + name)


class CodeListItem(OdpModel):
    """A ``{value, description}`` pair from one of the schema's code lists (named by ``code_list_name``)."""

    code_list_name: ClassVar[str]

    value: str
    description: str

    @field_validator("value")
    @classmethod
    def _known_value(cls, value: str) -> str:
        if value not in code_list(cls.code_list_name):
            raise ValueError(f"is not a known {cls.code_list_name} value")
        return value

    @field_validator("description")
    @classmethod
    def _matching_description(cls, description: str, info: ValidationInfo) -> str:
        value = info.data.get("value")
        # An unknown value has been reported already; only a known value's description can be checked.
        if value is not None and description not in code_list(cls.code_list_name).get(value, ()):
            raise ValueError(f"is not the description of {cls.code_list_name} {value!r}")
        return description


class ApplicationType(CodeListItem):
    code_list_name: ClassVar[str] = "ApplicationType"


class FileType(CodeListItem):
    code_list_name: ClassVar[str] = "FileType"


class ProjectType(CodeListItem):
    code_list_name: ClassVar[str] = "ProjectType"


# --- people ----------------------------------------------------------------------------------------------


class PersonName(OdpModel):
    first: str
    last: str
    title: str | None = None

    def full(self) -> str:
        return " ".join(part.strip() for part in (self.title, self.first, self.last) if part and part.strip())


class Phone(OdpModel):
    primary: str


class Company(OdpModel):
    name: str


class Address(OdpModel):
    """A postal address away from the site (an agent's, an owner's)."""

    line1: str
    town: str
    postcode: str
    line2: str | None = None
    county: str | None = None
    country: str | None = None

    def single_line(self) -> str:
        parts = (self.line1, self.line2, self.town, self.county, self.postcode, self.country)
        return ", ".join(part.strip() for part in parts if part and part.strip())


class SameAsSiteAddress(ClosedOdpModel):
    same_as_site_address: TrueConst = Field(alias="sameAsSiteAddress")


class UserAddress(Address):
    """An applicant's address that is not the site address."""

    same_as_site_address: FalseConst = Field(alias="sameAsSiteAddress")


ApplicantAddress = Annotated[
    Annotated[SameAsSiteAddress, _v("same-as-site")] | Annotated[UserAddress, _v("address")],
    _variant(lambda v: "same-as-site" if v.get("sameAsSiteAddress") is True else "address"),
]


class OwnerNoticeGiven(ClosedOdpModel):
    address: Address
    interest: str
    name: str
    notice_given: TrueConst = Field(alias="noticeGiven")


class OwnerNoNoticeGiven(ClosedOdpModel):
    address: Address
    interest: str
    name: str
    no_notice_reason: str = Field(alias="noNoticeReason")
    notice_given: FalseConst = Field(alias="noticeGiven")


class OwnerNoticeDate(ClosedOdpModel):
    address: Address
    name: str
    notice_date: DateString = Field(alias="noticeDate")


def _owner_variant(value: dict[str, Any]) -> str:
    if "noticeGiven" not in value:
        return "notice-date"
    return "no-notice-given" if value["noticeGiven"] is False else "notice-given"


Owner = Annotated[
    Annotated[OwnerNoticeGiven, _v("notice-given")]
    | Annotated[OwnerNoNoticeGiven, _v("no-notice-given")]
    | Annotated[OwnerNoticeDate, _v("notice-date")],
    _variant(_owner_variant),
]


class OwnershipDeclaration(OdpModel):
    accurate: TrueConst


class NoticePublished(OdpModel):
    status: bool
    date: DateString | None = None
    newspaper_name: str | None = Field(default=None, alias="newspaperName")


class Ownership(OdpModel):
    """Ownership certificate and owners, when the journey asked for them (every property optional)."""

    interest: Literal["owner", "owner.sole", "owner.co", "lessee", "occupier", "other"] | None = None
    interest_description: str | None = Field(default=None, alias="interestDescription")
    certificate: Literal["a", "b", "c", "d"] | None = None
    agricultural_tenants: bool | None = Field(default=None, alias="agriculturalTenants")
    owners_known: Literal["all", "some", "none"] | None = Field(default=None, alias="ownersKnown")
    owners: list[Owner] | None = None
    notice_given: bool | None = Field(default=None, alias="noticeGiven")
    notice_published: NoticePublished | None = Field(default=None, alias="noticePublished")
    declaration: OwnershipDeclaration | None = None


class AgentDetails(OdpModel):
    name: PersonName
    email: Email
    phone: Phone
    address: Address
    company: Company | None = None


class Applicant(OdpModel):
    """The schema's ``BaseApplicant`` or ``Agent``: the same object, with ``agent`` only in the latter."""

    type: Literal["individual", "company", "charity", "public", "parishCouncil"]
    name: PersonName
    email: Email
    phone: Phone
    address: ApplicantAddress
    company: Company | None = None
    ownership: Ownership | None = None
    agent: AgentDetails | None = None


class User(OdpModel):
    role: Literal["applicant", "agent", "proxy"]


# --- application and fee ---------------------------------------------------------------------------------


class FeeExemption(OdpModel):
    disability: bool
    resubmission: bool


class FeeReduction(OdpModel):
    alternative: bool
    parish_council: bool = Field(alias="parishCouncil")
    sports: bool


class FeeReference(OdpModel):
    gov_pay: str = Field(alias="govPay")
    metadata: dict[str, str | float | bool] | None = None


class Fee(OdpModel):
    """Fee amounts are in pounds (GBP), as numbers."""

    calculated: float
    payable: float
    exemption: FeeExemption
    reduction: FeeReduction
    reference: FeeReference | None = None


class FeeNotApplicable(ClosedOdpModel):
    not_applicable: TrueConst = Field(alias="notApplicable")


ApplicationFee = Annotated[
    Annotated[Fee, _v("fee")] | Annotated[FeeNotApplicable, _v("not-applicable")],
    _variant(lambda v: "not-applicable" if "notApplicable" in v else "fee"),
]


class Application(OdpModel):
    """``data.application``: the schema's base or London variant (the London one only adds properties)."""

    type: ApplicationType
    fee: ApplicationFee
    declaration: Any  # required by the schema; not read here


# --- site ------------------------------------------------------------------------------------------------


class OSAddress(OdpModel):
    """A site address with a UPRN, from Ordnance Survey AddressBase."""

    source: Literal["Ordnance Survey"]
    single_line: str = Field(alias="singleLine")
    title: str
    uprn: str = Field(max_length=12)
    usrn: str = Field(max_length=8)
    pao: str
    street: str
    town: str
    postcode: str
    x: float
    y: float
    latitude: float
    longitude: float
    organisation: str | None = None
    pao_end: str | None = Field(default=None, alias="paoEnd")
    sao: str | None = None
    sao_end: str | None = Field(default=None, alias="saoEnd")


class ProposedAddress(ClosedOdpModel):
    """A site without a UPRN, described by the applicant and placed on the map."""

    source: Literal["Proposed by applicant"]
    title: str
    x: float
    y: float
    latitude: float
    longitude: float


SiteAddress = Annotated[
    Annotated[OSAddress, _v("os")] | Annotated[ProposedAddress, _v("proposed")],
    _variant(lambda v: "proposed" if v.get("source") == "Proposed by applicant" else "os"),
]


class Area(OdpModel):
    square_metres: float = Field(alias="squareMetres")
    hectares: float | None = None


class Boundary(OdpModel):
    """A GeoBoundary: GeoJSON (geometry, feature or feature collection, kept as-is) and its area."""

    site: dict[str, Any]
    area: Area


class _Designation(OdpModel):
    value: str
    description: str

    @field_validator("value")
    @classmethod
    def _known_value(cls, value: str) -> str:
        if value not in code_list("PlanningDesignation"):
            raise ValueError("is not a known planning designation")
        return value

    @field_validator("description")
    @classmethod
    def _matching_description(cls, description: str, info: ValidationInfo) -> str:
        value = info.data.get("value")
        if value is not None and description not in code_list("PlanningDesignation").get(value, ()):
            raise ValueError(f"is not the description of designation {value!r}")
        return description


class DesignationNotIntersecting(_Designation, ClosedOdpModel):
    intersects: FalseConst


class DesignationIntersecting(_Designation):
    intersects: TrueConst
    entities: list[Any] | None = None  # the designated entities; not read here


Designation = Annotated[
    Annotated[DesignationIntersecting, _v("intersects")] | Annotated[DesignationNotIntersecting, _v("not-intersects")],
    _variant(lambda v: "intersects" if v.get("intersects") is True else "not-intersects"),
]


class Planning(OdpModel):
    sources: list[Url]
    designations: list[Designation] | None = None


class Property(OdpModel):
    """``data.property``: the schema's UK or London variant (the London one only adds properties)."""

    address: SiteAddress
    region: Literal[
        "North East",
        "North West",
        "Yorkshire and The Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
    ]
    local_authority_district: list[str] = Field(alias="localAuthorityDistrict")
    ward: str
    type: Any  # required by the schema (a PropertyType code); not read here
    boundary: Boundary | None = None
    planning: Planning | None = None


class Proposal(OdpModel):
    """``data.proposal``: the schema's base or London variant (the London one only adds properties)."""

    description: str
    project_type: list[ProjectType] = Field(alias="projectType")
    boundary: Boundary | None = None


class SubmissionData(OdpModel):
    application: Application
    applicant: Applicant
    property_: Property = Field(alias="property")
    proposal: Proposal
    user: User


# --- files and metadata ----------------------------------------------------------------------------------


class File(OdpModel):
    name: str
    type: list[FileType]
    description: str | None = None
    number: str | None = None


class RequestedFiles(OdpModel):
    required: list[FileType]
    recommended: list[FileType]
    optional: list[FileType]


class Service(OdpModel):
    flow_id: Uuid = Field(alias="flowId")
    url: Url
    files: RequestedFiles
    fee: Any  # required by the schema (the fee explanation); not read here


class _MetadataFields(OdpModel):
    id: Uuid
    organisation: str = Field(max_length=4)
    submitted_at: DateTimeString = Field(alias="submittedAt")
    schema_url: Url = Field(alias="schema")

    @property
    def submitted_at_datetime(self) -> datetime:
        parsed = parse_date_time(self.submitted_at)
        if parsed is None:  # cannot happen: the field was checked on the way in
            raise ValueError("submittedAt is not an RFC 3339 date-time")
        return parsed


class AnyProviderMetadata(_MetadataFields, ClosedOdpModel):
    source: Literal["Any"]


class PlanXMetadata(_MetadataFields):
    source: Literal["PlanX"]
    service: Service


Metadata = Annotated[
    Annotated[AnyProviderMetadata, _v("any")] | Annotated[PlanXMetadata, _v("planx")],
    _variant(lambda v: "any" if v.get("source") == "Any" else "planx"),
]


# --- the submission and its summary ----------------------------------------------------------------------


class PersonSummary(Model):
    model_config = ConfigDict(frozen=True)

    name: str
    email: str
    phone: str


class ApplicantSummary(PersonSummary):
    type: str
    company: str | None = None


class AgentSummary(PersonSummary):
    address: str
    company: str | None = None


class FileSummary(Model):
    model_config = ConfigDict(frozen=True)

    name: str
    types: list[str]


class SubmissionSummary(Model):
    """What the back office keeps from a submission, flat and typed. Fees are in pounds."""

    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    metadata_id: str
    organisation: str
    source: str
    submitted_at: datetime
    application_type: str
    application_type_description: str
    description: str
    project_types: list[str]
    user_role: str
    site_address: str
    uprn: str | None = None
    postcode: str | None = None
    easting: float | None = None
    northing: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    region: str
    applicant: ApplicantSummary
    agent: AgentSummary | None = None
    fee_not_applicable: bool
    fee_calculated: float | None = None
    fee_payable: float | None = None
    fee_exemptions: dict[str, bool]
    fee_reductions: dict[str, bool]
    fee_reference: str | None = None
    ownership_interest: str | None = None
    ownership_certificate: str | None = None
    boundary_geojson: dict[str, Any] | None = None
    """``data.property.boundary.site``: the title (blue line) boundary, when given."""
    boundary_area_m2: float | None = None
    red_line_geojson: dict[str, Any] | None = None
    """``data.proposal.boundary.site``: the location plan (red line) boundary the applicant drew."""
    red_line_area_m2: float | None = None
    designations_intersecting: list[str]
    files: list[FileSummary]


class Submission(OdpModel):
    """An ODP v0.7.7 application submission, as far as the back office reads it."""

    data: SubmissionData
    files: list[File]
    metadata: Metadata
    responses: list[Any]  # the question-and-answer record, kept as it came

    def summary(self) -> SubmissionSummary:
        """The flat, typed view of this submission the back office stores and shows."""
        data = self.data
        site = data.property_
        address = site.address
        fee = data.application.fee
        applicant = data.applicant
        agent = applicant.agent
        ownership = applicant.ownership
        designations = site.planning.designations if site.planning and site.planning.designations else []
        return SubmissionSummary(
            metadata_id=self.metadata.id,
            organisation=self.metadata.organisation,
            source=self.metadata.source,
            submitted_at=self.metadata.submitted_at_datetime,
            application_type=data.application.type.value,
            application_type_description=data.application.type.description,
            description=data.proposal.description,
            project_types=[item.value for item in data.proposal.project_type],
            user_role=data.user.role,
            site_address=address.single_line if isinstance(address, OSAddress) else address.title,
            uprn=address.uprn if isinstance(address, OSAddress) else None,
            postcode=address.postcode if isinstance(address, OSAddress) else None,
            easting=address.x,
            northing=address.y,
            latitude=address.latitude,
            longitude=address.longitude,
            region=site.region,
            applicant=ApplicantSummary(
                name=applicant.name.full(),
                email=applicant.email,
                phone=applicant.phone.primary,
                type=applicant.type,
                company=applicant.company.name if applicant.company else None,
            ),
            agent=(
                AgentSummary(
                    name=agent.name.full(),
                    email=agent.email,
                    phone=agent.phone.primary,
                    address=agent.address.single_line(),
                    company=agent.company.name if agent.company else None,
                )
                if agent
                else None
            ),
            fee_not_applicable=isinstance(fee, FeeNotApplicable),
            fee_calculated=fee.calculated if isinstance(fee, Fee) else None,
            fee_payable=fee.payable if isinstance(fee, Fee) else None,
            fee_exemptions=(
                {"disability": fee.exemption.disability, "resubmission": fee.exemption.resubmission}
                if isinstance(fee, Fee)
                else {}
            ),
            fee_reductions=(
                {
                    "alternative": fee.reduction.alternative,
                    "parishCouncil": fee.reduction.parish_council,
                    "sports": fee.reduction.sports,
                }
                if isinstance(fee, Fee)
                else {}
            ),
            fee_reference=fee.reference.gov_pay if isinstance(fee, Fee) and fee.reference else None,
            ownership_interest=ownership.interest if ownership else None,
            ownership_certificate=ownership.certificate if ownership else None,
            boundary_geojson=site.boundary.site if site.boundary else None,
            boundary_area_m2=site.boundary.area.square_metres if site.boundary else None,
            red_line_geojson=data.proposal.boundary.site if data.proposal.boundary else None,
            red_line_area_m2=data.proposal.boundary.area.square_metres if data.proposal.boundary else None,
            designations_intersecting=[d.value for d in designations if d.intersects],
            files=[FileSummary(name=f.name, types=[t.value for t in f.type]) for f in self.files],
        )
