"""The notifications port and its two adapters: GOV.UK Notify (AWS) and a stored outbox (local run, tests).

Emails to applicants, agents and officers go through ``Notifier.send_email``. Which adapter runs is
configuration (``BOPS_NOTIFY``: ``outbox`` or ``govuk``), not code: both have the same contract.
Notify posts a delivery receipt for each message back to the API (``bops.services.delivery``), with the
council's callback token (``CallbackTokens``); the outbox posts none, so locally a letter stays ``sent``
unless a receipt is posted by hand.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any, Protocol

from bops.adapters.aws import client


@dataclass(frozen=True)
class Email:
    council: str
    template: str  # our template name, e.g. "validation_request"; Notify maps it to a template id
    to: str
    personalisation: dict[str, str]
    reference: str  # the application reference (Notify's reference: no personal data)


@dataclass(frozen=True)
class PostedLetter:
    council: str
    address_lines: tuple[str, ...]
    body: str
    reference: str


class Notifier(Protocol):
    def send_email(self, email: Email, *, idempotency_key: str) -> str:
        """Sends once per ``idempotency_key``; returns the notification id."""
        ...

    def send_letter(self, letter: PostedLetter, *, idempotency_key: str) -> str:
        """Posts once per ``idempotency_key``; returns the notification id."""
        ...


class OutboxNotifier:
    """Keeps each email in the table instead of sending it; the API lists them (local run and tests)."""

    def __init__(self, repo: Any, clock: Any) -> None:
        self.repo = repo
        self.clock = clock

    def send_email(self, email: Email, *, idempotency_key: str) -> str:
        return self._keep(
            email.council,
            idempotency_key,
            template=email.template,
            to=email.to,
            personalisation=email.personalisation,
            reference=email.reference,
        )

    def send_letter(self, letter: PostedLetter, *, idempotency_key: str) -> str:
        return self._keep(
            letter.council,
            idempotency_key,
            template="letter",
            to="\n".join(letter.address_lines),
            personalisation={"body": letter.body},
            reference=letter.reference,
        )

    def _keep(self, council: str, key: str, **message: Any) -> str:
        from bops.domain.errors import Conflict
        from bops.domain.time import iso

        at = iso(self.clock.now())
        try:
            self.repo.put(
                {
                    "pk": f"{council}#OUTBOX",
                    "sk": f"KEY#{key}",
                    "kind": "outbox",
                    "id": key,
                    "at": at,
                    **message,
                    "gsi1pk": f"{council}#OUTBOX",
                    "gsi1sk": f"{at}#{key}",
                },
                condition="attribute_not_exists(pk)",
            )
        except Conflict:
            pass  # already sent: a retried task sends nothing twice
        return key

    def list(self, council: str, limit: int = 100) -> list[dict[str, Any]]:
        items, _ = self.repo.query(
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :p",
            ExpressionAttributeValues={":p": f"{council}#OUTBOX"},
            ScanIndexForward=False,
            Limit=limit,
        )
        return items


class GovNotifyNotifier:
    """GOV.UK Notify. Each council's API key lives in Secrets Manager (``bops/<council>/notify-api-key``)
    and its template ids in SSM Parameter Store (``/bops/<council>/notify/templates``, a JSON object)."""

    def __init__(self, repo: Any) -> None:
        self.repo = repo
        self._clients: dict[str, Any] = {}
        self._templates: dict[str, dict[str, str]] = {}

    def _client(self, council: str) -> Any:
        if council not in self._clients:
            from notifications_python_client.notifications import NotificationsAPIClient

            key = client("secretsmanager").get_secret_value(SecretId=f"bops/{council}/notify-api-key")["SecretString"]
            self._clients[council] = NotificationsAPIClient(key)
            parameter = client("ssm").get_parameter(Name=f"/bops/{council}/notify/templates")["Parameter"]["Value"]
            self._templates[council] = json.loads(parameter)
        return self._clients[council]

    def send_letter(self, letter: PostedLetter, *, idempotency_key: str) -> str:
        from bops.domain.errors import Conflict

        marker = {"pk": f"{letter.council}#NOTIFY", "sk": f"KEY#{idempotency_key}", "kind": "notify-sent"}
        if sent := self.repo.get(marker["pk"], marker["sk"]):
            return str(sent["notification_id"])  # Notify's id: its delivery receipts name it
        notify = self._client(letter.council)
        personalisation = {f"address_line_{i}": line for i, line in enumerate(letter.address_lines, start=1)}
        personalisation["body"] = letter.body
        response = notify.send_letter_notification(
            template_id=self._templates[letter.council]["letter"],
            personalisation=personalisation,
            reference=f"{letter.reference}:{secrets.token_hex(4)}",
        )
        try:
            self.repo.put({**marker, "notification_id": response["id"]}, condition="attribute_not_exists(pk)")
        except Conflict:
            pass
        return str(response["id"])

    def send_email(self, email: Email, *, idempotency_key: str) -> str:
        from bops.domain.errors import Conflict

        marker = {"pk": f"{email.council}#NOTIFY", "sk": f"KEY#{idempotency_key}", "kind": "notify-sent"}
        if sent := self.repo.get(marker["pk"], marker["sk"]):
            return str(sent["notification_id"])
        notify = self._client(email.council)
        response = notify.send_email_notification(
            email_address=email.to,
            template_id=self._templates[email.council][email.template],
            personalisation=email.personalisation,
            reference=f"{email.reference}:{secrets.token_hex(4)}",
        )
        try:
            self.repo.put({**marker, "notification_id": response["id"]}, condition="attribute_not_exists(pk)")
        except Conflict:
            pass
        return str(response["id"])


class CallbackTokens:
    """The bearer token each council gave GOV.UK Notify for its callbacks (Secrets Manager,
    ``bops/<council>/notify-callback-token``), kept a few minutes so a burst of receipts reads it once."""

    TTL_SECONDS = 300
    MIN_LENGTH = 10  # Notify's own minimum for a callback's bearer token

    def __init__(self) -> None:
        self._tokens: dict[str, tuple[str, float]] = {}

    def get(self, council: str) -> str | None:
        """The council's token, or None when it has none (or one too short to trust)."""
        import time

        cached = self._tokens.get(council)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        secrets_manager = client("secretsmanager")
        try:
            token = secrets_manager.get_secret_value(SecretId=f"bops/{council}/notify-callback-token")["SecretString"]
        except secrets_manager.exceptions.ResourceNotFoundException:
            return None
        if len(token) < self.MIN_LENGTH:
            return None
        self._tokens[council] = (token, time.monotonic() + self.TTL_SECONDS)
        return str(token)
