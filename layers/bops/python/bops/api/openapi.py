"""The OpenAPI 3 description, generated from the routes and the same pydantic models they use."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

from chalice import Blueprint
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bops.api import examples
from bops.api.routing import ENDPOINTS, Api, Endpoint
from bops.auth import PUBLIC, Identity

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="meta")

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
            },
            "required": ["code", "message"],
        }
    },
}


def _models() -> list[type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}
    for e in ENDPOINTS:
        for model in (e.body_model, e.response_model, e.raw_schema_model):
            if model is not None:
                seen[model.__name__] = model
    return list(seen.values())


def _operation(e: Endpoint, refs: dict[tuple[Any, Any], dict[str, Any]]) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": f"{e.method.lower()}_{re.sub(r'[^a-zA-Z0-9]+', '_', e.path).strip('_')}",
        "summary": e.summary,
        "tags": [e.tag],
        "security": e.auth.security() if not e.auth.public else [],
        "parameters": [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
            for p in re.findall(r"{(\w+)}", e.path)
        ]
        + [
            {"name": q.name, "in": "query", "required": q.required, "description": q.description, "schema": q.schema}
            for q in e.query
        ],
        "responses": {},
    }
    body, response = e.body_model, e.response_model
    if body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(body, "validation")]}},
        }
    elif e.raw_schema is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(e.raw_schema_model, "validation")]}},
        }
    elif e.raw_body:
        op["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object", "description": "ODP application submission"}}
            },
        }
    if "requestBody" in op and (example := examples.example(e.method, e.path, body or e.raw_schema_model)) is not None:
        op["requestBody"]["content"]["application/json"]["example"] = example
    success: dict[str, Any] = {"description": "Success"}
    if response is not None:
        success["content"] = {"application/json": {"schema": refs[(response, "serialization")]}}
        if e.content_type:  # the same answer in another form, asked for by a query parameter (format=csv)
            success["content"][e.content_type] = {"schema": {"type": "string"}}
    elif e.content_type:
        success["content"] = {e.content_type: {"schema": {"type": "object"}}}
    op["responses"][str(e.status)] = success
    error = {"$ref": "#/components/schemas/Error"}
    codes = {
        "400": "Bad request",
        "422": "Invalid fields",
        "404": "Not found",
        "409": "Wrong state or changed by someone else",
    }
    if body is not None or e.raw_body:
        codes["415"] = "The body is not JSON: send Content-Type: application/json"
        codes["413"] = "The body is too large (the API's byte limit)"
    if not e.auth.public:
        codes.update({"401": "No valid credential", "403": "Credential lacks the role or scope"})
    codes.update(dict(e.errors))
    for code, text in codes.items():
        op["responses"][code] = {"description": text, "content": {"application/json": {"schema": error}}}
    return op


@cache
def document() -> dict[str, Any]:
    models = _models()
    modes: tuple[Literal["validation", "serialization"], ...] = ("validation", "serialization")
    pairs = [(m, mode) for mode in modes for m in models]
    refs, schemas = models_json_schema(pairs, ref_template="#/components/schemas/{model}")
    components = dict(schemas.get("$defs", {}))
    components["Error"] = ERROR_SCHEMA
    paths: dict[str, dict[str, Any]] = {}
    for e in ENDPOINTS:
        paths.setdefault(e.path, {})[e.method.lower()] = _operation(e, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "BoPS serverless API",
            "version": "1",
            "description": "Back-office planning system for English local planning authorities.",
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "officerJwt": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "The ID token from the council's Cognito user pool; roles are its groups",
                },
                "consulteeLink": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The secret from the link a consultee was sent for one consultation",
                },
                "applicantLink": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The secret from the link an applicant was sent for one validation request",
                },
                "apiToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A per-council integrator API token (bops_<council>_<id>_<secret>)",
                },
                "notifyCallback": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The token the council gave GOV.UK Notify for its callbacks "
                    "(Secrets Manager: bops/<council>/notify-callback-token)",
                },
            },
        },
    }


@api.route(
    "/api/v1/openapi.json", "GET", auth=PUBLIC, summary="This OpenAPI description", content_type="application/json"
)
def openapi(_identity: Identity | None) -> dict[str, Any]:
    return document()


class Health(BaseModel):
    status: Literal["ok"] = "ok"


@api.route(
    "/api/v1/health", "GET", auth=PUBLIC, summary="Whether the API is answering (no data, no lookups)", response=Health
)
def health(_identity: Identity | None) -> Health:
    # Reads nothing: a load balancer or uptime check may call it often, and it must cost nothing.
    return Health()
