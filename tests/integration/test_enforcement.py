"""Enforcement, end to end under moto with the real state machine (issue 15): the official ODP breach report
accepted on v1 and PlanX's v2 routes (once per metadata.id), mutated ones refused with field paths, a report
taken to a served enforcement notice with its compliance date (the Act's dates checked, 422 naming the
field), the workflow's timer raising "compliance check due", and the reporter's identity absent from every
public answer."""

from __future__ import annotations

import io
import json
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import boto3
import pytest
import requests

from bops.adapters.workflow import execution_name
from tests.support import wait_for

pytestmark = pytest.mark.integration

BREACH = Path(__file__).resolve().parents[2] / "layers/bops/python/bops/odp/schema/examples/breach.json"
# the example's complainant, who must never be shown publicly
REPORTER = ("Scrooge", "Ebenezer", "scrooge@waltdisney.com", "0123456789", "Bayham")


def breach(**changes):
    import uuid

    body = json.loads(BREACH.read_text())
    body["metadata"]["id"] = str(uuid.uuid4())
    return body


def _case(council, reference):
    response = council.officer().get(f"/api/v1/enforcement/{reference}")
    assert response.status_code == 200, response.text
    return response.json()


def _awaiting(council, reference):
    from bops.services.context import context

    case = context().repo.enforcement.get(council.id, reference)
    return case if case and case.task_token else None


def _step(council, reference, action, body, status=200):
    response = council.officer().post(f"/api/v1/enforcement/{reference}/{action}", json_body=body)
    assert response.status_code == status, response.text
    return response.json()


def _execution(runtime, council, reference):
    sfn = boto3.client("stepfunctions")
    arn = runtime.resources.state_machine_arns["Enforcement"].replace(":stateMachine:", ":execution:")
    return sfn.describe_execution(executionArn=f"{arn}:{execution_name(council.id, reference)}")


def test_the_official_breach_report_is_accepted_once_on_v1_and_v2(runtime, council):
    # Given the ODP v0.7.7 example report of a planning breach
    body = breach()
    # When PlanX posts it to the submissions route
    first = council.integrator.post("/api/v1/submissions", json_body=body)
    # Then it becomes an enforcement case, not an application
    assert first.status_code == 201, first.text
    accepted = first.json()
    reference = accepted["reference"]
    assert reference.endswith("-ENF") and accepted["created"] is True
    assert accepted["application_url"] == f"/api/v1/enforcement/{reference}"
    case = _case(council, reference)["case"]
    assert case["status"] == "received" and case["source"] == "planx"
    assert case["site"]["postcode"] == "ME1 1EW" and case["began_on"] == "2024-12-25"
    assert case["reporter"]["email"] == "scrooge@waltdisney.com"  # the officers see who reported it
    # And the same report again (v1 or PlanX's v2 route) answers with the same reference, making nothing new
    again = council.integrator.post("/api/v1/submissions", json_body=body)
    assert again.json()["reference"] == reference and again.json()["created"] is False
    v2 = council.integrator.post("/api/v2/planning_applications", json_body=body)
    assert v2.status_code == 200 and v2.json()["id"] == reference
    # And a new report on PlanX's v2 route is a case of its own
    other = council.integrator.post("/api/v2/planning_applications", json_body=breach())
    assert other.status_code == 200, other.text
    assert other.json()["id"].endswith("-ENF") and other.json()["id"] != reference
    # And its workflow waits for the officer's triage with its task token
    wait_for(lambda: _awaiting(council, reference))
    assert _execution(runtime, council, reference)["status"] == "RUNNING"
    assert [a["action"] for a in _case(council, reference)["audit"]] == ["enforcement.received"]


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda b: b["data"]["complainant"].pop("email"), "data.complainant.email"),
        (lambda b: b["data"]["report"]["date"].update(start="25/12/2024"), "data.report.date.start"),
        (lambda b: b["data"]["application"]["type"].update(value="breaches"), "data.application.type.value"),
        (lambda b: b["data"]["property"].pop("address"), "data.property.address"),
        (lambda b: b["data"]["report"].update(description=42), "data.report.description"),
    ],
)
def test_a_mutated_breach_report_is_refused_naming_the_field(council, mutate, path):
    body = breach()
    mutate(body)
    for route in ("/api/v1/submissions", "/api/v2/planning_applications"):
        response = council.integrator.post(route, json_body=body)
        assert response.status_code == 422, response.text
        assert path in [f["path"] for f in response.json()["error"]["fields"]]


def test_a_breach_report_becomes_a_served_enforcement_notice_with_its_compliance_date(runtime, council):
    from bops.services.context import context

    ctx = context()
    reference = council.integrator.post("/api/v1/submissions", json_body=breach()).json()["reference"]
    wait_for(lambda: _awaiting(council, reference))

    # triage: the kind of breach sets the priority; a lower one needs a reason (422 naming it)
    refused = _step(council, reference, "triage", {"categories": ["listed_building"], "priority": "low"}, status=422)
    assert [f["path"] for f in refused["error"]["fields"]] == ["priority_reason"]
    triaged = _step(
        council,
        reference,
        "triage",
        {
            "categories": ["listed_building", "operational_development"],
            "immunity_kind": "operational_development",
            "began_on": "2024-12-25",
        },
    )
    assert triaged["case"]["status"] == "triaged" and triaged["case"]["priority"] == "high"
    # s.171B(1) as amended by LURA 2023 s.115: completed after 25 April 2024, 10 years
    assert triaged["immunity"]["immune_from"] == "2034-12-25" and triaged["immunity"]["years"] == 10
    # an outcome before any investigation is out of order
    _step(council, reference, "outcome", {"outcome": "no_breach", "notes": "x"}, status=409)

    # the officer visits (a photo gets its upload form) and writes to the owner
    wait_for(lambda: _awaiting(council, reference))
    visited = _step(
        council,
        reference,
        "visit",
        {
            "visited_on": date.today().isoformat(),
            "notes": "A timber building about 4 x 3 m in the front garden.",
            "photos": [{"file_name": "front.jpg", "content_type": "image/jpeg"}],
        },
    )
    assert visited["case"]["status"] == "investigating"
    (upload,) = visited["uploads"]
    assert upload["key_prefix"].startswith(f"enforcement/{council.id}/{reference}/")
    form = requests.post(
        upload["url"],
        data={**upload["fields"], "key": upload["key_prefix"] + "front.jpg"},
        files={"file": ("front.jpg", b"\xff\xd8\xff\xe0 a photo", "image/jpeg")},
        timeout=30,
    )
    assert form.status_code in (200, 204), form.text
    # the officers see it by a short-lived link, only as the image its bytes show
    link = council.officer().get(f"/api/v1/enforcement/{reference}/photos/{upload['photo_id']}")
    assert link.status_code == 200, link.text
    shown = requests.get(link.json()["url"], timeout=30)
    assert shown.content == b"\xff\xd8\xff\xe0 a photo" and shown.headers["Content-Type"] == "image/jpeg"
    assert council.officer().get(f"/api/v1/enforcement/{reference}/photos/nope").status_code == 404
    _step(
        council,
        reference,
        "contact",
        {"contacted_on": date.today().isoformat(), "method": "letter", "summary": "Asked the owner to remove it."},
    )

    # a stop notice before any enforcement notice is refused (s.183(1)), naming the field
    today = date.today()
    refused = _step(
        council,
        reference,
        "notice",
        {"kind": "stop", "served_on": today.isoformat(), "requirements": "Stop"},
        status=422,
    )
    assert [f["path"] for f in refused["error"]["fields"]] == ["kind"]
    # an enforcement notice taking effect less than 28 days after service is refused (s.172(3)(b))
    refused = _step(
        council,
        reference,
        "notice",
        {
            "kind": "enforcement",
            "served_on": today.isoformat(),
            "takes_effect_on": (today + timedelta(days=27)).isoformat(),
            "requirements": "Remove the building",
        },
        status=422,
    )
    assert [f["path"] for f in refused["error"]["fields"]] == ["takes_effect_on"]
    # a misspelt date is refused, not dropped for its default
    refused = _step(
        council,
        reference,
        "notice",
        {"kind": "enforcement", "served_on": today.isoformat(), "takes_effect": "2030-01-01", "requirements": "x"},
        status=422,
    )
    assert [f["path"] for f in refused["error"]["fields"]] == ["takes_effect"]
    # served with its defaults: takes effect 28 days after service, appeal by the day before, comply 90 days on
    # (the workflow's timer, started now, looks in every 2 s rather than sleeping until then: the test moves
    # the clock)
    original = ctx.timer_recheck_seconds
    ctx.timer_recheck_seconds = 2
    served = _step(
        council,
        reference,
        "notice",
        {"kind": "enforcement", "served_on": today.isoformat(), "requirements": "Remove the building"},
    )
    (notice,) = served["case"]["notices"]
    assert served["case"]["status"] == "notice_served"
    assert notice["takes_effect_on"] == (today + timedelta(days=28)).isoformat()
    assert notice["appeal_by"] == (today + timedelta(days=27)).isoformat()
    assert notice["compliance_due"] == (today + timedelta(days=28 + 90)).isoformat()
    assert reference in [r["reference"] for r in council.officer().get("/api/v1/enforcement").json()["cases"]]
    # and the quarter's PS2 (and PS1) return counts it among the enforcement notices served
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    for form in ("ps2", "ps1"):
        ps = council.officer("administrator").get(f"/api/v1/council/returns/{form}", params={"quarter": quarter})
        assert ps.status_code == 200, ps.text
        assert ps.json()["enforcement"]["enforcement_notices_issued"] == 1
        assert ps.json()["enforcement"]["stop_notices_served"] == 0

    # the workflow sleeps until the compliance date, then raises "compliance check due" on the case
    try:
        compliance = date.fromisoformat(notice["compliance_due"])
        ctx.clock.travel_to(datetime.combine(compliance, datetime.min.time(), UTC) + timedelta(hours=12))
        raised = wait_for(lambda: _case(council, reference)["case"]["compliance_checks_due"])
        assert raised == [notice["id"]]
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
        ctx.timer_recheck_seconds = original
    wait_for(lambda: _awaiting(council, reference))

    # closed with a reason: off the open list, and the workflow ends
    closed = _step(council, reference, "close", {"reason": "The building was removed; compliance checked on site."})
    assert closed["case"]["status"] == "closed" and closed["allowed_actions"] == []
    assert reference not in [r["reference"] for r in council.officer().get("/api/v1/enforcement").json()["cases"]]
    wait_for(lambda: _execution(runtime, council, reference)["status"] == "SUCCEEDED")
    # (in the order of their times: the compliance check's is the moved clock's, so compared as a set)
    actions = [a["action"] for a in _case(council, reference)["audit"]]
    assert sorted(actions) == sorted(
        [
            "enforcement.received",
            "enforcement.triage",
            "enforcement.visit",
            "enforcement.contact",
            "enforcement.notice",
            "enforcement.compliance_check_due",
            "enforcement.close",
        ]
    )


def test_a_photo_the_malware_scanner_finds_unsafe_is_never_shown(runtime, council):
    """Site visits' photos go straight to S3 like documents, so they pass the same malware scanner before they
    are shown (GuardDuty Malware Protection for S3 scans ``enforcement/`` too in AWS; the local scanner here)."""
    from bops.adapters.scanner import EICAR

    reference = council.integrator.post("/api/v1/submissions", json_body=breach()).json()["reference"]
    wait_for(lambda: _awaiting(council, reference))
    _step(council, reference, "triage", {"categories": ["operational_development"]})
    wait_for(lambda: _awaiting(council, reference))
    photos = [{"file_name": "side.jpg", "content_type": "image/jpeg"}]
    visit = {"visited_on": date.today().isoformat(), "notes": "Seen from the road.", "photos": photos}
    (upload,) = _step(council, reference, "visit", visit)["uploads"]
    form = requests.post(
        upload["url"],
        data={**upload["fields"], "key": upload["key_prefix"] + "side.jpg"},
        files={"file": ("side.jpg", b"\xff\xd8\xff\xe0" + EICAR, "image/jpeg")},  # a JPEG's first bytes
        timeout=30,
    )
    assert form.status_code in (200, 204), form.text
    link = council.officer().get(f"/api/v1/enforcement/{reference}/photos/{upload['photo_id']}")
    assert link.status_code == 409, link.text
    assert "malware" in link.json()["error"]["message"] and "url" not in link.json()


def test_a_retrospective_application_invited_must_exist(runtime, council):
    application = council.submit("fullHouseholder")
    created = council.officer().post(
        "/api/v1/enforcement",
        json_body={"description": "A fence 2.5 m high", "address": "1 Demo Road", "began_on": "2025-06-01"},
    )
    assert created.status_code == 201, created.text
    reference = created.json()["case"]["reference"]
    assert created.json()["case"]["source"] == "officer"
    _step(council, reference, "triage", {"categories": ["operational_development"]})
    _step(council, reference, "visit", {"visited_on": date.today().isoformat(), "notes": "Fence seen."})
    refused = _step(
        council,
        reference,
        "outcome",
        {
            "outcome": "retrospective_application_invited",
            "notes": "Invited",
            "retrospective_application": "26-99999-HAPP",
        },
        status=422,
    )
    assert [f["path"] for f in refused["error"]["fields"]] == ["retrospective_application"]
    invited = _step(
        council,
        reference,
        "outcome",
        {"outcome": "retrospective_application_invited", "notes": "Invited", "retrospective_application": application},
    )
    assert invited["case"]["status"] == "retrospective_application_invited"
    assert invited["case"]["retrospective_application"] == application


def test_the_reporters_details_are_in_no_public_answer(runtime, council):
    # Given a breach report at the site of a published-register council
    body = breach()
    reference = council.integrator.post("/api/v1/submissions", json_body=body).json()["reference"]
    application = council.submit("fullHouseholder")
    anonymous = council.anonymous
    # When anyone reads every public route, v1 and v2, by the case's reference, its address and the reporter
    answers = [
        anonymous.get(f"/api/v1/public/{council.id}/applications", params={"q": q})
        for q in ("Scrooge", "ME1 1EW", reference)
    ]
    answers += [anonymous.get(f"/api/v1/public/{council.id}/applications/{ref}") for ref in (reference, application)]
    answers += [
        anonymous.get(f"/api/v2/{council.id}/public/planning_applications/search", params={"query": q})
        for q in ("Scrooge", "ME1 1EW", reference)
    ]
    answers += [anonymous.get(f"/api/v2/{council.id}/public/planning_applications/{reference}")]
    answers += [anonymous.get(f"/api/v2/{council.id}/planning_applications/{reference}")]
    open_data = anonymous.get(f"/api/v1/public/{council.id}/open-data")
    answers.append(open_data)
    texts = [a.text for a in answers]
    if open_data.status_code == 200:
        texts += [requests.get(f["url"], timeout=10).text for f in open_data.json()["files"]]
    # Then none shows the reporter (nor the enforcement case itself: it is on no register)
    for text in texts:
        assert not [word for word in REPORTER if word.lower() in text.lower()], text[:500]
        assert reference not in text or "not_found" in text or "No " in text
    # And the officers' list row and the events' schemas have no reporter at all
    rows = council.officer().get("/api/v1/enforcement").json()["cases"]
    assert not [word for word in REPORTER if word in json.dumps(rows)]


@contextmanager
def _logged(logger):
    """What a powertools logger writes meanwhile, at INFO (the local run keeps it at WARNING)."""
    buffer = io.StringIO()
    handler = logger.registered_handler
    level = logger.log_level
    previous = handler.setStream(buffer)
    logger.setLevel("INFO")
    try:
        yield buffer
    finally:
        handler.setStream(previous)
        logger.setLevel(level)


def test_the_reporters_details_reach_no_log_line(council, capsys):
    from bops.api import observability
    from functions.observability import logger as functions_logger

    # Given a breach report, a refused copy of it, and the officer's first steps on the case (the workflow's
    # task runs meanwhile)
    body = breach()
    refused = breach()
    refused["data"]["complainant"]["email"] = "not an email"
    with _logged(observability.logger) as api_lines, _logged(functions_logger) as task_lines:
        reference = council.integrator.post("/api/v1/submissions", json_body=body).json()["reference"]
        assert council.integrator.post("/api/v1/submissions", json_body=refused).status_code == 422
        wait_for(lambda: _awaiting(council, reference))
        _step(council, reference, "triage", {"categories": ["other"]})
        _case(council, reference)
        wait_for(lambda: _awaiting(council, reference))
    # Then no log line and no metric carries who reported it
    written = api_lines.getvalue() + task_lines.getvalue() + capsys.readouterr().out
    assert "enforcement task" in task_lines.getvalue()  # the workflow's task did log
    assert not [word for word in (*REPORTER, "not an email") if word in written]


def test_each_notice_has_its_own_timer_so_a_stop_notice_is_checked_on_its_own_date(runtime, council):
    from bops.services.context import context

    ctx = context()
    created = council.officer().post(
        "/api/v1/enforcement", json_body={"description": "Demolition under way", "address": "5 Demo Road"}
    )
    reference = created.json()["case"]["reference"]
    _step(council, reference, "triage", {"categories": ["demolition_in_conservation_area"]})
    _step(council, reference, "visit", {"visited_on": date.today().isoformat(), "notes": "Walls coming down."})
    today = date.today()
    original = ctx.timer_recheck_seconds
    ctx.timer_recheck_seconds = 2  # the timers look in every 2 s: the test moves the clock
    try:
        # an enforcement notice (compliance in 118 days), then a stop notice taking effect in 3 days (s.184(3))
        _step(
            council,
            reference,
            "notice",
            {"kind": "enforcement", "served_on": today.isoformat(), "requirements": "Rebuild"},
        )
        stop = _step(
            council, reference, "notice", {"kind": "stop", "served_on": today.isoformat(), "requirements": "Stop"}
        )
        enforcement_notice, stop_notice = stop["case"]["notices"]
        assert stop_notice["takes_effect_on"] == (today + timedelta(days=3)).isoformat()
        # When the stop notice's day comes (long before the enforcement notice's compliance date)
        ctx.clock.travel_to(datetime.combine(today + timedelta(days=3), datetime.min.time(), UTC) + timedelta(hours=12))
        # Then its check is raised, and the enforcement notice's is not yet
        raised = wait_for(lambda: _case(council, reference)["case"]["compliance_checks_due"])
        assert raised == [stop_notice["id"]]
        notices = {n["id"]: n for n in _case(council, reference)["case"]["notices"]}
        assert notices[enforcement_notice["id"]]["check_raised_at"] is None
        # closing the case ends the enforcement notice's timer at its next look (within the 2 s)
        ctx.clock.travel_to(datetime.now(UTC))
        _step(council, reference, "close", {"reason": "Demolition stopped; listed for prosecution review."})
        sfn = boto3.client("stepfunctions")
        arn = runtime.resources.state_machine_arns["Enforcement"].replace(":stateMachine:", ":execution:")
        timer = f"{arn}:{execution_name(council.id, reference)}--notice-{enforcement_notice['id']}"
        wait_for(lambda: sfn.describe_execution(executionArn=timer)["status"] == "SUCCEEDED")
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
        ctx.timer_recheck_seconds = original


def test_a_notice_whose_timer_did_not_start_gets_it_at_the_workflows_next_look(runtime, council, monkeypatch):
    from bops.adapters import enforcement_workflow

    created = council.officer().post("/api/v1/enforcement", json_body={"description": "Sign", "address": "7 Demo Road"})
    reference = created.json()["case"]["reference"]
    _step(council, reference, "triage", {"categories": ["advertisement"]})
    _step(council, reference, "visit", {"visited_on": date.today().isoformat(), "notes": "A large sign."})
    # Given the start of a notice's timer lost after the notice was saved
    started = enforcement_workflow.start_notice_timer
    monkeypatch.setattr(enforcement_workflow, "start_notice_timer", lambda *args: None)
    served = _step(
        council,
        reference,
        "notice",
        {"kind": "planning_contravention", "served_on": date.today().isoformat(), "requirements": "Tell us who"},
    )
    (notice,) = served["case"]["notices"]
    monkeypatch.setattr(enforcement_workflow, "start_notice_timer", started)
    # When the case's workflow next waits for the officer (after the officer's next step)
    _step(
        council,
        reference,
        "contact",
        {"contacted_on": date.today().isoformat(), "method": "phone", "summary": "Owner says it goes."},
    )
    sfn = boto3.client("stepfunctions")
    arn = runtime.resources.state_machine_arns["Enforcement"].replace(":stateMachine:", ":execution:")
    timer = f"{arn}:{execution_name(council.id, reference)}--notice-{notice['id']}"

    def running() -> bool:
        try:
            return sfn.describe_execution(executionArn=timer)["status"] == "RUNNING"
        except sfn.exceptions.ExecutionDoesNotExist:
            return False

    # Then the notice's timer runs (waiting for the reply date: 21 days beginning with service)
    assert notice["reply_by"] == (date.today() + timedelta(days=20)).isoformat()
    wait_for(running)
    _step(council, reference, "close", {"reason": "Sign removed."})
