"""Validate an incoming ODP application submission: the official schema first, then our models.

``validate_submission(payload)`` returns a parsed ``Submission`` or raises ``SubmissionInvalid`` naming every
failing path (``data.applicant.name.first``, ``files[2].type[0].value``), at most ``MAX_FIELD_ERRORS``.

The schema (~800 KB) is read and the validator built on first use, not at import, and kept for the life of
the process (a warm Lambda reuses it). jsonschema is imported then too.

Speed: the schema is dominated by large ``anyOf`` code lists (102 file types, 72 designations x 2, 305
project types, 604 property types), each a branch ``{value: const, description: const}``. Stock jsonschema
evaluates every branch in full, collecting every error of every failing branch, even for a valid document
(~100-250 ms per submission). Our ``anyOf`` keyword gives the same verdict faster: it tries only the
branches whose ``const`` discriminator matches the instance (a branch whose required const property has
another value cannot match), stops at the first error of a branch, and only when every branch fails does it
collect the errors that explain the failure. The verdict is the stock keyword's by construction, and
``tests/unit/test_odp.py`` checks it against stock ``Draft7Validator`` on mutated examples.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError as PydanticValidationError

from bops.domain.errors import FieldError, SubmissionInvalid
from bops.odp.models import FORMAT_CHECKS, SCHEMA_VERSION, VARIANT_TAG_PREFIX, Submission, load_schema

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError as SchemaError
    from jsonschema.protocols import Validator

MAX_FIELD_ERRORS = 20
ROOT_PATH = "$"
"""The path reported for the submission as a whole (e.g. when it is not a JSON object)."""

SCHEMA_MESSAGE = f"Submission does not conform to ODP schema v{SCHEMA_VERSION}"
MODEL_MESSAGE = f"Submission conforms to ODP schema v{SCHEMA_VERSION} but could not be read"
_MIN_INDEXED_BRANCHES = 8
_MAX_MESSAGE = 200


def validate_submission(payload: object) -> Submission:
    """Check ``payload`` (parsed JSON) against the official ODP schema, then parse it into a ``Submission``.

    Raises ``SubmissionInvalid`` with one ``FieldError`` per failing path (deduplicated, at most 20).
    """
    if not isinstance(payload, dict):
        raise SubmissionInvalid(
            f"{SCHEMA_MESSAGE}: a submission must be a JSON object",
            fields=[FieldError(ROOT_PATH, f"expected an object, got {_json_type(payload)}")],
        )
    fields = schema_errors(payload)
    if fields:
        raise SubmissionInvalid(SCHEMA_MESSAGE, fields=fields)
    try:
        return Submission.model_validate(payload)
    except PydanticValidationError as exc:
        # Only reachable if our models were stricter than the schema, which the tests rule out for the
        # examples and their mutations; reported in the same shape all the same.
        raise SubmissionInvalid(MODEL_MESSAGE, fields=_model_field_errors(exc)) from exc


def schema_errors(payload: object, validator: Validator | None = None) -> list[FieldError]:
    """Every way ``payload`` fails the official schema (or ``validator``'s, another ODP schema built by
    ``build_validator``), as field errors (empty when it conforms)."""
    found: dict[str, str] = {}
    for error in (validator or schema_validator()).iter_errors(payload):
        for path, message in _explain(error):
            found.setdefault(path, message)
    return [FieldError(path, message) for path, message in list(found.items())[:MAX_FIELD_ERRORS]]


def is_schema_valid(payload: object) -> bool:
    """Whether ``payload`` conforms to the official schema (the verdict of ``schema_errors(...) == []``)."""
    return bool(schema_validator().is_valid(payload))


# --- the validator ---------------------------------------------------------------------------------------

_lock = threading.Lock()
_validator: Validator | None = None
_indexes: dict[int, tuple[list[Any], tuple[str, dict[str, list[int]]] | None]] = {}


def schema_validator() -> Validator:
    """The jsonschema validator for the bundled schema, built once (draft from its ``$schema``)."""
    global _validator
    if _validator is None:
        with _lock:
            if _validator is None:
                _validator = _build_validator()
    return _validator


_bundled: dict[str, Validator] = {}


def bundled_validator(file: str) -> Validator:
    """The validator, with our formats and fast ``anyOf``, of another bundled ODP schema of the same version
    (``schema/<file>``: pre-application advice, enforcement): read and built on first use, once per process."""
    found = _bundled.get(file)
    if found is None:
        with _lock:
            found = _bundled.get(file)
            if found is None:
                import json
                from importlib import resources

                text = resources.files("bops.odp").joinpath("schema", file).read_text(encoding="utf-8")
                found = _bundled[file] = _build_validator(json.loads(text))
    return found


def _build_validator(schema: dict[str, Any] | None = None) -> Validator:
    from jsonschema import FormatChecker
    from jsonschema.validators import Draft7Validator, extend, validator_for

    schema = load_schema() if schema is None else schema
    base = validator_for(schema, default=Draft7Validator)
    stock_any_of = base.VALIDATORS["anyOf"]

    def any_of(validator: Any, branches: list[Any], instance: Any, schema: Any) -> Iterator[SchemaError]:
        candidates = _candidates(branches, instance)
        for index in candidates:
            if next(validator.descend(instance, branches[index], schema_path=index), None) is None:
                return
        if candidates and _index(branches) is not None:
            # The branches for this value all failed: their errors say why (the others fail on the value).
            from jsonschema.exceptions import ValidationError

            context = [
                error
                for index in candidates
                for error in validator.descend(instance, branches[index], schema_path=index)
            ]
            yield ValidationError("is not valid under any of the given schemas", context=context)
            return
        yield from stock_any_of(validator, branches, instance, schema)

    checker = FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name)(check)
    _index_any_ofs(schema)
    fast = extend(base, {"anyOf": any_of})
    return fast(schema, format_checker=checker)


def _index_any_ofs(node: object) -> None:
    """Index every ``anyOf`` in the schema once, so lookups during validation are a dict access."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            branches = current.get("anyOf")
            if isinstance(branches, list):
                _indexes[id(branches)] = (branches, _discriminator(branches))
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _discriminator(branches: list[Any]) -> tuple[str, dict[str, list[int]]] | None:
    """For a code-list ``anyOf``: a property every branch requires with a string ``const``, and its index.

    Only when each branch is an inline ``type: object`` schema: then an instance that is not an object,
    lacks the property, or has another value for it fails that branch, whatever else it holds.
    """
    if len(branches) < _MIN_INDEXED_BRANCHES:
        return None
    common: set[str] | None = None
    for branch in branches:
        if not isinstance(branch, dict) or branch.get("type") != "object" or "$ref" in branch:
            return None
        keys = {
            key
            for key, sub in branch.get("properties", {}).items()
            if isinstance(sub, dict) and isinstance(sub.get("const"), str) and key in branch.get("required", ())
        }
        common = keys if common is None else common & keys
        if not common:
            return None
    key = "value" if common and "value" in common else sorted(common or ())[0]
    by_value: dict[str, list[int]] = {}
    for position, branch in enumerate(branches):
        by_value.setdefault(branch["properties"][key]["const"], []).append(position)
    return key, by_value


def _index(branches: list[Any]) -> tuple[str, dict[str, list[int]]] | None:
    entry = _indexes.get(id(branches))
    return entry[1] if entry is not None and entry[0] is branches else None


def _candidates(branches: list[Any], instance: Any) -> Sequence[int]:
    index = _index(branches)
    if index is None:
        return range(len(branches))
    key, by_value = index
    value = instance.get(key) if isinstance(instance, dict) else None
    return by_value.get(value, ()) if isinstance(value, str) else ()


# --- explaining schema errors ----------------------------------------------------------------------------

Leaf = tuple[tuple[str | int, ...], str]


def _explain(error: SchemaError) -> list[tuple[str, str]]:
    return [(format_path(path), message) for path, message in _leaves(error)]


def _leaves(error: SchemaError) -> list[Leaf]:
    """The most specific (path, message) pairs that explain ``error``."""
    path = tuple(error.absolute_path)
    keyword = error.validator
    if keyword in ("anyOf", "oneOf"):
        return _explain_alternatives(error, path)
    if keyword == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        return [((*path, name), "is required") for name in missing] or [(path, "is required")]
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        extra = [name for name in error.instance if name not in allowed]
        return [((*path, name), "is not allowed here") for name in extra] or [(path, "has unexpected properties")]
    return [(path, _message(error))]


def _explain_alternatives(error: SchemaError, path: tuple[str | int, ...]) -> list[Leaf]:
    """Pick the alternative the instance came closest to; if none stands out, blame the instance itself."""
    branches = error.validator_value
    index = _index(branches) if isinstance(branches, list) else None
    if index is not None and isinstance(error.instance, dict):
        key, by_value = index
        value = error.instance.get(key)
        name = str(error.schema.get("$id", "")).lstrip("#") or "code list"
        if key not in error.instance:
            return [((*path, key), "is required")]
        if not isinstance(value, str) or value not in by_value:
            return [((*path, key), f"is not a known {name} value")]
        if error.context and all(
            sub.validator == "const" and isinstance(sub.validator_value, str) for sub in error.context
        ):
            # A known value whose companions (its description, say) belong to another entry: either side
            # may be the mistake, so the entry as a whole is reported.
            others = sorted({str(sub.absolute_path[-1]) for sub in error.context if sub.absolute_path})
            return [(path, f"{key} and {' and '.join(others)} do not belong to the same {name} entry")]
    by_branch: dict[int, list[Leaf]] = {}
    for sub in error.context or ():
        branch = sub.relative_schema_path[0] if sub.relative_schema_path else 0
        by_branch.setdefault(int(branch), []).extend(_leaves(sub))
    if not by_branch:
        return [(path, "does not match any of the allowed forms")]

    # Fewest distinct failing paths first, then the deepest (the alternative the instance got furthest into).
    def rank(leaves: list[Leaf]) -> tuple[int, int]:
        paths = {p for p, _ in leaves}
        return len(paths), -max(len(p) for p in paths)

    ranked = sorted(by_branch.values(), key=rank)
    best = ranked[0]
    ties = [leaves for leaves in ranked[1:] if rank(leaves) == rank(best)]
    if all({p for p, _ in leaves} == {p for p, _ in best} for leaves in ties):
        return best
    return [(path, "does not match any of the allowed forms")]


def _message(error: SchemaError) -> str:
    """A short message that never repeats the submitted value (it may be personal data)."""
    keyword, expected = error.validator, error.validator_value
    if keyword == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else str(expected)
        return f"must be of type {wanted}, not {_json_type(error.instance)}"
    if keyword == "const":
        return f"must be {_short(expected)}"
    if keyword == "enum":
        return "must be one of: " + ", ".join(_short(value) for value in expected)
    if keyword == "format":
        return f"must be a valid {expected}"
    if keyword == "pattern":
        return f"must match the pattern {expected}"
    if keyword in ("maxLength", "minLength"):
        return f"must be {'at most' if keyword == 'maxLength' else 'at least'} {expected} characters long"
    if keyword in ("maxItems", "minItems"):
        return f"must have {'at most' if keyword == 'maxItems' else 'at least'} {expected} items"
    return str(error.message)[:_MAX_MESSAGE]


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def format_path(parts: Iterable[str | int]) -> str:
    """``("files", 2, "type", 0, "value")`` -> ``files[2].type[0].value``; the root is ``$``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or ROOT_PATH


def _model_field_errors(exc: PydanticValidationError) -> list[FieldError]:
    found: dict[str, str] = {}
    for item in exc.errors(include_url=False, include_input=False):
        parts = [part for part in item["loc"] if not (isinstance(part, str) and part.startswith(VARIANT_TAG_PREFIX))]
        found.setdefault(format_path(parts), str(item["msg"])[:_MAX_MESSAGE])
    return [FieldError(path, message) for path, message in list(found.items())[:MAX_FIELD_ERRORS]]
