"""Audit entries: written in the same transaction as the change they describe (``bops.repository.audit``)."""

from __future__ import annotations

from typing import Any

from bops.domain.application import AuditEntry
from bops.repository import audit as stored


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
    """An audit item. ``key`` makes it deterministic, so a retried task cannot write it twice.

    Kept for the services that still put it into their own transaction; new code takes
    ``ctx.repo.cases.audit_write(...)``."""
    entry = AuditEntry(at=at, actor=actor, action=action, reason=reason, before=before, after=after)
    return stored.audit_item(council, reference, entry, key=key)
