"""Cold starts: the API's import plus its first authenticated request, and each function's import,
next to bare boto3 doing the same AWS work.

API (issue 10): a fresh interpreter times ``import app`` and the first ``GET /api/v1/applications/{ref}``
with an integrator token, through the real Chalice handler (an API Gateway proxy event). Its baseline is a
fresh interpreter that times ``import boto3``, creating a DynamoDB client, and making the very same
DynamoDB calls the request made (replayed from what an untimed probe run recorded). Both talk to one moto
server this module starts outside the timed runs, so both pay the same network cost. Runs alternate and
the median of the per-pair ratios is reported, so a busy machine weighs on both sides alike.

Functions: each handler module's import time next to ``import boto3`` (``python -X importtime``); their
clients are created on first use, so the import is their cold start up to the first AWS call.
"""

from __future__ import annotations

import json
import logging
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LAYER = ROOT / "layers" / "bops" / "python"
TARGET = 1.5

# The API's cold start in a fresh interpreter: import the app, answer one request as Lambda would.
# PROBE=1 also records each AWS call's service, operation and JSON body (the baseline replays them).
API_RUN = r"""
import json, os, sys, time
started = time.perf_counter()
import app
imported = time.perf_counter()
event = json.loads(os.environ["BENCH_EVENT"])
if os.environ.get("BENCH_PROBE"):
    import boto3
    calls = []
    def record(model, params, **_):
        calls.append({"service": model.service_model.service_name, "operation": model.name,
                      "protocol": model.service_model.protocol, "body": params.get("body", b"").decode()})
    boto3.DEFAULT_SESSION or boto3.setup_default_session()
    boto3.DEFAULT_SESSION.events.register("before-call", record)
class Context:
    function_name = "bops-Api"; memory_limit_in_mb = 1024; aws_request_id = "bench"
    invoked_function_arn = "arn:aws:lambda:eu-west-2:123456789012:function:bops-Api"
    def get_remaining_time_in_millis(self): return 29000
response = app.app(event, Context())
done = time.perf_counter()
out = {"import_ms": (imported - started) * 1000, "total_ms": (done - started) * 1000,
       "cpu_ms": time.process_time() * 1000, "status": response["statusCode"]}
if os.environ.get("BENCH_PROBE"):
    out["calls"] = calls
    out["body"] = response["body"][:300]
print(json.dumps(out))
"""

# Bare boto3 doing the same AWS work: import, one client per service, the same calls.
BOTO3_RUN = r"""
import json, os, time
started = time.perf_counter()
import boto3
clients = {}
for call in json.loads(os.environ["BENCH_CALLS"]):
    client = clients.get(call["service"]) or clients.setdefault(call["service"], boto3.client(call["service"]))
    client._make_api_call(call["operation"], json.loads(call["body"]))
done = time.perf_counter()
print(json.dumps({"total_ms": (done - started) * 1000, "cpu_ms": time.process_time() * 1000}))
"""


def _compile_sources() -> None:
    """Bytecode for the project's modules, as site-packages (boto3) already has: without it every fresh
    interpreter would compile the project's sources (this machine sets PYTHONDONTWRITEBYTECODE), a cost
    the baseline does not pay and a deployed function need not either."""
    import compileall

    for folder in (LAYER / "bops", ROOT / "functions", ROOT / "local"):
        compileall.compile_dir(folder, quiet=1)
    compileall.compile_file(ROOT / "app.py", quiet=1)


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    # the API is measured as Lambda runs it: metrics on (make benchmark turns them off for the local runtime)
    return {
        **{k: v for k, v in os.environ.items() if k != "POWERTOOLS_METRICS_DISABLED"},
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(LAYER)]),
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-west-2"),
        "POWERTOOLS_TRACE_DISABLED": "true",
        **(extra or {}),
    }


def _run(code: str, env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=False, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(f"benchmark run failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _event(reference: str, token: str) -> dict[str, Any]:
    """The API Gateway (REST, proxy) event of ``GET /api/v1/applications/{reference}``."""
    return {
        "resource": "/api/v1/applications/{reference}",
        "path": f"/api/v1/applications/{reference}",
        "httpMethod": "GET",
        "headers": {"Authorization": f"Bearer {token}", "Accept": "application/json", "Host": "bench"},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"reference": reference},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/api/v1/applications/{reference}",
            "httpMethod": "GET",
            "path": f"/api/v1/applications/{reference}",
            "requestId": "bench-request-1",
            "stage": "api",
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "body": None,
        "isBase64Encoded": False,
    }


def _seed() -> tuple[Any, dict[str, str], str, str]:
    """moto with the stack, one council, an integrator token and one received application."""
    sys.path[:0] = [p for p in (str(ROOT), str(LAYER)) if p not in sys.path]
    os.environ["POWERTOOLS_LOG_LEVEL"] = "ERROR"
    from local import runtime

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every call

    server, _port, resources = runtime.start_aws()
    from bops.auth import SCOPES, Identity
    from bops.services import councils, intake
    from bops.services.context import context
    from tests.support import example, wait_for

    councils.create_council(context(), "bench", "Benchmark Council")
    token = councils.create_token(
        context(), "bench", councils.TokenRequest(name="Benchmark", scopes=list(SCOPES)), created_by="benchmark"
    ).token
    integrator = Identity(
        council="bench", kind="integrator", subject="bench", name="Benchmark", scopes=frozenset(SCOPES)
    )
    accepted = intake.submit(context(), integrator, json.dumps(example("fullHouseholder")).encode())
    # The application's workflow runs in this process; let it reach the officer's first milestone so it
    # does not compete with the timed runs.
    wait_for(
        lambda: (context().repo.cases.get("bench", accepted.reference) or {}).get("awaiting") == "validation_decision",
        timeout=60,
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k.startswith(("AWS_", "BOPS_", "MOTO_", "POWERTOOLS_")) and k != "POWERTOOLS_METRICS_DISABLED"
    }
    return server, env, accepted.reference, token


def api_cold_start(runs: int) -> dict[str, Any]:
    server, aws_env, reference, token = _seed()
    try:
        env = _env({**aws_env, "BENCH_EVENT": json.dumps(_event(reference, token))})
        probe = _run(API_RUN, {**env, "BENCH_PROBE": "1"})
        if probe["status"] != 200:
            raise RuntimeError(f"the benchmark request failed: {probe}")
        if any(c["protocol"] != "json" for c in probe["calls"]):
            raise RuntimeError("the baseline replays JSON-protocol calls only; the request made others")
        boto3_env = {**env, "BENCH_CALLS": json.dumps(probe["calls"])}
        pairs = []
        for _ in range(runs):
            api = _run(API_RUN, env)
            bare = _run(BOTO3_RUN, boto3_env)
            pairs.append((api, bare))
    finally:
        server.stop()
    ratio = statistics.median(a["total_ms"] / b["total_ms"] for a, b in pairs)
    return {
        "api_import_plus_first_request_x_boto3": {
            "value": round(ratio, 2),
            "target": f"<= {TARGET}",
            "ok": ratio <= TARGET,
        },
        "api_import_ms": round(statistics.median(a["import_ms"] for a, _ in pairs), 1),
        "api_import_plus_first_request_ms": round(statistics.median(a["total_ms"] for a, _ in pairs), 1),
        "boto3_import_clients_and_calls_ms": round(statistics.median(b["total_ms"] for _, b in pairs), 1),
        # CPU time of the whole interpreter (start-up included on both sides): steadier on a busy machine
        "cpu_time_x_boto3": round(statistics.median(a["cpu_ms"] / b["cpu_ms"] for a, b in pairs), 2),
        "aws_calls_of_the_request": [f"{c['service']}.{c['operation']}" for c in probe["calls"]],
        "runs": runs,
    }


# --- the event-driven functions: import time ---------------------------------------------------
def import_time_ms(statement: str, module: str) -> float:
    """Cumulative import time of ``module`` (µs -> ms) in a fresh interpreter (``-X importtime``)."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed statement)
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        check=True,
    )
    total = 0
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( )(\S+)$", line)
        if match and match.group(4) == module:
            total += int(match.group(2))
    return total / 1000


def handler_modules() -> dict[str, list[str]]:
    """Each handler module and the functions it serves."""
    sys.path[:0] = [p for p in (str(ROOT), str(LAYER)) if p not in sys.path]
    from bops import resources

    modules: dict[str, list[str]] = {}
    for spec in resources.FUNCTIONS.values():
        modules.setdefault(spec.handler.rpartition(".")[0], []).append(spec.name)
    return modules


def function_imports(runs: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for module, functions in handler_modules().items():
        ratios = []
        for _ in range(runs):
            ratios.append(import_time_ms(f"import {module}", module) / import_time_ms("import boto3", "boto3"))
        ratio = statistics.median(ratios)
        figures[f"{module}_import_x_boto3"] = {
            "value": round(ratio, 2),
            "target": f"<= {TARGET}",
            "ok": ratio <= TARGET,
            "functions": functions,
        }
    return figures


def run(quick: bool) -> dict[str, Any]:
    runs = 5 if quick else 15
    started = time.monotonic()
    _compile_sources()
    figures = api_cold_start(runs)
    figures["functions"] = function_imports(3 if quick else 5)
    figures["seconds"] = round(time.monotonic() - started)
    return figures
