"""Limits on how often one client may do something (search the public register, comment). Pure.

A limit counts in fixed windows (``Throttle.window``), not sliding ones: one counter per client and
window then decides with a single conditional write, which DynamoDB applies one at a time, so requests
sent all at once cannot slip past the limit together (``bops.repository.throttle``). The price of fixed
windows: a client may use up one window's allowance at its end and the next one's at its start.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import ConfigDict
from pydantic import Field as PydanticField

from bops.model import Model


class Throttle(Model):
    """At most ``max_count`` requests from one client in each fixed window of ``window_seconds``."""

    model_config = ConfigDict(frozen=True)

    max_count: int = PydanticField(gt=0)
    window_seconds: int = PydanticField(gt=0)

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        """The window ``now`` falls in: its start and its end."""
        start = int(now.timestamp()) // self.window_seconds * self.window_seconds
        begins = datetime.fromtimestamp(start, tz=UTC)
        return begins, begins + timedelta(seconds=self.window_seconds)

    def retry_after(self, now: datetime) -> timedelta:
        """How long a client refused now waits: until the window ends (at least a second)."""
        return max(self.window(now)[1] - now, timedelta(seconds=1))
