"""Cold-start proxy: each Lambda handler module's import time next to a bare `import boto3`.

Each import runs in a fresh interpreter (`python -X importtime`), several times; the median is
reported. Target (issue: the serverless spine): each handler at most 1.5x bare boto3.

    make benchmark            # or: .venv/bin/python scripts/benchmark_imports.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "bops" / "python")]

from bops import resources  # noqa: E402

TARGET = 1.5


def import_time_ms(statement: str, module: str) -> float:
    """Total import time of ``module`` (cumulative, µs -> ms) in a fresh interpreter."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "layers" / "bops" / "python")]),
        "AWS_DEFAULT_REGION": "eu-west-2",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed statement)
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    total = 0
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if match and match.group(3) == " " and match.group(4) in (module, *module.split(",")):
            total += int(match.group(2))
    if not total:  # top-level line not found: sum all top-level imports instead
        for line in result.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( )(\S+)", line)
            if match:
                total += int(match.group(2))
    return total / 1000


def handler_modules() -> dict[str, str]:
    modules = {"Api": "app"}
    for spec in resources.FUNCTIONS.values():
        modules[spec.name] = spec.handler.rpartition(".")[0]
    return modules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    def measure(module: str) -> tuple[float, float, float]:
        """Median handler ms, median boto3 ms, and the median of their ratios, measured in
        alternation so a busy machine weighs on both alike."""
        pairs = []
        for _ in range(args.runs):
            pairs.append((import_time_ms(f"import {module}", module), import_time_ms("import boto3", "boto3")))
        return (
            statistics.median(h for h, _ in pairs),
            statistics.median(b for _, b in pairs),
            statistics.median(h / b for h, b in pairs),
        )

    print(f"{'function':<24} {'module':<24} {'import ms':>10} {'boto3 ms':>9} {'x boto3':>8}  target <= {TARGET}x")
    worst = 0.0
    measured: dict[str, tuple[float, float, float]] = {}
    for name, module in handler_modules().items():
        # A handler's cold start also creates its boto3 client; boto3 itself is counted in its import
        # only if the module imports it at load time.
        measured[module] = measured.get(module) or measure(module)
        ms, boto3_ms, ratio = measured[module]
        worst = max(worst, ratio)
        flag = "" if ratio <= TARGET else "  OVER TARGET"
        print(f"{name:<24} {module:<24} {ms:>10.1f} {boto3_ms:>9.1f} {ratio:>8.2f}{flag}")
    print(f"worst ratio: {worst:.2f} (target {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
