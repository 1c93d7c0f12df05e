"""Intake of ODP v0.7.7 **pre-application advice** requests (``schema/preApplication.json``).

``validate_pre_application(payload)`` checks the payload against the official schema, with the same
validator machinery, formats and field paths as applications (``validate.bundled_validator``), then reads
what the back office keeps into a ``PreApplicationSummary``; a failure is ``SubmissionInvalid`` naming every
failing path (422). The schema (~500 KB) is read and compiled on the first pre-application, not at import.

``is_pre_application(payload)`` tells a pre-application from the other kinds PlanX posts to the same
routes: ``metadata.schema`` ending in ``preApplication.json``, or ``data.application.type.value`` ``preApp``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bops.domain.errors import FieldError, SubmissionInvalid
from bops.domain.pre_application import Requester
from bops.model import Model
from bops.odp.models import SCHEMA_VERSION

SCHEMA_FILE = "preApplication.json"
SCHEMA_MESSAGE = f"Pre-application does not conform to ODP schema v{SCHEMA_VERSION} ({SCHEMA_FILE})"
PRE_APPLICATION_TYPE = "preApp"


class PreApplicationSummary(Model):
    """What the back office keeps of a pre-application request (the submission itself is kept verbatim)."""

    metadata_id: str
    organisation: str | None = None
    submitted_at: str | None = None
    site_address: str
    uprn: str | None = None
    postcode: str | None = None
    easting: float | None = None
    northing: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    description: str
    applicant: Requester
    agent: Requester | None = None
    fee_payable: float | None = None
    fee_calculated: float | None = None
    designations: list[dict[str, Any]] = Field(default_factory=list)


def is_pre_application(payload: object) -> bool:
    """Whether a parsed submission is a pre-application advice request (see the module's docstring)."""
    if not isinstance(payload, dict):
        return False
    metadata = payload.get("metadata")
    schema = metadata.get("schema") if isinstance(metadata, dict) else None
    if isinstance(schema, str) and schema.endswith(SCHEMA_FILE):
        return True
    data = payload.get("data")
    application = data.get("application") if isinstance(data, dict) else None
    kind = application.get("type") if isinstance(application, dict) else None
    return isinstance(kind, dict) and kind.get("value") == PRE_APPLICATION_TYPE


def schema_errors(payload: object) -> list[FieldError]:
    from bops.odp.validate import bundled_validator
    from bops.odp.validate import schema_errors as errors

    return errors(payload, bundled_validator(SCHEMA_FILE))


def validate_pre_application(payload: object) -> PreApplicationSummary:
    """The official schema first (422 naming each failing path), then the summary the case keeps."""
    if not isinstance(payload, dict):
        raise SubmissionInvalid(
            f"{SCHEMA_MESSAGE}: a submission must be a JSON object", fields=[FieldError("$", "expected an object")]
        )
    fields = schema_errors(payload)
    if fields:
        raise SubmissionInvalid(SCHEMA_MESSAGE, fields=fields)
    return summarise(payload)


def _name(person: dict[str, Any]) -> str:
    name = person.get("name") or {}
    return " ".join(part for part in (name.get("title"), name.get("first"), name.get("last")) if part)


def _person(person: dict[str, Any]) -> Requester:
    return Requester(
        name=_name(person),
        email=person.get("email"),
        phone=(person.get("phone") or {}).get("primary"),
        company=(person.get("company") or {}).get("name"),
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def summarise(payload: dict[str, Any]) -> PreApplicationSummary:
    """Reads a schema-valid pre-application (the schema guarantees the shapes read here)."""
    data = payload["data"]
    metadata = payload["metadata"]
    applicant = data.get("applicant") or {}
    agent = applicant.get("agent")
    prop = data.get("property") or {}
    address = prop.get("address") or {}
    fee = (data.get("application") or {}).get("fee") or {}
    single_line = address.get("singleLine") or ", ".join(
        str(part)
        for part in (address.get("pao"), address.get("street"), address.get("town"), address.get("postcode"))
        if part
    )
    return PreApplicationSummary(
        metadata_id=str(metadata["id"]),
        organisation=metadata.get("organisation"),
        submitted_at=metadata.get("submittedAt"),
        site_address=single_line or address.get("title") or "",
        uprn=address.get("uprn"),
        postcode=address.get("postcode"),
        easting=_number(address.get("x")),
        northing=_number(address.get("y")),
        latitude=_number(address.get("latitude")),
        longitude=_number(address.get("longitude")),
        description=str((data.get("proposal") or {}).get("description") or ""),
        applicant=_person(applicant),
        agent=_person(agent) if isinstance(agent, dict) else None,
        fee_payable=_number(fee.get("payable")),
        fee_calculated=_number(fee.get("calculated")),
        designations=list((prop.get("planning") or {}).get("designations") or []),
    )
