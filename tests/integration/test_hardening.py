"""Hardening: limits that hold under concurrency, identifiers the API checks, a contract that names its fields."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

pytestmark = pytest.mark.integration


# --- the comments' rate limit holds when a client sends them all at once ----------------------------


def test_comments_sent_all_at_once_are_accepted_only_up_to_the_limit(runtime, council):
    from bops.domain.comments import COMMENT_RATE_LIMIT

    # Given a published application, and a client with more comments than the limit allows
    reference = council.validated()
    limit = COMMENT_RATE_LIMIT.max_count
    url = f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}/comments"
    headers = {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.21"}

    def post(index: int) -> requests.Response:
        body = {"name": "N", "address": "1 Road", "stance": "neutral", "topics": ["other"], "text": f"Hello {index}"}
        return requests.post(url, data=json.dumps(body), headers=headers, timeout=60)

    # When it sends 20 of them at once
    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(post, range(20)))

    # Then exactly the limit is accepted, and every other one is refused with a 429 in the API's envelope
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * limit + [429] * (20 - limit), [r.text for r in responses if r.status_code not in (201, 429)]
    for refused in (r for r in responses if r.status_code == 429):
        error = refused.json()["error"]
        assert error["code"] == "too_many_requests" and "Too many comments" in error["message"]
    # and exactly that many comments are stored
    officer = council.officer("assessor")
    listed = officer.get(f"/api/v1/applications/{reference}/comments")
    assert listed.status_code == 200, listed.text
    assert len(listed.json()["comments"]) == limit


# --- cases are assigned only to the council's own officers ------------------------------------------


def test_the_officer_directory_lists_the_councils_officers_with_names_job_titles_and_roles(runtime, council):
    from local import stack
    from tests.support import PASSWORD, new_council

    # Given an officer recorded with a full name and job title, and another council with officers of its own
    stack.create_officer(
        runtime.resources,
        username=f"pshah-{council.id}",
        password=PASSWORD,
        council=council.id,
        roles=("assessor", "reviewer"),
        email=f"pshah-{council.id}@example.org",
        name="Priya Shah",
        job_title="Senior planning officer",
    )
    other = new_council(runtime, roles=("assessor",))

    # When an officer asks for the council's officers
    response = council.officer("reviewer").get("/api/v1/council/officers")

    # Then they are the council's own, each with a name (the username when none is recorded) and roles
    assert response.status_code == 200, response.text
    officers = {o["username"]: o for o in response.json()["officers"]}
    assert set(officers) == {f"{role}-{council.id}" for role in ("assessor", "reviewer", "administrator")} | {
        f"pshah-{council.id}"
    }
    assert officers[f"pshah-{council.id}"] == {
        "username": f"pshah-{council.id}",
        "name": "Priya Shah",
        "job_title": "Senior planning officer",
        "roles": ["assessor", "reviewer"],
    }
    assert officers[f"assessor-{council.id}"] == {
        "username": f"assessor-{council.id}",
        "name": "Priya Shah",
        "job_title": "Planning officer",
        "roles": ["assessor"],
    }
    # and the other council sees only its own
    theirs = other.officer("assessor").get("/api/v1/council/officers").json()["officers"]
    assert [o["username"] for o in theirs] == [f"assessor-{other.id}"]
    # and nobody else may read the list
    assert council.anonymous.get("/api/v1/council/officers").status_code == 401
    assert council.integrator.get("/api/v1/council/officers").status_code == 403


def test_a_case_is_assigned_only_to_an_officer_of_its_council(runtime, council):
    from tests.support import new_council

    # Given a case, and another council's officer
    reference = council.submit()
    other = new_council(runtime, roles=("assessor",))
    administrator = council.officer("administrator")
    url = f"/api/v1/applications/{reference}/assignment"

    # When the administrator assigns it to a username nobody has, or to the other council's officer
    for username in ("nobody-at-all", f"assessor-{other.id}"):
        refused = administrator.post(url, json_body={"officer": username})
        # Then it is refused, naming the field, and the case stays unassigned
        assert refused.status_code == 422, refused.text
        assert [f["path"] for f in refused.json()["error"]["fields"]] == ["officer"]
    assert not council.case(reference)["application"].get("assigned_officer")

    # When it is assigned to one of the council's officers, it is
    assigned = administrator.post(url, json_body={"officer": f"reviewer-{council.id}"})
    assert assigned.status_code == 200, assigned.text
    assert council.case(reference)["application"]["assigned_officer"] == f"reviewer-{council.id}"
    # and unassigning needs no officer
    assert administrator.post(url, json_body={"officer": None}).status_code == 200
    assert not council.case(reference)["application"].get("assigned_officer")


@pytest.mark.parametrize("role", ["assessor", "reviewer"])
def test_any_officer_assigns_a_case_to_a_colleague_of_the_council(runtime, council, role):
    """Issue 12: a case officer hands a case to a colleague (or takes it back) without an administrator; the
    colleague must be an officer of the same council, and every change is in the audit trail."""
    from tests.support import new_council

    # Given a case, an officer of the council who is not an administrator, and another council's officer
    reference = council.submit()
    other = new_council(runtime, roles=("assessor",))
    me = council.officer(role)
    colleague = f"{'reviewer' if role == 'assessor' else 'assessor'}-{council.id}"
    url = f"/api/v1/applications/{reference}/assignment"

    # When they assign it to a colleague
    assigned = me.post(url, json_body={"officer": colleague})
    # Then it is the colleague's case
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["application"]["assigned_officer"] == colleague

    # When they reassign it to themselves, then unassign it
    assert me.post(url, json_body={"officer": f"{role}-{council.id}"}).status_code == 200
    assert council.case(reference)["application"]["assigned_officer"] == f"{role}-{council.id}"
    assert me.post(url, json_body={"officer": None}).status_code == 200

    # And a username nobody has, or the other council's officer, is refused naming the field
    for username in ("nobody-at-all", f"assessor-{other.id}"):
        refused = me.post(url, json_body={"officer": username})
        assert refused.status_code == 422, refused.text
        assert [f["path"] for f in refused.json()["error"]["fields"]] == ["officer"]
    assert not council.case(reference)["application"].get("assigned_officer")

    # And each change is audited: who assigned it, from whom, to whom
    audited = [a for a in council.case(reference)["audit"] if a["action"] == "application.assigned"]
    assert [
        ((a["before"] or {}).get("assigned_officer"), (a["after"] or {}).get("assigned_officer")) for a in audited
    ] == [
        (None, colleague),
        (colleague, f"{role}-{council.id}"),
        (f"{role}-{council.id}", None),
    ]
    assert {a["actor"] for a in audited} == {f"officer:{role}-{council.id}"}


# --- a replacement document request names a document of the application ------------------------------


def test_a_replacement_document_request_names_a_document_of_the_application(runtime, council):
    from tests.support import wait_for

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    officer = council.officer("assessor")

    def waiting(reference):
        return council.case(reference)["application"].get("awaiting") == "validation_decision"

    # Given two applications waiting for validation, a site plan uploaded to the first
    first, second = council.submit(), council.submit()
    wait_for(lambda: waiting(first) and waiting(second))
    form = officer.post(
        f"/api/v1/applications/{first}/uploads",
        json_body={"file_name": "site-plan.pdf", "content_type": "application/pdf", "tags": ["sitePlan.proposed"]},
    ).json()
    assert requests.post(form["url"], data=form["fields"], files={"file": ("site-plan.pdf", pdf)}, timeout=60).ok
    plan = form["document_id"]
    wait_for(lambda: [d for d in council.case(first)["documents"] if d["id"] == plan])

    def ask(reference, document_id):
        return officer.post(
            f"/api/v1/applications/{reference}/validation-requests",
            json_body={
                "type": "replacement_document",
                "details": {"document_id": document_id, "reason": "The site plan shows the wrong boundary"},
            },
        )

    # When the officer asks for a replacement of a document nobody uploaded, or of the first one's plan on the
    # second application
    for reference, document_id in ((first, "0" * 32), (second, plan)):
        refused = ask(reference, document_id)
        # Then it is refused, naming the field, and no request is made
        assert refused.status_code == 422, refused.text
        assert [f["path"] for f in refused.json()["error"]["fields"]] == ["details.document_id"]
        made = officer.get(f"/api/v1/applications/{reference}/validation-requests").json()["validation_requests"]
        assert [r for r in made if r["type"] == "replacement_document"] == []

    # while the plan of the application itself may be replaced
    assert ask(first, plan).status_code == 201


# --- a decision the application type cannot take is refused naming the request's field ---------------


def _awaiting(council, reference, milestone):
    return council.case(reference)["application"].get("awaiting") == milestone


def test_a_recommended_decision_the_type_cannot_take_is_refused_naming_the_requests_field(runtime, council):
    from tests.support import complete_assessment, consult_if_needed, wait_for

    # Given a prior approval (a larger home extension) ready for the officer's recommendation
    reference = council.submit("largerExtension")
    assessor = council.officer("assessor")
    wait_for(lambda: _awaiting(council, reference, "validation_decision"))
    assessor.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"})
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    assert assessor.post(f"/api/v1/applications/{reference}/assessment").status_code == 200
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    consult_if_needed(council, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(council, reference)
    url = f"/api/v1/applications/{reference}/recommendation"

    # When the officer recommends "granted", which only a planning application can be
    refused = assessor.post(url, json_body={"decision": "granted", "summary": "Acceptable."})

    # Then it is refused naming the field the request sent it in
    assert refused.status_code == 422, refused.text
    assert [f["path"] for f in refused.json()["error"]["fields"]] == ["decision"]
    assert "prior_approval_not_required" in refused.json()["error"]["fields"][0]["message"]

    # and a recommendation that could no longer be taken (stored before a rule changed, say) is not agreed:
    # the reviewer's request names no decision, so the answer is a conflict, not a field to correct
    made = assessor.post(url, json_body={"decision": "prior_approval_not_required", "summary": "Within Class A."})
    assert made.status_code == 200, made.text
    wait_for(lambda: _awaiting(council, reference, "review"))
    from bops.repository.keys import CASE_SK, app_pk
    from bops.services.context import context

    context().repo.update(
        app_pk(council.id, reference),
        CASE_SK,
        expression="SET recommendation.#d = :d",
        names={"#d": "decision"},
        values={":d": "granted"},
    )
    agreed = council.officer("reviewer").post(f"/api/v1/applications/{reference}/review", json_body={"action": "agree"})
    assert agreed.status_code == 409, agreed.text
    assert council.case(reference)["application"]["status"] == "awaiting_determination"
