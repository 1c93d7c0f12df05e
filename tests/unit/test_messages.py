"""The one rule for outgoing messages (``bops.services.messages.send_once``), with in-memory fakes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from bops.adapters.notify import Email
from bops.domain.errors import Conflict, UpstreamUnavailable
from bops.repository.delivery import Message, MessageRecord, recipient_id
from bops.services.messages import send_once

EMAIL = Email(council="c1", template="t", to="agent@example.com", personalisation={}, reference="26-00001-HAPP")


class FakeDelivery:
    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}

    def begin(self, message: Message, *, at: str) -> MessageRecord:
        record = self.records.setdefault(message.notify_reference, {"status": "pending", "attempts": 0})
        record["attempts"] += 1
        return MessageRecord.model_validate(record)

    def accepted_write(self, message: Message, notification_id: str, *, at: str) -> dict[str, Any]:
        return {"accept": message.notify_reference, "id": notification_id}


@dataclass
class FakeRepo:
    delivery: FakeDelivery = field(default_factory=FakeDelivery)
    fail_next_transact: bool = False

    def transact(self, writes: list[dict[str, Any]], *, conflict_message: str) -> None:
        if self.fail_next_transact:
            self.fail_next_transact = False
            raise TimeoutError("the function stopped before the mark")
        for write in writes:
            if "accept" in write:
                record = self.delivery.records[write["accept"]]
                if record["status"] == "accepted":
                    raise Conflict(conflict_message)
                record.update(status="accepted", notification_id=write["id"])


class FakeNotifier:
    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.sent: list[str] = []

    def send_email(self, email: Email, *, reference: str) -> str:
        if self.failures:
            self.failures -= 1
            raise UpstreamUnavailable("GOV.UK Notify did not take the message (500): try again")
        self.sent.append(reference)
        return f"n-{len(self.sent)}"

    def accepted(self, council: str, reference: str) -> str | None:
        return next((f"n-{i + 1}" for i, r in enumerate(self.sent) if r == reference), None)


@dataclass
class FakeClock:
    def now(self) -> datetime:
        return datetime(2026, 12, 4, 10, tzinfo=UTC)


@dataclass
class Ctx:
    repo: FakeRepo
    notifier: FakeNotifier
    clock: FakeClock = field(default_factory=FakeClock)


MESSAGE = Message(council="c1", reference="26-00001-HAPP", kind="validation_request", recipient=recipient_id("a@b.c"))


def test_the_reference_is_the_messages_identity_and_carries_no_address():
    again = Message(
        council="c1", reference="26-00001-HAPP", kind="validation_request", recipient=recipient_id("A@B.C ")
    )
    assert MESSAGE.notify_reference == again.notify_reference
    assert "a@b.c" not in MESSAGE.notify_reference.lower()
    assert MESSAGE.notify_reference != MESSAGE.model_copy(update={"round": 1}).notify_reference


def test_a_failed_send_is_sent_by_the_retry_and_never_again():
    ctx = Ctx(FakeRepo(), FakeNotifier(failures=1))
    with pytest.raises(UpstreamUnavailable):
        send_once(ctx, MESSAGE, lambda: EMAIL)  # type: ignore[arg-type]
    assert send_once(ctx, MESSAGE, lambda: EMAIL) == "n-1"  # type: ignore[arg-type]
    assert send_once(ctx, MESSAGE, lambda: EMAIL) is None  # type: ignore[arg-type]
    assert ctx.notifier.sent == [MESSAGE.notify_reference]


def test_a_send_notify_accepted_before_the_task_failed_is_found_and_not_sent_again():
    ctx = Ctx(FakeRepo(fail_next_transact=True), FakeNotifier())
    with pytest.raises(TimeoutError):
        send_once(ctx, MESSAGE, lambda: EMAIL)  # type: ignore[arg-type]
    composed: list[bool] = []

    def compose() -> Email:
        composed.append(True)  # e.g. issuing a new link: not for a message already sent
        return EMAIL

    assert send_once(ctx, MESSAGE, compose) == "n-1"  # type: ignore[arg-type]
    assert ctx.notifier.sent == [MESSAGE.notify_reference] and not composed
    assert ctx.repo.delivery.records[MESSAGE.notify_reference]["status"] == "accepted"
