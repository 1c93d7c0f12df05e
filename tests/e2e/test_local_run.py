"""The first README command, started as a newcomer would, driven over HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests

from local.runtime import free_port
from tests.support import WAIT, WORKFLOW_WAIT, wait_for

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    credentials_path = folder / "credentials.json"
    # The output goes to a file, not a pipe nobody reads while the tests run: a full pipe would block the server.
    log_path = folder / "output.log"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOPS_", "MOTO_"))}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "local/run.py", "--port", str(port), "--credentials", str(credentials_path)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    deadline = time.monotonic() + 4 * WAIT
    while not credentials_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the local run did not start:\n" + log_path.read_text())
        time.sleep(0.25)
    yield process, json.loads(credentials_path.read_text()), log_path
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=WAIT)


def _sign_in(credentials, username=None):
    cognito = credentials["cognito"]
    client = boto3.client(
        "cognito-idp",
        endpoint_url=cognito["endpoint_url"],
        region_name=cognito["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    result = client.initiate_auth(
        ClientId=cognito["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": username or credentials["officer"]["username"],
            "PASSWORD": credentials["officer"]["password"],
        },
    )
    return {"Authorization": f"Bearer {result['AuthenticationResult']['IdToken']}", "Content-Type": "application/json"}


def _poll(fn, timeout=WORKFLOW_WAIT):
    return wait_for(fn, timeout=timeout, interval=0.2)


def _tracebacks(log_path):
    """The Python tracebacks in the run's output, each with its last line (the error)."""
    text = log_path.read_text()
    return [chunk.strip().splitlines()[-1] for chunk in text.split("Traceback (most recent call last):")[1:]]


def test_it_starts_and_seeds_the_demo_without_a_traceback(local_run):
    _process, credentials, log_path = local_run
    assert len(credentials["applications"]) == 13
    assert "BoPS is running." in log_path.read_text()
    walkthrough = credentials["walkthrough"]
    assert walkthrough.endswith("-HAPP") and walkthrough not in credentials["applications"]
    # e.g. moto's "dictionary changed size during iteration" when requests raced (local/moto_patches.py)
    assert _tracebacks(log_path) == []


def test_the_first_demo_householder_application_carries_its_plans_which_open_in_the_browser(local_run):
    _process, credentials, _log = local_run
    api = credentials["api"]
    headers = _sign_in(credentials)
    applications = requests.get(f"{api}/api/v1/applications", params={"limit": "100"}, headers=headers, timeout=WAIT)
    householder = min(
        (a for a in applications.json()["applications"] if a["application_type"] == "pp.full.householder"),
        key=lambda a: a["reference"],
    )
    reference = householder["reference"]

    def plans():
        case = requests.get(f"{api}/api/v1/applications/{reference}", headers=headers, timeout=WAIT).json()
        numbered = [d for d in case["documents"] if d.get("drawing_number", "").startswith("PL-")]
        return numbered if len(numbered) == 4 and all(d["publishable"] for d in numbered) else None

    documents = sorted(_poll(plans), key=lambda d: d["drawing_number"])
    assert [d["type_names"] for d in documents] == [
        ["Location plan"],
        ["Proposed site plan"],
        ["Proposed elevations"],
        ["Proposed floor plan"],
    ]
    link = requests.get(
        f"{api}/api/v1/applications/{reference}/documents/{documents[0]['id']}",
        params={"disposition": "inline"},
        headers=headers,
        timeout=WAIT,
    )
    assert link.status_code == 200, link.text
    served = requests.get(link.json()["url"], timeout=WAIT)
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("inline;")
    assert served.content.startswith(b"%PDF-")


def test_a_newcomer_signs_in_sees_the_demo_applications_uploads_a_pdf_and_validates_one(local_run):
    process, credentials, _log = local_run
    api = credentials["api"]
    headers = _sign_in(credentials)

    listed = requests.get(f"{api}/api/v1/applications", params={"limit": "100"}, headers=headers, timeout=WAIT)
    assert listed.status_code == 200
    applications = listed.json()["applications"]
    # the thirteen ODP examples, made valid, and the README walkthrough's case, waiting to be validated
    assert len(applications) == 14
    reference = credentials["walkthrough"]
    assert {a["reference"]: a["status"] for a in applications}[reference] == "not_started"
    statuses = {a["reference"]: a["status"] for a in applications if a["reference"] in credentials["applications"]}
    assert {r for r, status in statuses.items() if status == "determined"} == set(credentials["decided"])
    assert {status for r, status in statuses.items() if r not in credentials["decided"]} == {"in_assessment"}

    upload = requests.post(
        f"{api}/api/v1/applications/{reference}/uploads",
        json={"file_name": "site-plan.pdf", "content_type": "application/pdf", "tags": ["sitePlan.proposed"]},
        headers=headers,
        timeout=WAIT,
    )
    assert upload.status_code == 201, upload.text
    form = upload.json()
    posted = requests.post(
        form["url"], data=form["fields"], files={"file": ("site-plan.pdf", PDF, "application/pdf")}, timeout=WAIT
    )
    assert posted.status_code in (200, 201, 204), posted.text

    def recorded():
        case = requests.get(f"{api}/api/v1/applications/{reference}", headers=headers, timeout=WAIT).json()
        return [d for d in case["documents"] if d["file_name"] == "site-plan.pdf"]

    document = _poll(recorded)[0]
    assert document["status"] == "received" and document["content_type"] == "application/pdf"
    assert document["size"] == len(PDF)

    def waiting():
        case = requests.get(f"{api}/api/v1/applications/{reference}", headers=headers, timeout=WAIT).json()
        return "validate" in case["available_actions"] and case["application"].get("awaiting") == "validation_decision"

    _poll(waiting)
    decided = requests.post(
        f"{api}/api/v1/applications/{reference}/validation-decision",
        json={"decision": "valid"},
        headers=headers,
        timeout=WAIT,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["application"]["status"] == "in_assessment"

    # bad credentials are refused; the integrator token from credentials.json works for reading
    assert requests.get(f"{api}/api/v1/applications", timeout=WAIT).status_code == 401
    token_headers = {"Authorization": f"Bearer {credentials['api_token']}"}
    assert (
        requests.get(f"{api}/api/v1/applications/{reference}", headers=token_headers, timeout=WAIT).status_code == 200
    )


def _england_public_holidays(year: int) -> set:
    """Christmas Day, Good Friday and the Banking and Financial Dealings Act 1971 bank holidays: the library
    also lists a bank holiday's weekend day (Sat 26 Dec 2026), which its substitute weekday replaces."""
    import holidays

    listed = holidays.country_holidays("GB", subdiv="ENG", years=[year, year + 1])
    return {d for d in listed if d.weekday() < 5 or (d.month, d.day) == (12, 25)}


def _expected_end_date(today):
    """Worked out here, apart from the product's calendar: letters the next business day, then 21 days,
    a day more for each public holiday inside the period (householder applications disregard them)."""
    from datetime import timedelta

    off = _england_public_holidays(today.year)
    letters = today + timedelta(days=1)
    while letters.weekday() >= 5 or letters in off:
        letters += timedelta(days=1)
    end, counted = letters, 0
    while counted < 21:
        end += timedelta(days=1)
        if end not in off:
            counted += 1
    return end


def test_a_consultation_runs_in_the_local_run_from_neighbours_to_completion(local_run):
    """The consultation issue's "done": neighbours within 50 m, letters in the outbox, a consultee from the
    council's directory answers through their link, two members of the public comment, the officer redacts
    one, the end date is right, and moving the demo clock past it completes the consultation."""
    from datetime import date

    _process, credentials, _log = local_run
    api = credentials["api"]
    headers = _sign_in(credentials)

    def get(path):
        response = requests.get(f"{api}{path}", headers=headers, timeout=WAIT)
        assert response.status_code == 200, response.text
        return response.json()

    def post(path, body=None, status=200):
        response = requests.post(f"{api}{path}", json=body or {}, headers=headers, timeout=WAIT)
        assert response.status_code == status, response.text
        return response.json()

    applications = get("/api/v1/applications?limit=100")["applications"]
    householder = [a for a in applications if a["application_type"] == "pp.full.householder"][-1]
    reference = householder["reference"]

    def ready():
        case = get(f"/api/v1/applications/{reference}")
        return case["application"]["status"] != "not_started" or case["application"].get("awaiting") == (
            "validation_decision"
        )

    _poll(ready)
    if get(f"/api/v1/applications/{reference}")["application"]["status"] == "not_started":
        post(f"/api/v1/applications/{reference}/validation-decision", {"decision": "valid"})

    neighbours = post(f"/api/v1/applications/{reference}/neighbours", {"radius_m": 50})["neighbours"]
    assert neighbours, "the demo addresses have neighbours within 50 m of the demo householder site"
    directory = get("/api/v1/council/consultees")["consultees"]
    highways = next(c for c in directory if c["name"] == "Highways team")
    post(f"/api/v1/applications/{reference}/consultees", {"directory_id": highways["id"]}, status=201)

    clock = requests.get(f"{api}/local/clock", timeout=WAIT).json()
    today = date.fromisoformat(clock["now"][:10])
    started = post(f"/api/v1/applications/{reference}/consultation")
    end = date.fromisoformat(started["consultation"]["end_date"])
    assert end == _expected_end_date(today)

    def outbox(template):
        emails = get("/api/v1/outbox")["emails"]
        return [e for e in emails if e["reference"] == reference and e["template"] == template]

    letters = _poll(lambda: len(outbox("letter")) == len(neighbours) and outbox("letter"))
    assert all(letter["to"].startswith("The Occupier") for letter in letters)
    (email,) = _poll(lambda: outbox("consultee_consultation"))
    link = {"Authorization": f"Bearer {email['personalisation']['link'].split('#', 1)[1]}"}
    answered = requests.post(
        f"{api}/api/v1/consultee/response",
        json={"stance": "approved", "text": "No highways objection."},
        headers=link,
        timeout=WAIT,
    )
    assert answered.status_code == 200, answered.text

    for index, (name, stance, text) in enumerate(
        [
            ("A Neighbour", "objection", "It will overlook my garden."),
            ("B Resident", "supportive", "Good design. Call me on 07700 900123."),
        ]
    ):
        commented = requests.post(
            f"{api}/api/v1/public/{credentials['council']}/applications/{reference}/comments",
            json={
                "name": name,
                "address": f"{index + 1} Nearby Road",
                "stance": stance,
                "topics": ["design"],
                "text": text,
            },
            timeout=WAIT,
        )
        assert commented.status_code == 201, commented.text
    comments = get(f"/api/v1/applications/{reference}/comments")["comments"]
    second = next(c for c in comments if c["name"] == "B Resident")
    post(
        f"/api/v1/applications/{reference}/comments/{second['id']}/redaction",
        {"redacted_text": "Good design. Call me on [removed]."},
    )
    public = requests.get(f"{api}/api/v1/public/{credentials['council']}/applications/{reference}", timeout=WAIT).json()
    assert [c["text"] for c in public["comments"]] == ["Good design. Call me on [removed]."]
    summary = get(f"/api/v1/applications/{reference}/consultation")
    assert summary["comments"]["total"] == 2 and summary["consultation"]["end_date"] == end.isoformat()
    assert summary["consultees"][0]["response"]["stance"] == "approved"

    # the demo clock moves the whole system past the end date: the waiting workflow completes it
    try:
        moved = requests.post(f"{api}/local/clock", json={"days": (end - today).days + 1}, timeout=WAIT)
        assert moved.status_code == 200 and moved.json()["now"][:10] > end.isoformat()
        _poll(
            lambda: get(f"/api/v1/applications/{reference}/consultation")["consultation"]["status"] == "complete",
            timeout=120,
        )
    finally:
        requests.post(f"{api}/local/clock", json={"days": 0}, timeout=WAIT)
    assert requests.post(f"{api}/local/clock", data="days=3", timeout=WAIT).status_code == 422


def test_the_register_serves_the_thirteen_valid_demo_applications_in_the_odp_published_shape(local_run):
    """Issue 14's "done": the v2 public search and application endpoints return the demo applications,
    made valid at start-up, each valid against the bundled official postSubmissionPublishedApplication schema;
    the walkthrough's case, not yet valid, is not public."""
    from bops.odp.post_submission import published_errors

    _process, credentials, _log = local_run
    v2 = f"{credentials['api']}/api/v2/{credentials['council']}"
    found = requests.get(
        f"{v2}/public/planning_applications/search", params={"resultsPerPage": "50"}, timeout=WAIT
    ).json()
    references = {a["data"]["application"]["reference"] for a in found["data"]}
    walkthrough = credentials["walkthrough"]
    # another test of this module may have validated the walkthrough's case already (then it is public too)
    validated = walkthrough in references
    assert references - {walkthrough} == set(credentials["applications"])
    assert found["pagination"]["totalResults"] == 13 + validated
    for application in found["data"]:
        assert published_errors(application) == [], application["data"]["application"]["reference"]
    for reference in sorted(references):
        shown = requests.get(f"{v2}/public/planning_applications/{reference}", timeout=WAIT)
        assert shown.status_code == 200, shown.text
        assert published_errors(shown.json()["data"]) == [], reference
    if not validated:
        hidden = requests.get(f"{v2}/public/planning_applications/{walkthrough}", timeout=WAIT)
        assert hidden.status_code == 404


def test_the_open_data_files_and_the_quarters_returns_match_the_demo_data(local_run):
    """Issue 14's "done": the open data files and the current quarter's PS1/PS2 can be downloaded and their
    figures match the demo: 13 valid applications (14 received with the walkthrough's case), two decided at
    start-up (a lawful development certificate for an existing use refused, one for a proposed use granted:
    both "other" development, Q20; certificates need no publicity, DMPO 2015 art. 15 applies to planning
    applications)."""
    import csv
    import io

    from local import demo_decisions

    _process, credentials, _log = local_run
    api = credentials["api"]
    assert len(credentials["decided"]) == len(demo_decisions.DECISIONS) == 2

    def datasets():
        listing = requests.get(f"{api}/api/v1/public/{credentials['council']}/open-data", timeout=WAIT).json()
        rows = {}
        for file in listing["files"]:
            if file["format"] == "csv":
                text = requests.get(file["url"], timeout=WAIT).text
                rows[file["dataset"]] = list(csv.DictReader(io.StringIO(text)))
        # rebuilt on each case event: wait for the decisions to be in it
        return rows if len(rows.get("decision-notice", [])) == 2 else None

    rows = _poll(datasets)
    published = {row["reference"] for row in rows["planning-application"]}
    assert set(credentials["applications"]) <= published <= {*credentials["applications"], credentials["walkthrough"]}
    decisions = {row["planning-application"]: row["decision"] for row in rows["decision-notice"]}
    assert set(decisions) == set(credentials["decided"])

    admin = _sign_in(credentials, "admin")
    # the quarter the demo started in (another test of this module moves the demo clock on)
    decided_on = {row["decision-date"] for row in rows["decision-notice"]}.pop()
    quarter = f"{decided_on[:4]}Q{(int(decided_on[5:7]) - 1) // 3 + 1}"
    ps1 = requests.get(f"{api}/api/v1/council/returns/ps1", params={"quarter": quarter}, headers=admin, timeout=WAIT)
    assert ps1.status_code == 200, ps1.text
    figures = ps1.json()
    assert (figures["received"], figures["decided"]) == (14, 2)
    assert figures["minor"]["total"] == 0
    assert (figures["other"]["total"], figures["other"]["granted"], figures["other"]["refused"]) == (2, 1, 1)
    ps2 = requests.get(
        f"{api}/api/v1/council/returns/ps2", params={"quarter": quarter, "format": "csv"}, headers=admin, timeout=WAIT
    )
    assert ps2.status_code == 200 and ps2.headers["Content-Type"].startswith("text/csv"), ps2.text
    lines = {line["code"]: line for line in csv.DictReader(io.StringIO(ps2.text))}
    total = lines.pop("total")
    assert (total["total"], total["granted"], total["refused"]) == ("2", "1", "1")
    assert sum(int(line["total"]) for line in lines.values()) == 2
    assert (lines["Q20"]["total"], lines["Q20"]["granted"], lines["Q20"]["refused"]) == ("2", "1", "1")


def test_the_demo_pre_application_is_on_the_officers_list(local_run):
    # the bundled ODP pre-application example, seeded as PlanX would post it (local/demo_pre_application.py)
    _process, credentials, _log = local_run
    (reference,) = credentials["pre_applications"]
    assert reference.endswith("-PRE")
    listed = requests.get(f"{credentials['api']}/api/v1/pre-applications", headers=_sign_in(credentials), timeout=WAIT)
    assert listed.status_code == 200, listed.text
    rows = {row["reference"]: row for row in listed.json()["pre_applications"]}
    assert rows[reference]["site_address"] == "75, MAIN STREET, AUCKLEY, DONCASTER, DN9 3HW"


def test_an_officer_issues_the_demo_pre_application_advice_and_serves_a_notice_on_the_demo_breach(local_run):
    """Issue 15's "done": in the local run an officer finds the demo pre-application and breach report on the
    dashboard's lists, issues the advice report (PDF) and serves an enforcement notice with its dates
    (takes effect 28 days after service, TCPA 1990 s.172(3)(b); appeal before then, s.174(3))."""
    from datetime import date, timedelta

    _process, credentials, _log = local_run
    api = credentials["api"]
    headers = _sign_in(credentials)

    def get(path):
        response = requests.get(f"{api}{path}", headers=headers, timeout=WAIT)
        assert response.status_code == 200, response.text
        return response.json()

    def act(path, action, body, allowed):
        _poll(lambda: action in get(path)[allowed])  # the workflow takes each step's task token first
        response = requests.post(f"{api}{path}/{action}", json=body, headers=headers, timeout=WAIT)
        assert response.status_code == 200, response.text
        return response.json()

    (pre_application,) = credentials["pre_applications"]
    (breach,) = credentials["enforcement"]
    assert pre_application in [r["reference"] for r in get("/api/v1/pre-applications")["pre_applications"]]
    assert breach in [r["reference"] for r in get("/api/v1/enforcement")["cases"]]

    advice = f"/api/v1/pre-applications/{pre_application}"
    act(advice, "assign", {"officer": credentials["officer"]["username"]}, "actions")
    act(advice, "start", {}, "actions")
    report = {"summary": "A rear conservatory is likely to be acceptable.", "requirements": ["Floor plans"]}
    act(advice, "save_report", report, "actions")
    act(advice, "submit_report", {}, "actions")
    issued = _poll(lambda: (case := get(advice))["pre_application"]["status"] == "advice_issued" and case)
    pdf = requests.get(issued["report_links"]["pdf"], timeout=WAIT)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    case = f"/api/v1/enforcement/{breach}"
    today = date.fromisoformat(requests.get(f"{api}/local/clock", timeout=WAIT).json()["now"][:10])
    act(case, "triage", {"categories": ["operational_development"]}, "allowed_actions")
    visit = {"visited_on": today.isoformat(), "notes": "A timber building in the front garden."}
    act(case, "visit", visit, "allowed_actions")
    notice = {"kind": "enforcement", "served_on": today.isoformat(), "requirements": "Remove the building"}
    served = act(case, "notice", notice, "allowed_actions")["case"]
    assert served["status"] == "notice_served"
    (dates,) = served["notices"]
    assert dates["takes_effect_on"] == (today + timedelta(days=28)).isoformat()
    assert dates["appeal_by"] == (today + timedelta(days=27)).isoformat()
    assert date.fromisoformat(dates["compliance_due"]) > today + timedelta(days=28)


def _agree(url, reviewer):
    """The second officer agrees the recommendation, overriding a failed mandatory check with a reason if one
    is left (the demo submissions underpay their fees)."""
    agreed = requests.post(url, json={"action": "agree"}, headers=reviewer, timeout=WAIT)
    if agreed.status_code == 409 and "override" in agreed.text:
        override = {"action": "agree", "override_checks": {"reason": "Checked by the reviewer."}}
        agreed = requests.post(url, json=override, headers=reviewer, timeout=WAIT)
    return agreed


def test_an_officer_takes_the_walkthrough_case_from_validation_to_a_grant_with_conditions(local_run):
    """Issues 11 and 12's "done", over the local run's API as the pages call it: the walkthrough's householder
    case has its red line on a map and its "valid" email with the determination date in the outbox; the
    officer assigns it to a colleague, who consults the neighbours picked around the site (one removed), and,
    once the consultation has ended (DMPO 2015 art. 33), completes the pre-filled assessment tasks (the
    standard time-limit and approved-plans conditions among them) and recommends a grant; a second officer
    agrees; the public register shows the officer report and the decision notice (conditions with their
    reasons, the article 35 statement), and the applicant's outbox holds the notice email."""
    import html
    from datetime import date

    _process, credentials, _log = local_run
    api = credentials["api"]
    assessor = _sign_in(credentials)
    colleague = _sign_in(credentials, "admin")
    reviewer = _sign_in(credentials, "reviewer")
    reference = credentials["walkthrough"]
    path = f"/api/v1/applications/{reference}"

    def call(method, url, headers=assessor, body=None, status=200):
        response = requests.request(method, f"{api}{url}", json=body, headers=headers, timeout=WAIT)
        assert response.status_code == status, f"{method} {url}: {response.text}"
        return response.json()

    def application():
        return call("GET", path)["application"]

    # Validated (by the newcomer's test above, or here): the applicant's "valid" email names the date
    _poll(lambda: application()["status"] != "not_started" or application().get("awaiting") == "validation_decision")
    if application()["status"] == "not_started":
        call("POST", f"{path}/validation-decision", body={"decision": "valid"})
    case = application()
    emails = call("GET", "/api/v1/outbox")["emails"]
    valid = [e for e in emails if e["reference"] == reference and e["template"] == "application_valid"]
    assert valid and {e["personalisation"]["determination_date"] for e in valid} == {case["expiry_date"]}

    # The red line on the case's map
    drawn = call("GET", f"{path}/map")
    red_line = drawn["red_line"]
    geometry = red_line.get("geometry", red_line)
    assert geometry["type"] in ("Polygon", "MultiPolygon") and geometry["coordinates"]

    # Assigned to a colleague from the council's officers, who takes it on
    assigned = call("POST", f"{path}/assignment", body={"officer": "admin"})
    assert assigned["application"]["assigned_officer"] == "admin"

    # Neighbours around the site, one removed, and the consultation started (unless the consultation test
    # above took this case: then it has run already)
    consultation = call("GET", f"{path}/consultation")["consultation"]
    today = date.fromisoformat(requests.get(f"{api}/local/clock", timeout=WAIT).json()["now"][:10])
    if consultation is None or consultation["status"] == "not_started":
        neighbours = call("POST", f"{path}/neighbours", colleague, {"radius_m": 50})["neighbours"]
        assert len(neighbours) >= 2
        kept = call("DELETE", f"{path}/neighbours/{neighbours[0]['id']}", colleague)["neighbours"]
        assert len(kept) == len(neighbours) - 1
        # publicised by letters (DMPO 2015 art. 15(5)): no site or press notice to evidence
        notices = {"site_notice": {"required": False}, "press_notice": {"required": False}}
        call("PUT", f"{path}/notices", colleague, notices)
        call("POST", f"{path}/consultation", colleague)
    # the end date counts from the letters (sent by the workflow): the clock moves only once they are out
    consultation = _poll(
        lambda: (c := call("GET", f"{path}/consultation", colleague)["consultation"]).get("letters_sent_on") and c
    )
    end = date.fromisoformat(consultation["end_date"])

    # The assessment: every task pre-filled, saved as the colleague's judgement
    _poll(lambda: application().get("awaiting") in ("assessment", "recommendation"))
    if application().get("awaiting") == "assessment":
        call("POST", f"{path}/assessment", colleague, {})
    _poll(lambda: application().get("awaiting") == "recommendation")
    assessment = call("GET", f"{path}/assessment", colleague)
    tasks = {t["name"]: t for t in assessment["tasks"]}
    conditions = tasks["conditions"]["data"]["conditions"]
    assert len(conditions) >= 2, "the standard time-limit and approved-plans conditions are pre-filled"
    for name in assessment["outstanding"]:
        call("PUT", f"{path}/assessment/{name}", colleague, {"status": "completed", "data": tasks[name]["data"]})
    fee = call("GET", f"{path}/fee", colleague)
    if fee["outstanding_pence"]:  # the officer records the payment taken by phone: agreed is not paid
        payment = {"amount_pence": fee["outstanding_pence"], "method": "card", "received_on": today.isoformat()}
        call("POST", f"{path}/fee-payments", colleague, payment, status=201)
    summary = "A modest rear extension that respects its neighbours."
    recommendation = {"decision": "granted", "summary": summary}
    if end >= today:  # no recommendation while the public may comment (DMPO 2015 art. 33): 409 naming the end
        early = call("POST", f"{path}/recommendation", colleague, recommendation, status=409)
        assert end.isoformat() in early["error"]["message"]

    try:
        moved = requests.post(f"{api}/local/clock", json={"days": max((end - today).days + 1, 0)}, timeout=WAIT)
        assert moved.status_code == 200
        _poll(lambda: call("GET", f"{path}/consultation", colleague)["consultation"]["status"] == "complete")
        call("POST", f"{path}/recommendation", colleague, recommendation)

        # The second officer agrees (task by task, then the recommendation)
        _poll(lambda: application().get("awaiting") == "review")
        call("POST", f"{path}/assessment/conditions/review", reviewer, {"action": "agree"})
        agreed = _agree(f"{api}{path}/review", reviewer)
        assert agreed.status_code == 200, agreed.text
        _poll(lambda: application()["status"] == "determined" and application().get("decision_notice"))
    finally:
        requests.post(f"{api}/local/clock", json={"days": 0}, timeout=WAIT)

    # The public register: the officer report and the lawful decision notice, shown in the browser
    public = f"{api}/api/v1/public/{credentials['council']}/applications/{reference}"

    def published(document):
        link = requests.get(f"{public}/{document}", params={"format": "html"}, timeout=WAIT)
        assert link.status_code == 200, link.text
        return requests.get(link.json()["url"], timeout=WAIT)

    report = published("officer-report")
    assert report.status_code == 200 and summary in html.unescape(report.text)
    notice = published("decision-notice")
    assert notice.status_code == 200 and notice.headers["Content-Type"].startswith("text/html")
    assert notice.headers.get("Content-Disposition", "inline").startswith("inline")
    text = html.unescape(notice.text)
    for condition in conditions:
        assert condition["text"] in text and condition["reason"] in text
    assert "positive and proactive manner" in text and "article 35(2)" in text
    assert "Tom Okafor" in text  # signed by the deciding officer's full name, not a username

    # and the applicant's outbox has the notice email
    def notice_emails():
        emails = call("GET", "/api/v1/outbox")["emails"]
        return [e for e in emails if e["reference"] == reference and e["template"] == "decision_notice"]

    assert {e["personalisation"]["decision"] for e in _poll(notice_emails)} == {"granted"}


def test_ctrl_c_stops_it_cleanly(local_run):
    process, _credentials, log_path = local_run
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=WAIT) == 0
    assert _tracebacks(log_path) == []  # nor while the journeys above ran
