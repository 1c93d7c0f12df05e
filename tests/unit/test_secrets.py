"""Secrets are cached for a few minutes, so a rotation is seen after that time and not read on every
request; the key that hashes commenters' IP addresses is one of them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import boto3
import pytest

from bops.adapters import secrets as secret_store
from tests.support import moto_in_process


@pytest.fixture
def secrets_manager(monkeypatch):
    """Secrets Manager on moto in this process (not reset: a session-wide local runtime may share it)."""
    with moto_in_process(monkeypatch):
        client = boto3.client("secretsmanager")
        secret_store.reset()
        try:
            yield client
        finally:
            secret_store.reset()


@pytest.fixture
def later(monkeypatch):
    """Moves powertools' cache clock forward (its cache compares ``datetime.now()`` with each entry's TTL)."""
    from aws_lambda_powertools.utilities.parameters import base

    offset = timedelta()

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return datetime.now(tz) + offset

    monkeypatch.setattr(base, "datetime", Clock)

    def move(seconds: float) -> None:
        nonlocal offset
        offset += timedelta(seconds=seconds)

    return move


def test_a_rotated_secret_is_seen_after_the_cache_time_and_not_before(secrets_manager, later):
    name = f"bops/test-{uuid.uuid4().hex[:8]}/notify-callback-token"
    secrets_manager.create_secret(Name=name, SecretString="first-value-0001")
    try:
        assert secret_store.secret(name, client=secrets_manager) == "first-value-0001"
        secrets_manager.put_secret_value(SecretId=name, SecretString="rotated-value-02")
        # within the cache time: the value read before (a burst of requests reads Secrets Manager once)
        later(secret_store.MAX_AGE_SECONDS - 5)
        assert secret_store.secret(name, client=secrets_manager) == "first-value-0001"
        # after it: the rotated value
        later(10)
        assert secret_store.secret(name, client=secrets_manager) == "rotated-value-02"
        # a refused key is read again at once
        secrets_manager.put_secret_value(SecretId=name, SecretString="rotated-value-03")
        assert secret_store.secret(name, client=secrets_manager, force=True) == "rotated-value-03"
    finally:
        secrets_manager.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_a_missing_secret_says_so_and_is_seen_once_created(secrets_manager):
    name = f"bops/test-{uuid.uuid4().hex[:8]}/os-places-api-key"
    with pytest.raises(secret_store.SecretMissing) as raised:
        secret_store.secret(name, client=secrets_manager, max_age=0)
    assert name in str(raised.value)
    secrets_manager.create_secret(Name=name, SecretString="created-later")
    try:
        assert secret_store.secret(name, client=secrets_manager, max_age=0) == "created-later"
    finally:
        secrets_manager.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_the_callback_token_is_read_through_the_cache_and_rotations_are_seen(secrets_manager, later, monkeypatch):
    from bops.adapters import aws
    from bops.adapters.notify import CallbackTokens

    monkeypatch.setattr(aws, "client", lambda service, **_: secrets_manager)
    council = "tok-" + uuid.uuid4().hex[:6]
    name = f"bops/{council}/notify-callback-token"
    secrets_manager.create_secret(Name=name, SecretString="callback-token-one")
    try:
        tokens = CallbackTokens()
        assert tokens.get(council) == "callback-token-one"
        secrets_manager.put_secret_value(SecretId=name, SecretString="callback-token-two")
        assert tokens.get(council) == "callback-token-one"
        later(secret_store.MAX_AGE_SECONDS + 1)
        assert tokens.get(council) == "callback-token-two"
        assert tokens.get("tok-none") is None  # a council with no token
    finally:
        secrets_manager.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_the_ip_hash_key_is_a_secret_the_hash_changes_with_it_and_never_shows_the_address(
    secrets_manager, later, monkeypatch
):
    from bops.adapters import aws
    from bops.services.consultation import comment_source

    monkeypatch.setattr(aws, "client", lambda service, **_: secrets_manager)
    name = secret_store.COMMENT_SOURCE_KEY
    try:
        secrets_manager.create_secret(Name=name, SecretString="k" * 48)
    except secrets_manager.exceptions.ResourceExistsException:
        secrets_manager.put_secret_value(SecretId=name, SecretString="k" * 48)
    address = "198.51.100.23"
    first = comment_source(address)
    assert first == comment_source(address)  # the same address counts as the same source
    assert first != comment_source("198.51.100.24")
    assert address not in first and first != address
    # the hash is keyed: not a plain digest of the address, and not keyed with the table name any more
    import hashlib
    import hmac

    assert first != hashlib.sha256(address.encode()).hexdigest()
    assert first != hmac.new(b"bops-main", address.encode(), hashlib.sha256).hexdigest()

    # a new key (rotated) gives another hash, once the cache time has passed
    secrets_manager.put_secret_value(SecretId=name, SecretString="n" * 48)
    later(secret_store.MAX_AGE_SECONDS + 1)
    rotated = comment_source(address)
    assert rotated != first and address not in rotated
