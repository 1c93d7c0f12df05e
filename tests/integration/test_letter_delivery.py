"""Neighbour letters' delivery status from GOV.UK Notify's callbacks, in the local stack.

The local outbox posts no receipts: these tests post them as Notify would, with the council's callback token.
"""

from __future__ import annotations

import secrets
import uuid

import boto3
import pytest

from tests.support import Caller, add_neighbours_and_consultee, wait_for

pytestmark = pytest.mark.integration

ADDRESSES = ("1 Stansfield Road, London", "3 Stansfield Road, London", "5 Stansfield Road, London")


def _callback_token(council) -> str:
    token = secrets.token_urlsafe(24)
    boto3.client("secretsmanager").create_secret(Name=f"bops/{council.id}/notify-callback-token", SecretString=token)
    return token


def _neighbours(council, reference):
    response = council.officer().get(f"/api/v1/applications/{reference}/neighbours")
    assert response.status_code == 200, response.text
    return {n["address"]["single_line"]: n for n in response.json()["neighbours"]}


def _consultee(council, reference):
    from bops.repository.keys import app_pk
    from bops.services.context import context

    (item,) = context().repo.query_all(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
        ExpressionAttributeValues={":pk": app_pk(council.id, reference), ":p": "CONSULTEE#"},
    )
    return item


def _consulted(council):
    """A valid case, three neighbours and a consultee, consultation started and every letter and email sent."""
    reference = council.validated()
    officer = council.officer("assessor")
    add_neighbours_and_consultee(officer, reference, ADDRESSES, "SW9 9RZ")
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    wait_for(lambda: all(n["letters"] for n in _neighbours(council, reference).values()), timeout=30)
    wait_for(lambda: _consultee(council, reference).get("email_delivery"), timeout=30)
    return reference


def _letter_reference(reference, neighbour, letter=0):
    """The reference a neighbour's letter was given: Notify's receipt carries it back."""
    return f"{reference}:neighbour_letter:{neighbour['id']}:{letter}"


def _receipt(notification_id, status, notification_type="letter", reference=None, **extra):
    """A delivery receipt as GOV.UK Notify posts it (``reference``: the one the letter was sent with)."""
    return {
        "id": notification_id,
        "reference": reference or f"26-00001-HAPP:{secrets.token_hex(4)}",
        "to": "The Occupier\n1 Stansfield Road" if notification_type == "letter" else "highways@council.example",
        "status": status,
        "created_at": "2026-12-23T10:15:30.000000Z",
        "completed_at": "2026-12-23T17:30:00.000000Z",
        "sent_at": "2026-12-23T10:16:00.000000Z",
        "notification_type": notification_type,
        "template_id": str(uuid.uuid4()),
        "template_version": 1,
        **extra,
    }


def _notify(council, token):
    path = f"/api/v1/notify/{council.id}/callback"

    def post(body=None, **kw):
        return Caller(council.api_url, token).post(path, json_body=body, **kw)

    return post


def test_receipts_keep_each_letters_status_history_and_the_batch_counts(runtime, council):
    # Given a consultation whose letters and email went out, and the council's callback token
    reference = _consulted(council)
    notify = _notify(council, _callback_token(council))
    neighbours = [_neighbours(council, reference)[a] for a in ADDRESSES]
    first, second, third = (n["letters"][0] for n in neighbours)
    refs = {n["letters"][0]["notification_id"]: _letter_reference(reference, n) for n in neighbours}
    assert {letter["status"] for letter in (first, second, third)} == {"sent"}
    assert first["notification_id"] != second["notification_id"]
    batch = first["batch"]
    assert batch == f"{first['sent_on']}/first" and second["batch"] == third["batch"] == batch

    # When Notify posts its receipts: one letter printed and posted, one not printable, one at the printer
    for notification_id, status in (
        (first["notification_id"], "accepted"),
        (first["notification_id"], "received"),
        (second["notification_id"], "permanent-failure"),
        (third["notification_id"], "accepted"),
    ):
        answer = notify(_receipt(notification_id, status, reference=refs[notification_id]))
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"id": notification_id, "recorded": True, "status": status}

    # Then each letter keeps its status and its history
    now = _neighbours(council, reference)
    posted, failed, printing = (now[a]["letters"][0] for a in ADDRESSES)
    assert [h["status"] for h in posted["status_history"]] == ["sent", "accepted", "received"]
    assert posted["status"] == "received" and posted["failed"] is False
    assert posted["updated_at"] == posted["status_history"][-1]["at"]
    assert failed["status"] == "permanent-failure" and failed["failed"] is True
    assert printing["status"] == "accepted" and printing["failed"] is False

    # and the officer's consultation view counts the batch by status
    view = council.officer().get(f"/api/v1/applications/{reference}/consultation").json()
    assert view["letters"] == [
        {
            "batch": batch,
            "sent_on": first["sent_on"],
            "resent": False,
            "letters": 3,
            "by_status": {"accepted": 1, "permanent-failure": 1, "received": 1},
            "failed": 1,
        }
    ]

    # and the failed letter is on the case's audit trail, by the neighbour's id (no address)
    audit = [e for e in council.case(reference)["audit"] if e["action"] == "consultation.letter_failed"]
    (entry,) = audit
    neighbour_id = _neighbours(council, reference)[ADDRESSES[1]]["id"]
    assert entry["actor"] == "notify:govuk-notify"
    assert entry["after"] == {"neighbour": neighbour_id, "letter": 0, "batch": batch, "status": "permanent-failure"}
    assert "Stansfield" not in str(entry)

    # and the consultee's email has its own status
    consultee = _consultee(council, reference)
    email = consultee["email_delivery"]
    sent_as = f"{reference}:consultee_email:{consultee['id']}:0"  # the reference the email was sent with
    answer = notify(_receipt(email["notification_id"], "delivered", "email", reference=sent_as))
    assert answer.json()["recorded"] is True
    assert [h["status"] for h in _consultee(council, reference)["email_delivery"]["status_history"]] == [
        "sent",
        "delivered",
    ]


def test_repeated_late_and_unknown_receipts_change_nothing(runtime, council):
    reference = _consulted(council)
    notify = _notify(council, _callback_token(council))
    neighbour = _neighbours(council, reference)[ADDRESSES[0]]
    letter = neighbour["letters"][0]
    notification_id = letter["notification_id"]
    sent_as = _letter_reference(reference, neighbour)
    assert notify(_receipt(notification_id, "received", reference=sent_as)).json()["recorded"] is True
    before = _neighbours(council, reference)[ADDRESSES[0]]["letters"][0]

    # a repeat, and an "accepted" arriving after "received": answered 200, nothing moves back
    for status in ("received", "accepted"):
        answer = notify(_receipt(notification_id, status, reference=sent_as))
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"id": notification_id, "recorded": False, "status": "received"}
    # a final status stays final
    assert notify(_receipt(notification_id, "permanent-failure", reference=sent_as)).json()["recorded"] is False
    # a receipt naming the letter by its reference but carrying another notification's id changes nothing
    assert notify(_receipt(str(uuid.uuid4()), "permanent-failure", reference=sent_as)).json()["recorded"] is False
    assert _neighbours(council, reference)[ADDRESSES[0]]["letters"][0] == before
    assert not [e for e in council.case(reference)["audit"] if e["action"] == "consultation.letter_failed"]

    # a notification this service does not track (an email to an applicant, say) is acknowledged and ignored
    unknown = notify(_receipt(str(uuid.uuid4()), "delivered", "email"))
    assert unknown.status_code == 200 and unknown.json()["recorded"] is False


def test_wrong_or_missing_tokens_are_refused_and_bad_receipts_name_the_field(runtime, council):
    reference = _consulted(council)
    token = _callback_token(council)
    neighbour = _neighbours(council, reference)[ADDRESSES[0]]
    letter = neighbour["letters"][0]
    receipt = _receipt(
        letter["notification_id"], "permanent-failure", reference=_letter_reference(reference, neighbour)
    )

    # a wrong or missing token is refused; an officer's or integrator's credential is not for this route
    for caller in (_notify(council, token + "x"), _notify(council, token[:-1]), _notify(council, None)):
        answer = caller(receipt)
        assert answer.status_code == 401, answer.text
        assert answer.json()["error"]["code"] == "unauthorized"
    for credential in (council.officer_tokens["assessor"], council.token):
        assert _notify(council, credential)(receipt).status_code == 403
    # the token works for its own council only
    assert (
        Caller(council.api_url, token).post("/api/v1/notify/nosuchcouncil/callback", json_body=receipt).status_code
        == 401
    )
    assert _neighbours(council, reference)[ADDRESSES[0]]["letters"][0] == letter

    # malformed receipts: 4xx naming the field, nothing changes
    notify = _notify(council, token)
    not_json = notify(data=b"{not json")
    assert not_json.status_code == 400 and not_json.json()["error"]["fields"][0]["path"] == "body"
    cases = [
        ({k: v for k, v in receipt.items() if k != "id"}, "id"),
        ({k: v for k, v in receipt.items() if k != "status"}, "status"),
        ({**receipt, "status": "lost-in-the-post"}, "status"),
        ({**receipt, "id": ""}, "id"),
        ({**receipt, "id": 12}, "id"),
        ({**receipt, "status": "delivered"}, "status"),  # an email's status, for a letter
        ({**receipt, "notification_type": "email"}, "notification_type"),
        ({**receipt, "notification_type": "fax"}, "notification_type"),
    ]
    for body, field in cases:
        answer = notify(body)
        assert answer.status_code == 422, (field, answer.text)
        assert [f["path"] for f in answer.json()["error"]["fields"]] == [field], answer.text
    assert notify([receipt]).status_code == 422
    assert _neighbours(council, reference)[ADDRESSES[0]]["letters"][0] == letter


def test_a_failed_letter_sent_again_has_its_own_status_and_batch(runtime, council):
    reference = _consulted(council)
    notify = _notify(council, _callback_token(council))
    neighbour = _neighbours(council, reference)[ADDRESSES[2]]
    failed = neighbour["letters"][0]
    receipt = _receipt(
        failed["notification_id"], "validation-failed", reference=_letter_reference(reference, neighbour)
    )
    assert notify(receipt).json()["recorded"] is True

    # When the officer sends it again
    resent = council.officer().post(
        f"/api/v1/applications/{reference}/neighbours/{neighbour['id']}/resend",
        json_body={"reason": "The first letter could not be printed"},
    )
    assert resent.status_code == 200, resent.text

    # Then the new letter is a record of its own, in a batch of letters sent again
    old, new = _neighbours(council, reference)[ADDRESSES[2]]["letters"]
    assert old["status"] == "validation-failed" and old["failed"] is True
    assert new["status"] == "sent" and new["failed"] is False and new["notification_id"] != old["notification_id"]
    assert new["batch"] == f"{new['sent_on']}/resent"
    receipt = _receipt(new["notification_id"], "received", reference=_letter_reference(reference, neighbour, 1))
    assert notify(receipt).json()["recorded"] is True
    old, new = _neighbours(council, reference)[ADDRESSES[2]]["letters"]
    assert (old["status"], new["status"]) == ("validation-failed", "received")

    batches = council.officer().get(f"/api/v1/applications/{reference}/consultation").json()["letters"]
    assert [(b["batch"], b["letters"], b["by_status"], b["failed"]) for b in batches] == [
        (old["batch"], 3, {"sent": 2, "validation-failed": 1}, 1),
        (new["batch"], 1, {"received": 1}, 0),
    ]


def test_letters_and_emails_keep_their_record_on_the_recipient_and_receipts_for_older_lookups_still_count(
    runtime, council
):
    from bops.services.context import context

    reference = _consulted(council)
    table = context().repo

    # no message items, no lookup items: each letter and email is recorded on its neighbour or consultee
    def items(pk):
        return table.query_all(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": pk})

    # (the applicant's "valid" email, sent once at validation, keeps a message item of its own)
    assert [i for i in items(f"{council.id}#MESSAGE#{reference}") if not i["sk"].startswith("application_valid#")] == []
    assert items(f"{council.id}#NOTIFICATION") == []

    # a letter sent before references named letters has a lookup item from Notify's id: its receipts count
    neighbour = _neighbours(council, reference)[ADDRESSES[1]]
    letter = neighbour["letters"][0]
    table.put(
        {
            "pk": f"{council.id}#NOTIFICATION",
            "sk": f"ID#{letter['notification_id']}",
            "kind": "notification",
            "reference": reference,
            "item_sk": f"NEIGHBOUR#{neighbour['id']}",
            "target": "letter",
            "letter": 0,
        }
    )
    notify = _notify(council, _callback_token(council))
    answer = notify(_receipt(letter["notification_id"], "received", reference=f"{reference}:{secrets.token_hex(4)}"))
    assert answer.json() == {"id": letter["notification_id"], "recorded": True, "status": "received"}
    assert _neighbours(council, reference)[ADDRESSES[1]]["letters"][0]["status"] == "received"
