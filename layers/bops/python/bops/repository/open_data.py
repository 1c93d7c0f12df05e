"""The open data index: one item per published case with its rows of every open data dataset.

Items (pk / sk):
  ``{council}#OPENDATA`` / ``{reference}``   ``rows`` (dataset -> rows, ``bops.domain.open_data``), ``digest``
A council's files are rebuilt from one Query of its partition; ``digest`` lets a change that leaves a
case's rows as they were skip the rebuild (most events of a case change none of its open data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bops.model import Model

if TYPE_CHECKING:
    from bops.repository.table import Table


class OpenDataEntry(Model):
    reference: str
    digest: str
    rows: dict[str, list[dict[str, str]]]
    updated_at: str


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in {"pk", "sk", "kind"}}


def _pk(council: str) -> str:
    return f"{council}#OPENDATA"


class OpenDataRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, council: str, reference: str) -> OpenDataEntry | None:
        item = self.table.get(_pk(council), reference)
        return OpenDataEntry.model_validate(_fields(item)) if item else None

    def put(self, council: str, entry: OpenDataEntry) -> None:
        self.table.put({"pk": _pk(council), "sk": entry.reference, "kind": "open_data", **entry.model_dump()})

    def put_many(self, council: str, entries: list[OpenDataEntry]) -> None:
        """Stores many entries at once (a backfill, or the benchmark's synthetic council)."""
        self.table.put_many(
            [{"pk": _pk(council), "sk": e.reference, "kind": "open_data", **e.model_dump()} for e in entries]
        )

    def delete(self, council: str, reference: str) -> None:
        self.table.delete(_pk(council), reference)

    def all(self, council: str) -> list[OpenDataEntry]:
        """Every published case's rows, in reference order (one paginated Query)."""
        items = self.table.query_all(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": _pk(council)})
        return [OpenDataEntry.model_validate(_fields(i)) for i in items]
