"""The search index (read by token) and the public search's throttle: keys, expressions, typed models.

Items:
  {council}#SEARCH#{R|P|A|D}#{token} / {received_at}#{reference}   an index entry: a case under one token
      (R its reference number, alone without leading zeros and after its year: ``5`` and ``26-5`` for
      ``26-00005-HAPP``, so a partial reference is a keyed read too; P a postcode, A an address word,
      D a description word). Newest first is a backwards Query.
      An address or description entry carries the words of its field, so a query of several words reads
      one token's partition and checks the other words in memory: items read follow the results, not
      the council's history.
  {council}#SEARCH#CASE#{reference} / INDEX                      what the case is indexed under, so a
      change of address or description removes the tokens it no longer has (its own partition, so reading
      a case's partition never reads it).
  {council}#THROTTLE#{client}      / SEARCH#{window start}       public searches of one client in one
      window: an atomic counter (``ttl`` lets DynamoDB expire it). ``client`` is a keyed hash, never the
      address.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from bops.domain.search import FIELDS, WORD_FIELDS, CaseIndex, IndexedField
from bops.model import Model
from bops.repository.keys import CASE_SK, app_pk
from bops.repository.throttle import count_one

if TYPE_CHECKING:
    from bops.repository.table import Table

INDEX_SK = "INDEX"
_FIELD_CODE: dict[IndexedField, str] = {"reference": "R", "postcode": "P", "address": "A", "description": "D"}


class IndexEntry(Model):
    """One case under one token, with the words of the indexed field (empty for a reference or postcode)."""

    reference: str
    received_at: str
    words: list[str] = []


class EntryPage(Model):
    """Entries of one token, newest first; ``more`` is where the next page starts (None at the end)."""

    entries: list[IndexEntry]
    more: dict[str, str] | None = None


def _entry_pk(council: str, field: IndexedField, token: str) -> str:
    return f"{council}#SEARCH#{_FIELD_CODE[field]}#{token}"


def _entry_sk(index: CaseIndex) -> str:
    return f"{index.received_at}#{index.reference}"


def _index_pk(council: str, reference: str) -> str:
    return f"{council}#SEARCH#CASE#{reference}"


def _entries(index: CaseIndex) -> dict[tuple[str, str], dict[str, Any]]:
    """The index entry items of a case, by key."""
    items: dict[tuple[str, str], dict[str, Any]] = {}
    sk = _entry_sk(index)
    for field in FIELDS:
        carried = index.tokens(field) if field in WORD_FIELDS else []
        for token in index.tokens(field):
            pk = _entry_pk(index.council, field, token)
            items[(pk, sk)] = {
                "pk": pk,
                "sk": sk,
                "kind": "search",
                "reference": index.reference,
                "received_at": index.received_at,
                "words": carried,
            }
    return items


def _record(index: CaseIndex) -> dict[str, Any]:
    return {
        "pk": _index_pk(index.council, index.reference),
        "sk": INDEX_SK,
        "kind": "search_index",
        **index.model_dump(),
    }


class SearchRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- the index -----------------------------------------------------------------------------
    def indexed(self, council: str, reference: str) -> CaseIndex | None:
        """What the case is indexed under now (None before its first indexing)."""
        item = self.table.get(_index_pk(council, reference), INDEX_SK)
        return CaseIndex.model_validate(item) if item else None

    def save(self, index: CaseIndex) -> int:
        """Index the case under its tokens and remove the entries of tokens it no longer has.

        Idempotent, and writes nothing when nothing searchable changed. The record of what is indexed
        is written last, so a write that fails half way is finished by the next one. Two saves of one
        case at once may leave an entry of a lost token behind: the search reads the cases it finds
        and drops those that no longer match, so such an entry costs a read, never a wrong answer.
        Returns the number of items written or deleted.
        """
        previous = self.indexed(index.council, index.reference)
        if previous == index:
            return 0
        new = _entries(index)
        old = _entries(previous) if previous else {}
        # An entry carries its field's words: rewrite it when they changed, not only when it is new.
        put = [item for key, item in new.items() if old.get(key) != item]
        stale = [key for key in old if key not in new]
        self.table.put_many(put)
        for pk, sk in stale:
            self.table.delete(pk, sk)
        self.table.put(
            {
                "pk": _index_pk(index.council, index.reference),
                "sk": INDEX_SK,
                "kind": "search_index",
                **index.model_dump(),
            }
        )
        return len(put) + len(stale) + 1

    def save_entries(self, indexes: list[CaseIndex]) -> None:
        """Bulk-load entries and records of new cases (a rebuild or the benchmark), without reading first."""
        items: list[dict[str, Any]] = []
        for index in indexes:
            items.extend(_entries(index).values())
            items.append(
                {
                    "pk": _index_pk(index.council, index.reference),
                    "sk": INDEX_SK,
                    "kind": "search_index",
                    **index.model_dump(),
                }
            )
        self.table.put_many(items)

    def entries(
        self, council: str, field: IndexedField, token: str, *, limit: int, start: dict[str, str] | None = None
    ) -> EntryPage:
        """One page (at most ``limit``) of the cases under a token, newest first."""
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": _entry_pk(council, field, token)},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if start:
            kwargs["ExclusiveStartKey"] = start
        items, last = self.table.query(**kwargs)
        return EntryPage(entries=[IndexEntry.model_validate(i) for i in items], more=last)

    def cases(self, council: str, references: list[str]) -> list[dict[str, Any]]:
        """The cases found, in the order given (one BatchGetItem per 100; missing ones left out)."""
        found = self.table.get_many([{"pk": app_pk(council, r), "sk": CASE_SK} for r in references])
        by_reference = {c["reference"]: c for c in found}
        return [by_reference[r] for r in references if r in by_reference]

    # --- throttling ----------------------------------------------------------------------------
    def count_request(self, council: str, client: str, *, window: tuple[datetime, datetime], limit: int) -> bool:
        """Count one public search of ``client`` in ``window``; False (and nothing counted) over ``limit``.

        One conditional UpdateItem (``throttle.count_one``), so no more than ``limit`` requests of a window
        are ever accepted, however many arrive together.
        """
        start, end = window
        return count_one(
            self.table, f"{council}#THROTTLE#{client}", f"SEARCH#{start.isoformat()}", limit=limit, window_end=end
        )
