"""How officers search: by reference, then exact postcode, then address words, then description words."""

from __future__ import annotations

import re

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
