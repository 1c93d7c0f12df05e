"""The GOV.UK Notify adapter: the council's key from Secrets Manager, template ids from SSM, sent once."""

from __future__ import annotations

import json
import uuid

import boto3
import pytest
import responses

from bops.adapters.notify import Email, GovNotifyNotifier, PostedLetter

pytestmark = pytest.mark.integration
NOTIFY = "https://api.notifications.service.gov.uk"


@pytest.fixture
def notify_council(runtime):
    council = "notify-" + uuid.uuid4().hex[:6]
    key = f"bops_test-{uuid.uuid4()}-{uuid.uuid4()}"
    boto3.client("secretsmanager").create_secret(Name=f"bops/{council}/notify-api-key", SecretString=key)
    boto3.client("ssm").put_parameter(
        Name=f"/bops/{council}/notify/templates",
        Type="String",
        Value=json.dumps({"validation_request": "tmpl-email-1", "letter": "tmpl-letter-1"}),
    )
    return council


@responses.activate
def test_emails_and_letters_go_to_notify_once_each(notify_council):
    from bops.services.context import context

    responses.add(responses.POST, f"{NOTIFY}/v2/notifications/email", json={"id": "email-1"}, status=201)
    responses.add(responses.POST, f"{NOTIFY}/v2/notifications/letter", json={"id": "letter-1"}, status=201)
    notifier = GovNotifyNotifier(context().repo)
    email = Email(
        council=notify_council,
        template="validation_request",
        to="agent@example.com",
        personalisation={"reference": "26-00001-HAPP", "link": "https://x/#t"},
        reference="26-00001-HAPP",
    )
    assert notifier.send_email(email, idempotency_key="k1") == "email-1"
    # a retry sends nothing, and answers Notify's id (its delivery receipts name it)
    assert notifier.send_email(email, idempotency_key="k1") == "email-1"
    letter = PostedLetter(
        council=notify_council,
        address_lines=("The Occupier", "42 Stansfield Road", "SW9 9RZ"),
        body="Dear Occupier",
        reference="26-00001-HAPP",
    )
    assert notifier.send_letter(letter, idempotency_key="l1") == "letter-1"
    calls = [json.loads(c.request.body) for c in responses.calls]
    assert len(calls) == 2
    assert calls[0]["template_id"] == "tmpl-email-1" and calls[0]["email_address"] == "agent@example.com"
    assert calls[1]["template_id"] == "tmpl-letter-1"
    assert calls[1]["personalisation"]["address_line_1"] == "The Occupier"
    assert all(c["reference"].startswith("26-00001-HAPP:") for c in calls)  # no personal data in the reference
