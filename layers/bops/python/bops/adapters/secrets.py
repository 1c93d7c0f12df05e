"""Secrets (GOV.UK Notify's API key and callback token, the OS Places key, the key that hashes commenters'
IP addresses) read from Secrets Manager through powertools' parameters utility, cached for ``MAX_AGE_SECONDS``:
a burst of requests reads a secret once, and a rotated secret is seen within that time.

Every secret is named under ``bops/`` (``bops/<council>/notify-api-key``, ``bops/comment-source-key``):
the CDK grants and the local run create them by those names. powertools is imported only when a secret
is first read, so functions that never read one do not pay for it at cold start.
"""

from __future__ import annotations

from typing import Any

MAX_AGE_SECONDS = 300

#: The key that hashes a commenter's IP address for the comments' rate limit (one for every council).
COMMENT_SOURCE_KEY = "bops/comment-source-key"


class SecretMissing(LookupError):
    """No secret by that name (the message names the secret, never a value)."""


# one provider per boto3 client: after ``bops.adapters.aws.reset`` (tests switching endpoints) the next
# read builds a new provider, with an empty cache
_providers: dict[str, tuple[Any, Any]] = {}
# secrets found missing, and until when (monotonic seconds): a council without its own key (OS Places
# falls back to the shared one) is not asked about on every request
_missing: dict[tuple[int, str], float] = {}


def _provider(service: str, client: Any | None = None) -> Any:
    from bops.adapters import aws

    current = client if client is not None else aws.client(service)
    slot = f"{service}:{id(current)}" if client is not None else service
    cached = _providers.get(slot)
    if cached is None or cached[0] is not current:
        from aws_lambda_powertools.utilities import parameters

        kind = parameters.SecretsProvider if service == "secretsmanager" else parameters.SSMProvider
        cached = (current, kind(boto3_client=current))
        _providers[slot] = cached
    return cached[1]


def secret(name: str, *, max_age: int | None = None, force: bool = False, client: Any | None = None) -> str:
    """The secret's current value, cached up to ``max_age`` seconds (default ``MAX_AGE_SECONDS``);
    ``force`` reads it again now (a key the service refused may have been rotated). ``client``: a Secrets
    Manager client to read with (default: the shared one).

    Raises ``SecretMissing`` when there is no such secret; other Secrets Manager errors propagate as
    powertools' ``GetParameterError`` (the boto error as its ``__context__``).
    """
    import time

    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    age = MAX_AGE_SECONDS if max_age is None else max_age
    provider = _provider("secretsmanager", client)
    missing_key = (id(provider), name)
    if not force and _missing.get(missing_key, 0.0) > time.monotonic():
        raise SecretMissing(f"No secret {name}")
    try:
        value = provider.get(name, max_age=age, force_fetch=force)
    except GetParameterError as error:
        if error_code(error) == "ResourceNotFoundException":
            _missing[missing_key] = time.monotonic() + age
            raise SecretMissing(f"No secret {name}") from None
        raise
    _missing.pop(missing_key, None)
    return value if isinstance(value, str) else str(value)


def error_code(error: BaseException) -> str | None:
    """The AWS error code behind a powertools ``GetParameterError`` (None: not an AWS answer)."""
    cause = error.__context__
    response = getattr(cause, "response", None)
    return response.get("Error", {}).get("Code") if isinstance(response, dict) else None


def parameter(name: str, *, max_age: int | None = None, transform: str | None = None) -> Any:
    """An SSM parameter (``transform="json"`` parses it), cached like secrets."""
    return _provider("ssm").get(name, max_age=MAX_AGE_SECONDS if max_age is None else max_age, transform=transform)


def reset() -> None:
    """Forget every cached value (a test rotating a secret sees the new value at once)."""
    _providers.clear()
    _missing.clear()
