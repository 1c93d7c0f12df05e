"""The public register in the ODP post-submission shape (schema v0.7.7, ``postSubmissionPublishedApplication``),
as the Digital Planning Register (DPR) reads it.

What DPR calls, and in which shape (read from tpximpact/digital-planning-register and unboxed/bops):
- DPR's BoPS handler (``src/handlers/bops/v2/*.ts``) calls ``<COUNCIL>_BOPS_API_URL`` + ``public/planning_applications
  /search?page=&resultsPerPage=&query=&reference=&applicationType=&applicationStatus=&councilDecision=&sortBy=
  &orderBy=&<dateType>From=&<dateType>To=``, ``public/planning_applications/{reference}``, ``.../documents``,
  ``.../comments/public`` and ``.../comments/specialist``. BoPS answers the search with ``{"pagination":
  {resultsPerPage, currentPage, totalPages, totalResults, totalAvailableItems}, "data": [...]}``
  (``engines/bops_api/app/views/bops_api/v2/shared/postsubmissionApplication/_pagination.json.jbuilder``).
- DPR passes an application through untouched when it is already in the post-submission shape
  (``isDprApplication``: it has ``data.application.reference``; ``src/lib/planningApplication/converter.ts``);
  DPR's companion converter (tpximpact/digital-planning-register-tools, ``converters/bops``) turns BoPS's own
  answers into exactly ``PostSubmissionPublishedApplication``. We answer in that shape directly, so no
  converter is needed; the stage/status mapping below follows that converter's (``application.ts``).
- The envelope: DPR's native handlers (``src/handlers/bops/v2/*.ts`` at HEAD, reading
  ``/api/@next/public/applications...`` from the converter) return the backend's JSON as their own
  ``ApiResponse`` (``src/types/types.d.ts``: ``{data, pagination?, status: {code, message}}``), so every answer
  here is that envelope: ``data`` is ``DprSearchApiResponse`` (a list of applications), ``DprShowApiResponse``
  (one), ``DprPublicCommentsApiResponse`` (the schema's ``PublicCommentsRedacted``: ``{comments, summary}``),
  ``DprSpecialistCommentsApiResponse`` (``SpecialistCommentsRedacted``) or ``DprDocumentsApiResponse`` (files,
  here the schema's ``PostSubmissionFileRedacted``); ``pagination`` is BoPS's (above).
- A comment is posted as DPR posts it to BoPS (``DprCommentSubmission``: ``name, address, email?, response,
  summary_tag, tags``) and answered ``{"id", "message"}`` (BoPS ``neighbour_responses/create``).

Personal data: only applications made valid are public (``bops.domain.publication.is_published``). The
applicant's and agent's names, email addresses, phone numbers and addresses are never published. The v0.7.7
published schema still requires ``submission.data.applicant`` with a name, email and phone, so those carry the
fixed placeholder ``REDACTED`` (an email of ``redacted@redacted.invalid``, a reserved domain), as DPR's own
converter does for the same fields (``createApplicant`` in ``src/handlers/bops/converters/planningApplication.ts``).
The submission is whitelisted (as BoPS's ``PublicSubmissionWhitelistingService`` does), not filtered: the
questions and answers (``responses``), the payment reference and the site and maintenance contacts are left
out, and owners named on an ownership certificate carry the placeholder.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from bops.domain.errors import FieldError, InvalidRequest
from bops.domain.publication import is_published
from bops.domain.time import iso
from bops.model import Model
from bops.services.context import Context

REDACTED = "REDACTED"
REDACTED_EMAIL = "redacted@redacted.invalid"
SCHEMA_URL = (
    "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.7/schemas/"
    "postSubmissionPublishedApplication.json"
)
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
#: The published applications a search reads at most (newest first): the register's search filters in memory.
MAX_SCANNED = 2000

# --- our case's state -> ODP stage and status ----------------------------------------------------------------
#: status -> (stage, ODP status). ``in_assessment`` and ``assessment_in_progress`` are in the consultation stage
#: while the consultation runs (``stage_and_status``). Unpublished statuses are listed for completeness: the
#: register never shows them. ``closed`` (the council closed a valid case without a decision) has no ODP status
#: of its own: like a withdrawal, the application ends undecided.
STAGE_STATUS: dict[str, tuple[str, str]] = {
    "pending": ("submission", "undetermined"),
    "not_started": ("validation", "undetermined"),
    "invalidated": ("validation", "undetermined"),
    "returned": ("validation", "returned"),
    "in_assessment": ("assessment", "undetermined"),
    "assessment_in_progress": ("assessment", "undetermined"),
    "awaiting_determination": ("assessment", "undetermined"),
    "to_be_reviewed": ("assessment", "undetermined"),
    "in_committee": ("assessment", "undetermined"),
    "determined": ("assessment", "determined"),
    "withdrawn": ("assessment", "withdrawn"),
    "closed": ("assessment", "withdrawn"),
}
CONSULTATION_STAGE_STATUSES = frozenset({"in_assessment", "assessment_in_progress"})
#: Our decision -> (ODP AssessmentDecision, prior approval required?) (None for types other than prior approval).
DECISIONS: dict[str, tuple[str, bool | None]] = {
    "granted": ("granted", None),
    "refused": ("refused", None),
    "prior_approval_not_required": ("granted", False),
    "prior_approval_granted": ("granted", True),
    "prior_approval_refused": ("refused", True),
}
#: Our consultee stances -> the schema's specialist sentiments.
SPECIALIST_SENTIMENT = {"approved": "approved", "amendments_needed": "amendmentsNeeded", "objected": "objected"}


class Pagination(Model):
    resultsPerPage: int  # noqa: N815 (DPR's field names)
    currentPage: int  # noqa: N815
    totalPages: int  # noqa: N815
    totalResults: int  # noqa: N815
    totalAvailableItems: int  # noqa: N815


class Status(Model):
    """DPR's ``ApiResponse.status``: it returns our answer as its own, so the envelope is DPR's."""

    code: int = 200
    message: str = "OK"


class ApplicationPage(Model):
    """A page of published applications, each a ``PostSubmissionPublishedApplication``."""

    data: list[dict[str, Any]]
    pagination: Pagination
    status: Status = Status()


class ApplicationOne(Model):
    """One published application, as a ``PostSubmissionPublishedApplication``, under ``data`` as DPR reads it."""

    data: dict[str, Any]
    status: Status = Status()


class PublicCommentsPage(Model):
    """``data``: the schema's ``PublicCommentsRedacted`` (the comments of the page, and the summary of all)."""

    data: dict[str, Any]
    pagination: Pagination
    status: Status = Status()


class SpecialistCommentsPage(Model):
    """``data``: the schema's ``SpecialistCommentsRedacted`` (the specialists of the page, the summary of all)."""

    data: dict[str, Any]
    pagination: Pagination
    status: Status = Status()


class DocumentsPage(Model):
    """``data``: the published documents of the page as the schema's ``PostSubmissionFileRedacted``."""

    data: list[dict[str, Any]]
    pagination: Pagination
    decisionNotice: dict[str, str] | None = None  # noqa: N815 (BoPS's name)
    status: Status = Status()


class ApplicationId(Model):
    id: str = Field(description="The application's id for DPR's comment form: its reference")


class DprCommentSubmission(Model):
    """A comment as DPR posts it (``DprCommentSubmission`` in DPR's ``src/types/definitions.d.ts``)."""

    name: str = Field(description="The commenter's name (kept by the council, never published)")
    address: str = Field(
        description="The commenter's address (kept by the council; only its postcode district is shown)"
    )
    email: str | None = Field(None, description="Optional in DPR's form; not kept")
    response: str = Field(description="The comment (1 to 10,000 characters)")
    summary_tag: str = Field(description="supportive, neutral or objection")
    tags: list[str] = Field(description="Topics: design, use, privacy, light, access, noise, traffic, other")


class DprCommentReceived(Model):
    """BoPS's answer to a comment (``neighbour_responses/create.json.jbuilder``): the application's reference."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": "26-00001-HAPP", "message": "Response submitted"}]}
    )

    id: str
    message: str


def stage_and_status(case: dict[str, Any]) -> tuple[str, str]:
    """The ODP ``stage`` and ``status`` of a case (``STAGE_STATUS``)."""
    from bops.services.consultation_tasks import record_of

    stage, status = STAGE_STATUS[case["status"]]
    record = record_of(case)
    if case["status"] in CONSULTATION_STAGE_STATUSES and record and record.status.value == "in_progress":
        stage = "consultation"
    return stage, status


# --- the submission, whitelisted ----------------------------------------------------------------------------
def _codes(value: Any) -> Any:
    """v0.7.7 submissions give code-list entries as ``{value, description}``; the post-submission schema's
    prototype application gives the code alone."""
    if isinstance(value, dict) and set(value) == {"value", "description"} and isinstance(value["value"], str):
        return value["value"]
    if isinstance(value, list):
        return [_codes(v) for v in value]
    if isinstance(value, dict):
        return {k: _codes(v) for k, v in value.items()}
    return value


def _placeholder_contact() -> dict[str, Any]:
    return {"name": {"first": REDACTED, "last": REDACTED}, "email": REDACTED_EMAIL, "phone": {"primary": REDACTED}}


def _placeholder_address() -> dict[str, Any]:
    return {"line1": REDACTED, "town": REDACTED, "postcode": REDACTED}


def _applicant(applicant: dict[str, Any]) -> dict[str, Any]:
    public: dict[str, Any] = _placeholder_contact()
    if applicant.get("type"):
        public["type"] = applicant["type"]
    address = applicant.get("address") or {}
    public["address"] = (
        {"sameAsSiteAddress": True}
        if address.get("sameAsSiteAddress") is True
        else {**_placeholder_address(), "sameAsSiteAddress": False}
    )
    ownership = applicant.get("ownership")
    if isinstance(ownership, dict):
        # the owners' names and addresses are personal data (the certificate, interests and notices are not)
        public["ownership"] = dict(ownership)
        if isinstance(ownership.get("owners"), list):
            public["ownership"]["owners"] = [
                {**o, "name": REDACTED, "address": _placeholder_address()} if isinstance(o, dict) else o
                for o in ownership["owners"]
            ]
    if isinstance(applicant.get("agent"), dict):
        public["agent"] = {**_placeholder_contact(), "address": _placeholder_address()}
    return public


#: What the public submission keeps of each section (the v0.7.7 prototype application's properties common to
#: the types we handle; ``CIL`` only planning permission takes, ``preAssessment`` only LDCs and prior approvals).
PROPERTY_KEYS = frozenset(
    {"address", "boundary", "developmentCorporations", "localAuthorityDistrict", "localPlanningAuthority"}
    | {"planning", "region", "type", "ward"}
)
APPLICATION_KEYS = frozenset({"declaration", "fee", "leadDeveloper", "planningApp", "preApp", "vacantBuildingCredit"})
TREE_PROPOSAL_KEYS = frozenset({"boundary", "description"})
PRE_ASSESSED_PREFIXES = ("ldc.", "pa.")


def _application_data(application: dict[str, Any], application_type: str) -> dict[str, Any]:
    keys = APPLICATION_KEYS | ({"CIL"} if application_type.startswith("pp.") else set())
    public = {k: v for k, v in application.items() if k in keys}
    if isinstance(public.get("fee"), dict):
        public["fee"] = {k: v for k, v in public["fee"].items() if k != "reference"}  # the payment's reference
    if isinstance(public.get("declaration"), dict) and isinstance(public["declaration"].get("connection"), dict):
        # the description of a connection to the council names people; whether there is one is public
        connection = public["declaration"]["connection"]
        public["declaration"] = {**public["declaration"], "connection": {"value": connection.get("value")}}
    return public


def _property(prop: dict[str, Any]) -> dict[str, Any]:
    from bops.odp.post_submission import property_type

    public = {k: v for k, v in _codes(prop).items() if k in PROPERTY_KEYS}
    if isinstance(public.get("type"), str):
        public["type"] = property_type(public["type"])
    return public


def public_submission(submission: dict[str, Any]) -> dict[str, Any]:
    """The stored ODP v0.7.7 submission as the schema's prototype application, whitelisted for the public."""
    data = submission.get("data") or {}
    application = data.get("application") or {}
    application_type = str((application.get("type") or {}).get("value", ""))
    metadata = dict(submission.get("metadata") or {})
    proposal = _codes(data.get("proposal") or {})
    if application_type.startswith("wtt."):
        proposal = {k: v for k, v in proposal.items() if k in TREE_PROPOSAL_KEYS}
    public: dict[str, Any] = {
        "applicationType": application_type,
        "data": {
            "user": {"role": (data.get("user") or {}).get("role", "applicant")},
            "applicant": _applicant(data.get("applicant") or {}),
            "application": _codes(_application_data(application, application_type)),
            "property": _property(data.get("property") or {}),
            "proposal": proposal,
        },
        # the questions and answers hold the applicant's own words and details: not published (nor by BoPS)
        "responses": [],
        # the published documents are the application's ``files``
        "files": [],
        "metadata": _codes(
            {
                k: v
                for k, v in metadata.items()
                if k in ("id", "organisation", "schema", "service", "source", "submittedAt")
            }
        ),
    }
    if application_type.startswith(PRE_ASSESSED_PREFIXES) and submission.get("preAssessment") is not None:
        public["preAssessment"] = submission["preAssessment"]  # {value, description} pairs, as the schema wants
    return public


# --- the application -------------------------------------------------------------------------------------
def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def _datetime(value: str | None) -> str | None:
    """An ISO date-time with an offset (stored ones are UTC with one); a bare date becomes midnight UTC."""
    if not value:
        return None
    return value if "T" in value else f"{value}T00:00:00Z"


def _assessment(case: dict[str, Any]) -> dict[str, Any]:
    expiry = case.get("extended_expiry_date") or case.get("expiry_date") or case.get("target_date")
    assessment: dict[str, Any] = {"expiryDate": _date(expiry) or case["received_on"]}
    decision = case.get("decision") if case["status"] == "determined" else None
    if decision and decision.get("decision") in DECISIONS:
        odp_decision, prior_approval_required = DECISIONS[decision["decision"]]
        by_committee = decision.get("made_by") == "committee"
        assessment["committeeDecision" if by_committee else "planningOfficerDecision"] = odp_decision
        assessment["committeeDecisionDate" if by_committee else "planningOfficerDecisionDate"] = decision.get(
            "determined_on"
        )
        if prior_approval_required is not None:
            assessment["priorApprovalRequired"] = prior_approval_required
        if case.get("decision_notice"):
            assessment["decisionNotice"] = {
                "url": f"/api/v1/public/{case['council']}/applications/{case['reference']}/decision-notice"
            }
    return {k: v for k, v in assessment.items() if v is not None}


def _case_officer(ctx: Context, case: dict[str, Any]) -> dict[str, str]:
    from bops.services.officers import get_officer

    username = case.get("assigned_officer")
    officer = get_officer(ctx, case["council"], username) if username else None
    return {"name": officer.name if officer else ""}


def published_application(ctx: Context, case: dict[str, Any], *, generated_at: str | None = None) -> dict[str, Any]:
    """A published case as a ``PostSubmissionPublishedApplication`` (schema v0.7.7)."""
    from bops.services.consultation_tasks import record_of

    submission = json.loads(ctx.storage.read(case["submission_key"]))
    stage, status = stage_and_status(case)
    validated_at = _datetime(case.get("validated_at") or case.get("valid_from"))
    application: dict[str, Any] = {
        "reference": case["reference"],
        "stage": stage,
        "status": status,
        "publishedAt": validated_at,
    }
    if status == "withdrawn":
        application["withdrawnAt"] = _datetime(case.get("withdrawn_at") or case.get("updated_at"))
        if case.get("withdrawn_reason"):
            application["withdrawnReason"] = case["withdrawn_reason"]
    data: dict[str, Any] = {
        "application": {k: v for k, v in application.items() if v is not None},
        # comments are taken until the application is determined (bops.domain.comments), consultation or not
        "localPlanningAuthority": {"publicCommentsAcceptedUntilDecision": True},
        "submission": {"submittedAt": _datetime(case["received_at"])},
        "validation": {
            "receivedAt": _datetime(case["received_at"]),
            "isValid": True,
            **({"validatedAt": validated_at} if validated_at else {}),
        },
        "assessment": _assessment(case),
        "caseOfficer": _case_officer(ctx, case),
    }
    record = record_of(case)
    if record and record.start_date and record.end_date:
        data["consultation"] = {
            "startDate": record.start_date.isoformat(),
            "endDate": record.end_date.isoformat(),
            "siteNotice": bool(record.site_notice.required),
        }
    now = generated_at or iso(ctx.clock.now())
    public = public_submission(submission)
    return {
        "applicationType": case["application_type"],
        "data": data,
        "submission": public,
        "metadata": {
            "id": case["submission_id"],
            "organisation": str((submission.get("metadata") or {}).get("organisation", ""))[:4],
            "schema": SCHEMA_URL,
            "generatedAt": now,
            "submittedAt": _datetime(case["received_at"]),
        },
    }


# --- search ----------------------------------------------------------------------------------------------
_DATE_FILTERS = {
    "receivedAt": lambda c: c.get("received_on"),
    "validatedAt": lambda c: _date(c.get("valid_from") or c.get("validated_at")),
    "publishedAt": lambda c: _date(c.get("valid_from") or c.get("validated_at")),
    "councilDecisionDate": lambda c: (c.get("decision") or {}).get("determined_on"),
    "decisionDate": lambda c: (c.get("decision") or {}).get("determined_on"),
    "consultationEndDate": lambda c: (c.get("consultation") or {}).get("end_date"),
}
_SORTS = {"receivedAt": "received_at", "councilDecisionDate": "decision"}


def _param(query: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = query.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _int(query: dict[str, Any], names: tuple[str, ...], default: int, low: int, high: int) -> int:
    """The first of ``names`` given; every one given is checked (an alias out of range is not ignored)."""
    chosen = None
    for name in names:
        raw = _param(query, name)
        if raw is None:
            continue
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise InvalidRequest(
                f"{name} must be a whole number from {low} to {high}", fields=[FieldError(name, f"{low}..{high}")]
            )
        chosen = int(raw) if chosen is None else chosen
    return default if chosen is None else chosen


def _list(query: dict[str, Any], name: str) -> set[str]:
    raw = _param(query, name)
    return {v.strip() for v in raw.split(",") if v.strip()} if raw else set()


def _day(query: dict[str, Any], name: str) -> str | None:
    if name in query and not str(query[name]).strip():  # sent, but empty: not a date
        raise InvalidRequest(f"{name} must be a date (YYYY-MM-DD)", fields=[FieldError(name, "YYYY-MM-DD")])
    raw = _param(query, name)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw[:10]).isoformat()
    except ValueError:
        raise InvalidRequest(f"{name} must be a date (YYYY-MM-DD)", fields=[FieldError(name, "YYYY-MM-DD")]) from None


def page(query: dict[str, Any]) -> tuple[int, int]:
    """The page asked for (from 1) and its size: ``page`` and ``resultsPerPage`` (or DPR's older ``maxresults``)."""
    return (
        _int(query, ("page",), 1, 1, 10_000),
        _int(query, ("resultsPerPage", "maxresults"), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    )


def _pagination(total: int, number: int, size: int, available: int) -> Pagination:
    return Pagination(
        resultsPerPage=size,
        currentPage=number,
        totalPages=max(1, math.ceil(total / size)),
        totalResults=total,
        totalAvailableItems=available,
    )


def _published_cases(ctx: Context, council: str) -> list[dict[str, Any]]:
    """The council's published applications, newest first (at most ``MAX_SCANNED`` read)."""
    references: list[str] = []
    cursor = None
    while len(references) < MAX_SCANNED:
        rows, cursor = ctx.repo.cases.list(council, status=None, limit=200, cursor=cursor)
        references += [r["reference"] for r in rows]
        if not cursor:
            break
    return [c for c in ctx.repo.search.cases(council, references) if is_published(c)]


def _matches(case: dict[str, Any], query: dict[str, Any]) -> bool:
    return _matches_text(case, query) and _matches_codes(case, query) and _matches_dates(case, query)


def _matches_text(case: dict[str, Any], query: dict[str, Any]) -> bool:
    from bops.domain.search import normalise_postcode

    words = _param(query, "query", "q")
    if words:
        text = " ".join([case["reference"], case["site"].get("address", ""), case.get("description", "")]).lower()
        if not all(w in text for w in words.lower().split()):
            return False
    reference = _param(query, "reference")
    if reference and reference.upper().replace(" ", "") not in case["reference"]:
        return False
    description = _param(query, "description")
    if description and description.lower() not in case.get("description", "").lower():
        return False
    postcode = _param(query, "postcode")
    return not postcode or normalise_postcode(postcode) == normalise_postcode(case["site"].get("postcode") or "")


def _matches_codes(case: dict[str, Any], query: dict[str, Any]) -> bool:
    types = _list(query, "applicationType")
    if types and case["application_type"] not in types:
        return False
    statuses = _list(query, "applicationStatus")
    # the ODP status (undetermined, determined, withdrawn) or ours (in_assessment, ...)
    if statuses and not statuses & {STAGE_STATUS[case["status"]][1], case["status"]}:
        return False
    decisions = _list(query, "councilDecision")
    if decisions:
        decision = (case.get("decision") or {}).get("decision") if case["status"] == "determined" else None
        if decision not in DECISIONS or DECISIONS[decision][0] not in decisions:
            return False
    return True


def _matches_dates(case: dict[str, Any], query: dict[str, Any]) -> bool:
    for name, value_of in _DATE_FILTERS.items():
        low, high = _day(query, f"{name}From"), _day(query, f"{name}To")
        if low or high:
            value = value_of(case)
            value = value[:10] if isinstance(value, str) else None
            if not value or (low and value < low) or (high and value > high):
                return False
    return True


def search(ctx: Context, council: str, query: dict[str, Any]) -> ApplicationPage:
    """Published applications matching DPR's filters, a page at a time, each in the published ODP shape."""
    number, size = page(query)
    sort_by = _param(query, "sortBy") or "receivedAt"
    order = _param(query, "orderBy") or "desc"
    if sort_by not in _SORTS:
        raise InvalidRequest(
            "sortBy must be receivedAt or councilDecisionDate",
            fields=[FieldError("sortBy", "receivedAt or councilDecisionDate")],
        )
    if order not in ("asc", "desc"):
        raise InvalidRequest("orderBy must be asc or desc", fields=[FieldError("orderBy", "asc or desc")])
    for name in _DATE_FILTERS:  # a bad date is a 422 whether or not anything is published
        _day(query, f"{name}From"), _day(query, f"{name}To")
    published = _published_cases(ctx, council) if council.replace("-", "").isalnum() else []
    found = [c for c in published if _matches(c, query)]

    def key(case: dict[str, Any]) -> tuple[str, str]:
        if sort_by == "councilDecisionDate":
            return ((case.get("decision") or {}).get("determined_on") or "", case["reference"])
        return (case["received_at"], case["reference"])

    found.sort(key=key, reverse=order == "desc")
    shown = found[(number - 1) * size : number * size]
    generated_at = iso(ctx.clock.now())
    return ApplicationPage(
        pagination=_pagination(len(found), number, size, len(published)),
        data=[published_application(ctx, c, generated_at=generated_at) for c in shown],
    )


def show(ctx: Context, council: str, reference: str) -> ApplicationOne:
    from bops.services.consultation import published_case

    return ApplicationOne(data=published_application(ctx, published_case(ctx, council, reference)))


def application_id(ctx: Context, council: str, reference: str) -> ApplicationId:
    """What DPR's comment form asks first (BoPS's private ``planning_applications/{reference}``): the id it then
    posts the comment under. Ours is the reference; only a published application has one here."""
    from bops.services.consultation import published_case

    return ApplicationId(id=published_case(ctx, council, reference)["reference"])


# --- documents -----------------------------------------------------------------------------------------------
def documents(ctx: Context, council: str, reference: str, query: dict[str, Any]) -> DocumentsPage:
    """The documents the council published with the application, as ``PostSubmissionFileRedacted``."""
    from bops.odp.post_submission import file_types
    from bops.services.consultation import published_case
    from bops.services.documents import public_documents

    case = published_case(ctx, council, reference)
    number, size = page(query)
    listed = public_documents(ctx, council, reference)
    shown = listed[(number - 1) * size : number * size]
    base = f"/api/v1/public/{council}/applications/{reference}/documents"
    files = [
        {
            # the schema wants a number: the document's place in the published list, from 1
            "id": (number - 1) * size + index + 1,
            "name": d.file_name,
            "association": "application",
            "type": file_types(d.tags),
            "redactedUrl": f"{base}/{d.id}",
            "metadata": {
                "size": {"bytes": d.size},
                "mimeType": _mime(d.file_name),
                "createdAt": _datetime(d.received_on),
                "submittedAt": _datetime(d.received_on),
                "publishedAt": _datetime(d.received_on),
            },
        }
        for index, d in enumerate(shown)
    ]
    notice = None
    if case["status"] == "determined" and case.get("decision_notice"):
        notice = {
            "name": f"decision-notice-{reference}.pdf",
            "url": f"/api/v1/public/{council}/applications/{reference}/decision-notice",
        }
    return DocumentsPage(
        data=files, pagination=_pagination(len(listed), number, size, len(listed)), decisionNotice=notice
    )


def _mime(file_name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


# --- comments ------------------------------------------------------------------------------------------------
def public_comments(ctx: Context, council: str, reference: str, query: dict[str, Any]) -> PublicCommentsPage:
    """The comments the council redacted and published, as ``PublicCommentRedacted``: the redacted text, the
    sentiment and dates. The commenter's name is not published (the schema's ``author.name`` carries
    ``REDACTED``)."""
    from bops.domain import comments as comment_rules
    from bops.services.consultation import published_case

    published_case(ctx, council, reference)
    number, size = page(query)
    stored = ctx.repo.consultation.comments(council, reference)
    published = [c for c in stored if c.redaction is not None]
    sentiments = _list(query, "sentiment")
    chosen = [c for c in published if not sentiments or c.stance.value in sentiments]
    chosen.sort(key=lambda c: (c.received_at, c.id), reverse=(_param(query, "orderBy") or "desc") == "desc")
    counts = comment_rules.summary(published)
    comments = [
        {
            "id": c.id,
            "sentiment": c.stance.value,
            "commentRedacted": c.redaction.text if c.redaction else "",
            "author": {"name": {"singleLine": REDACTED}},
            "metadata": {
                "submittedAt": _datetime(iso(c.received_at)),
                "publishedAt": _datetime(iso(c.redaction.at)) if c.redaction else None,
            },
        }
        for c in chosen[(number - 1) * size : number * size]
    ]
    summary = {
        "totalComments": len(published),
        "sentiment": {"supportive": counts.supportive, "objection": counts.objection, "neutral": counts.neutral},
    }
    return PublicCommentsPage(
        data={"comments": comments, "summary": summary},
        pagination=_pagination(len(chosen), number, size, len(published)),
    )


def specialist_comments(ctx: Context, council: str, reference: str, query: dict[str, Any]) -> SpecialistCommentsPage:
    """The consultees' responses, grouped by consultee (``SpecialistRedacted``), named by their organisation
    (never the person who answered). The response text is published as the consultee sent it: consultees
    answer as public bodies, and there is no redaction step for their responses yet."""
    from bops.services.consultation import published_case

    published_case(ctx, council, reference)
    number, size = page(query)
    specialists = []
    counts = {"approved": 0, "amendmentsNeeded": 0, "objected": 0}
    consulted = 0
    for consultee in ctx.repo.consultation.consultees(council, reference):
        if consultee.history:
            consulted += 1
        responses = [r for r in [*consultee.previous_responses, consultee.response] if r]
        if not responses:
            continue
        latest = SPECIALIST_SENTIMENT.get(str(responses[-1].get("stance")))
        if latest:
            counts[latest] += 1
        first = next((h.get("at") for h in consultee.history if h.get("at")), None)
        specialists.append(
            {
                "id": consultee.id,
                "name": {"singleLine": consultee.organisation},
                "organisationSpecialism": consultee.organisation,
                **({"firstConsultedAt": _datetime(first)} if first else {}),
                "comments": [
                    {
                        "id": f"{consultee.id}-{index + 1}",
                        "sentiment": SPECIALIST_SENTIMENT.get(str(r.get("stance")), "approved"),
                        "commentRedacted": str(r.get("text", "")),
                        "metadata": {"submittedAt": _datetime(r.get("at")), "publishedAt": _datetime(r.get("at"))},
                    }
                    for index, r in reversed(list(enumerate(responses)))
                ],
            }
        )
    shown = specialists[(number - 1) * size : number * size]
    return SpecialistCommentsPage(
        pagination=_pagination(len(specialists), number, size, len(specialists)),
        data={
            "summary": {"totalComments": sum(counts.values()), "totalConsulted": consulted, "sentiment": counts},
            "comments": shown,
        },
    )


# --- a comment, as DPR posts it --------------------------------------------------------------------------------
#: DPR's comment (``DprCommentSubmission``) -> ours (``bops.domain.comments.CommentSubmission``).
DPR_COMMENT_FIELDS = {
    "name": "name",
    "address": "address",
    "response": "text",
    "summary_tag": "stance",
    "tags": "topics",
}


def comment(ctx: Context, council: str, reference: str, payload: dict[str, Any], source: str) -> DprCommentReceived:
    """A comment in DPR's shape, through the public register's comment path (``services.consultation.comment``:
    the same rate limit, size limits, checks and redaction). ``email`` (optional in DPR's form) is not kept."""
    from bops.services.consultation import comment as receive

    unknown = sorted(set(payload) - set(DPR_COMMENT_FIELDS) - {"email"})
    if unknown:
        raise InvalidRequest(
            "The comment has fields DPR does not send", fields=[FieldError(f, "is not allowed") for f in unknown]
        )
    ours = {DPR_COMMENT_FIELDS[k]: v for k, v in payload.items() if k in DPR_COMMENT_FIELDS}
    try:
        receive(ctx, council, reference, ours, source)
    except InvalidRequest as error:
        theirs = {v: k for k, v in DPR_COMMENT_FIELDS.items()}
        fields = []
        for f in error.fields:
            head, sep, rest = f.path.partition("[")
            fields.append(FieldError(theirs.get(head, head) + sep + rest, f.message))
        raise InvalidRequest(error.message, fields=fields) from None
    return DprCommentReceived(id=reference, message="Response submitted")
