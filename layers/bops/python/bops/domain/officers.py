"""The council's planning officers, as the officer directory (the user pool) knows them. Pure.

An officer is who a case can be assigned to and who signs a decision notice: the username identifies
them (the audit trail and ``assigned_officer`` name them by it), the full name and job title are how a
notice or the case page shows them.
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from bops.model import Model


class Officer(Model):
    """One officer of one council."""

    model_config = ConfigDict(frozen=True)

    username: str = Field(description="How the officer signs in; cases are assigned by it")
    name: str = Field(description="The officer's full name (the username when none is recorded)")
    job_title: str | None = Field(None, description="For example 'Senior planning officer'; none when not recorded")
    roles: list[str] = Field(default_factory=list, description="The officer's roles: assessor, reviewer, administrator")


class OfficerList(Model):
    officers: list[Officer]
