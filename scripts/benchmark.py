"""Runs every section of ``benchmarks/`` and prints and saves the figures (``build/benchmark.json``).

make benchmark                                  # all sections
.venv/bin/python scripts/benchmark.py --only search --quick
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "bops" / "python")]

from benchmarks import SECTIONS  # noqa: E402

# the local runtime's functions print their metrics (EMF) to stdout: nobody reads them here
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")


def _print(section: str, figures: dict, indent: str = "  ") -> None:
    for name, value in figures.items():
        if isinstance(value, dict) and "value" in value:
            mark = "ok " if value.get("ok") else "MISS"
            print(f"{indent}[{mark}] {name}: {value['value']} (target {value.get('target')})")
        elif isinstance(value, dict):
            print(f"{indent}{name}:")
            _print(section, value, indent + "  ")
        else:
            print(f"{indent}{name}: {value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    parser.add_argument("--quick", action="store_true", help="smaller samples (for a quick look, not for notes)")
    parser.add_argument("--out", default=str(ROOT / "build" / "benchmark.json"))
    args = parser.parse_args()
    report: dict = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "quick": args.quick, "sections": {}}
    sections = args.only or list(SECTIONS)
    if len(sections) > 1:
        # each section in a fresh interpreter: each starts (and leaves behind) its own local AWS emulation
        for section in sections:
            with tempfile.TemporaryDirectory() as folder:
                part = Path(folder) / "section.json"
                command = [sys.executable, __file__, "--only", section, "--out", str(part)]
                subprocess.run([*command, *(["--quick"] if args.quick else [])], check=True, cwd=ROOT)  # noqa: S603
                report["sections"].update(json.loads(part.read_text())["sections"])
        print("== targets")
        for section, figures in report["sections"].items():
            _print(section, {f"{section}.{k}": v for k, v in figures.items() if isinstance(v, dict) and "value" in v})
    else:
        (section,) = sections
        started = time.monotonic()
        figures = importlib.import_module(f"benchmarks.{section}").run(quick=args.quick)
        report["sections"][section] = figures
        print(f"== {section} ({time.monotonic() - started:.0f} s)")
        _print(section, figures)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
