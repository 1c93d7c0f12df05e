"""Statutory returns: the quarterly PS1 and PS2 district planning returns to MHCLG (General Development
Control statistics), counted from the council's cases.

- PS1: applications received and decided in the quarter; decisions by major / minor / other development,
  granted or refused, delegated to officers or made by committee, within the statutory period or an
  agreed extension; prior approvals (received; decided: not required, granted, refused); enforcement:
  the notices served in the quarter by kind, from the enforcement cases (``enforcement_counts``).
- PS2: decisions in the quarter by development type (the Q-codes, ``data/ps2_development_types.json``):
  total, granted, refused, delegated, committee, within time, within an agreed extension.

A quarter is a calendar quarter, named ``2026Q4`` (October to December 2026), as the returns' quarters
are. Received means the day the case counts as received (``received_on``); decided, the day of the decision
(``decision.determined_on``). Within time: decided on or before the statutory determination date
(``expiry_date``: 8 weeks, 13 for major development, from the valid-from date); within an agreed extension:
after it, but on or before the extended date (``extended_expiry_date``). Pure: the service reads the cases.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from pydantic import Field

from bops.domain.application_types import Category, get_type
from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

QUARTER_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")
GRANTED = frozenset({"granted", "prior_approval_granted", "prior_approval_not_required"})
REFUSED = frozenset({"refused", "prior_approval_refused"})
ENFORCEMENT_NOTE = (
    "Enforcement notices, stop notices, breach of condition and planning contravention notices are counted from "
    "BoPS's enforcement cases, by the day each was served. BoPS records no enforcement injunctions or temporary "
    "stop notices: those lines are 0 because nothing is recorded, not because nothing happened. Fill them from "
    "the council's records."
)
#: Each kind of notice an enforcement case records (``bops.domain.enforcement.NOTICE_KINDS``) -> its line.
NOTICE_LINES = {
    "enforcement": "enforcement_notices_issued",
    "stop": "stop_notices_served",
    "breach_of_condition": "breach_of_condition_notices_served",
    "planning_contravention": "planning_contravention_notices_served",
}


class Quarter(Model):
    name: str
    start: date
    end: date

    @staticmethod
    def parse(text: str) -> Quarter:
        """``2026Q4`` -> 1 October to 31 December 2026; a clear 422 naming ``quarter`` otherwise."""
        match = QUARTER_PATTERN.match(text or "")
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            raise InvalidRequest(
                "quarter must look like 2026Q4 (a year and a quarter, 1 to 4)",
                fields=[FieldError("quarter", "a year and Q1 to Q4, e.g. 2026Q4")],
            )
        year, number = int(match.group(1)), int(match.group(2))
        start = date(year, 3 * number - 2, 1)
        end = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
        return Quarter(name=text, start=start, end=date.fromordinal(end.toordinal() - 1))

    @staticmethod
    def of(day: date) -> Quarter:
        return Quarter.parse(f"{day.year}Q{(day.month - 1) // 3 + 1}")

    def holds(self, day: str | None) -> bool:
        return bool(day) and self.start.isoformat() <= str(day)[:10] <= self.end.isoformat()


class DevelopmentType(Model):
    code: str
    label: str
    category: str  # major, minor or other


@cache
def _table() -> dict[str, Any]:
    text = resources.files("bops.domain").joinpath("data/ps2_development_types.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def development_types() -> list[DevelopmentType]:
    return [DevelopmentType.model_validate(t) for t in _table()["development_types"]]


def development_type(code: str) -> DevelopmentType | None:
    return next((t for t in development_types() if t.code == code), None)


def default_code(application_type: str) -> str | None:
    """The Q-code a case of this type starts with (None: not counted on PS2, e.g. prior approvals)."""
    return _table()["defaults"].get(application_type)


class CaseFacts(Model):
    """What the returns need of one case."""

    reference: str
    application_type: str
    development_type: str | None = Field(None, description="The case's Q-code (the officer's, else the default)")
    received_on: str
    decided_on: str | None = None
    decision: str | None = None
    by_committee: bool = False
    expiry_date: str | None = None
    extended_expiry_date: str | None = None

    @staticmethod
    def of(case: Mapping[str, Any]) -> CaseFacts:
        decision = case.get("decision") or {}
        return CaseFacts(
            reference=case["reference"],
            application_type=case["application_type"],
            development_type=case.get("development_type") or default_code(case["application_type"]),
            received_on=case["received_on"],
            decided_on=decision.get("determined_on"),
            decision=decision.get("decision"),
            by_committee=decision.get("made_by") == "committee",
            expiry_date=case.get("expiry_date"),
            extended_expiry_date=case.get("extended_expiry_date"),
        )

    @property
    def prior_approval(self) -> bool:
        try:
            return get_type(self.application_type).category is Category.PRIOR_APPROVAL
        except (KeyError, ValueError):
            return False

    @property
    def timeliness(self) -> str:
        """within_time, within_extension or out_of_time (of a decided case)."""
        decided = self.decided_on or ""
        if self.expiry_date and decided <= self.expiry_date:
            return "within_time"
        if self.extended_expiry_date and decided <= self.extended_expiry_date:
            return "within_extension"
        return "out_of_time"


class DecisionCounts(Model):
    total: int = 0
    granted: int = 0
    refused: int = 0
    delegated: int = 0
    committee: int = 0
    within_time: int = 0
    within_extension: int = 0
    out_of_time: int = 0

    def add(self, facts: CaseFacts) -> None:
        self.total += 1
        self.granted += facts.decision in GRANTED
        self.refused += facts.decision in REFUSED
        self.committee += facts.by_committee
        self.delegated += not facts.by_committee
        setattr(self, facts.timeliness, getattr(self, facts.timeliness) + 1)


class PriorApprovals(Model):
    received: int = 0
    decided: int = 0
    not_required: int = 0
    granted: int = 0
    refused: int = 0


class Enforcement(Model):
    note: str = ENFORCEMENT_NOTE
    enforcement_notices_issued: int = 0
    stop_notices_served: int = 0
    temporary_stop_notices_served: int = 0
    breach_of_condition_notices_served: int = 0
    planning_contravention_notices_served: int = 0
    enforcement_injunctions_granted: int = 0


class Ps1(Model):
    council: str
    quarter: str
    period_start: date
    period_end: date
    received: int = Field(description="Applications received in the quarter (prior approvals included)")
    decided: int = Field(description="Applications decided in the quarter (prior approvals included)")
    major: DecisionCounts
    minor: DecisionCounts
    other: DecisionCounts
    not_on_ps2: DecisionCounts = Field(description="Decided applications with no PS2 development type")
    prior_approvals: PriorApprovals
    enforcement: Enforcement
    source: str


class Ps2Line(DecisionCounts):
    code: str
    label: str
    category: str


class Ps2(Model):
    council: str
    quarter: str
    period_start: date
    period_end: date
    lines: list[Ps2Line]
    total: DecisionCounts
    enforcement: Enforcement
    source: str


def enforcement_counts(served: Iterable[str]) -> Enforcement:
    """The enforcement lines from the kinds of the notices served in the quarter (one entry per notice)."""
    counts = Enforcement()
    for kind in served:
        line = NOTICE_LINES.get(kind)
        if line:
            setattr(counts, line, getattr(counts, line) + 1)
    return counts


def ps1(council: str, quarter: Quarter, cases: Iterable[CaseFacts], enforcement: Enforcement | None = None) -> Ps1:
    facts = list(cases)
    decided = [f for f in facts if quarter.holds(f.decided_on)]
    groups = {"major": DecisionCounts(), "minor": DecisionCounts(), "other": DecisionCounts()}
    not_on_ps2 = DecisionCounts()
    prior = PriorApprovals(received=sum(f.prior_approval and quarter.holds(f.received_on) for f in facts))
    for f in decided:
        if f.prior_approval:
            prior.decided += 1
            prior.not_required += f.decision == "prior_approval_not_required"
            prior.granted += f.decision == "prior_approval_granted"
            prior.refused += f.decision in REFUSED
            continue
        kind = development_type(f.development_type) if f.development_type else None
        (groups[kind.category] if kind else not_on_ps2).add(f)
    return Ps1(
        council=council,
        quarter=quarter.name,
        period_start=quarter.start,
        period_end=quarter.end,
        received=sum(quarter.holds(f.received_on) for f in facts),
        decided=len(decided),
        **groups,
        not_on_ps2=not_on_ps2,
        prior_approvals=prior,
        enforcement=enforcement or Enforcement(),
        source=_table()["_source"],
    )


def ps2(council: str, quarter: Quarter, cases: Iterable[CaseFacts], enforcement: Enforcement | None = None) -> Ps2:
    lines = {t.code: Ps2Line(code=t.code, label=t.label, category=t.category) for t in development_types()}
    total = DecisionCounts()
    for f in cases:
        if quarter.holds(f.decided_on) and not f.prior_approval and f.development_type in lines:
            lines[f.development_type].add(f)
            total.add(f)
    return Ps2(
        council=council,
        quarter=quarter.name,
        period_start=quarter.start,
        period_end=quarter.end,
        lines=list(lines.values()),
        total=total,
        enforcement=enforcement or Enforcement(),
        source=_table()["_source"],
    )


COUNT_FIELDS = list(DecisionCounts.model_fields)


def ps1_csv(report: Ps1) -> str:
    """One line per figure: section, line, value (a spreadsheet-friendly copy of the return)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["return", "council", "quarter", "section", "line", "value"])
    head = ["PS1", report.council, report.quarter]
    writer.writerow([*head, "applications", "received", report.received])
    writer.writerow([*head, "applications", "decided", report.decided])
    for section in ("major", "minor", "other", "not_on_ps2"):
        counts: DecisionCounts = getattr(report, section)
        for name in COUNT_FIELDS:
            writer.writerow([*head, section, name, getattr(counts, name)])
    for name, value in report.prior_approvals.model_dump().items():
        writer.writerow([*head, "prior_approvals", name, value])
    for name, value in report.enforcement.model_dump().items():
        if name != "note":
            writer.writerow([*head, "enforcement", name, value])
    return out.getvalue()


def ps2_csv(report: Ps2) -> str:
    """One line per development type (Q-code) with its counts, then the total."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["return", "council", "quarter", "code", "development type", *COUNT_FIELDS])
    for line in report.lines:
        writer.writerow(
            ["PS2", report.council, report.quarter, line.code, line.label, *(getattr(line, n) for n in COUNT_FIELDS)]
        )
    writer.writerow(
        ["PS2", report.council, report.quarter, "total", "All", *(getattr(report.total, n) for n in COUNT_FIELDS)]
    )
    return out.getvalue()
