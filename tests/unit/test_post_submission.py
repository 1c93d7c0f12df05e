"""The case -> ODP post-submission published application mapping, on every demo submission: valid against the
bundled official schema in each state a published case can be in, and with no personal data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bops.domain.lifecycle import Status
from bops.domain.officers import Officer
from bops.odp.post_submission import file_types, property_type, published_errors
from bops.services import post_submission
from tests.support import EXAMPLES

SUBMISSIONS = sorted(EXAMPLES.rglob("*.json"))
PERSONAL = ("ziggy@example.com", "David", "Bowie", "Stardust", "01100 0110 0011", "Matilda", "Wormwood")
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _ctx(submission: bytes) -> Any:
    officers = {"jo": Officer(username="jo", name="Jo Planner", roles=["assessor"])}
    return SimpleNamespace(
        storage=SimpleNamespace(read=lambda key: submission),
        clock=SimpleNamespace(now=lambda: NOW),
        officers=SimpleNamespace(get=lambda council, username: officers.get(username)),
    )


def _case(submission: dict[str, Any], status: str, decision: dict[str, Any] | None = None) -> dict[str, Any]:
    case = {
        "council": "demo",
        "reference": "26-00001-HAPP",
        "application_type": submission["data"]["application"]["type"]["value"],
        "status": status,
        "received_at": "2026-11-02T09:30:00.000000Z",
        "received_on": "2026-11-02",
        "valid_from": "2026-11-03",
        "validated_at": "2026-11-03T10:00:00.000000Z",
        "expiry_date": "2026-12-29",
        "submission_id": submission["metadata"]["id"],
        "submission_key": "submissions/demo/x.json",
        "assigned_officer": "jo",
        "site": {"address": "1 Demo Road", "postcode": "SW9 9RZ"},
        "description": "A rear extension",
        "updated_at": "2026-11-20T10:00:00.000000Z",
    }
    if decision:
        case["decision"] = decision
        case["decision_notice"] = {"pdf_key": "x.pdf", "html_key": "x.html"}
    return case


@pytest.mark.parametrize("path", SUBMISSIONS, ids=[p.stem for p in SUBMISSIONS])
def test_every_demo_submission_maps_to_a_valid_published_application_without_personal_data(path):
    raw = path.read_bytes()
    submission = json.loads(raw)
    prior_approval = submission["data"]["application"]["type"]["value"].startswith("pa.")
    decision = "prior_approval_granted" if prior_approval else "refused"
    for case in (
        _case(submission, "in_assessment"),
        _case(submission, "determined", {"decision": decision, "determined_on": "2026-12-01", "made_by": "officer"}),
        _case(submission, "withdrawn"),
    ):
        published = post_submission.published_application(_ctx(raw), case)
        assert published_errors(published) == [], case["status"]
        text = json.dumps(published)
        assert [p for p in PERSONAL if p in text] == []
    assert published["data"]["caseOfficer"] == {"name": "Jo Planner"}


def test_the_decision_and_stage_follow_the_case():
    raw = (EXAMPLES / "planningPermission" / "fullHouseholder.json").read_bytes()
    submission = json.loads(raw)
    granted = _case(submission, "determined", {"decision": "granted", "determined_on": "2026-12-01"})
    data = post_submission.published_application(_ctx(raw), granted)["data"]
    assert (data["application"]["stage"], data["application"]["status"]) == ("assessment", "determined")
    assert data["assessment"]["planningOfficerDecision"] == "granted"
    assert data["assessment"]["planningOfficerDecisionDate"] == "2026-12-01"
    assert data["assessment"]["expiryDate"] == "2026-12-29"
    assert data["assessment"]["decisionNotice"]["url"].endswith("/decision-notice")
    by_committee = _case(
        submission, "determined", {"decision": "refused", "determined_on": "2026-12-02", "made_by": "committee"}
    )
    data = post_submission.published_application(_ctx(raw), by_committee)["data"]
    assert data["assessment"]["committeeDecision"] == "refused" and "planningOfficerDecision" not in data["assessment"]
    withdrawn = post_submission.published_application(_ctx(raw), _case(submission, "withdrawn"))["data"]
    assert withdrawn["application"]["status"] == "withdrawn" and withdrawn["application"]["withdrawnAt"]
    # in consultation while the consultation runs
    consulting = _case(submission, "in_assessment")
    consulting["consultation"] = {
        "status": "in_progress",
        "application_type": "pp.full.householder",
        "start_date": "2026-11-05",
        "end_date": "2026-11-26",
    }
    data = post_submission.published_application(_ctx(raw), consulting)["data"]
    assert data["application"]["stage"] == "consultation"
    assert data["consultation"]["startDate"] == "2026-11-05" and data["consultation"]["endDate"] == "2026-11-26"


def test_every_status_has_an_odp_stage_and_status():
    assert set(post_submission.STAGE_STATUS) == {s.value for s in Status}
    stages = {"submission", "validation", "consultation", "assessment", "appeal", "highCourtAppeal"}
    assert all(stage in stages for stage, _ in post_submission.STAGE_STATUS.values())
    assert {status for _, status in post_submission.STAGE_STATUS.values()} <= {
        "returned",
        "withdrawn",
        "determined",
        "undetermined",
    }


def test_the_checker_finds_what_is_wrong():
    raw = (EXAMPLES / "planningPermission" / "fullHouseholder.json").read_bytes()
    published = post_submission.published_application(_ctx(raw), _case(json.loads(raw), "in_assessment"))
    published["data"]["application"]["stage"] = "pondering"
    del published["data"]["caseOfficer"]
    errors = published_errors(published)
    assert any(e.startswith("data/application/stage") for e in errors)
    assert any("caseOfficer" in e for e in errors)
    assert published_errors({**published, "applicationType": "nonsense"})[0].startswith("applicationType")


def test_codes_move_to_the_post_submission_lists():
    assert property_type("residential.house.terrace") == "residential.dwelling.house.terrace"
    assert property_type("commercial.education.university") == "commercial.education.university"
    assert property_type("commercial.education.school.secondary.state").startswith("commercial.education")
    assert file_types(["sitePlan.proposed", "notAType"]) == ["sitePlan.proposed"]
    assert file_types(["notAType"]) == ["otherDocument"]


def test_the_checker_gives_stock_jsonschemas_verdict():
    from jsonschema import Draft7Validator

    from bops.odp.post_submission import _branches, load_published_schema  # noqa: PLC2701 (the module's own test)

    raw = (EXAMPLES / "planningPermission" / "fullHouseholderInConservationArea.json").read_bytes()
    valid = post_submission.published_application(_ctx(raw), _case(json.loads(raw), "in_assessment"))
    wrong_designation = json.loads(json.dumps(valid))
    designations = wrong_designation["submission"]["data"]["property"]["planning"]["designations"]
    designations[0]["description"] = "Not this designation's description"
    wrong_code = json.loads(json.dumps(valid))
    wrong_code["submission"]["data"]["property"]["type"] = "residential.castle"
    schema = load_published_schema()
    stock = Draft7Validator(
        {"$ref": f"#/definitions/{_branches()['pp.full.householder']}", "definitions": schema["definitions"]}
    )
    for document in (valid, wrong_designation, wrong_code):
        assert stock.is_valid(document) == (published_errors(document) == [])
    assert published_errors(wrong_designation) and published_errors(wrong_code)
