"""Council settings: the council, its API tokens, its local validation list, consultee directory and templates.

Items (pk / sk):
  ``{council}#COUNCIL`` / ``COUNCIL``             the council (``domain.councils.Council``), with its local list
  ``{council}#TOKEN``   / ``{token_id}``          an integrator API token (``ApiToken``: the hash, never the secret)
  ``{council}#COUNCIL`` / ``CONSULTEE#{id}``      an entry of the consultee directory (``DirectoryConsultee``)
  ``{council}#COUNCIL`` / ``TEMPLATE#{name}``     the council's own wording of a template (``CouncilTemplate``)
  ``{council}#COUNCIL`` / ``LIBRARY#{name}``      an edited library: ``conditions`` (standard conditions) or
                                                  ``policies`` (``CouncilLibrary``; the bundled one otherwise)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain.councils import ApiToken, Council, CouncilTemplate, DirectoryConsultee
from bops.domain.errors import Conflict, NotFound
from bops.model import Model
from bops.repository.keys import council_pk, token_pk

if TYPE_CHECKING:
    from bops.repository.table import Table

COUNCIL_SK = "COUNCIL"
NEW = "attribute_not_exists(pk)"


def consultee_sk(consultee_id: str) -> str:
    return f"CONSULTEE#{consultee_id}"


def template_sk(name: str) -> str:
    return f"TEMPLATE#{name}"


def library_sk(name: str) -> str:
    return f"LIBRARY#{name}"


class CouncilLibrary(Model):
    """A council's edited library (standard conditions, policies): the entries as checked JSON, who and when."""

    name: str
    entries: list[dict[str, Any]] = Field(default_factory=list)
    changed_by: str
    changed_at: str
    version: int = 1


class CouncilRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- the council ---------------------------------------------------------------------------------
    def add(self, council: Council) -> None:
        """Records a new council; Conflict when the id is taken."""
        item = {"pk": council_pk(council.id), "sk": COUNCIL_SK, "kind": "council", **council.model_dump()}
        try:
            self.table.put(item, condition=NEW)
        except Conflict as error:
            raise Conflict(f"Council {council.id} already exists") from error

    def get(self, council_id: str) -> Council | None:
        item = self.table.get(council_pk(council_id), COUNCIL_SK)
        return Council.model_validate(item) if item else None

    def set_local_list(self, council_id: str, local_list: dict[str, Any], *, changed_by: str, at: str) -> Council:
        """Replaces the council's local validation list (counting its versions); NotFound for no council."""
        try:
            item = self.table.update(
                council_pk(council_id),
                COUNCIL_SK,
                expression="SET local_list = :list, local_list_changed_by = :by, local_list_changed_at = :at"
                " ADD local_list_version :one",
                values={":list": local_list, ":by": changed_by, ":at": at, ":one": 1},
                condition="attribute_exists(pk)",
            )
        except Conflict as error:
            raise NotFound(f"No council {council_id}") from error
        return Council.model_validate(item)

    def set_out_of_hours_from(self, council_id: str, value: str | None, *, changed_by: str, at: str) -> Council:
        """Sets (or, with None, clears) when the council's out-of-hours start; NotFound for no council."""
        stamp = "settings_changed_by = :by, settings_changed_at = :at"
        expression = f"SET out_of_hours_from = :from, {stamp}" if value else f"SET {stamp} REMOVE out_of_hours_from"
        try:
            item = self.table.update(
                council_pk(council_id),
                COUNCIL_SK,
                expression=expression,
                values={":by": changed_by, ":at": at, **({":from": value} if value else {})},
                condition="attribute_exists(pk)",
            )
        except Conflict as error:
            raise NotFound(f"No council {council_id}") from error
        return Council.model_validate(item)

    # --- API tokens ------------------------------------------------------------------------------------
    def add_token(self, council_id: str, token: ApiToken) -> None:
        """Records a new token; Conflict when its id is taken."""
        item = {"pk": token_pk(council_id), "sk": token.token_id, "kind": "token", **token.model_dump()}
        self.table.put(item, condition=NEW)

    def token(self, council_id: str, token_id: str) -> ApiToken | None:
        item = self.table.get(token_pk(council_id), token_id)
        return ApiToken.model_validate(item) if item else None

    def tokens(self, council_id: str) -> list[ApiToken]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": token_pk(council_id)}
        )
        return [ApiToken.model_validate(i) for i in items]

    def revoke_token(self, council_id: str, token_id: str, *, revoked_by: str, at: str) -> ApiToken:
        """Marks a token revoked, once: a token already revoked keeps its first revocation. NotFound for none."""
        try:
            item = self.table.update(
                token_pk(council_id),
                token_id,
                expression="SET revoked_at = :at, revoked_by = :by",
                values={":at": at, ":by": revoked_by},
                condition="attribute_exists(pk) AND attribute_not_exists(revoked_at)",
            )
        except Conflict as error:
            token = self.token(council_id, token_id)
            if token is None:
                raise NotFound(f"No API token {token_id}") from error
            return token
        return ApiToken.model_validate(item)

    # --- the consultee directory --------------------------------------------------------------------
    def consultees(self, council_id: str) -> list[DirectoryConsultee]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
            ExpressionAttributeValues={":pk": council_pk(council_id), ":p": consultee_sk("")},
        )
        return [DirectoryConsultee.model_validate(i) for i in items]

    def consultee(self, council_id: str, consultee_id: str) -> DirectoryConsultee | None:
        item = self.table.get(council_pk(council_id), consultee_sk(consultee_id))
        return DirectoryConsultee.model_validate(item) if item else None

    def put_consultee(self, council_id: str, entry: DirectoryConsultee, *, new: bool) -> None:
        """Adds an entry (``new``: Conflict when the id is taken) or replaces one (NotFound when it is gone)."""
        item = {"pk": council_pk(council_id), "sk": consultee_sk(entry.id), **entry.model_dump()}
        try:
            self.table.put(item, condition=NEW if new else "attribute_exists(pk)")
        except Conflict as error:
            if new:
                raise
            raise NotFound(f"No consultee {entry.id} in the council's directory") from error

    def remove_consultee(self, council_id: str, consultee_id: str) -> None:
        self.table.delete(council_pk(council_id), consultee_sk(consultee_id))

    # --- templates -------------------------------------------------------------------------------------
    def templates(self, council_id: str) -> list[CouncilTemplate]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
            ExpressionAttributeValues={":pk": council_pk(council_id), ":p": template_sk("")},
        )
        return [CouncilTemplate.model_validate(i) for i in items]

    def template(self, council_id: str, name: str) -> CouncilTemplate | None:
        item = self.table.get(council_pk(council_id), template_sk(name))
        return CouncilTemplate.model_validate(item) if item else None

    def put_template(self, council_id: str, template: CouncilTemplate) -> None:
        item = {"pk": council_pk(council_id), "sk": template_sk(template.name), "kind": "template"}
        self.table.put({**item, **template.model_dump()})

    def remove_template(self, council_id: str, name: str) -> None:
        self.table.delete(council_pk(council_id), template_sk(name))

    # --- libraries: standard conditions and policies (the officer's assessment) --------------------------
    def library(self, council_id: str, name: str) -> CouncilLibrary | None:
        item = self.table.get(council_pk(council_id), library_sk(name))
        return CouncilLibrary.model_validate(item) if item else None

    def put_library(self, council_id: str, library: CouncilLibrary) -> None:
        """Replaces the library (one item: the whole list is what administrators edit and save)."""
        item = {"pk": council_pk(council_id), "sk": library_sk(library.name), "kind": "library"}
        self.table.put({**item, **library.model_dump()})
