"""Statutory returns (PS1, PS2) for a quarter, and the case's PS2 development type (Q-code).

The figures are counted by ``bops.domain.returns`` from the quarter's cases (``repository.returns``).
An officer sets a case's development type when the default from its application type is not the right
line (a minor application for two houses is Q07, not Q12): audited like any change to the case.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field

from bops.domain import returns as rules
from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

if TYPE_CHECKING:
    from bops.auth import Identity
    from bops.services.context import Context

# a case received out of hours counts from the next working day: look this far back for receipts
RECEIPT_MARGIN = timedelta(days=10)


def _facts(ctx: Context, council: str, quarter: rules.Quarter) -> list[rules.CaseFacts]:
    repo = ctx.repo.returns
    first = (quarter.start - RECEIPT_MARGIN).isoformat()
    last = quarter.end.isoformat()
    references = repo.received_between(council, first, last) + repo.determined_received_by(council, last)
    return [rules.CaseFacts.of(case) for case in repo.cases(council, references)]


def _enforcement(ctx: Context, council: str, quarter: rules.Quarter) -> rules.Enforcement:
    """The quarter's enforcement lines: the notices the council's enforcement cases served in it."""
    served = ctx.repo.enforcement.notices_served(council, quarter.start, quarter.end)
    return rules.enforcement_counts(notice.kind for notice in served)


def ps1(ctx: Context, identity: Identity, quarter: str) -> rules.Ps1:
    period = rules.Quarter.parse(quarter)
    council = identity.council
    return rules.ps1(council, period, _facts(ctx, council, period), _enforcement(ctx, council, period))


def ps2(ctx: Context, identity: Identity, quarter: str) -> rules.Ps2:
    period = rules.Quarter.parse(quarter)
    council = identity.council
    return rules.ps2(council, period, _facts(ctx, council, period), _enforcement(ctx, council, period))


class DevelopmentTypeChange(Model):
    model_config = ConfigDict(json_schema_extra={"examples": [{"code": "Q07", "reason": "Two new houses"}]})

    code: str = Field(min_length=3, max_length=3, description="The PS2 development type, e.g. Q07")
    reason: str | None = Field(None, max_length=1000, description="Why the default line is not the right one")


class CaseDevelopmentType(Model):
    reference: str
    code: str | None = Field(description="The case's PS2 line (None: not counted on PS2, e.g. a prior approval)")
    label: str | None
    default: str | None = Field(description="The default for the application type")
    set_by_officer: bool


class DevelopmentTypes(Model):
    development_types: list[rules.DevelopmentType]
    defaults: dict[str, str]


def development_types() -> DevelopmentTypes:
    return DevelopmentTypes(
        development_types=rules.development_types(),
        defaults={t: c for t in _types() if (c := rules.default_code(t))},
    )


def _types() -> list[str]:
    from bops.domain.application_types import all_types

    return [t.code for t in all_types()]


def _view(case: dict[str, object]) -> CaseDevelopmentType:
    default = rules.default_code(str(case["application_type"]))
    chosen = case.get("development_type")
    code = str(chosen) if chosen else default
    kind = rules.development_type(code) if code else None
    return CaseDevelopmentType(
        reference=str(case["reference"]),
        code=code,
        label=kind.label if kind else None,
        default=default,
        set_by_officer=bool(chosen),
    )


def get_development_type(ctx: Context, identity: Identity, reference: str) -> CaseDevelopmentType:
    from bops.services.cases import load_case

    return _view(load_case(ctx, identity.council, reference))


def set_development_type(
    ctx: Context, identity: Identity, reference: str, body: DevelopmentTypeChange
) -> CaseDevelopmentType:
    from bops.services.cases import load_case, save

    if rules.development_type(body.code) is None:
        codes = ", ".join(t.code for t in rules.development_types())
        raise InvalidRequest(
            f"{body.code} is not a PS2 development type", fields=[FieldError("code", f"one of {codes}")]
        )
    case = load_case(ctx, identity.council, reference)
    before = _view(case).code
    saved = save(
        ctx,
        case,
        {"development_type": body.code},
        actor=identity.actor,
        action="application.development_type",
        reason=body.reason,
        audit_before={"development_type": before},
        audit_after={"development_type": body.code},
    )
    return _view(saved.case)
