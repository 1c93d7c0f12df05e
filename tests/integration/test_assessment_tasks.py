"""The assessment as a task list (issue: "The officer's assessment"): the tasks an application type needs,
each pre-filled until the officer saves it, saved as a draft or completed (audited), and a reviewer
agreeing or returning each one."""

from __future__ import annotations

import pytest

from tests.support import complete_assessment, consult_if_needed, wait_for

pytestmark = pytest.mark.integration


def _in_assessment(council, name="fullHouseholder"):
    reference = council.validated(name)
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "assessment")
    response = council.officer("assessor").post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert response.status_code == 200, response.text
    return reference


def test_a_householder_case_lists_its_tasks_pre_filled_until_saved(council):
    reference = _in_assessment(council)
    assessor = council.officer("assessor")
    assessment = assessor.get(f"/api/v1/applications/{reference}/assessment").json()
    names = [t["name"] for t in assessment["tasks"]]
    assert names[:4] == ["constraints", "site_history", "site_visit", "summaries"]
    assert "eia" not in names  # a householder extension is not EIA development
    assert "summaries" in assessment["outstanding"] and "site_visit" not in assessment["outstanding"]

    summaries = assessor.get(f"/api/v1/applications/{reference}/assessment/summaries").json()
    case = council.case(reference)["application"]
    assert summaries["status"] == "not_started" and summaries["prefilled"] is True
    assert summaries["data"]["proposal"] == case["description"]

    draft = {**summaries["data"], "amenity": "No overlooking of No. 3."}
    saved = assessor.put(
        f"/api/v1/applications/{reference}/assessment/summaries",
        json_body={"status": "in_progress", "data": draft},
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["status"] == "in_progress" and saved.json()["prefilled"] is False
    assert saved.json()["updated_by"] == f"assessor-{council.id}"
    again = assessor.get(f"/api/v1/applications/{reference}/assessment/summaries").json()
    assert again["data"]["amenity"] == "No overlooking of No. 3."
    audit = council.case(reference)["audit"]
    assert any(a["action"] == "assessment.task_saved" and a["after"]["task"] == "summaries" for a in audit)


def test_a_task_refuses_bad_data_naming_the_field_and_keeps_what_was_saved(council):
    reference = _in_assessment(council)
    assessor = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/summaries"
    assert assessor.put(url, json_body={"status": "completed", "data": {"design": "Fine."}}).status_code == 200
    bad = assessor.put(url, json_body={"status": "completed", "data": {"design": "x" * 20001}})
    assert bad.status_code == 422
    assert "data.design" in bad.text
    assert assessor.put(url, json_body={"status": "done", "data": {}}).status_code == 422
    assert assessor.get(url).json()["data"]["design"] == "Fine."


def test_tasks_are_written_only_while_the_assessment_is_open(council):
    reference = council.validated()
    response = council.officer("assessor").put(
        f"/api/v1/applications/{reference}/assessment/summaries", json_body={"status": "in_progress", "data": {}}
    )
    assert response.status_code == 409


def test_a_reviewer_returns_a_task_with_a_comment_and_the_officer_answers_it(council):
    reference = _in_assessment(council)
    assessor, reviewer = council.officer("assessor"), council.officer("reviewer")
    url = f"/api/v1/applications/{reference}/assessment/summaries"
    assert assessor.put(url, json_body={"status": "completed", "data": {"design": "Fine."}}).status_code == 200
    # not before the recommendation is made
    assert reviewer.post(f"{url}/review", json_body={"action": "agree"}).status_code == 409
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "recommendation")
    body = {"decision": "granted", "summary": "Acceptable.", "conditions": []}
    # the recommendation waits for the required tasks, and says which
    early = assessor.post(f"/api/v1/applications/{reference}/recommendation", json_body=body)
    assert early.status_code == 409, early.text
    assert "Check constraints" in early.json()["error"]["message"]
    assert "Write the summaries" not in early.json()["error"]["message"]  # completed above
    assert "Site visit" not in early.json()["error"]["message"]  # not required for a householder case
    consult_if_needed(council, reference)  # DMPO 2015 art. 15: publicised first
    assert "summaries" not in complete_assessment(council, reference)
    recommended = assessor.post(f"/api/v1/applications/{reference}/recommendation", json_body=body)
    assert recommended.status_code == 200, recommended.text
    assert assessor.post(f"{url}/review", json_body={"action": "agree"}).status_code == 403  # assessor role
    no_comment = reviewer.post(f"{url}/review", json_body={"action": "return"})
    assert no_comment.status_code == 422 and "comment" in no_comment.text
    returned = reviewer.post(f"{url}/review", json_body={"action": "return", "comment": "Say more on design."})
    assert returned.status_code == 200, returned.text
    assert returned.json()["review"]["state"] == "returned"
    assessment = reviewer.get(f"/api/v1/applications/{reference}/assessment").json()
    assert assessment["returned"] == ["summaries"]
    audit = council.case(reference)["audit"]
    assert any(a["action"] == "assessment.task_returned" and a["reason"] == "Say more on design." for a in audit)
