"""Conditions, policies and EIA screening in the officer's assessment (issue: "The officer's assessment"):
the council's libraries, conditions pre-filled for a householder case, a pre-commencement condition agreed
by the applicant through their link, no conditions on an LDC, policies by the council's ids, and EIA
screening moving the case to 16 weeks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support import Caller, applicant_links, wait_for

pytestmark = pytest.mark.integration


def _in_assessment(council, name="fullHouseholder"):
    reference = council.validated(name)
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "assessment")
    response = council.officer("assessor").post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert response.status_code == 200, response.text
    return reference


def _case_item(council, reference):
    from bops.services.context import context

    return context().repo.cases.get(council.id, reference)


def test_administrators_edit_the_conditions_library_and_policies_other_officers_read_them(council):
    assessor, admin = council.officer("assessor"), council.officer("administrator")
    library = assessor.get("/api/v1/council/conditions").json()
    assert library["is_default"] is True
    codes = [c["code"] for c in library["conditions"]]
    assert {"time-limit", "approved-plans", "materials-to-match", "construction-management-plan"} <= set(codes)

    entries = library["conditions"]
    assert assessor.put("/api/v1/council/conditions", json_body={"conditions": entries}).status_code == 403
    bad = admin.put(
        "/api/v1/council/conditions", json_body={"conditions": [*entries, {**entries[0], "code": "x", "reason": ""}]}
    )
    assert bad.status_code == 422, bad.text
    assert any(f["path"] == f"conditions[{len(entries)}].reason" for f in bad.json()["error"]["fields"])
    duplicate = admin.put("/api/v1/council/conditions", json_body={"conditions": [*entries, entries[0]]})
    assert duplicate.status_code == 422
    assert duplicate.json()["error"]["fields"][0]["path"] == f"conditions[{len(entries)}].code"

    hours = {
        "code": "hours",
        "title": "Hours of work",
        "text": "No construction work outside 08:00-18:00 Monday to Friday and 08:00-13:00 on Saturday.",
        "reason": "To protect the amenity of neighbours.",
        "applies_to": ["householder"],
        "default": True,
    }
    saved = admin.put("/api/v1/council/conditions", json_body={"conditions": [*entries, hours]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["is_default"] is False and saved.json()["changed_by"]
    assert "hours" in [c["code"] for c in assessor.get("/api/v1/council/conditions").json()["conditions"]]

    policies = assessor.get("/api/v1/council/policies").json()
    assert policies["is_default"] is True and any(p["reference"] == "NPPF 135" for p in policies["policies"])
    bad = admin.put("/api/v1/council/policies", json_body={"policies": [{"id": "dm1", "reference": "DM1"}]})
    assert bad.status_code == 422 and "policies[0].title" in bad.text
    mine = [*policies["policies"], {"id": "dm7", "reference": "DM7", "title": "Basements", "plan": "Local Plan"}]
    assert admin.put("/api/v1/council/policies", json_body={"policies": mine}).status_code == 200
    assert assessor.get("/api/v1/council/policies").json()["policies"][-1]["id"] == "dm7"


def test_a_householder_grant_with_a_pre_commencement_condition_agreed_by_the_applicant(council):
    from bops.services.assessment_tasks import conditions
    from bops.services.context import context

    reference = _in_assessment(council)
    assessor = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/conditions"

    # Given the conditions pre-filled with the two defaults of a full permission
    task = assessor.get(url).json()
    assert task["prefilled"] is True
    assert [c["standard_code"] for c in task["data"]["conditions"]] == ["time-limit", "approved-plans"]
    assert task["data"]["conditions"][0]["text"].startswith("The development hereby permitted shall be begun")

    # a custom condition needs both its text and its reason
    custom = {"title": "Hours", "text": "No work on Sundays.", "reason": ""}
    bad = assessor.put(url, json_body={"status": "in_progress", "data": {**task["data"], "conditions": [custom]}})
    assert bad.status_code == 422 and "data.conditions[0].reason" in bad.text

    # When the officer adds the construction management plan from the library and an informative
    library = {c["code"]: c for c in assessor.get("/api/v1/council/conditions").json()["conditions"]}
    cmp = library["construction-management-plan"]
    added = {k: cmp[k] for k in ("title", "text", "reason", "pre_commencement", "why_pre_commencement")}
    data = {
        **task["data"],
        "conditions": [*task["data"]["conditions"], {**added, "standard_code": cmp["code"]}],
        "informatives": ["The applicant is reminded of the Party Wall etc. Act 1996."],
        "heads_of_terms": [],
    }
    saved = assessor.put(url, json_body={"status": "completed", "data": data})
    assert saved.status_code == 200, saved.text
    stored = saved.json()["data"]
    assert all(c["id"] for c in stored["conditions"]) and len(stored["conditions"]) == 3

    # the decision may not be issued before the applicant has had their say
    state = assessor.get(f"{url}/pre-commencement").json()
    assert state["settled"] is False and "Send" in state["message"]
    with pytest.raises(Exception, match="Send the pre-commencement"):
        conditions.require_pre_commencement_settled(context(), _case_item(council, reference))

    # And sends the pre-commencement condition to the applicant
    sent = assessor.post(f"{url}/pre-commencement", json_body={})
    assert sent.status_code == 201, sent.text
    request_id = sent.json()["request_id"]
    assert "Construction management plan" in sent.json()["notice_text"]
    assert assessor.get(url).json()["data"]["pre_commencement_request_id"] == request_id
    waiting = assessor.get(f"{url}/pre-commencement").json()
    assert waiting["settled"] is False and waiting["may_issue_from"] == sent.json()["may_issue_from"]
    with pytest.raises(Exception, match=waiting["may_issue_from"]):
        conditions.require_pre_commencement_settled(context(), _case_item(council, reference))

    # Then the applicant agrees through their link
    (token,) = applicant_links(council, reference)
    applicant = Caller(council.api_url, token)
    view = applicant.get("/api/v1/applicant/request").json()
    assert view["request"]["type"] == "pre_commencement_condition"
    assert "Construction management plan" in view["request"]["details"]["condition_text"]
    answer = applicant.post("/api/v1/applicant/request/response", json_body={"approved": True})
    assert answer.status_code == 200, answer.text

    # and the decision may be issued
    state = assessor.get(f"{url}/pre-commencement").json()
    assert state["settled"] is True and "agreed" in state["message"]
    conditions.require_pre_commencement_settled(context(), _case_item(council, reference))

    # changing the condition afterwards needs the applicant's agreement again
    changed = [*data["conditions"][:2], {**data["conditions"][2], "text": cmp["text"] + " Also deliveries."}]
    resaved = {**assessor.get(url).json()["data"], "conditions": changed}
    assert assessor.put(url, json_body={"status": "completed", "data": resaved}).status_code == 200
    assert assessor.get(f"{url}/pre-commencement").json()["settled"] is False


def test_an_ldc_carries_no_conditions_but_may_carry_informatives(council):
    reference = _in_assessment(council, "proposed")
    assessor = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/conditions"
    task = assessor.get(url).json()
    assert task["data"]["conditions"] == []
    condition = {"title": "Time limit", "text": "Begin within three years.", "reason": "s.91"}
    refused = assessor.put(url, json_body={"status": "completed", "data": {"conditions": [condition]}})
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["fields"][0]["path"] == "data.conditions"
    informative = {"conditions": [], "informatives": ["This certificate is not planning permission."]}
    assert assessor.put(url, json_body={"status": "completed", "data": informative}).status_code == 200


def test_policies_are_the_councils_own_by_id(council):
    reference = _in_assessment(council)
    assessor = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/policies"
    assert assessor.get(url).json()["data"] == {"considerations": []}
    unknown = {"policy_id": "dm99", "assessment": "complies"}
    refused = assessor.put(url, json_body={"status": "completed", "data": {"considerations": [unknown]}})
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["path"] == "data.considerations[0].policy_id"
    considerations = [
        {"policy_id": "nppf-135", "assessment": "complies", "comment": "Subordinate and in keeping."},
        {"policy_id": "dm2", "assessment": "does_not_comply", "comment": "Overbears No. 3's garden."},
    ]
    saved = assessor.put(url, json_body={"status": "completed", "data": {"considerations": considerations}})
    assert saved.status_code == 200, saved.text
    stored = saved.json()["data"]["considerations"]
    assert (stored[0]["reference"], stored[0]["title"]) == ("NPPF 135", "Design of development")
    assert stored[1]["reference"] == "DM2" and stored[1]["assessment"] == "does_not_comply"


def test_eia_screening_switches_the_case_to_sixteen_weeks(council):
    reference = _in_assessment(council, "minor")
    assessor = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/eia"
    before = council.case(reference)["application"]
    valid_from = date.fromisoformat(before["valid_from"])
    assert date.fromisoformat(before["expiry_date"]) == valid_from + timedelta(weeks=8)

    screening = {
        "category": "sch2-10b",
        "figures": {"dwellings": 160, "site_area_ha": 2.0},
        "eia_required": True,
        "notes": "Significant effects on the local road network are likely (Schedule 3).",
    }
    saved = assessor.put(url, json_body={"status": "completed", "data": screening})
    assert saved.status_code == 200, saved.text
    data = saved.json()["data"]
    assert data["schedule"] == "schedule_2" and data["threshold_met"] is True

    after = council.case(reference)
    assert after["application"]["expiry_date"] == (valid_from + timedelta(weeks=16)).isoformat()
    assert any(a["action"] == "application.eia_screened" for a in after["audit"])

    # and back, when the officer changes the screening opinion
    not_eia = {**screening, "eia_required": False}
    assert assessor.put(url, json_body={"status": "completed", "data": not_eia}).status_code == 200
    assert council.case(reference)["application"]["expiry_date"] == (valid_from + timedelta(weeks=8)).isoformat()

    unknown = assessor.put(url, json_body={"status": "completed", "data": {**screening, "category": "sch9"}})
    assert unknown.status_code == 422 and "data.category" in unknown.text


def test_officers_read_the_eia_descriptions_and_their_thresholds(council):
    answer = council.officer("assessor").get("/api/v1/assessment/eia-descriptions")
    assert answer.status_code == 200, answer.text
    urban = next(d for d in answer.json()["descriptions"] if d["id"] == "sch2-10b")
    assert urban["paragraph"] == "10(b)" and {c["measure"] for c in urban["criteria"]} >= {"dwellings"}


def test_a_case_keeps_a_policy_and_a_condition_the_council_later_takes_off_its_lists(council):
    reference = _in_assessment(council)
    assessor, admin = council.officer("assessor"), council.officer("administrator")
    policies_url = f"/api/v1/applications/{reference}/assessment/policies"
    cited = {"considerations": [{"policy_id": "dm1", "assessment": "complies", "comment": ""}]}
    assert assessor.put(policies_url, json_body={"status": "completed", "data": cited}).status_code == 200
    conditions_url = f"/api/v1/applications/{reference}/assessment/conditions"
    prefilled = assessor.get(conditions_url).json()["data"]
    assert assessor.put(conditions_url, json_body={"status": "completed", "data": prefilled}).status_code == 200

    # the council drops DM1 and the approved plans condition from its lists
    policies = assessor.get("/api/v1/council/policies").json()["policies"]
    kept = [p for p in policies if p["id"] != "dm1"]
    assert admin.put("/api/v1/council/policies", json_body={"policies": kept}).status_code == 200
    library = assessor.get("/api/v1/council/conditions").json()["conditions"]
    fewer = [c for c in library if c["code"] != "approved-plans"]
    assert admin.put("/api/v1/council/conditions", json_body={"conditions": fewer}).status_code == 200

    # the case saves again as it was, with what it recorded
    again = assessor.put(policies_url, json_body={"status": "completed", "data": cited})
    assert again.status_code == 200, again.text
    assert again.json()["data"]["considerations"][0]["reference"] == "DM1"
    saved = assessor.get(conditions_url).json()["data"]
    assert assessor.put(conditions_url, json_body={"status": "completed", "data": saved}).status_code == 200
    # a new case no longer starts with it
    other = _in_assessment(council)
    codes = [
        c["standard_code"]
        for c in assessor.get(f"/api/v1/applications/{other}/assessment/conditions").json()["data"]["conditions"]
    ]
    assert codes == ["time-limit"]
