"""Domain errors. Each carries the HTTP status the API answers with; the API maps them in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError


@dataclass(frozen=True)
class FieldError:
    """One failing field: a dotted/indexed path into the request body (``data.applicant.email``)."""

    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = list(fields or [])

    def as_dict(self) -> dict:
        body: dict = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = [f.as_dict() for f in self.fields]
        return {"error": body}


class BadRequest(DomainError):
    status = 400
    code = "bad_request"


class Unauthorized(DomainError):
    """No credential, or one that is not valid (forged, expired, revoked)."""

    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    """A valid credential without the role or scope the action needs."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class MethodNotAllowed(DomainError):
    """The path exists, but not with this method (the answer's ``Allow`` header lists those it has)."""

    status = 405
    code = "method_not_allowed"


class Conflict(DomainError):
    """The case is not in a state that allows the action, or someone else changed it first."""

    status = 409
    code = "conflict"


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


class InvalidRequest(DomainError):
    """The body parsed but failed validation; ``fields`` names each failing path."""

    status = 422
    code = "validation_failed"


class SubmissionInvalid(InvalidRequest):
    """An ODP submission the official schema (or our reading of it) rejects."""

    code = "submission_invalid"


class UnknownApplicationType(InvalidRequest):
    code = "unknown_application_type"


class UpstreamError(DomainError):
    """A service BoPS depends on (e.g. OS Places) refused the request or is not set up: not the caller's
    fault, and retrying will not help until someone fixes the configuration (a key, a subscription)."""

    status = 502
    code = "upstream_error"


class UpstreamUnavailable(UpstreamError):
    """A service BoPS depends on is down, slow or rate-limiting us for now: try again in a minute."""

    status = 503
    code = "upstream_unavailable"


def field_path(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as the API names fields: ``data.applicant.email``, ``documents[2].type``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path or "body"


def invalid_from_pydantic(
    error: ValidationError, prefix: str = "", *, message: str = "The request has invalid fields"
) -> InvalidRequest:
    """A 422 naming each failing field (at most 20) of a pydantic validation error."""
    fields = [
        FieldError(field_path(((prefix,) if prefix else ()) + tuple(e["loc"])), e["msg"]) for e in error.errors()
    ][:20]
    return InvalidRequest(message, fields=fields)
