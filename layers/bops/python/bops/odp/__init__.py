"""Intake of Open Digital Planning (ODP) application submissions, schema v0.7.7.

- ``validate_submission(payload)``: the official schema (bundled unmodified in ``schema/``, MPL-2.0), then
  our models; returns a ``Submission`` or raises ``bops.domain.errors.SubmissionInvalid`` naming each
  failing path.
- ``Submission.summary()``: the flat ``SubmissionSummary`` the back office keeps.

Importing this package is cheap: the schema is read, and jsonschema imported, on the first validation.
"""

from bops.odp.models import (
    SCHEMA_VERSION,
    AgentSummary,
    ApplicantSummary,
    FileSummary,
    Submission,
    SubmissionSummary,
    application_type_description,
    load_schema,
)
from bops.odp.validate import MAX_FIELD_ERRORS, is_schema_valid, schema_errors, validate_submission

__all__ = [
    "MAX_FIELD_ERRORS",
    "SCHEMA_VERSION",
    "AgentSummary",
    "ApplicantSummary",
    "FileSummary",
    "Submission",
    "SubmissionSummary",
    "application_type_description",
    "is_schema_valid",
    "load_schema",
    "schema_errors",
    "validate_submission",
]
