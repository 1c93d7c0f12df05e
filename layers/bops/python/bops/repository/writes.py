"""Transaction entries (``Write``) the aggregate repositories build for one another's items.

An audit entry is built by ``services.audit.audit_item`` and written in the same transaction as the
change it describes; the aggregate that writes the change takes the entry as it comes and puts it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Write = dict[str, Any]  # = bops.repository.Write (not imported: the package imports the modules using this one)


def put_write(item: Mapping[str, Any], *, condition: str | None = None) -> Write:
    """A Put of a whole item, optionally guarded by a condition."""
    body: dict[str, Any] = {"Item": dict(item)}
    if condition:
        body["ConditionExpression"] = condition
    return {"Put": body}


def audit_write(audit: Mapping[str, Any]) -> Write:
    """An audit entry as a transaction write: the entry's item (``services.audit.audit_item``), or a write
    already made of it, so callers may hand over either."""
    if "Put" in audit:
        return dict(audit)
    return put_write(audit)
