"""The open data function: keeps each council's national open data files in step with its cases.

EventBridge rule (``application.*`` and ``consultation.*`` events of the bus) -> SQS queue (+ DLQ) -> this
function, in batches. A batch is handled as one: each case named in it is refreshed once and each council
whose open data changed is rebuilt once (``bops.services.open_data.apply_events``), so a burst of events on
one council costs one rebuild. Any error fails the whole batch, which SQS delivers again: refreshing and
rebuilding are idempotent. Logs carry councils and counts, never people.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from bops.services import open_data
from bops.services.context import context
from functions.observability import logger, metrics


def cases_of(event: dict[str, Any]) -> list[tuple[str, str]]:
    """(council, reference) of each bus event in an SQS batch (the message body is the EventBridge event)."""
    found = []
    for record in event.get("Records") or []:
        detail = (json.loads(record.get("body") or "{}") or {}).get("detail") or {}
        council, reference = detail.get("council"), detail.get("reference")
        if isinstance(council, str) and isinstance(reference, str):
            found.append((council, reference))
    return found


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], lambda_context: Any) -> dict[str, Any]:
    cases = cases_of(event)
    rebuilt = open_data.apply_events(context(), cases)
    for result in rebuilt:
        logger.info("open data rebuilt", extra={"council": result.council, "cases": result.cases})
    metrics.add_metric(name="OpenDataRebuilds", unit=MetricUnit.Count, value=len(rebuilt))
    return {"cases": len(cases), "rebuilt": [r.council for r in rebuilt]}
