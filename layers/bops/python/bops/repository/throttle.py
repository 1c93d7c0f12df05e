"""Counters that enforce a limit per client and window (``bops.domain.throttle``), shared by the public
search's throttle (``search.py``) and the comments' rate limit (``consultation.py``): each aggregate names
its own item; the counting is one shape, here."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bops.domain.errors import Conflict

if TYPE_CHECKING:
    from bops.repository.table import Table

#: How long a window's counter outlives the window (DynamoDB's ``ttl`` deletes it within days anyway).
KEEP_SECONDS = 3600


def count_one(table: Table, pk: str, sk: str, *, limit: int, window_end: datetime) -> bool:
    """Count one request in the counter ``pk``/``sk``; False (and nothing counted) when ``limit`` were
    counted already.

    One conditional UpdateItem: DynamoDB applies concurrent ones to an item one at a time, so no more
    than ``limit`` are ever counted, however many arrive together (counting first and writing after
    would let all of them see the same count).
    """
    try:
        table.update(
            pk,
            sk,
            expression="ADD #count :one SET #kind = :kind, #ttl = :ttl",
            names={"#count": "count", "#kind": "kind", "#ttl": "ttl"},
            values={
                ":one": 1,
                ":limit": limit,
                ":kind": "throttle",
                ":ttl": int(window_end.timestamp()) + KEEP_SECONDS,
            },
            condition="attribute_not_exists(#count) OR #count < :limit",
        )
    except Conflict:
        return False
    return True
