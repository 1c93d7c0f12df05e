"""Two demo applications decided at start-up, so the register, the open data's decision dataset and the
current quarter's PS1/PS2 return show decisions from the start: a lawful development certificate for an
existing use refused and one for a proposed use granted, each through the officers' real steps over the API
(assessment started, its tasks completed as pre-filled, a recommendation, a second officer's agreement).

Both are certificates because neither needs publicity: a certificate decides a question of law and fact,
so nobody is consulted before it is issued. A planning application (the minor one, say) could not be
decided at start-up: it must be publicised and its period for representations must end first (DMPO 2015
art. 15 and art. 33), which takes 21 days of the demo's clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

from local import stack

#: example file name -> the recommendation the demo assessor makes
DECISIONS: dict[str, dict[str, Any]] = {
    "existing.json": {
        "decision": "refused",
        "summary": "The evidence submitted does not show that the outbuilding has been there long enough to be lawful.",
        "reasons": [
            "The evidence does not show, on the balance of probabilities, that the outbuilding was substantially "
            "completed at least ten years before the application was made, so it is not immune from enforcement "
            "action and is not lawful (Town and Country Planning Act 1990 ss. 171B(1) and 191(2))."
        ],
    },
    "proposed.json": {
        "decision": "granted",
        "summary": "The proposal is permitted development: lawful, as the certificate describes.",
    },
}
# the demo submissions underpay their fees (a failed check): the reviewer records why it may be decided anyway
OVERRIDE = {"reason": "Demo data: the fee was paid in full by telephone."}
STEP_WITHIN = 120  # seconds for a workflow to reach an officer's step


def decide(local: stack.LocalStack, api_url: str, references: dict[str, str], password: str) -> list[str]:
    """Decides the applications of ``DECISIONS`` (by example file name); returns their references."""
    assessor = _officer(local, api_url, "assessor", password)
    reviewer = _officer(local, api_url, "reviewer", password)
    decided = []
    for name, recommendation in DECISIONS.items():
        reference = references[name]
        path = f"/api/v1/applications/{reference}"
        _wait(assessor, path, "awaiting", "assessment")
        assessor("POST", f"{path}/assessment")
        _wait(assessor, path, "awaiting", "recommendation")
        assessment = assessor("GET", f"{path}/assessment")
        data = {task["name"]: task["data"] for task in assessment["tasks"]}
        for task in assessment["outstanding"]:
            assessor("PUT", f"{path}/assessment/{task}", {"status": "completed", "data": data[task]})
        assessor("POST", f"{path}/recommendation", recommendation)
        _wait(reviewer, path, "awaiting", "review")
        reviewer("POST", f"{path}/review", {"action": "agree", "override_checks": OVERRIDE})
        decided.append(reference)
    for reference in decided:
        _wait(assessor, f"/api/v1/applications/{reference}", "status", "determined")
    return decided


def _officer(local: stack.LocalStack, api_url: str, username: str, password: str) -> Callable[..., Any]:
    headers = {"Authorization": f"Bearer {stack.sign_in(local, username, password)}"}

    def call(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = requests.request(method, f"{api_url}{path}", json=body, headers=headers, timeout=30)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json()

    return call


def _wait(officer: Callable[..., Any], path: str, key: str, value: str, within: float = STEP_WITHIN) -> None:
    """Until the case's ``key`` is ``value`` (the workflow, in moto's threads, moves it on: nothing here can be
    told when)."""
    deadline = time.monotonic() + within
    while officer("GET", path)["application"].get(key) != value:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path}: {key} did not become {value} within {within} s")
        time.sleep(0.2)
