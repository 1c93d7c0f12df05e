"""What the statutory returns read: a quarter's cases, found through the list indexes the cases already keep.

- received in the quarter: the council's list index (``gsi1``: ``{council}#APPS``, sorted by receipt time),
  one range Query over the quarter (with a margin: a case counts as received on the next working day
  when it arrived out of hours);
- decided in the quarter: the ``determined`` status list (``gsi2``: ``{council}#STATUS#determined``),
  received before the quarter ended. A determined case stays determined (the status is final), so this
  reads every decision the council has made up to the quarter's end: one Query page per ~1 MB of rows,
  then the cases themselves by BatchGetItem. A quarterly report can afford it; an index by decision
  date would make it flat (not built: the case record's writes belong to the cases aggregate).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bops.repository.keys import CASE_SK, app_pk

if TYPE_CHECKING:
    from bops.repository.table import Table

DETERMINED = "determined"


class ReturnsRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def _references(self, index: str, partition: str, sort_condition: str, values: dict[str, str]) -> list[str]:
        items = self.table.query_all(
            IndexName=index,
            KeyConditionExpression=f"#pk = :pk AND {sort_condition}",
            ExpressionAttributeNames={"#pk": f"{index}pk", "#sk": f"{index}sk", "#ref": "reference"},
            ExpressionAttributeValues={":pk": partition, **values},
            ProjectionExpression="#ref",
        )
        return [str(i["reference"]) for i in items]

    def received_between(self, council: str, first_at: str, last_at: str) -> list[str]:
        """References of the cases received (``received_at``) between the two ISO timestamps."""
        return self._references(
            "gsi1", f"{council}#APPS", "#sk BETWEEN :first AND :last", {":first": first_at, ":last": f"{last_at}~"}
        )

    def determined_received_by(self, council: str, last_at: str) -> list[str]:
        """References of the determined cases received up to the ISO timestamp."""
        return self._references("gsi2", f"{council}#STATUS#{DETERMINED}", "#sk <= :last", {":last": f"{last_at}~"})

    def cases(self, council: str, references: list[str]) -> list[dict[str, Any]]:
        """The case records (full) of these references."""
        keys = [{"pk": app_pk(council, r), "sk": CASE_SK} for r in dict.fromkeys(references)]
        return self.table.get_many(keys)
