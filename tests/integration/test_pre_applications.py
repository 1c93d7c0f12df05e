"""Pre-application advice under moto with the real state machine: a request from PlanX to an issued advice
report (reviewed by a second officer), on both intake routes, idempotent, refused with field paths when
malformed, overdue at its target date, and never in a public response."""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any

import pytest
import requests

from tests.support import WAIT, example, wait_for

pytestmark = pytest.mark.integration

V2 = "/api/v2/planning_applications"


def pre_app(**changes: Any) -> dict[str, Any]:
    """The official ODP v0.7.7 pre-application example (bundled), with a fresh metadata.id."""
    text = resources.files("bops.odp").joinpath("schema", "examples", "preApp.json").read_text(encoding="utf-8")
    payload = json.loads(text)
    payload["metadata"]["id"] = str(uuid.uuid4())
    return payload


def _case(council, reference: str, role: str = "assessor") -> dict[str, Any]:
    response = council.officer(role).get(f"/api/v1/pre-applications/{reference}")
    assert response.status_code == 200, response.text
    return response.json()


def _act(council, reference: str, action: str, body: dict[str, Any], role: str = "assessor") -> requests.Response:
    return council.officer(role).post(f"/api/v1/pre-applications/{reference}/{action}", json_body=body)


def _awaiting(council, reference: str, milestone: str) -> bool:
    from bops.services.context import context

    case = context().repo.pre_applications.get(council.id, reference)
    return bool(case and case.awaiting == milestone and case.task_token)


def test_a_pre_application_from_submission_to_an_issued_reviewed_advice_report(runtime, council):
    from bops.domain.policies import default_policies

    # Given a council whose pre-application reports are reviewed by a second officer
    settings = {"service_level_days": 30, "review_required": True}
    put = council.officer("administrator").put("/api/v1/council/pre-application-settings", json_body=settings)
    assert put.status_code == 200, put.text
    assert council.officer().put("/api/v1/council/pre-application-settings", json_body=settings).status_code == 403

    # When PlanX submits the ODP pre-application example
    created = council.integrator.post("/api/v1/submissions", json_body=pre_app())
    assert created.status_code == 201, created.text
    accepted = created.json()
    reference = accepted["reference"]
    assert re.fullmatch(r"\d{2}-\d{5}-PRE", reference)
    assert accepted["created"] is True and accepted["application_url"] == f"/api/v1/pre-applications/{reference}"

    # Then it is a PRE case, submitted, due 30 working days after it was received
    from bops.domain.pre_application import target_date

    case = _case(council, reference)["pre_application"]
    assert case["status"] == "submitted" and case["review_required"] is True
    assert case["target_date"] == target_date(date.fromisoformat(case["received_on"]), 30).isoformat()
    assert case["requester"]["email"] == "ted@poetlaureates.org"  # officers see who asked
    assert "task_token" not in case or case["task_token"] is None
    listed = council.officer().get("/api/v1/pre-applications").json()["pre_applications"]
    assert [row["reference"] for row in listed] == [reference]

    # and the officer assigns it with a fee band, starts, books and records a site visit
    me = f"assessor-{council.id}"
    assert _act(council, reference, "assign", {"officer": me, "fee_band": "nope"}).status_code == 422
    # any officer hands it to a colleague of the council (as for applications), and it can be taken back
    colleague = _act(council, reference, "assign", {"officer": f"reviewer-{council.id}"})
    assert colleague.status_code == 200, colleague.text
    assert colleague.json()["pre_application"]["assigned_officer"] == f"reviewer-{council.id}"
    unknown = _act(council, reference, "assign", {"officer": "nobody"}, role="administrator")
    assert unknown.status_code == 422 and unknown.json()["error"]["fields"][0]["path"] == "officer"
    assigned = _act(council, reference, "assign", {"officer": me, "fee_band": "householder"})
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["pre_application"]["assigned_officer"] == me
    assert assigned.json()["pre_application"]["status"] == "assigned"
    assert _act(council, reference, "start", {}).json()["pre_application"]["status"] == "in_progress"
    booked = _act(council, reference, "book_meeting", {"kind": "site_visit", "at": "2026-12-14T10:30:00Z"})
    assert booked.status_code == 200, booked.text
    meeting = booked.json()["pre_application"]["meetings"][0]
    recorded = _act(council, reference, "record_meeting", {"meeting_id": meeting["id"], "notes": "Rear wall 2 m"})
    assert recorded.json()["pre_application"]["meetings"][0]["status"] == "held"

    # and the workflow waits for the officer's report
    wait_for(lambda: _awaiting(council, reference, "report"))
    policy = default_policies()[0]
    bad = _act(council, reference, "save_report", {"summary": "x", "policy_ids": ["no-such-policy"]})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["path"] == "policy_ids[0]"
    draft = {"summary": "A rear conservatory is likely to be acceptable.", "requirements": ["Floor plans"],
             "policy_ids": [policy.id]}  # fmt: skip
    saved = _act(council, reference, "save_report", draft)
    assert saved.status_code == 200, saved.text
    report = saved.json()["pre_application"]["report"]
    assert report["policies"][0]["reference"] == policy.reference
    assert any(c["name"] == "Classified road" for c in report["constraints"])  # from the submission's data
    assert _act(council, reference, "submit_report", {}).json()["pre_application"]["report"]["state"] == (
        "awaiting_review"
    )

    # When the second officer returns it with a comment, and the officer submits it again
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert _act(council, reference, "review", {"decision": "agree"}).status_code == 403  # an assessor cannot
    assert _act(council, reference, "review", {"decision": "return"}, role="reviewer").status_code == 422
    returned = _act(council, reference, "review", {"decision": "return", "comment": "Cite the design policy"},
                    role="reviewer")  # fmt: skip
    assert returned.json()["pre_application"]["report"]["state"] == "returned"
    wait_for(lambda: _awaiting(council, reference, "report"))
    assert _act(council, reference, "save_report", {**draft, "summary": "Acceptable; see DM1."}).status_code == 200
    assert _act(council, reference, "submit_report", {}).status_code == 200
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert _act(council, reference, "review", {"decision": "agree"}, role="reviewer").status_code == 200

    # Then the workflow issues the advice: HTML and PDF kept, emailed to the requester
    issued = wait_for(lambda: (v := _case(council, reference))["pre_application"]["status"] == "advice_issued" and v)
    links = issued["report_links"]
    pdf = requests.get(links["pdf"], timeout=WAIT)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = requests.get(links["html"], timeout=WAIT).text
    assert "does not bind the council" in page and "Acceptable; see DM1." in page
    emails = council.officer().get("/api/v1/outbox").json()["emails"]
    advice = [e for e in emails if e["reference"] == reference and e["template"] == "pre_application_advice"]
    assert [e["to"] for e in advice] == ["ted@poetlaureates.org"]
    actions = [entry["action"] for entry in issued["audit"]]
    for step in ("received", "assign", "start", "book_meeting", "record_meeting", "save_report", "submit_report",
                 "review", "advice_issued"):  # fmt: skip
        assert f"pre_application.{step}" in actions
    assert issued["actions"] == []
    # and a retried issuing step (the workflow's retry) changes nothing and sends nothing twice
    from bops.services import pre_applications
    from bops.services.context import context

    assert pre_applications.workflow_issue(context(), council.id, reference) == {"status": "advice_issued"}
    emails = council.officer().get("/api/v1/outbox").json()["emails"]
    assert len([e for e in emails if e["reference"] == reference and e["template"] == "pre_application_advice"]) == 1
    audit = [entry["action"] for entry in _case(council, reference)["audit"]]
    assert audit.count("pre_application.advice_issued") == 1
    assert council.officer().get("/api/v1/pre-applications").json()["pre_applications"] == []


def test_the_same_request_twice_is_one_case_and_planx_v2_takes_pre_applications_too(runtime, council):
    payload = pre_app()
    first = council.integrator.post("/api/v1/submissions", json_body=payload)
    again = council.integrator.post("/api/v1/submissions", json_body=payload)
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["created"] is False and again.json()["reference"] == first.json()["reference"]
    # PlanX's own route: BoPS's answer, the same id for the same request
    v2 = council.integrator.post(V2, json_body=payload)
    assert v2.status_code == 200, v2.text
    assert v2.json()["id"] == first.json()["reference"]
    fresh = council.integrator.post(V2, json_body=pre_app())
    assert fresh.status_code == 200 and fresh.json()["id"].endswith("-PRE")
    assert fresh.json()["id"] != first.json()["reference"]


def test_a_mutated_pre_application_is_refused_with_field_paths_on_both_routes(runtime, council):
    payload = pre_app()
    payload["data"]["applicant"]["email"] = "not an email"
    del payload["data"]["proposal"]["description"]
    for path in ("/api/v1/submissions", V2):
        refused = council.integrator.post(path, json_body=payload)
        assert refused.status_code == 422, refused.text
        paths = {f["path"] for f in refused.json()["error"]["fields"]}
        assert {"data.applicant.email", "data.proposal.description"} <= paths
    assert council.officer().get("/api/v1/pre-applications").json()["pre_applications"] == []


def test_the_requester_is_in_no_public_response(runtime, council):
    # Given a pre-application and a planning application at another site
    reference = council.integrator.post("/api/v1/submissions", json_body=pre_app()).json()["reference"]
    council.submit("fullHouseholder")
    secrets = ("Ted Hughes", "ted@poetlaureates.org", "0123456789", "Poet Laureates", "Hughes")
    public = council.anonymous
    answers = [
        public.get(f"/api/v1/public/{council.id}/applications", params={"q": "DN9 3HW"}),
        public.get(f"/api/v1/public/{council.id}/applications", params={"q": reference}),
        public.get(f"/api/v1/public/{council.id}/applications", params={"q": "Main Street"}),
        public.get(f"/api/v1/public/{council.id}/applications/{reference}"),
        public.get(f"/api/v2/{council.id}/public/planning_applications/search", params={"q": "DN9 3HW"}),
        public.get(f"/api/v2/{council.id}/public/planning_applications/search", params={"q": reference}),
        public.get(f"/api/v2/{council.id}/public/planning_applications/{reference}"),
        public.get(f"/api/v1/pre-applications/{reference}"),
        public.get("/api/v1/pre-applications"),
    ]
    for answer in answers:
        assert answer.status_code in (200, 401, 404), answer.text
        assert reference not in answer.text or answer.status_code == 404
        assert not [s for s in secrets if s in answer.text], answer.request.url
    assert answers[-1].status_code == 401 and answers[-2].status_code == 401
    # and an officer of another council cannot read it either
    from tests.support import new_council

    other = new_council(runtime, roles=("assessor",))
    assert other.officer().get(f"/api/v1/pre-applications/{reference}").status_code == 404


def test_a_pre_application_past_its_target_date_is_marked_overdue_once(runtime, council):
    from bops.services import pre_applications
    from bops.services.context import context

    reference = council.integrator.post("/api/v1/submissions", json_body=pre_app()).json()["reference"]
    case = context().repo.pre_applications.require(council.id, reference)
    target = date.fromisoformat(case.target_date)

    class At:
        def __init__(self, moment: datetime) -> None:
            self.moment = moment

        def now(self) -> datetime:
            return self.moment

        def to_real(self, moment: datetime) -> datetime:
            return moment

    on_target = dataclasses.replace(context(), clock=At(datetime.combine(target, time(12), tzinfo=None).astimezone()))
    waiting = pre_applications.workflow_check_target(on_target, council.id, reference)
    assert waiting["finished"] is False  # due the day after the target date, not before
    next_day = datetime.combine(target + timedelta(days=1), time(12)).astimezone()
    after = dataclasses.replace(context(), clock=At(next_day))
    assert pre_applications.workflow_check_target(after, council.id, reference)["finished"] is True
    assert pre_applications.workflow_check_target(after, council.id, reference)["finished"] is True
    view = _case(council, reference)
    assert view["pre_application"]["overdue"] is True
    assert [e["action"] for e in view["audit"]].count("pre_application.overdue") == 1
    row = council.officer().get("/api/v1/pre-applications").json()["pre_applications"][0]
    assert row["overdue"] is True


def test_an_application_example_is_still_an_application(runtime, council):
    response = council.integrator.post("/api/v1/submissions", json_body=example("fullHouseholder"))
    assert response.status_code == 201 and response.json()["reference"].endswith("-HAPP")


def test_the_workflow_timer_marks_a_request_overdue_after_its_target_date(runtime, council):
    # Given a request received 60 days ago (the clock moved back meanwhile): 30 working days have passed
    from datetime import UTC

    from bops.services.context import context

    clock = context().clock
    try:
        clock.travel_to(datetime.now(UTC) - timedelta(days=60))
        reference = council.integrator.post("/api/v1/submissions", json_body=pre_app()).json()["reference"]
    finally:
        clock.travel_to(datetime.now(UTC))
    # Then the state machine's timer branch (its Wait state and target check) marks it overdue, once
    view = wait_for(lambda: (v := _case(council, reference))["pre_application"]["overdue"] and v)
    assert [e["action"] for e in view["audit"]].count("pre_application.overdue") == 1
    assert view["pre_application"]["status"] == "submitted"


def test_a_withdrawn_request_leaves_the_open_list_and_takes_no_more_actions(runtime, council):
    reference = council.integrator.post("/api/v1/submissions", json_body=pre_app()).json()["reference"]
    assert _act(council, reference, "withdraw", {"reason": ""}).status_code == 422
    assert _act(council, reference, "start", {}).status_code == 409  # not assigned yet
    assert _act(council, reference, "no_such_action", {}).status_code == 404
    withdrawn = _act(council, reference, "withdraw", {"reason": "The requester withdrew by email"})
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["pre_application"]["status"] == "withdrawn" and withdrawn.json()["actions"] == []
    assert _act(council, reference, "close", {"reason": "Again"}).status_code == 409
    assert council.officer().get("/api/v1/pre-applications").json()["pre_applications"] == []
    audit = _case(council, reference)["audit"]
    assert (audit[-1]["action"], audit[-1]["reason"]) == ("pre_application.withdraw", "The requester withdrew by email")


def test_an_officer_action_that_crosses_the_workflow_keeping_its_token_is_redone_not_refused(
    runtime, council, monkeypatch
):
    from bops.repository.pre_applications import PreApplicationRepository
    from bops.services import pre_applications
    from bops.services.context import context

    reference = council.integrator.post("/api/v1/submissions", json_body=pre_app()).json()["reference"]
    wait_for(lambda: _awaiting(council, reference, "report"))
    # Given an officer's action that read the case before the workflow kept a new task token on it
    stale = context().repo.pre_applications.require(council.id, reference)
    context().repo.transact(
        context().repo.pre_applications.save_writes(
            stale.model_copy(deep=True), stale.model_copy(update={"task_token": "newer", "awaiting": "report"})
        )[:1],
        conflict_message="x",
    )
    original = PreApplicationRepository.require
    reads = iter([stale])
    monkeypatch.setattr(
        PreApplicationRepository, "require", lambda self, c, r: next(reads, None) or original(self, c, r)
    )
    identity = type("I", (), {"council": council.id, "name": "x", "actor": "officer:x", "roles": frozenset()})()
    # When the action is written, Then it is redone on the case as it now is, not refused
    body = pre_applications.ClosingRequest(reason="Withdrawn by phone")
    monkeypatch.setattr(context().workflow, "resume", lambda token, output: False)  # "newer" is no real token
    assert pre_applications.act(context(), identity, reference, "withdraw", body).pre_application.status == "withdrawn"

    # But another officer's change meanwhile is still a 409
    other = council.integrator.post("/api/v1/submissions", json_body=pre_app()).json()["reference"]
    stale = context().repo.pre_applications.require(council.id, other)
    assert _act(council, other, "close", {"reason": "Fee not paid"}).status_code == 200
    reads = iter([stale])
    from bops.domain.errors import Conflict

    with pytest.raises(Conflict):
        pre_applications.act(context(), identity, other, "withdraw", body)
