"""Planning application fees: the national fee table as data, and the fee due for an application. Pure.

The table (``data/fees.json``) follows the Town and Country Planning (Fees for Applications, Deemed
Applications, Requests and Site Visits) (England) Regulations 2012, as amended ("the Fees Regulations
2012"). It holds one *era* per change of the law, each with every rate in force from its effective date:

- from 17 January 2018 (SI 2017/1314): householder £206, prior approval £96;
- from 6 December 2023 (SI 2023/1197): householder £258 / £509, prior approval £120 (£258 with building
  operations), Class MA £125 a dwelling; the "free go" for a repeat application was revoked;
- from 1 April 2025 (the 2025 Amendment and Transitional Provision Regulations): householder £528 /
  £1,043, prior approval £240 (£516 with building operations), Class MA £250 a dwelling, and the 1.7%
  index on the fees those Regulations did not change (£588 a dwelling, £262 for works in a garden, ...).

From 1 April 2026 every fee rises each 1 April by the index of reg. 18A (inserted by the 2025
Regulations): the percentage rise in the consumer prices index in the 12 months to the September before,
at most 10 %, each amount rounded to the nearest £1, for applications made on or after that 1 April. The
JSON holds the published percentage per year (``indexations``: +3.8 % on 1 April 2026, so householder
£528 -> £548, two or more dwellings £1,043 -> £1,083, prior approval £240 -> £249); ``index_era`` works
each indexed era out from the era before it, so next April is one line of data. Rates not made under
the Fees Regulations (``standalone``: land drainage consent) are not indexed.

The era is chosen by the date the application was *received*, never by the clock. A change of the law
other than the index is a new era in the JSON, not new code.

Outline applications are charged by site area (per 0.1 ha or part of it, ``site_area_ha``), full
applications for buildings other than dwellings by floor space (per 75 m2 or part of it, a flat fee up to
40 m2, ``floorspace_m2``), and section 73 applications, non-material amendments (s. 96A) and requests to
confirm compliance with conditions (reg. 16) at flat rates, the last two cheaper for a householder
permission. Without the site area or floor space the fee cannot be worked out and the reason says so.

``fee_for(code, on=..., ...)`` answers a ``FeeAssessment``: the amount in pence, the rule applied in an
officer's words with the regulation, and how exemptions (disability, free go) and reductions (parish
council, sports club, alternative proposal) changed it. It never raises for an application type or a
case it does not know: the amount is then ``None`` with the reason, and an officer works the fee out.

Loading: the JSON is read and checked on first use and kept for the life of the process.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from bops.model import Model

FEES_RESOURCE = ("data", "fees.json")

Basis = Literal[
    "householder",
    "full",
    "ldc_existing",
    "ldc_proposed",
    "flat",
    "per_unit",
    "bands",
    "prior_approval_building_operations",
    "advert",
    "outline",
    "householder_or_other",
    "no_fee",
]

#: Outline fees are charged per 0.1 hectare of site area or part of it; other buildings per 75 m2 of floor
#: space or part of it, and a flat fee up to 40 m2 (Fees Regulations 2012, Sch. 1, Pt 2, categories 1-2).
SITE_AREA_UNIT_M2 = 1000
FLOORSPACE_UNIT_M2 = 75
SMALL_FLOORSPACE_M2 = 40

EXEMPTIONS = ("disability", "resubmission")
"""The ODP ``fee.exemption`` flags, in the order they are considered."""
REDUCTIONS = ("sports", "parishCouncil", "alternative")
"""The ODP ``fee.reduction`` flags, in the order they are applied."""


# --- the table, as read from JSON --------------------------------------------------------------------


class _Data(Model):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Band(_Data):
    """Up to ``max_units`` units (and more than the band before), ``each_pence`` for every unit."""

    max_units: int = Field(gt=0)
    each_pence: int = Field(ge=0)


class Above(_Data):
    """More than ``threshold`` units: ``base_pence`` plus ``each_pence`` a unit over it, at most ``cap_pence``."""

    threshold: int = Field(gt=0)
    base_pence: int = Field(ge=0)
    each_pence: int = Field(ge=0)
    cap_pence: int = Field(gt=0)


class Rate(_Data):
    """One line of the fee table: a fixed amount (``pence``) or a banded amount per unit (``bands``)."""

    rule: str = Field(min_length=1)
    pence: int | None = Field(default=None, ge=0)
    bands: tuple[Band, ...] = ()
    above: Above | None = None
    #: The rate did not exist before this date (e.g. Class MA from 1 August 2021).
    available_from: date | None = None
    #: "derived": worked out from an index or a percentage increase rather than read from a published table.
    confidence: Literal["published", "derived"] = "published"
    #: The rule is not made under the Fees Regulations (land drainage consent): its text stands alone.
    standalone: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> Rate:
        if (self.pence is None) == (not self.bands):
            raise ValueError("a rate has either pence or bands")
        if self.bands:
            limits = [band.max_units for band in self.bands]
            if limits != sorted(set(limits)):
                raise ValueError("bands must rise")
            if self.above is not None and self.above.threshold != limits[-1]:
                raise ValueError("the 'above' threshold must be the last band's limit")
        return self

    def for_area(self, area_m2: Decimal, unit_m2: int) -> int:
        """The amount for an area banded in m2 (``max_units`` and ``threshold`` are m2), charged for each
        ``unit_m2`` or part of it: every unit at the rate of the band the whole area falls in; above the
        last band, the base amount plus each unit over the threshold, at most the cap."""
        if area_m2 <= 0 or not self.bands:
            raise ValueError("an area-banded rate needs a positive area and bands")
        for band in self.bands:
            if area_m2 <= band.max_units:
                return band.each_pence * _units(area_m2, unit_m2)
        if self.above is None:
            raise ValueError("a larger area than the bands cover")
        extra = _units(area_m2 - self.above.threshold, unit_m2)
        return min(self.above.base_pence + extra * self.above.each_pence, self.above.cap_pence)

    def for_units(self, units: int) -> int:
        """The amount in pence for ``units`` units (dwellings, structures): flat rates multiply."""
        if self.pence is not None:
            return self.pence * units
        for band in self.bands:
            if units <= band.max_units:
                return band.each_pence * units
        if self.above is None:
            raise ValueError("more units than the bands cover")
        extra = units - self.above.threshold
        return min(self.above.base_pence + extra * self.above.each_pence, self.above.cap_pence)


def _units(area_m2: Decimal, unit_m2: int) -> int:
    """Whole units of ``unit_m2`` in ``area_m2``, a part unit counting as one."""
    return int((area_m2 / unit_m2).to_integral_value(rounding=ROUND_CEILING))


class FreeGo(_Data):
    """Whether the "free go" (reg. 9) exempts a repeat application in this era, and on what terms."""

    available: bool
    needs_officer_check: bool
    rule: str


class Era(_Data):
    """The fee table in force from ``effective_from`` until the next era starts."""

    id: str
    effective_from: date
    label: str
    instrument: str
    free_go: FreeGo
    rates: dict[str, Rate]


#: Fees Regulations 2012, reg. 18A: the index applied on a 1 April is at most 10 %.
INDEX_CAP_PERCENT = Decimal(10)


class Indexation(_Data):
    """One year's index under reg. 18A: every fee rises by ``percent`` (at most 10) from ``effective_from``."""

    effective_from: date
    percent: Decimal = Field(ge=0)
    #: Where the percentage comes from, e.g. "the CPI rise in the 12 months to September 2025".
    cpi: str = Field(min_length=1)

    @property
    def applied_percent(self) -> Decimal:
        """The percentage applied: the CPI rise, capped at 10 % (reg. 18A)."""
        return min(self.percent, INDEX_CAP_PERCENT)


class TypeRule(_Data):
    """How the fee for an application type is worked out."""

    basis: Basis
    rate: str | None = None
    #: For ``householder_or_other``: the rate when the permission concerned is a householder one.
    householder_rate: str | None = None
    unit: Literal["dwelling", "structure"] | None = None
    label: str | None = None
    rule: str | None = None
    note: str | None = None


class FeeTable(_Data):
    """The whole fee table: types, eras, and the wording of exemptions and reductions."""

    title: str
    regulations: str
    notes: tuple[str, ...] = ()
    project_types: dict[str, tuple[str, ...]]
    types: dict[str, TypeRule]
    eras: tuple[Era, ...] = Field(min_length=1)
    #: The reg. 18A index per year, applied on top of the last era (``with_indexed_eras``).
    indexations: tuple[Indexation, ...] = ()
    exemptions: dict[str, str]
    reductions: dict[str, str]

    @model_validator(mode="after")
    def _consistent(self) -> FeeTable:
        starts = [era.effective_from for era in self.eras]
        if starts != sorted(set(starts)):
            raise ValueError("eras must be in date order, one per effective date")
        wanted = {rule.rate for rule in self.types.values() if rule.rate}
        wanted |= {rule.householder_rate for rule in self.types.values() if rule.householder_rate}
        for basis, rates in _BASIS_RATES.items():
            if any(rule.basis == basis for rule in self.types.values()):
                wanted |= rates
        for era in self.eras:
            missing = sorted(wanted - era.rates.keys())
            if missing:
                raise ValueError(f"era {era.id} lacks rates: {', '.join(missing)}")
        for key in ("curtilage", "change_of_use", "not_householder"):
            if key not in self.project_types:
                raise ValueError(f"project_types.{key} is missing")
        index_starts = [index.effective_from for index in self.indexations]
        if index_starts != sorted(set(index_starts)):
            raise ValueError("indexations must be in date order, one per effective date")
        if index_starts and index_starts[0] <= starts[-1]:
            raise ValueError("an indexation must come after the last era it indexes")
        return self

    def with_indexed_eras(self) -> FeeTable:
        """The table with one era per indexation, each worked out from the era before it (reg. 18A)."""
        eras = list(self.eras)
        for index in self.indexations:
            eras.append(index_era(eras[-1], index))
        return self.model_copy(update={"eras": tuple(eras), "indexations": ()})

    def era_on(self, on: date) -> Era | None:
        """The era in force on ``on``, or None before the first."""
        current = None
        for era in self.eras:
            if era.effective_from <= on:
                current = era
        return current


_BASIS_RATES: Mapping[str, frozenset[str]] = {
    "householder": frozenset({"householder_one", "householder_two_or_more", "householder_curtilage"}),
    "ldc_existing": frozenset({"householder_one", "householder_two_or_more", "dwellings", "change_of_use"}),
    "ldc_proposed": frozenset({"householder_one", "householder_two_or_more", "dwellings", "change_of_use"}),
    "prior_approval_building_operations": frozenset({"prior_approval", "prior_approval_building_operations"}),
    "advert": frozenset({"advert_business_premises", "advert_other"}),
    "full": frozenset({"dwellings", "change_of_use", "floorspace", "floorspace_small"}),
    "householder_or_other": frozenset(),
}


def indexed_pence(pence: int, percent: Decimal) -> int:
    """``pence`` raised by ``percent`` and rounded to the nearest £1, a half pound up (reg. 18A).

    £528 + 3.8 % = £548.064 -> £548; £1,043 + 3.8 % = £1,082.634 -> £1,083; £240 + 3.8 % = £249.12 -> £249.
    """
    pounds = Decimal(pence) / 100 * (1 + percent / 100)
    return int(pounds.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 100


def index_era(era: Era, index: Indexation) -> Era:
    """The era that ``index`` starts: every amount of ``era`` indexed, except standalone rates."""
    percent = index.applied_percent

    def up(pence: int) -> int:
        return indexed_pence(pence, percent)

    rates: dict[str, Rate] = {}
    for name, rate in era.rates.items():
        if rate.standalone:
            rates[name] = rate
            continue
        rates[name] = rate.model_copy(
            update={
                "pence": None if rate.pence is None else up(rate.pence),
                "bands": tuple(Band(max_units=b.max_units, each_pence=up(b.each_pence)) for b in rate.bands),
                "above": None
                if rate.above is None
                else rate.above.model_copy(
                    update={
                        "base_pence": up(rate.above.base_pence),
                        "each_pence": up(rate.above.each_pence),
                        "cap_pence": up(rate.above.cap_pence),
                    }
                ),
            }
        )
    shown = f"{percent.normalize():f}"
    return Era(
        id=index.effective_from.isoformat(),
        effective_from=index.effective_from,
        label=f"from {long_date(index.effective_from)}",
        instrument=(f"the Fees Regulations 2012 as amended, indexed under reg. 18A by {shown}% ({index.cpi})"),
        free_go=era.free_go,
        rates=rates,
    )


@cache
def fee_table() -> FeeTable:
    """The national fee table from ``data/fees.json``, read and checked once, with its indexed eras."""
    text = resources.files("bops.domain").joinpath(*FEES_RESOURCE).read_text(encoding="utf-8")
    return FeeTable.model_validate(json.loads(text)).with_indexed_eras()


# --- the answer --------------------------------------------------------------------------------------


class FeeAssessment(Model):
    """The fee due for one application, and how it was worked out.

    ``amount_pence`` is what the applicant must pay after exemptions and reductions; ``full_amount_pence``
    the fee before them. Both are None when the fee cannot be worked out automatically (``reason`` says
    why). ``needs_officer_check`` is set when the amount rests on something the data cannot show (a free
    go on an earlier application, the kind of advertisement).
    """

    model_config = ConfigDict(frozen=True)

    application_type: str
    on: date
    amount_pence: int | None
    full_amount_pence: int | None = None
    #: Short description for evidence lines, e.g. "householder, one dwelling".
    label: str
    #: The rule applied, in full, with the regulation.
    rule: str
    era_label: str | None = None
    exemption: str | None = None
    reductions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    needs_officer_check: bool = False
    reason: str | None = None

    @property
    def known(self) -> bool:
        """Whether the fee could be worked out."""
        return self.amount_pence is not None

    def describe(self) -> str:
        """E.g. "£528.00 (householder, one dwelling, from 1 April 2025)"."""
        if self.amount_pence is None:
            return f"unknown ({self.reason})"
        where = f", {self.era_label}" if self.era_label else ""
        return f"{format_pence(self.amount_pence)} ({self.label}{where})"


def format_pence(pence: int) -> str:
    """An amount in pence as officers write it: ``52800`` -> ``£528.00``, ``-800`` -> ``-£8.00``."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def pounds_to_pence(amount: float) -> int:
    """A GBP amount as ODP carries it (a number of pounds) in whole pence."""
    return round(amount * 100)


# --- working it out ----------------------------------------------------------------------------------


class _Unknown(Exception):
    """The fee cannot be worked out automatically; the message says why."""


@dataclass(frozen=True)
class _Context:
    """What the rules for one application need: the table, the era in force and the date received."""

    table: FeeTable
    era: Era
    on: date

    def rate(self, name: str) -> Rate:
        rate = self.era.rates[name]
        if rate.available_from is not None and self.on < rate.available_from:
            raise _Unknown(f"this fee did not exist before {long_date(rate.available_from)}")
        return rate

    def matches(self, code: str, group: str) -> bool:
        """Whether ``code`` is one of the project types of ``group`` (or a narrower one)."""
        return any(code == prefix or code.startswith(prefix + ".") for prefix in self.table.project_types[group])


_FullFee = tuple[int, str, str, tuple[str, ...], bool]
"""pence, label, rule, notes, needs officer check"""


def fee_for(
    application_type_code: str,
    *,
    on: date,
    dwellings: int | None = None,
    structures: int | None = None,
    site_area_ha: Decimal | float | str | None = None,
    floorspace_m2: Decimal | float | str | None = None,
    householder_permission: bool | None = None,
    project_types: Iterable[str] = (),
    building_operations: bool | None = None,
    exemptions: Mapping[str, bool] | None = None,
    reductions: Mapping[str, bool] | None = None,
) -> FeeAssessment:
    """The fee due for an application of ``application_type_code`` received on ``on``.

    - ``dwellings``: for householder applications, how many dwellinghouses are altered (one if not given);
      for full applications, lawful development certificates and prior approvals, how many dwellinghouses
      are created.
    - ``structures``: for land drainage consent, how many structures.
    - ``site_area_ha``: for outline applications, the site area in hectares (per 0.1 ha or part of it).
    - ``floorspace_m2``: for full applications for buildings other than dwellings, the gross floor space
      created in m2 (per 75 m2 or part of it; a flat fee up to 40 m2).
    - ``householder_permission``: for non-material amendments and confirmation of compliance with
      conditions, whether the permission concerned is a householder one (the cheaper fee); when not
      given, the project types decide and an officer must confirm.
    - ``project_types``: the ODP project type codes, which tell works in a garden (category 7) from
      alterations to the house (category 6), and a change of use from building operations.
    - ``building_operations``: for Part 3 Classes M, N and Q, whether building operations go with the
      change of use (inferred from ``project_types`` when not given).
    - ``exemptions`` / ``reductions``: the ODP ``fee.exemption`` and ``fee.reduction`` flags.

    Never raises for a type or case the table does not cover: the amount is then None with the reason.
    """
    table = fee_table()
    era = table.era_on(on)
    rule = table.types.get(application_type_code)
    if era is None:
        reason = f"no fee table is held for dates before {long_date(table.eras[0].effective_from)}"
        return _unknown(application_type_code, on, reason)
    if rule is None:
        reason = f"no fee rule is held for application type {application_type_code!r}"
        return _unknown(application_type_code, on, reason, era)
    if rule.basis == "no_fee":
        return FeeAssessment(
            application_type=application_type_code,
            on=on,
            amount_pence=0,
            full_amount_pence=0,
            label=f"{rule.label or 'this application type'}: no fee",
            rule=rule.rule or "No fee is payable for this application type.",
            era_label=era.label,
        )
    context = _Context(table=table, era=era, on=on)
    try:
        measures = _Measures(
            dwellings=dwellings,
            structures=structures,
            site_area_m2=_area(site_area_ha, 10_000, "site area"),
            floorspace_m2=_area(floorspace_m2, 1, "floor space"),
            householder_permission=householder_permission,
        )
        full, label, rule_text, notes, check = _full_fee(
            context, rule, measures, tuple(project_types), building_operations
        )
    except _Unknown as unknown:
        return _unknown(application_type_code, on, str(unknown), era)
    if rule.note:
        notes = (*notes, rule.note)
    standalone = rule.rate is not None and era.rates[rule.rate].standalone
    assessment = FeeAssessment(
        application_type=application_type_code,
        on=on,
        amount_pence=full,
        full_amount_pence=full,
        label=label,
        rule=rule_text if standalone else f"{rule_text}; {era.instrument}, {era.label}",
        era_label=era.label,
        notes=notes,
        needs_officer_check=check,
    )
    return _apply_exemptions_and_reductions(assessment, context, exemptions or {}, reductions or {})


def long_date(day: date) -> str:
    """A date as officers write it: ``1 April 2025``."""
    return f"{day.day} {day:%B %Y}"


def _unknown(code: str, on: date, reason: str, era: Era | None = None) -> FeeAssessment:
    return FeeAssessment(
        application_type=code,
        on=on,
        amount_pence=None,
        label="fee not worked out",
        rule="An officer must work out the fee.",
        era_label=era.label if era else None,
        reason=reason,
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class _Measures:
    """What the fee is counted on, as far as the submission gives it."""

    dwellings: int | None
    structures: int | None
    site_area_m2: Decimal | None
    floorspace_m2: Decimal | None
    householder_permission: bool | None


def _area(value: Decimal | float | str | None, factor: int, what: str) -> Decimal | None:
    """A positive area in m2 from hectares (``factor`` 10,000) or m2 (1); None when not given."""
    if value is None:
        return None
    try:
        area = Decimal(str(value)) * factor
    except ArithmeticError as error:
        raise _Unknown(f"the {what} {value!r} is not a number") from error
    if not area.is_finite() or area <= 0:
        raise _Unknown(f"the {what} must be more than zero")
    return area


def _full_fee(
    context: _Context,
    rule: TypeRule,
    measures: _Measures,
    projects: tuple[str, ...],
    building_operations: bool | None,
) -> _FullFee:
    """The fee before exemptions and reductions."""
    dwellings, structures = measures.dwellings, measures.structures
    if rule.basis == "householder":
        return _householder(context, dwellings, projects)
    if rule.basis == "full":
        if not dwellings and measures.floorspace_m2 is not None:
            return _floorspace(context, measures.floorspace_m2)
        return _development(context, dwellings, projects, "full planning application")
    if rule.basis == "outline":
        return _outline(context, rule, measures.site_area_m2)
    if rule.basis == "householder_or_other":
        return _householder_or_other(context, rule, measures.householder_permission, projects)
    if rule.basis in ("ldc_existing", "ldc_proposed"):
        return _lawful_development(context, rule.basis, dwellings, projects)
    if rule.basis == "flat":
        rate = context.rate(rule.rate or "")
        return rate.for_units(1), _flat_label(rule.rate or ""), rate.rule, (), False
    if rule.basis in ("per_unit", "bands"):
        return _per_unit(context, rule, dwellings if rule.unit == "dwelling" else structures)
    if rule.basis == "prior_approval_building_operations":
        return _prior_approval(context, projects, building_operations)
    if rule.basis == "advert":
        rate = context.rate("advert_business_premises")
        other = context.rate("advert_other")
        note = (
            "Charged as an advertisement relating to the business on the premises; other advertisements "
            f"pay {format_pence(other.for_units(1))}."
        )
        return rate.for_units(1), "advertisement on business premises", rate.rule, (note,), True
    raise _Unknown(f"no way to work out a fee on the basis {rule.basis!r}")  # pragma: no cover


def _per_unit(context: _Context, rule: TypeRule, count: int | None) -> _FullFee:
    if count is None or count < 1:
        raise _Unknown(f"the number of {rule.unit}s is needed and the submission does not give it")
    rate = context.rate(rule.rate or "")
    label = _unit_label(rule.rate or "", count, rule.unit or "unit")
    return rate.for_units(count), label, rate.rule, (), False


def _prior_approval(context: _Context, projects: tuple[str, ...], building_operations: bool | None) -> _FullFee:
    if building_operations is None:
        building_operations = any(not context.matches(p, "change_of_use") for p in projects)
    if building_operations:
        rate = context.rate("prior_approval_building_operations")
        return rate.for_units(1), "prior approval with building operations", rate.rule, (), False
    rate = context.rate("prior_approval")
    return rate.for_units(1), "prior approval", rate.rule, (), False


def _outline(context: _Context, rule: TypeRule, area_m2: Decimal | None) -> _FullFee:
    """Categories 1 and 2, outline: per 0.1 hectare of the site area or part of it."""
    if area_m2 is None:
        raise _Unknown(
            "an outline application is charged per 0.1 hectare of the site area "
            "(Fees Regulations 2012, Sch. 1, Pt 2), and the site area is not given"
        )
    rate = context.rate(rule.rate or "")
    hectares = area_m2 / 10_000
    return (
        rate.for_area(area_m2, SITE_AREA_UNIT_M2),
        f"outline, site area {hectares.normalize():f} ha",
        rate.rule,
        (),
        False,
    )


def _floorspace(context: _Context, area_m2: Decimal) -> _FullFee:
    """Category 2: other buildings, a flat fee up to 40 m2, else per 75 m2 of floor space or part of it."""
    shown = f"{area_m2.normalize():f} m2"
    if area_m2 <= SMALL_FLOORSPACE_M2:
        rate = context.rate("floorspace_small")
        return rate.for_units(1), f"buildings, {shown} of floor space", rate.rule, (), False
    rate = context.rate("floorspace")
    return rate.for_area(area_m2, FLOORSPACE_UNIT_M2), f"buildings, {shown} of floor space", rate.rule, (), False


def _householder_or_other(
    context: _Context, rule: TypeRule, householder: bool | None, projects: tuple[str, ...]
) -> _FullFee:
    """The cheaper fee where the permission concerned is a householder one, else the other fee."""
    check = householder is None
    if householder is None:
        householder = bool(projects) and not any(context.matches(p, "not_householder") for p in projects)
    name = rule.householder_rate if householder else rule.rate
    rate = context.rate(name or "")
    what = rule.label or "application"
    label = f"{what}, {'householder' if householder else 'other'} permission"
    notes = (
        ("Whether the permission concerned is a householder one was inferred: an officer must confirm.",)
        if check
        else ()
    )
    return rate.for_units(1), label, rate.rule, notes, check


def _flat_label(rate_name: str) -> str:
    return {
        "section_73": "minor material amendment (section 73)",
        "prior_approval": "prior approval",
        "ldc_breach_of_condition": "lawful development certificate for a breach of condition",
    }.get(rate_name, rate_name.replace("_", " "))


def _unit_label(rate_name: str, count: int, unit: str) -> str:
    what = {
        "prior_approval_class_ma": "prior approval, Class MA",
        "prior_approval_new_dwellings": "prior approval for new dwellings",
        "land_drainage_per_structure": "land drainage consent",
    }.get(rate_name, rate_name.replace("_", " "))
    return f"{what}, {_plural(count, unit)}"


def _householder(context: _Context, dwellings: int | None, projects: tuple[str, ...]) -> _FullFee:
    """Category 6 (the house itself; one, or two or more) or category 7 (only works in its curtilage)."""
    notes: tuple[str, ...] = ()
    if dwellings is not None and dwellings >= 2:
        rate = context.rate("householder_two_or_more")
        return rate.for_units(1), "householder, two or more dwellings", rate.rule, notes, False
    if projects and all(context.matches(p, "curtilage") for p in projects):
        rate = context.rate("householder_curtilage")
        return rate.for_units(1), "householder, works within the curtilage", rate.rule, notes, False
    rate = context.rate("householder_one")
    return rate.for_units(1), "householder, one dwelling", rate.rule, notes, False


def _development(context: _Context, dwellings: int | None, projects: tuple[str, ...], what: str) -> _FullFee:
    """Category 1 (or 12(2)) per dwelling when dwellings are created; category 14 for a change of use."""
    change_of_use_only = bool(projects) and all(context.matches(p, "change_of_use") for p in projects)
    if dwellings is not None and dwellings > 0:
        rate = context.rate("dwellings")
        rule = rate.rule
        if change_of_use_only:
            rule = (
                "Fees Regulations 2012, Sch. 1, Pt 2, category 12(2): change of use of a building to "
                "dwellinghouses, at the category 1 rates"
            )
        return rate.for_units(dwellings), _plural(dwellings, "dwelling"), rule, (), False
    if change_of_use_only:
        rate = context.rate("change_of_use")
        return rate.for_units(1), "change of use", rate.rule, (), False
    raise _Unknown(
        f"the fee for a {what} without new dwellings depends on the floor space or site area, "
        "which the submission does not give in a form the table can use"
    )


def _lawful_development(context: _Context, basis: str, dwellings: int | None, projects: tuple[str, ...]) -> _FullFee:
    """Reg. 11: existing = the planning fee for the same development; proposed = half of it."""
    householder = not dwellings and not any(context.matches(p, "not_householder") for p in projects)
    if householder:
        pence, label, rule, _, check = _householder(context, None, projects)
        notes: tuple[str, ...] = ("Charged as works to an existing house, as the project types describe.",)
    else:
        pence, label, rule, notes, check = _development(context, dwellings, projects, "lawful development certificate")
    if basis == "ldc_existing":
        return (
            pence,
            f"lawful development certificate (existing), as for planning permission: {label}",
            "Fees Regulations 2012, reg. 11: a certificate for an existing use or development pays the fee "
            f"for planning permission for it ({rule})",
            notes,
            check,
        )
    return (
        _half(pence),
        f"lawful development certificate (proposed), half the fee for {label}",
        "Fees Regulations 2012, reg. 11: a certificate for a proposed use or development pays half the fee "
        f"for planning permission for it ({rule})",
        notes,
        check,
    )


def _half(pence: int) -> int:
    """Half an amount in pence, a half penny rounded up."""
    return (pence + 1) // 2


def _apply_exemptions_and_reductions(
    assessment: FeeAssessment,
    context: _Context,
    exemptions: Mapping[str, bool],
    reductions: Mapping[str, bool],
) -> FeeAssessment:
    """Exemptions first (the fee becomes nil), then reductions in the order of ``REDUCTIONS``."""
    table, era = context.table, context.era
    full = assessment.full_amount_pence
    assert full is not None  # only called with a worked-out fee
    notes = list(assessment.notes)
    if exemptions.get("disability"):
        return assessment.model_copy(
            update={
                "amount_pence": 0,
                "exemption": "disability",
                "rule": f"{table.exemptions['disability']} (otherwise {format_pence(full)}: {assessment.rule})",
            }
        )
    if exemptions.get("resubmission"):
        if era.free_go.available:
            return assessment.model_copy(
                update={
                    "amount_pence": 0,
                    "exemption": "resubmission",
                    "rule": f"{era.free_go.rule} (otherwise {format_pence(full)}: {assessment.rule})",
                    "needs_officer_check": assessment.needs_officer_check or era.free_go.needs_officer_check,
                }
            )
        notes.append(f"A free go was claimed but is not available {era.label}: {era.free_go.rule}.")
    amount = full
    applied: list[str] = []
    if reductions.get("sports"):
        sports = era.rates.get("sports_playing_field")
        if sports is not None and sports.pence is not None and sports.pence < amount:
            amount = sports.pence
            applied.append("sports")
            notes.append(
                f"{table.reductions['sports']}: {format_pence(sports.pence)}. The officer must be satisfied "
                "that the club is not run for profit and the works are for playing fields only."
            )
    for flag in ("parishCouncil", "alternative"):
        if reductions.get(flag):
            amount = _half(amount)
            applied.append(flag)
            notes.append(f"{table.reductions[flag]}.")
    rule = assessment.rule
    if applied:
        rule = f"{rule}; reduced from {format_pence(full)} to {format_pence(amount)} ({', '.join(applied)})"
    return assessment.model_copy(
        update={"amount_pence": amount, "reductions": tuple(applied), "notes": tuple(notes), "rule": rule}
    )
