"""How officers search: by reference, then exact postcode, then address words, then description words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

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


# --- the index ------------------------------------------------------------------------------------

#: The steps of the cascade that read the index, in order, with the field each one matches.
IndexedField = Literal["postcode", "address", "description"]
FIELDS: tuple[IndexedField, ...] = ("postcode", "address", "description")


class CaseIndex(Model):
    """What a case is found by: its postcode and the words of its address and description.

    ``received_at`` orders results newest first (with the reference to break ties).
    """

    council: str
    reference: str
    received_at: str
    postcode: str | None = None
    address: list[str] = []
    description: list[str] = []

    def tokens(self, field: IndexedField) -> list[str]:
        """The tokens this case is indexed under for one step of the cascade."""
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
        postcode=normalise_postcode(site.get("postcode") or ""),
        address=words(site.get("address")),
        description=words(case.get("description")),
    )


def matches(index: CaseIndex, field: IndexedField, query: str) -> bool:
    """Whether the case answers the query at this step: the same postcode, or every word of the query."""
    if field == "postcode":
        return index.postcode is not None and index.postcode == normalise_postcode(query)
    terms = words(query)
    present = set(index.tokens(field))
    return bool(terms) and all(t in present for t in terms)


# --- throttling the public search -----------------------------------------------------------------


#: The public register's search: 30 searches a minute from one client, plenty for a person paging
#: through results, too few for a script walking the whole register.
PUBLIC_SEARCH_THROTTLE = Throttle(max_count=30, window_seconds=60)
