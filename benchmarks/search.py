"""Search: items and read units one search reads, for a council with 1,000 and with 10,000 cases.

Before the token index (issue 10) a search read every index entry of each word of the query, so a common
word ("extension") read more as the council's history grew (17 -> 1,017 cases: 20 -> 440-830 items).
Now each step reads a page of one token's entries newest first and the (at most 50) cases found, so the
figures should be flat from 1k to 10k cases.

Under moto in this process (``mock_aws``), with the table as the local stack defines it. The cases are
synthetic (realistic addresses, postcodes and descriptions; "extension" in most of them) and written
straight through the repository, index entries included, for speed. Items read are counted from
DynamoDB's answers (Query ``ScannedCount``, GetItem and BatchGetItem items); read units from the items'
sizes by DynamoDB's rules (a Query: its items' total size in 4 KB units, halved when eventually
consistent; a consistent GetItem / BatchGetItem: each item's size in 4 KB units).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from benchmarks.in_process import moto_in_process

#: Cases at the same postcode / in the same street / with "summerhouse" whatever the council's size: the
#: results of those queries stay the same, so any growth in what they read would be the index's fault.
FIXED_MATCHES = 4
STREETS = [
    "Stansfield", "Acre", "Brixton Water", "Coldharbour", "Railton", "Shakespeare", "Dalberg", "Mayall",
    "Effra", "Rattray", "Trent", "Elm Park", "Tulse Hill", "Helix", "Leander", "Josephine", "Arodene",
    "Hayter", "Baytree", "Saltoun", "Somerleyton", "Geneva", "Chaucer", "Mervan", "Kellett", "Barnwell",
    "Hurst", "Lambert", "Branksome", "Bellefields", "Ferndale", "Sandmere", "Solon", "Ashmere", "Rush",
]  # fmt: skip
KINDS = ["Road", "Street", "Avenue", "Grove", "Gardens", "Place", "Lane", "Terrace"]
WORKS = [
    "Erection of a single storey rear extension",
    "Erection of a two storey side extension and alterations to the front elevation",
    "Loft conversion with a rear dormer extension and rooflights to the front roof slope",
    "Erection of a part single, part two storey rear extension following demolition of the outbuilding",
    "Single storey wraparound extension with glazed roof",
    "Replacement of timber windows with double glazed units",
    "Change of use from a shop (Class E) to a dwelling (Class C3)",
    "Installation of an air source heat pump to the side of the house",
    "Basement extension with front lightwell",
    "Erection of a first floor rear extension over the existing kitchen",
]
EXTRA = ["", "", " and associated landscaping", " with new boundary wall", " including a roof terrace"]


@dataclass
class Reads:
    """What the counted calls read: items, and read units from the items' sizes."""

    items: int = 0
    units: float = 0.0
    calls: list[str] = field(default_factory=list)


def _size(value: dict[str, Any]) -> int:
    """The size of one low-level attribute value, by DynamoDB's rules (close enough for read units)."""
    ((kind, inner),) = value.items()
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        return len(inner.lstrip("-").replace(".", "")) // 2 + 2
    if kind == "B":
        return len(inner)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind in ("SS", "NS", "BS"):
        return sum(_size({kind[0]: v}) for v in inner)
    if kind == "L":
        return 3 + sum(1 + _size(v) for v in inner)
    return 3 + sum(1 + len(k.encode()) + _size(v) for k, v in inner.items())  # M


def item_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode()) + _size(value) for name, value in item.items())


@contextmanager
def counting(repo: Any) -> Iterator[Reads]:
    """Counts what the repository's DynamoDB client reads while the block runs."""
    reads = Reads()
    events = repo.table.meta.client.meta.events

    def after(parsed: dict[str, Any], model: Any, **_: Any) -> None:
        name = model.name
        if name == "Query":
            items = parsed.get("Items", [])
            reads.items += int(parsed.get("ScannedCount", len(items)))
            reads.units += math.ceil(sum(item_size(i) for i in items) / 4096) * 0.5  # eventually consistent
        elif name == "GetItem":
            item = parsed.get("Item")
            reads.items += 1 if item else 0
            reads.units += max(1, math.ceil(item_size(item) / 4096)) if item else 1
        elif name == "BatchGetItem":
            for items in parsed.get("Responses", {}).values():
                reads.items += len(items)
                reads.units += sum(max(1, math.ceil(item_size(i) / 4096)) for i in items)
        else:
            return
        reads.calls.append(name)

    # first, so it sees DynamoDB's own attribute values before boto3's resource layer converts them
    events.register_first("after-call.dynamodb", after, unique_id="bops-benchmark-reads")
    try:
        yield reads
    finally:
        events.unregister("after-call.dynamodb", unique_id="bops-benchmark-reads")


def synthetic_cases(council: str, count: int, *, seed: int = 10) -> list[dict[str, Any]]:
    """``count`` cases, oldest first. The last ``FIXED_MATCHES`` ones are at SE5 9ZZ, in Quenby Mews, and
    build a summerhouse: queries for those find the same cases at any council size."""
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        fixed = n >= count - FIXED_MATCHES
        street = "Quenby Mews" if fixed else f"{rng.choice(STREETS)} {rng.choice(KINDS)}"
        postcode = (
            "SE5 9ZZ"
            if fixed
            else f"SW{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGH')}{rng.choice('JLNPQRST')}"
        )
        description = (
            "Erection of a timber summerhouse in the rear garden" if fixed else rng.choice(WORKS) + rng.choice(EXTRA)
        )
        day = 1 + n * 3650 // count  # spread over ten years
        received = f"{2016 + day // 365:04d}-{1 + day % 365 // 31:02d}-{1 + day % 31 % 28:02d}T09:{n % 60:02d}:00Z"
        reference = f"{(16 + day // 365) % 100:02d}-{n + 1:05d}-HAPP"
        cases.append(
            {
                "pk": f"{council}#APP#{reference}",
                "sk": "CASE",
                "kind": "application",
                "council": council,
                "reference": reference,
                "received_at": received,
                "status": "in_assessment",
                "application_type": "pp.full.householder",
                "application_type_name": "Householder planning permission",
                "site": {"address": f"{rng.randint(1, 240)} {street}, London", "postcode": postcode},
                "description": description,
                # a real case also carries the submission's answers: about 2 KB of them
                "proposal": {"answers": "x" * 2000},
            }
        )
    return cases


QUERIES = {
    "reference": lambda cases: cases[len(cases) // 2]["reference"],
    # an officer typing only the number (``00500``): one index partition, then the case (issue 12)
    "reference number": lambda cases: cases[len(cases) // 2]["reference"].split("-")[1],
    "postcode": lambda _: "se5 9zz",
    "address word": lambda _: "quenby",
    "rare description word": lambda _: "summerhouse",
    "common description word": lambda _: "extension",
    "two common words": lambda _: "rear extension",
    "rare and common word": lambda _: "timber garden",
}


def _load(repo: Any, council: str, count: int) -> list[dict[str, Any]]:
    from bops.domain.search import index_of

    cases = synthetic_cases(council, count)
    repo.put_many(cases)
    repo.search.save_entries([index_of(council, c) for c in cases])
    return cases


def _measure(repo: Any, council: str, cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    from bops.services.search import find

    ctx = SimpleNamespace(repo=repo)
    figures = {}
    for name, query in QUERIES.items():
        with counting(repo) as reads:
            found = find(ctx, council, query(cases))  # type: ignore[arg-type]
        figures[name] = {"results": len(found), "items_read": reads.items, "read_units": reads.units}
    return figures


def run(quick: bool) -> dict[str, Any]:
    sizes = (1000, 3000) if quick else (1000, 10000)
    from bops.repository import Repository

    with moto_in_process("bops-benchmark-search"):
        repo = Repository("bops-benchmark-search")
        by_size = {}
        for size in sizes:
            council = f"bench{size}"
            by_size[size] = _measure(repo, council, _load(repo, council, size))
    small, large = sizes
    figures: dict[str, Any] = {"cases": list(sizes)}
    worst = 0.0
    for name in QUERIES:
        a, b = by_size[small][name], by_size[large][name]
        ratio = b["items_read"] / max(a["items_read"], 1)
        worst = max(worst, ratio)
        figures[name] = {
            f"results at {small}/{large}": f"{a['results']}/{b['results']}",
            f"items read at {small}": a["items_read"],
            f"items read at {large}": b["items_read"],
            f"read units at {small}": a["read_units"],
            f"read units at {large}": b["read_units"],
        }
    figures["flatness (items read, largest ratio large/small)"] = {
        "value": round(worst, 2),
        "target": "<= 1.2",
        "ok": worst <= 1.2,
    }
    return figures
