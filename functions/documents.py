"""The documents function: records uploads and their malware scans.

Two event sources, told apart by their shape:
- S3 ObjectCreated (uploads/) -> SQS (a batch): identifies, hashes and records each upload, then asks
  the scanner (``bops.adapters.scanner``; locally it answers at once). Partial batch failures: only
  the messages that failed are retried (and dead-lettered after the queue's maxReceiveCount).
- EventBridge "GuardDuty Malware Protection Object Scan Result" (AWS): records GuardDuty's verdict on
  an upload. An error (e.g. the upload not recorded yet) fails the invocation, so Lambda's
  asynchronous retries deliver the event again.
Thin: parse, call one service per object. Logs carry ids and outcomes, never file names or people.
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
    "clean": "DocumentsScannedClean",
    "threat": "DocumentsQuarantined",
    "failed": "DocumentScansFailed",
}
GUARDDUTY_SOURCE = "aws.guardduty"
SCAN_RESULT = "GuardDuty Malware Protection Object Scan Result"


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
            logger.warning(
                "upload not recorded; the message will be retried",
                extra={"message_id": record.message_id, "error": type(error).__name__},
            )
            raise
        _report("upload", result, message_id=record.message_id)
        if result.scan and result.scan != "pending":
            metrics.add_metric(name=_METRICS[result.scan], unit=MetricUnit.Count, value=1)


def _report(what: str, result: documents.Recorded, **fields: Any) -> None:
    fields = {**fields, **result.log_fields()}
    if result.outcome == "skipped":
        logger.warning(f"{what} skipped", extra=fields)
    elif result.outcome == "threat":
        logger.warning(f"{what}: threat found, document quarantined", extra=fields)
    else:
        logger.info(f"{what} {result.outcome}", extra=fields)
    metrics.add_metric(name=_METRICS[result.outcome], unit=MetricUnit.Count, value=1)


def scan_result(event: dict[str, Any]) -> dict[str, Any]:
    """GuardDuty's verdict on one object (the event's ``detail``) -> the document's scan status."""
    detail = event.get("detail") or {}
    s3 = detail.get("s3ObjectDetails") or {}
    result = (detail.get("scanResultDetails") or {}).get("scanResultStatus")
    if not result:  # a scan SKIPPED or FAILED before it had a result: not scanned, so never served
        result = "FAILED"
    recorded = documents.record_scan_result(
        context(),
        bucket=str(s3.get("bucketName", "")),
        key=str(s3.get("objectKey", "")),
        result=str(result),
        scanner="guardduty",
        etag=s3.get("eTag"),
        version_id=s3.get("versionId"),
    )
    _report("scan result", recorded, event_id=event.get("id"), scan_status=detail.get("scanStatus"))
    return {"outcome": recorded.outcome}


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], lambda_context: Any) -> dict[str, Any]:
    if event.get("source") == GUARDDUTY_SOURCE and event.get("detail-type") == SCAN_RESULT:
        return scan_result(event)
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=lambda_context
    )
