"""Consultation in the local stack: neighbours, letters, consultees, public comments, notices, the end date."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from tests.support import AGREE, Caller, complete_assessment, wait_for

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _case(council, reference):
    from bops.services.context import context

    return context().repo.cases.get(council.id, reference)


def _outbox(council, reference, template):
    emails = council.officer().get("/api/v1/outbox").json()["emails"]
    return [e for e in emails if e["reference"] == reference and e["template"] == template]


def _public(council, reference):
    return Caller(council.api_url, None)


def _comment(council, reference, **body):
    payload = {
        "name": "A Neighbour",
        "address": "42 Stansfield Road, London SW9 9RZ",
        "stance": "objection",
        "topics": ["light"],
        "text": "It will block the light to my kitchen.",
        **body,
    }
    return requests.post(
        f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}/comments",
        data=json.dumps(payload),
        headers={"Content-Type": "application/json", "X-Forwarded-For": f"198.51.100.{len(str(body))}"},
        timeout=30,
    )


def test_a_householder_consultation_from_start_to_complete(runtime, council):
    from bops.services.context import context

    ctx = context()
    original = ctx.timer_recheck_seconds
    ctx.timer_recheck_seconds = 1
    try:
        reference = council.validated()
        officer = council.officer("assessor")
        # neighbours within 50 m of the site (the site itself is not a neighbour)
        added = officer.post(f"/api/v1/applications/{reference}/neighbours", json_body={"radius_m": 50})
        assert added.status_code == 200, added.text
        neighbours = added.json()["neighbours"]
        assert neighbours and all((n["address"].get("uprn")) != "100021892955" for n in neighbours)
        by_hand = officer.post(
            f"/api/v1/applications/{reference}/neighbours",
            json_body={"address": {"single_line": "Flat 2, 1 Other Street, London", "postcode": "SW9 9ZZ"}},
        )
        assert by_hand.status_code == 200
        count = len(by_hand.json()["neighbours"])
        assert count == len(neighbours) + 1
        consultee = officer.post(
            f"/api/v1/applications/{reference}/consultees",
            json_body={"name": "Highways team", "organisation": "Highways", "email": "highways@council.example"},
        )
        assert consultee.status_code == 201, consultee.text

        started = officer.post(f"/api/v1/applications/{reference}/consultation")
        assert started.status_code == 200, started.text
        record = started.json()["consultation"]
        assert record["status"] == "in_progress"
        assert started.json()["end_date_explained"]

        # the Map state sends one letter per neighbour and one email to the consultee
        wait_for(lambda: len(_outbox(council, reference, "letter")) == count, timeout=30)
        letters = _outbox(council, reference, "letter")
        assert all(e["to"].startswith("The Occupier") for e in letters)
        (email,) = wait_for(lambda: _outbox(council, reference, "consultee_consultation"))
        token = email["personalisation"]["link"].split("#", 1)[1]

        # the consultee answers through their link
        consultee_link = Caller(council.api_url, token)
        assert consultee_link.get("/api/v1/consultee/consultation").json()["reference"] == reference
        answered = consultee_link.post(
            "/api/v1/consultee/response",
            json_body={"stance": "amendments_needed", "text": "Move the crossover 2 m east."},
        )
        assert answered.status_code == 200, answered.text
        assert (
            consultee_link.post("/api/v1/consultee/response", json_body={"stance": "maybe", "text": "x"}).status_code
            == 422
        )

        # two members of the public comment; the officer redacts one
        first = _comment(council, reference)
        second = _comment(
            council,
            reference,
            name="B Resident",
            stance="supportive",
            topics=["design"],
            text="A good design. My phone is 07700 900123.",
        )
        assert first.status_code == 201 and second.status_code == 201, (first.text, second.text)
        public_view = requests.get(f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}", timeout=10)
        assert public_view.status_code == 200 and public_view.json()["comments"] == []  # nothing until redacted
        comments = officer.get(f"/api/v1/applications/{reference}/comments").json()["comments"]
        second_id = next(c["id"] for c in comments if c["name"] == "B Resident")
        redacted = officer.post(
            f"/api/v1/applications/{reference}/comments/{second_id}/redaction",
            json_body={"redacted_text": "A good design. My phone is [removed]."},
        )
        assert redacted.status_code == 200, redacted.text
        shown = requests.get(
            f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}", timeout=10
        ).json()
        assert [c["text"] for c in shown["comments"]] == ["A good design. My phone is [removed]."]
        everything_public = (
            json.dumps(shown)
            + requests.get(
                f"{council.api_url}/api/v1/public/{council.id}/applications", params={"q": reference}, timeout=10
            ).text
        )
        assert "07700 900123" not in everything_public and "B Resident" not in everything_public
        summary = officer.get(f"/api/v1/applications/{reference}/consultation").json()
        assert summary["comments"]["total"] == 2

        # the end date, extended while the workflow waits: the wait honours it
        end = date.fromisoformat(summary["consultation"]["end_date"])
        extended = officer.post(
            f"/api/v1/applications/{reference}/consultation/extension",
            json_body={"days": 7, "reason": "Letters went to the wrong street"},
        )
        assert extended.status_code == 200, extended.text
        new_end = date.fromisoformat(extended.json()["consultation"]["end_date"])
        assert new_end == end + timedelta(days=7)
        ctx.clock.travel_to(datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=12))
        # past the first end date but not the extended one: still in progress
        assert (
            officer.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]["status"]
            == "in_progress"
        )
        ctx.clock.travel_to(
            datetime.combine(new_end + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=12)
        )
        wait_for(
            lambda: (
                officer.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]["status"]
                == "complete"
            ),
            timeout=30,
        )
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
        ctx.timer_recheck_seconds = original


def test_a_retried_letter_task_sends_each_letter_once(runtime, council, monkeypatch):
    from bops.services import consultation, workflow_tasks
    from bops.services.context import context

    reference = council.validated()
    officer = council.officer("assessor")
    officer.post(f"/api/v1/applications/{reference}/neighbours", json_body={"radius_m": 30})
    count = len(officer.get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"])
    real_update = consultation.Address  # noqa: F841 (kept for readability of the patch below)
    failures = []
    real_send = context().notifier.send_letter

    def flaky(letter, *, reference):
        result = real_send(letter, reference=reference)
        if not failures:
            failures.append(reference)
            raise workflow_tasks.TransientError("Notify timed out after accepting the letter")
        return result

    monkeypatch.setattr(context().notifier, "send_letter", flaky)
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    wait_for(
        lambda: all(
            n["letters"] for n in officer.get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"]
        ),
        timeout=30,
    )
    assert failures
    assert len(_outbox(council, reference, "letter")) == count
    neighbours = officer.get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"]
    assert all(len(n["letters"]) == 1 for n in neighbours)

    # a resend needs a reason, shown on the letter
    first = neighbours[0]["id"]
    assert officer.post(f"/api/v1/applications/{reference}/neighbours/{first}/resend", json_body={}).status_code == 422
    resent = officer.post(
        f"/api/v1/applications/{reference}/neighbours/{first}/resend", json_body={"reason": "Returned undelivered"}
    )
    assert resent.status_code == 200, resent.text
    letters = _outbox(council, reference, "letter")
    assert len(letters) == count + 1
    assert any("Returned undelivered" in e["personalisation"]["body"] for e in letters)


def test_a_letter_task_stopped_after_notify_took_the_letter_is_retried_and_sends_it_once(runtime, council, monkeypatch):
    # the task stops (a timeout, say) after Notify accepted the letter and before anything was written:
    # the workflow's retry says it is one (its RetryCount), and the retry asks Notify before sending
    from bops.repository.consultation import ConsultationRepository
    from bops.services import workflow_tasks
    from bops.services.context import context

    reference = council.validated()
    officer = council.officer("assessor")
    officer.post(
        f"/api/v1/applications/{reference}/neighbours",
        json_body={"address": {"single_line": "1 Other Street, London", "postcode": "SW9 9ZZ"}},
    )
    real_mark = ConsultationRepository.mark_letter_sent
    stopped = []

    def stops_once(self, *args, **kwargs):
        if not stopped:
            stopped.append(True)
            raise workflow_tasks.TransientError("the function was stopped before the mark")
        return real_mark(self, *args, **kwargs)

    def notes_nothing(self, *args, **kwargs):
        raise workflow_tasks.TransientError("the function was stopped: nothing noted")

    monkeypatch.setattr(ConsultationRepository, "mark_letter_sent", stops_once)
    monkeypatch.setattr(ConsultationRepository, "note_unconfirmed_letter", notes_nothing)
    asked = []
    real_accepted = context().notifier.accepted
    monkeypatch.setattr(
        context().notifier, "accepted", lambda council_id, ref: asked.append(ref) or real_accepted(council_id, ref)
    )
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    wait_for(
        lambda: all(
            n["letters"] for n in officer.get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"]
        ),
        timeout=30,
    )
    assert stopped and len(asked) == 1
    assert len(_outbox(council, reference, "letter")) == 1


def test_bad_comments_get_4xx_and_store_nothing(runtime, council):
    reference = council.validated()

    def stored():
        return council.officer().get(f"/api/v1/applications/{reference}/comments").json()["comments"]

    assert _comment(council, reference, text="<script>alert(1)</script>").status_code == 422
    big = _comment(council, reference, text="x" * (1024 * 1024))
    assert big.status_code == 413
    unknown = _comment(council, reference, stance="furious")
    assert unknown.status_code == 422 and unknown.json()["error"]["fields"][0]["path"] == "stance"
    assert stored() == []
    # unpublished (not yet valid) and unknown applications are not there for the public
    unpublished = council.submit("minor")
    assert _comment(council, unpublished).status_code == 404
    assert _comment(council, "26-99999-HAPP").status_code == 404
    # determined: closed for comments
    officer = council.officer("assessor")
    officer.post(f"/api/v1/applications/{reference}/closure", json_body={"reason": "Duplicate"})
    assert _comment(council, reference).status_code == 409
    assert stored() == []


def test_comments_are_rate_limited(runtime, council):
    reference = council.validated()
    headers = {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.9"}
    body = json.dumps({"name": "N", "address": "1 Road", "stance": "neutral", "topics": ["other"], "text": "Hello"})
    url = f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}/comments"
    codes = [requests.post(url, data=body, headers=headers, timeout=10).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429]


def test_a_required_site_notice_blocks_determination_until_displayed(runtime, council):
    from bops.services.context import context

    reference = council.validated("fullHouseholderInConservationArea")
    officer = council.officer("assessor")
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    record = officer.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]
    if not record["site_notice"]["required"]:
        pytest.skip("this type needs no site notice")
    wait_for(lambda: (_case(council, reference) or {}).get("awaiting") == "assessment")
    assert officer.post(f"/api/v1/applications/{reference}/assessment").status_code == 200
    wait_for(lambda: (_case(council, reference) or {}).get("awaiting") == "recommendation")
    complete_assessment(council, reference)
    begin = {"text": "Begin within 3 years.", "reason": "Section 91 of the Town and Country Planning Act 1990."}
    body = {"decision": "granted", "summary": "Fine.", "conditions": [begin]}
    # not while the public may still comment (DMPO 2015 art. 15): the answer names the end date
    early = officer.post(f"/api/v1/applications/{reference}/recommendation", json_body=body)
    assert early.status_code == 409 and record["end_date"] in early.json()["error"]["message"], early.text
    ctx = context()
    try:
        end = date.fromisoformat(record["end_date"])
        ctx.clock.travel_to(datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=12))
        recommended = officer.post(f"/api/v1/applications/{reference}/recommendation", json_body=body)
        assert recommended.status_code == 200, recommended.text
        wait_for(lambda: (_case(council, reference) or {}).get("awaiting") == "review")
        blocked = council.officer("reviewer").post(f"/api/v1/applications/{reference}/review", json_body=AGREE)
        assert blocked.status_code == 409 and "site notice" in blocked.json()["error"]["message"]
        # the officer uploads the photo and records the notice, displayed since the consultation began
        form = officer.post(
            f"/api/v1/applications/{reference}/uploads",
            json_body={"file_name": "notice.pdf", "content_type": "application/pdf"},
        ).json()
        requests.post(form["url"], data=form["fields"], files={"file": ("notice.pdf", PDF)}, timeout=60)
        wait_for(lambda: council.case(reference)["documents"])
        shown = officer.post(
            f"/api/v1/applications/{reference}/site-notice",
            json_body={"displayed_on": date.today().isoformat(), "evidence_document_ids": [form["document_id"]]},
        )
        assert shown.status_code == 200, shown.text
        agreed = council.officer("reviewer").post(f"/api/v1/applications/{reference}/review", json_body=AGREE)
        assert agreed.status_code == 200, agreed.text
    finally:
        ctx.clock.travel_to(datetime.now(UTC))


def test_officers_plan_the_notices_how_many_and_who_puts_them_up(runtime, council):
    reference = council.validated()
    officer = council.officer("assessor")
    path = f"/api/v1/applications/{reference}/notices"
    planned = officer.put(
        path,
        json_body={
            "site_notice": {"required": True, "count": 3, "delivery": "applicant"},
            "press_notice": {"required": True, "publication": "The Demo Gazette"},
        },
    )
    assert planned.status_code == 200, planned.text
    record = planned.json()["consultation"]
    assert (record["site_notice"]["required"], record["site_notice"]["count"], record["site_notice"]["delivery"]) == (
        True,
        3,
        "applicant",
    )
    assert record["press_notice"] == {**record["press_notice"], "required": True, "publication": "The Demo Gazette"}
    assert "consultation.notices_planned" in [a["action"] for a in council.case(reference)["audit"]]

    for body, field in (
        ({"site_notice": {"required": True, "delivery": "post"}}, "site_notice.delivery"),
        ({"site_notice": {"required": True, "count": 0}}, "site_notice.count"),
        ({}, "site_notice"),
    ):
        refused = officer.put(path, json_body=body)
        assert refused.status_code == 422, refused.text
        assert field in [f["path"] for f in refused.json()["error"]["fields"]]
    # nothing refused changed what was planned
    after = officer.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]
    assert after["site_notice"] == record["site_notice"]
    # no longer required: it no longer blocks anything
    relaxed = officer.put(path, json_body={"site_notice": {"required": False}})
    assert relaxed.json()["consultation"]["site_notice"]["required"] is False


def test_an_officer_change_on_a_case_changed_meanwhile_is_applied_again_to_the_fresh_record(
    runtime, council, monkeypatch
):
    """Right after consultation starts the workflow records the letters' dispatch on the case; an officer's
    extension read before that is applied again to the fresh record rather than refused or written over."""
    from bops.services import consultation as service
    from bops.services.context import context

    reference = council.validated()
    officer = council.officer("assessor")
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    path = f"/api/v1/applications/{reference}/consultation"
    wait_for(lambda: officer.get(path).json()["consultation"]["letters_sent_on"], timeout=30)
    stale = context().repo.cases.get(council.id, reference)
    first = officer.post(f"{path}/extension", json_body={"days": 3, "reason": "Letters late"})
    assert first.status_code == 200, first.text

    real_load, served = service.load, []

    def stale_once(ctx, council_id, ref):
        if not served:
            served.append(True)
            return stale  # read before the first extension was written
        return real_load(ctx, council_id, ref)

    monkeypatch.setattr(service, "load", stale_once)
    second = officer.post(f"{path}/extension", json_body={"days": 4, "reason": "Site notice moved"})
    assert second.status_code == 200, second.text
    record = second.json()["consultation"]
    assert [e["days"] for e in record["extensions"]] == [3, 4]  # nothing written over
    base = date.fromisoformat(stale["consultation"]["end_date"])
    assert date.fromisoformat(record["end_date"]) == base + timedelta(days=7)
