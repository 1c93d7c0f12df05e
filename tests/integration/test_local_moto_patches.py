"""The local runtime's moto patches (local/moto_patches.py): transactions stay all-or-nothing without copying
the table, and concurrent requests never see a table changing under them."""

from __future__ import annotations

import threading
import tracemalloc
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from local import moto_patches

pytestmark = pytest.mark.integration

REGION = "eu-west-2"
TABLE = "patches-" + uuid.uuid4().hex[:8]


@pytest.fixture
def dynamodb() -> Iterator[Any]:
    """A table of its own on moto in this process. moto is neither reset nor stopped with data removal: the
    session's local runtime (tests/conftest.py) may share its backends (see tests/integration/test_documents.py)."""
    moto_patches.install()
    mock = mock_aws()
    mock.start(reset=False)
    client = boto3.client(
        "dynamodb",
        region_name=REGION,
        endpoint_url=f"https://dynamodb.{REGION}.amazonaws.com",  # moto in-process, whatever the environment says
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    client.create_table(
        TableName=TABLE,
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "gsi1pk", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi1",
                "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        yield client
    finally:
        client.delete_table(TableName=TABLE)
        mock.stop(remove_data=False)


def _key(pk: str, sk: str = "case") -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def _item(pk: str, sk: str = "case", **attrs: str) -> dict[str, Any]:
    return {**_key(pk, sk), **{name: {"S": value} for name, value in attrs.items()}}


def _get(client: Any, pk: str, sk: str = "case") -> dict[str, Any] | None:
    return client.get_item(TableName=TABLE, Key=_key(pk, sk), ConsistentRead=True).get("Item")


def _backend() -> Any:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION]


def test_a_cancelled_transaction_leaves_every_item_as_it_was(dynamodb):
    # Given a case, its document and an untouched neighbour
    dynamodb.put_item(TableName=TABLE, Item=_item("APP#1", status="submitted", gsi1pk="council"))
    dynamodb.put_item(TableName=TABLE, Item=_item("APP#1", "doc#1", name="plan.pdf"))
    dynamodb.put_item(TableName=TABLE, Item=_item("APP#2", status="submitted"))
    before = {(pk, sk): _get(dynamodb, pk, sk) for pk, sk in (("APP#1", "case"), ("APP#1", "doc#1"))}

    # When a transaction updates the case, deletes the document, adds an item and then fails a condition
    with pytest.raises(ClientError) as caught:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": _key("APP#1"),
                        "UpdateExpression": "SET #s = :s, added = :a",
                        "ExpressionAttributeNames": {"#s": "status"},
                        "ExpressionAttributeValues": {":s": {"S": "valid"}, ":a": {"S": "yes"}},
                    }
                },
                {"Delete": {"TableName": TABLE, "Key": _key("APP#1", "doc#1")}},
                {"Put": {"TableName": TABLE, "Item": _item("APP#3", status="new")}},
                {"Put": {"TableName": TABLE, "Item": _item("APP#1", "brand-new", gsi1pk="council")}},
                {
                    "ConditionCheck": {
                        "TableName": TABLE,
                        "Key": _key("APP#2"),
                        "ConditionExpression": "#s = :v",
                        "ExpressionAttributeNames": {"#s": "status"},
                        "ExpressionAttributeValues": {":v": {"S": "determined"}},
                    }
                },
            ]
        )
    assert caught.value.response["Error"]["Code"] == "TransactionCanceledException"

    # Then nothing it wrote remains: the case and document as before, the new items absent, the index unchanged
    assert {(pk, sk): _get(dynamodb, pk, sk) for pk, sk in before} == before
    assert _get(dynamodb, "APP#3") is None
    assert _get(dynamodb, "APP#1", "brand-new") is None
    on_index = dynamodb.query(
        TableName=TABLE,
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :c",
        ExpressionAttributeValues={":c": {"S": "council"}},
    )["Items"]
    assert [i["sk"]["S"] for i in on_index] == ["case"]
    assert on_index[0]["status"]["S"] == "submitted"


def test_a_transaction_naming_an_item_twice_writes_nothing(dynamodb):
    dynamodb.put_item(TableName=TABLE, Item=_item("APP#1", status="submitted"))
    with pytest.raises(ClientError):
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": TABLE, "Item": _item("APP#4", status="new")}},
                {"Put": {"TableName": TABLE, "Item": _item("APP#1", status="changed")}},
                {"Delete": {"TableName": TABLE, "Key": _key("APP#1")}},
            ]
        )
    assert _get(dynamodb, "APP#4") is None
    assert _get(dynamodb, "APP#1")["status"]["S"] == "submitted"


def test_a_successful_transaction_writes_every_item(dynamodb):
    dynamodb.put_item(TableName=TABLE, Item=_item("APP#1", status="submitted"))
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": TABLE, "Item": _item("APP#5", status="new")}},
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": _key("APP#1"),
                    "UpdateExpression": "SET #s = :s",
                    "ExpressionAttributeNames": {"#s": "status"},
                    "ExpressionAttributeValues": {":s": {"S": "valid"}},
                    "ConditionExpression": "attribute_exists(pk)",
                }
            },
        ]
    )
    assert _get(dynamodb, "APP#5")["status"]["S"] == "new"
    assert _get(dynamodb, "APP#1")["status"]["S"] == "valid"


def test_a_transaction_copies_only_the_items_it_names_not_the_table(dynamodb, monkeypatch):
    # Given a table of 5,000 items of about 1 kB (moto holds them in several MB)
    table = _backend().get_table(TABLE)
    for n in range(5000):
        table.put_item(_item(f"APP#{n}", "case", status="submitted", notes="x" * 1000))

    def no_table_copies(self, memo):
        raise AssertionError("the transaction copied the whole table")

    monkeypatch.setattr(type(table), "__deepcopy__", no_table_copies, raising=False)
    put = {"Put": {"TableName": TABLE, "Item": _item("APP#new", status="new")}}
    failing = {
        "ConditionCheck": {"TableName": TABLE, "Key": _key("APP#0"), "ConditionExpression": "attribute_not_exists(pk)"}
    }

    # When a transaction succeeds and another is cancelled, measuring what each allocates at its peak
    tracemalloc.start()
    try:
        _backend().transact_write_items([put])
        with pytest.raises(Exception, match="Transaction cancelled"):
            _backend().transact_write_items([{"Put": {"TableName": TABLE, "Item": _item("APP#other")}}, failing])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # Then neither copied the table: the peak is a fraction of it (the margin is for other threads: the
    # session's local runtime may be running workflows in this process meanwhile)
    assert peak < 2_000_000, peak
    assert table.get_item(_dynamo("APP#new"), _dynamo("case")) is not None
    assert table.get_item(_dynamo("APP#other"), _dynamo("case")) is None


def _dynamo(value: str) -> Any:
    from moto.dynamodb.models.dynamo_type import DynamoType

    return DynamoType({"S": value})


def test_concurrent_reads_and_writes_never_see_the_table_change_under_them(dynamodb):
    # Reads of missing keys add entries to moto's dict of items; index queries and transactions iterate it.
    for n in range(500):
        dynamodb.put_item(TableName=TABLE, Item=_item(f"APP#{n}", gsi1pk="council"))
    errors: list[BaseException] = []
    stop = threading.Event()

    def repeatedly(action) -> None:
        try:
            n = 0
            while not stop.is_set():
                action(n)
                n += 1
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    def read_missing(n: int) -> None:
        _get(dynamodb, f"MISSING#{threading.get_ident()}#{n}")

    def query_index(n: int) -> None:
        dynamodb.query(
            TableName=TABLE,
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :c",
            ExpressionAttributeValues={":c": {"S": "council"}},
            Select="COUNT",
        )

    def transact(n: int) -> None:
        dynamodb.transact_write_items(
            TransactItems=[{"Put": {"TableName": TABLE, "Item": _item(f"NEW#{threading.get_ident()}#{n}")}}]
        )

    threads = [
        threading.Thread(target=repeatedly, args=(a,)) for a in (read_missing, read_missing, query_index, transact)
    ]
    for thread in threads:
        thread.start()
    stop.wait(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
