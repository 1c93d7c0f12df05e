"""ODP v0.7.7 reports of a planning breach (``schema/enforcement.json``): recognised, validated, read.

The schema (~375 KB) is parsed and its validator built on the first report, not at import, with the same
machinery as applications (``validate.bundled_validator``: the fast code-list ``anyOf``, our format checks,
field paths in errors). ``read_report`` returns the few fields a case keeps; the complainant's identity is
returned apart (``BreachReportSummary.reporter``) so the service can keep it off everything public.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bops.domain.enforcement import Reporter
from bops.domain.errors import FieldError, SubmissionInvalid
from bops.model import Model
from bops.odp.models import SCHEMA_VERSION

SCHEMA_FILE = "enforcement.json"
SCHEMA_MESSAGE = f"Report does not conform to ODP enforcement schema v{SCHEMA_VERSION}"


def is_breach_report(payload: Any) -> bool:
    """Whether an ODP submission is a breach report: its ``metadata.schema`` names ``enforcement.json``, or
    its data holds a ``report`` (an application's never does)."""
    if not isinstance(payload, dict):
        return False
    metadata = payload.get("metadata")
    schema = metadata.get("schema") if isinstance(metadata, dict) else None
    if isinstance(schema, str) and schema.endswith("/enforcement.json"):
        return True
    data = payload.get("data")
    return isinstance(data, dict) and "report" in data


class BreachReportSummary(Model):
    metadata_id: str
    description: str
    address: str
    uprn: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    easting: float | None = None
    northing: float | None = None
    ward: str | None = None
    breach_types: list[dict[str, str]] = []
    began_on: date | None = None
    ended_on: date | None = None
    reporter: Reporter


def validate_report(payload: Any) -> BreachReportSummary:
    """Checks a breach report against the official schema and reads it; ``SubmissionInvalid`` (422) names
    every failing path (``data.complainant.email``)."""
    from bops.odp.validate import ROOT_PATH, bundled_validator, schema_errors

    if not isinstance(payload, dict):
        raise SubmissionInvalid(SCHEMA_MESSAGE, fields=[FieldError(ROOT_PATH, "expected an object")])
    fields = schema_errors(payload, bundled_validator(SCHEMA_FILE))
    if fields:
        raise SubmissionInvalid(SCHEMA_MESSAGE, fields=fields)
    return read_report(payload)


def _address_line(address: dict[str, Any]) -> str:
    parts = [address.get(k) for k in ("line1", "line2", "town", "county", "postcode", "country")]
    return ", ".join(str(p) for p in parts if p)


def read_report(payload: dict[str, Any]) -> BreachReportSummary:
    """The fields a case keeps from a report the schema accepted."""
    data = payload["data"]
    site = data["property"]["address"]
    report = data["report"]
    complainant = data["complainant"]
    name = complainant.get("name", {})
    dates = report.get("date") or {}
    address = site.get("singleLine") or ", ".join(
        str(site[k]) for k in ("line1", "line2", "town", "postcode") if site.get(k)
    )
    return BreachReportSummary(
        metadata_id=payload["metadata"]["id"],
        description=report.get("description") or "",
        address=address,
        uprn=site.get("uprn"),
        postcode=site.get("postcode"),
        latitude=site.get("latitude"),
        longitude=site.get("longitude"),
        easting=site.get("x"),
        northing=site.get("y"),
        ward=data["property"].get("ward"),
        breach_types=[
            {"value": t["value"], "description": t.get("description", t["value"])}
            for t in report.get("projectType") or []
        ],
        began_on=date.fromisoformat(dates["start"]) if dates.get("start") else None,
        ended_on=date.fromisoformat(dates["end"]) if dates.get("end") else None,
        reporter=Reporter(
            name=" ".join(p for p in (name.get("title"), name.get("first"), name.get("last")) if p) or None,
            company=(complainant.get("company") or {}).get("name"),
            email=complainant.get("email"),
            phone=(complainant.get("phone") or {}).get("primary"),
            address=_address_line(complainant.get("address") or {}) or None,
        ),
    )
