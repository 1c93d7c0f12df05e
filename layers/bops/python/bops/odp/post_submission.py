"""The ODP v0.7.7 post-submission schemas (bundled in ``schema/``) and a checker for published applications.

The schema's root is an ``anyOf`` of one branch per application type, each fixing ``applicationType`` with
a ``const``. A document valid under one branch is valid under the ``anyOf``, so ``published_errors``
validates against the branch its ``applicationType`` names (stock jsonschema, draft-07, formats checked
with ``bops.odp.models.FORMAT_CHECKS``): the same verdict as the root for a valid document, in about a
second instead of minutes (stock jsonschema tries every branch in full). A document whose type has no
branch is reported as such. Used by the tests; nothing on a request path loads these 1.5 MB files.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent / "schema"
PUBLISHED_SCHEMA = "postSubmissionPublishedApplication.json"
SCHEMA_URL = (
    "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.7/schemas/postSubmissionApplication.json"
)


@functools.cache
def load_published_schema() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / PUBLISHED_SCHEMA).read_text(encoding="utf-8"))


@functools.cache
def _branches() -> dict[str, str]:
    """Application type code -> the definition of its published branch."""
    schema = load_published_schema()
    found = {}
    for branch in schema["anyOf"]:
        name = branch["$ref"].rsplit("/", 1)[-1]
        const = schema["definitions"][name]["properties"]["applicationType"]["const"]
        found[const] = name
    return found


_CONST_BRANCH_KEYS = frozenset({"const", "description", "type", "title", "$id"})


@functools.cache
def _validator(definition: str) -> Any:
    from jsonschema import Draft7Validator, FormatChecker
    from jsonschema.validators import extend

    from bops.odp.models import FORMAT_CHECKS

    schema = load_published_schema()
    checker = FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name)(check)
    stock_any_of = Draft7Validator.VALIDATORS["anyOf"]

    def any_of(validator: Any, branches: list[Any], instance: Any, node: Any) -> Any:
        # Same verdict as the stock keyword, by construction: a code is in a code list or not (the stock
        # keyword builds an error for every code it is not), and an object whose ``value`` is not a branch's
        # const fails that branch (its required ``value`` const), so only the branches for its value are tried.
        from jsonschema.exceptions import ValidationError

        codes, by_value = _index(schema, branches)
        if codes:
            if not (isinstance(instance, str) and instance in codes):
                yield ValidationError(f"{str(instance)[:60]!r} is not one of the schema's codes")
            return
        if by_value is not None:
            value = instance.get("value") if isinstance(instance, dict) else None
            candidates = by_value.get(value, []) if isinstance(value, str) else []
            for position in candidates:
                if next(validator.descend(instance, branches[position], schema_path=position), None) is None:
                    return
            yield ValidationError(f"is not a valid {str(value)[:60]!r} entry of its code list")
            return
        yield from stock_any_of(validator, branches, instance, node)

    fast = extend(Draft7Validator, {"anyOf": any_of})
    return fast({"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}, format_checker=checker)


_INDEXES: dict[int, tuple[frozenset[str], dict[str, list[int]] | None]] = {}


def _index(schema: dict[str, Any], branches: list[Any]) -> tuple[frozenset[str], dict[str, list[int]] | None]:
    """A code list's codes (branches ``{"const": "code"}``), or, for branches that are objects each requiring a
    ``value`` of its own ``const``, which branches each value may match (else neither)."""
    key = id(branches)
    if key not in _INDEXES:
        resolved = [_resolve(schema, b) for b in branches]
        consts = [b.get("const") for b in resolved if set(b) <= _CONST_BRANCH_KEYS]
        plain = len(consts) == len(branches) and all(isinstance(c, str) for c in consts)
        if plain and all(b.get("type", "string") == "string" for b in resolved):
            _INDEXES[key] = (frozenset(str(c) for c in consts), None)
        elif len(branches) >= 8 and all(_value_const(b) is not None for b in resolved):
            by_value: dict[str, list[int]] = {}
            for position, b in enumerate(resolved):
                by_value.setdefault(str(_value_const(b)), []).append(position)
            _INDEXES[key] = (frozenset(), by_value)
        else:
            _INDEXES[key] = (frozenset(), None)
    return _INDEXES[key]


def _resolve(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    from urllib.parse import unquote

    while isinstance(node, dict) and "$ref" in node and len(node) == 1:
        node = schema["definitions"][unquote(node["$ref"].rsplit("/", 1)[-1])]
    return node if isinstance(node, dict) else {}


def _value_const(branch: dict[str, Any]) -> str | None:
    """The ``const`` of an object branch's required ``value`` property, if it has one."""
    if branch.get("type") != "object" or "value" not in branch.get("required", ()):
        return None
    const = (branch.get("properties") or {}).get("value", {}).get("const")
    return const if isinstance(const, str) else None


def published_errors(document: Any) -> list[str]:
    """Why ``document`` is not a valid ODP post-submission *published* application (empty when it is)."""
    if not isinstance(document, dict):
        return ["$: expected an object"]
    definition = _branches().get(str(document.get("applicationType")))
    if definition is None:
        return [f"applicationType: {document.get('applicationType')!r} has no post-submission branch"]
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '$'}: {e.message[:200]}"
        for e in _validator(definition).iter_errors(document)
    ]


def published_types() -> frozenset[str]:
    """The application type codes the published schema has a branch for."""
    return frozenset(_branches())


@functools.cache
def _property_types() -> frozenset[str]:
    definition = load_published_schema()["definitions"]["PropertyType"]
    return frozenset(branch["const"] for branch in definition["anyOf"])


def property_type(code: str) -> str:
    """A v0.7.7 property type code in the post-submission schema's code list.

    The lists differ: dwellings moved under ``residential.dwelling`` (``residential.house.terrace`` is now
    ``residential.dwelling.house.terrace``), and some fine-grained codes went. A code is kept when the new
    list has it, moved when its dwelling form is there, else replaced by its nearest ancestor on the list
    (``commercial.education.school.secondary`` by ``commercial.education.school``), else ``other``.
    """
    known = _property_types()
    if code in known:
        return code
    if code.startswith("residential.") and (moved := code.replace("residential.", "residential.dwelling.", 1)) in known:
        return moved
    parts = code.split(".")
    while len(parts) > 1:
        parts.pop()
        if ".".join(parts) in known:
            return ".".join(parts)
    return "other" if "other" in known else sorted(known)[0]


def definition_errors(definition: str, document: Any) -> list[str]:
    """Why ``document`` is not valid under the published schema's ``definition`` (e.g. ``PublicCommentRedacted``)."""
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '$'}: {e.message[:200]}"
        for e in _validator(definition).iter_errors(document)
    ]


@functools.cache
def _file_types() -> frozenset[str]:
    definition = load_published_schema()["definitions"]["PrototypeFileType"]
    return frozenset(branch["const"] for branch in definition["anyOf"])


def file_types(tags: list[str]) -> list[str]:
    """A document's tags on the post-submission schema's file type list (others dropped; none left: other)."""
    known = _file_types()
    kept = [tag for tag in tags if tag in known]
    return kept or (["otherDocument"] if "otherDocument" in known else [])
