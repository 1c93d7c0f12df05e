"""Makes moto's DynamoDB safe under concurrent requests, as DynamoDB itself is.

moto's TransactWriteItems deep-copies the table to roll back on failure; a write from another thread
during that copy fails the request ("dictionary changed size during iteration"). DynamoDB serialises
writes to an item; here one lock serialises moto's writes (nothing in them calls back into moto, so the
lock cannot deadlock). Local runtime only: AWS needs none of this.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

_lock = threading.RLock()
_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from moto.dynamodb.models import DynamoDBBackend

    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        original = getattr(DynamoDBBackend, name)

        @functools.wraps(original)
        def serialised(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            with _lock:
                return __original(self, *args, **kwargs)

        setattr(DynamoDBBackend, name, serialised)
    _installed = True
