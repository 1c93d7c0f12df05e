"""Step Functions state transitions per householder case, counted from the execution histories.

AWS bills a Standard workflow per state transition, so the figure is the number of states entered across
every execution of one case (application, consultation, validation requests). A householder case goes
through validation, a consultation (letters to neighbours, one consultee), assessment, review and
determination in the local stack, with the real state machines and handlers. Simulated time runs fast
(``FastClock``) so the consultation's 21 days pass in seconds while the timers sleep until their real
deadlines, as they do on AWS.

    .venv/bin/python scripts/benchmark.py --only transitions [--quick]
"""

from __future__ import annotations

import json
import time as real_time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

TARGET = 100
# The states of the timer loops (a task that re-reads the case, a choice, a wait) in the three machines.
TIMER_TASKS = {"CheckDeadlines", "CheckEnd", "CheckRequest"}
TIMER_STATES = TIMER_TASKS | {"TimerFinished?", "WaitForDeadline", "Finished?", "WaitForEndDate", "WaitUntilDue"}
# What a timer does when something is due (audit actions by the workflow).
TIMER_ACTIONS = {
    "application.expiry_approaching",
    "application.overdue",
    "consultation.completed",
    "validation_request.auto_closed",
}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class FastClock:
    """Simulated time running ``86400 / day_seconds`` times faster than real time from ``start``.

    A Wait state sleeps until a real moment fixed when it starts (``to_real``); with this clock that
    moment comes within seconds, so the timers run as on AWS, only sooner. Moving a clock by a jump
    cannot wake a sleeping Wait, which is why a test of timers needs a clock like this one.
    """

    def __init__(self, start: datetime | None = None, *, day_seconds: float = 0.5) -> None:
        self.start_real = datetime.now(UTC)
        self.start = start or self.start_real
        self.speed = 86400 / day_seconds

    def now(self) -> datetime:
        return self.start + (datetime.now(UTC) - self.start_real) * self.speed

    def to_real(self, moment: datetime) -> datetime:
        # moto's Wait drops the timestamp's fraction of a second and counts whole seconds, so it may end
        # up to two seconds early; two seconds more keep a timer from waking just before its
        # (fast-moving) deadline and sleeping again.
        return self.start_real + (moment - self.start) / self.speed + timedelta(seconds=2)

    def from_real(self, moment: datetime) -> datetime:
        return self.start + (moment - self.start_real) * self.speed


def executions_of(runtime: Any, council: str, reference: str) -> list[str]:
    """Every execution of a case: its application workflow, consultation runs and request timers."""
    import boto3

    from bops.adapters.workflow import execution_name

    sfn = boto3.client("stepfunctions")
    prefix = execution_name(council, reference)
    found = []
    for arn in runtime.resources.state_machine_arns.values():
        for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn):
            found += [
                e["executionArn"]
                for e in page["executions"]
                if e["name"] == prefix or e["name"].startswith(prefix + "--")
            ]
    return sorted(found)


def history(execution_arn: str) -> list[dict[str, Any]]:
    import boto3

    sfn = boto3.client("stepfunctions")
    events: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = sfn.get_execution_history(
            executionArn=execution_arn, maxResults=1000, **({"nextToken": token} if token else {})
        )
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events


def states_entered(events: list[dict[str, Any]]) -> list[str]:
    """The names of the states entered, in order: one billed transition each."""
    return [e["stateEnteredEventDetails"]["name"] for e in events if e["type"].endswith("StateEntered")]


def count(runtime: Any, council: str, reference: str) -> dict[str, Any]:
    """Transitions per execution of a case, the total, and how many went on the timer loops."""
    per_execution: dict[str, Counter[str]] = {}
    for arn in executions_of(runtime, council, reference):
        per_execution[arn.rsplit(":", 1)[1]] = Counter(states_entered(history(arn)))
    total = sum(sum(c.values()) for c in per_execution.values())
    timer = sum(n for c in per_execution.values() for state, n in c.items() if state in TIMER_STATES)
    checks = sum(n for c in per_execution.values() for state, n in c.items() if state in TIMER_TASKS)
    return {"per_execution": per_execution, "total": total, "timer": timer, "timer_checks": checks}


def polling(counted: dict[str, Any], audit_actions: list[str]) -> dict[str, Any]:
    """Timer checks that did nothing: neither a timer's first check (which schedules its first sleep)
    nor one that acted (an announcement, a completed consultation, an auto-closed request). A check
    that found a deadline moved, or a request already answered, counts here too: an upper bound."""
    acted = sum(1 for a in audit_actions if a in TIMER_ACTIONS)
    loops = sum(1 for c in counted["per_execution"].values() if any(c[t] for t in TIMER_TASKS))
    idle = max(counted["timer_checks"] - loops - acted, 0)
    per_check = 3  # task, choice, wait
    return {"idle_checks": idle, "share": round(idle * per_check / counted["total"], 3) if counted["total"] else 0.0}


def householder_journey(runtime: Any, council: Any, *, neighbours: int = 3) -> str:
    """One householder case from submission to the decision notice, with a consultation of a few
    neighbours and one consultee that runs its full 21 days (the caller installs a ``FastClock``)."""
    import requests

    from bops.domain.time import london_date
    from bops.services.context import context
    from tests.support import AGREE, complete_assessment, wait_for

    officer = council.officer("assessor")
    reference = council.submit("fullHouseholder")

    def case() -> dict[str, Any]:
        return council.case(reference)["application"]

    def act(caller: Any, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = caller.post(f"/api/v1/applications/{reference}/{path}", json_body=body or {})
        assert response.status_code in (200, 201), response.text
        return response.json()

    def awaiting(milestone: str) -> None:
        wait_for(lambda: case().get("awaiting") == milestone, timeout=60)

    awaiting("validation_decision")
    act(officer, "validation-decision", {"decision": "valid"})
    for number in range(1, neighbours + 1):
        act(
            officer,
            "neighbours",
            {"address": {"single_line": f"{number} Timer Street, London", "postcode": "SW9 9ZZ"}},
        )
    act(
        officer,
        "consultees",
        {"name": "Highways team", "organisation": "Highways", "email": "highways@council.example"},
    )
    act(officer, "consultation")

    def consultation() -> dict[str, Any]:
        return officer.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]

    # the site notice goes up once the letters are out (both change the consultation record; an officer
    # acting while the workflow writes it would be asked to try again)
    wait_for(lambda: consultation().get("letters_sent_on"), timeout=60)
    form = act(officer, "uploads", {"file_name": "site-notice.pdf", "content_type": "application/pdf"})
    requests.post(form["url"], data=form["fields"], files={"file": ("site-notice.pdf", PDF)}, timeout=60)
    wait_for(lambda: council.case(reference)["documents"], timeout=60)
    act(
        officer,
        "site-notice",
        {
            "displayed_on": london_date(context().clock.now()).isoformat(),
            "evidence_document_ids": [form["document_id"]],
        },
    )

    wait_for(lambda: consultation()["status"] == "complete", timeout=120)
    awaiting("assessment")
    act(officer, "assessment")
    awaiting("recommendation")
    complete_assessment(council, reference)
    act(
        officer,
        "recommendation",
        {
            "decision": "granted",
            "summary": "Acceptable in scale and design.",
            "conditions": [{"text": "Begin within 3 years.", "reason": "Section 91 of the TCPA 1990."}],
        },
    )
    awaiting("review")
    act(council.officer("reviewer"), "review", AGREE)
    wait_for(lambda: case().get("decision_notice"), timeout=60)
    return reference


def finished(runtime: Any, council: str, reference: str) -> bool:
    import boto3

    sfn = boto3.client("stepfunctions")
    return all(
        sfn.describe_execution(executionArn=arn)["status"] != "RUNNING"
        for arn in executions_of(runtime, council, reference)
    )


def run(quick: bool) -> dict[str, Any]:
    from bops.config import NO_RECHECK_SECONDS
    from bops.services.context import context
    from local import runtime as local_runtime
    from tests.support import new_council, wait_for

    rt = local_runtime.start()
    ctx = context()
    original = ctx.clock, ctx.timer_recheck_seconds
    ctx.clock, ctx.timer_recheck_seconds = FastClock(day_seconds=0.5), NO_RECHECK_SECONDS
    try:
        cases = 1 if quick else 3
        totals, shares, example = [], [], None
        started = real_time.monotonic()
        for _ in range(cases):
            council = new_council(rt)
            reference = householder_journey(rt, council)
            wait_for(lambda c=council.id, r=reference: finished(rt, c, r), timeout=60)
            counted = count(rt, council.id, reference)
            audit = [a["action"] for a in council.case(reference)["audit"]]
            shares.append(polling(counted, audit)["share"])
            totals.append(counted["total"])
            example = example or counted
        assert example is not None
        worst = max(totals)
        return {
            "transitions_per_householder_case": {"value": worst, "target": f"<= {TARGET}", "ok": worst <= TARGET},
            "cases": cases,
            "transitions_each": totals,
            "timer_transitions": example["timer"],
            "polling_share": max(shares),
            "per_execution": {name: sum(c.values()) for name, c in example["per_execution"].items()},
            "states_entered": json.loads(json.dumps({n: dict(c) for n, c in example["per_execution"].items()})),
            "seconds": round(real_time.monotonic() - started, 1),
        }
    finally:
        ctx.clock, ctx.timer_recheck_seconds = original
        rt.stop()
