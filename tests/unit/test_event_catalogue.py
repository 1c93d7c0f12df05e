"""The event catalogue covers every event the code publishes, and each entry is a valid JSON Schema."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.event_catalogue import problems, schemas

BOPS = Path(__file__).resolve().parents[2] / "layers" / "bops" / "python" / "bops"
README = Path(__file__).resolve().parents[2] / "README.md"


def _published_names() -> set[str]:
    """Event names the code spells out: literal first arguments of ``.publish(...)`` and of ``_announce``'s
    event argument, and the names the lifecycle maps its events to."""
    from bops.services.cases import EVENT_NAMES, AppealStep

    names = set(EVENT_NAMES.values())
    steps = typing.get_args(AppealStep.model_fields["step"].annotation)
    names |= {f"appeal.{s}" for s in steps}
    for path in BOPS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                args = node.args[:1] if called == "publish" else node.args[4:5] if called == "_announce" else []
                names |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return names


def test_every_event_the_code_publishes_has_a_schema():
    missing = _published_names() - set(schemas())
    assert not missing


def test_the_catalogue_lists_no_event_the_code_never_publishes():
    assert set(schemas()) - _published_names() == set()


@pytest.mark.parametrize("name", sorted(schemas()))
def test_each_schema_is_valid_and_named_after_its_event(name):
    schema = schemas()[name]
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == name
    assert {"council", "reference"} <= set(schema["required"])


def test_the_readme_lists_every_event():
    text = README.read_text()
    assert [n for n in schemas() if f"`{n}`" not in text] == []


def test_a_detail_that_does_not_match_is_reported_by_field():
    assert problems("application.determined", {"council": "c", "reference": "r", "status": "granted"}) != []
    assert problems("application.nonsense", {}) == [
        "application.nonsense: no schema in docs/events/ (add application.nonsense.schema.json)"
    ]
    ok = {
        "council": "c",
        "reference": "r",
        "status": "determined",
        "previous_status": "awaiting_determination",
        "event_id": "r:4",
    }
    assert problems("application.determined", ok) == []
