"""Dates through the API: bounds (422 naming the field), appeal dates kept on the case and shown, and the
council's out-of-hours setting for the received date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support import AGREE, complete_assessment, consult_if_needed, refusal_reasons, wait_for

pytestmark = pytest.mark.integration

FAR = "9999-12-31"


def _awaiting(council, reference, milestone):
    application = council.case(reference)["application"]
    return application.get("awaiting") == milestone and application


def _field(response):
    assert response.status_code == 422, response.text
    return [f["path"] for f in response.json()["error"]["fields"]]


def _validate(council, reference, **body):
    wait_for(lambda: _awaiting(council, reference, "validation_decision"))
    return council.officer().post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid", **body}
    )


def test_far_dates_are_refused_naming_the_field_everywhere_a_date_is_accepted(council):
    """A date of 9999-12-31 is a 422 naming the field, never a 500 (adding a DMPO 2015 art. 34 period to
    it would overflow)."""
    reference = council.submit("fullHouseholder")
    officer = council.officer()
    assert _field(_validate(council, reference, valid_from=FAR)) == ["valid_from"]
    path = f"/api/v1/applications/{reference}"
    bodies = {
        "extension-of-time": ({"agreed_date": FAR, "agreed_with": "Agent"}, "agreed_date"),
        "appeal": ({"step": "lodge", "on": FAR}, "on"),
        "site-notice": ({"displayed_on": FAR, "evidence_document_ids": ["0" * 32]}, "displayed_on"),
        "press-notice": ({"published_on": FAR, "evidence_document_ids": ["0" * 32]}, "published_on"),
    }
    for action, (body, field) in bodies.items():
        assert _field(officer.post(f"{path}/{action}", json_body=body)) == [field], action
    assert _validate(council, reference).status_code == 200
    time_extension = officer.post(
        f"{path}/validation-requests",
        json_body={"type": "time_extension", "details": {"proposed_expiry_date": FAR, "reason": "Legal agreement"}},
    )
    assert _field(time_extension) == ["details.proposed_expiry_date"]


def test_an_officer_set_valid_from_is_between_receipt_and_today(council):
    """DMPO 2015 art. 34: the valid-from date is the day the last missing item was received."""
    reference = council.submit("fullHouseholder")
    received = date.fromisoformat(council.case(reference)["application"]["received_on"])
    early = _validate(council, reference, valid_from=(received - timedelta(days=1)).isoformat())
    assert _field(early) == ["valid_from"]
    assert "the received date" in early.json()["error"]["fields"][0]["message"]
    today = datetime.now(ZoneInfo("Europe/London")).date()
    assert _field(_validate(council, reference, valid_from=(today + timedelta(days=1)).isoformat())) == ["valid_from"]
    assert _validate(council, reference, valid_from=received.isoformat()).status_code == 200


def test_an_extension_of_time_goes_at_most_two_years_past_the_deadline(council):
    """An extension of time agreed in writing (DMPO 2015 art. 34(2)): at most two years on (a typo guard)."""
    reference = council.submit("fullHouseholder")
    expiry = date.fromisoformat(_validate(council, reference).json()["application"]["expiry_date"])
    officer = council.officer()
    path = f"/api/v1/applications/{reference}/extension-of-time"
    body = {"agreed_with": "Agent", "agreed_date": (expiry + timedelta(days=2 * 366)).isoformat()}
    assert _field(officer.post(path, json_body=body)) == ["agreed_date"]
    body["agreed_date"] = (expiry + timedelta(days=700)).isoformat()
    assert officer.post(path, json_body=body).status_code == 200


def test_appeal_dates_are_kept_on_the_case_and_shown_publicly(council):
    """TCPA 1990 s. 78(2) and DMPO 2015 art. 37(2): non-determination from the day after expiry (or the
    agreed extension), within 6 months; 12 weeks beginning with the date of a householder refusal."""
    reference = council.submit("fullHouseholder")
    received = council.case(reference)
    assert received["appeal_non_determination_from"] is None  # not valid: the period does not run
    validated = _validate(council, reference).json()
    expiry = date.fromisoformat(validated["application"]["expiry_date"])
    assert validated["appeal_non_determination_from"] == (expiry + timedelta(days=1)).isoformat()
    assert validated["appeal_deadline"] is not None

    officer = council.officer()
    agreed = expiry + timedelta(days=30)
    extended = officer.post(
        f"/api/v1/applications/{reference}/extension-of-time",
        json_body={"agreed_date": agreed.isoformat(), "agreed_with": "Agent"},
    ).json()
    assert extended["appeal_non_determination_from"] == (agreed + timedelta(days=1)).isoformat()
    public = council.anonymous.get(f"/api/v1/public/{council.id}/applications/{reference}").json()
    assert public["appeal_non_determination_from"] == (agreed + timedelta(days=1)).isoformat()

    wait_for(lambda: _awaiting(council, reference, "assessment"))
    assert officer.post(f"/api/v1/applications/{reference}/assessment", json_body={}).status_code == 200
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    consult_if_needed(council, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(council, reference)
    recommended = officer.post(
        f"/api/v1/applications/{reference}/recommendation",
        json_body={
            "decision": "refused",
            "summary": "Harmful.",
            "conditions": [],
            "reasons": refusal_reasons(council, reference, "Harm to amenity."),
        },
    )
    assert recommended.status_code == 200, recommended.text
    wait_for(lambda: _awaiting(council, reference, "review"))
    decided = council.officer("reviewer").post(f"/api/v1/applications/{reference}/review", json_body=AGREE)
    assert decided.status_code == 200, decided.text
    decided_on = date.fromisoformat(decided.json()["application"]["decision"]["determined_on"])
    assert decided.json()["appeal_non_determination_from"] is None
    assert decided.json()["appeal_deadline"] == (decided_on + timedelta(days=83)).isoformat()
    public = council.anonymous.get(f"/api/v1/public/{council.id}/applications/{reference}").json()
    assert public["appeal_deadline"] == (decided_on + timedelta(days=83)).isoformat()


def test_out_of_hours_receipt_counts_from_the_next_working_day_only_where_the_council_says_so(council):
    """An application arriving at 18:00 on Friday 28 August 2026, before the summer bank holiday (Monday
    31 August, Banking and Financial Dealings Act 1971): received that Friday by default (the DMPO knows
    no office hours); Tuesday 1 September where the council closes at 17:00."""
    from bops.services.context import context

    admin = council.officer("administrator")
    assert admin.get("/api/v1/council/settings").json() == {"out_of_hours_from": None}
    assert _field(admin.put("/api/v1/council/settings", json_body={"out_of_hours_from": "5pm"})) == [
        "out_of_hours_from"
    ]
    assert council.officer("assessor").put("/api/v1/council/settings", json_body={}).status_code == 403

    ctx = context()
    friday_evening = datetime(2026, 8, 28, 18, 0, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)
    try:
        ctx.clock.travel_to(friday_evening)
        as_arrived = council.submit("fullHouseholder")
        changed = admin.put("/api/v1/council/settings", json_body={"out_of_hours_from": "17:00"})
        assert changed.status_code == 200 and changed.json() == {"out_of_hours_from": "17:00"}
        next_working_day = council.submit("fullHouseholder")
        # it counts as received on Tuesday: it cannot be valid from before then (DMPO 2015 art. 34)
        assert _field(_validate(council, next_working_day)) == ["valid_from"]
        ctx.clock.travel_to(friday_evening - timedelta(hours=2))  # 16:00: within hours
        within_hours = council.submit("fullHouseholder")
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
        admin.put("/api/v1/council/settings", json_body={"out_of_hours_from": None})
    assert council.case(as_arrived)["application"]["received_on"] == "2026-08-28"
    assert council.case(next_working_day)["application"]["received_on"] == "2026-09-01"
    assert council.case(within_hours)["application"]["received_on"] == "2026-08-28"
    assert admin.get("/api/v1/council/settings").json() == {"out_of_hours_from": None}


def test_a_full_minor_case_shows_the_fee_worked_out_from_its_floor_space(council):
    """Fees Regulations 2012, Sch. 1, Pt 2, category 2: 120 m2 of new offices is two parts of 75 m2, at
    £588 each from 1 April 2025 and £610 from 1 April 2026 (reg. 18A, +3.8 %): £1,220 on the case."""
    import copy

    from tests.support import example

    payload = copy.deepcopy(example("minor"))
    proposal = payload["data"]["proposal"]
    del proposal["units"]
    proposal["projectType"] = [{"value": "new.office", "description": "New offices"}]
    proposal["new"] = {"area": {"squareMetres": 120}}
    response = council.integrator.post("/api/v1/submissions", json_body=payload)
    assert response.status_code == 201, response.text
    reference = response.json()["reference"]
    received = date.fromisoformat(council.case(reference)["application"]["received_on"])
    assert received >= date(2026, 4, 1), "the figures below are for the fee table from 1 April 2026"
    report = wait_for(lambda: council.case(reference)["application"].get("validation_report"))
    fee = next(check for check in report["checks"] if check["id"] == "fee")
    assert "fee due £1,220.00" in fee["evidence"], fee["evidence"]


def test_an_extension_the_applicant_agrees_moves_the_right_to_appeal(council):
    """A time extension asked through a validation request and agreed by the applicant is an extension
    agreed in writing (DMPO 2015 art. 34(2)): non-determination appeals run from the day after it."""
    from tests.support import Caller, applicant_links

    reference = council.submit("fullHouseholder")
    expiry = date.fromisoformat(_validate(council, reference).json()["application"]["expiry_date"])
    proposed = expiry + timedelta(days=28)
    created = council.officer().post(
        f"/api/v1/applications/{reference}/validation-requests",
        json_body={
            "type": "time_extension",
            "details": {"proposed_expiry_date": proposed.isoformat(), "reason": "Awaiting amended plans"},
        },
    )
    assert created.status_code == 201, created.text
    (token,) = wait_for(lambda: applicant_links(council, reference))
    answer = Caller(council.api_url, token).post("/api/v1/applicant/request/response", json_body={"approved": True})
    assert answer.status_code == 200, answer.text
    case = council.case(reference)
    assert case["application"]["extended_expiry_date"] == proposed.isoformat()
    assert case["appeal_non_determination_from"] == (proposed + timedelta(days=1)).isoformat()
