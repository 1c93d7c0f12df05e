"""The GOV.UK Notify adapter: the council's key from Secrets Manager (cached, rotations seen), template ids
from SSM, the message's stable reference, and Notify's failures as retryable or not."""

from __future__ import annotations

import base64
import json
import uuid

import boto3
import pytest
import responses

from bops.adapters.notify import Email, GovNotifyNotifier, PostedLetter
from bops.domain.errors import UpstreamError, UpstreamUnavailable

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


REFERENCE = "26-00001-HAPP:validation_request:3f2a9c1b0d4e5f60:0"


def _email(council):
    return Email(
        council=council,
        template="validation_request",
        to="agent@example.com",
        personalisation={"reference": "26-00001-HAPP", "link": "https://x/#t"},
        reference="26-00001-HAPP",
    )


def _issuer(call) -> str:
    """The service id in the JWT Notify's client signed with the key (the key's middle part)."""
    token = call.request.headers["Authorization"].split(" ", 1)[1]
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["iss"]


@responses.activate
def test_emails_and_letters_go_to_notify_with_the_messages_stable_reference(notify_council):
    responses.add(responses.POST, f"{NOTIFY}/v2/notifications/email", json={"id": "email-1"}, status=201)
    responses.add(responses.POST, f"{NOTIFY}/v2/notifications/letter", json={"id": "letter-1"}, status=201)
    notifier = GovNotifyNotifier()
    assert notifier.send_email(_email(notify_council), reference=REFERENCE) == "email-1"
    letter = PostedLetter(
        council=notify_council,
        address_lines=("The Occupier", "42 Stansfield Road", "SW9 9RZ"),
        body="Dear Occupier",
        reference="26-00001-HAPP",
    )
    assert notifier.send_letter(letter, reference="26-00001-HAPP:neighbour_letter:ab12:0") == "letter-1"
    calls = [json.loads(c.request.body) for c in responses.calls]
    assert len(calls) == 2
    assert calls[0]["template_id"] == "tmpl-email-1" and calls[0]["email_address"] == "agent@example.com"
    assert calls[1]["template_id"] == "tmpl-letter-1"
    assert calls[1]["personalisation"]["address_line_1"] == "The Occupier"
    # the reference is the message's identity: the same on every attempt, no personal data in it
    assert [c["reference"] for c in calls] == [REFERENCE, "26-00001-HAPP:neighbour_letter:ab12:0"]


@responses.activate
@pytest.mark.parametrize(
    ("status", "error"),
    [
        (500, UpstreamUnavailable),
        (503, UpstreamUnavailable),
        (429, UpstreamUnavailable),
        (400, UpstreamError),
        (403, UpstreamError),
    ],
)
def test_notify_failing_is_worth_retrying_and_refusing_is_not(notify_council, status, error):
    body = {"status_code": status, "errors": [{"error": "Error", "message": "no"}]}
    responses.add(responses.POST, f"{NOTIFY}/v2/notifications/email", json=body, status=status)
    with pytest.raises(error) as raised:
        GovNotifyNotifier().send_email(_email(notify_council), reference=REFERENCE)
    assert type(raised.value) is error
    assert "agent@example.com" not in str(raised.value)


@responses.activate
def test_a_message_notify_accepted_is_found_by_its_reference(notify_council):
    listed = f"{NOTIFY}/v2/notifications"
    responses.add(
        responses.GET,
        listed,
        match=[responses.matchers.query_param_matcher({"reference": REFERENCE})],
        json={"notifications": [{"id": "n-1", "status": "technical-failure"}, {"id": "n-2", "status": "created"}]},
    )
    responses.add(
        responses.GET,
        listed,
        match=[responses.matchers.query_param_matcher({"reference": "other"})],
        json={"notifications": [{"id": "n-3", "status": "technical-failure"}]},
    )
    notifier = GovNotifyNotifier()
    assert notifier.accepted(notify_council, REFERENCE) == "n-2"  # a technical failure was never sent
    assert notifier.accepted(notify_council, "other") is None


@responses.activate
def test_a_rotated_notify_key_is_used_once_the_cache_time_has_passed(notify_council, monkeypatch):
    from bops.adapters import secrets

    responses.add(responses.POST, f"{NOTIFY}/v2/notifications/email", json={"id": "email-1"}, status=201)
    notifier = GovNotifyNotifier()
    notifier.send_email(_email(notify_council), reference=REFERENCE)
    new_service = str(uuid.uuid4())
    boto3.client("secretsmanager").put_secret_value(
        SecretId=f"bops/{notify_council}/notify-api-key", SecretString=f"bops_test-{new_service}-{uuid.uuid4()}"
    )
    notifier.send_email(_email(notify_council), reference=REFERENCE)  # cached: the key read before
    secrets.reset()  # the cache time has passed (tests/unit/test_secrets.py moves the clock itself)
    notifier.send_email(_email(notify_council), reference=REFERENCE)
    issuers = [_issuer(c) for c in responses.calls]
    assert issuers[0] == issuers[1] != issuers[2] == new_service
