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


# --- a record kept on the recipient (neighbour letters, consultee emails) -----------------------------
class Recipient:
    """A neighbour (or consultee) item as the keeper sees it: the rounds sent, the unconfirmed round."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.unconfirmed: int | None = None
        self.writes: list[str] = []
        self.fail_next_mark = False
        self.kill_next_mark = False

    def keeper(self, retry: int | None) -> Any:
        from bops.services.consultation_tasks import KeptOnRecipient

        def mark(message: Message, notification_id: str) -> None:
            self.writes.append("mark")
            if self.fail_next_mark:
                self.fail_next_mark = False
                raise TimeoutError("the function stopped before the mark")
            if self.kill_next_mark:
                self.kill_next_mark = False
                raise Killed()
            if len(self.sent) != message.round:
                raise Conflict("The letter was recorded as sent meanwhile")
            self.sent.append(notification_id)
            self.unconfirmed = None

        def note(message: Message) -> None:
            self.writes.append("note")
            self.unconfirmed = message.round

        return KeptOnRecipient(
            sent=len(self.sent) > LETTER.round, unconfirmed=self.unconfirmed, retry=retry, mark=mark, note=note
        )


class Killed(BaseException):
    """The function stopped from outside (Lambda's timeout): no handler of its own runs."""


class LetterNotifier(FakeNotifier):
    def __init__(self, failures: int = 0) -> None:
        super().__init__(failures)
        self.asked = 0

    def send_letter(self, letter: Any, *, reference: str) -> str:
        return self.send_email(letter, reference=reference)

    def accepted(self, council: str, reference: str) -> str | None:
        self.asked += 1
        return super().accepted(council, reference)


LETTER = Message(council="c1", reference="26-00001-HAPP", kind="neighbour_letter", recipient="ab12cd34ef56ab78")


def _send(ctx: Ctx, recipient: Recipient, retry: int | None, compose: Any = lambda: EMAIL) -> str | None:
    return send_once(ctx, LETTER, compose, keeper=recipient.keeper(retry))  # type: ignore[arg-type]


def test_the_workflows_first_attempt_writes_only_the_mark_and_asks_notify_nothing():
    ctx, recipient = Ctx(FakeRepo(), LetterNotifier()), Recipient()
    assert _send(ctx, recipient, retry=0) == "n-1"
    assert recipient.writes == ["mark"] and recipient.sent == ["n-1"] and ctx.notifier.asked == 0
    # a retry after success sends nothing and writes nothing
    assert _send(ctx, recipient, retry=1) is None
    assert recipient.writes == ["mark"] and ctx.notifier.sent == [LETTER.notify_reference]


def test_a_letter_notify_failed_once_is_noted_then_sent_exactly_once():
    ctx, recipient = Ctx(FakeRepo(), LetterNotifier(failures=1)), Recipient()
    with pytest.raises(UpstreamUnavailable):
        _send(ctx, recipient, retry=0)
    assert recipient.writes == ["note"] and recipient.unconfirmed == 0
    # the next attempt (even one the workflow does not call a retry) asks Notify first, then sends
    assert _send(ctx, recipient, retry=0) == "n-1"
    assert ctx.notifier.asked == 1 and ctx.notifier.sent == [LETTER.notify_reference]
    assert recipient.sent == ["n-1"] and recipient.unconfirmed is None


def test_a_letter_notify_accepted_before_the_mark_failed_is_found_not_sent_again():
    ctx, recipient = Ctx(FakeRepo(), LetterNotifier()), Recipient()
    recipient.fail_next_mark = True
    with pytest.raises(TimeoutError):
        _send(ctx, recipient, retry=0)
    composed: list[bool] = []

    def compose() -> Email:
        composed.append(True)
        return EMAIL

    assert _send(ctx, recipient, retry=0, compose=compose) == "n-1"
    assert ctx.notifier.sent == [LETTER.notify_reference] and not composed and recipient.sent == ["n-1"]


def test_a_workflow_retry_asks_notify_even_when_the_failed_attempt_noted_nothing():
    # the function was stopped (a timeout) after Notify took the letter: nothing noted, but the workflow
    # retries it with its retry count
    ctx, recipient = Ctx(FakeRepo(), LetterNotifier()), Recipient()
    ctx.notifier.send_letter(EMAIL, reference=LETTER.notify_reference)
    assert _send(ctx, recipient, retry=1) == "n-1"
    assert ctx.notifier.asked == 1 and ctx.notifier.sent == [LETTER.notify_reference]
    assert recipient.writes == ["mark"]


def test_a_send_from_a_request_notes_its_intent_first_and_a_repeated_request_asks_notify():
    ctx, recipient = Ctx(FakeRepo(), LetterNotifier()), Recipient()
    recipient.kill_next_mark = True  # stopped after Notify took it: only the intent, written first, tells
    with pytest.raises(Killed):
        _send(ctx, recipient, retry=None)
    assert recipient.writes == ["note", "mark"] and recipient.unconfirmed == 0
    assert _send(ctx, recipient, retry=None) == "n-1"
    assert ctx.notifier.asked == 1 and ctx.notifier.sent == [LETTER.notify_reference] and recipient.sent == ["n-1"]


def test_a_letter_marked_by_another_attempt_meanwhile_is_not_marked_twice():
    ctx, recipient = Ctx(FakeRepo(), LetterNotifier()), Recipient()
    keeper = recipient.keeper(0)  # read before the other attempt marked it
    recipient.sent.append("n-0")
    assert send_once(ctx, LETTER, lambda: EMAIL, keeper=keeper) is None  # type: ignore[arg-type]
    assert recipient.sent == ["n-0"]


def test_a_notify_reference_names_its_message_and_nothing_else_is_taken_for_one():
    assert Message.from_notify_reference("c1", LETTER.notify_reference) == LETTER
    for text in (None, "", "26-00001-HAPP:abcd", "26-00001-HAPP:neighbour_letter:ab12:x", "a:B-C:ab12:0", "a:b:c#d:0"):
        assert Message.from_notify_reference("c1", text) is None, text
