"""Consultation workflow task handlers. Thin: parse the task input, call one service."""

from __future__ import annotations

from typing import Any

from bops.services import consultation_tasks as consultation
from bops.services.context import context
from functions.observability import logger


@logger.inject_lambda_context(log_event=False)
def recipients(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return {"recipients": consultation.recipients(context(), event["council"], event["reference"])}


@logger.inject_lambda_context(log_event=False)
def send(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return consultation.send_one(context(), event["council"], event["reference"], event["sk"])


@logger.inject_lambda_context(log_event=False)
def letters_sent(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return consultation.letters_sent(context(), event["council"], event["reference"])


@logger.inject_lambda_context(log_event=False)
def check_end(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return consultation.check_end(context(), event["council"], event["reference"])
