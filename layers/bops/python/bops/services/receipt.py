"""Receiving a submission exactly once, whatever kind of case it becomes (an application, a pre-application
advice request, a breach report): its ODP ``metadata.id`` is claimed before a reference number is taken, so
of duplicates arriving together only one uses a number, and every repeat answers with the same reference."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bops.domain import clock as statutory
from bops.domain.application import format_reference
from bops.domain.councils import Council
from bops.domain.errors import Conflict
from bops.domain.time import iso
from bops.repository import Write
from bops.repository.cases import SubmissionMarker
from bops.services.context import Context

# A claim on a submission that was never completed (the request died) is taken over after this.
CLAIM_EXPIRES = timedelta(minutes=2)
# How long a duplicate waits for the request that claimed the submission to record its case.
CLAIM_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class Claim:
    """This request's claim on a submission: the case it makes takes ``reference``."""

    submission_id: str
    token: str
    now: datetime
    received_on: date
    reference: str

    @property
    def at(self) -> str:
        return iso(self.now)

    def record(self, ctx: Context, council: str, writes: list[Write]) -> str | None:
        """Writes the case (``writes``) and the submission's marker in one transaction: None once recorded, or
        the reference of the case another request recorded first (our claim was taken over: we were slower
        than ``CLAIM_EXPIRES``)."""
        marker = SubmissionMarker(
            submission_id=self.submission_id, reference=self.reference, received_at=self.at, claim=self.token
        )
        try:
            ctx.repo.transact(
                [*writes, ctx.repo.cases.submission_write(council, marker)],
                conflict_message="This submission was received at the same moment by another request",
            )
        except Conflict:
            made = ctx.repo.cases.submission(council, self.submission_id)
            if not made or not made.reference:
                raise
            return made.reference
        return None


def claim(ctx: Context, council: Council, submission_id: str, suffix: str) -> Claim | str:
    """Claims the submission and takes its reference number; or, when it was received before (or is being
    received by another request, waited for briefly), the reference of the case it made."""
    existing = ctx.repo.cases.submission(council.id, submission_id)
    if existing and existing.reference:
        return existing.reference
    now = ctx.clock.now()
    token = secrets.token_hex(8)
    if not ctx.repo.cases.claim_submission(
        council.id, submission_id, claim=token, at=iso(now), stale_before=iso(now - CLAIM_EXPIRES)
    ):
        return received_by_another(ctx, council.id, submission_id)
    received_on = received_date(council, now)
    number = ctx.repo.cases.next_number(council.id, received_on.year)
    return Claim(submission_id, token, now, received_on, format_reference(received_on.year, number, suffix))


def received_date(council: Council, now: datetime) -> date:
    """The day a submission counts as received: the day it arrives in England, or the next working day when it
    arrives out of hours and the council counts those from then (``clock.received_date``)."""
    close = council.close_of_business
    if close is None:
        return statutory.received_date(now)
    return statutory.received_date(now, out_of_hours_next_working_day=True, close_of_business=close)


def received_by_another(ctx: Context, council: str, submission_id: str) -> str:
    """Another request claimed this submission: the reference of its case once it has one. The claiming
    request takes milliseconds; past ``CLAIM_WAIT_SECONDS`` the client is asked to try again."""
    deadline = time.monotonic() + CLAIM_WAIT_SECONDS
    pause = 0.02
    while True:
        marker = ctx.repo.cases.submission(council, submission_id)
        if marker and marker.reference:
            return marker.reference
        if time.monotonic() >= deadline:
            raise Conflict("This submission is being received by another request; try again in a minute")
        time.sleep(pause)
        pause = min(pause * 2, 0.5)
