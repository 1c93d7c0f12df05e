"""The officer's assessment as a task list: which tasks each application type needs, and their states.

A householder case spends most of its officer time here. Each application category names its tasks in
data (``data/assessment_tasks.json``, like BoPS's per-type task workflows); a council's officer works
through them (not started -> in progress -> completed), a reviewer then agrees or returns each one, and
the recommendation waits until every required task is completed.

What a task holds (its ``data``) is the task's own model, defined with the service that pre-fills it
(``bops.services.assessment_tasks.<task>``); here is only what every task shares.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import ConfigDict, Field

from bops.domain.application_types import ApplicationType
from bops.model import Model


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class ReviewState(StrEnum):
    """The reviewer's view of one task: agreed, or returned to the case officer with a comment."""

    AGREED = "agreed"
    RETURNED = "returned"


class TaskSpec(Model):
    """One task of an application type's list."""

    name: str
    title: str
    required: bool


class TaskReview(Model):
    state: ReviewState
    comment: str | None = None
    by: str
    at: str


class StoredTask(Model):
    """A task as the case officer left it: status, what they recorded, who and when, and the review."""

    name: str
    status: TaskStatus = TaskStatus.NOT_STARTED
    data: dict[str, Any] = Field(default_factory=dict)
    updated_by: str | None = None
    updated_at: str | None = None
    review: TaskReview | None = None


class TaskUpdate(Model):
    """The request body that saves a task: its status and its data (each task narrows ``data``)."""

    status: Literal["in_progress", "completed"] = Field(
        description="in_progress to save a draft; completed when the task is done"
    )
    data: Any


class TaskReviewRequest(Model):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"action": "return", "comment": "Say which policies the design meets."}]}
    )

    action: Literal["agree", "return"]
    comment: str | None = Field(None, max_length=5000, description="Required when returning the task")


@cache
def _table() -> dict[str, Any]:
    text = resources.files("bops.domain").joinpath("data/assessment_tasks.json").read_text(encoding="utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


def catalogue() -> dict[str, str]:
    """Every task the assessment knows, by name, with its title."""
    return dict(_table()["catalogue"])


def tasks_for(app_type: ApplicationType) -> list[TaskSpec]:
    """The tasks an application of this type needs, in the order an officer works through them."""
    table = _table()
    rows = table["codes"].get(app_type.code) or table["categories"][app_type.category.value]
    titles = table["catalogue"]
    return [TaskSpec(name=name, title=titles[name], required=required) for name, required in rows]


def outstanding(specs: list[TaskSpec], stored: dict[str, StoredTask]) -> list[TaskSpec]:
    """The required tasks not yet completed: the recommendation waits for these."""
    return [
        spec
        for spec in specs
        if spec.required and (spec.name not in stored or stored[spec.name].status is not TaskStatus.COMPLETED)
    ]


def returned(stored: dict[str, StoredTask]) -> list[StoredTask]:
    """The tasks a reviewer returned to the case officer and which have not been saved since."""
    return [t for t in stored.values() if t.review is not None and t.review.state is ReviewState.RETURNED]
