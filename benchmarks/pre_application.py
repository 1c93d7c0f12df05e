"""What a pre-application advice request costs to take in, and its report to render.

- ``compile_s``: the first validation in a process (the ~500 KB ODP ``preApplication.json`` read and its
  validator built; a warm Lambda pays it once), measured in a fresh interpreter.
- ``validate_ms``: the median time to validate the bundled example and read its summary, warm (target
  <= 50 ms: intake answers PlanX within its timeout with room to spare).
- ``report_pdf_ms``: the median time to render an advice report PDF of a typical size (target <= 500 ms).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VALIDATE_TARGET_MS = 50
PDF_TARGET_MS = 500


def _example() -> dict[str, Any]:
    text = resources.files("bops.odp").joinpath("schema", "examples", "preApp.json").read_text(encoding="utf-8")
    payload: dict[str, Any] = json.loads(text)
    return payload


def _compile_seconds() -> float:
    code = (
        "import json,time;from importlib import resources;"
        "p=json.loads(resources.files('bops.odp').joinpath('schema','examples','preApp.json').read_text());"
        "t=time.perf_counter();from bops.odp.pre_application import validate_pre_application;"
        "validate_pre_application(p);print(time.perf_counter()-t)"
    )
    env_path = str(ROOT / "layers" / "bops" / "python")
    out = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": env_path}
    )
    return float(out.stdout.strip())


def _document() -> Any:
    from bops.domain import pre_application as rules

    report = rules.AdviceReport(
        summary="\n\n".join(["A single storey rear conservatory of this size is likely to be acceptable. " * 6] * 4),
        requirements=[f"Requirement {i}" for i in range(8)],
        constraints=[rules.ConstraintLine(name=f"Constraint {i}", source="submission") for i in range(6)],
        site_history=[rules.HistoryLine(reference=f"OLD/{i}", description="An extension") for i in range(10)],
        policies=[rules.PolicyLine(reference=f"DM{i}", title="Design", plan="Local plan") for i in range(6)],
    )
    return rules.ReportDocument(
        council_name="Demo Borough Council",
        reference="26-00001-PRE",
        site_address="75, MAIN STREET, AUCKLEY, DONCASTER, DN9 3HW",
        description="A rear conservatory",
        requester_name="A Requester",
        received_on=date(2026, 12, 10),
        issued_on=date(2027, 1, 20),
        officer="assessor",
        report=report,
    )


def run(quick: bool) -> dict[str, Any]:
    from bops.domain.pre_application import render_pdf
    from bops.odp.pre_application import validate_pre_application

    payload = _example()
    validate_pre_application(payload)  # built once, as a warm Lambda has it
    rounds = 5 if quick else 30
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        validate_pre_application(payload)
        times.append((time.perf_counter() - started) * 1000)
    validate_ms = round(statistics.median(times), 2)
    document = _document()
    pdf_times = []
    for _ in range(3 if quick else 10):
        started = time.perf_counter()
        render_pdf(document)
        pdf_times.append((time.perf_counter() - started) * 1000)
    pdf_ms = round(statistics.median(pdf_times), 1)
    return {
        "compile_s": round(_compile_seconds(), 3),
        "validate_ms": {
            "value": validate_ms,
            "target": f"<= {VALIDATE_TARGET_MS}",
            "ok": validate_ms <= VALIDATE_TARGET_MS,
        },
        "report_pdf_ms": {"value": pdf_ms, "target": f"<= {PDF_TARGET_MS}", "ok": pdf_ms <= PDF_TARGET_MS},
    }
