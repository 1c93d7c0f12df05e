"""AWS emulated in the benchmark's own process (moto's decorator, not the local run's server)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

ENVIRONMENT = ("AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


@contextmanager
def moto_in_process(*tables: str) -> Iterator[None]:
    """moto in this process with ``tables`` created (the stack's table definition); the environment and the
    cached AWS clients are restored afterwards."""
    from moto import mock_aws

    from bops.adapters import aws
    from local.stack import table_definition

    saved = {k: os.environ.get(k) for k in ENVIRONMENT}
    os.environ.pop("AWS_ENDPOINT_URL", None)  # moto in this process, not a server
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-2")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchmark")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchmark")
    aws.reset()
    try:
        with mock_aws():
            for table in tables:
                aws.client("dynamodb").create_table(**table_definition(table))
            yield
    finally:
        aws.reset()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
