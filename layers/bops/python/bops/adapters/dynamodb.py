"""The one DynamoDB table. Every key starts with the council id: tenancy lives in the key.

Item layout (pk / sk):
  {council}#COUNCIL              / COUNCIL                 the council
  {council}#TOKEN                / {token_id}              an integrator API token (hash only)
  {council}#COUNTER#{yy}         / COUNTER                 the reference counter for a year
  {council}#SUBMISSION#{id}      / SUBMISSION              idempotency marker: ODP metadata.id -> reference
  {council}#APP#{reference}      / CASE                    the planning application
  {council}#APP#{reference}      / DOC#{document_id}       a document of the application
  {council}#APP#{reference}      / AUDIT#{at}#{n}          an audit entry
Indexes (each key starts with the council):
  gsi1: {council}#APPS            / {received_at}#{ref}     all applications, newest first
  gsi2: {council}#STATUS#{status} / {received_at}#{ref}     applications by status
"""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal
from typing import Any

from bops.adapters.aws import dynamodb_table
from bops.domain.errors import BadRequest, Conflict

CASE_SK = "CASE"


def app_pk(council: str, reference: str) -> str:
    return f"{council}#APP#{reference}"


def council_pk(council: str) -> str:
    return f"{council}#COUNCIL"


def token_pk(council: str) -> str:
    return f"{council}#TOKEN"


def submission_pk(council: str, submission_id: str) -> str:
    return f"{council}#SUBMISSION#{submission_id}"


def counter_pk(council: str, year: int) -> str:
    return f"{council}#COUNTER#{year % 100:02d}"


def list_keys(council: str, status: str, received_at: str, reference: str) -> dict[str, str]:
    """The index attributes of a case item (recomputed whenever its status changes)."""
    sort = f"{received_at}#{reference}"
    return {
        "gsi1pk": f"{council}#APPS",
        "gsi1sk": sort,
        "gsi2pk": f"{council}#STATUS#{status}",
        "gsi2sk": sort,
    }


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


class Repository:
    """Reads and writes the table. The only module that knows the key layout."""

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

    def put(self, item: dict[str, Any], *, condition: str | None = None) -> None:
        kwargs: dict[str, Any] = {"Item": storable(item)}
        if condition:
            kwargs["ConditionExpression"] = condition
        try:
            self.table.put_item(**kwargs)
        except self._client.exceptions.ConditionalCheckFailedException as error:
            raise Conflict("The record already exists or was changed by someone else") from error

    def put_many(self, items: list[dict[str, Any]]) -> None:
        """Unconditional puts in batches (for derived items such as the search index)."""
        with self.table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for item in items:
                batch.put_item(Item=storable(item))

    def get_many(self, keys: list[dict[str, str]]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for start in range(0, len(keys), 100):
            request = {self.table_name: {"Keys": keys[start : start + 100], "ConsistentRead": True}}
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

    # --- counters ----------------------------------------------------------------------------
    def next_number(self, council: str, year: int) -> int:
        """The next reference number of a council for a year (atomic, never reused)."""
        response = self.table.update_item(
            Key={"pk": counter_pk(council, year), "sk": "COUNTER"},
            UpdateExpression="ADD #n :one",
            ExpressionAttributeNames={"#n": "number"},
            ExpressionAttributeValues={":one": 1},
            ReturnValues="UPDATED_NEW",
        )
        return int(response["Attributes"]["number"])

    # --- applications --------------------------------------------------------------------------
    def get_case(self, council: str, reference: str) -> dict[str, Any] | None:
        return self.get(app_pk(council, reference), CASE_SK)

    def get_case_with_children(self, council: str, reference: str) -> list[dict[str, Any]]:
        """The case, its documents and its audit trail: one partition, one Query."""
        return self.query_all(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": app_pk(council, reference)}
        )

    def dashboard(
        self, council: str, partition: str, *, limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        """A dashboard partition (see services/dashboard.py), soonest determination date first."""
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": partition},
            "Limit": limit,
        }
        start = decode_cursor(cursor, council, partition=("pk", partition))
        if start:
            kwargs["ExclusiveStartKey"] = start
        items, last = self.query(**kwargs)
        return items, encode_cursor(last, council)

    def list_cases(
        self, council: str, *, status: str | None, limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        if status:
            index, key = "gsi2", {"#pk": "gsi2pk", ":pk": f"{council}#STATUS#{status}"}
        else:
            index, key = "gsi1", {"#pk": "gsi1pk", ":pk": f"{council}#APPS"}
        kwargs: dict[str, Any] = {
            "IndexName": index,
            "KeyConditionExpression": "#pk = :pk",
            "ExpressionAttributeNames": {"#pk": key["#pk"]},
            "ExpressionAttributeValues": {":pk": key[":pk"]},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        start = decode_cursor(cursor, council, partition=(key["#pk"], key[":pk"]))
        if start:
            kwargs["ExclusiveStartKey"] = start
        items, last = self.query(**kwargs)
        return items, encode_cursor(last, council)
