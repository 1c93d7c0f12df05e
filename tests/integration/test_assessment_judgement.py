"""The officer's judgement tasks (issue: "The officer's assessment"): the summaries pre-filled from the
comments and the consultees' responses, site visits with photographs, CIL from the applicant's answers,
permitted development rights, and the plans listed on the notice."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import requests

from tests.support import Caller, example, wait_for

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _in_assessment(council, reference=None):
    reference = reference or council.validated()
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "assessment")
    response = council.officer("assessor").post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert response.status_code == 200, response.text
    return reference


def _upload(council, reference, file_name, content, content_type, tags):
    form = council.officer("assessor").post(
        f"/api/v1/applications/{reference}/uploads",
        json_body={"file_name": file_name, "content_type": content_type, "tags": tags},
    )
    assert form.status_code == 201, form.text
    form = form.json()
    posted = requests.post(form["url"], data=form["fields"], files={"file": (file_name, content)}, timeout=60)
    assert posted.status_code in (200, 201, 204), posted.text
    document_id = form["document_id"]
    wait_for(lambda: any(d["id"] == document_id for d in council.case(reference)["documents"]))
    return document_id


def _comment(council, reference, source, **body):
    payload = {
        "name": "A Neighbour",
        "address": "42 Stansfield Road, London SW9 9RZ",
        "text": "About the extension.",
        **body,
    }
    response = requests.post(
        f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}/comments",
        data=json.dumps(payload),
        headers={"Content-Type": "application/json", "X-Forwarded-For": source},
        timeout=30,
    )
    assert response.status_code == 201, response.text


def test_summaries_are_pre_filled_with_the_comments_by_stance_and_each_consultees_stance(council):
    # Given a consultation with a consultee who answered and two comments, one objection and one in support
    reference = council.validated()
    officer = council.officer("assessor")
    consultee = officer.post(
        f"/api/v1/applications/{reference}/consultees",
        json_body={"name": "Highways team", "organisation": "Highways", "email": "highways@council.example"},
    )
    assert consultee.status_code == 201, consultee.text
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200

    def consultee_email():
        emails = officer.get("/api/v1/outbox").json()["emails"]
        return next(
            (e for e in emails if e["reference"] == reference and e["template"] == "consultee_consultation"), None
        )

    token = wait_for(consultee_email)["personalisation"]["link"].split("#", 1)[1]
    answered = Caller(council.api_url, token).post(
        "/api/v1/consultee/response", json_body={"stance": "objected", "text": "Visibility splay too short."}
    )
    assert answered.status_code == 200, answered.text
    _comment(council, reference, "198.51.100.7", stance="objection", topics=["light", "privacy"])
    _comment(council, reference, "198.51.100.8", stance="supportive", topics=["design", "light"])

    # When the officer opens the summaries task
    task = officer.get(f"/api/v1/applications/{reference}/assessment/summaries").json()

    # Then it is pre-filled with the counts by stance, the topics raised and the consultee's stance
    data = task["data"]
    assert task["prefilled"] is True
    assert data["neighbour_tally"] == {
        "total": 2,
        "objection": 1,
        "supportive": 1,
        "neutral": 0,
        "topics": ["light", "design", "privacy"],  # most raised first, then in the form's order
    }
    assert data["neighbour_responses"] == (
        "2 comments were received: 1 objection, 1 in support and 0 neutral. Topics raised: light, design, privacy."
    )
    (stance,) = data["consultee_stances"]
    assert (stance["organisation"], stance["name"], stance["stance"]) == ("Highways", "Highways team", "objected")
    assert data["consultee_responses"] == "Highways (Highways team): Objection."


def test_a_site_visit_with_a_photograph_is_kept_and_a_bad_date_or_document_is_refused(council):
    reference = _in_assessment(council)
    officer = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/site_visit"
    photo = _upload(council, reference, "rear-garden.jpg", JPEG, "image/jpeg", ["photographs.existing"])
    received = date.fromisoformat(council.case(reference)["application"]["received_on"])
    visit = {
        "kind": "site_visit",
        "on": received.isoformat(),
        "by": "A Officer",
        "attendees": "The applicant",
        "notes": "Rear garden is 12 m deep; No. 3's kitchen window faces the boundary.",
        "photo_document_ids": [photo],
    }
    saved = officer.put(url, json_body={"status": "completed", "data": {"visits": [visit]}})
    assert saved.status_code == 200, saved.text
    assert saved.json()["data"]["visits"][0]["photo_document_ids"] == [photo]

    future = {**visit, "on": (date.today() + timedelta(days=30)).isoformat()}
    refused = officer.put(url, json_body={"status": "completed", "data": {"visits": [visit, future]}})
    assert refused.status_code == 422
    assert [f["path"] for f in refused.json()["error"]["fields"]] == ["data.visits[1].on"]

    before = {**visit, "on": (received - timedelta(days=1)).isoformat()}
    refused = officer.put(url, json_body={"status": "in_progress", "data": {"visits": [before]}})
    assert refused.status_code == 422 and "data.visits[0].on" in refused.text

    stranger = {**visit, "photo_document_ids": [photo, "0" * 32]}
    refused = officer.put(url, json_body={"status": "in_progress", "data": {"visits": [stranger]}})
    assert refused.status_code == 422
    assert [f["path"] for f in refused.json()["error"]["fields"]] == ["data.visits[0].photo_document_ids[1]"]
    # what was saved is kept
    assert officer.get(url).json()["data"]["visits"] == [visit]


def test_approved_plans_are_pre_filled_from_the_plan_documents_with_the_applicants_drawing_numbers(council):
    # Given the demo householder submission, its plan files carrying drawing numbers (ODP files[].number)
    body = example("fullHouseholder")
    numbers = {"other.pdf": "PL-010 rev A", "elevations.pdf": "PL-020", "floor_plans.pdf": "PL-030"}
    for entry in body["files"]:
        name = entry["name"].rsplit("/", 1)[-1]
        if name in numbers:
            entry["number"] = numbers[name]
    submitted = council.integrator.post("/api/v1/submissions", json_body=body)
    assert submitted.status_code == 201, submitted.text
    reference = submitted.json()["reference"]
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "validation_decision")
    assert (
        council.officer()
        .post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"})
        .status_code
        == 200
    )
    # and the plans uploaded as documents of the case, with a statement that is not a plan
    ids = {}
    for entry in body["files"]:
        name = entry["name"].rsplit("/", 1)[-1]
        ids[name] = _upload(council, reference, name, PDF, "application/pdf", [t["value"] for t in entry["type"]])
    _upload(council, reference, "statement.pdf", PDF, "application/pdf", ["planningStatement"])
    reference = _in_assessment(council, reference)
    officer = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/approved_plans"

    # When the officer opens the task, Then the plans are listed in notice order with their numbers
    plans = officer.get(url).json()["data"]["plans"]
    assert plans == [
        {"document_id": ids["other.pdf"], "drawing_number": "PL-010 rev A", "title": "Proposed site plan"},
        {"document_id": ids["floor_plans.pdf"], "drawing_number": "PL-030", "title": "Proposed floor plans"},
        {"document_id": ids["elevations.pdf"], "drawing_number": "PL-020", "title": "Proposed elevations"},
        {"document_id": ids["myPlans.pdf"], "drawing_number": "", "title": "Proposed roof plan"},
    ]

    # the officer enters the missing number and completes it; an unknown document is refused
    plans[3]["drawing_number"] = "PL-040"
    assert officer.put(url, json_body={"status": "completed", "data": {"plans": plans}}).status_code == 200
    unknown = [*plans, {"document_id": "f" * 32, "drawing_number": "X", "title": "Not ours"}]
    refused = officer.put(url, json_body={"status": "completed", "data": {"plans": unknown}})
    assert refused.status_code == 422
    assert [f["path"] for f in refused.json()["error"]["fields"]] == ["data.plans[4].document_id"]


def test_cil_is_pre_filled_from_the_applicants_answers_and_confirmed(council):
    reference = _in_assessment(council)
    officer = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/cil"
    task = officer.get(url).json()
    # the demo householder answered: not liable (no new dwelling, under 100 m²)
    assert task["prefilled"] is True
    assert task["data"]["liable"] is False and task["data"]["exemption"] is None
    assert "Creates one or more new dwellings: no" in task["data"]["notes"]
    assert "Creates 100 m² or more of new floorspace: no" in task["data"]["notes"]
    confirmed = officer.put(url, json_body={"status": "completed", "data": task["data"]})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "completed" and confirmed.json()["prefilled"] is False
    bad = officer.put(url, json_body={"status": "completed", "data": {**task["data"], "exemption": "exempt.maybe"}})
    assert bad.status_code == 422 and "data.exemption" in bad.text


def test_removing_permitted_development_rights_needs_the_classes_and_a_reason(council):
    reference = _in_assessment(council)
    officer = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/permitted_development_rights"
    assert officer.get(url).json()["data"] == {"remove": False, "classes": [], "reason": ""}
    incomplete = officer.put(url, json_body={"status": "completed", "data": {"remove": True}})
    assert incomplete.status_code == 422
    assert sorted(f["path"] for f in incomplete.json()["error"]["fields"]) == ["data.classes", "data.reason"]
    unknown = officer.put(
        url, json_body={"status": "completed", "data": {"remove": True, "classes": ["Part 9 Class Z"], "reason": "x"}}
    )
    assert unknown.status_code == 422 and "data.classes" in unknown.text
    removed = {
        "remove": True,
        "classes": ["Part 1 Class A", "Part 1 Class B"],
        "reason": "Further extensions would harm No. 3's outlook.",
    }
    saved = officer.put(url, json_body={"status": "completed", "data": removed})
    assert saved.status_code == 200, saved.text
    assert saved.json()["data"] == removed
