"""What importing the council's previous system costs, and what finding a site's history reads.

Under moto in this process (a table of its own), an import of N legacy rows (a UPRN and a postcode each;
four rows per site) is counted with ``benchmarks.writes.CapacityCounter``: write units per row (the record
and its two copies, under the UPRN and under the postcode), and for the same file sent again (idempotent:
nothing should be written). A site's records are then read by UPRN and postcode: the items read must not
grow with the size of the import.

Measured (``scripts/benchmark.py --only site_history``): 3 WCU a row, 0 for a file sent again, 8 items
read for a site whatever the import's size.
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.in_process import moto_in_process

TARGET_WCU_PER_ROW = 3
ROWS_PER_SITE = 4


def _csv(rows: int) -> str:
    lines = ["reference,address,uprn,description,decision,decision_date"]
    for i in range(rows):
        site = i // ROWS_PER_SITE
        # one postcode per site (a real one holds a few addresses): the read follows the site, not the import
        inward = f"{site % 10}{chr(65 + site // 10 % 26)}{chr(65 + site // 260 % 26)}"
        lines.append(
            f"OLD/{i:05d},{site} Bench Road London SW1 {inward},{100000 + site},Application {i},Granted,2001-01-01"
        )
    return "\n".join(lines) + "\n"


def _import(repo: Any, council: str, rows: int) -> dict[str, Any]:
    from benchmarks.writes import CapacityCounter
    from bops.domain.site_history import parse_csv

    text = _csv(rows)
    started = time.perf_counter()
    records = parse_csv(text)
    parsed = time.perf_counter() - started
    first, again = CapacityCounter(council), CapacityCounter(council)
    started = time.perf_counter()
    with first.counting():
        repo.site_history.save(council, records, imported_by="bench", at="t1")
    imported = time.perf_counter() - started
    with again.counting():
        counts = repo.site_history.save(council, records, imported_by="bench", at="t2")
    found = repo.site_history.at_site(council, uprn="100000", postcode="SW1 0AA")
    return {
        "parse_s": round(parsed, 3),
        "import_s (moto)": round(imported, 2),
        "wcu": first.total,
        "wcu_again": again.total,
        "unchanged": counts.unchanged,
        "site_items_read": 2 * len(found),  # one copy under the UPRN, one under the postcode
    }


def run(quick: bool) -> dict[str, Any]:
    sizes = (200, 1000) if quick else (200, 2000)
    from bops.repository import Repository

    with moto_in_process("bops-benchmark-site-history"):
        repo = Repository("bops-benchmark-site-history")
        by_size = {size: _import(repo, f"hist{size}", size) for size in sizes}
    small, large = sizes
    per_row = by_size[large]["wcu"] / large
    return {
        "rows": list(sizes),
        "wcu_per_row": {
            "value": round(per_row, 2),
            "target": f"<= {TARGET_WCU_PER_ROW}",
            "ok": per_row <= TARGET_WCU_PER_ROW,
        },
        "wcu_sending_the_file_again": {
            "value": by_size[large]["wcu_again"],
            "target": "== 0",
            "ok": by_size[large]["wcu_again"] == 0 and by_size[large]["unchanged"] == large,
        },
        "site_items_read": {
            "value": f"{by_size[small]['site_items_read']}/{by_size[large]['site_items_read']}",
            "target": "the same at both sizes",
            "ok": by_size[small]["site_items_read"] == by_size[large]["site_items_read"],
        },
        "import_seconds_under_moto": {str(size): by_size[size]["import_s (moto)"] for size in sizes},
        "parse_seconds": {str(size): by_size[size]["parse_s"] for size in sizes},
    }
