"""The API's powertools Logger and Metrics: one JSON log line and one count per request.

Each line carries the API Gateway request id as ``correlation_id`` and the caller's ``council`` and
``user`` (an officer's Cognito sub or a token id: pseudonymous, never a name or an email). What a
request logs is its route template, method, status and duration: never a path value, query or body,
which can hold an applicant's details. Keys are kept per thread (``thread_safe_*``) because the local
run serves requests on several threads of one process.
"""

from __future__ import annotations

import time
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.metrics import MetricUnit, single_metric

NAMESPACE = "BoPS"  # as the event-driven functions (functions/observability.py)
SERVICE = "bops-api"

logger = Logger(service=SERVICE)


def start(request_id: str | None) -> float:
    """Begins a request's log context; returns its start time."""
    logger.thread_safe_clear_keys()
    logger.thread_safe_append_keys(correlation_id=request_id or "")
    return time.monotonic()


def identify(council: str, user: str) -> None:
    logger.thread_safe_append_keys(council=council, user=user)


def finish(method: str, route: str, status: int, started: float) -> None:
    """The request's one log line and its count (per route and status, in CloudWatch EMF)."""
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    logger.info("request", route=route, method=method, status=status, duration_ms=duration_ms)
    with single_metric(
        name="Requests", unit=MetricUnit.Count, value=1, namespace=NAMESPACE, default_dimensions={"service": SERVICE}
    ) as metric:
        metric.add_dimension(name="route", value=f"{method} {route}")
        metric.add_dimension(name="status", value=str(status))
    logger.thread_safe_clear_keys()


def unhandled(method: str, route: str, **_: Any) -> None:
    logger.exception("unhandled error", route=route, method=method)
