"""The council's consultee directory and templates, and consulting again: in the local stack."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support import Caller, wait_for

pytestmark = pytest.mark.integration

HIGHWAYS = {
    "name": "Highways team",
    "organisation": "Council highways",
    "email": "highways@council.example",
    "kind": "internal",
    "response_days": 30,
    "expertise": "access and parking",
}


def _emails(council, reference):
    emails = council.officer().get("/api/v1/outbox").json()["emails"]
    return sorted(
        (e for e in emails if e["reference"] == reference and e["template"] == "consultee_consultation"),
        key=lambda e: e["at"],
    )


def _token(email):
    return email["personalisation"]["link"].split("#", 1)[1]


def _audit(council, reference):
    return [a["action"] for a in council.case(reference)["audit"]]


def test_administrators_keep_the_directory_and_officers_consult_from_it(runtime, council):
    admin, assessor = council.officer("administrator"), council.officer("assessor")
    assert assessor.post("/api/v1/council/consultees", json_body=HIGHWAYS).status_code == 403
    bad = admin.post("/api/v1/council/consultees", json_body={**HIGHWAYS, "email": "not an email", "response_days": 0})
    assert bad.status_code == 422
    assert {f["path"] for f in bad.json()["error"]["fields"]} == {"email", "response_days"}
    created = admin.post("/api/v1/council/consultees", json_body=HIGHWAYS)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert entry["response_days"] == 30 and entry["changed_by"].startswith("officer:")
    listed = assessor.get("/api/v1/council/consultees").json()["consultees"]
    assert [c["id"] for c in listed] == [entry["id"]]
    changed = admin.put(f"/api/v1/council/consultees/{entry['id']}", json_body={**HIGHWAYS, "response_days": 35})
    assert changed.status_code == 200 and changed.json()["response_days"] == 35
    assert admin.put("/api/v1/council/consultees/nothere", json_body=HIGHWAYS).status_code == 404

    # another council sees nothing of it
    from tests.support import new_council

    other = new_council(runtime, roles=("assessor",))
    assert other.officer().get("/api/v1/council/consultees").json()["consultees"] == []

    reference = council.validated()
    consulted = assessor.post(f"/api/v1/applications/{reference}/consultees", json_body={"directory_id": entry["id"]})
    assert consulted.status_code == 201, consulted.text
    (consultee,) = consulted.json()["consultees"]
    assert (consultee["name"], consultee["organisation"], consultee["kind"], consultee["response_days"]) == (
        "Highways team",
        "Council highways",
        "internal",
        35,
    )
    # the officer may shorten the period for this case; an unknown entry or no details is refused
    shorter = assessor.post(
        f"/api/v1/applications/{reference}/consultees", json_body={"directory_id": entry["id"], "response_days": 14}
    )
    assert shorter.status_code == 201 and sorted(c["response_days"] for c in shorter.json()["consultees"]) == [14, 35]
    unknown = assessor.post(f"/api/v1/applications/{reference}/consultees", json_body={"directory_id": "nothere"})
    assert unknown.status_code == 422 and unknown.json()["error"]["fields"][0]["path"] == "directory_id"
    nothing = assessor.post(f"/api/v1/applications/{reference}/consultees", json_body={"name": "Someone"})
    assert nothing.status_code == 422
    assert {f["path"] for f in nothing.json()["error"]["fields"]} == {"organisation", "email"}
    assert len(assessor.get(f"/api/v1/applications/{reference}/consultation").json()["consultees"]) == 2

    # taking the entry out of the directory leaves the case's consultees as they were
    assert admin.delete(f"/api/v1/council/consultees/{entry['id']}").json()["consultees"] == []
    assert len(assessor.get(f"/api/v1/applications/{reference}/consultation").json()["consultees"]) == 2


def test_councils_edit_their_letter_and_email_and_what_goes_out_uses_them(runtime, council):
    admin, assessor = council.officer("administrator"), council.officer("assessor")
    templates = {t["name"]: t for t in assessor.get("/api/v1/council/templates").json()["templates"]}
    assert set(templates) == {"neighbour_letter", "consultee_email", "application_valid"}
    assert all(t["is_default"] for t in templates.values())
    assert "{link}" in templates["consultee_email"]["parts"]["body"]
    assert "26-00042-HAPP" in templates["consultee_email"]["preview"]["subject"]

    assert (
        assessor.put("/api/v1/council/templates/neighbour_letter", json_body={"parts": {"body": "x"}}).status_code
        == 403
    )
    refused = admin.put(
        "/api/v1/council/templates/consultee_email",
        json_body={"parts": {"subject": "About {reference}", "body": "Dear {applicant}"}},
    )
    assert refused.status_code == 422
    assert [f["path"] for f in refused.json()["error"]["fields"]] == ["body"]
    assert admin.put("/api/v1/council/templates/nothing", json_body={"parts": {"body": "x"}}).status_code == 404
    assert assessor.get("/api/v1/council/templates").json()["templates"][0]["is_default"]  # nothing kept

    letter = admin.put(
        "/api/v1/council/templates/neighbour_letter",
        json_body={"parts": {"body": "To the occupier: {reference} at {site_address}. Comment by {end_date}."}},
    )
    assert letter.status_code == 200, letter.text
    assert not letter.json()["is_default"]
    assert letter.json()["preview"]["body"].startswith("To the occupier: 26-00042-HAPP at")
    email = admin.put(
        "/api/v1/council/templates/consultee_email",
        json_body={"parts": {"subject": "Please advise on {reference}", "body": "Hello {consultee_name}: {link}"}},
    )
    assert email.status_code == 200, email.text

    reference = council.validated()
    assessor.post(
        f"/api/v1/applications/{reference}/neighbours",
        json_body={"address": {"single_line": "1 Other Street, London", "postcode": "SW9 9ZZ"}},
    )
    assessor.post(f"/api/v1/applications/{reference}/consultees", json_body=HIGHWAYS)
    assert assessor.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    (sent,) = wait_for(lambda: _emails(council, reference), timeout=30)
    assert sent["personalisation"]["subject"] == f"Please advise on {reference}"
    assert sent["personalisation"]["body"] == f"Hello Highways team: {sent['personalisation']['link']}"

    def letters():
        emails = assessor.get("/api/v1/outbox").json()["emails"]
        return [e for e in emails if e["reference"] == reference and e["template"] == "letter"]

    (posted,) = wait_for(letters, timeout=30)
    assert posted["personalisation"]["body"].startswith(f"To the occupier: {reference} at ")

    # back to the default wording
    reset = admin.delete("/api/v1/council/templates/neighbour_letter")
    assert reset.status_code == 200 and reset.json()["is_default"]
    assert reset.json()["parts"]["body"].startswith("Dear Occupier")


def test_resending_and_reconsulting_keep_the_history_and_only_the_newest_link_works(runtime, council):
    assessor = council.officer("assessor")
    reference = council.validated()
    assessor.post(f"/api/v1/applications/{reference}/consultees", json_body={**HIGHWAYS, "response_days": 21})
    (consultee_id,) = [
        c["id"] for c in assessor.get(f"/api/v1/applications/{reference}/consultation").json()["consultees"]
    ]
    again = f"/api/v1/applications/{reference}/consultees/{consultee_id}"
    # nothing to resend before consultation starts
    assert assessor.post(f"{again}/resend", json_body={"reason": "Lost"}).status_code == 409
    assert assessor.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    (first,) = wait_for(lambda: _emails(council, reference), timeout=30)
    first_link = Caller(council.api_url, _token(first))
    answered = first_link.post("/api/v1/consultee/response", json_body={"stance": "objected", "text": "No access."})
    assert answered.status_code == 200, answered.text

    assert assessor.post(f"{again}/resend", json_body={"reason": ""}).status_code == 422
    missing = assessor.post(f"/api/v1/applications/{reference}/consultees/nothere/resend", json_body={"reason": "x"})
    assert missing.status_code == 404
    resent = assessor.post(f"{again}/resend", json_body={"reason": "The email bounced"})
    assert resent.status_code == 200, resent.text
    emails = wait_for(lambda: len(_emails(council, reference)) == 2 and _emails(council, reference), timeout=30)
    second_link = Caller(council.api_url, _token(emails[-1]))
    assert first_link.get("/api/v1/consultee/consultation").status_code == 404  # the old link stops working
    assert second_link.get("/api/v1/consultee/consultation").status_code == 200

    end_before = date.fromisoformat(
        assessor.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]["end_date"]
    )
    reconsulted = assessor.post(
        f"{again}/reconsult", json_body={"reason": "Amended plans: access moved", "response_days": 30}
    )
    assert reconsulted.status_code == 200, reconsulted.text
    view = reconsulted.json()
    (consultee,) = view["consultees"]
    assert consultee["response"] is None
    assert [r["stance"] for r in consultee["previous_responses"]] == ["objected"]
    assert [h["event"] for h in consultee["history"]] == ["consulted", "responded", "resent", "reconsulted"]
    assert consultee["history"][2]["reason"] == "The email bounced"
    assert consultee["history"][3]["reason"] == "Amended plans: access moved"
    assert consultee["response_days"] == 30
    # a 30-day period from today ends after the original 21 days from the letters
    assert date.fromisoformat(view["consultation"]["end_date"]) > end_before
    emails = wait_for(lambda: len(_emails(council, reference)) == 3 and _emails(council, reference), timeout=30)
    third_link = Caller(council.api_url, _token(emails[-1]))
    assert second_link.get("/api/v1/consultee/consultation").status_code == 404
    assert third_link.post(
        "/api/v1/consultee/response", json_body={"stance": "approved", "text": "The new access is fine."}
    ).ok
    actions = _audit(council, reference)
    assert "consultation.consultee_resent" in actions and "consultation.consultee_reconsulted" in actions


def test_a_consultee_link_expires_and_a_resend_gives_a_working_one(runtime, council):
    from bops.services.context import context

    ctx = context()
    assessor = council.officer("assessor")
    reference = council.validated()
    assessor.post(f"/api/v1/applications/{reference}/consultees", json_body={**HIGHWAYS, "response_days": 21})
    assert assessor.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    (email,) = wait_for(lambda: _emails(council, reference), timeout=30)
    link = Caller(council.api_url, _token(email))
    (consultee,) = assessor.get(f"/api/v1/applications/{reference}/consultation").json()["consultees"]
    expires_on = date.fromisoformat(consultee["link_expires_on"])
    end = date.fromisoformat(
        assessor.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]["end_date"]
    )
    assert expires_on == end + timedelta(days=28)
    try:
        ctx.clock.travel_to(datetime.combine(expires_on, datetime.min.time(), UTC) + timedelta(hours=12))
        assert link.get("/api/v1/consultee/consultation").status_code == 200  # its last day
        ctx.clock.travel_to(datetime.combine(expires_on + timedelta(days=1), datetime.min.time(), UTC))
        expired = link.get("/api/v1/consultee/consultation")
        assert expired.status_code == 404 and "expired" in expired.json()["error"]["message"]
        assert link.post("/api/v1/consultee/response", json_body={"stance": "approved", "text": "x"}).status_code == 404
        assessor.post(
            f"/api/v1/applications/{reference}/consultees/{consultee['id']}/resend",
            json_body={"reason": "The link expired"},
        )
        newest = wait_for(lambda: len(_emails(council, reference)) == 2 and _emails(council, reference), timeout=30)
        assert Caller(council.api_url, _token(newest[-1])).get("/api/v1/consultee/consultation").status_code == 200
    finally:
        ctx.clock.travel_to(datetime.now(UTC))


def test_reconsulting_after_the_consultation_completed_reopens_it_and_a_new_run_completes_it(runtime, council):
    from bops.services.context import context

    ctx = context()
    original = ctx.timer_recheck_seconds
    ctx.timer_recheck_seconds = 1
    assessor = council.officer("assessor")

    def consultation():
        return assessor.get(f"/api/v1/applications/{reference}/consultation").json()

    def noon(day):
        return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12)

    try:
        reference = council.validated()
        assessor.post(f"/api/v1/applications/{reference}/consultees", json_body={**HIGHWAYS, "response_days": 21})
        assert assessor.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
        wait_for(lambda: _emails(council, reference), timeout=30)
        end = date.fromisoformat(consultation()["consultation"]["end_date"])
        ctx.clock.travel_to(noon(end + timedelta(days=1)))
        wait_for(lambda: consultation()["consultation"]["status"] == "complete", timeout=30)

        (consultee,) = consultation()["consultees"]
        reopened = assessor.post(
            f"/api/v1/applications/{reference}/consultees/{consultee['id']}/reconsult",
            json_body={"reason": "Amended plans"},
        )
        assert reopened.status_code == 200, reopened.text
        record = reopened.json()["consultation"]
        new_end = date.fromisoformat(record["end_date"])
        # 21 days from the day of reconsultation; a statutory consultee's period (DMPO 2015 art. 22) has no
        # rule disregarding public holidays, unlike neighbour and notice publicity
        from bops.domain.consultation import count_days

        expected, _ = count_days(end + timedelta(days=1), 21, disregard_public_holidays=False)
        assert record["status"] == "in_progress" and new_end == expected
        assert "consultation.consultee_reconsulted" in _audit(council, reference)
        wait_for(lambda: len(_emails(council, reference)) == 2, timeout=30)
        ctx.clock.travel_to(noon(new_end + timedelta(days=1)))
        wait_for(lambda: consultation()["consultation"]["status"] == "complete", timeout=30)
        assert consultation()["consultation"]["completed_on"] == (new_end + timedelta(days=1)).isoformat()
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
        ctx.timer_recheck_seconds = original


def test_an_extended_consultation_keeps_the_consultees_link_working_as_long_after_its_end(runtime, council):
    from bops.services.context import context

    ctx = context()
    assessor = council.officer("assessor")
    reference = council.validated()
    assessor.post(f"/api/v1/applications/{reference}/consultees", json_body={**HIGHWAYS, "response_days": 21})
    assert assessor.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    (email,) = wait_for(lambda: _emails(council, reference), timeout=30)
    link = Caller(council.api_url, _token(email))
    (consultee,) = assessor.get(f"/api/v1/applications/{reference}/consultation").json()["consultees"]
    first_expiry = date.fromisoformat(consultee["link_expires_on"])
    # the workflow records the letters' dispatch on the case; an extension made at that very moment would
    # get 409 (changed by someone else), as any concurrent change does
    wait_for(
        lambda: assessor.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"][
            "letters_sent_on"
        ],
        timeout=30,
    )
    extended = assessor.post(
        f"/api/v1/applications/{reference}/consultation/extension", json_body={"days": 10, "reason": "Late letters"}
    )
    assert extended.status_code == 200, extended.text
    try:
        ctx.clock.travel_to(datetime.combine(first_expiry + timedelta(days=5), datetime.min.time(), UTC))
        assert link.get("/api/v1/consultee/consultation").status_code == 200
        ctx.clock.travel_to(datetime.combine(first_expiry + timedelta(days=11), datetime.min.time(), UTC))
        assert link.get("/api/v1/consultee/consultation").status_code == 404
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
