"""Submission intake: an ODP submission becomes a planning application, exactly once."""

from __future__ import annotations

from typing import Any

from bops.auth import Identity
from bops.config import settings
from bops.domain import json_body
from bops.domain.application import AuditEntry, Contact, Fee, PlanningApplication, Site
from bops.domain.application_types import get_type
from bops.domain.errors import PayloadTooLarge
from bops.model import Model
from bops.services import receipt, search
from bops.services.cases import statutory_fields
from bops.services.context import Context
from bops.services.councils import get_council

# Computed on read, never stored.
UNSET_ON_INTAKE = ("days_left", "deadline_status")


class SubmissionAccepted(Model):
    reference: str
    status: str
    created: bool
    application_url: str


def parse_body(raw: bytes) -> Any:
    if len(raw) > settings().max_submission_bytes:
        raise PayloadTooLarge(f"A submission may be at most {settings().max_submission_bytes} bytes")
    return json_body.parse(raw)


def submit(ctx: Context, identity: Identity, raw_body: bytes) -> SubmissionAccepted:
    from bops.odp.validate import validate_submission

    payload = parse_body(raw_body)
    from bops.services import enforcement, pre_applications

    # PlanX posts every kind of submission to the same place: pre-application advice and breach reports
    # are cases of their own
    if pre_applications.is_pre_application(payload):
        return SubmissionAccepted(**pre_applications.submit(ctx, identity, payload, raw_body).model_dump())
    if enforcement.is_breach_report(payload):
        return SubmissionAccepted(**enforcement.receive_report(ctx, identity, payload, raw_body).model_dump())
    summary = validate_submission(payload).summary()
    council = get_council(ctx, identity.council)
    app_type = get_type(summary.application_type, overrides=council.period_overrides)

    suffix = council.suffix_overrides.get(app_type.code, app_type.suffix)
    claim = receipt.claim(ctx, council, summary.metadata_id, suffix)
    if isinstance(claim, str):  # received before, or by another request at the same moment
        return _already_received(ctx, council.id, claim)
    received_on, reference = claim.received_on, claim.reference
    submission_key = f"submissions/{council.id}/{summary.metadata_id}.json"
    # Kept verbatim, as received. Written before the case so a case never lacks its submission;
    # a failed attempt leaves only this object, which the retry overwrites with the same bytes.
    ctx.storage.put(submission_key, raw_body, "application/json")

    at = claim.at
    case = PlanningApplication(
        council=council.id,
        reference=reference,
        application_type=app_type.code,
        application_type_name=app_type.name,
        status="not_started",
        received_at=at,
        received_on=received_on.isoformat(),
        site=Site.of(summary.site_address, summary),
        description=summary.description,
        applicant=Contact(name=summary.applicant.name, email=summary.applicant.email, phone=summary.applicant.phone),
        agent=(
            Contact(
                name=summary.agent.name,
                email=summary.agent.email,
                phone=summary.agent.phone,
                address=summary.agent.address,
            )
            if summary.agent
            else None
        ),
        fee=Fee(
            calculated=summary.fee_calculated,
            payable=summary.fee_payable,
            exemptions=summary.fee_exemptions,
            reductions=summary.fee_reductions,
        ),
        submission_id=summary.metadata_id,
        submission_key=submission_key,
        created_at=at,
        updated_at=at,
    )
    item = {"kind": "application", **case.model_dump(mode="json")}
    item.update(statutory_fields(item, valid_from=None, extension_to=None, overrides=council.period_overrides))
    item = {k: v for k, v in item.items() if v is not None and k not in UNSET_ON_INTAKE}
    cases = ctx.repo.cases
    received = AuditEntry(
        at=at,
        actor=identity.actor,
        action="application.received",
        after={"status": case.status, "application_type": case.application_type},
    )
    writes = [*cases.case_writes(None, item), cases.audit_write(council.id, reference, received)]
    if (made := claim.record(ctx, council.id, writes)) is not None:
        return _already_received(ctx, council.id, made)

    search.index(ctx, item)
    ctx.workflow.start(council.id, reference)
    ctx.events.publish(
        "application.received",
        {"council": council.id, "reference": reference, "application_type": case.application_type},
    )
    return SubmissionAccepted(
        reference=reference, status=case.status, created=True, application_url=f"/api/v1/applications/{reference}"
    )


def _already_received(ctx: Context, council: str, reference: str) -> SubmissionAccepted:
    case = ctx.repo.cases.get(council, reference)
    # Make sure the index and the workflow exist even if the first attempt failed after storing the case.
    if case:
        search.index(ctx, case)
    ctx.workflow.start(council, reference)
    return SubmissionAccepted(
        reference=reference,
        status=case["status"] if case else "not_started",
        created=False,
        application_url=f"/api/v1/applications/{reference}",
    )
