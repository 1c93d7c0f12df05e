"""The consultation aggregate's items: neighbours (and their letters), consultees, public comments and
the comments' rate limit. The consultation record itself lives on the case (``repo.cases``).

Items (pk / sk):
  {council}#APP#{reference}   / NEIGHBOUR#{id}    a neighbour: address, how chosen, the letters sent (each
                                                  letter's round is its index: the record that it was sent
                                                  once, ``bops.services.messages``)
  {council}#APP#{reference}   / CONSULTEE#{id}    a consultee: details, link (hashed), history, response,
                                                  the last email's delivery (and its round: the record
                                                  that it was sent once)
  {council}#APP#{reference}   / COMMENT#{id}      a comment from the public (verbatim, and its redaction)
  {council}#RATE#{source}     / COMMENTS#{start}  how many comments came from a source (hashed) in the
                                                  hour from ``start``, for the rate limit: an atomic
                                                  counter; expires (``ttl``) an hour after the hour
Workflow recipients (the consultation Map state's items) name a neighbour or consultee by its sort key.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ConfigDict, Field

from bops.domain.comments import PublicComment
from bops.domain.neighbours import Address
from bops.model import Model
from bops.repository.keys import app_pk
from bops.repository.throttle import count_one

if TYPE_CHECKING:
    from bops.repository import Write
    from bops.repository.table import Table

NEIGHBOUR = "NEIGHBOUR#"
CONSULTEE = "CONSULTEE#"
COMMENT = "COMMENT#"


class Neighbour(Model):
    id: str
    address: Address
    selected: str = Field(description="How the address was chosen: by hand, within a radius, by polygon")
    added_at: str
    added_by: str
    letters: list[dict[str, Any]] = Field(default_factory=list, description="The letters sent, oldest first")
    unconfirmed_letter: int | None = Field(
        None, description="The round of a letter whose attempt may have reached GOV.UK Notify unrecorded"
    )


def neighbour_id(address: Address) -> str:
    """A neighbour's id: from the address, so the same address added twice is one neighbour."""
    return hashlib.sha256(address.key.encode()).hexdigest()[:16]


class Consultee(Model):
    model_config = ConfigDict(extra="ignore", defer_build=True)

    id: str
    name: str
    organisation: str
    email: str
    kind: str = "external"
    response_days: int = 21
    directory_id: str | None = None
    added_by: str | None = None
    history: list[dict[str, Any]] = Field(default_factory=list)
    response: dict[str, Any] | None = None
    previous_responses: list[dict[str, Any]] = Field(default_factory=list)
    link_hash: str | None = None
    link_expires_on: str | None = None
    email_delivery: dict[str, Any] | None = None
    unconfirmed_email: int | None = None


class Recipient(Model):
    """One item of the consultation workflow's Map state: a neighbour (letter) or a consultee (email)."""

    council: str
    reference: str
    sk: str

    @property
    def kind(self) -> Literal["neighbour", "consultee"]:
        return "neighbour" if self.sk.startswith(NEIGHBOUR) else "consultee"

    @property
    def id(self) -> str:
        return self.sk.split("#", 1)[1]

    @staticmethod
    def of_neighbour(neighbour: str) -> str:
        return f"{NEIGHBOUR}{neighbour}"

    @staticmethod
    def of_consultee(consultee: str) -> str:
        return f"{CONSULTEE}{consultee}"


def _item(council: str, reference: str, prefix: str, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"pk": app_pk(council, reference), "sk": f"{prefix}{data['id']}", "kind": kind, **data}


class ConsultationRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def _items(self, council: str, reference: str, prefix: str) -> list[dict[str, Any]]:
        return self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
            ExpressionAttributeValues={":pk": app_pk(council, reference), ":p": prefix},
        )

    def _item_of(self, council: str, reference: str, prefix: str, item_id: str) -> dict[str, Any] | None:
        if not item_id or not item_id.isalnum():
            return None
        return self.table.get(app_pk(council, reference), f"{prefix}{item_id}")

    # --- neighbours and their letters -----------------------------------------------------------------
    def neighbours(self, council: str, reference: str) -> list[Neighbour]:
        return [
            Neighbour.model_validate({**i, "id": i["sk"][len(NEIGHBOUR) :]})
            for i in self._items(council, reference, NEIGHBOUR)
        ]

    def neighbour(self, council: str, reference: str, neighbour: str) -> Neighbour | None:
        item = self._item_of(council, reference, NEIGHBOUR, neighbour)
        return Neighbour.model_validate({**item, "id": neighbour}) if item else None

    def add_neighbours(self, council: str, reference: str, neighbours: list[Neighbour]) -> list[Neighbour]:
        """Adds the neighbours not there yet; returns those added."""
        existing = {n.id for n in self.neighbours(council, reference)}
        new = [n for n in neighbours if n.id not in existing]
        self.table.put_many(
            [
                _item(
                    council,
                    reference,
                    NEIGHBOUR,
                    "neighbour",
                    n.model_dump(mode="json", exclude={"unconfirmed_letter"}),
                )
                for n in new
            ]
        )
        return new

    def remove_neighbour_write(self, council: str, reference: str, neighbour: str) -> Write:
        """Removes a neighbour no letter has gone to: refused (``Conflict`` from ``transact``) once a letter
        is recorded, or an attempt may have reached GOV.UK Notify unrecorded, or the neighbour is gone."""
        return {
            "Delete": {
                "Key": {"pk": app_pk(council, reference), "sk": f"{NEIGHBOUR}{neighbour}"},
                "ConditionExpression": (
                    "attribute_exists(pk) AND attribute_not_exists(unconfirmed_letter) AND "
                    "(attribute_not_exists(letters) OR size(letters) = :none)"
                ),
                "ExpressionAttributeValues": {":none": 0},
            }
        }

    def mark_letter_sent(
        self, council: str, reference: str, neighbour: str, *, round: int, letter: dict[str, Any]
    ) -> None:
        """Adds the letter of this round (its index in the neighbour's letters) as Notify accepted it: one
        conditional write. ``Conflict`` if that round's letter is recorded already, or the neighbour is gone."""
        self.table.update(
            app_pk(council, reference),
            f"{NEIGHBOUR}{neighbour}",
            expression="SET letters = list_append(if_not_exists(letters, :empty), :l) REMOVE unconfirmed_letter",
            condition=(
                "attribute_exists(pk) AND (attribute_not_exists(letters) OR size(letters) = :round)"
                if round == 0
                else "size(letters) = :round"
            ),
            values={":l": [letter], ":empty": [], ":round": round},
            conflict_message="The letter was recorded as sent meanwhile",
        )

    def note_unconfirmed_letter(self, council: str, reference: str, neighbour: str, *, round: int) -> None:
        """Notes that an attempt at this round's letter may have reached Notify without being recorded: the
        next attempt asks Notify before sending."""
        self._note_unconfirmed(council, reference, f"{NEIGHBOUR}{neighbour}", "unconfirmed_letter", round, "neighbour")

    # --- consultees -----------------------------------------------------------------------------------
    def consultees(self, council: str, reference: str) -> list[Consultee]:
        return [Consultee.model_validate(i) for i in self._items(council, reference, CONSULTEE)]

    def consultee(self, council: str, reference: str, consultee: str) -> Consultee | None:
        item = self._item_of(council, reference, CONSULTEE, consultee)
        return Consultee.model_validate(item) if item else None

    def consultee_write(self, council: str, reference: str, consultee: Consultee) -> Write:
        """A new consultee (refused if one with that id exists)."""
        return {
            "Put": {
                "Item": _item(
                    council,
                    reference,
                    CONSULTEE,
                    "consultee",
                    consultee.model_dump(mode="json", exclude={"unconfirmed_email"}),
                ),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

    def response_write(
        self, council: str, reference: str, consultee: str, *, response: dict[str, Any], entry: dict[str, Any]
    ) -> Write:
        """The consultee's response and its history entry (changes nothing else of the consultee: an email
        being recorded meanwhile is kept)."""
        return {
            "Update": {
                "Key": {"pk": app_pk(council, reference), "sk": f"{CONSULTEE}{consultee}"},
                "UpdateExpression": "SET #r = :r, history = list_append(if_not_exists(history, :empty), :e)",
                "ConditionExpression": "attribute_exists(pk)",
                "ExpressionAttributeNames": {"#r": "response"},
                "ExpressionAttributeValues": {":r": response, ":e": [entry], ":empty": []},
            }
        }

    def reconsult_write(self, council: str, reference: str, consultee: Consultee, *, response_days: int) -> Write:
        """Consulted again: the response (as read) moves to the previous ones, the period is set anew.
        Fails if the response changed since it was read."""
        values: dict[str, Any] = {":days": response_days, ":empty": []}
        names = {"#r": "response"}
        if consultee.response:
            values[":prev"] = [consultee.response]
            values[":current"] = consultee.response
            expression = (
                "SET response_days = :days, "
                "previous_responses = list_append(if_not_exists(previous_responses, :empty), :prev) REMOVE #r"
            )
            condition = "#r = :current"
        else:
            expression = "SET response_days = :days REMOVE #r"
            condition = "attribute_exists(pk) AND attribute_not_exists(#r)"
        return {
            "Update": {
                "Key": {"pk": app_pk(council, reference), "sk": f"{CONSULTEE}{consultee.id}"},
                "UpdateExpression": expression,
                "ConditionExpression": condition,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        }

    def issue_link(self, council: str, reference: str, consultee: str, *, link_hash: str, expires_on: str) -> None:
        """The consultee's new link (hashed): the one before stops working."""
        self.table.update(
            app_pk(council, reference),
            f"{CONSULTEE}{consultee}",
            expression="SET link_hash = :h, link_expires_on = :x",
            values={":h": link_hash, ":x": expires_on},
            condition="attribute_exists(pk)",
            conflict_message="The consultee was removed meanwhile",
        )

    def mark_email_sent(
        self,
        council: str,
        reference: str,
        consultee: str,
        *,
        round: int,
        entry: dict[str, Any],
        delivery: dict[str, Any],
    ) -> None:
        """The consultee's email of this round as Notify accepted it, in one conditional write: its history
        entry and its delivery status (which keeps the round). ``Conflict`` if this round (or a later one)
        is recorded already, or the consultee is gone."""
        self.table.update(
            app_pk(council, reference),
            f"{CONSULTEE}{consultee}",
            expression=(
                "SET history = list_append(if_not_exists(history, :empty), :e), email_delivery = :d "
                "REMOVE unconfirmed_email"
            ),
            condition=(
                "attribute_exists(pk) AND "
                "(attribute_not_exists(email_delivery.#round) OR email_delivery.#round < :round)"
            ),
            names={"#round": "round"},
            values={":e": [entry], ":empty": [], ":d": {**delivery, "round": round}, ":round": round},
            conflict_message="The email was recorded as sent meanwhile",
        )

    def note_unconfirmed_email(self, council: str, reference: str, consultee: str, *, round: int) -> None:
        """Notes that an attempt at this round's email may have reached Notify without being recorded."""
        self._note_unconfirmed(council, reference, f"{CONSULTEE}{consultee}", "unconfirmed_email", round, "consultee")

    def _note_unconfirmed(self, council: str, reference: str, sk: str, attribute: str, round: int, who: str) -> None:
        self.table.update(
            app_pk(council, reference),
            sk,
            expression=f"SET {attribute} = :round",
            condition="attribute_exists(pk)",
            values={":round": round},
            conflict_message=f"The {who} was removed meanwhile",
        )

    # --- the consultation workflow's recipients -------------------------------------------------------
    def recipients(self, council: str, reference: str) -> list[Recipient]:
        return [
            Recipient(council=council, reference=reference, sk=i["sk"])
            for prefix in (NEIGHBOUR, CONSULTEE)
            for i in self._items(council, reference, prefix)
        ]

    # --- delivery receipts ----------------------------------------------------------------------------
    def delivery_of(
        self, council: str, reference: str, item_sk: str, notification_id: str, letter: int | None
    ) -> tuple[dict[str, Any] | None, str | None]:
        """The letter record (``letter``: its index) or the consultee email's delivery a receipt is about,
        and the consultee's id for an email; None when it was replaced meanwhile."""
        item = self.table.get(app_pk(council, reference), item_sk) or {}
        if letter is not None:
            letters = item.get("letters") or []
            record = letters[letter] if letter < len(letters) else None
        else:
            record = item.get("email_delivery")
        if not record or record.get("notification_id") != notification_id:
            return None, None
        return record, item.get("id")

    def delivery_write(
        self,
        council: str,
        reference: str,
        item_sk: str,
        letter: int | None,
        *,
        notification_id: str,
        current: dict[str, Any],
        changed: dict[str, Any],
    ) -> Write:
        """Moves a letter's or email's status forward, if nobody moved it meanwhile."""
        path = "email_delivery" if letter is None else f"letters[{int(letter)}]"
        return {
            "Update": {
                "Key": {"pk": app_pk(council, reference), "sk": item_sk},
                "UpdateExpression": f"SET {path} = :d",
                "ConditionExpression": f"{path}.notification_id = :id AND {path}.#s = :current",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {
                    ":d": {**current, **changed},
                    ":id": notification_id,
                    ":current": current.get("status"),
                },
            }
        }

    # --- comments -------------------------------------------------------------------------------------
    def comments(self, council: str, reference: str) -> list[PublicComment]:
        return [PublicComment.model_validate(i) for i in self._items(council, reference, COMMENT)]

    def comment(self, council: str, reference: str, comment: str) -> PublicComment | None:
        item = self._item_of(council, reference, COMMENT, comment)
        return PublicComment.model_validate(item) if item else None

    def comment_write(self, council: str, reference: str, comment: PublicComment) -> Write:
        return {"Put": {"Item": _item(council, reference, COMMENT, "comment", comment.model_dump(mode="json"))}}

    def count_comment(self, council: str, source: str, *, window: tuple[datetime, datetime], limit: int) -> bool:
        """Count one comment from this source (a hashed IP address) in ``window``; False (and nothing
        counted) when ``limit`` were counted already. Atomic (``throttle.count_one``): comments sent all at
        once cannot slip past the limit together."""
        start, end = window
        return count_one(
            self.table, f"{council}#RATE#{source}", f"COMMENTS#{start.isoformat()}", limit=limit, window_end=end
        )

    # --- evidence and audit ---------------------------------------------------------------------------
    def received_documents(self, council: str, reference: str, document_ids: list[str]) -> set[str]:
        """Which of these documents of the application are received (evidence of a notice, attachments of
        a consultee's response)."""
        pk = app_pk(council, reference)
        found = (
            self.table.get_many([{"pk": pk, "sk": f"DOC#{d}"} for d in dict.fromkeys(document_ids)])
            if document_ids
            else []
        )
        return {i["sk"][len("DOC#") :] for i in found if i.get("status") == "received"}

    def audit_write(self, audit: dict[str, Any]) -> Write:
        """An audit entry (``bops.services.audit.audit_item``) in the same transaction as its change."""
        return {"Put": {"Item": audit}}

    def add_audit(self, audit: dict[str, Any]) -> None:
        self.table.put(audit)
