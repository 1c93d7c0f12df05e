"""Consultation of a case: who is consulted, how it is publicised, and when the consultation ends. Pure.

::

    not_started --start--> in_progress --complete (after the end date)--> complete
                                ^                                            |
                                +---- a notice recorded late reopens it -----+

Which kinds of consultation apply comes from the application type: ``neighbours`` (letters to "The
Occupier") when the type has ``neighbour_consultation``; ``consultees`` always; ``publicity`` when the type
has a site or a press notice. A type with no consultation stage has no ``Consultation``.

The end date (``end_date``: the rule in full is its docstring)
    Letters go out the business day after the officer starts consultation, then 21 days (the type's
    ``consultation_days``), or the longest consultee response period if longer, or 30 days for EIA
    development; a site notice gives 21 days from the day it is displayed and a press notice 14 days from
    the day it is published, and they can only extend the end date; public holidays are disregarded in
    neighbour and notice periods where the type says so, never in a consultee's period or the EIA 30
    days; officer extensions of 1-99 days each come on top. The end date is stored on the
    record (``Consultation.end_date``) and recomputed by every function that changes what it depends on;
    ``end_date(consultation)`` explains it date by date, and ``end_date_change(before, after)`` gives the
    audit entry for a change.

Notices
    A required site notice must be confirmed displayed, and a required press notice published, before the
    case can be determined (``determination_blocked_reason``; the lifecycle guard takes
    ``lifecycle_flags``). Each confirmation needs evidence: the ids of uploaded photos or documents.
    Notices may be recorded before consultation starts and after it completes: a notice recorded after
    completion whose period runs past the completion date puts the consultation back in progress (the
    public must get the notice's full period).

Every function returns a new record (models are frozen) or raises: ``Conflict`` for an action the state
does not allow, ``InvalidRequest`` (with field paths) for a missing or bad input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, model_validator

from bops.domain.application_types import ApplicationType, Category, get_type
from bops.domain.calendar import is_public_holiday, next_business_day
from bops.domain.documents import DOCUMENT_ID_PATTERN
from bops.domain.errors import Conflict, FieldError, InvalidRequest
from bops.model import Model

#: Days for neighbours, consultees and the public when the type does not say otherwise (DMPO 2015 Sch. 3).
STANDARD_DAYS = 21
#: Days from a site notice (DMPO 2015, Sch. 3 (f)(i)).
SITE_NOTICE_DAYS = 21
#: Days from a press notice (DMPO 2015, Sch. 3 (f)(ii)).
PRESS_NOTICE_DAYS = 14
#: Days for every kind of publicity when an environmental statement is consulted on (EIA Regulations 2017,
#: reg. 20(2)(e): "not less than 30 days"), counted in calendar days: those Regulations disregard no
#: public holiday.
EIA_DAYS = 30
MIN_EXTENSION_DAYS = 1
MAX_EXTENSION_DAYS = 99
MAX_CONSULTEE_DAYS = 365
MAX_NOTICE_COUNT = 50
MAX_REASON = 2000
MAX_EVIDENCE = 20

_ONE_DAY = timedelta(days=1)

# --- vocabulary ------------------------------------------------------------------------------------


class ConsultationStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class NoticeDelivery(StrEnum):
    """Who puts the site notice up."""

    #: A council officer displays it.
    OFFICER = "officer"
    #: It is sent to the applicant to display.
    APPLICANT = "applicant"


class Source(StrEnum):
    """What a date in the end-date explanation comes from."""

    #: Letters expected out the business day after consultation started.
    LETTERS_EXPECTED = "letters_expected"
    #: Letters recorded as dispatched.
    LETTERS_SENT = "letters_sent"
    #: A consultee with a longer response period, or consulted later.
    CONSULTEE = "consultee"
    SITE_NOTICE = "site_notice"
    PRESS_NOTICE = "press_notice"


_SOURCE_LABELS: Mapping[Source, str] = {
    Source.LETTERS_EXPECTED: "letters dispatched the business day after consultation started",
    Source.LETTERS_SENT: "letters dispatched",
    Source.CONSULTEE: "consultee consulted",
    Source.SITE_NOTICE: "site notice displayed",
    Source.PRESS_NOTICE: "press notice published",
}

Reason = Annotated[str, Field(min_length=1, max_length=MAX_REASON)]
EvidenceIds = Annotated[tuple[str, ...], Field(max_length=MAX_EVIDENCE)]

# --- the record ------------------------------------------------------------------------------------


class Kinds(Model):
    """Which kinds of consultation apply to the case."""

    model_config = ConfigDict(frozen=True)

    neighbours: bool = False
    consultees: bool = True
    publicity: bool = False


class SiteNotice(Model):
    model_config = ConfigDict(frozen=True)

    required: bool = False
    #: How many notices are put up around the site.
    count: int = Field(default=1, ge=1, le=MAX_NOTICE_COUNT)
    delivery: NoticeDelivery | None = None
    #: The day the (latest) notice went up.
    displayed_on: date | None = None
    #: Uploaded photos of the notice in place.
    evidence_document_ids: EvidenceIds = ()

    @property
    def confirmed(self) -> bool:
        return self.displayed_on is not None


class PressNotice(Model):
    model_config = ConfigDict(frozen=True)

    required: bool = False
    #: The newspaper.
    publication: Annotated[str, Field(max_length=200)] | None = None
    #: The day the (latest) notice was published.
    published_on: date | None = None
    #: Uploaded copies of the published notice.
    evidence_document_ids: EvidenceIds = ()

    @property
    def confirmed(self) -> bool:
        return self.published_on is not None


class Extension(Model):
    """Days an officer added to the end date, and why."""

    model_config = ConfigDict(frozen=True)

    days: int = Field(ge=MIN_EXTENSION_DAYS, le=MAX_EXTENSION_DAYS)
    reason: Reason
    by: str = Field(min_length=1)
    at: datetime


class ConsulteePeriod(Model):
    """A consultee's response period. Counted from ``consulted_on`` when given (a consultee added after
    consultation started), else from the letters' dispatch day like everyone else."""

    model_config = ConfigDict(frozen=True)

    consultee_id: str = Field(min_length=1)
    days: int = Field(ge=1, le=MAX_CONSULTEE_DAYS)
    consulted_on: date | None = None


class Consultation(Model):
    """The consultation of one case. Frozen: the functions below return changed copies."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    status: ConsultationStatus = ConsultationStatus.NOT_STARTED
    #: The ODP application type code the record was made for.
    application_type: str = Field(min_length=1)
    kinds: Kinds = Kinds()
    #: The type's consultation period (``ApplicationType.consultation_days``).
    period_days: int = Field(default=STANDARD_DAYS, ge=1)
    #: From the type: public holidays do not count towards any period.
    public_holidays_disregarded: bool = False
    #: From the type: the development may need an Environmental Impact Assessment.
    eia_possible: bool = False
    #: An environmental statement is being consulted on (every period is at least 30 days).
    eia: bool = False
    #: The day the officer started consultation.
    start_date: date | None = None
    #: The day the (latest batch of) letters was dispatched.
    letters_sent_on: date | None = None
    #: The last day for comments (``end_date()`` explains it); None until something starts the clock.
    end_date: date | None = None
    completed_on: date | None = None
    site_notice: SiteNotice = SiteNotice()
    press_notice: PressNotice = PressNotice()
    extensions: tuple[Extension, ...] = ()
    consultees: tuple[ConsulteePeriod, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Consultation:
        if self.status is not ConsultationStatus.NOT_STARTED and (self.start_date is None or self.end_date is None):
            raise ValueError(f"an {self.status.value} consultation needs start_date and end_date")
        if self.status is ConsultationStatus.NOT_STARTED and (self.start_date or self.letters_sent_on):
            raise ValueError("a consultation that has not started has no start date or letters")
        if (self.status is ConsultationStatus.COMPLETE) != (self.completed_on is not None):
            raise ValueError("completed_on is set exactly when the consultation is complete")
        if self.eia and not self.eia_possible:
            raise ValueError(f"{self.application_type} cannot be EIA development")
        return self


# --- the explanation -------------------------------------------------------------------------------


class Contribution(Model):
    """One candidate end date: ``days`` counted from ``from_date``."""

    model_config = ConfigDict(frozen=True)

    source: Source
    from_date: date
    days: int
    #: Public holidays inside the period that did not count (each adds a day).
    disregarded: tuple[date, ...] = ()
    ends_on: date
    #: The consultee, for a consultee's period.
    consultee_id: str | None = None

    def describe(self) -> str:
        label = _SOURCE_LABELS[self.source]
        if self.consultee_id:
            label = f"{label} ({self.consultee_id})"
        text = f"{label} on {self.from_date.isoformat()}, {self.days} days: {self.ends_on.isoformat()}"
        if self.disregarded:
            text += " (public holidays disregarded: " + ", ".join(d.isoformat() for d in self.disregarded) + ")"
        return text


class AppliedExtension(Model):
    model_config = ConfigDict(frozen=True)

    days: int
    reason: str
    by: str
    at: datetime
    #: The end date after this extension.
    ends_on: date

    def describe(self) -> str:
        return f"extended by {self.days} days by {self.by} ({self.reason}): {self.ends_on.isoformat()}"


class EndDateExplanation(Model):
    """The end date and every date that went into it."""

    model_config = ConfigDict(frozen=True)

    end_date: date
    #: The latest of the contributions, before extensions.
    base_end_date: date
    #: The contribution that gave the base end date.
    decisive: Contribution
    contributions: tuple[Contribution, ...]
    extensions: tuple[AppliedExtension, ...] = ()

    def lines(self) -> list[str]:
        """The explanation as text, one line per contributing date, the decisive one marked."""
        marked = self.contributions.index(self.decisive) if self.decisive in self.contributions else -1
        out = [("* " if i == marked else "  ") + c.describe() for i, c in enumerate(self.contributions)]
        out += ["  " + e.describe() for e in self.extensions]
        out.append(f"end date: {self.end_date.isoformat()}")
        return out


class EndDateChange(Model):
    """An audit entry: the end date moved from ``previous`` to ``new``, and why."""

    model_config = ConfigDict(frozen=True)

    previous: date | None
    new: date | None
    explanation: EndDateExplanation | None


# --- the end date ----------------------------------------------------------------------------------


def count_days(start: date, days: int, *, disregard_public_holidays: bool) -> tuple[date, tuple[date, ...]]:
    """The day ``days`` days after ``start`` and the public holidays skipped on the way.

    ``start`` itself never counts. When ``disregard_public_holidays`` is set, a public holiday in England
    (Christmas Day, Good Friday or a bank holiday: ``calendar.is_public_holiday``) does not count, so each
    one inside the period adds a day, and the period never ends on one.
    """
    day, counted, skipped = start, 0, []
    while counted < days:
        day += _ONE_DAY
        if disregard_public_holidays and is_public_holiday(day):
            skipped.append(day)
        else:
            counted += 1
    return day, tuple(skipped)


def end_date(consultation: Consultation) -> EndDateExplanation | None:
    """The last day for comments, with the dates it comes from; None until something starts the clock.

    The rule (DMPO 2015 art. 15 and Sch. 3, as BoPS applies it):

    1. Letters: consultation started on S is posted the next business day, L = ``next_business_day(S)``
       (BoPS "starts the 21 days one business day after letters are sent"); the period is N days from L,
       where N is the type's consultation period (21 days), or the longest consultee response period if
       it ends later, or 30 days for EIA development (EIA Regulations 2017, reg. 20(2)(e)). Letters
       recorded as dispatched on a later day count from that day instead (a later batch gives its
       neighbours their full period); a record of an earlier day never shortens the period.
    2. A consultee consulted after the letters went out (``ConsulteePeriod.consulted_on``) gets their own
       response period from the day they were consulted.
    3. A site notice displayed on D gives D + 21 days; a press notice published on D gives D + 14 days
       (and D + 30 days for EIA development, if that ends later). They can only extend the end date: the
       base end date is the latest of all the dates in 1-3.
    4. Public holidays are disregarded in the neighbour and notice publicity periods where the type says
       so (DMPO 2015, Sch. 3 (f) as amended by SI 2018/119 and SI 2021/746: "when computing the number
       of days ... any day which is a public holiday must be disregarded"; a public holiday is Christmas
       Day, Good Friday or a bank holiday in England under the Banking and Financial Dealings Act 1971,
       ``calendar``): each public holiday inside such a period adds a day, so it never ends on one.
       Weekends count. Two periods have no holiday rule and are counted in calendar days: a statutory
       consultee's 21 days (or the period agreed) to respond (DMPO 2015 art. 22(1)), and the 30 days of
       EIA publicity (EIA Regulations 2017, reg. 20(2)(e): "a date not less than 30 days later than the
       date on which the notice is published", with no public-holiday rule in those Regulations); for
       EIA development the DMPO period, with its holiday rule, still applies where it ends later.
    5. Officer extensions add 1-99 calendar days each, in the order they were made, on top of the base
       end date.

    Days are counted from the day after the starting day: "D + 21 days" is 21 days after D. The statute
    runs the 21 days "beginning with" D, so this end date is a day later than the earliest lawful one,
    as BoPS has it: never too early.
    """
    c = consultation
    disregard = c.public_holidays_disregarded
    # Each option is (days, whether public holidays are disregarded); the latest end date wins.
    eia: list[tuple[int, bool]] = [(EIA_DAYS, False)] if c.eia else []
    candidates: list[Contribution] = []

    def add(source: Source, start: date, options: list[tuple[int, bool]], consultee_id: str | None = None) -> None:
        best: tuple[date, int, tuple[date, ...]] | None = None
        for days, disregarding in options:
            ends_on, skipped = count_days(start, days, disregard_public_holidays=disregarding)
            if best is None or ends_on > best[0]:
                best = (ends_on, days, skipped)
        assert best is not None
        candidates.append(
            Contribution(
                source=source,
                from_date=start,
                days=best[1],
                disregarded=best[2],
                ends_on=best[0],
                consultee_id=consultee_id,
            )
        )

    if c.start_date is not None:
        expected = next_business_day(c.start_date)
        letters_from = max(expected, c.letters_sent_on or expected)
        # Consultees consulted with the letters share their start; later ones get their own.
        with_letters = [p for p in c.consultees if p.consulted_on is None or p.consulted_on <= letters_from]
        later = [p for p in c.consultees if p not in with_letters]
        letter_options = [(c.period_days, disregard), *eia, *((p.days, False) for p in with_letters)]
        add(Source.LETTERS_EXPECTED, expected, letter_options)
        if c.letters_sent_on is not None:
            add(Source.LETTERS_SENT, c.letters_sent_on, letter_options)
        for p in later:
            if p.consulted_on is not None:  # always set: an unconsulted consultee counts with the letters
                add(Source.CONSULTEE, p.consulted_on, [(p.days, False)], p.consultee_id)
    if c.site_notice.displayed_on is not None:
        add(Source.SITE_NOTICE, c.site_notice.displayed_on, [(SITE_NOTICE_DAYS, disregard), *eia])
    if c.press_notice.published_on is not None:
        add(Source.PRESS_NOTICE, c.press_notice.published_on, [(PRESS_NOTICE_DAYS, disregard), *eia])
    if not candidates:
        return None

    decisive = max(candidates, key=lambda x: x.ends_on)  # the first of equals: letters before notices
    ends_on = decisive.ends_on
    applied = []
    for extension in c.extensions:
        ends_on += timedelta(days=extension.days)
        applied.append(
            AppliedExtension(
                days=extension.days, reason=extension.reason, by=extension.by, at=extension.at, ends_on=ends_on
            )
        )
    return EndDateExplanation(
        end_date=ends_on,
        base_end_date=decisive.ends_on,
        decisive=decisive,
        contributions=tuple(candidates),
        extensions=tuple(applied),
    )


def end_date_change(before: Consultation, after: Consultation) -> EndDateChange | None:
    """The audit entry for a change of end date between two versions of a record; None when unchanged."""
    if before.end_date == after.end_date:
        return None
    return EndDateChange(previous=before.end_date, new=after.end_date, explanation=end_date(after))


def completes_after(consultation: Consultation) -> datetime | None:
    """The moment the consultation may be completed: the start of the day after the end date in England,
    as UTC (for the workflow's Wait-on-timestamp). None when there is no end date."""
    if consultation.end_date is None:
        return None
    from zoneinfo import ZoneInfo

    local = datetime.combine(consultation.end_date + _ONE_DAY, time.min, tzinfo=ZoneInfo("Europe/London"))
    return local.astimezone(UTC)


def is_due_to_complete(consultation: Consultation, *, today: date) -> bool:
    """True when ``complete`` would succeed today (the workflow's re-check after its wait)."""
    return (
        consultation.status is ConsultationStatus.IN_PROGRESS
        and consultation.end_date is not None
        and today > consultation.end_date
    )


# --- creating and configuring ----------------------------------------------------------------------


def new_consultation(app_type: ApplicationType | str, *, eia: bool = False) -> Consultation:
    """A consultation, not started, for a case of ``app_type`` (a type or its ODP code).

    The kinds, the period, the public-holiday rule and the notices required come from the type.
    Raises ``Conflict`` for a type without a consultation stage and ``InvalidRequest`` (field ``eia``)
    for EIA on a type that cannot be EIA development.
    """
    t = get_type(app_type) if isinstance(app_type, str) else app_type
    if not t.stages.consultation or t.consultation_days is None:
        raise Conflict(f"{t.name} applications are not consulted on")
    f = t.features
    if eia and not f.eia_possible:
        raise InvalidRequest(
            f"{t.name} applications cannot be EIA development", fields=[FieldError("eia", "not for this type")]
        )
    return Consultation(
        application_type=t.code,
        kinds=Kinds(neighbours=f.neighbour_consultation, consultees=True, publicity=f.site_notice or f.press_notice),
        period_days=t.consultation_days,
        public_holidays_disregarded=f.public_holidays_disregarded_in_consultation,
        eia_possible=f.eia_possible,
        eia=eia,
        site_notice=SiteNotice(required=f.site_notice),
        press_notice=PressNotice(required=f.press_notice),
    )


def set_eia(consultation: Consultation, *, eia: bool) -> Consultation:
    """The consultation with an environmental statement consulted on (or not): 30-day periods."""
    _not_complete(consultation, "change the EIA status of")
    if eia and not consultation.eia_possible:
        raise InvalidRequest(
            "This type of application cannot be EIA development", fields=[FieldError("eia", "not for this type")]
        )
    return _evolve(consultation, eia=eia)


def set_site_notice(
    consultation: Consultation,
    *,
    required: bool,
    count: int = 1,
    delivery: NoticeDelivery | str | None = None,
) -> Consultation:
    """Whether a site notice is required, how many, and who puts it up (the officer's choice)."""
    _not_complete(consultation, "change the site notice of")
    errors = []
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_NOTICE_COUNT:
        errors.append(FieldError("count", f"must be a whole number from 1 to {MAX_NOTICE_COUNT}"))
    try:
        delivery = NoticeDelivery(delivery) if delivery is not None else None
    except ValueError:
        errors.append(FieldError("delivery", "must be one of: " + ", ".join(d.value for d in NoticeDelivery)))
    if errors:
        raise InvalidRequest("The site notice details are not valid", fields=errors)
    notice = consultation.site_notice.model_copy(update={"required": required, "count": count, "delivery": delivery})
    return _evolve(consultation, site_notice=notice)


def set_press_notice(consultation: Consultation, *, required: bool, publication: str | None = None) -> Consultation:
    """Whether a press notice is required, and in which newspaper."""
    _not_complete(consultation, "change the press notice of")
    publication = (publication or "").strip() or None
    if publication is not None and len(publication) > 200:
        raise InvalidRequest(
            "The publication name is too long", fields=[FieldError("publication", "at most 200 characters")]
        )
    notice = consultation.press_notice.model_copy(update={"required": required, "publication": publication})
    return _evolve(consultation, press_notice=notice)


def add_consultee(
    consultation: Consultation, *, consultee_id: str, days: int, consulted_on: date | None = None
) -> Consultation:
    """A consultee's response period (replacing any earlier one for the same consultee).

    ``consulted_on`` is the day a consultee added after consultation started was sent the consultation;
    leave it out for consultees consulted with the letters. A longer period extends the end date.
    """
    _not_complete(consultation, "add consultees to")
    errors = []
    if not (consultee_id or "").strip():
        errors.append(FieldError("consultee_id", "is required"))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_CONSULTEE_DAYS:
        errors.append(FieldError("days", f"must be a whole number from 1 to {MAX_CONSULTEE_DAYS}"))
    if errors:
        raise InvalidRequest("The consultee's response period is not valid", fields=errors)
    others = tuple(p for p in consultation.consultees if p.consultee_id != consultee_id)
    period = ConsulteePeriod(consultee_id=consultee_id.strip(), days=days, consulted_on=consulted_on)
    return _evolve(consultation, consultees=(*others, period))


def reconsult(consultation: Consultation, *, consultee_id: str, days: int, on: date) -> Consultation:
    """A consultee consulted again on ``on`` (amended plans, more information): their period starts again.

    Only once consultation has started; allowed after it completed, when a period running past the
    completion date puts it back in progress (like a notice recorded late).
    """
    if consultation.status is ConsultationStatus.NOT_STARTED:
        raise Conflict("Start consultation before consulting again")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_CONSULTEE_DAYS:
        raise InvalidRequest(
            "The consultee's response period is not valid",
            fields=[FieldError("response_days", f"must be a whole number from 1 to {MAX_CONSULTEE_DAYS}")],
        )
    others = tuple(p for p in consultation.consultees if p.consultee_id != consultee_id)
    period = ConsulteePeriod(consultee_id=consultee_id, days=days, consulted_on=on)
    return _reopen_if_needed(_evolve(consultation, consultees=(*others, period)))


# --- transitions -----------------------------------------------------------------------------------


def start(consultation: Consultation, *, today: date) -> Consultation:
    """Consultation started today: in progress, letters expected out the next business day."""
    if consultation.status is not ConsultationStatus.NOT_STARTED:
        raise Conflict(f"Consultation has already started (it is {_label(consultation.status)})")
    return _evolve(consultation, status=ConsultationStatus.IN_PROGRESS, start_date=today)


def record_letters_sent(consultation: Consultation, *, on: date) -> Consultation:
    """Letters dispatched on ``on`` (the day they were posted). A later batch moves ``letters_sent_on``
    on and may extend the end date; an earlier day than already recorded changes nothing."""
    if consultation.status is not ConsultationStatus.IN_PROGRESS:
        raise Conflict(f"Letters can only be sent while consultation is in progress; it is {_label(consultation)}")
    if consultation.start_date is not None and on < consultation.start_date:
        raise InvalidRequest(
            "Letters cannot be sent before consultation started",
            fields=[FieldError("letters_sent_on", f"must not be before {consultation.start_date.isoformat()}")],
        )
    latest = max(on, consultation.letters_sent_on) if consultation.letters_sent_on else on
    return _evolve(consultation, letters_sent_on=latest)


def record_site_notice(consultation: Consultation, *, displayed_on: date, evidence: Iterable[str]) -> Consultation:
    """The site notice displayed on ``displayed_on``, with photos as evidence (uploaded document ids).

    A notice displayed again later (replaced, say) moves ``displayed_on`` on; an earlier day keeps the
    later one, so a notice never shortens the consultation. Evidence accumulates.
    """
    ids = _evidence(evidence)
    notice = consultation.site_notice
    latest = max(displayed_on, notice.displayed_on) if notice.displayed_on else displayed_on
    notice = notice.model_copy(
        update={"displayed_on": latest, "evidence_document_ids": _merge(notice.evidence_document_ids, ids)}
    )
    return _reopen_if_needed(_evolve(consultation, site_notice=notice))


def record_press_notice(consultation: Consultation, *, published_on: date, evidence: Iterable[str]) -> Consultation:
    """The press notice published on ``published_on``, with a copy as evidence (uploaded document ids)."""
    ids = _evidence(evidence)
    notice = consultation.press_notice
    latest = max(published_on, notice.published_on) if notice.published_on else published_on
    notice = notice.model_copy(
        update={"published_on": latest, "evidence_document_ids": _merge(notice.evidence_document_ids, ids)}
    )
    return _reopen_if_needed(_evolve(consultation, press_notice=notice))


def extend(consultation: Consultation, *, days: int, reason: str | None, by: str, now: datetime) -> Consultation:
    """The end date moved ``days`` (1-99) days later by an officer, with a reason."""
    if consultation.status is not ConsultationStatus.IN_PROGRESS:
        raise Conflict(f"Only a consultation in progress can be extended; it is {_label(consultation)}")
    errors = []
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_EXTENSION_DAYS <= days <= MAX_EXTENSION_DAYS:
        errors.append(FieldError("days", f"must be a whole number from {MIN_EXTENSION_DAYS} to {MAX_EXTENSION_DAYS}"))
    reason = (reason or "").strip()
    if not reason:
        errors.append(FieldError("reason", "say why the consultation is extended"))
    elif len(reason) > MAX_REASON:
        errors.append(FieldError("reason", f"at most {MAX_REASON} characters"))
    if not (by or "").strip():
        errors.append(FieldError("by", "is required"))
    if errors:
        raise InvalidRequest("The extension is not valid", fields=errors)
    extension = Extension(days=days, reason=reason, by=by.strip(), at=now)
    return _evolve(consultation, extensions=(*consultation.extensions, extension))


def complete(consultation: Consultation, *, today: date) -> Consultation:
    """The consultation complete: only in progress, and only once its end date has passed."""
    if consultation.status is not ConsultationStatus.IN_PROGRESS:
        raise Conflict(f"Only a consultation in progress can be completed; it is {_label(consultation)}")
    assert consultation.end_date is not None  # the model guarantees it in progress
    if today <= consultation.end_date:
        raise Conflict(f"Consultation runs until {consultation.end_date.isoformat()}; it cannot complete before then")
    return _evolve(consultation, status=ConsultationStatus.COMPLETE, completed_on=today)


# --- what the case needs to know -------------------------------------------------------------------


def publicity_rule(app_type: ApplicationType | str) -> str | None:
    """The rule under which applications of ``app_type`` must be publicised before they are decided, or
    None for a type that needs no publicity (lawful development certificates: DMPO 2015 art. 15 does not
    apply to them, the certificate deciding a question of law; the other consents without a consultation
    stage).

    - Planning permission: DMPO 2015 art. 15 (letters to neighbours or a site notice; a press notice as
      well for major development) and art. 33 (no decision before the period for representations ends).
    - Listed building consent: Planning (Listed Buildings and Conservation Areas) Regulations 1990, reg. 5
      (a site notice and a press notice).
    - Prior approvals: the procedure of the GPDO 2015, Sch. 2 itself: the adjoining neighbours notified
      (Part 1 para. A.4(5)) or the owners and occupiers notified or a site notice displayed (the other
      classes' prior approval procedure), as the type's features say.
    """
    t = get_type(app_type) if isinstance(app_type, str) else app_type
    f = t.features
    if not t.stages.consultation or not (f.neighbour_consultation or f.site_notice or f.press_notice):
        return None
    if t.prior_approval:
        return "GPDO 2015 Sch. 2 Part 1 para. A.4(5)" if t.code == "pa.part1.classA" else "GPDO 2015 Sch. 2"
    if t.category is Category.LISTED_BUILDING_CONSENT:
        return "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 5"
    return "DMPO 2015 art. 15"


def determination_blocked_reason(consultation: Consultation | None, *, today: date | None = None) -> str | None:
    """Why the case cannot be determined yet because of its consultation, or None.

    A required site notice not confirmed displayed, or a required press notice not published, blocks
    determination. With ``today`` given, a consultation still running on ``today`` (today is on or before
    the end date) blocks it too (DMPO 2015 art. 33: no decision before the period for representations ends).
    """
    if consultation is None:
        return None
    if consultation.site_notice.required and not consultation.site_notice.confirmed:
        return "The site notice must be displayed before the application is determined"
    if consultation.press_notice.required and not consultation.press_notice.confirmed:
        return "The press notice must be published before the application is determined"
    if (
        today is not None
        and consultation.status is ConsultationStatus.IN_PROGRESS
        and consultation.end_date is not None
        and today <= consultation.end_date
    ):
        return f"Consultation runs until {consultation.end_date.isoformat()}"
    return None


def lifecycle_flags(consultation: Consultation | None) -> dict[str, bool]:
    """The notice fields ``lifecycle.TransitionContext`` takes."""
    if consultation is None:
        return {}
    return {
        "site_notice_required": consultation.site_notice.required,
        "site_notice_displayed": consultation.site_notice.confirmed,
        "press_notice_required": consultation.press_notice.required,
        "press_notice_published": consultation.press_notice.confirmed,
    }


# --- helpers ---------------------------------------------------------------------------------------


def _evolve(consultation: Consultation, **changes: Any) -> Consultation:
    """A changed copy with its end date recomputed, validated again so the invariants hold."""
    data = dict(consultation)
    data.update(changes)
    explanation = end_date(_unchecked(data))
    data["end_date"] = explanation.end_date if explanation else None
    return Consultation.model_validate(data)


def _unchecked(data: dict[str, Any]) -> Consultation:
    """A record built without validation, to compute its end date before the invariants are checked."""
    return Consultation.model_construct(**data)


def _reopen_if_needed(consultation: Consultation) -> Consultation:
    """A complete consultation whose end date now reaches its completion date is in progress again."""
    c = consultation
    if (
        c.status is ConsultationStatus.COMPLETE
        and c.end_date is not None
        and c.completed_on is not None
        and c.completed_on <= c.end_date
    ):
        return _evolve(c, status=ConsultationStatus.IN_PROGRESS, completed_on=None)
    return c


def _not_complete(consultation: Consultation, action: str) -> None:
    if consultation.status is ConsultationStatus.COMPLETE:
        raise Conflict(f"Cannot {action} a consultation that is complete")


def _evidence(evidence: Iterable[str]) -> tuple[str, ...]:
    if isinstance(evidence, str):
        evidence = [evidence]
    ids = tuple(evidence or ())
    if not ids:
        raise InvalidRequest("Upload a photo or document as evidence", fields=[FieldError("evidence", "is required")])
    if len(ids) > MAX_EVIDENCE:
        raise InvalidRequest("Too much evidence", fields=[FieldError("evidence", f"at most {MAX_EVIDENCE} documents")])
    bad = [i for i, v in enumerate(ids) if not isinstance(v, str) or not DOCUMENT_ID_PATTERN.match(v)]
    if bad:
        raise InvalidRequest(
            "Evidence must be uploaded documents",
            fields=[FieldError(f"evidence[{i}]", "must be a document id") for i in bad],
        )
    return ids


def _merge(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    merged = tuple(dict.fromkeys((*old, *new)))
    if len(merged) > MAX_EVIDENCE:
        raise InvalidRequest("Too much evidence", fields=[FieldError("evidence", f"at most {MAX_EVIDENCE} documents")])
    return merged


def _label(value: Consultation | ConsultationStatus) -> str:
    status = value.status if isinstance(value, Consultation) else value
    return status.value.replace("_", " ")
