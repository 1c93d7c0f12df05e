"""Writes England's public holidays, as the installed ``holidays`` library computes them, for the years
the service works with (``bops/domain/data/england_public_holidays.json``; see ``bops.domain.calendar``).

    .venv/bin/python scripts/england_holidays.py      # after upgrading ``holidays``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "layers" / "bops" / "python"))

from bops.domain.calendar import HOLIDAYS_FILE, library_holidays  # noqa: E402

YEARS = range(2000, 2071)


def main() -> int:
    import holidays

    years = {str(year): sorted(d.isoformat() for d in library_holidays(year)) for year in YEARS}
    document = {"source": f"holidays {holidays.__version__}: country_holidays('GB', subdiv='ENG')", "years": years}
    HOLIDAYS_FILE.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {HOLIDAYS_FILE} ({len(years)} years)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
