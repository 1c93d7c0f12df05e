"""Search a council: reference (whole or in part), then exact postcode, then address words, then description
words.

A whole reference (``26-00005-HAPP``, any case) is one read of the case. A partial one (``5``, ``00005``,
``26-00005``, ``00005-HAPP``) is looked up in the index under the reference's number, so it is a keyed read too.

The index (``repository/search.py``) files each case under its reference number, its postcode and the words
of its address and description, newest first. A step of the cascade reads one token's entries a page at a time and
checks the query's other words on the entries themselves, so what a search reads follows the results
(at most ``MAX_RESULTS``) and not how many cases the council has received over the years.

The public register's search is open to anyone: it is throttled per client like comments are.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from bops.auth import Identity
from bops.domain.application import ApplicationSummary
from bops.domain.comments import TooManyRequests, source_key
from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.search import (
    PUBLIC_SEARCH_THROTTLE,
    WORD_FIELDS,
    IndexedField,
    index_of,
    matches,
    normalise_postcode,
    reference_query,
    words,
)
from bops.model import Model
from bops.repository.search import IndexEntry
from bops.services.context import Context

MAX_RESULTS = 50
#: How many of a query's words are tried to find the rarest (longer words first: they tend to be rarer).
PROBED_WORDS = 3
#: Entries read at most while looking for the cases that have every word of a query of common words:
#: beyond this the search answers with the newest matches found so far.
MAX_ENTRIES_READ = 20 * MAX_RESULTS


class SearchResults(Model):
    query: str
    matched_by: Literal["reference", "postcode", "address", "description"] | None = Field(
        description="Which step of the cascade found the applications (none when nothing matched)"
    )
    applications: list[ApplicationSummary]


def index(ctx: Context, case: dict[str, Any]) -> None:
    """File the case under its reference number, postcode and address and description words (idempotent; call it
    after the case is written, and again when its address or description changes: tokens it lost are removed)."""
    ctx.repo.search.save(index_of(case["council"], case))


def find(ctx: Context, council: str, query: str) -> list[dict[str, Any]]:
    """The cases the cascade finds (reference whole or in part, postcode, address words, description words),
    newest first."""
    return _cascade(ctx, council, query)[1]


def public_find(ctx: Context, council: str, query: str, source: str) -> list[dict[str, Any]]:
    """``find`` for the public register: at most ``PUBLIC_SEARCH_THROTTLE`` searches per client (429)."""
    _check_query(query)
    if not (council.replace("-", "").isalnum() and len(council) <= 64):
        return []  # no council has such a name; nothing to read or count
    throttle = PUBLIC_SEARCH_THROTTLE
    window = throttle.window(ctx.clock.now())
    client = source_key(source, secret=source_secret())
    if not ctx.repo.search.count_request(council, client, window=window, limit=throttle.max_count):
        raise TooManyRequests(
            f"Too many searches from here: at most {throttle.max_count} a minute; try again shortly",
            retry_after=window[1] - ctx.clock.now(),
        )
    return find(ctx, council, query)


def source_secret() -> str:
    """The key of the hash that stands for a client's address in throttle records (the one place to change
    it): the secret that also keys the comments' rate limit, so neither table nor log holds an address."""
    from bops.adapters.secrets import COMMENT_SOURCE_KEY, secret

    return secret(COMMENT_SOURCE_KEY)


def search(ctx: Context, identity: Identity, query: str) -> SearchResults:
    from bops.services.cases import summary_of

    matched_by, cases = _cascade(ctx, identity.council, query)
    return SearchResults(query=query.strip(), matched_by=matched_by, applications=[summary_of(ctx, c) for c in cases])


def _check_query(query: str) -> str:
    text = (query or "").strip()
    if not text or len(query) > 200:  # as the OpenAPI states it: the query as sent, spaces included
        raise InvalidRequest("Enter a reference, postcode, address or description", fields=[FieldError("q", "1..200")])
    return text


def _cascade(ctx: Context, council: str, query: str) -> tuple[Any, list[dict[str, Any]]]:
    text = _check_query(query)
    steps: list[tuple[IndexedField, list[str]]] = []
    if typed := reference_query(text):
        if whole := typed.reference:  # the whole reference: read the case itself
            case = ctx.repo.cases.get(council, whole)
            if case:
                return "reference", [case]
        else:  # a number, perhaps with its year or suffix: the cases under that number
            steps.append(("reference", [typed.token]))
    if postcode := normalise_postcode(text):
        steps.append(("postcode", [postcode]))
    if terms := words(text):
        steps += [("address", terms), ("description", terms)]
    for field, tokens in steps:
        references = _references(ctx, council, field, tokens)
        # The cases themselves decide: an entry left behind by a change in flight is not a match.
        cases = [c for c in ctx.repo.search.cases(council, references) if matches(index_of(council, c), field, text)]
        if cases:
            return field, cases
    return None, []


def _references(ctx: Context, council: str, field: IndexedField, tokens: list[str]) -> list[str]:
    """Up to ``MAX_RESULTS`` references of cases under every token, newest first.

    Reads the first page of a few tokens' entries: when one token's entries end within its page, those
    are every candidate. Otherwise all of them are common words: page on through the token whose first
    page matched best until enough match (or ``MAX_ENTRIES_READ``).
    """
    search = ctx.repo.search
    wanted = set(tokens)

    def matching(entries: list[IndexEntry]) -> list[str]:
        if field not in WORD_FIELDS:  # one token says it all: a reference number or a postcode
            return [e.reference for e in entries]
        return [e.reference for e in entries if wanted.issubset(e.words)]

    probed = sorted(tokens, key=len, reverse=True)[:PROBED_WORDS]
    pages = [(token, search.entries(council, field, token, limit=MAX_RESULTS)) for token in probed]
    complete = [page for _, page in pages if page.more is None]
    if complete:
        return matching(min(complete, key=lambda p: len(p.entries)).entries)[:MAX_RESULTS]
    token, page = max(pages, key=lambda tp: len(matching(tp[1].entries)))
    found = matching(page.entries)
    read = sum(len(p.entries) for _, p in pages)
    while len(found) < MAX_RESULTS and page.more and read < MAX_ENTRIES_READ:
        page = search.entries(council, field, token, limit=MAX_RESULTS, start=page.more)
        read += len(page.entries)
        found += matching(page.entries)
    return found[:MAX_RESULTS]
