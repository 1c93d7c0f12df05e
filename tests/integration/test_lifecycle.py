"""The whole case lifecycle under moto, with the real state machine executing and real handlers."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta

import boto3
import pytest
import requests

from bops.adapters.workflow import execution_name
from tests.support import AGREE, complete_assessment, consult_if_needed, refusal_reasons, wait_for

pytestmark = pytest.mark.integration


def _case(reference_council, reference):
    from bops.services.context import context

    return context().repo.cases.get(reference_council.id, reference)


def _awaiting(council, reference, milestone):
    case = _case(council, reference)
    return case if case and case.get("awaiting") == milestone and case.get("task_token") else None


def _execution_status(runtime, council, reference):
    arn = runtime.resources.state_machine_arns["Application"].replace(":stateMachine:", ":execution:")
    return boto3.client("stepfunctions").describe_execution(
        executionArn=f"{arn}:{execution_name(council.id, reference)}"
    )["status"]


@pytest.fixture(scope="module")
def events(runtime):
    """Everything published on the event bus, captured through a rule into a queue."""
    sqs = boto3.client("sqs")
    queue_url = sqs.create_queue(QueueName="lifecycle-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus = runtime.resources.event_bus
    eventbridge = boto3.client("events")
    eventbridge.put_rule(Name="capture-all", EventBusName=bus, EventPattern=json.dumps({"source": ["bops"]}))
    eventbridge.put_targets(Rule="capture-all", EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])
    seen: list[dict] = []

    def collect(council, reference):
        while True:
            messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
            if not messages:
                break
            for m in messages:
                seen.append(json.loads(m["Body"]))
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"])
        return [
            e["detail-type"]
            for e in seen
            if e["detail"].get("reference") == reference and e["detail"].get("council") == council.id
        ]

    return collect


def _validate(council, reference, **body):
    wait_for(lambda: _awaiting(council, reference, "validation_decision"))
    response = council.officer("assessor").post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid", **body}
    )
    assert response.status_code == 200, response.text
    return response.json()


def _act(caller, reference, path, body=None, expect=200):
    response = caller.post(f"/api/v1/applications/{reference}/{path}", json_body=body or {})
    assert response.status_code == expect, response.text
    return response.json()


def _recommend(council, reference, decision="granted", **extra):
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    consult_if_needed(council, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(council, reference)
    body = {
        "decision": decision,
        "summary": "Acceptable in scale and design.",
        "conditions": [
            {"text": "Development must begin within 3 years.", "reason": "Section 91 of the TCPA 1990."},
            {"text": "Materials to match the existing house.", "reason": "The character of the area."},
        ],
        **extra,
    }
    return _act(council.officer("assessor"), reference, "recommendation", body)


def test_householder_from_submission_to_granted_with_a_second_officer_reviewing(runtime, council, events):
    reference = council.submit("fullHouseholder")
    validated = _validate(council, reference)["application"]
    assert validated["status"] == "in_assessment"
    received = date.fromisoformat(validated["received_on"])
    assert validated["expiry_date"] == (received + timedelta(weeks=8)).isoformat()
    assert validated["dates_provisional"] is False
    assert isinstance(validated["days_left"], int)

    wait_for(lambda: _awaiting(council, reference, "assessment"))
    started = _act(council.officer("assessor"), reference, "assessment")["application"]
    assert started["status"] == "assessment_in_progress"
    assert started["assigned_officer"] == f"assessor-{council.id}"

    recommended = _recommend(council, reference)["application"]
    assert recommended["status"] == "awaiting_determination"
    assert recommended["recommendation"]["by"] == f"assessor-{council.id}"

    wait_for(lambda: _awaiting(council, reference, "review"))
    determined = _act(council.officer("reviewer"), reference, "review", AGREE)["application"]
    assert determined["status"] == "determined"
    assert determined["decision"]["decision"] == "granted"
    assert determined["decision"]["determined_by"] == f"reviewer-{council.id}"
    assert determined["determined_at"]

    # The workflow issues the decision notice and ends
    wait_for(lambda: _execution_status(runtime, council, reference) == "SUCCEEDED")
    case = council.case(reference)
    assert case["application"]["decision_notice"]["pdf_key"].endswith(".pdf")
    link = council.officer().get(f"/api/v1/applications/{reference}/decision-notice").json()
    pdf = requests.get(link["url"], timeout=10).content
    assert pdf.startswith(b"%PDF-")
    html = requests.get(
        council.officer()
        .get(f"/api/v1/applications/{reference}/decision-notice", params={"format": "html"})
        .json()["url"],
        timeout=10,
    ).text
    assert reference in html and "GRANTED" in html and "Materials to match the existing house." in html
    public = requests.get(
        f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}/decision-notice", timeout=10
    )
    assert public.status_code == 200 and requests.get(public.json()["url"], timeout=10).content.startswith(b"%PDF-")

    actions = [a["action"] for a in case["audit"]]
    for expected in (
        "application.received",
        "application.validated",
        "application.assessment_started",
        "application.recommended",
        "application.determined",
        "decision_notice.issued",
    ):
        assert actions.count(expected) == 1, expected
    published = events(council, reference)
    for expected in (
        "application.received",
        "application.validated",
        "application.determined",
        "application.decision_notice_issued",
    ):
        assert published.count(expected) == 1, (expected, published)


def test_the_assessor_cannot_agree_their_own_recommendation(council):
    from local import stack  # noqa: F401

    reference = council.submit("minor")
    _validate(council, reference)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    # the administrator (who can also review) assesses and recommends ...
    admin = council.officer("administrator")
    _act(admin, reference, "assessment")
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    consult_if_needed(council, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(council, reference, role="administrator")
    _act(
        admin,
        reference,
        "recommendation",
        {
            "decision": "refused",
            "summary": "Harm to the street scene.",
            "reasons": refusal_reasons(council, reference, "Overbearing.", role="administrator"),
        },
    )
    # ... and may not then agree it
    response = admin.post(f"/api/v1/applications/{reference}/review", json_body={"action": "agree"})
    assert response.status_code == 403
    assert council.case(reference)["application"]["status"] == "awaiting_determination"
    # another reviewer can
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert (
        _act(council.officer("reviewer"), reference, "review", AGREE)["application"]["decision"]["decision"]
        == "refused"
    )


def test_prior_approval_is_determined_from_receipt(runtime, council):
    reference = council.submit("largerExtension")
    case = council.case(reference)["application"]
    received = date.fromisoformat(case["received_on"])
    assert case["application_type"] == "pa.part1.classA"
    assert case["expiry_date"] == (received + timedelta(days=42)).isoformat()
    assert case["dates_provisional"] is False  # prior approvals run from receipt, valid or not
    validated = _validate(council, reference)["application"]
    assert validated["expiry_date"] == (received + timedelta(days=42)).isoformat()
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    _act(council.officer("assessor"), reference, "assessment")
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    consult_if_needed(council, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(council, reference)
    bad = council.officer("assessor").post(
        f"/api/v1/applications/{reference}/recommendation", json_body={"decision": "granted", "summary": "x"}
    )
    assert bad.status_code in (409, 422)  # a prior approval is not "granted"
    _act(
        council.officer("assessor"),
        reference,
        "recommendation",
        {"decision": "prior_approval_not_required", "summary": "Within the limits of Class A."},
    )
    wait_for(lambda: _awaiting(council, reference, "review"))
    done = _act(council.officer("reviewer"), reference, "review", AGREE)["application"]
    assert done["decision"]["decision"] == "prior_approval_not_required"
    wait_for(lambda: _execution_status(runtime, council, reference) == "SUCCEEDED")


def test_a_reviewer_challenges_and_the_assessor_resubmits(runtime, council, events):
    reference = council.submit("fullHouseholderInConservationArea")
    _validate(council, reference)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    _act(council.officer("assessor"), reference, "assessment")
    _recommend(council, reference)
    wait_for(lambda: _awaiting(council, reference, "review"))
    reviewer = council.officer("reviewer")
    missing = reviewer.post(f"/api/v1/applications/{reference}/review", json_body={"action": "challenge"})
    assert missing.status_code == 422
    assert missing.json()["error"]["fields"][0]["path"] == "reviewer_comment"
    challenged = _act(
        reviewer, reference, "review", {"action": "challenge", "comment": "Add a condition on the heritage impact."}
    )["application"]
    assert challenged["status"] == "to_be_reviewed"
    assert challenged["reviews"][-1]["comment"] == "Add a condition on the heritage impact."
    conditions = [
        {"text": "Begin within 3 years.", "reason": "Section 91 of the TCPA 1990."},
        {"text": "Timber windows only.", "reason": "To preserve the conservation area's character."},
    ]
    _recommend(council, reference, conditions=conditions)
    wait_for(lambda: _awaiting(council, reference, "review"))
    done = _act(reviewer, reference, "review", AGREE)["application"]
    assert done["decision"]["conditions"] == conditions
    wait_for(lambda: _execution_status(runtime, council, reference) == "SUCCEEDED")
    assert events(council, reference).count("application.challenged") == 1


def test_committee_decides(runtime, council):
    reference = council.submit("major")
    _validate(council, reference)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    _act(council.officer("assessor"), reference, "assessment")
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    # the policy the committee's reason cites, considered in the assessment (DMPO 2015 art. 35(1)(b))
    reasons = refusal_reasons(council, reference, "Loss of open space.")
    _recommend(council, reference)
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert _act(council.officer("reviewer"), reference, "committee")["application"]["status"] == "in_committee"
    wait_for(lambda: _awaiting(council, reference, "committee"))
    decided = _act(
        council.officer("reviewer"),
        reference,
        "committee-decision",
        {
            "decision": "refused",
            "reasons": reasons,
            "minute": "Refused 7-2.",
            "override_checks": AGREE["override_checks"],
        },
    )["application"]
    assert decided["status"] == "determined"
    assert decided["decision"]["made_by"] == "committee"
    wait_for(lambda: _execution_status(runtime, council, reference) == "SUCCEEDED")


@pytest.mark.parametrize("path,status", [("withdrawal", "withdrawn"), ("return", "returned"), ("closure", "closed")])
def test_ending_a_case_while_the_workflow_waits(runtime, council, path, status):
    reference = council.submit("existing")
    wait_for(lambda: _awaiting(council, reference, "validation_decision"))
    no_reason = council.officer("assessor").post(f"/api/v1/applications/{reference}/{path}", json_body={})
    assert no_reason.status_code == 422
    ended = _act(council.officer("assessor"), reference, path, {"reason": "The applicant asked us to."})["application"]
    assert ended["status"] == status and ended[f"{status}_at"]
    wait_for(lambda: _execution_status(runtime, council, reference) == "SUCCEEDED")
    again = council.officer("assessor").post(f"/api/v1/applications/{reference}/{path}", json_body={"reason": "x"})
    assert again.status_code == 409


def test_withdrawal_during_assessment_stops_the_timers(runtime, council):
    reference = council.submit("minor")
    _validate(council, reference)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    _act(council.officer("assessor"), reference, "withdrawal", {"reason": "Withdrawn by the agent by email."})
    wait_for(lambda: _execution_status(runtime, council, reference) == "SUCCEEDED")


def test_concurrent_transitions_one_wins_the_other_gets_409(council, monkeypatch):
    """Two officers load the case at the same moment and both act; one wins, the other gets 409.

    The test holds both requests after they read the case, so both act on the same version.
    """
    from bops.services import cases

    reference = council.submit("proposed")
    _validate(council, reference)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    officer = council.officer("assessor")
    both_read = threading.Barrier(2, timeout=20)
    real_load = cases.load_case

    def load_then_wait(ctx, council_id, ref):
        case = real_load(ctx, council_id, ref)
        if ref == reference:
            both_read.wait()
        return case

    monkeypatch.setattr(cases, "load_case", load_then_wait)
    results: list[int] = []

    def act(path, body):
        results.append(officer.post(f"/api/v1/applications/{reference}/{path}", json_body=body).status_code)

    threads = [
        threading.Thread(target=act, args=("assessment", {})),
        threading.Thread(target=act, args=("closure", {"reason": "Duplicate of another application"})),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    monkeypatch.undo()
    assert sorted(results) == [200, 409], results
    case = council.case(reference)
    # exactly one of the two changes happened, with exactly one audit entry
    changes = [
        a["action"] for a in case["audit"] if a["action"] in ("application.assessment_started", "application.closed")
    ]
    assert len(changes) == 1
    assert (
        case["application"]["status"]
        == {"application.assessment_started": "assessment_in_progress", "application.closed": "closed"}[changes[0]]
    )


def test_an_extension_of_time_moves_the_determination_date(council):
    reference = council.submit("fullHouseholder")
    validated = _validate(council, reference)["application"]
    expiry = date.fromisoformat(validated["expiry_date"])
    officer = council.officer("assessor")
    too_early = officer.post(
        f"/api/v1/applications/{reference}/extension-of-time",
        json_body={"agreed_date": expiry.isoformat(), "agreed_with": "Agent"},
    )
    assert too_early.status_code == 422
    assert too_early.json()["error"]["fields"][0]["path"] == "agreed_date"
    later = expiry + timedelta(days=21)
    extended = _act(
        officer,
        reference,
        "extension-of-time",
        {"agreed_date": later.isoformat(), "agreed_with": "Ziggy Stardust (agent)"},
    )["application"]
    assert extended["extended_expiry_date"] == later.isoformat()
    assert extended["expiry_date"] == expiry.isoformat()
    assert extended["extensions"][0]["agreed_with"] == "Ziggy Stardust (agent)"
    assert extended["planning_guarantee_date"] is None  # an agreed extension ends the guarantee
    summary = officer.get("/api/v1/applications").json()["applications"][0]
    assert summary["expiry_date"] == later.isoformat()


def test_appeal_steps_in_order(runtime, council):
    reference = council.submit("minor")
    _validate(council, reference)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    _act(council.officer("assessor"), reference, "assessment")
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    reasons = refusal_reasons(council, reference, "Harm to amenity.")
    _recommend(council, reference, decision="refused", conditions=[], reasons=reasons)
    wait_for(lambda: _awaiting(council, reference, "review"))
    decided = _act(council.officer("reviewer"), reference, "review", AGREE)["application"]
    decided_on = date.fromisoformat(decided["decision"]["determined_on"])
    officer = council.officer("assessor")
    early = officer.post(
        f"/api/v1/applications/{reference}/appeal",
        json_body={"step": "lodge", "on": (decided_on - timedelta(days=1)).isoformat()},
    )
    assert early.status_code == 422
    _act(officer, reference, "appeal", {"step": "lodge", "on": (decided_on + timedelta(days=10)).isoformat()})
    out_of_order = officer.post(
        f"/api/v1/applications/{reference}/appeal",
        json_body={"step": "start", "on": (decided_on + timedelta(days=20)).isoformat()},
    )
    assert out_of_order.status_code == 409
    _act(officer, reference, "appeal", {"step": "valid", "on": (decided_on + timedelta(days=20)).isoformat()})
    _act(officer, reference, "appeal", {"step": "start", "on": (decided_on + timedelta(days=30)).isoformat()})
    done = _act(
        officer,
        reference,
        "appeal",
        {"step": "determine", "on": (decided_on + timedelta(days=90)).isoformat(), "outcome": "dismissed"},
    )["application"]
    assert done["appeal"]["status"] == "determined" and done["appeal"]["outcome"] == "dismissed"


def test_dashboards(runtime, council):
    a = council.submit("fullHouseholder")
    b = council.submit("minor")
    c = council.submit("existing")
    assessor = council.officer("assessor")
    # b: validated and started by the assessor (so assigned); c: closed; a: unassigned
    _validate(council, b)
    wait_for(lambda: _awaiting(council, b, "assessment"))
    _act(assessor, b, "assessment")
    _act(assessor, c, "closure", {"reason": "Submitted in error"})

    def tab(name, **params):
        page = assessor.get("/api/v1/dashboard", params={"tab": name, **params})
        assert page.status_code == 200, page.text
        return [x["reference"] for x in page.json()["applications"]]

    assert tab("mine") == [b]
    assert tab("unassigned") == [a]
    assert tab("closed") == [c]
    assert set(tab("all")) == {a, b, c}
    assert tab("all", status="closed") == [c]
    assert tab("all", type="pp.full.minor") == [b]
    assert tab("all", status="assessment_in_progress", type="pp.full.minor") == [b]
    assert tab("unassigned", type="pp.full.minor") == []
    # the caseload tabs' filtered views (read with a filter, no index)
    assert tab("mine", status="assessment_in_progress") == [b]
    assert tab("mine", status="not_started") == []
    assert tab("unassigned", type="pp.full.householder") == [a]
    # sorted by determination date, soonest first
    dates = [x["expiry_date"] for x in assessor.get("/api/v1/dashboard", params={"tab": "all"}).json()["applications"]]
    assert dates == sorted(dates)
    # the assessor assigns a to a colleague, the reviewer (issue 12: any officer may, not only administrators)
    _act(assessor, a, "assignment", {"officer": f"reviewer-{council.id}"})
    assert tab("unassigned") == []
    reviewer_tab = council.officer("reviewer").get("/api/v1/dashboard", params={"tab": "mine"}).json()
    assert [x["reference"] for x in reviewer_tab["applications"]] == [a]
    assert assessor.get("/api/v1/dashboard", params={"tab": "everything"}).status_code == 422


def test_a_task_failing_once_then_succeeding_leaves_no_duplicates(runtime, council, events, monkeypatch):
    """The decision notice task fails after writing one file; the retry completes it exactly once."""
    from bops.adapters.storage import Storage
    from bops.services import workflow_tasks

    reference = council.submit("minor")
    _validate(council, reference)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    _act(council.officer("assessor"), reference, "assessment")
    _recommend(council, reference)
    wait_for(lambda: _awaiting(council, reference, "review"))

    real_put = Storage.put
    failures = []

    def flaky_put(self, key, body, content_type):
        real_put(self, key, body, content_type)
        if reference in key and key.endswith(".html") and not failures:
            failures.append(key)
            raise workflow_tasks.TransientError("S3 slow down")

    monkeypatch.setattr(Storage, "put", flaky_put)
    _act(council.officer("reviewer"), reference, "review", AGREE)
    wait_for(lambda: _execution_status(runtime, council, reference) == "SUCCEEDED", timeout=30)
    assert failures, "the task did not fail as arranged"
    audit = [a["action"] for a in council.case(reference)["audit"]]
    assert audit.count("decision_notice.issued") == 1
    assert audit.count("application.determined") == 1
    assert "workflow.failed" not in audit
    assert events(council, reference).count("application.decision_notice_issued") == 1


@pytest.fixture
def fast_clock():
    """Simulated time running fast, and timers that sleep until their deadlines (no re-check ceiling), as
    on AWS. Moving a clock by a jump cannot wake a sleeping Wait state; time running fast does."""
    from benchmarks.transitions import FastClock
    from bops.config import NO_RECHECK_SECONDS
    from bops.services.context import context

    ctx = context()
    original = ctx.clock, ctx.timer_recheck_seconds
    ctx.clock, ctx.timer_recheck_seconds = FastClock(day_seconds=0.4), NO_RECHECK_SECONDS
    try:
        yield ctx.clock
    finally:
        ctx.clock, ctx.timer_recheck_seconds = original


def test_a_householder_case_takes_at_most_100_state_transitions(runtime, council, fast_clock):
    """Validation, a consultation of three neighbours and a consultee running its full 21 days,
    assessment, review and the decision notice; every execution's history counted."""
    from benchmarks import transitions
    from bops.services.context import context

    # a day in 0.8 s: the 21 days of consultation pass in half a minute, 'approaching expiry' is further
    context().clock = transitions.FastClock(day_seconds=0.8)
    reference = transitions.householder_journey(runtime, council)
    wait_for(lambda: transitions.finished(runtime, council.id, reference), timeout=60)
    counted = transitions.count(runtime, council.id, reference)
    names = sorted(counted["per_execution"])
    assert names == [execution_name(council.id, reference), f"{execution_name(council.id, reference)}--consultation"]
    assert counted["total"] <= 100, counted
    application, consultation = (counted["per_execution"][n] for n in names)
    audit = [a["action"] for a in council.case(reference)["audit"]]
    # the deadline timer woke only for a deadline (on a slow machine the case may reach 'approaching
    # expiry' before it is determined), and the Parallel state ended it with the case
    announced = sum(audit.count(a) for a in ("application.expiry_approaching", "application.overdue"))
    # (or found it just determined)
    woke_for = 1 + announced + application["TimerFinished"]
    assert application["CheckDeadlines"] == woke_for and application["CaseFinished"] == 1, application
    # the consultation's timer slept until the end date (or a moved end date): no polling
    assert consultation["SendOne"] == 4 and consultation["CheckEnd"] <= 3, consultation
    assert audit.count("consultation.completed") == 1
    assert transitions.polling(counted, audit)["idle_checks"] <= 1


def test_an_extension_of_time_moves_the_sleeping_timer(runtime, council, events, fast_clock):
    """The timer sleeps until 'approaching expiry'; an extension agreed meanwhile moves the date, so it
    wakes once for nothing, then announces 'approaching' and 'overdue' for the new date only."""
    from benchmarks import transitions
    from bops.domain.clock import approaching_expiry_date
    from bops.domain.time import parse_iso

    reference = council.submit("fullHouseholder")
    validated = _validate(council, reference)["application"]
    expiry = date.fromisoformat(validated["expiry_date"])
    later = expiry + timedelta(days=7)
    assert approaching_expiry_date(later) > approaching_expiry_date(expiry)
    _act(
        council.officer("assessor"),
        reference,
        "extension-of-time",
        {"agreed_date": later.isoformat(), "agreed_with": "Agent"},
    )
    assert fast_clock.now().date() < approaching_expiry_date(expiry)  # agreed while the timer sleeps
    wait_for(lambda: "application.overdue" in events(council, reference), timeout=90)

    case = council.case(reference)
    published = events(council, reference)
    assert published.count("application.overdue") == 1
    assert published.count("application.expiry_approaching") == 1
    announced = {a["action"]: a for a in case["audit"] if a["action"].startswith("application.")}
    assert announced["application.overdue"]["after"] == {"determination_date": later.isoformat()}
    assert announced["application.expiry_approaching"]["after"] == {"determination_date": later.isoformat()}
    # overdue the day after the new date, not the old one
    assert parse_iso(announced["application.overdue"]["at"]).date() > later
    assert case["application"]["deadline_status"] == "overdue" and case["application"]["days_left"] < 0

    # the timer woke for the date first planned, found it moved, then for 'approaching' and 'overdue'
    arn = f"{runtime.resources.state_machine_arns['Application'].replace(':stateMachine:', ':execution:')}"
    entered = transitions.states_entered(transitions.history(f"{arn}:{execution_name(council.id, reference)}"))
    assert 3 <= entered.count("CheckDeadlines") <= 4, entered
    _act(council.officer("assessor"), reference, "withdrawal", {"reason": "The applicant asked us to."})
    wait_for(lambda: _execution_status(runtime, council, reference) == "SUCCEEDED", timeout=30)


class _StoppedClock:
    """A clock standing still at a chosen moment; the workflow's real time is the same as its own."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def to_real(self, moment: datetime) -> datetime:
        return moment


def test_the_deadline_timer_sleeps_until_the_next_deadline(runtime, council, events):
    """What the timer's task answers: the next thing due (approaching, then overdue), a moved date after
    an extension, a weekly look once overdue, and 'finished' once the case has ended."""
    from zoneinfo import ZoneInfo

    from bops.config import NO_RECHECK_SECONDS
    from bops.domain.clock import approaching_expiry_date
    from bops.domain.time import parse_iso
    from bops.services import workflow_tasks
    from bops.services.context import context

    reference = council.submit("fullHouseholder")
    expiry = date.fromisoformat(_validate(council, reference)["application"]["expiry_date"])
    later = expiry + timedelta(days=14)
    _act(
        council.officer("assessor"),
        reference,
        "extension-of-time",
        {"agreed_date": later.isoformat(), "agreed_with": "Agent"},
    )
    ctx = context()
    original = ctx.clock, ctx.timer_recheck_seconds
    london = ZoneInfo("Europe/London")

    def check_at(moment: datetime) -> dict:
        ctx.clock = _StoppedClock(moment)
        return workflow_tasks.check_deadlines(ctx, council.id, reference)

    def start_of(day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), london) + timedelta(seconds=1)

    try:
        ctx.timer_recheck_seconds = NO_RECHECK_SECONDS
        noon = timedelta(hours=12)
        # woken at the date first planned: the extension moved it, so sleep until the new one
        woken = check_at(start_of(approaching_expiry_date(expiry)) + noon)
        assert woken == {"finished": False, "wake_at": _iso(start_of(approaching_expiry_date(later)))}
        assert "application.expiry_approaching" not in events(council, reference)
        # at the new approaching date: announced, then sleep until the day after the new date
        woken = check_at(start_of(approaching_expiry_date(later)))
        assert parse_iso(woken["wake_at"]) == start_of(later + timedelta(days=1))
        assert events(council, reference).count("application.expiry_approaching") == 1
        # overdue: announced once; nothing more is due, so look in a week later for a late extension
        overdue_at = start_of(later + timedelta(days=1)) + noon
        woken = check_at(overdue_at)
        assert parse_iso(woken["wake_at"]) == overdue_at + workflow_tasks.OVERDUE_RECHECK
        again = check_at(overdue_at + timedelta(hours=1))
        assert not again["finished"] and events(council, reference).count("application.overdue") == 1
        # a re-check ceiling (the local run's) caps the sleep
        ctx.timer_recheck_seconds = 30
        assert parse_iso(check_at(overdue_at)["wake_at"]) == overdue_at + timedelta(seconds=30)
        # a case that ended: the timer is finished
        _act(council.officer("assessor"), reference, "closure", {"reason": "Submitted in error"})
        assert check_at(overdue_at)["finished"] is True
    finally:
        ctx.clock, ctx.timer_recheck_seconds = original


def _iso(moment: datetime) -> str:
    from bops.domain.time import iso

    return iso(moment)
