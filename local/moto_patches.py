"""Makes moto's DynamoDB safe under concurrent requests and cheap per transaction, as DynamoDB itself is.

Local runtime only (``make run`` and the tests' local stack); AWS needs none of this. Two fixes, for moto 5.2.5
(pinned in pyproject.toml):

1. One request at a time. moto's DynamoDB is plain dicts shared by the server's request threads, and even
   reads change them: ``Table.get_item`` indexes a ``defaultdict``, so looking up a missing key adds an entry.
   A request iterating the table meanwhile (a query on an index, a transaction's copy) then fails with
   "dictionary changed size during iteration" (seen three times while seeding the demo). DynamoDB itself is
   consistent per item; here one lock serialises whole DynamoDB requests, serialisation of the answer
   included. Nothing inside a DynamoDB request calls back into moto over HTTP, so the lock cannot deadlock.

2. Transactions roll back by item, not by copying tables. moto's ``transact_write_items`` deep-copies every
   table it touches before writing, to put the copy back if an operation fails: each transaction costs the
   whole table in time and memory (seeding 1,000 cases drove the server to 16 GB). Here the transaction
   snapshots only the items it names (at most 100), moto's own code then runs unchanged except that its
   table copy is the table itself, and on any failure the snapshot is put back: still all or nothing.
"""

from __future__ import annotations

import copy
import functools
import threading
import types
from collections.abc import Callable
from typing import Any

_lock = threading.RLock()
_installed = False


def serialised(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        with _lock:
            return method(*args, **kwargs)

    return call


def install() -> None:
    global _installed
    if _installed:
        return
    import moto.dynamodb.models as models
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    # 1. Every DynamoDB request, from parsing to the serialised answer (an Item is read while it is serialised).
    DynamoHandler.call_action = serialised(DynamoHandler.call_action)  # type: ignore[method-assign]
    # Callers of the backend that bypass the HTTP layer (none today) are serialised by the same lock.
    for name in ("put_item", "update_item", "delete_item", "get_item", "query", "scan"):
        setattr(DynamoDBBackend, name, serialised(getattr(DynamoDBBackend, name)))

    # 2. The models module's ``copy`` leaves tables uncopied (its only table copy is the transaction's backup);
    # items (update_item's old image) are still deep-copied.
    models.copy = _copy_except_tables(models.Table)  # type: ignore[assignment]
    DynamoDBBackend.transact_write_items = serialised(  # type: ignore[method-assign]
        _rolled_back_by_item(DynamoDBBackend.transact_write_items)
    )
    _installed = True


def _copy_except_tables(table_class: type) -> types.SimpleNamespace:
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        if isinstance(value, table_class):
            return value
        return copy.deepcopy(value, memo)

    return types.SimpleNamespace(deepcopy=deepcopy, copy=copy.copy)


def _rolled_back_by_item(transact: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(transact)
    def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
        snapshot = [saved for op in transact_items if (saved := _save(backend, op)) is not None]
        streams = {id(t): (t, len(t.stream_shard.items)) for t, *_ in snapshot if t.stream_shard is not None}
        try:
            transact(backend, transact_items)
        except BaseException:
            for table, hash_key, range_key, item in reversed(snapshot):
                _restore(table, hash_key, range_key, item)
            for table, length in streams.values():  # the cancelled writes never happened: no stream records
                del table.stream_shard.items[length:]
            raise

    return transact_write_items


def _save(backend: Any, transact_item: dict[str, Any]) -> tuple[Any, Any, Any, Any] | None:
    """(table, hash key, range key, a copy of the item or None) for one operation, or None if moto will reject it."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    try:
        ((op_type, op),) = transact_item.items()
        table = backend.tables[op["TableName"]]
        key = op["Item"] if op_type == "Put" else op["Key"]
        hash_key = DynamoType(key[table.hash_key_attr])
        range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # malformed: moto raises before writing this item
    # .get, not [...]: the table's items are a defaultdict, and a lookup must not add an entry
    held = table.items.get(hash_key)
    current = held.get(range_key) if range_key is not None and held is not None else held
    return table, hash_key, range_key, copy.deepcopy(current)


def _restore(table: Any, hash_key: Any, range_key: Any, item: Any) -> None:
    if range_key is None:
        if item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item
        return
    if item is None:
        held = table.items.get(hash_key)
        if held is not None:
            held.pop(range_key, None)
            if not held:
                del table.items[hash_key]
    else:
        table.items[hash_key][range_key] = item
