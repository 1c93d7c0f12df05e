"""Site history: earlier applications at the same site, from the council's own cases and from the records
of the system it used before (imported as CSV). Pure: parsing, validation and the same-site rule.

The same site: the same UPRN (Unique Property Reference Number) when both records have one; otherwise the
same postcode and the same address, compared as words (case, punctuation and commas ignored; the shorter
address's words all in the longer one, and the same house and flat numbers), so
``140, WOODWARDE ROAD, LONDON, SOUTHWARK, SE22 8UR`` and ``140 Woodwarde Road London SE22 8UR`` are one
site while ``Flat 2, 140 Woodwarde Road`` is not ``140 Woodwarde Road``.

The legacy CSV: a header row, then one record per row. Columns (names matched ignoring case, spaces,
hyphens and underscores): ``reference`` (the old system's reference; required, once per file),
``address`` (required), ``uprn`` (digits), ``description``, ``decision``, ``decision_date``
(``YYYY-MM-DD`` or ``DD/MM/YYYY``). A record needs a UPRN or an address with its postcode, or it could
never be found again. Every bad cell is reported (row number as in the file, the header being row 1).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

COLUMNS = ("reference", "address", "uprn", "description", "decision", "decision_date")
REQUIRED = ("reference", "address")
#: One request's worth: the rows of a larger export are sent in several requests (each is idempotent).
MAX_ROWS = 2000
MAX_ERRORS = 50
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b")
_WORD = re.compile(r"[A-Z0-9]+")
_UPRN = re.compile(r"^[0-9]{1,12}$")


class LegacyRecord(Model):
    """An application from the council's previous system."""

    reference: str = Field(min_length=1, max_length=100, description="The old system's reference")
    address: str = Field(min_length=1, max_length=500)
    uprn: str | None = Field(None, pattern=r"^[0-9]{1,12}$")
    description: str = Field("", max_length=5000)
    decision: str | None = Field(None, max_length=200)
    decision_date: date | None = None

    @property
    def postcode(self) -> str | None:
        return postcode_in(self.address)


class HistoryEntry(Model):
    """One earlier application at the site, as the site history task lists it."""

    reference: str = Field(min_length=1, max_length=100)
    alternative_reference: str | None = Field(None, max_length=100)
    address: str = Field(max_length=500)
    uprn: str | None = Field(None, pattern=r"^[0-9]{1,12}$")
    description: str = Field("", max_length=5000)
    decision: str | None = Field(None, max_length=200)
    decision_date: str | None = Field(None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    source: Literal["council", "legacy"]
    status: str | None = Field(
        None, max_length=50, description="A council case's status now (legacy records have none)"
    )
    relevant: bool = False
    comment: str = Field("", max_length=5000)


def postcode_in(address: str | None) -> str | None:
    """The UK postcode an address ends with (or holds), normalised: ``SE22 8UR``."""
    matches = _POSTCODE.findall((address or "").upper())
    return f"{matches[-1][0]} {matches[-1][1]}" if matches else None


def _words(address: str) -> tuple[set[str], set[str]]:
    """The address's words without its postcode, and the numbers among them."""
    text = (address or "").upper()
    postcode = postcode_in(text)
    if postcode:
        text = text.replace(postcode, " ").replace(postcode.replace(" ", ""), " ")
    words = set(_WORD.findall(text))
    return words, {w for w in words if any(ch.isdigit() for ch in w)}


def same_site(uprn_a: str | None, address_a: str | None, uprn_b: str | None, address_b: str | None) -> bool:
    """Whether two records are of the same site (see the module's notes)."""
    if uprn_a and uprn_b:
        return uprn_a.lstrip("0") == uprn_b.lstrip("0")
    postcode = postcode_in(address_a)
    if not postcode or postcode != postcode_in(address_b):
        return False
    (words_a, numbers_a), (words_b, numbers_b) = _words(address_a or ""), _words(address_b or "")
    if numbers_a != numbers_b or not words_a or not words_b:
        return False
    return words_a <= words_b or words_b <= words_a


def _column(name: str) -> str:
    return re.sub(r"[\s\-_]+", "_", name.strip().lower())


def _date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError("not a date: use YYYY-MM-DD or DD/MM/YYYY")


def parse_csv(text: str, *, field: str = "csv") -> list[LegacyRecord]:
    """The records of a legacy CSV export. Raises ``InvalidRequest`` naming each bad row and column as
    ``csv[<row>].<column>`` (``csv`` the request's field), at most ``MAX_ERRORS`` of them."""
    if not text.strip():
        raise InvalidRequest("The CSV is empty", fields=[FieldError(field, "send a header row and at least one row")])
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = _header(reader, field)
    errors: list[FieldError] = []
    records: list[LegacyRecord] = []
    seen: dict[str, int] = {}
    row_number = 1
    try:
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(records) >= MAX_ROWS:
                raise InvalidRequest(
                    f"At most {MAX_ROWS} rows in one request",
                    fields=[FieldError(field, f"has more than {MAX_ROWS} rows: send the rest in another request")],
                )
            record = _record(header, row, row_number, field, errors, seen)
            if record is not None:
                records.append(record)
            if len(errors) >= MAX_ERRORS:
                break
    except csv.Error as error:
        # raised while reading the row after the last one read
        errors.append(FieldError(f"{field}[{row_number + 1}]", f"cannot be read: {error}"))
    if errors:
        raise InvalidRequest("Some rows of the CSV are not valid; nothing was imported", fields=errors[:MAX_ERRORS])
    if not records:
        raise InvalidRequest("The CSV has no rows", fields=[FieldError(field, "send at least one row")])
    return records


def _header(reader: Any, field: str) -> list[str]:
    """The header row's column names, or a 422 naming what is missing or unknown."""
    try:
        header = [_column(h) for h in next(reader)]
    except StopIteration:
        raise InvalidRequest("The CSV is empty", fields=[FieldError(field, "send a header row and rows")]) from None
    except csv.Error as error:
        raise InvalidRequest("The CSV cannot be read", fields=[FieldError(field, str(error))]) from None
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        problems = [f"missing column {c}" for c in missing] + [f"unknown column {h}" for h in unknown]
        raise InvalidRequest(
            "The CSV's header row is not as expected",
            fields=[FieldError(f"{field}[1]", "; ".join(problems) + f" (columns: {', '.join(COLUMNS)})")],
        )
    return header


def _record(
    header: list[str], row: list[str], number: int, field: str, errors: list[FieldError], seen: dict[str, int]
) -> LegacyRecord | None:
    if len(row) > len(header):
        errors.append(FieldError(f"{field}[{number}]", f"has {len(row)} cells; the header has {len(header)}"))
        return None
    cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header) if name}
    problems = _problems(cells)
    reference = cells.get("reference", "")
    if reference in seen:
        problems.append(("reference", f"the same reference as row {seen[reference]}"))
    elif reference:
        seen[reference] = number
    if problems:
        errors.extend(FieldError(f"{field}[{number}].{column}", message) for column, message in problems)
        return None
    return LegacyRecord(
        reference=reference,
        address=cells["address"],
        uprn=cells.get("uprn") or None,
        description=cells.get("description", ""),
        decision=cells.get("decision") or None,
        decision_date=_date(cells["decision_date"]) if cells.get("decision_date") else None,
    )


_LIMITS = {"reference": 100, "address": 500, "description": 5000, "decision": 200}


def _problems(cells: dict[str, str]) -> list[tuple[str, str]]:
    """What is wrong with a row's cells, as (column, message)."""
    problems = [(column, "is required") for column in REQUIRED if not cells.get(column)]
    problems += [(c, f"at most {limit} characters") for c, limit in _LIMITS.items() if len(cells.get(c, "")) > limit]
    uprn = cells.get("uprn")
    if uprn and not _UPRN.match(uprn):
        problems.append(("uprn", "must be 1 to 12 digits"))
    if cells.get("decision_date"):
        try:
            _date(cells["decision_date"])
        except ValueError as error:
            problems.append(("decision_date", str(error)))
    if cells.get("address") and not uprn and not postcode_in(cells["address"]):
        problems.append(("address", "give a UPRN, or an address with its postcode"))
    return problems
