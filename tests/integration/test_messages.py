"""Each outgoing message is sent once, whatever fails: GOV.UK Notify failing once, for every kind of message.

The notifier here fails the first time it is given each message (as the Notify adapter does when Notify
answers 5xx: ``UpstreamUnavailable``), then keeps it in the outbox. The retry (the consultation
workflow's Retry, or the caller asking again) must end with exactly one message accepted; a retry after
that sends nothing more.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bops.adapters.notify import Email, PostedLetter
from bops.domain.errors import UpstreamUnavailable
from tests.support import add_neighbours_and_consultee, wait_for

pytestmark = pytest.mark.integration


class FailsOnceNotifier:
    """Fails the first attempt at each message (by its stable reference), then hands it to ``inner``."""

    def __init__(self, inner):
        self.inner = inner
        self.attempts: Counter[str] = Counter()
        self.taken: Counter[str] = Counter()

    def _send(self, send, message, reference):
        self.attempts[reference] += 1
        if self.attempts[reference] == 1:
            raise UpstreamUnavailable("GOV.UK Notify did not take the message (500): try again")
        self.taken[reference] += 1
        return send(message, reference=reference)

    def send_email(self, email: Email, *, reference: str) -> str:
        return self._send(self.inner.send_email, email, reference)

    def send_letter(self, letter: PostedLetter, *, reference: str) -> str:
        return self._send(self.inner.send_letter, letter, reference)

    def accepted(self, council: str, reference: str) -> str | None:
        return self.inner.accepted(council, reference)

    def sent(self, kind: str) -> dict[str, int]:
        return {r: n for r, n in self.taken.items() if f":{kind}:" in r}


@pytest.fixture
def flaky(runtime, monkeypatch):
    from bops.services.context import context

    notifier = FailsOnceNotifier(context().notifier)
    monkeypatch.setattr(context(), "notifier", notifier)
    return notifier


def _outbox(council, reference, template):
    from bops.services.context import context

    # what the outbox kept (the API's outbox page lists it only when the outbox is the notifier itself)
    emails = context().notifier.inner.list(council.id)
    return [e for e in emails if e["reference"] == reference and e["template"] == template]


def _consultees(officer, reference):
    return officer.get(f"/api/v1/applications/{reference}/consultation").json()["consultees"]


def _token(email):
    return email["personalisation"]["link"].split("#", 1)[1]


def test_the_workflows_letters_and_consultee_emails_are_sent_once_when_notify_fails_once(runtime, council, flaky):
    from bops.services import consultation, consultation_tasks
    from bops.services.context import context

    # Given two neighbours and a consultee, and a Notify that fails each message once
    reference = council.validated()
    officer = council.officer("assessor")
    add_neighbours_and_consultee(officer, reference, ("1 Other Street, London", "2 Other Street, London"), "SW9 9ZZ")

    # When consultation starts (the workflow retries each failed send)
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    neighbours = lambda: officer.get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"]  # noqa: E731
    wait_for(lambda: all(n["letters"] for n in neighbours()), timeout=60)
    wait_for(lambda: all(c["email_delivery"] for c in _consultees(officer, reference)), timeout=60)

    # Then each letter and the email went exactly once, after one failure each
    letters, emails = flaky.sent("neighbour_letter"), flaky.sent("consultee_email")
    assert len(letters) == 2 and set(letters.values()) == {1}
    assert len(emails) == 1 and set(emails.values()) == {1}
    assert all(flaky.attempts[r] == 2 for r in [*letters, *emails])
    assert len(_outbox(council, reference, "letter")) == 2
    (email,) = _outbox(council, reference, "consultee_consultation")
    assert all(len(n["letters"]) == 1 for n in neighbours())
    (entry,) = _consultees(officer, reference)[0]["history"]
    assert entry["event"] == "consulted"
    # and the link in the email that went is the one that works (each attempt issues its own)
    ctx = context()
    assert consultation.authenticate_consultee(ctx, _token(email)).name == reference

    # And a retry after success sends nothing more
    for recipient in consultation_tasks.recipients(ctx, council.id, reference):
        assert consultation_tasks.send_one(ctx, council.id, reference, recipient["sk"])["sent"] is False
    assert sum(flaky.sent("neighbour_letter").values()) == 2
    assert sum(flaky.sent("consultee_email").values()) == 1


def test_resent_letters_resent_and_reconsulted_emails_are_sent_once_when_notify_fails_once(runtime, council, flaky):
    from bops.services import consultation
    from bops.services.context import context

    reference = council.validated()
    officer = council.officer("assessor")
    officer.post(
        f"/api/v1/applications/{reference}/neighbours",
        json_body={"address": {"single_line": "1 Other Street, London", "postcode": "SW9 9ZZ"}},
    )
    officer.post(
        f"/api/v1/applications/{reference}/consultees",
        json_body={"name": "Highways team", "organisation": "Highways", "email": "highways@council.example"},
    )
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    (neighbour,) = wait_for(
        lambda: [
            n for n in officer.get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"] if n["letters"]
        ],
        timeout=60,
    )
    (consultee,) = wait_for(lambda: [c for c in _consultees(officer, reference) if c["email_delivery"]], timeout=60)

    # A resent letter: Notify fails (503 to the officer), the officer asks again: one letter more
    path = f"/api/v1/applications/{reference}/neighbours/{neighbour['id']}/resend"
    failed = officer.post(path, json_body={"reason": "Returned undelivered"})
    assert failed.status_code == 503, failed.text
    assert officer.post(path, json_body={"reason": "Returned undelivered"}).status_code == 200
    resent = {r: n for r, n in flaky.sent("neighbour_letter").items() if r.endswith(":1")}
    assert list(resent.values()) == [1]
    assert len(_outbox(council, reference, "letter")) == 2

    # A resent email and a reconsultation: the same
    for action, body in (("resend", {"reason": "Lost it"}), ("reconsult", {"reason": "Amended plans"})):
        path = f"/api/v1/applications/{reference}/consultees/{consultee['id']}/{action}"
        failed = officer.post(path, json_body=body)
        assert failed.status_code == 503, failed.text
        again = officer.post(path, json_body=body)
        assert again.status_code == 200, again.text
    emails = flaky.sent("consultee_email")
    assert sorted(emails.values()) == [1, 1, 1]  # consulted, resent, reconsulted: one each
    assert all(flaky.attempts[r] == 2 for r in emails)
    history = [h["event"] for h in _consultees(officer, reference)[0]["history"]]
    assert history == ["consulted", "resent", "reconsulted"]
    sent = _outbox(council, reference, "consultee_consultation")
    assert len(sent) == 3
    # the newest link works; the first one no longer does
    newest = max(sent, key=lambda e: e["at"])
    assert consultation.authenticate_consultee(context(), _token(newest)).name == reference


def test_validation_request_emails_and_the_officers_notification_are_sent_once(runtime, council, flaky):
    from bops.services import validation
    from bops.services.cases import load_case
    from bops.services.context import context

    ctx = context()
    reference = council.validated()
    officer = council.officer("assessor")
    path = f"/api/v1/applications/{reference}/validation-requests"
    # the request is kept, but its email failed: the officer sees 503
    failed = officer.post(
        path, json_body={"type": "description_change", "details": {"proposed_description": "Two culverts"}}
    )
    assert failed.status_code == 503, failed.text
    assert not flaky.sent("validation_request")
    (request,) = [r for r in validation._requests(ctx, council.id, reference) if r.state.value == "open"]
    case = load_case(ctx, council.id, reference)

    # the send again (as a retry would): one email, and none more after that
    validation._sent(ctx, case, request, "secret-of-the-link")
    validation._sent(ctx, case, request, "secret-of-the-link")
    assert list(flaky.sent("validation_request").values()) == [1]
    assert len(_outbox(council, reference, "validation_request")) == 1

    # the officer's notification of an answer: failed once, sent by the retry, once
    with pytest.raises(UpstreamUnavailable):
        validation._notify_officer(ctx, case, request)
    validation._notify_officer(ctx, case, request)
    validation._notify_officer(ctx, case, request)
    assert list(flaky.sent("validation_request_answered").values()) == [1]
    assert len(_outbox(council, reference, "validation_request_answered")) == 1
