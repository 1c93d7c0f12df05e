"""Open data: what one case event costs the open data function, for a council with 1,000 and 4,000
published cases (quick: 300 and 1,200).

Per event the function recomputes the case's rows (GetItem of the case, a Query of its documents, GetItem
of its conditions task, GetItem of its stored rows) and compares them with the stored ones. Most events
change nothing the datasets show (a consultee's response, a letter sent, a timer): then nothing is written
and no file is rebuilt. When a case's rows did change, the council's files are rebuilt once per batch from
the open data index: one Query of the council's partition (one item per published case, its rows of every
dataset) and one PUT per file. So an unchanged event is flat; a rebuild reads the index (linear in the
council's published cases, ~1-2 KB each) and writes the files, never scanning cases or the table.

Under moto in this process (``mock_aws``) with the local stack's table. ``seconds_under_moto`` is nearly all
moto emulating the index's Query (profiled at 600 cases: 19.2 of 19.6 s in moto's DynamoDB; building and
writing the thirteen files about 0.3 s), so it says little of the time in AWS, where the Query reads ~1 MB
per page; the cases are synthetic (a
determined householder with two conditions, one obligation and two timeline events). Read units from the
items' sizes (``benchmarks.search.counting``).
"""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

from benchmarks.in_process import moto_in_process
from benchmarks.search import counting, synthetic_cases

TABLE = "bops-benchmark-open-data"
BUCKET = "bops-benchmark-open-data"


def _published(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for n, case in enumerate(cases):
        day = case["received_at"][:10]
        out.append(
            {
                **case,
                "status": "determined",
                "received_on": day,
                "valid_from": day,
                "updated_at": case["received_at"],
                "recommendation": {"decision": "granted"},
                "decision": {
                    "decision": "granted",
                    "determined_on": day,
                    "made_by": "reviewer" if n % 5 else "committee",
                    "conditions": ["Begin within three years.", "Materials to match the existing house."],
                },
            }
        )
    return out


def _load(ctx: Any, council: str, count: int) -> list[dict[str, Any]]:
    from bops.repository.open_data import OpenDataEntry
    from bops.services import open_data

    cases = _published(synthetic_cases(council, count))
    ctx.repo.put_many(cases)
    entries = []
    for case in cases:
        rows = open_data.case_rows(ctx, case)
        entries.append(
            OpenDataEntry(
                reference=case["reference"], digest=open_data.digest(rows), rows=rows, updated_at=case["received_at"]
            )
        )
    ctx.repo.open_data.put_many(council, entries)
    return cases


class CountingStorage:
    """The storage adapter, counting the files and bytes written."""

    def __init__(self, storage: Any) -> None:
        self.storage = storage
        self.puts = 0
        self.bytes = 0

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self.puts += 1
        self.bytes += len(body)
        self.storage.put(key, body, content_type)


def _measure(ctx: Any, council: str, cases: list[dict[str, Any]]) -> dict[str, Any]:
    from bops.services import open_data

    storage = ctx.storage
    figures: dict[str, Any] = {}
    one = cases[len(cases) // 2]

    # an event that changes nothing the datasets show
    ctx.storage = CountingStorage(storage)
    with counting(ctx.repo) as reads:
        rebuilt = open_data.apply_events(ctx, [(council, one["reference"])])
    figures["unchanged event"] = {
        "read_units": reads.units,
        "files_written": ctx.storage.puts,
        "rebuilds": len(rebuilt),
    }

    # a case determined: its rows change, the council's files are rebuilt
    changed = {**one, "decision": {**one["decision"], "decision": "refused", "reasons": ["Harm"], "conditions": []}}
    ctx.repo.put_many([changed])
    ctx.storage = CountingStorage(storage)
    started = time.perf_counter()
    with counting(ctx.repo) as reads:
        rebuilt = open_data.apply_events(ctx, [(council, one["reference"])])
    elapsed = time.perf_counter() - started
    figures["changed event"] = {
        "read_units": reads.units,
        "files_written": ctx.storage.puts,
        "bytes_written": ctx.storage.bytes,
        "seconds_under_moto": round(elapsed, 2),
        "rebuilds": len(rebuilt),
    }

    # a burst: ten of the council's cases change in one batch of the queue: one rebuild
    burst = [{**c, "description": c["description"] + " (amended)"} for c in cases[:10]]
    ctx.repo.put_many(burst)
    ctx.storage = CountingStorage(storage)
    with counting(ctx.repo) as reads:
        rebuilt = open_data.apply_events(ctx, [(council, c["reference"]) for c in burst])
    figures["batch of 10 changed events"] = {"read_units": reads.units, "rebuilds": len(rebuilt)}
    ctx.storage = storage
    return figures


def run(quick: bool) -> dict[str, Any]:
    sizes = (300, 1200) if quick else (1000, 4000)
    from bops.adapters import aws
    from bops.adapters.storage import Storage
    from bops.domain.time import SystemClock
    from bops.repository import Repository

    by_size: dict[int, dict[str, Any]] = {}
    with moto_in_process(TABLE):
        aws.client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        ctx = SimpleNamespace(repo=Repository(TABLE), storage=Storage(BUCKET), clock=SystemClock())
        for size in sizes:
            council = f"opendata{size}"
            by_size[size] = _measure(ctx, council, _load(ctx, council, size))
    small, large = sizes
    unchanged = [by_size[s]["unchanged event"] for s in sizes]
    worst_unchanged = max(u["read_units"] for u in unchanged)
    flat = unchanged[1]["read_units"] <= unchanged[0]["read_units"] + 1
    changed_large = by_size[large]["changed event"]
    return {
        "cases": list(sizes),
        "by size": by_size,
        "unchanged event read units (flat, no file written)": {
            "value": worst_unchanged,
            "target": "<= 10 and the same at both sizes",
            "ok": worst_unchanged <= 10 and flat and all(u["files_written"] == 0 for u in unchanged),
        },
        "rebuilds per batch of 10 changed events": {
            "value": by_size[large]["batch of 10 changed events"]["rebuilds"],
            "target": "== 1",
            "ok": by_size[large]["batch of 10 changed events"]["rebuilds"] == 1,
        },
        f"changed event read units per published case at {large}": {
            "value": round(changed_large["read_units"] / large, 3),
            "target": "<= 0.5 (one Query of the index, no scan of cases)",
            "ok": changed_large["read_units"] / large <= 0.5,
        },
    }
