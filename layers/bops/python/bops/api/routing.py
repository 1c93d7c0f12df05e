"""Routes declare what they need (credential, body model, response model) in one place.

``Api.route`` wraps a Chalice route: it authenticates the caller, checks the route's requirement,
parses the body into its pydantic model, calls the view and maps domain errors to HTTP answers.
Every route is recorded in ``ENDPOINTS``, from which the OpenAPI description is generated and which
the tests walk to prove no route is open by accident.

Routes name their body and response models as ``"module:Name"`` and their views import their service
inside: importing the app then declares every route but loads no area's services or models, so a cold
start pays only for the route it answers (``make benchmark``, section imports).
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from bops.api import observability
from bops.auth import Identity, Requirement
from bops.domain import json_body
from bops.domain.errors import (
    BadRequest,
    DomainError,
    FieldError,
    InvalidRequest,
    MethodNotAllowed,
    PayloadTooLarge,
    Unauthorized,
    UnsupportedMediaType,
    invalid_from_pydantic,
)

MAX_JSON_BODY = 256 * 1024  # ordinary request bodies; submissions have their own, larger limit
SECURITY_HEADERS = {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


@dataclass(frozen=True)
class QueryParam:
    name: str
    description: str
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string"})
    required: bool = False


#: A search's ``q``: 1 to 200 characters, not all spaces (bops.services.search checks the same).
SEARCH_QUERY = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"}
#: A page's ``cursor``: the next_cursor of the previous page, as given (base64url; empty: the first page). Its
#: content is the API's own, so a string the API did not issue is a 400 naming ``cursor``.
CURSOR = {"type": "string", "pattern": r"^[A-Za-z0-9_-]*={0,2}$"}

ModelRef = type[BaseModel] | str  # a model, or where to find it: "bops.services.cases:ApplicationDetail"


def resolve(ref: ModelRef | None) -> type[BaseModel] | None:
    """The model a route names, imported on first use."""
    if ref is None or not isinstance(ref, str):
        return ref
    return _resolve(ref)


@functools.cache
def _resolve(ref: str) -> type[BaseModel]:
    module, _, name = ref.partition(":")
    model = getattr(importlib.import_module(module), name)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"{ref} is not a pydantic model")
    return model


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    auth: Requirement
    summary: str
    tag: str
    body: ModelRef | None
    response: ModelRef | None
    status: int
    query: tuple[QueryParam, ...]
    raw_body: bool  # the view reads the raw body itself (e.g. ODP submissions, kept verbatim)
    content_type: str | None = None  # the response's content type when it is not a model
    errors: tuple[tuple[str, str], ...] = ()  # statuses beyond the usual ones, e.g. ("503", "... try again")
    raw_schema: ModelRef | None = None  # what a raw body holds, for the description (the view checks it)

    @property
    def body_model(self) -> type[BaseModel] | None:
        return resolve(self.body)

    @property
    def response_model(self) -> type[BaseModel] | None:
        return resolve(self.response)

    @property
    def raw_schema_model(self) -> type[BaseModel] | None:
        return resolve(self.raw_schema)


ENDPOINTS: list[Endpoint] = []


def error_response(error: DomainError) -> Any:
    from chalice import Response

    headers: dict[str, str | list[str]] = dict(SECURITY_HEADERS)
    if isinstance(error, Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="bops"'
    return Response(body=json.dumps(error.as_dict()), status_code=error.status, headers=headers)


def chalice_errors(request: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice's own answers (a method the path lacks: 405; a body that is not JSON: 415; its 500) in the
    API's error envelope, as every other error is. Registered on the app as HTTP middleware: Chalice
    answers these before any route's view runs, so ``Api.route`` never sees them."""
    response = get_response(request)
    body = response.body
    if not (isinstance(body, dict) and "Code" in body and "Message" in body):
        return response  # one of ours
    error: DomainError
    if response.status_code == 405:
        error = MethodNotAllowed(f"This path does not take {request.method}; it takes {response.headers.get('Allow')}")
    elif response.status_code == 415:
        error = UnsupportedMediaType(
            "Send the body as JSON (Content-Type: application/json)",
            fields=[FieldError("Content-Type", "must be application/json")],
        )
    elif response.status_code >= 500:
        error = _Internal("Something went wrong on our side; nothing was changed")
    else:
        error = BadRequest(str(body["Message"]))
    answer = error_response(error)
    if "Allow" in response.headers:
        answer.headers["Allow"] = response.headers["Allow"]
    return answer


def parse_object(raw: bytes | None, *, limit: int = MAX_JSON_BODY) -> dict[str, Any]:
    """A JSON object body, or a clear 400/413/422."""
    raw = raw or b""
    if len(raw) > limit:
        raise PayloadTooLarge(f"The body may be at most {limit} bytes")
    data = json_body.parse(raw or b"null")
    if not isinstance(data, dict):
        raise InvalidRequest("The body must be a JSON object", fields=[FieldError("body", "expected an object")])
    return data


def blueprint_source(target: Any) -> str:
    """Where the request came from (the client's address as API Gateway saw it), for rate limits."""
    request = target.current_request
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or request.headers.get("x-forwarded-for", "unknown"))


def parse_model(model: type[BaseModel], raw: bytes | None) -> BaseModel:
    parse_object(raw)  # the size, depth and shape checks, with their own answers
    try:
        # Strictly, as JSON: a field takes what its schema in the OpenAPI description says and nothing
        # pydantic would coerce (0 for false, "5" for 5, a number of seconds for a date).
        return model.model_validate_json(raw or b"", strict=True)
    except ValidationError as error:
        raise invalid_from_pydantic(error) from error


def authenticate(headers: Any, *, notify_council: str | None = None) -> Identity | None:
    """The caller's identity, None without credentials, Unauthorized for bad ones.

    ``notify_council``: the route takes GOV.UK Notify's callbacks for this council, so the council's
    callback token is tried first.
    """
    header = headers.get("authorization") if headers else None
    if not header:
        return None
    scheme, _, credential = header.partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential:
        raise Unauthorized("Send the credential as: Authorization: Bearer <token>")
    from bops.config import settings
    from bops.services.context import context

    if notify_council is not None:
        from bops.services.delivery import authenticate_notify

        if identity := authenticate_notify(notify_council, credential):
            return identity

    if credential.count(".") == 2:
        from bops.auth import verify_officer_jwt

        s = settings()
        return verify_officer_jwt(
            credential, jwks=_jwks(s.cognito_jwks_url), issuer=s.cognito_issuer, audience=s.cognito_client_id
        )
    if credential.startswith("bopsc_"):
        from bops.services.consultation import authenticate_consultee

        return authenticate_consultee(context(), credential)
    if credential.startswith("bopsr_"):
        from bops.services.validation import authenticate_applicant

        return authenticate_applicant(context(), credential)
    from bops.services.councils import authenticate_token

    return authenticate_token(context(), credential)


@functools.cache
def _jwks(url: str) -> Any:
    from bops.auth import JwksCache

    return JwksCache(url)


class Api:
    """Registers routes on a Chalice app or blueprint."""

    def __init__(self, target: Any, tag: str) -> None:
        self.target = target
        self.tag = tag

    def route(
        self,
        path: str,
        method: str,
        *,
        auth: Requirement,
        summary: str,
        body: ModelRef | None = None,
        response: ModelRef | None = None,
        status: int = 200,
        query: tuple[QueryParam, ...] = (),
        raw_body: bool = False,
        content_type: str | None = None,
        errors: dict[str, str] | None = None,
        raw_schema: ModelRef | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        endpoint = Endpoint(
            path,
            method,
            auth,
            summary,
            self.tag,
            body,
            response,
            status,
            query,
            raw_body,
            content_type,
            tuple((errors or {}).items()),
            raw_schema,
        )
        ENDPOINTS.append(endpoint)

        def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(view)
            def handle(**params: Any) -> Any:
                request = self.target.current_request
                started = observability.start(_request_id(self.target, request))
                response = _answer(endpoint, request, params, view)
                observability.finish(method, path, response.status_code, started)
                return response

            self.target.route(path, methods=[method], content_types=["application/json"])(handle)
            return handle

        return decorate


def _request_id(target: Any, request: Any) -> str | None:
    """API Gateway's request id; chalice's local server has none, so there its Lambda request id (which it
    also returns as the x-amzn-RequestId header)."""
    request_id = (request.context or {}).get("requestId")
    if not request_id:
        request_id = getattr(getattr(target, "lambda_context", None), "aws_request_id", None)
    return request_id


def _answer(endpoint: Endpoint, request: Any, params: dict[str, Any], view: Callable[..., Any]) -> Any:
    """Authenticates, checks the requirement, parses the body, calls the view; domain errors to HTTP."""
    auth = endpoint.auth
    try:
        notify_council = params.get("council") if auth.notify else None
        identity = None if auth.public else authenticate(request.headers, notify_council=notify_council)
        if identity is not None:
            observability.identify(identity.council, identity.subject)
        auth.check(identity)
        kwargs: dict[str, Any] = dict(params)
        if endpoint.body is not None:
            kwargs["body"] = parse_model(endpoint.body_model, request.raw_body)  # type: ignore[arg-type]
        if endpoint.raw_body:
            kwargs["raw"] = request.raw_body or b""
        if endpoint.query:
            kwargs["query"] = dict(request.query_params or {})
        result = view(identity, **kwargs)
    except DomainError as error:
        return error_response(error)
    except Exception:
        observability.unhandled(endpoint.method, endpoint.path)
        return error_response(_Internal("Something went wrong on our side; nothing was changed"))
    return _respond(result, endpoint.status)


class _Internal(DomainError):
    status = 500
    code = "internal_error"


def _respond(result: Any, status: int) -> Any:
    from chalice import Response

    if isinstance(result, Response):
        return result
    text = result.model_dump_json() if isinstance(result, BaseModel) else json.dumps(result)
    return Response(body=text, status_code=status, headers=dict(SECURITY_HEADERS))
