"""Every operation that takes a JSON body shows an example of it in the OpenAPI description, and each
example is one the operation accepts: valid against the schema the description gives, against the route's
model, and against the rules the model leaves to the domain (ODP schema, validation request details,
template placeholders)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

import app  # noqa: F401 (declares the routes)
from bops.api.openapi import document
from bops.api.routing import ENDPOINTS

BODY_METHODS = ("post", "put", "patch")


def _operations_with_a_json_body() -> list[tuple[str, str, dict[str, Any]]]:
    doc = document()
    return [
        (method.upper(), path, operation["requestBody"]["content"]["application/json"])
        for path, methods in doc["paths"].items()
        for method, operation in methods.items()
        if method in BODY_METHODS and "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


OPERATIONS = _operations_with_a_json_body()


def test_there_are_operations_with_bodies_to_check():
    assert len(OPERATIONS) >= 35
    assert ("POST", "/api/v1/submissions") in {(m, p) for m, p, _ in OPERATIONS}


@pytest.mark.parametrize(("method", "path", "media"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_each_body_has_an_example_valid_against_its_schema_and_model(method, path, media):
    assert "example" in media, f"{method} {path} has no example body"
    example = media["example"]
    # the schema as the description gives it, its references resolved in the description's components
    schema = {**media["schema"], "components": document()["components"]}
    errors = sorted(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(example), key=str)
    assert not errors, f"{method} {path}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors)
    endpoint = next(e for e in ENDPOINTS if e.method == method and e.path == path)
    model = endpoint.body_model or endpoint.raw_schema_model
    if model is not None:
        model.model_validate(example)


def test_the_submission_example_is_a_valid_odp_application():
    from bops.odp.validate import schema_errors

    (media,) = [m for method, path, m in OPERATIONS if (method, path) == ("POST", "/api/v1/submissions")]
    assert schema_errors(media["example"]) == []


def test_the_examples_the_domain_checks_further_pass_its_checks():
    from bops.domain import templates
    from bops.domain import validation_requests as vr
    from bops.domain.comments import new_comment

    examples = {(method, path): media["example"] for method, path, media in OPERATIONS}
    requests = "/api/v1/applications/{reference}/validation-requests"
    new = examples[("POST", requests)]
    vr.parse_details(new["type"], new["details"])
    vr.parse_details(new["type"], examples[("PUT", f"{requests}/{{request_id}}")]["details"])
    templates.check("neighbour_letter", examples[("PUT", "/api/v1/council/templates/{name}")]["parts"])
    comment = examples[("POST", "/api/v1/public/{council}/applications/{reference}/comments")]
    new_comment(comment, id="1", received_at=datetime(2026, 12, 4, tzinfo=UTC))


def test_an_operation_without_an_example_of_its_own_shows_its_models():
    from bops.services.cases import Assignment

    (media,) = [m for method, path, m in OPERATIONS if path.endswith("/assignment")]
    assert media["example"] == Assignment.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]
