"""Which applications the public register shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Applications not yet made valid are not published: the register shows a case once it is validated.
UNPUBLISHED_STATUSES = frozenset({"pending", "not_started", "invalidated"})


def is_published(case: Mapping[str, Any]) -> bool:
    """Whether the public register (search, application page, documents, comments) shows this case."""
    return case["status"] not in UNPUBLISHED_STATUSES
