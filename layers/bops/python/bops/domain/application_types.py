"""Application types as data: one row per ODP application type code the back office handles.

Each row says what an officer needs to know about a type before opening a case: its name, the
category it is counted under, the suffix of its council reference (``26-00100-HAPP``), the statutory
determination period and how that period is counted, which stages of the case apply, and which
publicity and validation features are switched on.

Periods (England):
- planning permission: 8 weeks, 13 weeks for major development, counted from the day after a valid
  application is received (Town and Country Planning (Development Management Procedure) (England)
  Order 2015, art. 34(2)); 16 weeks where an Environmental Impact Assessment is needed (see ``clock``).
- lawful development certificates: 8 weeks (DMPO 2015, art. 39(12)), counted as for planning permission.
- listed building consent: 8 weeks (Planning (Listed Buildings and Conservation Areas) Regulations
  1990, reg. 3A). Advertisement consent: 8 weeks (Town and Country Planning (Control of Advertisements)
  (England) Regulations 2007, reg. 14(5)). Tree preservation order consent: 8 weeks (Town and Country
  Planning (Tree Preservation) (England) Regulations 2012, reg. 19). Tree works in a conservation area:
  6 weeks (TCPA 1990, s. 211(3)). Land drainage consent: two months in the Land Drainage Act 1991,
  s. 23(4); recorded here as 8 weeks.
- prior approval: 56 days counted from receipt in calendar days (General Permitted Development Order
  2015, Sch. 2, e.g. Part 3 para. W(11)(c)), except Part 1 Class A larger home extensions: 42 days
  (para. A.4(10)(c)), with 21 days for adjoining neighbours to object (para. A.4(5)).

A council may override a type's period (``get_type(code, overrides={"pp.full.householder": 10})``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from pydantic import ConfigDict, Field

from bops.domain.errors import FieldError, InvalidRequest, UnknownApplicationType
from bops.model import Model

TYPE_FIELD_PATH = "data.application.type.value"
SUFFIX_PATTERN = r"^[A-Z][A-Z0-9]{1,7}$"


class Category(StrEnum):
    """The category an application is counted under (and the PS1/PS2 returns broadly follow)."""

    HOUSEHOLDER = "householder"
    MINOR = "minor"
    MAJOR = "major"
    LAWFUL_DEVELOPMENT_CERTIFICATE = "lawful_development_certificate"
    PRIOR_APPROVAL = "prior_approval"
    LISTED_BUILDING_CONSENT = "listed_building_consent"
    ADVERTISEMENT_CONSENT = "advertisement_consent"
    WORKS_TO_TREES = "works_to_trees"
    OTHER_CONSENTS = "other_consents"


class PeriodKind(StrEnum):
    """How a determination period is counted."""

    #: N weeks from the day after the application was valid ("valid from" date).
    WEEKS_FROM_VALID = "weeks_from_valid"
    #: N calendar days from the day after the application was received (prior approvals).
    DAYS_FROM_RECEIPT = "days_from_receipt"


class DeterminationPeriod(Model):
    """The statutory period in which the council must decide: ``length`` weeks or days, per ``kind``."""

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    length: int = Field(gt=0)

    @property
    def days(self) -> int:
        """The period in calendar days."""
        return self.length * 7 if self.kind is PeriodKind.WEEKS_FROM_VALID else self.length


class Stages(Model):
    """Which stages of the case apply to the type."""

    model_config = ConfigDict(frozen=True)

    validation: bool = True
    consultation: bool = True
    assessment: bool = True
    review: bool = True


class Features(Model):
    """Switches for what the case work of a type involves."""

    model_config = ConfigDict(frozen=True)

    neighbour_consultation: bool = False
    site_notice: bool = False
    press_notice: bool = False
    eia_possible: bool = False
    public_holidays_disregarded_in_consultation: bool = False
    ownership_certificate_required: bool = False
    #: The fee is refundable if undecided after 16 weeks (26 for major development) without an agreed
    #: extension (planning permission only: Town and Country Planning (Fees) Regulations 2012, reg. 9A).
    planning_guarantee: bool = False


class ApplicationType(Model):
    """One application type: what it is, how long the council has, and what its case work involves."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    category: Category
    suffix: str = Field(pattern=SUFFIX_PATTERN)
    determination_period: DeterminationPeriod
    stages: Stages = Stages()
    features: Features = Features()
    #: Days neighbours and the public have to comment (None when the type has no consultation).
    consultation_days: int | None = Field(default=None, gt=0)
    major: bool = False

    @property
    def prior_approval(self) -> bool:
        """True for prior approval types, whose decisions are "prior approval (not) required"."""
        return self.category is Category.PRIOR_APPROVAL


# --- the table -------------------------------------------------------------------------------------

_PLANNING_CONSULTATION = {
    "neighbour_consultation": True,
    "site_notice": True,
    "public_holidays_disregarded_in_consultation": True,
}


def _weeks(n: int) -> DeterminationPeriod:
    return DeterminationPeriod(kind=PeriodKind.WEEKS_FROM_VALID, length=n)


def _days(n: int) -> DeterminationPeriod:
    return DeterminationPeriod(kind=PeriodKind.DAYS_FROM_RECEIPT, length=n)


def _no_consultation() -> Stages:
    return Stages(consultation=False)


def _prior_approval(code: str, name: str, suffix: str, days: int = 56, **features: bool) -> ApplicationType:
    return ApplicationType(
        code=code,
        name=name,
        category=Category.PRIOR_APPROVAL,
        suffix=suffix,
        determination_period=_days(days),
        features=Features(public_holidays_disregarded_in_consultation=True, **features),
        consultation_days=21,
    )


_TYPES: tuple[ApplicationType, ...] = (
    # Planning permission
    ApplicationType(
        code="pp.full.householder",
        name="Planning Permission - Full householder",
        category=Category.HOUSEHOLDER,
        suffix="HAPP",
        determination_period=_weeks(8),
        features=Features(**_PLANNING_CONSULTATION, ownership_certificate_required=True, planning_guarantee=True),
        consultation_days=21,
    ),
    ApplicationType(
        code="pp.full.householder.retro",
        name="Planning Permission - Full householder retrospective",
        category=Category.HOUSEHOLDER,
        suffix="HRET",
        determination_period=_weeks(8),
        features=Features(**_PLANNING_CONSULTATION, ownership_certificate_required=True, planning_guarantee=True),
        consultation_days=21,
    ),
    ApplicationType(
        code="pp.full.minor",
        name="Planning Permission - Minor application",
        category=Category.MINOR,
        suffix="MINOR",
        determination_period=_weeks(8),
        features=Features(
            **_PLANNING_CONSULTATION,
            eia_possible=True,
            ownership_certificate_required=True,
            planning_guarantee=True,
        ),
        consultation_days=21,
    ),
    ApplicationType(
        code="pp.full.major",
        name="Planning Permission - Major application",
        category=Category.MAJOR,
        suffix="MAJOR",
        determination_period=_weeks(13),
        # DMPO 2015 art. 15(3): major development needs a press notice as well as a site notice or letters.
        features=Features(
            **_PLANNING_CONSULTATION,
            press_notice=True,
            eia_possible=True,
            ownership_certificate_required=True,
            planning_guarantee=True,  # Fees Regulations 2012, reg. 9A: 26 weeks for major development
        ),
        consultation_days=21,
        major=True,
    ),
    # Lawful development certificates: no publicity is required.
    ApplicationType(
        code="ldc.existing",
        name="Lawful Development Certificate - Existing use",
        category=Category.LAWFUL_DEVELOPMENT_CERTIFICATE,
        suffix="LDCE",
        determination_period=_weeks(8),
        stages=_no_consultation(),
    ),
    ApplicationType(
        code="ldc.proposed",
        name="Lawful Development Certificate - Proposed use",
        category=Category.LAWFUL_DEVELOPMENT_CERTIFICATE,
        suffix="LDCP",
        determination_period=_weeks(8),
        stages=_no_consultation(),
    ),
    # Prior approvals (GPDO 2015, Schedule 2)
    _prior_approval(
        "pa.part1.classA",
        "Prior Approval - Larger extension to a house",
        "PA1A",
        days=42,
        neighbour_consultation=True,
    ),
    _prior_approval(
        "pa.part3.classMA",
        "Prior Approval - Convert a commercial building into a home or homes",
        "PA3MA",
        site_notice=True,
    ),
    _prior_approval(
        "pa.part7.classM",
        "Prior Approval - Extend a school, college, university, prison or hospital",
        "PA7M",
        neighbour_consultation=True,
        site_notice=True,
    ),
    _prior_approval(
        "pa.part14.classJ",
        "Prior Approval - Install or change solar panels",
        "PA14J",
        site_notice=True,
    ),
    _prior_approval(
        "pa.part20.classAB",
        "Prior Approval - Build homes on an adjoining commercial or mixed use building",
        "PA20AB",
        neighbour_consultation=True,
        site_notice=True,
    ),
    # Other consents
    ApplicationType(
        code="listed",
        name="Consent to do works to a Listed Building",
        category=Category.LISTED_BUILDING_CONSENT,
        suffix="LBC",
        determination_period=_weeks(8),
        # Planning (Listed Buildings and Conservation Areas) Regulations 1990, reg. 5: site and press notice.
        features=Features(
            site_notice=True,
            press_notice=True,
            public_holidays_disregarded_in_consultation=True,
            ownership_certificate_required=True,
        ),
        consultation_days=21,
    ),
    ApplicationType(
        code="advertConsent",
        name="Consent to display an advertisement",
        category=Category.ADVERTISEMENT_CONSENT,
        suffix="ADV",
        determination_period=_weeks(8),
        stages=_no_consultation(),
    ),
    ApplicationType(
        code="wtt.consent",
        name="Works to trees - Consent to carry out works to a tree with a Tree Preservation Order",
        category=Category.WORKS_TO_TREES,
        suffix="TPO",
        determination_period=_weeks(8),
        stages=_no_consultation(),
    ),
    ApplicationType(
        code="wtt.notice",
        name="Works to trees - Notification of proposed works to a tree in a Conservation Area",
        category=Category.WORKS_TO_TREES,
        suffix="TCA",
        determination_period=_weeks(6),
        stages=_no_consultation(),
    ),
    ApplicationType(
        code="landDrainageConsent",
        name="Consent to do works affecting ordinary watercourses or land drainage",
        category=Category.OTHER_CONSENTS,
        suffix="LDRC",
        determination_period=_weeks(8),
        stages=_no_consultation(),
    ),
)


def _index(types: tuple[ApplicationType, ...]) -> Mapping[str, ApplicationType]:
    by_code: dict[str, ApplicationType] = {}
    suffixes: set[str] = set()
    for t in types:
        if t.code in by_code:
            raise ValueError(f"application type {t.code} appears twice")
        if t.suffix in suffixes:
            raise ValueError(f"reference suffix {t.suffix} is used by two application types")
        if (t.consultation_days is None) == t.stages.consultation:
            raise ValueError(f"{t.code}: consultation_days must be set exactly when consultation applies")
        by_code[t.code] = t
        suffixes.add(t.suffix)
    return MappingProxyType(by_code)


_BY_CODE = _index(_TYPES)


# --- API -------------------------------------------------------------------------------------------


def all_types() -> tuple[ApplicationType, ...]:
    """Every application type the back office handles, in table order."""
    return _TYPES


def get_type(code: str, overrides: Mapping[str, int] | None = None) -> ApplicationType:
    """The application type for an ODP type code, with the council's period override applied.

    ``overrides`` maps type codes to a council's own determination period, in the type's unit
    (weeks for ``weeks_from_valid`` types, days for ``days_from_receipt`` types).
    Raises ``UnknownApplicationType`` (field ``data.application.type.value``) for an unknown code and
    ``InvalidRequest`` for an override that is not a positive whole number.
    """
    app_type = _BY_CODE.get(code)
    if app_type is None:
        raise UnknownApplicationType(
            f"Unknown application type: {code!r}",
            fields=[FieldError(TYPE_FIELD_PATH, f"{code!r} is not an application type this council handles")],
        )
    return with_period_override(app_type, overrides)


def with_period_override(app_type: ApplicationType, overrides: Mapping[str, int] | None) -> ApplicationType:
    """``app_type`` with its determination period replaced by the council's override, if it has one."""
    if not overrides or app_type.code not in overrides:
        return app_type
    code = app_type.code
    length = overrides[code]
    if isinstance(length, bool) or not isinstance(length, int) or length <= 0:
        raise InvalidRequest(
            f"Determination period override for {code} must be a positive whole number",
            fields=[FieldError(f"determination_period_overrides.{code}", "must be a positive whole number")],
        )
    period = app_type.determination_period.model_copy(update={"length": length})
    return app_type.model_copy(update={"determination_period": period})


def type_for_suffix(suffix: str) -> ApplicationType | None:
    """The application type whose council reference ends with ``suffix`` (``HAPP``), if any."""
    return next((t for t in _TYPES if t.suffix == suffix), None)
