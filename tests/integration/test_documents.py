"""Uploads straight to S3 and the documents function, under moto (in-process).

The path is the real one: the API hands out a presigned POST, the file is POSTed to S3 with
``requests``, S3 notifies the queue, and the queue's messages are fed to the Lambda handler as
an SQS event. moto does not enforce POST policies, so the policy is checked by decoding it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import pytest
import requests
from chalice.test import Client
from moto import mock_aws

from bops.adapters import aws
from bops.adapters.storage import Storage
from bops.domain import documents as rules
from bops.domain.application import Contact, Fee, PlanningApplication, Site
from bops.repository import Repository
from bops.services import context as context_module
from bops.services import councils
from bops.services.context import Context

REGION = "eu-west-2"
REFERENCE = "26-00001-HAPP"
MAX = 30 * 1024 * 1024

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
TEXT = b"Dear planning officer, this is a letter, not a PDF.\n"


@dataclass
class LambdaContext:
    function_name: str = "bops-Documents"
    memory_limit_in_mb: int = 1024
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:123456789012:function:bops-Documents"
    aws_request_id: str = "test-request"


@dataclass
class Stack:
    ctx: Context
    s3: Any
    sqs: Any
    queue_url: str
    queue_arn: str
    bucket: str
    client: Client
    token: str  # demo council: submission:write + application:read
    read_token: str  # demo council: application:read only
    other_token: str  # another council, both scopes

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}", "Content-Type": "application/json"}

    def request_upload(self, body: dict[str, Any], *, token: str | None = None, reference: str = REFERENCE) -> Any:
        return self.client.http.post(
            f"/api/v1/applications/{reference}/uploads", headers=self.auth(token), body=json.dumps(body)
        )

    def download(self, document_id: str, *, token: str | None = None, reference: str = REFERENCE) -> Any:
        return self.client.http.get(
            f"/api/v1/applications/{reference}/documents/{document_id}", headers=self.auth(token)
        )

    def detail(self, reference: str = REFERENCE) -> dict[str, Any]:
        response = self.client.http.get(f"/api/v1/applications/{reference}", headers=self.auth())
        assert response.status_code == 200, response.body
        return json.loads(response.body)

    def messages(self) -> list[dict[str, Any]]:
        """Everything S3 has sent to the queue so far (received, so not delivered again)."""
        out: list[dict[str, Any]] = []
        while True:
            batch = self.sqs.receive_message(
                QueueUrl=self.queue_url, MaxNumberOfMessages=10, AttributeNames=["All"], WaitTimeSeconds=0
            ).get("Messages", [])
            if not batch:
                return out
            out.extend(batch)

    def sqs_event(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "Records": [
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": m.get("Attributes", {}),
                    "messageAttributes": {},
                    "md5OfBody": m["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": self.queue_arn,
                    "awsRegion": REGION,
                }
                for m in messages
            ]
        }

    def process(self, messages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        from functions.documents import handler

        return handler(self.sqs_event(self.messages() if messages is None else messages), LambdaContext())

    def items(self, reference: str = REFERENCE, council: str = "demo") -> list[dict[str, Any]]:
        return self.ctx.repo.cases.get_with_children(council, reference)


def put_case(ctx: Context, council: str, reference: str) -> None:
    at = "2026-01-05T10:00:00.000000Z"
    case = PlanningApplication(
        council=council,
        reference=reference,
        application_type="pp.full.householder",
        application_type_name="Planning permission: householder",
        status="not_started",
        received_at=at,
        received_on="2026-01-05",
        site=Site(address="1 High Street, Anytown", postcode="AN1 1AA"),
        description="Single storey rear extension",
        applicant=Contact(name="Applicant Person", email="applicant@example.com"),
        fee=Fee(calculated=258, payable=258),
        submission_id=f"submission-{council}-{reference}",
        submission_key=f"submissions/{council}/{reference}.json",
        created_at=at,
        updated_at=at,
    )
    ctx.repo.cases.create({"kind": "application", **case.model_dump(mode="json", exclude_none=True)})


def _create_table(name: str) -> None:
    from local.stack import table_definition

    aws.client("dynamodb").create_table(**table_definition(name))


@contextmanager
def _moto_in_process() -> Iterator[None]:
    """moto in-process, without wiping its backends on start or stop.

    A session-wide local runtime (a moto server in this same process, see tests/conftest.py) shares
    moto's backends, and its workflows may still be running in background threads. So these tests
    neither reset moto nor touch the process-wide environment or context: they create resources of
    their own (unique names), hand the code under test a Context naming them, and delete them after.
    """
    mock = mock_aws()
    mock.start(reset=False)
    try:
        yield
    finally:
        mock.stop(remove_data=False)


def _delete_resources(table: str, bucket: str, queue_url: str) -> None:
    aws.client("dynamodb").delete_table(TableName=table)
    s3 = aws.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=obj["Key"])
    s3.delete_bucket(Bucket=bucket)
    aws.client("sqs").delete_queue(QueueUrl=queue_url)


def _use_context(monkeypatch: pytest.MonkeyPatch, ctx: Context) -> None:
    """The code under test gets ``ctx`` wherever it asks for the context (nothing else does)."""
    import functions.documents
    from bops.api import applications, documents

    for module in (context_module, documents, applications, functions.documents):
        monkeypatch.setattr(module, "context", lambda: ctx)


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    # Fake credentials and a region only where none are set (a running local runtime has its own).
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", REGION),
    ):
        if not os.environ.get(name):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    suffix = secrets.token_hex(4)
    table, bucket, queue = f"bops-test-{suffix}", f"bops-test-documents-{suffix}", f"bops-test-uploads-{suffix}"
    with _moto_in_process():
        _create_table(table)
        s3, sqs = aws.client("s3"), aws.client("sqs")
        region = s3.meta.region_name
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        queue_url = sqs.create_queue(QueueName=queue)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])
        queue_arn = attributes["Attributes"]["QueueArn"]
        try:
            s3.put_bucket_notification_configuration(
                Bucket=bucket,
                NotificationConfiguration={
                    "QueueConfigurations": [
                        {
                            "QueueArn": queue_arn,
                            "Events": ["s3:ObjectCreated:*"],
                            "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "uploads/"}]}},
                        }
                    ]
                },
            )
            ctx = replace(context_module.context(), repo=Repository(table), storage=Storage(bucket))
            _use_context(monkeypatch, ctx)
            councils.create_council(ctx, "demo", "Demo Council")
            councils.create_council(ctx, "other", "Other Council")
            both = ["submission:write", "application:read"]
            token = councils.create_token(
                ctx, "demo", councils.TokenRequest(name="PlanX", scopes=both), created_by="test"
            )
            read = councils.create_token(
                ctx, "demo", councils.TokenRequest(name="Reader", scopes=["application:read"]), created_by="test"
            )
            other = councils.create_token(
                ctx, "other", councils.TokenRequest(name="PlanX", scopes=both), created_by="test"
            )
            put_case(ctx, "demo", REFERENCE)
            put_case(ctx, "other", "26-00002-HAPP")

            from app import app

            with Client(app) as client:
                yield Stack(ctx, s3, sqs, queue_url, queue_arn, bucket, client, token.token, read.token, other.token)
        finally:
            _delete_resources(table, bucket, queue_url)


def upload_form(stack: Stack, content_type: str = "application/pdf", **extra: Any) -> dict[str, Any]:
    response = stack.request_upload({"file_name": "site plan.pdf", "content_type": content_type, **extra})
    assert response.status_code == 201, response.body
    return json.loads(response.body)


def post_file(form: dict[str, Any], file_name: str, content: bytes, content_type: str = "application/pdf") -> None:
    """What a browser does with the form: every field, then the file."""
    response = requests.post(
        form["url"], data=form["fields"], files={"file": (file_name, content, content_type)}, timeout=60
    )
    assert response.status_code in (200, 201, 204), response.text


def documents_of(stack: Stack) -> list[dict[str, Any]]:
    return [i for i in stack.items() if i["sk"].startswith("DOC#")]


def audit_of(stack: Stack, prefix: str = "document.") -> list[dict[str, Any]]:
    return [i for i in stack.items() if i["sk"].startswith("AUDIT#") and i["action"].startswith(prefix)]


# --- the upload form -------------------------------------------------------------------------
def test_upload_form_fixes_key_prefix_content_type_and_size(stack: Stack) -> None:
    form = upload_form(stack, tags=["sitePlan.proposed", "sitePlan.proposed", "locationPlan"])
    document_id = form["document_id"]
    prefix = f"uploads/demo/{REFERENCE}/{document_id}/"
    assert rules.DOCUMENT_ID_PATTERN.match(document_id)
    assert form["key_prefix"] == prefix
    assert form["max_bytes"] == MAX
    assert form["expires_in"] == 900
    assert form["fields"]["key"] == prefix + "${filename}"
    assert form["fields"]["Content-Type"] == "application/pdf"

    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    conditions = policy["conditions"]
    assert ["starts-with", "$key", prefix] in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 1, 31457280] in conditions
    assert {"bucket": stack.bucket} in conditions
    assert "expiration" in policy
    # nothing lets the uploader choose another key prefix or content type
    assert not any(c[:2] == ["starts-with", "$Content-Type"] for c in conditions if isinstance(c, list))

    upload = stack.ctx.repo.documents.upload("demo", REFERENCE, document_id)
    assert upload is not None
    assert upload.file_name == "site plan.pdf"
    assert upload.content_type == "application/pdf"
    assert upload.tags == ["sitePlan.proposed", "locationPlan"]
    assert upload.requested_by == "integrator:PlanX"
    assert upload.requested_at


def test_an_officer_with_any_role_may_ask_for_an_upload_form_and_one_without_may_not(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any role will do (a reviewer attaches a document too); an account with no role yet gets 403 (issue 13)."""
    from bops.api import routing
    from bops.auth import Identity

    reviewer = Identity(council="demo", kind="officer", subject="sub-1", name="officer1", roles=frozenset({"reviewer"}))
    monkeypatch.setattr(routing, "authenticate", lambda headers, **_: reviewer)
    form = upload_form(stack, content_type="image/png")
    upload = stack.ctx.repo.documents.upload("demo", REFERENCE, form["document_id"])
    assert upload is not None and upload.requested_by == "officer:officer1"

    no_role = Identity(council="demo", kind="officer", subject="sub-2", name="officer2", roles=frozenset())
    monkeypatch.setattr(routing, "authenticate", lambda headers, **_: no_role)
    refused = stack.request_upload({"file_name": "site plan.pdf", "content_type": "application/pdf"})
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"file_name": "plan.gif", "content_type": "image/gif"}, "content_type"),
        ({"file_name": "plan.pdf", "content_type": "text/plain"}, "content_type"),
        ({"file_name": "plan.pdf"}, "content_type"),
        ({"file_name": "../../etc/plan.pdf", "content_type": "application/pdf"}, "file_name"),
        ({"file_name": "a\\plan.pdf", "content_type": "application/pdf"}, "file_name"),
        ({"file_name": "x" * 201 + ".pdf", "content_type": "application/pdf"}, "file_name"),
        ({"file_name": "", "content_type": "application/pdf"}, "file_name"),
        ({"file_name": "plan.pdf", "content_type": "application/pdf", "tags": ["notAFileType"]}, "tags[0]"),
    ],
)
def test_bad_upload_requests_are_refused_and_nothing_is_stored(stack: Stack, body: dict[str, Any], field: str) -> None:
    response = stack.request_upload(body)
    assert response.status_code == 422, response.body
    error = json.loads(response.body)["error"]
    assert field in [f["path"] for f in error["fields"]]
    assert not [i for i in stack.items() if i["sk"].startswith("UPLOAD#")]


@pytest.mark.parametrize(
    ("token_name", "reference", "status"),
    [
        ("token", "26-09999-HAPP", 404),  # no such case
        ("token", "not-a-reference", 404),
        ("token", "26-00002-HAPP", 404),  # the other council's case
        ("read_token", REFERENCE, 403),  # a token without submission:write
    ],
)
def test_upload_form_only_for_an_existing_case_of_the_callers_council(
    stack: Stack, token_name: str, reference: str, status: int
) -> None:
    body = {"file_name": "plan.pdf", "content_type": "application/pdf"}
    response = stack.request_upload(body, token=getattr(stack, token_name), reference=reference)
    assert response.status_code == status, response.body
    for council, ref in (("demo", REFERENCE), ("other", "26-00002-HAPP")):
        assert not [i for i in stack.items(ref, council) if i["sk"].startswith("UPLOAD#")]


def test_no_credentials_is_401(stack: Stack) -> None:
    body = json.dumps({"file_name": "plan.pdf", "content_type": "application/pdf"})
    response = stack.client.http.post(
        f"/api/v1/applications/{REFERENCE}/uploads", headers={"Content-Type": "application/json"}, body=body
    )
    assert response.status_code == 401
    response = stack.client.http.get(f"/api/v1/applications/{REFERENCE}/documents/{'0' * 32}")
    assert response.status_code == 401
    response = stack.client.http.post(
        f"/api/v1/applications/{REFERENCE}/uploads",
        headers={"Content-Type": "application/json", "Authorization": "Bearer bops_demo_nope_forged"},
        body=body,
    )
    assert response.status_code == 401


# --- upload -> S3 -> SQS -> the documents function -----------------------------------------------
def test_pdf_upload_is_identified_hashed_recorded_and_served(stack: Stack) -> None:
    form = upload_form(stack, tags=["sitePlan.proposed"])
    post_file(form, "site plan (rev B).pdf", PDF)  # spaces and brackets: moto URL-encodes the event key

    result = stack.process()
    assert result == {"batchItemFailures": []}

    detail = stack.detail()
    [document] = detail["documents"]
    assert document["id"] == form["document_id"]
    assert document["status"] == "received"
    assert document["content_type"] == "application/pdf"
    assert document["size"] == len(PDF)
    assert document["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert document["file_name"] == "site plan.pdf"  # as declared when the form was asked for
    assert document["tags"] == ["sitePlan.proposed"]
    assert document["uploaded_by"] == "integrator:PlanX"
    assert document["uploaded_at"]
    assert document["scan"]["status"] == "clean"  # the local scanner answers in the same invocation
    entries = sorted((a for a in detail["audit"] if a["action"].startswith("document.")), key=lambda a: a["at"])
    assert [a["action"] for a in entries] == ["document.received", "document.scanned_clean"]
    assert entries[0]["after"]["document_id"] == form["document_id"]
    assert "site plan" not in json.dumps(entries)  # no file names (nor people) in the audit entries

    response = stack.download(form["document_id"])
    assert response.status_code == 200, response.body
    link = json.loads(response.body)
    assert link["expires_in"] <= 300
    assert "X-Amz-Expires=300" in link["url"]
    assert f"/documents/demo/{REFERENCE}/{form['document_id']}" in link["url"]  # the checked copy
    fetched = requests.get(link["url"], timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == PDF

    # read access is enough to download; another council cannot see it
    assert stack.download(form["document_id"], token=stack.read_token).status_code == 200
    assert stack.download(form["document_id"], token=stack.other_token).status_code == 404


@pytest.mark.parametrize(
    ("content", "declared", "reason", "identified"),
    [
        (TEXT, "application/pdf", rules.REJECTED_NOT_ACCEPTED, None),
        (PNG, "application/pdf", rules.REJECTED_TYPE_DIFFERS, "image/png"),
    ],
)
def test_file_that_is_not_what_it_claims_is_rejected_and_never_served(
    stack: Stack, content: bytes, declared: str, reason: str, identified: str | None
) -> None:
    form = upload_form(stack, content_type=declared)
    post_file(form, "plan.pdf", content, declared)
    assert stack.process() == {"batchItemFailures": []}

    [document] = stack.detail()["documents"]
    assert document["status"] == "rejected"
    assert document["rejected_reason"] == reason
    assert document["content_type"] == identified
    assert document["size"] == len(content)
    [entry] = audit_of(stack)
    assert entry["action"] == "document.rejected"
    assert entry["reason"] == reason

    assert stack.download(form["document_id"]).status_code == 404
    key = form["key_prefix"] + "plan.pdf"
    tags = stack.s3.get_object_tagging(Bucket=stack.bucket, Key=key)["TagSet"]
    assert {"Key": "bops-status", "Value": "rejected"} in tags
    assert "Contents" not in stack.s3.list_objects_v2(Bucket=stack.bucket, Prefix="documents/")


def test_empty_and_oversized_files_are_rejected(stack: Stack) -> None:
    empty, big = upload_form(stack), upload_form(stack)
    # moto does not enforce content-length-range, so these reach the function as they might without it
    stack.s3.put_object(Bucket=stack.bucket, Key=empty["key_prefix"] + "empty.pdf", Body=b"")
    stack.s3.put_object(Bucket=stack.bucket, Key=big["key_prefix"] + "big.pdf", Body=PDF + b"\0" * MAX)
    assert stack.process() == {"batchItemFailures": []}
    reasons = {d["id"]: d["rejected_reason"] for d in documents_of(stack)}
    assert reasons == {
        empty["document_id"]: rules.REJECTED_EMPTY,
        big["document_id"]: rules.REJECTED_TOO_LARGE,
    }


def test_the_same_event_twice_records_one_document_and_one_audit_entry(stack: Stack) -> None:
    form = upload_form(stack)
    post_file(form, "plan.pdf", PDF)
    messages = [m for m in stack.messages() if "Records" in json.loads(m["Body"])]
    assert len(messages) == 1
    assert stack.process(messages) == {"batchItemFailures": []}
    assert stack.process(messages) == {"batchItemFailures": []}  # S3 delivers at least once
    twice = dict(messages[0], MessageId="another-delivery")
    assert stack.process([messages[0], twice]) == {"batchItemFailures": []}  # both in one batch
    assert len(documents_of(stack)) == 1
    assert len(audit_of(stack)) == 2  # received, then scanned clean: once each


def test_a_second_file_sent_with_the_same_form_is_never_served(stack: Stack) -> None:
    form = upload_form(stack)
    post_file(form, "plan.pdf", PDF)
    assert stack.process() == {"batchItemFailures": []}
    post_file(form, "plan.pdf", TEXT)  # the same key, overwritten while the form is still valid
    post_file(form, "other.pdf", TEXT)  # another key under the same prefix
    assert stack.process() == {"batchItemFailures": []}

    [document] = documents_of(stack)
    assert document["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert len(audit_of(stack)) == 2  # received, then scanned clean
    link = json.loads(stack.download(form["document_id"]).body)
    assert requests.get(link["url"], timeout=10).content == PDF  # the copy checked, not the overwrite
    tags = stack.s3.get_object_tagging(Bucket=stack.bucket, Key=form["key_prefix"] + "other.pdf")["TagSet"]
    assert {"Key": "bops-status", "Value": "rejected"} in tags


def test_one_failing_record_fails_only_its_message(stack: Stack) -> None:
    good, missing = upload_form(stack), upload_form(stack)
    post_file(good, "good.pdf", PDF)
    [good_message] = [m for m in stack.messages() if "Records" in json.loads(m["Body"])]
    # an event for an object that is not there (deleted, or never written): reading it fails
    key = missing["key_prefix"] + "gone.pdf"
    event = json.loads(good_message["Body"])
    event["Records"][0]["s3"]["object"]["key"] = key.replace("/", "%2F").replace(" ", "+")
    missing_message = dict(good_message, MessageId="missing-object", Body=json.dumps(event))

    result = stack.process([missing_message, good_message])
    assert result == {"batchItemFailures": [{"itemIdentifier": "missing-object"}]}
    [document] = documents_of(stack)
    assert document["id"] == good["document_id"]
    assert document["status"] == "received"


def test_keys_outside_the_upload_shape_and_unknown_cases_are_skipped(stack: Stack) -> None:
    document_id = "0123456789abcdef0123456789abcdef"
    for key in (
        "uploads/stray.pdf",
        f"uploads/demo/26-09999-HAPP/{document_id}/plan.pdf",  # no such case
        f"uploads/nobody/{REFERENCE}/{document_id}/plan.pdf",  # no such council
        f"uploads/demo/{REFERENCE}/{document_id}/deeper/plan.pdf",
        f"uploads/demo/{REFERENCE}/{document_id}/plan.pdf",  # no upload form was asked for
    ):
        stack.s3.put_object(Bucket=stack.bucket, Key=key, Body=PDF)
    assert stack.process() == {"batchItemFailures": []}
    assert documents_of(stack) == []
    assert audit_of(stack) == []


def test_test_events_are_ignored(stack: Stack) -> None:
    test_event = {
        "Service": "Amazon S3",
        "Event": "s3:TestEvent",
        "Time": "2026-01-01T00:00:00.000Z",
        "Bucket": stack.bucket,
    }
    message = {
        "MessageId": "test-event",
        "ReceiptHandle": "r",
        "Body": json.dumps(test_event),
        "MD5OfBody": "x",
    }
    assert stack.process([message]) == {"batchItemFailures": []}


def test_unknown_and_malformed_document_ids_are_404(stack: Stack) -> None:
    assert stack.download("0" * 32).status_code == 404
    assert stack.download("not-an-id").status_code == 404
    assert stack.download("0" * 32, reference="26-09999-HAPP").status_code == 404
