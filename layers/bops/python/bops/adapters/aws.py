"""boto3 clients and resources, created once per process and only when first used (lean cold starts)."""

from __future__ import annotations

from functools import cache, partial
from types import SimpleNamespace
from typing import Any


@cache
def client(service: str, **kwargs: Any) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "max_attempts": 4})
    if service == "s3":
        config = config.merge(Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    return boto3.client(service, config=config, **kwargs)


@cache
def dynamodb_table(name: str) -> Any:
    """The table with the interface of ``boto3.resource("dynamodb").Table`` (Python values in and out,
    condition objects, ``batch_writer``), built on a client: creating the resource loads and builds
    boto3's resource model, ~80 ms more of the API's cold start than a client (``make benchmark``)."""
    import boto3
    from boto3.dynamodb.transform import TransformationInjector, copy_dynamodb_params

    # Its own client (not ``client("dynamodb")``): these handlers change what the client accepts and
    # returns, exactly as the resource registers them on its client.
    dynamodb = boto3.client("dynamodb")
    injector = TransformationInjector()
    for event, handler, unique_id in (
        ("provide-client-params.dynamodb", copy_dynamodb_params, "dynamodb-create-params-copy"),
        ("before-parameter-build.dynamodb", injector.inject_condition_expressions, "dynamodb-condition-expression"),
        ("before-parameter-build.dynamodb", injector.inject_attribute_value_input, "dynamodb-attr-value-input"),
        ("after-call.dynamodb", injector.inject_attribute_value_output, "dynamodb-attr-value-output"),
    ):
        dynamodb.meta.events.register(event, handler, unique_id=unique_id)
    return _Table(name, dynamodb)


class _Table:
    """A table's operations on a transforming client: ``get_item(Key=...)`` is the client's
    ``get_item(TableName=name, Key=...)``, as on the resource's Table."""

    def __init__(self, name: str, dynamodb: Any) -> None:
        self.name = self.table_name = name
        self.meta = SimpleNamespace(client=dynamodb)

    def __getattr__(self, operation: str) -> Any:
        if operation.startswith("_"):  # copy, pickle and the like probe dunders: not operations
            raise AttributeError(operation)
        return partial(getattr(self.meta.client, operation), TableName=self.name)

    def batch_writer(self, overwrite_by_pkeys: list[str] | None = None) -> Any:
        from boto3.dynamodb.table import BatchWriter

        return BatchWriter(self.name, self.meta.client, overwrite_by_pkeys=overwrite_by_pkeys)


def reset() -> None:
    """Forget cached clients (tests that switch endpoints call this)."""
    client.cache_clear()
    dynamodb_table.cache_clear()
