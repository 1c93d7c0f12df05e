"""Review and determination (issue 11, "Review and determination"): the safeguards on the recommendation and
the decision, the reviewer's view task by task, refusal reasons tied to policies, and the officer report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support import AGREE, complete_assessment, wait_for

pytestmark = pytest.mark.integration


def _awaiting(council, reference, milestone):
    return council.case(reference)["application"].get("awaiting") == milestone


def _ready_to_recommend(council, name="fullHouseholder"):
    reference = council.validated(name)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    started = council.officer("assessor").post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert started.status_code == 200, started.text
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    complete_assessment(council, reference)
    return reference


def _recommend(council, reference, body, expect=200):
    response = council.officer("assessor").post(f"/api/v1/applications/{reference}/recommendation", json_body=body)
    assert response.status_code == expect, response.text
    return response.json()


def _review(council, reference, body, role="reviewer"):
    return council.officer(role).post(f"/api/v1/applications/{reference}/review", json_body=body)


def _noon(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12)


GRANT = {"decision": "granted", "summary": "Acceptable.", "conditions": ["Begin within 3 years."]}


def test_no_decision_while_the_consultation_runs_the_answer_names_its_end_date(council):
    """DMPO 2015 art. 15 (the periods for representations) and art. 33 (no decision before they end)."""
    from bops.services.context import context

    reference = _ready_to_recommend(council)
    officer = council.officer("assessor")
    started = officer.post(f"/api/v1/applications/{reference}/consultation")
    assert started.status_code == 200, started.text
    end = officer.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]["end_date"]

    early = _recommend(council, reference, GRANT, expect=409)
    assert end in early["error"]["message"]

    ctx = context()
    try:
        ctx.clock.travel_to(_noon(date.fromisoformat(end) + timedelta(days=1)))
        _recommend(council, reference, GRANT)
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
    # back on a day the consultation still runs (an extension, a late notice): no determination either
    wait_for(lambda: _awaiting(council, reference, "review"))
    blocked = _review(council, reference, AGREE)
    assert blocked.status_code == 409 and end in blocked.json()["error"]["message"], blocked.text
    assert council.case(reference)["application"]["status"] == "awaiting_determination"


def test_a_failed_fee_check_needs_a_reviewers_audited_override(council):
    """The demo householder submission underpays the fee: the check failed on arrival and the officer
    validated without a fee change request, so the decision waits for a reviewer's explicit override."""
    reference = _ready_to_recommend(council)
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))

    assert council.case(reference, "reviewer")["unresolved_checks"] == ["fee"]
    plain = _review(council, reference, {"action": "agree"})
    assert plain.status_code == 409, plain.text
    assert "fee" in plain.json()["error"]["message"] and "override_checks" in plain.json()["error"]["message"]
    blank = _review(council, reference, {"action": "agree", "override_checks": {"reason": ""}})
    assert blank.status_code == 422 and "override_checks.reason" in blank.text
    # an administrator who is not a reviewer may not override
    by_admin = _review(council, reference, AGREE, role="administrator")
    assert by_admin.status_code == 403, by_admin.text

    agreed = _review(council, reference, AGREE)
    assert agreed.status_code == 200, agreed.text
    decision = agreed.json()["application"]["decision"]
    assert decision["checks_overridden"] == {
        "checks": ["fee"],
        "reason": AGREE["override_checks"]["reason"],
        "by": f"reviewer-{council.id}",
    }
    determined = [a for a in agreed.json()["audit"] if a["action"] == "application.determined"]
    assert determined and "fee" in determined[-1]["reason"]
    assert AGREE["override_checks"]["reason"] in determined[-1]["reason"]


@pytest.mark.parametrize(
    "example,decision",
    [("proposed", "granted"), ("largerExtension", "prior_approval_not_required")],
)
def test_a_certificate_or_a_prior_approval_not_required_carries_no_conditions(council, example, decision):
    """A lawful development certificate certifies what is lawful (TCPA 1990 ss. 191-192): no conditions; nor
    does "prior approval is not required" (GPDO 2015 Sch. 2)."""
    reference = _ready_to_recommend(council, example)
    bad = _recommend(
        council, reference, {"decision": decision, "summary": "Lawful.", "conditions": ["Begin within 3 years."]}, 422
    )
    assert bad["error"]["fields"][0]["path"] == "conditions"
    assert council.case(reference)["application"]["status"] == "assessment_in_progress"
    _recommend(council, reference, {"decision": decision, "summary": "Lawful.", "conditions": []})


def test_refusal_reasons_cite_the_policies_the_assessment_considered(council):
    from bops.domain.assessment import StoredTask, TaskStatus
    from bops.services.context import context

    reference = _ready_to_recommend(council, "minor")
    ctx = context()
    considered = StoredTask(
        name="policies",
        status=TaskStatus.COMPLETED,
        data={
            "considerations": [
                {"policy_id": "dm1", "reference": "DM1", "title": "Design", "assessment": "does_not_comply"},
                {"policy_id": "nppf-135", "reference": "NPPF 135", "title": "Well designed places"},
            ]
        },
        updated_by="test",
        updated_at="2026-12-04T10:00:00.000000Z",
    )
    ctx.repo.transact([ctx.repo.assessment.task_write(council.id, reference, considered)], conflict_message="x")
    refusal = {"decision": "refused", "summary": "Harmful.", "conditions": []}
    unknown = _recommend(
        council, reference, {**refusal, "reasons": [{"text": "Overbearing.", "policy_ids": ["dm9"]}]}, 422
    )
    assert unknown["error"]["fields"][0]["path"] == "reasons[0].policy_ids[0]"

    reasons = [
        {"text": "Overbearing on No. 3, harming their outlook.", "policy_ids": ["dm1"]},
        {"text": "Out of character with the street.", "policy_ids": ["dm1", "nppf-135"]},
    ]
    recommended = _recommend(council, reference, {**refusal, "reasons": reasons})["application"]
    assert recommended["recommendation"]["reasons"] == [r["text"] for r in reasons]
    assert recommended["recommendation"]["refusal_reasons"] == reasons
    wait_for(lambda: _awaiting(council, reference, "review"))
    decided = _review(council, reference, AGREE)
    assert decided.status_code == 200, decided.text
    assert decided.json()["application"]["decision"]["refusal_reasons"] == reasons


def test_a_reviewer_returns_a_task_then_agrees_once_the_officer_answered_it(council):
    reference = _ready_to_recommend(council)
    assessor, reviewer = council.officer("assessor"), council.officer("reviewer")
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))
    # the reviewers' "to review" list shows it
    assert reference in _to_review(council)
    summaries = f"/api/v1/applications/{reference}/assessment/summaries"
    returned = reviewer.post(f"{summaries}/review", json_body={"action": "return", "comment": "Assess the design."})
    assert returned.status_code == 200, returned.text
    # a returned task cannot be agreed over: the recommendation goes back with it
    refused = _review(council, reference, AGREE)
    assert refused.status_code == 409 and "summaries" in refused.json()["error"]["message"]
    challenged = _review(council, reference, {"action": "challenge", "comment": "See the returned task."})
    assert challenged.status_code == 200, challenged.text
    case = challenged.json()["application"]
    assert case["status"] == "to_be_reviewed"
    assert case["reviews"][-1]["returned_tasks"] == ["summaries"]
    assert reference not in _to_review(council)
    # the officer sees it returned, answers it, and recommends again
    assert assessor.get(f"/api/v1/applications/{reference}/assessment").json()["returned"] == ["summaries"]
    task = assessor.get(summaries).json()
    answered = assessor.put(
        summaries, json_body={"status": "completed", "data": {**task["data"], "design": "Matches the house."}}
    )
    assert answered.status_code == 200, answered.text
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert reviewer.post(f"{summaries}/review", json_body={"action": "agree"}).status_code == 200
    agreed = _review(council, reference, AGREE)
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["application"]["status"] == "determined"
    assert reference not in _to_review(council)


def _to_review(council):
    tab = council.officer("reviewer").get("/api/v1/dashboard", params={"tab": "to_review"})
    assert tab.status_code == 200, tab.text
    return [a["reference"] for a in tab.json()["applications"]]


def test_the_recommendation_page_starts_from_a_report_drafted_from_the_tasks(council):
    reference = _ready_to_recommend(council)
    assessor = council.officer("assessor")
    draft = assessor.get(f"/api/v1/applications/{reference}/recommendation/report")
    assert draft.status_code == 200, draft.text
    text = draft.json()["text"]
    case = council.case(reference)["application"]
    assert "# The application" in text and case["description"] in text
    assert "# Site and surroundings" in text
    edited = text + "\n# Conclusion\n\nThe extension is acceptable.\n"
    _recommend(council, reference, {**GRANT, "report": edited})
    # what the officer recommended with is what the page shows again (after a challenge, say)
    assert assessor.get(f"/api/v1/applications/{reference}/recommendation/report").json()["text"] == edited
