"""Importing the API declares every route but loads no area's services, models or heavy libraries: those
load with the first request that needs them (the figures: ``make benchmark``, section imports)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import app
from bops.api.routing import ENDPOINTS
print(json.dumps({"modules": sorted(sys.modules), "routes": len(ENDPOINTS)}))
"""


def _fresh_import() -> dict:
    env = {"PYTHONPATH": f"{ROOT}:{ROOT / 'layers' / 'bops' / 'python'}", "AWS_DEFAULT_REGION": "eu-west-2"}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def test_importing_the_app_declares_every_route_and_loads_no_area_services():
    loaded = _fresh_import()
    modules = set(loaded["modules"])
    assert loaded["routes"] >= 50
    services = {m for m in modules if m.startswith("bops.services.")}
    assert services <= {"bops.services.context", "bops.services.dashboard"}, services
    for heavy in ("boto3", "holidays", "jwt", "cryptography", "fpdf", "jsonschema", "bops.odp.validate"):
        assert heavy not in modules, heavy


def test_every_model_a_route_names_resolves():
    import app  # noqa: F401 (declares the routes)
    from bops.api.routing import ENDPOINTS

    for endpoint in ENDPOINTS:
        for model in (endpoint.body_model, endpoint.response_model):
            assert model is None or issubclass(model, BaseModel), endpoint.path
