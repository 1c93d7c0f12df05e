"""Every event an integration test makes the code publish is checked against the event catalogue
(docs/events/*.schema.json): an event with no schema, or whose detail does not match its schema, fails the
test during which it was published. The real publish still happens (other tests read the bus)."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from tests.event_catalogue import problems


@pytest.fixture(autouse=True)
def events_match_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> Any:
    from bops.adapters.events import EventBus

    original = EventBus.publish
    found: list[str] = []
    lock = threading.Lock()  # handlers publish from the API's and moto's threads

    def checked(self: EventBus, detail_type: str, detail: dict[str, Any]) -> None:
        # what goes on the wire: the JSON text of the detail, read back as a consumer reads it
        wrong = problems(detail_type, json.loads(json.dumps(detail)))
        if wrong:
            with lock:
                found.extend(wrong)
        original(self, detail_type, detail)

    monkeypatch.setattr(EventBus, "publish", checked)
    yield
    assert not found, "events that do not match the catalogue (docs/events):\n" + "\n".join(found)
