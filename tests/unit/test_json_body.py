"""Request bodies: nesting is measured on the raw bytes before parsing, strings aside."""

from __future__ import annotations

import json

import pytest

from bops.domain import json_body
from bops.domain.errors import BadRequest


@pytest.mark.parametrize(
    ("raw", "depth"),
    [
        (b"1", 0),
        (b"{}", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'{"a": "[[[[{{{{"}', 1),  # brackets in strings do not count
        (b'{"a": "\\"[[[", "b": [[]]}', 3),  # nor after an escaped quote
        (b'["\\\\", [[]]]', 3),  # an escaped backslash ends before the quote
        (b'"[[[', 0),  # an unterminated string runs to the end
        (b"[[[", 3),  # brackets never closed still nest
        (b"[[]", 2),
    ],
)
def test_nesting_depth_counts_brackets_outside_strings(raw, depth):
    assert json_body.nesting_depth(raw) == depth


@pytest.mark.parametrize(
    "raw",
    [b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000, b"[" * 100_000],
)
def test_deep_nesting_is_refused_naming_the_body(raw):
    with pytest.raises(BadRequest) as raised:
        json_body.parse(raw)
    assert raised.value.fields[0].path == "body"
    assert "64" in raised.value.message


def test_a_body_at_the_limit_is_parsed():
    raw = b"[" * json_body.MAX_DEPTH + b"]" * json_body.MAX_DEPTH
    assert json_body.parse(raw) == json.loads(raw)
    with pytest.raises(BadRequest):
        json_body.parse(b"[" + raw + b"]")


def test_an_odp_submission_with_its_geojson_is_well_within_the_limit():
    from tests.support import example_path

    raw = example_path("fullHouseholder").read_bytes()
    assert json_body.nesting_depth(raw) < json_body.MAX_DEPTH // 4
    assert json_body.parse(raw) == json.loads(raw)


def test_many_stray_quotes_do_not_make_the_scan_slow():
    # A quadratic scan would take minutes here; this one reads each byte once.
    raw = b'["\\"' * 50_000 + b"[" * 100
    assert json_body.nesting_depth(raw) == 1
