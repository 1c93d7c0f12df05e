"""What a case is waiting on, and whom: the officer, the applicant, consultees and neighbours, a reviewer or
the planning committee.

Derived, never stored: from the case's status and, where the caller has them, its open validation requests
and the end of its consultation. The dashboard's rows carry the status only (so that starting or extending
a consultation rewrites no row), so there a validated case reads as the officer's until the case page says
more.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from bops.domain.lifecycle import FINAL_STATUSES, Status
from bops.model import Model

Party = Literal["officer", "applicant", "consultee", "reviewer", "committee"]

PARTY_NAMES: dict[str, str] = {
    "officer": "Case officer",
    "applicant": "Applicant",
    "consultee": "Consultees and neighbours",
    "reviewer": "Reviewer",
    "committee": "Planning committee",
}


class Waiting(Model):
    """Whom a case is waiting on, and why."""

    model_config = ConfigDict(frozen=True)

    party: Party | None = Field(description="Who must act next; none for a closed case or one still arriving")
    reason: str = Field(description="What they must do, in a few words")


def waiting_on(
    status: str,
    *,
    open_requests: int = 0,
    consultation_end: date | None = None,
    today: date | None = None,
) -> Waiting:
    """Whom a case of ``status`` is waiting on.

    ``open_requests``: validation requests sent to the applicant and not yet answered (before or after
    validation). ``consultation_end``: the last day for representations (DMPO 2015 art. 15); while
    ``today`` is on or before it, a validated case waits on its consultees and neighbours.
    """
    if status in {s.value for s in FINAL_STATUSES}:
        return Waiting(party=None, reason="Closed")
    if status == Status.PENDING:
        return Waiting(party=None, reason="Submission arriving: checks running")
    if status == Status.AWAITING_DETERMINATION:
        return Waiting(party="reviewer", reason="Recommendation to review")
    if status == Status.IN_COMMITTEE:
        return Waiting(party="committee", reason="Decision at committee")
    if status == Status.INVALIDATED or open_requests > 0:
        return Waiting(party="applicant", reason="Validation requests to answer")
    if status == Status.NOT_STARTED:
        return Waiting(party="officer", reason="To validate")
    if consultation_end is not None and today is not None and today <= consultation_end:
        return Waiting(party="consultee", reason=f"Consultation until {consultation_end.isoformat()}")
    if status == Status.TO_BE_REVIEWED:
        return Waiting(party="officer", reason="Recommendation challenged: to revise")
    if status == Status.IN_ASSESSMENT:
        return Waiting(party="officer", reason="Consultation and assessment")
    return Waiting(party="officer", reason="Assessment")
