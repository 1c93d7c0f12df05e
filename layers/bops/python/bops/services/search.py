"""Search an officer's council: reference, then exact postcode, then address words, then description words.

Each case keeps small index items (postcode, address words, description words) beside it; each
step of the cascade is one Query per word on its own partition — no Scan.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from bops.auth import Identity
from bops.domain.application import ApplicationSummary, is_reference
from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.search import normalise_postcode, words
from bops.model import Model
from bops.repository.keys import CASE_SK, app_pk
from bops.services.context import Context

MAX_RESULTS = 50


class SearchResults(Model):
    query: str
    matched_by: Literal["reference", "postcode", "address", "description"] | None = Field(
        description="Which step of the cascade found the applications (none when nothing matched)"
    )
    applications: list[ApplicationSummary]


def index_items(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The search index entries of a case (written after it, idempotently)."""
    council, reference = case["council"], case["reference"]
    sort = f"{case['received_at']}#{reference}"
    items = []
    postcode = normalise_postcode(case["site"].get("postcode") or "")
    if postcode:
        items.append({"pk": f"{council}#POSTCODE#{postcode}", "sk": sort, "reference": reference})
    for field, text in (("A", case["site"]["address"]), ("D", case["description"])):
        for word in words(text):
            items.append({"pk": f"{council}#WORD#{field}#{word}", "sk": sort, "reference": reference})
    return [{**i, "kind": "search"} for i in items]


def index(ctx: Context, case: dict[str, Any]) -> None:
    ctx.repo.put_many(index_items(case))


def find(ctx: Context, council: str, query: str) -> list[dict[str, Any]]:
    """The cases the cascade finds (reference, postcode, address words, description words), newest first."""
    return _cascade(ctx, council, query)[1]


def search(ctx: Context, identity: Identity, query: str) -> SearchResults:
    from bops.services.cases import summary_of

    matched_by, cases = _cascade(ctx, identity.council, query)
    return SearchResults(query=query.strip(), matched_by=matched_by, applications=[summary_of(ctx, c) for c in cases])


def _cascade(ctx: Context, council: str, query: str) -> tuple[Any, list[dict[str, Any]]]:
    text = (query or "").strip()
    if not text or len(text) > 200:
        raise InvalidRequest("Enter a reference, postcode, address or description", fields=[FieldError("q", "1..200")])
    references: list[str] = []
    matched_by = None
    candidate = text.upper().replace(" ", "")
    if is_reference(candidate) and ctx.repo.cases.get(council, candidate):
        references, matched_by = [candidate], "reference"
    if not references and (postcode := normalise_postcode(text)):
        references = _references(ctx, [f"{council}#POSTCODE#{postcode}"])
        matched_by = "postcode" if references else None
    for field, name in (("A", "address"), ("D", "description")):
        if references:
            break
        terms = words(text)
        if terms:
            references = _references(ctx, [f"{council}#WORD#{field}#{w}" for w in terms])
            matched_by = name if references else None
    cases = ctx.repo.get_many([{"pk": app_pk(council, r), "sk": CASE_SK} for r in references[:MAX_RESULTS]])
    by_reference = {c["reference"]: c for c in cases}
    return matched_by, [by_reference[r] for r in references[:MAX_RESULTS] if r in by_reference]


def _references(ctx: Context, partitions: list[str]) -> list[str]:
    """References found under every partition (all words must match), newest first."""
    result: dict[str, str] | None = None
    for partition in partitions:
        items = ctx.repo.query_all(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": partition})
        found = {i["reference"]: i["sk"] for i in items}
        result = found if result is None else {r: s for r, s in result.items() if r in found}
        if not result:
            return []
    return [r for r, _ in sorted((result or {}).items(), key=lambda kv: kv[1], reverse=True)]
