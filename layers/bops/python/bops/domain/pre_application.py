"""Pre-application advice: a case of its own (reference suffix ``PRE``), its lifecycle, the council's
service (fee bands, service level, second-officer review) and the advice report (HTML and PDF).

Pre-application advice is a discretionary service: a local planning authority may charge for it under
section 93 of the Local Government Act 2003 (charges for discretionary services, at no more than cost), so
fee bands are set locally, as data, by each council. Nothing in statute fixes a period for it; the target
date is the council's published service level in working days (default 30), counted with the same
working-day calendar as statutory periods (``bops.domain.calendar``).

Advice given before an application does not bind the council: a decision is taken on the application as
made, in accordance with the development plan unless material considerations indicate otherwise (section
38(6) of the Planning and Compulsory Purchase Act 2004, section 70(2) of the Town and Country Planning Act
1990). The report says so in ``NON_BINDING_STATEMENT``.

Lifecycle: submitted -> assigned -> in_progress -> advice_issued; withdrawn (by the requester) or closed
(by the council, e.g. fee not paid) from any open state. The report's own state (draft -> awaiting_review
-> agreed, or returned to the officer with a comment) moves within ``in_progress``.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, time
from typing import Literal

from pydantic import Field, model_validator

from bops.domain import calendar
from bops.domain.application import Site
from bops.domain.decision_notice import format_date, latin1
from bops.domain.errors import Conflict, FieldError, InvalidRequest
from bops.model import Model

SUFFIX = "PRE"
KIND = "pre_application"

Status = Literal["submitted", "assigned", "in_progress", "advice_issued", "withdrawn", "closed"]
ReportState = Literal["draft", "awaiting_review", "returned", "agreed"]
OPEN_STATUSES: tuple[str, ...] = ("submitted", "assigned", "in_progress")
FINAL_STATUSES: tuple[str, ...] = ("advice_issued", "withdrawn", "closed")
STATUS_NAMES = {
    "submitted": "Submitted",
    "assigned": "Assigned",
    "in_progress": "In progress",
    "advice_issued": "Advice issued",
    "withdrawn": "Withdrawn",
    "closed": "Closed",
}

DEFAULT_SERVICE_LEVEL_DAYS = 30
MAX_SERVICE_LEVEL_DAYS = 260  # a working year: anything longer is a typing mistake

NON_BINDING_STATEMENT = (
    "This advice is given in good faith by an officer of the council on the information provided. It is not "
    "a formal decision and does not bind the council. Any application will be decided on its own merits, on "
    "the plans and information then submitted, after consultation and in accordance with the development "
    "plan unless material considerations indicate otherwise (section 38(6) of the Planning and Compulsory "
    "Purchase Act 2004; section 70(2) of the Town and Country Planning Act 1990). Policies and circumstances "
    "may change after this advice is given."
)


# --- the council's service ---------------------------------------------------------------------------------
class FeeBand(Model):
    """One of the council's pre-application charges (set locally: Local Government Act 2003 s.93)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", description="Stable id, e.g. 'householder'")
    name: str = Field(min_length=1, max_length=100, description="As the council's price list names it")
    description: str = Field("", max_length=500)
    amount: float = Field(ge=0, le=1_000_000, description="The charge in pounds, VAT included")
    meeting_included: bool = Field(False, description="A meeting or site visit is part of the service")


DEFAULT_FEE_BANDS: tuple[FeeBand, ...] = (
    FeeBand(id="householder", name="Householder", description="Extensions and alterations to a house", amount=360),
    FeeBand(
        id="householder-meeting",
        name="Householder with a meeting",
        description="As householder, with a meeting or site visit",
        amount=540,
        meeting_included=True,
    ),
    FeeBand(id="minor", name="Minor development", description="1 to 9 homes, or under 1,000 m2", amount=1200),
    FeeBand(
        id="major",
        name="Major development",
        description="10 homes or more, or 1,000 m2 or more",
        amount=3600,
        meeting_included=True,
    ),
)


class PreApplicationSettings(Model):
    """How a council runs its pre-application service (its administrators edit it)."""

    model_config = {"json_schema_extra": {"examples": [{
        "service_level_days": 30,
        "review_required": True,
        "fee_bands": [{"id": "householder", "name": "Householder", "description": "", "amount": 360,
                       "meeting_included": False}],
    }]}}  # fmt: skip

    service_level_days: int = Field(
        DEFAULT_SERVICE_LEVEL_DAYS, ge=1, le=MAX_SERVICE_LEVEL_DAYS, description="Working days to the target date"
    )
    review_required: bool = Field(False, description="A second officer reviews each report before it is issued")
    fee_bands: list[FeeBand] = Field(default_factory=lambda: list(DEFAULT_FEE_BANDS), max_length=30)

    @model_validator(mode="after")
    def _unique_bands(self) -> PreApplicationSettings:
        seen: set[str] = set()
        for index, band in enumerate(self.fee_bands):
            if band.id in seen:
                raise InvalidRequest(
                    "Two fee bands have the same id", fields=[FieldError(f"fee_bands[{index}].id", "is used twice")]
                )
            seen.add(band.id)
        return self


def target_date(received_on: date, service_level_days: int) -> date:
    """The day advice is due: ``service_level_days`` working days after the day the request was received
    (that day not counted; weekends and English bank holidays skipped, ``calendar.add_business_days``)."""
    return calendar.add_business_days(received_on, service_level_days)


# --- the case ------------------------------------------------------------------------------------------------
class Requester(Model):
    """Who asked for the advice (the applicant, or the agent acting for them). Never public: a
    pre-application is confidential and is on no register."""

    name: str = Field("", max_length=300)
    email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=100)
    company: str | None = Field(None, max_length=300)


class Meeting(Model):
    """A meeting or site visit with the requester: booked, then recorded as held (or cancelled)."""

    id: str
    kind: Literal["meeting", "site_visit"]
    at: str = Field(description="When it is booked for (ISO 8601 date-time)")
    location: str = Field("", max_length=500)
    status: Literal["booked", "held", "cancelled"] = "booked"
    notes: str = Field("", max_length=10_000)
    booked_by: str
    recorded_by: str | None = None


class ConstraintLine(Model):
    name: str
    description: str | None = None
    source: str


class HistoryLine(Model):
    reference: str
    description: str = ""
    decision: str | None = None
    decision_date: str | None = None


class PolicyLine(Model):
    reference: str
    title: str
    plan: str


class AdviceReport(Model):
    """The advice report as the officer writes it, with what the council's data supplies (constraints, site
    history, policies). ``state`` follows the second officer's review."""

    summary: str = Field("", max_length=20_000)
    requirements: list[str] = Field(default_factory=list, max_length=50)
    constraints: list[ConstraintLine] = Field(default_factory=list)
    site_history: list[HistoryLine] = Field(default_factory=list)
    policies: list[PolicyLine] = Field(default_factory=list)
    state: ReportState = "draft"
    written_by: str | None = None
    reviewed_by: str | None = None
    review_comment: str | None = None
    html_key: str | None = None
    pdf_key: str | None = None
    issued_on: str | None = None


class PreApplication(Model):
    """A pre-application advice case, as stored (``version`` guards every change: 409 on a lost update)."""

    council: str
    reference: str
    status: Status
    received_at: str
    received_on: str
    target_date: str
    service_level_days: int
    review_required: bool
    site: Site
    description: str
    requester: Requester
    agent: Requester | None = None
    fee_payable: float | None = None
    fee_calculated: float | None = None
    fee_band: FeeBand | None = None
    designations: list[dict[str, object]] = Field(default_factory=list)
    assigned_officer: str | None = None
    meetings: list[Meeting] = Field(default_factory=list)
    report: AdviceReport | None = None
    overdue: bool = False
    submission_id: str
    submission_key: str
    awaiting: str | None = None
    task_token: str | None = None
    version: int = 1
    created_at: str
    updated_at: str


def require_status(reference: str, status: str, allowed: tuple[str, ...], doing: str) -> None:
    """Refuses (409) an action the case's status does not allow."""
    if status not in allowed:
        names = " or ".join(STATUS_NAMES[s].lower() for s in allowed)
        raise Conflict(f"Pre-application {reference} is {STATUS_NAMES.get(status, status).lower()}: "
                       f"{doing} needs it {names}")  # fmt: skip


# --- the report, rendered ------------------------------------------------------------------------------------
class ReportDocument(Model):
    """Everything the rendered report shows (no personal data of the requester beyond their name)."""

    council_name: str
    reference: str
    site_address: str
    description: str
    requester_name: str
    received_on: date
    issued_on: date
    officer: str
    reviewer: str | None = None
    report: AdviceReport


def _sections(doc: ReportDocument) -> list[tuple[str, list[str], list[str]]]:
    """(heading, paragraphs, list items) of each section, shared by the HTML and the PDF."""
    r = doc.report
    return [
        ("Summary of advice", [p for p in r.summary.split("\n\n") if p.strip()] or ["No advice recorded."], []),
        (
            "Constraints on the site",
            [] if r.constraints else ["No planning constraints were found on the site."],
            [f"{c.name}{' - ' + c.description if c.description else ''}" for c in r.constraints],
        ),
        (
            "Planning history of the site",
            [] if r.site_history else ["No earlier applications were found at the site."],
            [
                f"{h.reference}: {h.description}"
                + (f" ({h.decision}{', ' + h.decision_date if h.decision_date else ''})" if h.decision else "")
                for h in r.site_history
            ],
        ),
        (
            "Relevant policies",
            [] if r.policies else ["No policies were identified."],
            [f"{p.reference} {p.title} ({p.plan})" for p in r.policies],
        ),
        (
            "What an application would need to include",
            [] if r.requirements else ["The national and local validation requirements for its type."],
            list(r.requirements),
        ),
        ("This advice does not bind the council", [NON_BINDING_STATEMENT], []),
    ]


def _facts(doc: ReportDocument) -> list[tuple[str, str]]:
    facts = [
        ("Reference", doc.reference),
        ("Site", doc.site_address),
        ("Proposal", doc.description),
        ("Requested by", doc.requester_name or "-"),
        ("Received", format_date(doc.received_on)),
        ("Advice issued", format_date(doc.issued_on)),
        ("Officer", doc.officer),
    ]
    if doc.reviewer:
        facts.append(("Reviewed by", doc.reviewer))
    return facts


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def render_html(doc: ReportDocument) -> str:
    """The report as a standalone HTML5 document: no scripts, no external resources."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>Pre-application advice {_e(doc.reference)}</title>",
        "<style>body{font-family:Arial,sans-serif;max-width:46em;margin:2em auto;line-height:1.5}"
        "dt{font-weight:bold}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<p>{_e(doc.council_name)}</p>",
        "<h1>Pre-application advice</h1>",
        "<dl>",
    ]
    for label, value in _facts(doc):
        out.append(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>")
    out.append("</dl>")
    for number, (heading, paragraphs, items) in enumerate(_sections(doc), start=1):
        out.append(f'<section aria-labelledby="s{number}"><h2 id="s{number}">{_e(heading)}</h2>')
        out.extend(f"<p>{_e(p)}</p>" for p in paragraphs)
        if items:
            out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out)


_MARGIN = 20
_LINE = 5.2


def render_pdf(doc: ReportDocument, *, compress: bool = True) -> bytes:
    """The report as an A4 PDF in the core Helvetica font (characters outside latin-1 replaced, never
    fatal). ``compress=False`` leaves the text readable for tests. fpdf2 is imported here (cold starts)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(True, margin=_MARGIN)
    pdf.set_title(latin1(f"Pre-application advice {doc.reference}"))
    pdf.set_author(latin1(doc.council_name))
    pdf.set_creator("BoPS")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(datetime.combine(doc.issued_on, time(), tzinfo=UTC))
    pdf.add_page()

    def line(text: str, style: str = "", size: float = 10.5, gap: float = 2) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, _LINE, latin1(text), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(gap)

    line(doc.council_name, "B", 16, 1)
    line("Pre-application advice", "B", 14, 4)
    for label, value in _facts(doc):
        line(f"{label}: {value}", gap=0.5)
    for heading, paragraphs, items in _sections(doc):
        pdf.ln(3)
        line(heading, "B", 12.5, 1)
        for paragraph in paragraphs:
            line(paragraph)
        for item in items:
            line(f"-  {item}", gap=1)
    return bytes(pdf.output())
