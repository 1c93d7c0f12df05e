"""The search's pure rules: what a case is indexed under, what matches, the public search's windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bops.domain.search import PUBLIC_SEARCH_THROTTLE, Throttle, index_of, matches, reference_query

CASE = {
    "reference": "26-00001-HAPP",
    "received_at": "2026-03-01T09:00:00Z",
    "site": {"address": "40 Stansfield Road, London", "postcode": "sw99rz"},
    "description": "Erection of a single storey rear extension",
}


def test_a_case_is_indexed_under_its_postcode_and_the_words_of_its_address_and_description():
    index = index_of("lambeth", CASE)
    assert index.tokens("postcode") == ["SW9 9RZ"]
    assert index.tokens("address") == ["40", "stansfield", "road", "london"]
    assert index.tokens("description") == ["erection", "single", "storey", "rear", "extension"]


def test_a_case_is_indexed_under_its_reference_number_alone_and_after_its_year():
    index = index_of("lambeth", {**CASE, "reference": "26-00005-HAPP"})
    assert index.tokens("reference") == ["5", "26-5"]


@pytest.mark.parametrize(
    ("typed", "token", "whole"),
    [
        ("5", "5", None),
        ("00005", "5", None),
        (" 00005 ", "5", None),
        ("26-00005", "26-5", None),
        ("26-5", "26-5", None),
        ("00005-happ", "5", None),
        ("26-00005-happ", "26-5", "26-00005-HAPP"),
        ("26-5-HAPP", "26-5", "26-00005-HAPP"),
    ],
)
def test_a_reference_typed_in_part_is_read_as_its_number(typed, token, whole):
    typed_reference = reference_query(typed)
    assert typed_reference is not None
    assert typed_reference.token == token
    assert typed_reference.reference == whole


@pytest.mark.parametrize("typed", ["0", "00000", "123456", "SW9 9RZ", "rear extension", "26-", "HAPP", "5a"])
def test_what_is_not_a_reference(typed):
    assert reference_query(typed) is None


def test_a_case_without_a_postcode_has_no_postcode_token():
    index = index_of("lambeth", {**CASE, "site": {"address": "Land off Acre Lane"}})
    assert index.tokens("postcode") == []


@pytest.mark.parametrize(
    ("field", "query", "expected"),
    [
        ("reference", "26-00001-HAPP", True),
        ("reference", "1", True),
        ("reference", "00001", True),
        ("reference", "26-00001", True),
        ("reference", "00001-happ", True),
        ("reference", "25-00001", False),  # another year's case 1
        ("reference", "00001-FUL", False),  # another kind of application
        ("reference", "2", False),
        ("reference", "Stansfield", False),
        ("postcode", "SW9 9RZ", True),
        ("postcode", "sw99rz", True),
        ("postcode", "SW9 9RA", False),
        ("address", "Stansfield road", True),
        ("address", "stansfield lane", False),
        ("description", "rear extension", True),
        ("description", "the rear of the extension", True),  # stop words are not searched
        ("description", "side extension", False),
        ("description", "the", False),  # nothing left to search for
    ],
)
def test_what_matches(field, query, expected):
    assert matches(index_of("lambeth", CASE), field, query) is expected


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_every_moment_falls_in_one_window_of_the_throttle(now):
    start, end = PUBLIC_SEARCH_THROTTLE.window(now)
    assert start <= now < end
    assert end - start == timedelta(seconds=PUBLIC_SEARCH_THROTTLE.window_seconds)
    assert PUBLIC_SEARCH_THROTTLE.window(start) == (start, end)


def test_a_throttle_needs_a_positive_limit_and_window():
    with pytest.raises(ValueError):
        Throttle(max_count=0, window_seconds=60)
    with pytest.raises(ValueError):
        Throttle(max_count=30, window_seconds=0)
