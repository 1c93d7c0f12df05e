"""Runs the project's real Lambda handlers in-process when moto invokes a function.

moto runs no Lambda code without Docker; its one seam is ``LambdaFunction._invoke_lambda``.
Replacing it makes the Invoke API, SQS event source mappings, S3 notifications and Step Functions
Lambda tasks all call the real handler named by the function's ``Handler`` setting.
"""

from __future__ import annotations

import importlib
import json
import logging
import traceback
import uuid
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger("bops.local.lambda")

_installed = False


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    aws_request_id: str
    log_group_name: str = "/aws/lambda/local"
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def resolve(handler: str) -> Any:
    module_name, _, attribute = handler.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def invoke(function: Any, event: Any) -> tuple[str, bool, str]:
    """Calls the real handler; an exception becomes a Lambda-style error payload (so Retry/Catch work)."""
    if isinstance(event, str | bytes):
        event = json.loads(event or "{}")
    context = LambdaContext(
        function_name=function.function_name,
        memory_limit_in_mb=int(function.memory_size or 128),
        invoked_function_arn=function.function_arn,
        aws_request_id=str(uuid.uuid4()),
    )
    try:
        result = resolve(function.handler)(event, context)
        return json.dumps(result), False, ""
    except Exception as error:  # the error travels back to the caller as Lambda reports it
        logger.warning("lambda %s failed: %s", function.function_name, type(error).__name__)
        payload = {
            "errorType": type(error).__name__,
            "errorMessage": str(error)[:1000],
            "stackTrace": traceback.format_tb(error.__traceback__)[-5:],
        }
        return json.dumps(payload), True, ""


def install() -> None:
    """Patches moto once per process. No lock around handler calls: nested invokes would deadlock."""
    global _installed
    if _installed:
        return
    from moto.awslambda.models import LambdaFunction

    def _invoke_lambda(self: Any, event: Any = None) -> tuple[str, bool, str]:
        return invoke(self, event)

    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign]
    _installed = True
