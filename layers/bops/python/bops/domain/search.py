"""How officers search: by reference (whole or in part), then exact postcode, then address words, then
description words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from bops.domain.throttle import Throttle
from bops.model import Model

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its",
        "new", "of", "on", "or", "our", "that", "the", "this", "to", "was", "with", "are",
    }
)  # fmt: skip
MAX_WORDS = 40  # words indexed per field of one application
#: What an officer types for a reference: the number, perhaps with its year before it and its suffix after it,
#: with or without the leading zeros (``5``, ``00005``, ``26-00005``, ``26-5``, ``00005-HAPP``, ``26-00005-happ``).
PARTIAL_REFERENCE = re.compile(r"^(?:(\d{2})-)?(\d{1,5})(?:-([A-Z][A-Z0-9]{1,7}))?$")


def normalise_postcode(text: str) -> str | None:
    """``sw99rz`` -> ``SW9 9RZ``; None when the text is not a UK postcode."""
    match = POSTCODE.match(text.strip().upper())
    return f"{match.group(1)} {match.group(2)}" if match else None


def words(text: str | None) -> list[str]:
    """The distinct searchable words of a text, in order, without stop words."""
    seen: dict[str, None] = {}
    for word in WORD.findall((text or "").lower()):
        if len(word) > 1 and word not in STOP_WORDS:
            seen.setdefault(word[:40], None)
    return list(seen)[:MAX_WORDS]


class ReferenceQuery(NamedTuple):
    """A reference as typed, whole or in part: the number, and the year and suffix when given."""

    year: str | None
    number: int
    suffix: str | None

    @property
    def token(self) -> str:
        """The index token that finds it: the number without leading zeros, after the year when given."""
        return f"{self.year}-{self.number}" if self.year else str(self.number)

    @property
    def reference(self) -> str | None:
        """The whole reference (``26-00005-HAPP``) when year and suffix are both given, else None."""
        if self.year is None or self.suffix is None:
            return None
        return f"{self.year}-{self.number:05d}-{self.suffix}"

    def fits(self, reference: str) -> bool:
        """Whether a case's reference has this number, and this year and suffix where they were typed."""
        case = reference_query(reference)
        return (
            case is not None
            and case.number == self.number
            and self.year in (None, case.year)
            and self.suffix in (None, case.suffix)
        )


def reference_query(text: str) -> ReferenceQuery | None:
    """``26-00005-happ``, ``26-00005``, ``00005`` or ``5`` as a reference; None when the text is not one."""
    match = PARTIAL_REFERENCE.match((text or "").strip().upper().replace(" ", ""))
    if not match or int(match.group(2)) == 0:
        return None
    return ReferenceQuery(year=match.group(1), number=int(match.group(2)), suffix=match.group(3))


def reference_tokens(reference: str) -> list[str]:
    """What a case is found by from its reference: its number alone (``5``) and after its year (``26-5``)."""
    parsed = reference_query(reference)
    if parsed is None or parsed.year is None:
        return []
    return [str(parsed.number), f"{parsed.year}-{parsed.number}"]


# --- the index ------------------------------------------------------------------------------------

#: The steps of the cascade that read the index, in order, with the field each one matches.
IndexedField = Literal["reference", "postcode", "address", "description"]
FIELDS: tuple[IndexedField, ...] = ("reference", "postcode", "address", "description")
#: The fields searched by words: their entries carry the field's words, so the other words of a query are
#: checked on the entries themselves.
WORD_FIELDS: tuple[IndexedField, ...] = ("address", "description")


class CaseIndex(Model):
    """What a case is found by: its reference number, its postcode and the words of its address and description.

    ``received_at`` orders results newest first (with the reference to break ties). ``reference_number`` is
    stored (not worked out from ``reference``) so that a case indexed before it existed differs from its
    index now, and its next indexing adds the entries.
    """

    council: str
    reference: str
    received_at: str
    reference_number: list[str] = []
    postcode: str | None = None
    address: list[str] = []
    description: list[str] = []

    def tokens(self, field: IndexedField) -> list[str]:
        """The tokens this case is indexed under for one step of the cascade."""
        if field == "reference":
            return list(self.reference_number)
        if field == "postcode":
            return [self.postcode] if self.postcode else []
        return list(self.address if field == "address" else self.description)


def index_of(council: str, case: Mapping[str, Any]) -> CaseIndex:
    """The index of a case as stored (``site.address``, ``site.postcode``, ``description``, ``received_at``)."""
    site = case.get("site") or {}
    return CaseIndex(
        council=council,
        reference=case["reference"],
        received_at=case["received_at"],
        reference_number=reference_tokens(case["reference"]),
        postcode=normalise_postcode(site.get("postcode") or ""),
        address=words(site.get("address")),
        description=words(case.get("description")),
    )


def matches(index: CaseIndex, field: IndexedField, query: str) -> bool:
    """Whether the case answers the query at this step: its reference has the number typed (and the year and
    suffix, where typed), the same postcode, or every word of the query."""
    if field == "reference":
        query_reference = reference_query(query)
        return query_reference is not None and query_reference.fits(index.reference)
    if field == "postcode":
        return index.postcode is not None and index.postcode == normalise_postcode(query)
    terms = words(query)
    present = set(index.tokens(field))
    return bool(terms) and all(t in present for t in terms)


# --- throttling the public search -----------------------------------------------------------------


#: The public register's search: 30 searches a minute from one client, plenty for a person paging
#: through results, too few for a script walking the whole register.
PUBLIC_SEARCH_THROTTLE = Throttle(max_count=30, window_seconds=60)
