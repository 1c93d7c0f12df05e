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

Received date (``received_date``)
    The day an application arrives, in England. An application that arrives out of hours (after the
    council's close of business, or on a weekend or public holiday) counts as received on the next
    working day only where the council says so (its ``out_of_hours_from`` setting, the time it closes:
    ``Council.close_of_business``); the DMPO itself knows no office hours.

Extension of time
    An extension agreed in writing (DMPO 2015 art. 34(2)) must be later than the current determination
    date and at most ``EXTENSION_MAX_YEARS`` after it (``latest_extension``; the constant says why).

Appeals (``appeal_dates``): Town and Country Planning Act 1990 (TCPA) s. 78 and DMPO 2015 art. 37(2)
    - Non-determination (s. 78(2)): the applicant may appeal once the period allowed by art. 34 has
      expired without a decision, i.e. from the day after the expiry date, or after the agreed extended
      date where an extension of time was agreed in writing.
    - Time limits (art. 37(2)): notice of appeal must be given within 12 weeks beginning with the date of
      the notice of decision for a householder or minor commercial application that is refused (art.
      37(2)(a)); otherwise within 6 months beginning with the date of the notice of decision, or, for
      non-determination, with the date the period expired (the expiry date, or the agreed extended date)
      (art. 37(2)(c)). "Beginning with" counts the first day, so 12 weeks beginning with D end on
      D + 83 days, and 6 months beginning with D end on the day before the date six calendar months
      later (the last day of the month where that date does not exist: 6 months beginning with 1
      September 2027 end on 29 February 2028).
    A case keeps these dates (``case_appeal_dates``): set when it is validated or extended, and when it
    is determined; only TCPA s. 78 appeals (planning permission and prior approval) have them.
"""

from __future__ import annotations

import calendar as _months
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import ConfigDict

from bops.domain.application_types import ApplicationType, Category, PeriodKind, get_type, with_period_override
from bops.domain.calendar import (
    business_days_between,
    is_business_day,
    next_business_day,
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


#: An extension of time is agreed in writing for a known delay (a legal agreement to sign, a consultee's late
#: advice, amended plans): months, not years. Two years after the current determination date covers the
#: longest such delay on a major application, and turns a mistyped year (2207 for 2027), which would hide
#: the case from every overdue list for ever, into a 422 naming the field.
EXTENSION_MAX_YEARS = 2


def latest_extension(current_deadline: date) -> date:
    """The latest date an extension of time may agree: ``EXTENSION_MAX_YEARS`` after the current
    determination deadline (28 February for a 29 February deadline whose year has none)."""
    year = current_deadline.year + EXTENSION_MAX_YEARS
    last = _months.monthrange(year, current_deadline.month)[1]
    return date(year, current_deadline.month, min(current_deadline.day, last))


# --- the received date -----------------------------------------------------------------------------

ENGLAND = ZoneInfo("Europe/London")
#: When a council that counts out-of-hours arrivals from the next working day closes, by default.
DEFAULT_CLOSE_OF_BUSINESS = time(17, 0)


def received_date(
    received_at: datetime,
    *,
    out_of_hours_next_working_day: bool = False,
    close_of_business: time = DEFAULT_CLOSE_OF_BUSINESS,
) -> date:
    """The day an application counts as received (module doc): its date in England, or, where the
    council's setting says so, the next working day when it arrived after ``close_of_business`` or on a
    day that is not a business day. ``received_at`` must be timezone-aware."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    local = received_at.astimezone(ENGLAND)
    day = local.date()
    if not out_of_hours_next_working_day:
        return day
    if not is_business_day(day) or local.time() >= close_of_business:
        return next_business_day(day)
    return day


# --- appeals ---------------------------------------------------------------------------------------

#: DMPO 2015 art. 37(2)(a): householder and minor commercial refusals.
SHORT_APPEAL_WEEKS = 12
#: DMPO 2015 art. 37(2)(c): every other s. 78 appeal, non-determination included.
APPEAL_MONTHS = 6


def weeks_beginning_with(start: date, weeks: int) -> date:
    """The last day of a period of ``weeks`` weeks beginning with ``start`` (``start`` is day one)."""
    return start + timedelta(days=7 * weeks - 1)


def months_beginning_with(start: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months beginning with ``start``: the day before the
    corresponding date ``months`` later, or the last day of that month where there is no such date."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = _months.monthrange(year, month)[1]
    if start.day > last:  # no corresponding date (31 August -> February): the month's last day
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)


class AppealDates(Model):
    """When the applicant may appeal under TCPA s. 78, and by when (module doc)."""

    model_config = ConfigDict(frozen=True)

    #: The first day an appeal against non-determination may be made (None once decided).
    non_determination_from: date | None
    #: The last day to give notice of appeal: against the decision, or against non-determination.
    last_day_to_appeal: date
    #: The rule applied, with the article, in an officer's words.
    rule: str


def appeal_dates(
    app_type: ApplicationType | str,
    *,
    expiry_date: date,
    extension_to: date | None = None,
    decided_on: date | None = None,
    refused: bool = False,
    minor_commercial: bool = False,
) -> AppealDates:
    """The appeal dates of a planning permission or prior approval case (TCPA s. 78; module doc).

    Undecided (``decided_on`` None): an appeal against non-determination may be made from the day after
    the determination deadline (``extension_to`` if an extension was agreed, else ``expiry_date``), and
    must be made within 6 months beginning with that deadline. Decided: within 12 weeks beginning with
    the date of the decision notice for a refused householder application, or a refused minor commercial
    application (``minor_commercial``: DMPO 2015 art. 2(1), shops and services on the ground floor, which
    the type alone cannot tell), else 6 months.
    """
    app_type = get_type(app_type) if isinstance(app_type, str) else app_type
    if decided_on is None:
        deadline = extension_to or expiry_date
        agreed = " (the extended period agreed)" if extension_to else ""
        return AppealDates(
            non_determination_from=deadline + timedelta(days=1),
            last_day_to_appeal=months_beginning_with(deadline, APPEAL_MONTHS),
            rule=(
                f"Appeal against non-determination (TCPA 1990 s. 78(2)) once the period{agreed} has expired, "
                f"within {APPEAL_MONTHS} months beginning with the date it expired (DMPO 2015 art. 37(2)(c))"
            ),
        )
    short = refused and (app_type.category is Category.HOUSEHOLDER or minor_commercial)
    if short:
        what = "householder" if app_type.category is Category.HOUSEHOLDER else "minor commercial"
        return AppealDates(
            non_determination_from=None,
            last_day_to_appeal=weeks_beginning_with(decided_on, SHORT_APPEAL_WEEKS),
            rule=(
                f"Appeal against the refusal of a {what} application within {SHORT_APPEAL_WEEKS} weeks "
                "beginning with the date of the decision notice (DMPO 2015 art. 37(2)(a))"
            ),
        )
    return AppealDates(
        non_determination_from=None,
        last_day_to_appeal=months_beginning_with(decided_on, APPEAL_MONTHS),
        rule=(
            f"Appeal against the decision (TCPA 1990 s. 78(1)) within {APPEAL_MONTHS} months beginning with "
            "the date of the decision notice (DMPO 2015 art. 37(2)(c))"
        ),
    )


#: The categories whose appeals go to the Secretary of State under TCPA s. 78 (planning permission and
#: prior approval); other consents are appealed under other Acts with other periods (decision_notice).
S78_CATEGORIES = frozenset({Category.HOUSEHOLDER, Category.MINOR, Category.MAJOR, Category.PRIOR_APPROVAL})


def case_appeal_dates(
    app_type: ApplicationType | str,
    *,
    expiry_date: date | None,
    provisional: bool = False,
    extension_to: date | None = None,
    decided_on: date | None = None,
    refused: bool = False,
    conditions: bool = False,
    minor_commercial: bool = False,
) -> AppealDates | None:
    """The appeal dates to keep on a case (``appeal_dates``), or None when there is no s. 78 appeal to date.

    None for types not appealed under TCPA s. 78; before the determination period runs (``provisional``:
    not yet valid, so it cannot expire, DMPO 2015 art. 34(2)); and for a decision there is nothing to
    appeal against (granted without conditions, prior approval not required: s. 78(1) appeals are
    against a refusal or against conditions).
    """
    app_type = get_type(app_type) if isinstance(app_type, str) else app_type
    if app_type.category not in S78_CATEGORIES:
        return None
    if decided_on is None:
        if expiry_date is None or provisional:
            return None
        return appeal_dates(app_type, expiry_date=expiry_date, extension_to=extension_to)
    if not (refused or conditions):
        return None
    return appeal_dates(
        app_type,
        expiry_date=expiry_date or decided_on,
        decided_on=decided_on,
        refused=refused,
        minor_commercial=minor_commercial,
    )
