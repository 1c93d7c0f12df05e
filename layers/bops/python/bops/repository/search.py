"""The search aggregate's items: keys, expressions and typed models in and out."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bops.repository.table import Table


class SearchRepository:
    def __init__(self, table: Table) -> None:
        self.table = table
