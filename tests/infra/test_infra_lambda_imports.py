"""Every handler imports in the Lambda layout: code asset + domain layer + dependencies layer, python3.12.

Runs only where a python3.12 interpreter and a built dependencies layer (scripts/build_layers.sh) exist;
set BOPS_LAMBDA_PYTHON to choose the interpreter.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bops import resources
from tests.infra.conftest import REPO_ROOT

pytestmark = pytest.mark.infra

DEPENDENCIES = REPO_ROOT / "build" / "layers" / "dependencies" / "python"

PROBE = """
import importlib, sys
failures = []
for handler in sys.argv[1:]:
    module, name = handler.rsplit(".", 1)
    try:
        if not callable(getattr(importlib.import_module(module), name)):
            failures.append(f"{handler}: not callable")
    except Exception as exc:
        failures.append(f"{handler}: {type(exc).__name__}: {exc}")
print("\\n".join(failures))
sys.exit(1 if failures else 0)
"""


def python312() -> str | None:
    candidates = [os.environ.get("BOPS_LAMBDA_PYTHON"), shutil.which("python3.12")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12*/bin/python3.12")))
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run(
                [candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
                capture_output=True,
                text=True,
                timeout=20,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.stdout.strip() == "True":
            return candidate
    return None


def test_handlers_import_from_the_lambda_layout(synthesized):
    interpreter = python312()
    if interpreter is None or not DEPENDENCIES.is_dir():
        pytest.skip("needs python3.12 and build/layers/dependencies (scripts/build_layers.sh)")
    functions = synthesized.of_type("AWS::Lambda::Function").values()
    (code_key,) = {f["Properties"]["Code"]["S3Key"] for f in functions}
    task_root = synthesized.outdir / f"asset.{Path(code_key).stem}"
    handlers = sorted({f["Properties"]["Handler"] for f in functions})
    assert resources.API_FUNCTION.handler in handlers
    # /var/task first, then the layers' /opt/python; -I -S: nothing from this machine's site-packages
    path = [str(task_root), str(DEPENDENCIES), str(REPO_ROOT / "layers" / "bops" / "python")]
    probe = f"import sys; sys.path[:0] = {path!r}\n" + PROBE
    result = subprocess.run(
        [interpreter, "-I", "-S", "-c", probe, *handlers],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=task_root,
        env={"AWS_REGION": "eu-west-2", "PATH": os.environ.get("PATH", "")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
