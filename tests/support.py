"""Helpers shared by the integration and end-to-end tests."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "local" / "demo_data" / "odp"
PASSWORD = "Test-Passw0rd!"

# How long a test waits, at most, for something to happen: one place, generous ceilings. Every wait is for a
# condition and ends as soon as it holds, so a ceiling costs nothing when things go well; it only has to
# outlast a busy machine (the suite must pass with both cores of a 2-core machine kept busy by other work).
#: An HTTP call, or a page reacting to a click or a key (the API call behind it included).
WAIT = 60.0
#: Something the workflow does in the background: a Step Functions step and its Lambdas in moto (checks on
#: arrival, recording an upload, rendering a decision notice PDF, sending letters).
WORKFLOW_WAIT = 120.0
#: The same ceilings in milliseconds, for Playwright.
WAIT_MS = int(WAIT * 1000)
WORKFLOW_WAIT_MS = int(WORKFLOW_WAIT * 1000)


def example_path(name: str) -> Path:
    return next(p for p in EXAMPLES.rglob("*.json") if p.stem == name)


def example(name: str, **metadata: Any) -> dict[str, Any]:
    """An ODP example with a fresh metadata.id (so each test gets its own application)."""
    data = json.loads(example_path(name).read_text())
    data["metadata"]["id"] = metadata.get("id") or _uuid()
    return data


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())


def wait_for(predicate: Callable[[], Any], *, timeout: float = WORKFLOW_WAIT, interval: float = 0.1) -> Any:
    """Polls an asynchronous effect (a workflow step running in moto) until it shows, bounded.

    ``timeout`` never goes below ``WORKFLOW_WAIT``: what takes seconds on an idle machine can take many times
    that on a loaded one, and a test failing for a slow machine says nothing about the product.
    """
    deadline = time.monotonic() + max(timeout, WORKFLOW_WAIT)
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the workflow")
        time.sleep(interval)


@dataclass
class Caller:
    base: str
    token: str | None

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> requests.Response:
        h = {"Content-Type": "application/json"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        h.update(headers or {})
        body = data if data is not None else (json.dumps(json_body).encode() if json_body is not None else None)
        return requests.request(method, self.base + path, data=body, headers=h, params=params, timeout=WAIT)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        return self.request("DELETE", path, **kw)


#: The test officers' full names and job titles: a decision notice is signed with both, and no decision is
#: made by an officer the directory has neither for (``bops.services.cases.signatory``).
OFFICER_NAMES = {
    "assessor": ("Priya Shah", "Planning officer"),
    "reviewer": ("Tom Okafor", "Senior planning officer"),
    "administrator": ("Helen Marsh", "Development management team leader"),
}


@dataclass
class CouncilFixture:
    """A council of its own for one test: officers of each role and an integrator token."""

    id: str
    api_url: str
    token: str
    officer_tokens: dict[str, str] = field(default_factory=dict)

    @property
    def integrator(self) -> Caller:
        return Caller(self.api_url, self.token)

    def officer(self, role: str = "assessor") -> Caller:
        return Caller(self.api_url, self.officer_tokens[role])

    @property
    def anonymous(self) -> Caller:
        return Caller(self.api_url, None)

    def submit(self, name: str = "fullHouseholder", **kw: Any) -> str:
        response = self.integrator.post("/api/v1/submissions", json_body=example(name, **kw))
        assert response.status_code == 201, response.text
        return response.json()["reference"]

    def case(self, reference: str, role: str = "assessor") -> dict[str, Any]:
        response = self.officer(role).get(f"/api/v1/applications/{reference}")
        assert response.status_code == 200, response.text
        return response.json()

    def validated(self, name: str = "fullHouseholder") -> str:
        """An application submitted, waiting for the officer's validation decision, and declared valid."""
        reference = self.submit(name)
        wait_for(lambda: self.case(reference)["application"].get("awaiting") == "validation_decision")
        response = self.officer().post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
        )
        assert response.status_code == 200, response.text
        return reference


def new_council(runtime: Any, *, roles: tuple[str, ...] = ("assessor", "reviewer", "administrator")) -> CouncilFixture:
    from bops.auth import SCOPES
    from bops.services import councils
    from bops.services.context import context
    from local import stack

    council_id = "c" + secrets.token_hex(5)
    councils.create_council(context(), council_id, f"Council {council_id}")
    token = councils.create_token(
        context(), council_id, councils.TokenRequest(name="Test integrator", scopes=list(SCOPES)), created_by="test"
    ).token
    fixture = CouncilFixture(id=council_id, api_url=runtime.api_url, token=token)
    for role in roles:
        username = f"{role}-{council_id}"
        stack.create_officer(
            runtime.resources,
            username=username,
            password=PASSWORD,
            council=council_id,
            roles=(role,),
            email=f"{username}@example.org",
            name=OFFICER_NAMES[role][0],
            job_title=OFFICER_NAMES[role][1],
        )
        fixture.officer_tokens[role] = stack.sign_in(runtime.resources, username, PASSWORD)
    return fixture


def applicant_links(council: CouncilFixture, reference: str) -> list[str]:
    """The secret link tokens sent to the applicant for an application, from the local outbox."""
    emails = council.officer().get("/api/v1/outbox").json()["emails"]
    links = [
        e["personalisation"]["link"] for e in emails if e["reference"] == reference and "link" in e["personalisation"]
    ]
    return [link.split("#", 1)[1] for link in links]


@contextmanager
def moto_in_process(monkeypatch: Any) -> Iterator[None]:
    """moto in this process, with fake credentials where none are set. It is started without a reset and
    stopped keeping its data: a session-wide local runtime in the same process may share its backends, so
    a test creates (and deletes) its own resources instead."""
    import os

    from moto import mock_aws

    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "eu-west-2"),
    ):
        if not os.environ.get(name):
            monkeypatch.setenv(name, value)
    mock = mock_aws()
    mock.start(reset=False)
    try:
        yield
    finally:
        mock.stop(remove_data=False)


@contextmanager
def fresh_repository(monkeypatch: Any) -> Iterator[Any]:
    """A table of the caller's own (the local stack's definition) on moto in this process, as a
    ``Repository``; deleted afterwards."""
    import uuid

    import boto3

    from bops.adapters import aws
    from bops.repository import Repository
    from local import stack

    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    aws.reset()
    with moto_in_process(monkeypatch):
        name = f"bops-unit-{uuid.uuid4().hex[:12]}"
        client = boto3.client("dynamodb")
        client.create_table(**stack.table_definition(name))
        try:
            yield Repository(name)
        finally:
            client.delete_table(TableName=name)
            aws.reset()


def add_neighbours_and_consultee(officer: Any, reference: str, lines: Any, postcode: str) -> None:
    """An officer adds a neighbour for each address line and the Highways team as a consultee."""
    for line in lines:
        added = officer.post(
            f"/api/v1/applications/{reference}/neighbours",
            json_body={"address": {"single_line": line, "postcode": postcode}},
        )
        assert added.status_code == 200, added.text
    consultee = officer.post(
        f"/api/v1/applications/{reference}/consultees",
        json_body={"name": "Highways team", "organisation": "Highways", "email": "highways@council.example"},
    )
    assert consultee.status_code == 201, consultee.text


#: A reviewer agreeing a recommendation whose case failed a mandatory validation check on arrival (the demo
#: submissions underpay the fee): the decision needs the reviewer's explicit, audited override.
AGREE = {"action": "agree", "override_checks": {"reason": "The fee was paid in full by telephone (receipt 4471)."}}


def complete_assessment(council: CouncilFixture, reference: str, role: str = "assessor") -> list[str]:
    """The officer completes every required assessment task still outstanding, saving what the system
    pre-filled (the recommendation waits for them). Returns the tasks completed."""
    officer = council.officer(role)
    assessment = officer.get(f"/api/v1/applications/{reference}/assessment")
    assert assessment.status_code == 200, assessment.text
    tasks = {t["name"]: t for t in assessment.json()["tasks"]}
    done = []
    for name in assessment.json()["outstanding"]:
        saved = officer.put(
            f"/api/v1/applications/{reference}/assessment/{name}",
            json_body={"status": "completed", "data": tasks[name]["data"]},
        )
        assert saved.status_code == 200, saved.text
        done.append(name)
    return done


def refusal_reasons(council: CouncilFixture, reference: str, *texts: str, role: str = "assessor") -> list[Any]:
    """Reasons for refusal as the officer gives them: where the application type has a policies task, the
    officer records a policy the proposal conflicts with (NPPF 135, from the bundled policies) and each
    reason cites it (DMPO 2015 art. 35(1)(b)); other types (a certificate) give plain reasons."""
    officer = council.officer(role)
    assessment = officer.get(f"/api/v1/applications/{reference}/assessment").json()
    if not any(t["name"] == "policies" for t in assessment["tasks"]):
        return list(texts)
    consideration = {"policy_id": "nppf-135", "assessment": "does_not_comply", "comment": "Poorly designed."}
    saved = officer.put(
        f"/api/v1/applications/{reference}/assessment/policies",
        json_body={"status": "completed", "data": {"considerations": [consideration]}},
    )
    assert saved.status_code == 200, saved.text
    return [{"text": text, "policy_ids": ["nppf-135"]} for text in texts]


def consult_until_ended(council: CouncilFixture, reference: str, *, respond: Callable[[str], Any] | None = None) -> str:
    """The officer starts the consultation a publicised application needs before it is recommended or
    determined (DMPO 2015 art. 15 and art. 33), the letters go out, and the clock moves past the end date
    until the workflow completes it; the clock is then back at today. The officer publicises by letters
    alone (DMPO 2015 art. 15(5): letters or a site notice): the notices are planned as not required, so
    their display need not be evidenced. ``respond(token)`` is called with each consultee's link token
    while the consultation runs. Returns the end date (ISO)."""
    from datetime import UTC, date, datetime, timedelta

    from bops.services.context import context

    officer = council.officer()
    path = f"/api/v1/applications/{reference}"
    planned = officer.put(
        f"{path}/notices", json_body={"site_notice": {"required": False}, "press_notice": {"required": False}}
    )
    assert planned.status_code == 200, planned.text
    ctx = context()
    recheck = ctx.timer_recheck_seconds
    # the workflow looks at the end date again every second while the test waits (not once a year)
    ctx.timer_recheck_seconds = 1
    try:
        started = officer.post(f"{path}/consultation")
        assert started.status_code == 200, started.text
        # the letters go out first (the workflow would complete a consultation it finds past its end date)
        consultation = wait_for(
            lambda: (c := officer.get(f"{path}/consultation").json()["consultation"]).get("letters_sent_on") and c
        )
        if respond is not None:
            emails = wait_for(
                lambda: [
                    e
                    for e in officer.get("/api/v1/outbox").json()["emails"]
                    if e["reference"] == reference and e["template"] == "consultee_consultation"
                ]
            )
            for email in emails:
                respond(email["personalisation"]["link"].split("#", 1)[1])
        end = date.fromisoformat(consultation["end_date"])
        ctx.clock.travel_to(datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=12))
        wait_for(lambda: officer.get(f"{path}/consultation").json()["consultation"]["status"] == "complete")
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
        ctx.timer_recheck_seconds = recheck
    return end.isoformat()


def consult_if_needed(council: CouncilFixture, reference: str) -> None:
    """``consult_until_ended`` for an application whose type must be publicised (DMPO 2015 art. 15) and
    whose consultation has not started yet; nothing for one that needs no publicity (a lawful development
    certificate) or was consulted on already."""
    from bops.domain.consultation import publicity_rule

    if not publicity_rule(council.case(reference)["application"]["application_type"]):
        return
    current = council.officer().get(f"/api/v1/applications/{reference}/consultation")
    assert current.status_code == 200, current.text
    record = current.json()["consultation"]  # none until the officer starts or plans it
    if record is None or record["status"] == "not_started":
        consult_until_ended(council, reference)
