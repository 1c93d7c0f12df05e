"""A task recorded as the officer's notes: the form of any task in the list without a model of its own
(a council may add such tasks to an application type's list in ``domain/data/assessment_tasks.json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field

from bops.domain.assessment import TaskUpdate
from bops.model import Model

if TYPE_CHECKING:
    from bops.services.context import Context


class Notes(Model):
    notes: str = Field("", max_length=20000, description="The officer's notes on this task")


Data = Notes  # the name bops.services.assessment reads


class NotesUpdate(TaskUpdate):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"status": "completed", "data": {"notes": "Checked with the highways officer."}}]
        }
    )

    data: Notes


def prefill(ctx: Context, case: dict[str, Any]) -> Notes:
    return Notes()
