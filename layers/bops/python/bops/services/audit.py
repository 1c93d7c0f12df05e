"""Audit entries: written in the same transaction as the change they describe."""

from __future__ import annotations

import secrets
from typing import Any

from bops.repository.keys import app_pk


def audit_item(
    council: str,
    reference: str,
    *,
    at: str,
    actor: str,
    action: str,
    reason: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    key: str | None = None,
) -> dict[str, Any]:
    """An audit item. ``key`` makes it deterministic, so a retried task cannot write it twice."""
    return {
        "pk": app_pk(council, reference),
        "sk": f"AUDIT#{at}#{key or secrets.token_hex(4)}",
        "kind": "audit",
        "at": at,
        "actor": actor,
        "action": action,
        "reason": reason,
        "before": before,
        "after": after,
    }
