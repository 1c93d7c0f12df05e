"""Synthesizes the CDK app once for all infra tests (offline, no Docker)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# jsii prints a banner on every start under Node 20 (end of life); it is noise in test output
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
# appended, not prepended: infra/cdk/app.py must never shadow the Chalice app.py other tests import
if str(REPO_ROOT / "infra" / "cdk") not in sys.path:
    sys.path.append(str(REPO_ROOT / "infra" / "cdk"))


@dataclass
class Synthesized:
    outdir: Path
    template_path: Path
    template: dict[str, Any]
    synth_error: str | None
    validation_report: dict[str, Any]

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.template["Resources"]

    def of_type(self, cfn_type: str) -> dict[str, dict[str, Any]]:
        return {k: r for k, r in self.resources.items() if r["Type"] == cfn_type}


def synthesize(outdir: Path, context: dict[str, Any] | None = None) -> Synthesized:
    from bops_infra.app_builder import build_app

    app, stack = build_app(outdir=str(outdir), context=context)
    try:
        app.synth()  # cdk-nag violations make this raise, after writing the templates and the report
        error = None
    except RuntimeError as exc:  # jsii surfaces the ValidationFailed error as RuntimeError
        error = str(exc)
    report_path = outdir / "validation-report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {"pluginReports": []}
    template_path = outdir / stack.template_file
    return Synthesized(
        outdir=outdir,
        template_path=template_path,
        template=json.loads(template_path.read_text()),
        synth_error=error,
        validation_report=report,
    )


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize(tmp_path_factory.mktemp("cdk.out"))
