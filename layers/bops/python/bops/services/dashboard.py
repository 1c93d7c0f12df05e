"""The officers' dashboard: one pre-sorted list per tab and filter, kept beside the case.

The rules (which tabs a case shows in, the deadline it is sorted by) are ``bops.domain.dashboard``'s; the
rows themselves are written with the case by ``ctx.repo.cases`` (only those whose content changed), so
every dashboard view is a single Query — no Scan, and no filter over the whole council.
"""

from __future__ import annotations

from bops.domain.dashboard import NO_DEADLINE, TABS, deadline, tabs_of

__all__ = ["NO_DEADLINE", "TABS", "deadline", "tabs_of"]
