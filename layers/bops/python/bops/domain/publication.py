"""Which applications the public register shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Applications not yet made valid are not published: the register shows a case once it is validated.
UNPUBLISHED_STATUSES = frozenset({"pending", "not_started", "invalidated"})


def is_published(case: Mapping[str, Any]) -> bool:
    """Whether the public register (search, application page, documents, comments) shows this case.

    Only an application that was made valid is ever public (it then stays public, whatever follows). One
    withdrawn or returned before validation never was a valid application, so it is never published: its
    status alone would not tell, hence the validation date (``valid_from``, set by the validation decision).
    """
    return bool(case.get("valid_from")) and case["status"] not in UNPUBLISHED_STATUSES
