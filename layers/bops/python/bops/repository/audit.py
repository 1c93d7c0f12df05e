"""Audit entries: items in the case's partition, written in the same transaction as the change they record.

Items (pk / sk): ``{council}#APP#{reference}`` / ``AUDIT#{at}#{key}`` (``kind`` = ``audit``), where ``key``
is random, or deterministic for a retried workflow task (so a retry cannot write the entry twice). They
come back with the case from ``CaseRepository.get_with_children``.
"""

from __future__ import annotations

import secrets
from typing import Any

from bops.domain.application import AuditEntry
from bops.repository.keys import app_pk

AUDIT_PREFIX = "AUDIT#"


def audit_item(council: str, reference: str, entry: AuditEntry, *, key: str | None = None) -> dict[str, Any]:
    """The stored form of an audit entry (``key`` makes it deterministic)."""
    return {
        "pk": app_pk(council, reference),
        "sk": f"{AUDIT_PREFIX}{entry.at}#{key or secrets.token_hex(4)}",
        "kind": "audit",
        **entry.model_dump(),
    }


def audit_write(council: str, reference: str, entry: AuditEntry, *, key: str | None = None) -> dict[str, Any]:
    """The transaction write that appends an audit entry."""
    return {"Put": {"Item": audit_item(council, reference, entry, key=key)}}


def is_audit(item: dict[str, Any]) -> bool:
    return str(item.get("sk", "")).startswith(AUDIT_PREFIX)
