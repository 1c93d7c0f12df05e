"""The event catalogue (docs/events/*.schema.json): one JSON Schema per EventBridge detail-type, for
integrators; the tests check every event the code publishes against it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

CATALOGUE = Path(__file__).resolve().parents[1] / "docs" / "events"


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """detail-type -> its schema."""
    return {
        p.name.removesuffix(".schema.json"): json.loads(p.read_text()) for p in sorted(CATALOGUE.glob("*.schema.json"))
    }


def problems(detail_type: str, detail: Any) -> list[str]:
    """Why an event does not match the catalogue (empty when it does)."""
    schema = schemas().get(detail_type)
    if schema is None:
        return [f"{detail_type}: no schema in docs/events/ (add {detail_type}.schema.json)"]
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [
        f"{detail_type}: {'/'.join(map(str, e.absolute_path)) or '(detail)'}: {e.message}"
        for e in validator.iter_errors(detail)
    ]
