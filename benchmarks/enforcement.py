"""Step Functions state transitions of one enforcement case, counted from its execution's history.

A breach report goes through triage, a site visit and a served enforcement notice; the workflow sleeps until
the notice's compliance date (simulated time runs fast, ``transitions.FastClock``, so 118 days pass in
seconds while the Wait sleeps until the real moment, as on AWS), raises "compliance check due", and the
officer closes the case. Each officer step costs the case execution's waiting task and a choice; the
notice's own timer execution one check when it starts and one when the date comes, never a daily poll.

    .venv/bin/python scripts/benchmark.py --only enforcement [--quick]
"""

from __future__ import annotations

import json
import time as real_time
from pathlib import Path
from typing import Any

TARGET = 30
BREACH = Path(__file__).resolve().parents[1] / "layers/bops/python/bops/odp/schema/examples/breach.json"


def enforcement_journey(council: Any) -> str:
    import uuid

    from bops.domain.time import london_date
    from bops.services.context import context
    from tests.support import wait_for

    body = json.loads(BREACH.read_text())
    body["metadata"]["id"] = str(uuid.uuid4())
    reference: str = council.integrator.post("/api/v1/submissions", json_body=body).json()["reference"]
    officer = council.officer("assessor")

    def awaiting() -> bool:
        case = context().repo.enforcement.get(council.id, reference)
        return bool(case and case.task_token)

    def step(action: str, payload: dict[str, Any]) -> dict[str, Any]:
        wait_for(awaiting, timeout=60)
        response = officer.post(f"/api/v1/enforcement/{reference}/{action}", json_body=payload)
        assert response.status_code == 200, response.text
        return response.json()

    def today() -> str:
        return london_date(context().clock.now()).isoformat()

    step("triage", {"categories": ["operational_development"], "immunity_kind": "operational_development"})
    step("visit", {"visited_on": today(), "notes": "Outbuilding seen from the street."})
    step("notice", {"kind": "enforcement", "served_on": today(), "requirements": "Remove the outbuilding."})
    wait_for(
        lambda: officer.get(f"/api/v1/enforcement/{reference}").json()["case"]["compliance_checks_due"], timeout=120
    )
    step("close", {"reason": "Removed; checked on site."})
    return reference


def run(quick: bool) -> dict[str, Any]:
    from benchmarks.transitions import FastClock, count, finished
    from bops.config import NO_RECHECK_SECONDS
    from bops.services.context import context
    from local import runtime as local_runtime
    from tests.support import new_council, wait_for

    rt = local_runtime.start()
    ctx = context()
    original = ctx.clock, ctx.timer_recheck_seconds
    # a day in 0.1 s: the notice's 118 days to its compliance date pass in about 12 s
    ctx.clock, ctx.timer_recheck_seconds = FastClock(day_seconds=0.1), NO_RECHECK_SECONDS
    try:
        cases = 1 if quick else 2
        totals, example = [], None
        started = real_time.monotonic()
        for _ in range(cases):
            council = new_council(rt)
            reference = enforcement_journey(council)
            wait_for(lambda c=council.id, r=reference: finished(rt, c, r), timeout=60)
            counted = count(rt, council.id, reference)
            totals.append(counted["total"])
            example = example or counted
        assert example is not None
        worst = max(totals)
        return {
            "transitions_per_enforcement_case": {"value": worst, "target": f"<= {TARGET}", "ok": worst <= TARGET},
            "cases": cases,
            "transitions_each": totals,
            "states_entered": json.loads(json.dumps({n: dict(c) for n, c in example["per_execution"].items()})),
            "seconds": round(real_time.monotonic() - started, 1),
        }
    finally:
        ctx.clock, ctx.timer_recheck_seconds = original
        rt.stop()
