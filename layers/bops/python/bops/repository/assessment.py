"""The officer's assessment tasks of an application.

Items on the application's partition (pk ``{council}#APP#{reference}``):
  ``TASK#{name}``   one assessment task (``domain.assessment.StoredTask``): status, data, who and when,
                    the reviewer's agreement or return

A task is an item of its own, not an attribute of the case: tasks hold the officer's writing (summaries,
policies, conditions; several KB) and change often while the case does not, and the case is rewritten in
transactions billed at twice its size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bops.domain.assessment import StoredTask
from bops.repository.keys import app_pk
from bops.repository.writes import Write, put_write

if TYPE_CHECKING:
    from bops.repository.table import Table

TASK_PREFIX = "TASK#"


class AssessmentRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def tasks(self, council: str, reference: str) -> dict[str, StoredTask]:
        """Every task the officer has saved, by name (tasks never saved are absent)."""
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :task)",
            ExpressionAttributeValues={":pk": app_pk(council, reference), ":task": TASK_PREFIX},
        )
        tasks = [StoredTask.model_validate(_fields(i)) for i in items]
        return {t.name: t for t in tasks}

    def task(self, council: str, reference: str, name: str) -> StoredTask | None:
        item = self.table.get(app_pk(council, reference), f"{TASK_PREFIX}{name}")
        return StoredTask.model_validate(_fields(item)) if item else None

    def task_write(self, council: str, reference: str, task: StoredTask) -> Write:
        """The write that saves a task (in the same transaction as its audit entry)."""
        return put_write(
            {
                "pk": app_pk(council, reference),
                "sk": f"{TASK_PREFIX}{task.name}",
                "kind": "assessment_task",
                **task.model_dump(mode="json", exclude_none=True),
            }
        )


def _fields(item: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in item.items() if k not in {"pk", "sk", "kind"}}
