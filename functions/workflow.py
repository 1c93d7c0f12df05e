"""Step Functions task handlers. Thin: parse the task input, call one service, return its result."""

from __future__ import annotations

from typing import Any

from bops.services import workflow_tasks
from bops.services.context import context
from functions.observability import logger


@logger.inject_lambda_context(log_event=False)
def record_receipt(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    logger.info("record receipt", extra={"council": event["council"], "reference": event["reference"]})
    return workflow_tasks.record_receipt(context(), event["council"], event["reference"], event.get("execution"))


@logger.inject_lambda_context(log_event=False)
def await_officer(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    logger.info("await officer", extra={"reference": event["reference"], "milestone": event["milestone"]})
    return workflow_tasks.await_officer(
        context(), event["council"], event["reference"], event["milestone"], event["statuses"], event["task_token"]
    )


@logger.inject_lambda_context(log_event=False)
def check_deadlines(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return workflow_tasks.check_deadlines(context(), event["council"], event["reference"])


@logger.inject_lambda_context(log_event=False)
def record_determination(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    logger.info("record determination", extra={"reference": event["reference"]})
    return workflow_tasks.record_determination(context(), event["council"], event["reference"])


@logger.inject_lambda_context(log_event=False)
def record_failure(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    logger.warning("workflow step failed", extra={"reference": event["reference"]})
    return workflow_tasks.record_failure(context(), event["council"], event["reference"], event.get("error") or {})


@logger.inject_lambda_context(log_event=False)
def check_on_arrival(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    from bops.services import validation

    logger.info("automated validation checks", extra={"reference": event["reference"]})
    return validation.check_on_arrival(context(), event["council"], event["reference"])


@logger.inject_lambda_context(log_event=False)
def validation_request_timer(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    from bops.services import validation

    return validation.auto_close(context(), event["council"], event["reference"], event["request_id"])
