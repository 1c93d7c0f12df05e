"""A council's settings as stored: the council itself, its integrators' API tokens, its consultee
directory and its edited templates. (The local validation list is kept on the council.)"""

from __future__ import annotations

from datetime import time
from typing import Any, Literal

from pydantic import Field

from bops.model import Model

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
#: A time of day on the 24-hour clock, as officers write it: "17:00", "09:30".
TIME_OF_DAY_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class Council(Model):
    """A council (tenant): its name, reference and period settings, and where officers are told of answers."""

    id: str
    name: str
    # Reference settings: the suffix comes from the application type; a council may override
    # a type's suffix (e.g. {"pp.full.householder": "HH"}) and its determination periods.
    suffix_overrides: dict[str, str] = Field(default_factory=dict)
    period_overrides: dict[str, int] = Field(default_factory=dict)
    planning_email: str = Field("planning@council.example", description="Where officers are told of answers")
    local_list: dict[str, Any] | None = Field(
        None, description="The council's local validation list (default: the demo list)"
    )
    out_of_hours_from: str | None = Field(
        None,
        pattern=TIME_OF_DAY_PATTERN,
        description="When the council closes for the day (e.g. '17:00'): an application arriving after it, or "
        "on a weekend or bank holiday, counts as received the next working day. None: the day it arrives",
    )
    created_at: str

    @property
    def close_of_business(self) -> time | None:
        """The time out-of-hours arrivals start, when the council counts them from the next working day."""
        return time.fromisoformat(self.out_of_hours_from) if self.out_of_hours_from else None


class ApiToken(Model):
    """An integrator's API token. Only the hash of its secret is kept."""

    token_id: str
    name: str
    scopes: list[str]
    hash: str
    created_at: str
    created_by: str
    revoked_at: str | None = None
    revoked_by: str | None = None


class CouncilTemplate(Model):
    """A council's own wording of a consultation template (the default applies while there is none)."""

    name: str
    parts: dict[str, str]
    changed_by: str
    changed_at: str


class DirectoryEntry(Model):
    """A consultee the council consults often."""

    name: str = Field(min_length=1, max_length=200, description="A person or a team, e.g. 'Highways team'")
    organisation: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320, pattern=EMAIL_PATTERN)
    kind: Literal["internal", "external"] = "external"
    response_days: int = Field(21, ge=1, le=99, description="Days the consultee has to respond, unless told otherwise")
    expertise: str | None = Field(None, max_length=200, description="What they advise on, e.g. 'flood risk'")


class DirectoryConsultee(DirectoryEntry):
    """An entry of the council's consultee directory, with who changed it last and when."""

    id: str
    changed_by: str
    changed_at: str
