"""The OpenAPI description says what the API accepts: no narrower (a request it allows is refused), no wider (a
request it forbids is taken). Each rule here was found by schemathesis (tests/e2e/test_api_fuzz.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app import app  # noqa: F401  (declares the routes the description is made from)
from bops.api.openapi import document
from bops.domain.errors import InvalidRequest
from bops.domain.neighbours import POSTCODE_SCHEMA_PATTERN, normalise_postcode
from bops.domain.validation_checks import LocalList


def _parameter(path, method, name):
    operation = document()["paths"][path][method]
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


def _component(name):
    return document()["components"]["schemas"][name]


@pytest.mark.parametrize("path", ["/api/v1/search", "/api/v1/public/{council}/applications"])
def test_a_search_query_is_1_to_200_characters_not_all_spaces(path):
    schema = _parameter(path, "get", "q")
    assert (schema["minLength"], schema["maxLength"]) == (1, 200)
    assert not re.search(schema["pattern"], "   ") and re.search(schema["pattern"], " sw9 ")


def test_a_query_of_200_characters_with_spaces_around_is_too_long_as_the_schema_says():
    from bops.services.search import _check_query

    assert _check_query(" " + "a" * 198 + " ") == "a" * 198
    with pytest.raises(InvalidRequest):
        _check_query("a" + " " * 200)


@pytest.mark.parametrize("path", ["/api/v1/applications", "/api/v1/dashboard"])
def test_a_cursor_is_base64url_and_an_empty_one_is_the_first_page(path):
    pattern = _parameter(path, "get", "cursor")["pattern"]
    assert re.search(pattern, "") and re.search(pattern, "eyJrIjp7fX0=")
    assert not re.search(pattern, "not a cursor")


@given(st.text(alphabet="AbSw1290 \t", max_size=10) | st.sampled_from(["sw99rz", "SW9 9RZ", " e1 6an ", "W1A 1AA"]))
def test_the_postcode_pattern_is_what_normalise_postcode_accepts(text):
    try:
        normalise_postcode(text)
        accepted = True
    except ValueError:
        accepted = False
    assert bool(re.search(POSTCODE_SCHEMA_PATTERN, text)) == accepted


def test_upload_tags_are_odp_file_types():
    from bops.domain.documents import ODP_FILE_TYPES

    tags = _component("UploadRequest")["properties"]["tags"]
    assert set(tags["items"]["enum"]) == ODP_FILE_TYPES


def test_planning_notices_need_one_of_the_two():
    from bops.services.consultation import NoticePlans

    schema = _component("NoticePlans")
    assert {tuple(option["required"]) for option in schema["anyOf"]} == {("site_notice",), ("press_notice",)}
    assert NoticePlans.model_validate({}).site_notice is None  # the service then answers 422 naming site_notice


def test_notice_evidence_is_document_ids():
    pattern = _component("SiteNoticeRecord")["properties"]["evidence_document_ids"]["items"]["pattern"]
    assert re.search(pattern, "0" * 32) and not re.search(pattern, "")


def test_a_local_list_date_is_a_date_not_a_number():
    with pytest.raises(ValidationError, match="adopted_on"):
        LocalList.model_validate({"council": "c", "name": "n", "adopted_on": 0})
    assert str(LocalList.model_validate({"council": "c", "name": "n", "adopted_on": "2025-04-01"}).adopted_on) == (
        "2025-04-01"
    )


def test_a_local_list_condition_may_be_one_string_or_a_list_and_says_so():
    condition = _component("LocalListCondition")["properties"]["project_type"]
    assert [option["type"] for option in condition["anyOf"]] == ["string", "array"]
    rule = {"id": "r", "reason": "why", "require": ["sketchPlan"], "when": {"project_type": "extend"}}
    parsed = LocalList.model_validate({"council": "c", "name": "n", "rules": [rule]})
    assert parsed.rules[0].when.project_type == ("extend",)
    alternatives = _component("LocalListRule")["properties"]["require"]["items"]["anyOf"][1]
    assert alternatives["minItems"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"flag": 0, "count": 1, "on": "2025-04-01"}', "flag"),
        (b'{"flag": true, "count": "5", "on": "2025-04-01"}', "count"),
        (b'{"flag": true, "count": 1, "on": 0}', "on"),
    ],
)
def test_a_body_takes_what_its_schema_says_and_nothing_coerced(body, field):
    from datetime import date

    from bops.api.routing import parse_model
    from bops.model import Model

    class Body(Model):
        flag: bool
        count: int
        on: date

    assert parse_model(Body, b'{"flag": true, "count": 1, "on": "2025-04-01"}') == Body(
        flag=True, count=1, on=date(2025, 4, 1)
    )
    with pytest.raises(InvalidRequest) as raised:
        parse_model(Body, body)
    assert [f.path for f in raised.value.fields] == [field]


def test_a_local_list_condition_on_major_development_is_true_or_false():
    rule = {"id": "r", "reason": "why", "require": ["sketchPlan"], "when": {"major": 0}}
    with pytest.raises(ValidationError, match="major"):
        LocalList.model_validate({"council": "c", "name": "n", "rules": [rule]})
