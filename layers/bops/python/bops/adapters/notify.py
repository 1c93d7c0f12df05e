"""The notifications port and its two adapters: GOV.UK Notify (AWS) and a stored outbox (local run, tests).

Emails to applicants, agents and officers go through ``Notifier.send_email``. Which adapter runs is
configuration (``BOPS_NOTIFY``: ``outbox`` or ``govuk``), not code: both have the same contract.
Notify posts a delivery receipt for each message back to the API (``bops.services.delivery``), with the
council's callback token (``CallbackTokens``); the outbox posts none, so locally a letter stays ``sent``
unless a receipt is posted by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


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
    """Sends what it is given. Sending once is the caller's rule (``bops.services.messages``): each
    message comes with a ``reference`` that stays the same when the message is sent again."""

    def send_email(self, email: Email, *, reference: str) -> str:
        """Hands the email over; returns the notification id."""
        ...

    def send_letter(self, letter: PostedLetter, *, reference: str) -> str:
        """Hands the letter over for posting; returns the notification id."""
        ...

    def accepted(self, council: str, reference: str) -> str | None:
        """The id of a notification already accepted with this reference, if any."""
        ...


class OutboxNotifier:
    """Keeps each email and letter in the table instead of sending it; the API lists them (local run
    and tests). Kept by reference: the same reference twice is kept once."""

    def __init__(self, repo: Any, clock: Any) -> None:
        self.repo = repo
        self.clock = clock

    def send_email(self, email: Email, *, reference: str) -> str:
        return self._keep(
            email.council,
            reference,
            template=email.template,
            to=email.to,
            personalisation=email.personalisation,
            reference=email.reference,
        )

    def send_letter(self, letter: PostedLetter, *, reference: str) -> str:
        return self._keep(
            letter.council,
            reference,
            template="letter",
            to="\n".join(letter.address_lines),
            personalisation={"body": letter.body},
            reference=letter.reference,
        )

    def accepted(self, council: str, reference: str) -> str | None:
        item = self.repo.get(f"{council}#OUTBOX", f"KEY#{reference}")
        return str(item["id"]) if item else None

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
            pass  # kept already under this reference
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
    and its template ids in SSM Parameter Store (``/bops/<council>/notify/templates``, a JSON object); both
    are read through ``bops.adapters.secrets`` (cached a few minutes, so a rotated key is picked up)."""

    #: Notify's statuses for a notification it will never send: sending again is right
    NOT_SENT = frozenset({"technical-failure", "validation-failed", "cancelled"})

    def __init__(self, repo: Any = None) -> None:
        self._clients: dict[tuple[str, str], Any] = {}

    def _client(self, council: str) -> tuple[Any, dict[str, str]]:
        from bops.adapters.secrets import parameter, secret

        key = secret(f"bops/{council}/notify-api-key")
        templates = parameter(f"/bops/{council}/notify/templates", transform="json")
        if (council, key) not in self._clients:
            from notifications_python_client.notifications import NotificationsAPIClient

            # a rotated key gets its own client; the old one is dropped
            self._clients = {k: v for k, v in self._clients.items() if k[0] != council}
            self._clients[(council, key)] = NotificationsAPIClient(key)
        return self._clients[(council, key)], templates

    def send_letter(self, letter: PostedLetter, *, reference: str) -> str:
        notify, templates = self._client(letter.council)
        personalisation = {f"address_line_{i}": line for i, line in enumerate(letter.address_lines, start=1)}
        personalisation["body"] = letter.body
        response = _call(
            notify.send_letter_notification,
            template_id=templates["letter"],
            personalisation=personalisation,
            reference=reference,
        )
        return str(response["id"])

    def send_email(self, email: Email, *, reference: str) -> str:
        notify, templates = self._client(email.council)
        response = _call(
            notify.send_email_notification,
            email_address=email.to,
            template_id=templates[email.template],
            personalisation=email.personalisation,
            reference=reference,
        )
        return str(response["id"])

    def accepted(self, council: str, reference: str) -> str | None:
        notify, _templates = self._client(council)
        found = _call(notify.get_all_notifications, reference=reference).get("notifications", [])
        for notification in found:
            if notification.get("status") not in self.NOT_SENT:
                return str(notification["id"])
        return None


def _call(method: Any, **kwargs: Any) -> Any:
    """One call to Notify. Notify down, slow or rate-limiting (5xx, 429, no answer) is
    ``UpstreamUnavailable``: worth retrying (the consultation workflow retries it; the API answers 503).
    A refusal (4xx: a bad key, a template that does not exist) is ``UpstreamError``: retrying won't help."""
    from notifications_python_client.errors import APIError
    from requests import RequestException

    from bops.domain.errors import UpstreamError, UpstreamUnavailable

    try:
        return method(**kwargs)
    except APIError as error:
        status = error.status_code
        if status >= 500 or status == 429:
            raise UpstreamUnavailable(f"GOV.UK Notify did not take the message ({status}): try again") from error
        raise UpstreamError(
            f"GOV.UK Notify refused the message ({status}): check the council's Notify set-up"
        ) from error
    except RequestException as error:
        raise UpstreamUnavailable("GOV.UK Notify did not answer: try again") from error


class CallbackTokens:
    """The bearer token each council gave GOV.UK Notify for its callbacks (Secrets Manager,
    ``bops/<council>/notify-callback-token``), read through ``bops.adapters.secrets``: cached a few minutes,
    so a burst of receipts reads it once and a rotated token is seen."""

    MIN_LENGTH = 10  # Notify's own minimum for a callback's bearer token

    def __init__(self, max_age: int | None = None) -> None:
        self.max_age = max_age

    def get(self, council: str) -> str | None:
        """The council's token, or None when it has none (or one too short to trust)."""
        from bops.adapters.secrets import SecretMissing, secret

        try:
            token = secret(f"bops/{council}/notify-callback-token", max_age=self.max_age)
        except SecretMissing:
            return None
        if len(token) < self.MIN_LENGTH:
            return None
        return token
