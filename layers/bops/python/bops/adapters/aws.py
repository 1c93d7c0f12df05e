"""boto3 clients and resources, created once per process and only when first used (lean cold starts)."""

from __future__ import annotations

from functools import cache
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
    import boto3

    return boto3.resource("dynamodb").Table(name)


def reset() -> None:
    """Forget cached clients (tests that switch endpoints call this)."""
    client.cache_clear()
    dynamodb_table.cache_clear()
