"""The statutory clock (England): when a decision is due, and how many days an officer has left.

Expiry date (the statutory determination deadline)
    A period "of N weeks beginning with the day immediately following that on which the application is
    received" (Town and Country Planning (Development Management Procedure) (England) Order 2015,
    art. 34(2)) starts on the day after the valid-from date and ends on its 7N-th day, which is
    ``valid_from + 7N days``: a householder application valid from Monday 2 November 2026 expires on
    Monday 28 December 2026. N is 8, 13 for major development, 16 where an Environmental Impact Assessment
    is needed (art. 34(2)(b)). This is also what BoPS stores (``expiry_date = 56.days.after(validated_at)``).
    Prior approvals run "42/56 days beginning with the day immediately following that on which the
    application is received" (GPDO 2015, Sch. 2), so expire ``received_on + N`` calendar days later.
    Statutory dates are calendar dates: they are not moved off weekends or bank holidays.

Target date
    Three weeks before the expiry date, moved back to a business day if it falls on a weekend or bank
    holiday. For the usual 8-week period this is 35 days after the valid-from date, the target BoPS sets,
    and it keeps three weeks for review, sign-off and issuing the decision notice for every period.

Planning guarantee date
    The fee is refundable if the application is undecided after 16 weeks (non-major) or 26 weeks (major
    development), counted as the expiry date from the valid-from date, unless an extension of time was
    agreed (Fees Regulations 2012, reg. 9A, the 16 weeks for non-major applications since 6 December 2023:
    SI 2023/1197). None for EIA development, types the guarantee does not cover (prior approvals,
    certificates, consents), and when an extension is agreed.

Before the application is validated (no valid-from date) weeks are counted from the received date, as
BoPS does, and ``provisional`` is True.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum

from pydantic import ConfigDict

from bops.domain.application_types import ApplicationType, PeriodKind, get_type, with_period_override
from bops.domain.calendar import (
    business_days_between,
    is_business_day,
    previous_business_day,
    subtract_business_days,
)
from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

EIA_WEEKS = 16
#: Fees Regulations 2012, reg. 9A: 16 weeks for non-major applications (since 6 December 2023), 26 for major.
PLANNING_GUARANTEE_WEEKS = 16
PLANNING_GUARANTEE_MAJOR_WEEKS = 26
TARGET_DAYS_BEFORE_EXPIRY = 21
DUE_SOON_BUSINESS_DAYS = 5
APPROACHING_EXPIRY_BUSINESS_DAYS = 5


class StatutoryDates(Model):
    """The key dates of a case, as shown on the case page and the dashboard."""

    model_config = ConfigDict(frozen=True)

    #: The day the period is counted from (the period begins the day after).
    counted_from: date
    #: True while weeks are counted from the received date because the case is not yet validated.
    provisional: bool
    expiry_date: date
    target_date: date
    planning_guarantee_date: date | None
    #: The agreed extension of time, when there is one (always later than ``expiry_date``).
    extended_expiry_date: date | None

    @property
    def determination_deadline(self) -> date:
        """The date the decision is due: the agreed extension if there is one, else the expiry date."""
        return self.extended_expiry_date or self.expiry_date


class DeadlineStatus(StrEnum):
    """The tag on a case in the dashboard."""

    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    ON_TRACK = "on track"


def statutory_dates(
    app_type: ApplicationType | str,
    *,
    received_on: date,
    valid_from: date | None,
    eia: bool = False,
    extension_to: date | None = None,
    overrides: Mapping[str, int] | None = None,
) -> StatutoryDates:
    """The expiry, target, planning guarantee and extended expiry dates of a case (rules: module doc).

    ``app_type`` is an application type or its ODP code; ``overrides`` are the council's determination
    periods by type code. Raises ``InvalidRequest`` when the valid-from date is before the received
    date, when EIA is claimed for a type that cannot need one, or when the extension of time is not
    later than the expiry date.
    """
    app_type = get_type(app_type, overrides) if isinstance(app_type, str) else with_period_override(app_type, overrides)
    if valid_from is not None and valid_from < received_on:
        raise InvalidRequest(
            "The valid from date cannot be before the application was received",
            fields=[FieldError("valid_from", "must be on or after the received date")],
        )
    if eia and not app_type.features.eia_possible:
        raise InvalidRequest(
            f"{app_type.name} cannot be EIA development",
            fields=[FieldError("eia", f"an Environmental Impact Assessment does not apply to {app_type.code}")],
        )

    period = app_type.determination_period
    if period.kind is PeriodKind.DAYS_FROM_RECEIPT:
        counted_from, provisional = received_on, False
    else:
        counted_from, provisional = valid_from or received_on, valid_from is None
    days = EIA_WEEKS * 7 if eia else period.days
    expiry = counted_from + timedelta(days=days)

    if extension_to is not None and extension_to <= expiry:
        raise InvalidRequest(
            "An extension of time must be later than the expiry date",
            fields=[FieldError("extension_to", f"must be after the expiry date {expiry.isoformat()}")],
        )

    guarantee = None
    if app_type.features.planning_guarantee and not (eia or extension_to):
        weeks = PLANNING_GUARANTEE_MAJOR_WEEKS if app_type.major else PLANNING_GUARANTEE_WEEKS
        guarantee = counted_from + timedelta(weeks=weeks)

    return StatutoryDates(
        counted_from=counted_from,
        provisional=provisional,
        expiry_date=expiry,
        target_date=target_date_for(expiry),
        planning_guarantee_date=guarantee,
        extended_expiry_date=extension_to,
    )


def target_date_for(expiry: date) -> date:
    """The date officers aim to decide by: three weeks before expiry, on a business day."""
    target = expiry - timedelta(days=TARGET_DAYS_BEFORE_EXPIRY)
    return target if is_business_day(target) else previous_business_day(target)


def days_left(expiry: date, today: date) -> int:
    """Business days left until ``expiry``; negative (at least one day overdue) once it has passed.

    Counts the business days in ``(today, expiry]``: 0 on the expiry date itself, 1 the business day
    before. After the expiry date it is minus the business days in ``(expiry, today]``, and at least -1
    so that a case expiring on a Friday shows as overdue on the Saturday.
    """
    if expiry >= today:
        return business_days_between(today, expiry)
    return min(-1, -business_days_between(expiry, today))


def status_tag(days: int) -> DeadlineStatus:
    """The dashboard tag for a number of days left: overdue (< 0), due soon (0 to 5), on track."""
    if days < 0:
        return DeadlineStatus.OVERDUE
    if days <= DUE_SOON_BUSINESS_DAYS:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK


def approaching_expiry_date(expiry: date) -> date:
    """Five business days before the expiry date: when officers are warned the case is about to expire."""
    return subtract_business_days(expiry, APPROACHING_EXPIRY_BUSINESS_DAYS)
