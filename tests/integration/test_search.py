"""Search cascades: reference, then exact postcode, then address words, then description words."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def _search(council, q):
    response = council.officer().get("/api/v1/search", params={"q": q})
    assert response.status_code == 200, response.text
    body = response.json()
    return body["matched_by"], [a["reference"] for a in body["applications"]]


def test_the_cascade(runtime, council):
    from tests.support import example

    householder = council.submit("fullHouseholder")  # 40 Stansfield Road, SW9 9RZ
    body = example("minor")
    body["data"]["proposal"]["description"] = "Erection of a timber summerhouse in the rear garden"
    minor = council.integrator.post("/api/v1/submissions", json_body=body).json()["reference"]

    assert _search(council, householder) == ("reference", [householder])
    assert _search(council, householder.lower()) == ("reference", [householder])
    assert _search(council, "sw9 9rz") == ("postcode", [householder])
    assert _search(council, "Stansfield road") == ("address", [householder])
    assert _search(council, "timber summerhouse") == ("description", [minor])
    assert _search(council, "summerhouse stansfield") == (None, [])
    assert _search(council, "26-99999-HAPP") == (None, [])


def test_a_partial_reference_finds_the_case(runtime, council):
    """Issue 12: an officer typing ``00005``, ``5`` or ``26-00005`` finds ``26-00005-HAPP``."""
    householder = council.submit("fullHouseholder")
    year, number, suffix = householder.split("-")
    plain = str(int(number))
    for typed in (number, plain, f"{year}-{number}", f"{year}-{plain}", f"{number}-{suffix.lower()}"):
        assert _search(council, typed) == ("reference", [householder]), typed
    # A number that is no case of the council's finds nothing (and is not taken for an address word)
    assert _search(council, "99999") == (None, [])
    assert _search(council, f"{year}-99999") == (None, [])
    # Another year's case of that number, or another kind of application, is not this one
    assert _search(council, f"{int(year) - 1:02d}-{number}") == (None, [])
    assert _search(council, f"{number}-ZZZZ") == (None, [])


def test_a_case_indexed_before_reference_numbers_gains_them_when_indexed_again(runtime):
    from benchmarks.search import synthetic_cases
    from bops.domain.search import index_of
    from bops.services import search
    from bops.services.context import context

    # Given a case indexed before its reference number was (its index record says so: no number)
    ctx = context()
    council = _new_council_id()
    (case,) = synthetic_cases(council, 1)
    ctx.repo.put_many([case])
    ctx.repo.search.save_entries([index_of(council, case).model_copy(update={"reference_number": []})])
    number = str(int(case["reference"].split("-")[1]))
    assert search.find(ctx, council, number) == []
    # When it is indexed again (any change of the case re-indexes it)
    search.index(ctx, case)
    # Then its number finds it
    assert [c["reference"] for c in search.find(ctx, council, number)] == [case["reference"]]


def test_search_stays_in_the_council(runtime, council):
    from tests.support import new_council

    reference = council.submit("fullHouseholder")
    other = new_council(runtime, roles=("assessor",))
    assert _search(other, reference) == (None, [])
    assert _search(other, "SW9 9RZ") == (None, [])


def test_bad_queries(council):
    assert council.officer().get("/api/v1/search", params={"q": ""}).status_code == 422
    response = council.officer().get("/api/v1/search", params={"q": "x" * 300})
    assert response.status_code == 422 and response.json()["error"]["fields"][0]["path"] == "q"


# --- the token index: reads follow the results, not the council's history ----------------------------


def _new_council_id() -> str:
    import secrets

    return "c" + secrets.token_hex(5)


def _load(ctx, council, count):
    from benchmarks.search import synthetic_cases
    from bops.domain.search import index_of

    cases = synthetic_cases(council, count)
    ctx.repo.put_many(cases)
    ctx.repo.search.save_entries([index_of(council, c) for c in cases])
    return cases


def _newest_with(cases, field, terms, limit=50):
    """What the search should answer, worked out the slow way: every case, newest first."""
    from bops.domain.search import words

    def text(case):
        return case["site"]["address"] if field == "address" else case["description"]

    ordered = sorted(cases, key=lambda c: f"{c['received_at']}#{c['reference']}", reverse=True)
    return [c["reference"] for c in ordered if set(terms) <= set(words(text(c)))][:limit]


def test_a_common_word_reads_the_same_few_items_however_many_cases_the_council_has(runtime):
    from benchmarks.search import counting
    from bops.services.context import context
    from bops.services.search import MAX_RESULTS, find

    # Given two councils, one with two and a half times the history of the other, "extension" in most cases
    ctx = context()
    small, large = _new_council_id(), _new_council_id()
    loaded = {small: _load(ctx, small, 200), large: _load(ctx, large, 500)}
    reads = {}
    for council in (small, large):
        for query in ("extension", "rear extension"):
            # When an officer searches for common words
            with counting(ctx.repo) as counted:
                found = [c["reference"] for c in find(ctx, council, query)]
            reads[council, query] = counted.items
            # Then the answer is the newest cases with every word, as reading everything would find
            assert found == _newest_with(loaded[council], "description", query.split())
            assert len(found) == MAX_RESULTS
    # and the items read do not grow with the council's history: bounded by the result cap
    assert reads[large, "extension"] == reads[small, "extension"], reads
    for query in ("extension", "rear extension"):
        assert reads[large, query] <= 4 * MAX_RESULTS, reads
    assert reads[large, "extension"] < len(_newest_with(loaded[large], "description", ["extension"], limit=10**6))


def test_rare_words_among_common_ones_find_every_match(runtime):
    from bops.services.context import context
    from bops.services.search import find

    ctx = context()
    council = _new_council_id()
    cases = _load(ctx, council, 150)
    # "timber" is rare (the summerhouses), "garden" and "rear" common: the rarest word's entries decide
    expected = _newest_with(cases, "description", ["timber", "rear", "garden"])
    assert len(expected) == 4
    assert [c["reference"] for c in find(ctx, council, "rear garden timber")] == expected
    assert [c["reference"] for c in find(ctx, council, "Quenby")] == _newest_with(cases, "address", ["quenby"])
    assert [c["reference"] for c in find(ctx, council, "se5 9zz")] == expected


def test_a_changed_description_leaves_no_stale_tokens(runtime):
    from bops.domain.search import index_of
    from bops.services import search
    from bops.services.context import context

    # Given a case indexed under the words of its description
    ctx = context()
    council = _new_council_id()
    (case,) = _load(ctx, council, 1)
    case = {**case, "description": "Erection of a conservatory to the side"}
    ctx.repo.put_many([case])
    search.index(ctx, case)
    assert [c["reference"] for c in search.find(ctx, council, "conservatory")] == [case["reference"]]

    # When its description changes (an accepted validation request) and it is indexed again
    changed = {**case, "description": "Erection of an orangery to the side"}
    ctx.repo.put_many([changed])
    search.index(ctx, changed)

    # Then the old word's entry is gone, the new one is there, the words they share stay
    assert ctx.repo.search.entries(council, "description", "conservatory", limit=10).entries == []
    assert [c["reference"] for c in search.find(ctx, council, "orangery")] == [case["reference"]]
    assert [e.reference for e in ctx.repo.search.entries(council, "description", "side", limit=10).entries] == [
        case["reference"]
    ]
    assert search.find(ctx, council, "conservatory") == []
    # and indexing it again unchanged writes nothing
    assert ctx.repo.search.save(index_of(council, changed)) == 0


def test_an_entry_left_behind_is_not_a_match(runtime):
    from bops.domain.search import index_of
    from bops.services import search
    from bops.services.context import context

    # Given an entry the case no longer answers (a change of description still being indexed)
    ctx = context()
    council = _new_council_id()
    (case,) = _load(ctx, council, 1)
    ctx.repo.search.save_entries([index_of(council, {**case, "description": "Demolition of a garage"})])
    # Then the search does not show the case for the old words: the case itself decides
    assert search.find(ctx, council, "garage") == []


# --- the public register's search is throttled per client ---------------------------------------------


class _Fixed:
    def __init__(self, now):
        self._now = now

    def now(self):
        return self._now


def test_the_public_search_refuses_a_client_over_the_limit_even_all_at_once(runtime):
    import dataclasses
    from concurrent.futures import ThreadPoolExecutor
    from datetime import UTC, datetime

    from bops.domain.comments import TooManyRequests, source_key
    from bops.domain.search import PUBLIC_SEARCH_THROTTLE
    from bops.services.context import context
    from bops.services.search import public_find, source_secret

    # Given one client, and a clock inside one window
    ctx = dataclasses.replace(context(), clock=_Fixed(datetime(2026, 12, 4, 10, 0, 30, tzinfo=UTC)))
    council = _new_council_id()
    limit = PUBLIC_SEARCH_THROTTLE.max_count

    def attempt(_):
        try:
            public_find(ctx, council, "extension", "203.0.113.7")
            return "accepted"
        except TooManyRequests as refused:
            assert refused.status == 429 and "Too many searches" in refused.message
            return "refused"

    # When it sends more searches than the limit at once
    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(attempt, range(limit + 10)))
    # Then exactly the limit is served and the rest are refused
    assert outcomes.count("accepted") == limit
    assert outcomes.count("refused") == 10
    # while another client is served, and the stored key is not the address
    public_find(ctx, council, "extension", "198.51.100.2")
    client = source_key("203.0.113.7", secret=source_secret())
    assert "203.0.113.7" not in client
    start, _ = PUBLIC_SEARCH_THROTTLE.window(ctx.clock.now())
    counter = ctx.repo.get(f"{council}#THROTTLE#{client}", f"SEARCH#{start.isoformat()}")
    assert counter is not None and counter["count"] == limit and counter["ttl"] > start.timestamp()
    # and the next window serves the client again
    later = dataclasses.replace(ctx, clock=_Fixed(datetime(2026, 12, 4, 10, 1, 0, tzinfo=UTC)))
    public_find(later, council, "extension", "203.0.113.7")


def test_the_public_search_answers_429_over_http(runtime, council):
    from datetime import timedelta

    import requests
    from chalice.local import LambdaEventConverter

    from bops.domain.comments import source_key
    from bops.domain.search import PUBLIC_SEARCH_THROTTLE
    from bops.services.context import context
    from bops.services.search import source_secret

    # Given a client (chalice's local server reports every client at one address) that has used up its
    # searches of this window and of the next (so a window turning over meanwhile changes nothing)
    ctx = context()
    throttle = PUBLIC_SEARCH_THROTTLE
    client = source_key(LambdaEventConverter.LOCAL_SOURCE_IP, secret=source_secret())
    now = ctx.clock.now()
    for moment in (now, now + timedelta(seconds=throttle.window_seconds)):
        for _ in range(throttle.max_count):
            ctx.repo.search.count_request(council.id, client, window=throttle.window(moment), limit=throttle.max_count)

    # When it searches the public register
    response = requests.get(
        f"{council.api_url}/api/v1/public/{council.id}/applications", params={"q": "extension"}, timeout=30
    )

    # Then it is told, clearly, to slow down
    assert response.status_code == 429, response.text
    error = response.json()["error"]
    assert error["code"] == "too_many_requests" and "Too many searches" in error["message"]
