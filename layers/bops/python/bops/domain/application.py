"""The planning application (the case) as the back office keeps it."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ConfigDict, Field, computed_field

from bops.domain.file_types import type_name
from bops.model import Model

REFERENCE_PATTERN = re.compile(r"^\d{2}-\d{5}-[A-Z][A-Z0-9]{1,7}$")
COUNCIL_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


def format_reference(year: int, number: int, suffix: str) -> str:
    """A council reference ``YY-NNNNN-SUFFIX``, e.g. ``26-00100-HAPP``."""
    if not 0 < number < 100_000:
        raise ValueError("reference number out of range")
    return f"{year % 100:02d}-{number:05d}-{suffix}"


def is_reference(value: str) -> bool:
    return bool(REFERENCE_PATTERN.match(value))


class Contact(Model):
    model_config = ConfigDict(extra="ignore")

    name: str = ""
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class Site(Model):
    model_config = ConfigDict(extra="ignore")

    address: str
    uprn: str | None = None
    postcode: str | None = None
    easting: float | None = None
    northing: float | None = None
    latitude: float | None = None
    longitude: float | None = None

    @classmethod
    def of(cls, address: str, located: Any) -> Site:
        """The site at ``address``, located by the same-named fields of a submission's summary (an
        application's or a pre-application's)."""
        return cls(address=address, **{k: getattr(located, k) for k in cls.model_fields if k != "address"})


class Fee(Model):
    model_config = ConfigDict(extra="ignore")

    calculated: float | None = None
    payable: float | None = None
    exemptions: dict[str, bool] = Field(default_factory=dict)
    reductions: dict[str, bool] = Field(default_factory=dict)
    # the fee asked beyond the submission (``bops.domain.fee_payments``): agreed is not paid
    status: str | None = Field(None, description="due, agreed or paid; null: nothing asked beyond the submission")
    asked_pence: int | None = None
    agreed: dict[str, Any] | None = None
    payments: list[dict[str, Any]] = Field(default_factory=list)
    payment_link: dict[str, Any] | None = None


class AuditEntry(Model):
    """One line of the append-only audit trail: who did what, when and why, with before/after."""

    model_config = ConfigDict(extra="ignore")

    at: str
    actor: str
    action: str
    reason: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class DocumentScan(Model):
    """What the malware scanner said about a received document (``bops.domain.documents``: scan rules)."""

    model_config = ConfigDict(extra="ignore")

    status: str  # "pending" | "clean" | "threat" | "failed"; served only when "clean"
    scanner: str  # "guardduty" | "local"
    requested_at: str  # when the document was handed to the scanner
    at: str | None = None  # when the verdict was recorded
    result: str | None = None  # the scanner's own word, e.g. THREATS_FOUND
    message: str | None = None  # what officers are told (no personal data)


class Document(Model):
    model_config = ConfigDict(extra="ignore")

    id: str
    file_name: str
    content_type: str | None = None  # as identified from the file's own bytes
    size: int
    sha256: str | None = None
    status: str  # "received" | "rejected"
    rejected_reason: str | None = None
    tags: list[str] = Field(default_factory=list)
    uploaded_at: str
    uploaded_by: str | None = None
    archived: bool = False  # replaced through a validation request
    publishable: bool = False  # shown on the public register (while received and not archived)
    publishable_changed_by: str | None = None
    publishable_changed_at: str | None = None
    scan: DocumentScan | None = None  # received documents only; None on rejected ones
    drawing_number: str | None = None  # as on the drawing, e.g. "PL-02": what the decision notice lists
    on_decision_notice: bool = False  # referenced on the decision notice (the approved plans pre-select it)
    details_changed_by: str | None = None  # the officer who last re-tagged it or changed its drawing number
    details_changed_at: str | None = None

    @computed_field(description="The readable name of each tag, in the same order, e.g. 'Proposed site plan'")  # type: ignore[prop-decorator]
    @property
    def type_names(self) -> list[str]:
        return [type_name(t) for t in self.tags]


class PlanningApplication(Model):
    """The case record. Stored as the ``CASE`` item of the application's partition."""

    model_config = ConfigDict(extra="ignore")

    council: str
    reference: str
    application_type: str
    application_type_name: str
    status: str
    received_at: str
    received_on: str  # the English calendar date of receipt
    site: Site
    description: str
    applicant: Contact
    agent: Contact | None = None
    fee: Fee
    submission_id: str
    submission_key: str
    version: int = 1
    created_at: str
    updated_at: str
    validated_at: str | None = None  # the valid-from date, set when the officer validates
    valid_from: str | None = None
    invalidated_at: str | None = None
    invalid_reason: str | None = None
    receipt_recorded_at: str | None = None
    awaiting: str | None = None  # the officer milestone the workflow waits for, if any
    workflow_error: dict[str, Any] | None = None
    assigned_officer: str | None = None
    alternative_reference: str | None = None  # the reference in the council's previous system (site history)
    eia: bool = False
    # The statutory clock (dates are English calendar dates, ISO format)
    expiry_date: str | None = None
    target_date: str | None = None
    planning_guarantee_date: str | None = None
    extended_expiry_date: str | None = None
    dates_provisional: bool = True
    extensions: list[dict[str, Any]] = Field(default_factory=list)
    days_left: int | None = Field(None, description="Business days to the determination date; negative when overdue")
    deadline_status: str | None = Field(None, description="on track, due soon or overdue")
    # Assessment, review, committee and the decision
    recommendation: dict[str, Any] | None = None
    reviews: list[dict[str, Any]] = Field(default_factory=list)
    committee: dict[str, Any] | None = None
    decision: dict[str, Any] | None = None
    decision_notice: dict[str, Any] | None = None
    consultation: dict[str, Any] | None = None
    validation_report: dict[str, Any] | None = None
    appeal: dict[str, Any] | None = None
    # Lifecycle stamps (<state>_at)
    in_assessment_at: str | None = None
    assessment_in_progress_at: str | None = None
    awaiting_determination_at: str | None = None
    in_committee_at: str | None = None
    to_be_reviewed_at: str | None = None
    determined_at: str | None = None
    withdrawn_at: str | None = None
    returned_at: str | None = None
    closed_at: str | None = None


class ApplicationSummary(Model):
    """A row of an officer's list of applications."""

    reference: str
    application_type: str
    application_type_name: str
    status: str
    received_at: str
    site_address: str
    postcode: str | None = None
    description: str
    assigned_officer: str | None = None
    expiry_date: str | None = Field(None, description="The determination date (after any extension of time)")
    days_left: int | None = None
    deadline_status: str | None = None
    waiting_on: str | None = Field(
        None, description="Who must act next: officer, applicant, consultee, reviewer or committee (none once closed)"
    )
    waiting_reason: str | None = Field(None, description="What they must do, in a few words")
