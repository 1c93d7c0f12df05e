"""Records imported from the council's previous system, found again by site.

Items (pk / sk):
  ``{council}#LEGACY#REF#{reference}``     / ``RECORD``      the record (``domain.site_history.LegacyRecord``)
                                                            with who imported it and when
  ``{council}#LEGACY#UPRN#{uprn}``         / ``{reference}`` a copy under its UPRN (leading zeros dropped)
  ``{council}#LEGACY#POSTCODE#{postcode}`` / ``{reference}`` a copy under the postcode of its address
A site's records are one Query per key (UPRN, postcode), whatever the size of the import. An import keyed
on the old reference is idempotent: an unchanged record is not written again; a changed one replaces its
copies, and a copy under a UPRN or postcode it no longer has is deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bops.domain.site_history import LegacyRecord
from bops.model import Model

if TYPE_CHECKING:
    from bops.repository.table import Table

RECORD_SK = "RECORD"


class StoredLegacyRecord(LegacyRecord):
    imported_by: str
    imported_at: str


class ImportCounts(Model):
    added: int
    changed: int
    unchanged: int


def _record_pk(council: str, reference: str) -> str:
    return f"{council}#LEGACY#REF#{reference}"


def _uprn_pk(council: str, uprn: str) -> str:
    return f"{council}#LEGACY#UPRN#{uprn.lstrip('0') or '0'}"


def _postcode_pk(council: str, postcode: str) -> str:
    return f"{council}#LEGACY#POSTCODE#{postcode}"


def _copies(council: str, record: LegacyRecord) -> list[tuple[str, str]]:
    keys = []
    if record.uprn:
        keys.append((_uprn_pk(council, record.uprn), record.reference))
    if record.postcode:
        keys.append((_postcode_pk(council, record.postcode), record.reference))
    return keys


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in {"pk", "sk", "kind"}}


class SiteHistoryRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def records(self, council: str, references: list[str]) -> dict[str, StoredLegacyRecord]:
        """The stored records of these old references (those never imported are absent)."""
        keys = [{"pk": _record_pk(council, r), "sk": RECORD_SK} for r in dict.fromkeys(references)]
        return {i["reference"]: StoredLegacyRecord.model_validate(_fields(i)) for i in self.table.get_many(keys)}

    def save(self, council: str, records: list[LegacyRecord], *, imported_by: str, at: str) -> ImportCounts:
        """Stores the records, keyed on their old reference: a record already stored as it is now is left
        alone (its import stamp too); a changed one is replaced."""
        before = self.records(council, [r.reference for r in records])
        items: list[dict[str, Any]] = []
        stale: list[tuple[str, str]] = []
        added = changed = 0
        for record in records:
            old = before.get(record.reference)
            if (
                old is not None
                and LegacyRecord.model_validate(old.model_dump(exclude={"imported_by", "imported_at"})) == record
            ):
                continue
            if old is None:
                added += 1
            else:
                changed += 1
                stale.extend(k for k in _copies(council, old) if k not in _copies(council, record))
            stored = StoredLegacyRecord(**record.model_dump(), imported_by=imported_by, imported_at=at)
            body = stored.model_dump(mode="json", exclude_none=True)
            items.append(
                {"pk": _record_pk(council, record.reference), "sk": RECORD_SK, "kind": "legacy_record", **body}
            )
            items.extend({"pk": pk, "sk": sk, "kind": "legacy_site", **body} for pk, sk in _copies(council, record))
        self.table.put_many(items)
        for pk, sk in stale:
            self.table.delete(pk, sk)
        return ImportCounts(added=added, changed=changed, unchanged=len(records) - added - changed)

    def at_site(self, council: str, *, uprn: str | None, postcode: str | None) -> list[StoredLegacyRecord]:
        """The records filed under this UPRN or this postcode (the caller applies the same-site rule)."""
        found: dict[str, StoredLegacyRecord] = {}
        for pk in [_uprn_pk(council, uprn) if uprn else None, _postcode_pk(council, postcode) if postcode else None]:
            if pk is None:
                continue
            items = self.table.query_all(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": pk})
            for item in items:
                found.setdefault(item["reference"], StoredLegacyRecord.model_validate(_fields(item)))
        return list(found.values())
