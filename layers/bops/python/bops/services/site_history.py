"""Site history: earlier applications at a site, from the council's own cases and from the records of its
previous system (imported by an administrator as CSV), and an application's reference in that system.

The council's own cases are found through the search index by the site's postcode (one partition of a
handful of cases), then kept when they are the same site (``bops.domain.site_history.same_site``); no item
is written for it at intake. Legacy records are filed by UPRN and by postcode
(``bops.repository.site_history``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.search import normalise_postcode
from bops.domain.site_history import HistoryEntry, parse_csv, postcode_in, same_site
from bops.domain.time import iso
from bops.model import Model

if TYPE_CHECKING:
    from bops.auth import Identity
    from bops.services.cases import ApplicationDetail
    from bops.services.context import Context

#: Cases under one postcode read at most (newest first): a postcode holds a few dozen addresses.
MAX_CASES_AT_POSTCODE = 500
MAX_CSV_CHARS = 250_000


class SiteHistoryImport(Model):
    """A legacy CSV export, as text (see ``bops.domain.site_history`` for its columns)."""

    csv: str = Field(
        min_length=1,
        max_length=MAX_CSV_CHARS,
        description="The CSV: a header row (reference, address, uprn, description, decision, decision_date) "
        "and up to 2000 rows; send a larger export in several requests",
        examples=[
            "reference,address,uprn,description,decision,decision_date\n"
            '05/01234/FUL,"40 Stansfield Road, London SW9 9RZ",100021892955,Rear extension,Granted,2005-06-01\n'
        ],
    )


class SiteHistoryImported(Model):
    rows: int
    added: int
    changed: int
    unchanged: int = Field(description="Rows already imported as they are (an import may be sent again)")


class SiteHistoryList(Model):
    entries: list[HistoryEntry]


class AlternativeReference(Model):
    alternative_reference: str | None = Field(
        None, max_length=100, description="The application's reference in the council's previous system; null to clear"
    )


def import_records(ctx: Context, council: str, body: SiteHistoryImport, *, imported_by: str) -> SiteHistoryImported:
    """Validates every row (422 naming each bad row and column; nothing stored then) and stores the
    records, keyed on the old reference: sending the same file again changes nothing."""
    records = parse_csv(body.csv)
    counts = ctx.repo.site_history.save(council, records, imported_by=imported_by, at=iso(ctx.clock.now()))
    return SiteHistoryImported(rows=len(records), **counts.model_dump())


def list_history(ctx: Context, identity: Identity, query: dict[str, str]) -> SiteHistoryList:
    """The site history of a UPRN and/or an address (with its postcode)."""
    uprn = query.get("uprn")
    uprn = uprn.strip() if uprn is not None else None
    address = (query.get("address") or "").strip() or None
    if uprn is not None and not (uprn.isdigit() and len(uprn) <= 12):
        raise InvalidRequest("The UPRN is not valid", fields=[FieldError("uprn", "must be 1 to 12 digits")])
    if address is not None and len(address) > 500:
        raise InvalidRequest("The address is too long", fields=[FieldError("address", "at most 500 characters")])
    if uprn is None and (address is None or postcode_in(address) is None):
        # a site is found by its UPRN, or an address with its postcode: without either nothing matches
        return SiteHistoryList(entries=[])
    return SiteHistoryList(entries=history_at(ctx, identity.council, uprn=uprn, address=address))


def history_at(
    ctx: Context, council: str, *, uprn: str | None, address: str | None, postcode: str | None = None,
    exclude: str | None = None, exclude_alternative: str | None = None,
) -> list[HistoryEntry]:  # fmt: skip
    """Earlier applications at the site, the council's own and then the legacy ones, newest first each;
    ``exclude`` leaves out the case being assessed, and ``exclude_alternative`` its record in the previous
    system. A legacy record of a case this council holds (its alternative reference) is listed once, as
    the council's case."""
    postcode = normalise_postcode(postcode or "") or postcode_in(address)
    entries: list[HistoryEntry] = []
    if postcode:
        for case in _cases_at_postcode(ctx, council, postcode):
            site = case.get("site") or {}
            if case["reference"] == exclude or not same_site(uprn, address, site.get("uprn"), site.get("address")):
                continue
            entries.append(_from_case(case))
    legacy = ctx.repo.site_history.at_site(council, uprn=uprn, postcode=postcode)
    known = {e.alternative_reference for e in entries if e.alternative_reference} | {exclude_alternative}
    legacy = [r for r in legacy if r.reference not in known and same_site(uprn, address, r.uprn, r.address)]
    legacy.sort(key=lambda r: (r.decision_date.isoformat() if r.decision_date else "", r.reference), reverse=True)
    entries.extend(
        HistoryEntry(
            reference=r.reference,
            address=r.address,
            uprn=r.uprn,
            description=r.description,
            decision=r.decision,
            decision_date=r.decision_date.isoformat() if r.decision_date else None,
            source="legacy",
        )
        for r in legacy
    )
    return entries


def _cases_at_postcode(ctx: Context, council: str, postcode: str) -> list[dict[str, Any]]:
    references: list[str] = []
    start = None
    while len(references) < MAX_CASES_AT_POSTCODE:
        page = ctx.repo.search.entries(council, "postcode", postcode, limit=100, start=start)
        references.extend(e.reference for e in page.entries)
        start = page.more
        if not start:
            break
    return ctx.repo.search.cases(council, list(dict.fromkeys(references))[:MAX_CASES_AT_POSTCODE])


def _from_case(case: dict[str, Any]) -> HistoryEntry:
    site = case.get("site") or {}
    decision = case.get("decision") or {}
    return HistoryEntry(
        reference=case["reference"],
        alternative_reference=case.get("alternative_reference"),
        address=site.get("address", ""),
        uprn=site.get("uprn"),
        description=case.get("description", ""),
        decision=decision.get("decision"),
        decision_date=decision.get("determined_on"),
        source="council",
        status=case.get("status"),
    )


def set_alternative_reference(
    ctx: Context, identity: Identity, reference: str, body: AlternativeReference
) -> ApplicationDetail:
    """Records (or clears) the application's reference in the council's previous system, audited."""
    from bops.services import cases

    case = cases.load_case(ctx, identity.council, reference)
    value = (body.alternative_reference or "").strip() or None
    if value != case.get("alternative_reference"):
        cases.save(
            ctx,
            case,
            {"alternative_reference": value} if value else {},
            actor=identity.actor,
            action="application.alternative_reference_set",
            audit_before={"alternative_reference": case.get("alternative_reference")},
            audit_after={"alternative_reference": value},
            remove=() if value else ("alternative_reference",),
        )
    return cases.get_application(ctx, identity, reference)
