"""Validation in the local stack: checks on arrival, requests to the applicant, answers, auto-close."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from bops.domain.calendar import add_business_days
from tests.support import Caller, applicant_links, wait_for

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _case(council, reference):
    from bops.services.context import context

    return context().repo.cases.get(council.id, reference)


def _waiting(council, reference, milestone="validation_decision"):
    case = _case(council, reference)
    return case if case and case.get("awaiting") == milestone and case.get("task_token") else None


def _requests(council, reference):
    response = council.officer().get(f"/api/v1/applications/{reference}/validation-requests")
    assert response.status_code == 200, response.text
    return response.json()["validation_requests"]


def council_today() -> date:
    from bops.services.context import context

    return context().clock.now().astimezone(ZoneInfo("Europe/London")).date()


def test_checks_on_arrival_draft_requests_and_the_round_trip_with_the_applicant(runtime, council):
    # Given a minor application with missing drawings and a fee paid at the old rate
    reference = council.submit("minor")
    wait_for(lambda: _waiting(council, reference))
    officer = council.officer("assessor")

    # Then both problems show on arrival, with a drafted request for each
    report = officer.get(f"/api/v1/applications/{reference}/validation-report").json()["report"]
    outcomes = {c["id"]: c["outcome"] for c in report["checks"]}
    assert outcomes["required_documents"] == "failed" and outcomes["fee"] == "failed"
    assert outcomes["schema"] == "passed"
    drafts = _requests(council, reference)
    assert sorted(d["type"] for d in drafts) == ["additional_document", "fee_change"]
    assert all(d["state"] == "pending" and d["origin"] == "automated" for d in drafts)
    fee_draft = next(d for d in drafts if d["type"] == "fee_change")
    # £610 due from 1 April 2026 (£588 x 1.038, Fees Regulations 2012 reg. 18A), £578 paid
    assert fee_draft["details"]["amount_pence"] == 3200
    # the case's page shows the same report, which is kept beside the case, not on it (every later write
    # of the case would carry it)
    shown = officer.get(f"/api/v1/applications/{reference}").json()["application"]["validation_report"]
    assert shown == report
    assert "validation_report" not in _case(council, reference)

    # When the officer invalidates, the drafted requests go to the agent together
    response = officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"})
    assert response.status_code == 200, response.text
    assert response.json()["application"]["status"] == "invalidated"
    sent = _requests(council, reference)
    assert all(r["state"] == "open" and r["response_due"] for r in sent)
    links = applicant_links(council, reference)
    assert len(links) == 2

    # And the applicant, following each link, uploads the drawings and accepts the fee change
    for token in links:
        applicant = Caller(council.api_url, token)
        view = applicant.get("/api/v1/applicant/request").json()
        assert view["reference"] == reference
        request = view["request"]
        if request["type"] == "fee_change":
            answer = applicant.post("/api/v1/applicant/request/response", json_body={"approved": True})
        else:
            form = applicant.post(
                "/api/v1/applicant/request/uploads",
                json_body={
                    "file_name": "drawings.pdf",
                    "content_type": "application/pdf",
                    "tags": request["details"]["document_types"],
                },
            )
            assert form.status_code == 201, form.text
            form = form.json()
            posted = requests.post(form["url"], data=form["fields"], files={"file": ("drawings.pdf", PDF)}, timeout=60)
            assert posted.status_code in (200, 201, 204)
            wait_for(lambda: council.case(reference)["documents"])
            answer = applicant.post(
                "/api/v1/applicant/request/response", json_body={"document_ids": [form["document_id"]]}
            )
        assert answer.status_code == 200, answer.text
        assert answer.json()["request"]["state"] == "closed"

    case = council.case(reference)
    # agreed is not paid (see test_fee_payment.py): the officer records the £32 taken by phone
    assert case["application"]["fee"]["status"] == "agreed" and case["application"]["fee"]["payable"] == 578.0
    today = council_today()
    paid = officer.post(
        f"/api/v1/applications/{reference}/fee-payments",
        json_body={"amount_pence": 3200, "method": "card", "received_on": today.isoformat()},
    )
    assert paid.status_code == 201, paid.text
    case = council.case(reference)
    assert case["application"]["fee"]["payable"] == 610.0
    actions = [a["action"] for a in case["audit"]]
    assert actions.count("validation_request.answered") == 2
    emails = council.officer().get("/api/v1/outbox").json()["emails"]
    assert sum(1 for e in emails if e["template"] == "validation_request_answered" and e["reference"] == reference) == 2

    # Then the officer validates; valid from the day the last answer was received (DMPO 2015 art. 34)
    wait_for(lambda: _waiting(council, reference))
    validated = officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"})
    assert validated.status_code == 200, validated.text
    application = validated.json()["application"]
    from bops.services.context import context

    expected_valid_from = context().clock.now().astimezone(ZoneInfo("Europe/London")).date()
    assert application["valid_from"] == expected_valid_from.isoformat()
    assert application["expiry_date"] == (expected_valid_from + timedelta(weeks=8)).isoformat()


def test_a_link_of_another_application_or_a_cancelled_request_is_404_and_changes_nothing(runtime, council):
    first = council.submit("minor")
    second = council.submit("fullHouseholder")
    for reference in (first, second):
        wait_for(lambda reference=reference: _waiting(council, reference))
        assert (
            council.officer()
            .post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"})
            .status_code
            == 200
        )
    first_link = applicant_links(council, first)[0]
    council_id, _, request_id_and_secret = first_link.removeprefix("bopsr_").partition("_")
    # the first application's request and secret, pointed at the second application
    forged = f"bopsr_{council_id}_{second}_{request_id_and_secret.split('_', 1)[1]}"
    before = council.case(second)
    assert Caller(council.api_url, forged).get("/api/v1/applicant/request").status_code == 404
    assert (
        Caller(council.api_url, forged)
        .post("/api/v1/applicant/request/response", json_body={"approved": True})
        .status_code
        == 404
    )
    assert council.case(second)["audit"] == before["audit"]

    # a tampered secret
    assert Caller(council.api_url, first_link[:-4] + "AAAA").get("/api/v1/applicant/request").status_code == 404

    # a cancelled request's link stops working
    request_id = first_link.split("_")[3]
    cancelled = council.officer().post(
        f"/api/v1/applications/{first}/validation-requests/{request_id}/cancellation",
        json_body={"reason": "Asked by mistake"},
    )
    assert cancelled.status_code == 200, cancelled.text
    before = council.case(first)
    link = Caller(council.api_url, first_link)
    assert link.get("/api/v1/applicant/request").status_code == 404
    assert link.post("/api/v1/applicant/request/response", json_body={"approved": True}).status_code == 404
    assert council.case(first)["audit"] == before["audit"]
    # an applicant link opens nothing else
    assert link.get(f"/api/v1/applications/{first}").status_code in (401, 403, 404)


def test_request_rules(runtime, council):
    reference = council.submit("landDrainageConsent")  # passes the checks: no drafts
    wait_for(lambda: _waiting(council, reference))
    officer = council.officer("assessor")
    path = f"/api/v1/applications/{reference}/validation-requests"
    bad = officer.post(path, json_body={"type": "fee_change", "details": {"amount_pence": -5, "reason": "x"}})
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0]["path"].startswith("details")
    unknown = officer.post(path, json_body={"type": "bribe", "details": {}})
    assert unknown.status_code == 422 and unknown.json()["error"]["fields"][0]["path"] == "type"
    created = officer.post(
        path,
        json_body={"type": "other_change", "details": {"summary": "Site address", "suggestion": "Confirm the address"}},
    )
    assert created.status_code == 201 and created.json()["state"] == "pending"
    edited = officer.put(
        f"{path}/{created.json()['id']}",
        json_body={"details": {"summary": "Site address", "suggestion": "Confirm the house number"}},
    )
    assert edited.status_code == 200 and edited.json()["details"]["suggestion"] == "Confirm the house number"
    discarded = officer.post(f"{path}/{created.json()['id']}/cancellation", json_body={"reason": "Not needed"})
    assert discarded.status_code == 200 and discarded.json()["state"] == "cancelled"
    assert (
        officer.post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
        ).status_code
        == 200
    )
    # after validation: no other or fee changes; one description change at a time
    late = officer.post(path, json_body={"type": "other_change", "details": {"summary": "x", "suggestion": "y"}})
    assert late.status_code == 409
    first = officer.post(
        path, json_body={"type": "description_change", "details": {"proposed_description": "Two drainage culverts"}}
    )
    assert first.status_code == 201 and first.json()["state"] == "open"
    second = officer.post(
        path, json_body={"type": "description_change", "details": {"proposed_description": "Three drainage culverts"}}
    )
    assert second.status_code == 409


def test_a_description_change_auto_closes_after_five_business_days(runtime, council):
    """The test moves the system's clock; the request's timer re-checks at its interval."""
    from bops.services.context import context

    ctx = context()
    original = ctx.timer_recheck_seconds
    ctx.timer_recheck_seconds = 1
    try:
        reference = council.submit("landDrainageConsent")
        wait_for(lambda: _waiting(council, reference))
        officer = council.officer("assessor")
        assert (
            officer.post(
                f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
            ).status_code
            == 200
        )
        created = officer.post(
            f"/api/v1/applications/{reference}/validation-requests",
            json_body={
                "type": "description_change",
                "details": {"proposed_description": "Replacement of two culverts"},
            },
        ).json()
        due = date.fromisoformat(created["response_due"])
        sent_on = datetime.fromisoformat(created["sent_at"]).date()
        assert due == add_business_days(sent_on, 5)
        # one day before it is due, it is still open
        ctx.clock.travel_to(datetime.combine(due - timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=12))
        assert _requests(council, reference)[0]["state"] == "open"
        ctx.clock.travel_to(datetime.combine(due, datetime.min.time(), UTC) + timedelta(hours=12))
        closed = wait_for(lambda: [r for r in _requests(council, reference) if r["state"] == "closed"], timeout=30)
        assert closed[0]["auto_closed"] is True
        assert council.case(reference)["application"]["description"] == "Replacement of two culverts"
        # the accepted description is searchable by its new words
        found = officer.get("/api/v1/search", params={"q": "culverts replacement"}).json()
        assert reference in [a["reference"] for a in found["applications"]]
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
        ctx.timer_recheck_seconds = original


def test_a_council_edits_its_local_list_and_the_checks_use_it(runtime, council):
    admin = council.officer("administrator")
    current = admin.get("/api/v1/council/local-list").json()
    assert current["is_default"] is True
    rules = {
        "council": council.id,
        "name": "Our local list",
        "rules": [
            {
                "id": "drainage",
                "reason": "we ask every applicant for it",
                "when": {},
                "require": ["foulDrainageAssessment"],
                "types": ["landDrainageConsent"],
            },
        ],
    }
    bad = admin.put("/api/v1/council/local-list", json_body={"rules": [{"id": "x", "require": ["notAFileType"]}]})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["path"].startswith("local_list")
    assert council.officer("assessor").put("/api/v1/council/local-list", json_body=rules).status_code == 403
    saved = admin.put("/api/v1/council/local-list", json_body=rules)
    assert saved.status_code == 200, saved.text
    assert saved.json()["is_default"] is False
    # an application arriving now is checked against it
    reference = council.submit("landDrainageConsent")
    wait_for(lambda: _waiting(council, reference))
    report = council.officer().get(f"/api/v1/applications/{reference}/validation-report").json()["report"]
    documents = next(c for c in report["checks"] if c["id"] == "required_documents")
    assert documents["outcome"] == "failed" and "drainage" in documents["evidence"].lower()


def _upload(caller, path, file_name, tags):
    """Asks for an upload form, posts the file straight to storage and waits until it is recorded."""
    form = caller.post(path, json_body={"file_name": file_name, "content_type": "application/pdf", "tags": tags})
    assert form.status_code == 201, form.text
    form = form.json()
    posted = requests.post(form["url"], data=form["fields"], files={"file": (file_name, PDF)}, timeout=60)
    assert posted.status_code in (200, 201, 204)
    return form["document_id"]


def test_a_replacement_document_archives_the_old_one_and_takes_its_tags(runtime, council):
    # Given an application with a site plan the officer finds wrong
    reference = council.submit("landDrainageConsent")
    wait_for(lambda: _waiting(council, reference))
    officer = council.officer("assessor")
    old_id = _upload(officer, f"/api/v1/applications/{reference}/uploads", "site-plan.pdf", ["sitePlan.proposed"])
    wait_for(lambda: [d for d in council.case(reference)["documents"] if d["id"] == old_id])
    created = officer.post(
        f"/api/v1/applications/{reference}/validation-requests",
        json_body={
            "type": "replacement_document",
            "details": {"document_id": old_id, "reason": "The site plan shows the wrong boundary"},
        },
    )
    assert created.status_code == 201, created.text
    assert (
        officer.post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"}
        ).status_code
        == 200
    )

    # When the applicant sends a new plan (tagged as something else) in answer
    (token,) = applicant_links(council, reference)
    applicant = Caller(council.api_url, token)
    new_id = _upload(applicant, "/api/v1/applicant/request/uploads", "new-site-plan.pdf", ["otherDocument"])
    wait_for(lambda: [d for d in council.case(reference)["documents"] if d["id"] == new_id])
    answer = applicant.post("/api/v1/applicant/request/response", json_body={"document_ids": [new_id]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["request"]["state"] == "closed"

    # Then the old plan is archived and the new one carries its tags as well as its own
    documents = {d["id"]: d for d in council.case(reference)["documents"]}
    assert documents[old_id]["archived"] is True
    assert documents[new_id]["archived"] is False
    assert documents[new_id]["tags"] == ["otherDocument", "sitePlan.proposed"]
    from bops.services.context import context

    stored = context().repo.documents.get(council.id, reference, new_id)
    assert stored is not None and stored.replaces == old_id
    old = context().repo.documents.get(council.id, reference, old_id)
    assert old is not None and old.archived_reason == f"Replaced through validation request {created.json()['id']}"


def test_the_validation_requests_say_which_valid_from_date_validating_sets(runtime, council):
    """DMPO 2015 art. 34: an application is valid from the day the last missing item arrived. The officer's
    list of validation requests gives that date (``default_valid_from``) so the validation form can name it:
    the received date while nothing was missing, the day the applicant's answer arrived after, and the date
    validating then sets; none once the application is valid."""
    from bops.services.context import context

    reference = council.submit("proposed")
    wait_for(lambda: _waiting(council, reference))
    officer = council.officer("assessor")
    path = f"/api/v1/applications/{reference}/validation-requests"
    received_on = council.case(reference)["application"]["received_on"]
    assert officer.get(path).json()["default_valid_from"] == received_on

    invalid = officer.post(
        f"/api/v1/applications/{reference}/validation-decision",
        json_body={"decision": "invalid", "reason": "The location plan is missing"},
    )
    assert invalid.status_code == 200, invalid.text
    wait_for(lambda: _waiting(council, reference))
    (link,) = applicant_links(council, reference)
    clock = context().clock
    # the applicant answers three days after the application arrived, at noon in London
    answered_on = date.fromisoformat(received_on) + timedelta(days=3)
    try:
        clock.travel_to(
            datetime(answered_on.year, answered_on.month, answered_on.day, 12, tzinfo=ZoneInfo("Europe/London"))
        )
        answer = Caller(council.api_url, link).post(
            "/api/v1/applicant/request/response", json_body={"response_text": "A location plan is now attached."}
        )
        assert answer.status_code == 200, answer.text
        assert officer.get(path).json()["default_valid_from"] == answered_on.isoformat()

        wait_for(lambda: _waiting(council, reference))
        validated = officer.post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
        )
        assert validated.status_code == 200, validated.text
        assert validated.json()["application"]["valid_from"] == answered_on.isoformat()
        assert officer.get(path).json()["default_valid_from"] is None
    finally:
        clock.travel_to(datetime.now(UTC))
