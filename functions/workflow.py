"""Step Functions task handlers. Thin: parse the task input, call one service, return its result."""

from __future__ import annotations

from typing import Any

from functions.observability import logger
from bops.services import workflow_tasks
from bops.services.context import context


@logger.inject_lambda_context(log_event=False)
def record_receipt(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    logger.info("record receipt", extra={"council": event["council"], "reference": event["reference"]})
    return workflow_tasks.record_receipt(context(), event["council"], event["reference"], event.get("execution"))


@logger.inject_lambda_context(log_event=False)
def await_officer(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    logger.info("await officer", extra={"reference": event["reference"], "milestone": event["milestone"]})
    return workflow_tasks.await_officer(
        context(), event["council"], event["reference"], event["milestone"], event["task_token"]
    )


@logger.inject_lambda_context(log_event=False)
def record_failure(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    logger.warning("workflow step failed", extra={"reference": event["reference"]})
    return workflow_tasks.record_failure(context(), event["council"], event["reference"], event.get("error") or {})
