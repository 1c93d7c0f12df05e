"""The API keeps its OpenAPI contract: schemathesis, all checks, every phase (examples, coverage, fuzzing and
the stateful phase), against the local run, with real credentials for one council.

The run is bounded (a fixed number of examples per operation, deterministic generation) so CI
gives the same answer every time within a few minutes. For a longer, random exploration by hand::

    python -m tests.e2e.test_api_fuzz --max-examples 200 --random

which starts the local stack, prints the schemathesis command it runs and its report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support import WAIT, CouncilFixture, add_neighbours_and_consultee, new_council

pytestmark = [pytest.mark.e2e, pytest.mark.fuzz]
ROOT = Path(__file__).resolve().parents[2]

#: Examples per operation in the fuzzing and stateful phases in CI (the coverage phase runs its own, fixed set):
#: with 67 operations, about 3,000 requests in all.
MAX_EXAMPLES = 5
TIME_LIMIT = 900  # seconds: the run is stopped (and the test fails) if it takes longer than this


#: schemathesis's positive_data_acceptance check expects a request the schema allows to succeed (or to meet
#: 401/403/404/409/429). These operations may also answer a schema-valid request with another 4xx, by
#: design, for a reason JSON Schema cannot carry. Every other operation is held to the check as it is.
SCHEMA_CANNOT_SAY: dict[tuple[str, str], tuple[int, str]] = {
    **{
        ("GET", path): (400, "a cursor is the API's own opaque string: one it did not issue is a 400 naming cursor")
        for path in ("/api/v1/applications", "/api/v1/dashboard")
    },
    ("POST", "/api/v1/submissions"): (
        422,
        "the body is checked against the ODP schema (v0.7.7), which the OpenAPI names but does not embed",
    ),
    ("PUT", "/api/v1/council/templates/{name}"): (
        422,
        "the placeholders a template may use depend on which template it is (the path's name)",
    ),
    ("PUT", "/api/v1/council/local-list"): (422, "rule ids must be unique within the list"),
    ("PUT", "/api/v1/applications/{reference}/assessment/{task}"): (
        422,
        "data is the model of the task the path names (one route serves every task)",
    ),
    ("GET", "/api/v1/council/site-history"): (
        422,
        "the site is named by a UPRN or by an address with its postcode: one of the two optional parameters",
    ),
    ("POST", "/api/v1/applications/{reference}/site-notice"): (
        422,
        "the evidence must be documents received on this case",
    ),
    ("POST", "/api/v1/applications/{reference}/press-notice"): (
        422,
        "the evidence must be documents received on this case",
    ),
    ("POST", "/api/v1/applications/{reference}/recommendation"): (
        422,
        "a refusal needs its reasons (each citing a policy where the type has a policies task), each condition "
        "its text and reason, and the decision must be one this application type can take",
    ),
    ("POST", "/api/v1/applications/{reference}/committee-decision"): (
        422,
        "a refusal needs its reasons (each citing a policy where the type has a policies task), each condition "
        "its text and reason, and the decision must be one this application type can take",
    ),
}
# 413: a body within the schema's lengths may still pass the API's byte limit (JSON Schema counts
# characters; a character may take four bytes)
DEFAULT_POSITIVE = ["2xx", "3xx", "401", "403", "404", "409", "413", "429", "5xx"]
#: What a request outside the schema may get: refused, whichever the reason (413 and 415 included).
NEGATIVE = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "429"]


@dataclass
class Target:
    """What the fuzzer runs against: the API, and one council's credentials and records."""

    api_url: str
    council: CouncilFixture
    #: path parameter -> identifiers of this council's records
    records: dict[str, list[str]]


def prepare(runtime: Any) -> Target:
    """A council with an administrator (every officer role's routes are open to them) and an integrator token
    with every scope; an application submitted, one validated with a neighbour and a consultee added, so the
    fuzzer reaches real behaviour, not only 401 and 404."""
    council = new_council(runtime)
    submitted = council.submit("fullHouseholder")
    validated = council.validated("fullHouseholder")
    officer = council.officer("administrator")
    add_neighbours_and_consultee(officer, validated, ["1 Stansfield Road, London"], "SW9 9RZ")
    neighbours = officer.get(f"/api/v1/applications/{validated}/neighbours").json()["neighbours"]
    consultees = officer.get(f"/api/v1/applications/{validated}/consultation").json()["consultees"]
    records = {
        "reference": [submitted, validated],
        "council": [council.id],
        "neighbour_id": [n["id"] for n in neighbours],
        "consultee_id": [c["id"] for c in consultees],
    }
    return Target(runtime.api_url, council, records)


def config(target: Target, *, max_examples: int, deterministic: bool) -> str:
    """schemathesis.toml for the run (credentials and this council's identifiers are only known at run time)."""
    officer = target.council.officer_tokens["administrator"]
    generation = f"max-examples = {max_examples}\ndeterministic = {'true' if deterministic else 'false'}\n"
    return f"""\
# Written by tests/e2e/test_api_fuzz.py for one run.
base-url = "{target.api_url}"
request-timeout = {WAIT}
workers = 1
continue-on-failure = true

[generation]
{generation}
database = "none"

[checks]
enabled = true
positive_data_acceptance.expected-statuses = {json.dumps(DEFAULT_POSITIVE)}
negative_data_rejection.expected-statuses = {json.dumps(NEGATIVE)}

[phases.stateful]
max-steps = 10

# The secret links (consulteeLink, applicantLink) and Notify's callback token are left out: those few
# operations are fuzzed without a credential (401 expected), the rest as the council's administrator or
# its integrator.
[auth.openapi.officerJwt]
bearer = "{officer}"

[auth.openapi.apiToken]
bearer = "{target.council.token}"

{identifiers(target)}{allowances()}"""


def identifiers(target: Target) -> str:
    """Real identifiers half the time, so operations get past "not found" to the behaviour behind them."""
    dictionaries = "".join(
        f"\n[dictionaries.{name}]\nvalues = {json.dumps(values)}\n" for name, values in target.records.items() if values
    )
    bindings = "".join(
        f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}\n'
        for name, values in target.records.items()
        if values
    )
    return f"{dictionaries}\n[parameters]\n{bindings}"


def allowances() -> str:
    blocks = []
    for (method, path), (status, reason) in SCHEMA_CANNOT_SAY.items():
        expected = ", ".join(f'"{s}"' for s in [*DEFAULT_POSITIVE, str(status)])
        blocks.append(
            f"""
# {reason}
[[operations]]
include-method = "{method}"
include-path = "{path}"
checks.positive_data_acceptance.expected-statuses = [{expected}]
"""
        )
    return "".join(blocks)


def command(target: Target, config_path: Path, report_dir: Path) -> list[str]:
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    return [
        executable,
        "--config-file",
        str(config_path),
        "run",
        f"{target.api_url}/api/v1/openapi.json",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(report_dir),
    ]


def run(
    target: Target,
    folder: Path,
    *,
    max_examples: int = MAX_EXAMPLES,
    deterministic: bool = True,
    timeout: float | None = TIME_LIMIT,
    capture: bool = True,
) -> tuple[int, str]:
    """Runs schemathesis on the target: its exit code and (``capture``) its report."""
    config_path = folder / "schemathesis.toml"
    config_path.write_text(config(target, max_examples=max_examples, deterministic=deterministic))
    args = command(target, config_path, folder / "report")
    print("$", " ".join(args), flush=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMATHESIS_")}
    output = subprocess.PIPE if capture else None
    result = subprocess.run(
        args,
        cwd=folder,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if capture else None,
        text=True,
        timeout=timeout,
    )
    return result.returncode, result.stdout or ""


@pytest.fixture(scope="module")
def target(runtime):
    return prepare(runtime)


def test_the_api_keeps_its_openapi_contract_under_fuzzing(target, tmp_path):
    code, output = run(target, tmp_path)
    assert code == 0, output
    print(output[output.find("=== SUMMARY ===") :])  # how many operations and cases, for -rP


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz the local API with schemathesis (all checks, all phases).")
    parser.add_argument("--max-examples", type=int, default=MAX_EXAMPLES)
    parser.add_argument("--random", action="store_true", help="a random run, not the deterministic one CI runs")
    parser.add_argument("--folder", type=Path, default=ROOT / "build" / "fuzz")
    options = parser.parse_args(argv)
    sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "bops" / "python")]  # as pytest's pythonpath
    from local import runtime as local_runtime

    rt = local_runtime.start()
    try:
        options.folder.mkdir(parents=True, exist_ok=True)
        code, _ = run(
            prepare(rt),
            options.folder,
            max_examples=options.max_examples,
            deterministic=not options.random,
            timeout=None,
            capture=False,  # the report as it goes
        )
        return code
    finally:
        rt.stop()


if __name__ == "__main__":
    sys.exit(main())
