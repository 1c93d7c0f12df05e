"""Writes England's public holidays (Christmas Day, Good Friday and the bank holidays of the Banking and
Financial Dealings Act 1971, substitute weekdays in place of the weekend days they replace), as
``bops.domain.calendar.statutory_holidays`` works them out from the installed ``holidays`` library, for the years
the service works with (``bops/domain/data/england_public_holidays.json``; see ``bops.domain.calendar``).

    .venv/bin/python scripts/england_holidays.py      # after upgrading ``holidays``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "layers" / "bops" / "python"))

from bops.domain.calendar import HOLIDAYS_FILE, statutory_holidays  # noqa: E402

YEARS = range(2000, 2071)


def main() -> int:
    import holidays

    years = {str(year): sorted(d.isoformat() for d in statutory_holidays(year)) for year in YEARS}
    document = {
        "source": (
            f"holidays {holidays.__version__}: country_holidays('GB', subdiv='ENG'), weekend days other than"
            " Christmas Day dropped (Banking and Financial Dealings Act 1971: the substitute weekday replaces them)"
        ),
        "years": years,
    }
    HOLIDAYS_FILE.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {HOLIDAYS_FILE} ({len(years)} years)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
