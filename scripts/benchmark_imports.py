"""Cold starts on their own: the ``imports`` section of ``make benchmark`` (benchmarks/imports.py).

.venv/bin/python scripts/benchmark_imports.py [--quick]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    sys.argv[1:1] = ["--only", "imports"]
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchmark import main

    raise SystemExit(main())
