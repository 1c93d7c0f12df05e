"""The pre-application workflow's tasks (``statemachines/pre_application.asl.json``): one function, the step
named by ``task`` in its input. Thin: parse the input, call one service function, return its result."""

from __future__ import annotations

from typing import Any

from bops.services import pre_applications
from bops.services.context import context
from functions.observability import logger


@logger.inject_lambda_context(log_event=False)
def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    task, council, reference = event["task"], event["council"], event["reference"]
    logger.info("pre-application task", extra={"task": task, "reference": reference})
    if task == "await":
        return pre_applications.workflow_await(context(), council, reference, event["milestone"], event["task_token"])
    if task == "check_target":
        return pre_applications.workflow_check_target(context(), council, reference)
    if task == "issue":
        return pre_applications.workflow_issue(context(), council, reference)
    if task == "failure":
        return pre_applications.workflow_failure(context(), council, reference, event.get("error") or {})
    raise ValueError(f"unknown pre-application task {task!r}")
