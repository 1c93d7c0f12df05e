"""The enforcement workflow's task (``statemachines/enforcement.asl.json``): one function for its two steps,
so the case kind adds one Lambda. Thin: parse the task input, call one service, return its result."""

from __future__ import annotations

from typing import Any

from bops.services import enforcement
from bops.services.context import context
from functions.observability import logger


@logger.inject_lambda_context(log_event=False)  # the event holds a task token, never personal data
def task(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    logger.info("enforcement task", extra={"task": event["task"], "reference": event["reference"]})
    if event["task"] == "await":
        return enforcement.await_step(
            context(), event["council"], event["reference"], int(event["step"]), event["task_token"]
        )
    if event["task"] == "compliance":
        return enforcement.check_compliance(context(), event["council"], event["reference"], event["notice"])
    raise ValueError(f"unknown enforcement task {event['task']!r}")
