"""The one DynamoDB table: generic reads and writes, with DynamoDB's errors translated into the domain's.

The aggregate modules beside this one (cases, documents, consultation, ...) build on ``Table``; they alone
know keys and expressions (``keys.py``). Services never import this module's boto3 plumbing.
"""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal
from typing import Any

from bops.adapters.aws import dynamodb_table
from bops.domain.errors import BadRequest, Conflict


def plain(value: Any) -> Any:
    """DynamoDB's Decimals back to ints/floats, recursively."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def storable(value: Any) -> Any:
    """Floats to Decimals (DynamoDB refuses floats), recursively; drops None values in dicts."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: storable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [storable(v) for v in value]
    return value


def encode_cursor(key: dict[str, Any] | None, council: str) -> str | None:
    """An opaque pagination cursor. It carries the council so it cannot page another council's data."""
    if not key:
        return None
    raw = json.dumps({"c": council, "k": plain(key)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, council: str, partition: tuple[str, str] | None = None) -> dict[str, Any] | None:
    """The start key a cursor carries; refused when it belongs to another council or another list."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        key = data["k"]
        if data["c"] != council or not isinstance(key, dict) or "pk" not in key:
            raise ValueError("cursor of another council")
        for name, value in key.items():
            if not isinstance(value, str) or (name.endswith("pk") and not value.startswith(f"{council}#")):
                raise ValueError("cursor keys outside the council")
        if partition and key.get(partition[0]) != partition[1]:
            raise ValueError("cursor of another list")
        return key
    except (ValueError, KeyError, TypeError, binascii.Error, json.JSONDecodeError) as error:
        from bops.domain.errors import FieldError

        raise BadRequest("The cursor is not valid", fields=[FieldError("cursor", "not a valid cursor")]) from error


class Table:
    """Reads and writes the one table. Aggregate repositories build on it."""

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name
        self.table = dynamodb_table(table_name)

    @property
    def _client(self) -> Any:
        return self.table.meta.client

    # --- generic -----------------------------------------------------------------------------
    def get(self, pk: str, sk: str, *, consistent: bool = True) -> dict[str, Any] | None:
        item = self.table.get_item(Key={"pk": pk, "sk": sk}, ConsistentRead=consistent).get("Item")
        return plain(item) if item else None

    def put(
        self,
        item: dict[str, Any],
        *,
        condition: str | None = None,
        names: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        kwargs: dict[str, Any] = {"Item": storable(item)}
        if condition:
            kwargs["ConditionExpression"] = condition
        if names:
            kwargs["ExpressionAttributeNames"] = names
        if values:
            kwargs["ExpressionAttributeValues"] = storable(values)
        try:
            self.table.put_item(**kwargs)
        except self._client.exceptions.ConditionalCheckFailedException as error:
            raise Conflict("The record already exists or was changed by someone else") from error

    def delete(self, pk: str, sk: str) -> None:
        self.table.delete_item(Key={"pk": pk, "sk": sk})

    def update(
        self,
        pk: str,
        sk: str,
        *,
        expression: str,
        names: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
        condition: str | None = None,
        conflict_message: str = "The record was changed by someone else",
    ) -> dict[str, Any]:
        """One UpdateItem; returns the item's new attributes. A failed condition becomes Conflict (409)."""
        kwargs: dict[str, Any] = {
            "Key": {"pk": pk, "sk": sk},
            "UpdateExpression": expression,
            "ReturnValues": "ALL_NEW",
        }
        if names:
            kwargs["ExpressionAttributeNames"] = names
        if values:
            kwargs["ExpressionAttributeValues"] = storable(values)
        if condition:
            kwargs["ConditionExpression"] = condition
        try:
            return plain(self.table.update_item(**kwargs).get("Attributes", {}))
        except self._client.exceptions.ConditionalCheckFailedException as error:
            raise Conflict(conflict_message) from error

    def put_many(self, items: list[dict[str, Any]]) -> None:
        """Unconditional puts in batches (for derived items such as the search index)."""
        with self.table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for item in items:
                batch.put_item(Item=storable(item))

    def get_many(self, keys: list[dict[str, str]]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for start in range(0, len(keys), 100):
            request: dict[str, Any] | None = {
                self.table_name: {"Keys": keys[start : start + 100], "ConsistentRead": True}
            }
            while request:
                response = self.table.meta.client.batch_get_item(RequestItems=request)
                items.extend(plain(i) for i in response["Responses"].get(self.table_name, []))
                request = response.get("UnprocessedKeys") or None
        return items

    def query(self, **kwargs: Any) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        response = self.table.query(**kwargs)
        return [plain(i) for i in response.get("Items", [])], response.get("LastEvaluatedKey")

    def query_all(self, **kwargs: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page, last = self.query(**kwargs)
            items.extend(page)
            if not last:
                return items
            kwargs["ExclusiveStartKey"] = last

    def transact(self, operations: list[dict[str, Any]], *, conflict_message: str) -> None:
        """All operations or none. A failed condition becomes Conflict (409)."""
        items = []
        for op in operations:
            ((kind, body),) = op.items()
            body = {"TableName": self.table_name, **body}
            if kind == "Put":
                body["Item"] = storable(body["Item"])
            if "ExpressionAttributeValues" in body:
                body["ExpressionAttributeValues"] = storable(body["ExpressionAttributeValues"])
            items.append({kind: body})
        try:
            self._client.transact_write_items(TransactItems=items)
        except self._client.exceptions.TransactionCanceledException as error:
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if "ConditionalCheckFailed" in reasons:
                raise Conflict(conflict_message) from error
            raise
