"""The team view: each officer's open cases, overdue and due soon, counted from their dashboard tabs.

Reads one dashboard partition per officer of the council (and the unassigned cases'); writes nothing, so
it adds no cost to a case's changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bops.domain.caseload import Caseload, tally
from bops.domain.time import london_date
from bops.services.cases import deadline_figures
from bops.services.officers import list_officers

if TYPE_CHECKING:
    from bops.services.context import Context


def caseload(ctx: Context, council: str) -> Caseload:
    """Per officer of the council's directory, then the unassigned cases: open, overdue, due soon, by
    status — as the dashboard's deadline tags count them today."""
    figures = []
    for officer in [*list_officers(ctx, council), None]:
        rows = ctx.repo.cases.caseload(council, officer.username if officer else None)
        cases = [(row["status"], deadline_figures(ctx, row)[0]) for row in rows]
        if officer is None:
            figures.append(tally(None, "Unassigned", None, cases))
        else:
            figures.append(tally(officer.username, officer.name, officer.job_title, cases))
    return Caseload(as_of=london_date(ctx.clock.now()).isoformat(), officers=figures)
