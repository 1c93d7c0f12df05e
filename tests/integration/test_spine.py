"""Submission -> case -> workflow waiting -> officer decision -> resumed workflow, under moto."""

from __future__ import annotations

import json
import re

import boto3
import pytest

from bops.adapters.workflow import execution_name
from tests.support import example, wait_for

pytestmark = pytest.mark.integration


def _awaiting(council, reference, milestone="validation_decision"):
    from bops.services.context import context

    case = context().repo.cases.get(council.id, reference)
    return case if case and case.get("awaiting") == milestone and case.get("task_token") else None


def _execution(runtime, council, reference):
    sfn = boto3.client("stepfunctions")
    arn = runtime.resources.state_machine_arns["Application"].replace(":stateMachine:", ":execution:")
    return sfn.describe_execution(executionArn=f"{arn}:{execution_name(council.id, reference)}")


def test_a_submission_becomes_a_case_and_its_workflow_waits_for_validation(runtime, council):
    # Given an ODP householder submission
    submission = example("fullHouseholder")
    # When the integrator submits it
    response = council.integrator.post("/api/v1/submissions", json_body=submission)
    # Then a case is created with a council reference of the householder type
    assert response.status_code == 201, response.text
    reference = response.json()["reference"]
    assert re.fullmatch(r"\d{2}-\d{5}-HAPP", reference)
    case = council.case(reference)["application"]
    assert case["status"] == "not_started"
    assert case["application_type"] == "pp.full.householder"
    assert case["site"] == {**case["site"], "uprn": "100021892955", "postcode": "SW9 9RZ"}
    assert case["description"] == submission["data"]["proposal"]["description"]
    assert case["applicant"]["email"] == "ziggy@example.com"
    assert case["fee"]["payable"] == 258
    # and the original submission is kept verbatim
    s3 = boto3.client("s3")
    stored = s3.get_object(Bucket=runtime.resources.bucket, Key=case["submission_key"])["Body"].read()
    assert stored == json.dumps(submission).encode()
    # and the workflow records receipt and waits for the officer with its task token on the case
    waiting = wait_for(lambda: _awaiting(council, reference))
    assert waiting["receipt_recorded_at"]
    assert _execution(runtime, council, reference)["status"] == "RUNNING"
    actions = [a["action"] for a in council.case(reference)["audit"]]
    assert actions == ["application.received", "workflow.receipt_recorded", "validation.checked"]


def test_the_same_submission_twice_makes_one_application(council):
    submission = example("minor")
    first = council.integrator.post("/api/v1/submissions", json_body=submission)
    second = council.integrator.post("/api/v1/submissions", json_body=submission)
    assert first.status_code == 201
    assert second.status_code == 201
    assert second.json()["created"] is False
    assert first.json()["reference"] == second.json()["reference"]
    listed = council.officer().get("/api/v1/applications").json()["applications"]
    assert [a["reference"] for a in listed] == [first.json()["reference"]]


def test_references_count_up_per_council(runtime, council):
    from tests.support import new_council

    other = new_council(runtime, roles=("assessor",))
    a = council.submit("fullHouseholder")
    b = council.submit("major")
    c = other.submit("fullHouseholder")
    assert a.split("-")[1] == "00001" and b.split("-")[1] == "00002" and b.endswith("-MAJOR")
    assert c.split("-")[1] == "00001"


def test_valid_decision_resumes_the_workflow(runtime, council):
    reference = council.submit()
    wait_for(lambda: _awaiting(council, reference))
    response = council.officer("assessor").post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
    )
    assert response.status_code == 200, response.text
    case = response.json()["application"]
    assert case["status"] == "in_assessment"
    assert case["validated_at"] == case["received_on"] == case["valid_from"]
    # the workflow moves on to wait for the assessment to start
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    assert _execution(runtime, council, reference)["status"] == "RUNNING"
    audit = council.case(reference)["audit"]
    validated = [a for a in audit if a["action"] == "application.validated"]
    assert len(validated) == 1
    assert validated[0]["before"] == {"status": "not_started"}
    assert validated[0]["after"]["status"] == "in_assessment"
    assert validated[0]["actor"].startswith("officer:assessor-")


def test_invalid_then_valid(runtime, council):
    reference = council.submit("proposed")
    wait_for(lambda: _awaiting(council, reference))
    officer = council.officer("assessor")
    response = officer.post(
        f"/api/v1/applications/{reference}/validation-decision",
        json_body={"decision": "invalid", "reason": "The location plan is missing"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["application"]["status"] == "invalidated"
    # The workflow goes back to waiting for the next decision; the applicant answers through their link
    wait_for(lambda: _awaiting(council, reference))
    from tests.support import Caller, applicant_links

    (link,) = applicant_links(council, reference)
    answer = Caller(council.api_url, link).post(
        "/api/v1/applicant/request/response", json_body={"response_text": "A location plan is now attached."}
    )
    assert answer.status_code == 200, answer.text
    response = officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"})
    assert response.status_code == 200, response.text
    assert response.json()["application"]["status"] == "in_assessment"
    wait_for(lambda: _awaiting(council, reference, "assessment"))


def test_a_decision_in_the_wrong_state_is_409_and_changes_nothing(council):
    reference = council.submit()
    wait_for(lambda: _awaiting(council, reference))
    officer = council.officer("assessor")
    assert (
        officer.post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
        ).status_code
        == 200
    )
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    before = council.case(reference)
    again = officer.post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid", "reason": "x"}
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    assert council.case(reference) == before


def test_only_case_officers_decide_validation(runtime, council):
    from local import stack
    from tests.support import PASSWORD, Caller

    reference = council.submit()
    wait_for(lambda: _awaiting(council, reference))
    username = f"norole-{council.id}"
    stack.create_officer(
        runtime.resources,
        username=username,
        password=PASSWORD,
        council=council.id,
        roles=(),
        email=f"{username}@example.org",
    )
    no_role = Caller(runtime.api_url, stack.sign_in(runtime.resources, username, PASSWORD))
    body = {"decision": "valid"}
    assert no_role.post(f"/api/v1/applications/{reference}/validation-decision", json_body=body).status_code == 403
    assert (
        council.integrator.post(f"/api/v1/applications/{reference}/validation-decision", json_body=body).status_code
        == 403
    )
    assert council.case(reference)["application"]["status"] == "not_started"


def test_bad_decisions_name_the_field(council):
    reference = council.submit("landDrainageConsent")  # passes every automated check: nothing drafted
    officer = council.officer("assessor")
    response = officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "maybe"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["path"] == "decision"
    wait_for(lambda: _awaiting(council, reference))
    response = officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["path"] == "reason"
    assert council.case(reference)["application"]["status"] == "not_started"


def test_concurrent_duplicates_of_one_submission_use_one_reference_number(council, monkeypatch):
    """20 copies of one submission at once make one application and use one reference number: the
    submission is claimed before a number is taken (issue 13)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from bops.auth import SCOPES, Identity
    from bops.domain.time import london_date
    from bops.services import intake
    from bops.services.context import context

    ctx = context()
    year = london_date(ctx.clock.now()).year
    identity = Identity(council=council.id, kind="integrator", subject="t", name="test", scopes=frozenset(SCOPES))
    raw = json.dumps(example("minor")).encode()
    copies = 20

    # Every copy reaches its first write before any is made: the worst interleaving, on purpose.
    barrier = threading.Barrier(copies, timeout=10)
    waited: set[int] = set()
    claim = ctx.repo.cases.claim_submission

    def all_at_once(*args, **kwargs):
        if threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass  # a copy that already lost does not come back: go on
        return claim(*args, **kwargs)

    monkeypatch.setattr(ctx.repo.cases, "claim_submission", all_at_once)
    before = ctx.repo.cases.next_number(council.id, year)
    with ThreadPoolExecutor(copies) as pool:
        results = list(pool.map(lambda _: intake.submit(ctx, identity, raw), range(copies)))
    monkeypatch.undo()
    after = ctx.repo.cases.next_number(council.id, year)

    assert len({r.reference for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert after - before - 1 == 1, f"{after - before - 1} reference numbers used for one application"
