"""The demo's pre-application advice request: the bundled ODP v0.7.7 example (``bops/odp/schema/examples/
preApp.json``, a Doncaster request) posted to the submissions route with the demo integrator's token, as
PlanX would. Intake takes the council from the token, so the example's own ``organisation`` does not matter.
Seeded once: the example's ``metadata.id`` makes a second seeding answer with the same case."""

from __future__ import annotations

from importlib import resources

import requests


def seed(api_url: str, token: str) -> str:
    """Submits the example; returns the pre-application's reference."""
    body = resources.files("bops.odp").joinpath("schema", "examples", "preApp.json").read_bytes()
    response = requests.post(
        f"{api_url}/api/v1/submissions",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["reference"])
