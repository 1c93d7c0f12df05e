"""EventBridge: the event stream integrators subscribe to (``application.received``, ...)."""

from __future__ import annotations

import json
from typing import Any

from bops.adapters.aws import client

SOURCE = "bops"


class EventBus:
    def __init__(self, bus_name: str) -> None:
        self.bus_name = bus_name

    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        client("events").put_events(
            Entries=[
                {
                    "EventBusName": self.bus_name,
                    "Source": SOURCE,
                    "DetailType": detail_type,
                    "Detail": json.dumps(detail),
                }
            ]
        )
