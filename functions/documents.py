"""S3 ObjectCreated (uploads/) -> SQS -> this function: identifies, hashes and records each upload.

Thin: parse the SQS messages (each an S3 event notification) and call one service per S3 record.
Partial batch failures: only the messages that failed are retried (and dead-lettered after the
queue's maxReceiveCount); the others are deleted. Logs carry ids and outcomes, never file names
or people.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from bops.services import documents
from bops.services.context import context
from functions.observability import logger, metrics

processor = BatchProcessor(event_type=EventType.SQS)

_METRICS = {
    "received": "DocumentsReceived",
    "rejected": "DocumentsRejected",
    "duplicate": "DocumentEventsRepeated",
    "skipped": "DocumentEventsSkipped",
}


def s3_objects(body: str) -> list[tuple[str, str, str | None]]:
    """(bucket, key, event time) of each ObjectCreated record of an S3 notification; keys URL-decoded."""
    notification = json.loads(body)
    if notification.get("Event") == "s3:TestEvent":
        return []
    objects = []
    for record in notification.get("Records") or []:
        if not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        s3 = record["s3"]
        objects.append((s3["bucket"]["name"], unquote_plus(s3["object"]["key"]), record.get("eventTime")))
    return objects


def record_handler(record: SQSRecord) -> None:
    for bucket, key, event_time in s3_objects(record.body):
        try:
            result = documents.record_upload(context(), bucket=bucket, key=key, event_time=event_time)
        except Exception as error:
            logger.warning("upload not recorded; the message will be retried",
                           extra={"message_id": record.message_id, "error": type(error).__name__})
            raise
        fields = {"message_id": record.message_id, **result.log_fields()}
        if result.outcome == "skipped":
            logger.warning("upload skipped", extra=fields)
        else:
            logger.info("upload " + result.outcome, extra=fields)
        metrics.add_metric(name=_METRICS[result.outcome], unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], lambda_context: Any) -> dict[str, Any]:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=lambda_context
    )
