"""Demo data for enforcement: the bundled ODP v0.7.7 breach report (``bops/odp/schema/examples/breach.json``),
posted as PlanX posts it, so ``make run`` shows an enforcement case on the dashboard's enforcement tab.

The example is Medway's; intake takes the council from the token, so it lands in the demo council whatever
its ``metadata.organisation`` says.
"""

from __future__ import annotations

from importlib import resources

import requests


def breach_example() -> bytes:
    return resources.files("bops.odp").joinpath("schema/examples/breach.json").read_bytes()


def seed(api_url: str, token: str) -> str:
    """Posts the breach report with the demo integrator's token; returns the enforcement case's reference."""
    response = requests.post(
        f"{api_url}/api/v1/submissions",
        data=breach_example(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    response.raise_for_status()
    reference: str = response.json()["reference"]
    return reference
