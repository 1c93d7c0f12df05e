"""Consultation workflow task handlers. Thin: parse the task input, call one service."""

from __future__ import annotations

from typing import Any

from bops.domain.errors import UpstreamUnavailable
from bops.services import consultation_tasks as consultation
from bops.services.context import context
from functions.observability import logger


class TransientError(Exception):
    """A failure worth retrying: the state machine's Retry names this error."""


@logger.inject_lambda_context(log_event=False)
def recipients(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return {"recipients": consultation.recipients(context(), event["council"], event["reference"])}


@logger.inject_lambda_context(log_event=False)
def send(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    try:
        return consultation.send_one(
            context(), event["council"], event["reference"], event["sk"], retry=int(event.get("retry") or 0)
        )
    except UpstreamUnavailable as error:
        # GOV.UK Notify down or slow: the message stays unsent, and the retry sends it (once)
        raise TransientError(str(error)) from error


@logger.inject_lambda_context(log_event=False)
def letters_sent(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return consultation.letters_sent(context(), event["council"], event["reference"])


@logger.inject_lambda_context(log_event=False)
def check_end(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return consultation.check_end(context(), event["council"], event["reference"])
