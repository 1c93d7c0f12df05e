"""The ODP file types (the tags a document carries) and their names as officers read them. Pure.

One source of truth: ``data/file_types.json``, written by ``scripts/file_types.py`` from the bundled ODP
schema (``bops/odp/schema/application.json``, ``#/definitions/FileType``). The API returns each document's
type names from it, and the front end's build turns the same file into ``js/file-types.js``, so a page
says "Proposed sections", never ``sections.proposed``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

FILE_TYPES_FILE = Path(__file__).parent / "data" / "file_types.json"

# ODP describes drawings as "Sections - proposed"; officers say "Proposed sections".
_STATES = {"existing": "Existing", "proposed": "Proposed"}
# Words kept capitalised when a description is turned round (a name, an initialism).
_PROPER = re.compile(r"^(?:[A-Z]{2,}|BNG)\b")


def readable_name(code: str, description: str) -> str:
    """The name officers use for an ODP file type: its description, with the drawing's state first.

    ``elevations.proposed`` / "Elevations - proposed" -> "Proposed elevations"; "Other - drawing" ->
    "Other drawing"; any other description is kept as ODP words it.
    """
    head, _, state = description.rpartition(" - ")
    suffix = code.rpartition(".")[2]
    if head and suffix in _STATES and state.strip().lower() == suffix:
        subject = head if _PROPER.match(head) else head[:1].lower() + head[1:]
        return f"{_STATES[suffix]} {subject}"
    if code.startswith("other") and head == "Other":
        return f"Other {state}"
    return description


def from_schema(schema: dict[str, Any]) -> list[dict[str, str]]:
    """The file types of an ODP schema, in its order: code, ODP's description and the readable name."""
    types = []
    for option in schema["definitions"]["FileType"]["anyOf"]:
        code = option["properties"]["value"]["const"]
        description = option["properties"]["description"]["const"]
        types.append({"code": code, "name": readable_name(code, description), "description": description})
    return types


@cache
def file_types() -> dict[str, str]:
    """Every ODP file type code with its readable name, in the schema's order."""
    data = json.loads(FILE_TYPES_FILE.read_text())
    return {entry["code"]: entry["name"] for entry in data["file_types"]}


def type_name(code: str) -> str:
    """The readable name of a file type code (the code itself for one ODP does not know)."""
    return file_types().get(code, code)
