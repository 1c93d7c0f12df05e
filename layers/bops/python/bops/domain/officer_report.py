"""The officer report (the delegated report): what the case officer found and recommends, drafted from the
assessment tasks for the officer to edit, then rendered as HTML and PDF when the case is determined. Pure.

The draft is plain text in sections: a line ``# Heading`` opens a section, blank lines separate
paragraphs, a line starting ``- `` is an item of a list. The officer edits that text on the recommendation
page; ``render_html`` and ``render_pdf`` read it back in the same shape, so what the officer wrote is what
the public register shows. The data each task holds follows the assessment's contracts
(``bops.services.assessment_tasks``); a task not saved is left out.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from bops.domain.decision_notice import format_date, latin1

_SUMMARY_HEADINGS = (
    ("site_and_surroundings", "Site and surroundings"),
    ("proposal", "The proposal"),
    ("neighbour_responses", "Neighbour responses"),
    ("consultee_responses", "Consultee responses"),
    ("design", "Design, character and appearance"),
    ("amenity", "Residential amenity"),
)
_ASSESSMENTS = {
    "complies": "complies",
    "does_not_comply": "does not comply",
    "needs_more_information": "needs more information",
}


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _items(rows: Iterable[str]) -> list[str]:
    return [f"- {row}" for row in rows if row]


def _section(heading: str, *parts: str | list[str]) -> str:
    lines = [f"# {heading}"]
    for part in parts:
        if isinstance(part, list):
            if part:
                lines.append("")
                lines.extend(part)
        elif part:
            lines.extend(["", part])
    return "\n".join(lines)


def _constraints(data: Mapping[str, Any]) -> str | None:
    kept = [c for c in data.get("constraints") or [] if c.get("status") != "removed"]
    rows = [
        f"{c.get('name') or c.get('dataset')}"
        + (f" ({c['reference']})" if c.get("reference") else "")
        + (f" - source: {c['source']}" if c.get("source") else "")
        for c in kept
    ]
    if not rows and not _text(data.get("notes")):
        return _section("Constraints", "The site is subject to no planning constraints.")
    return _section("Constraints", _items(rows) or "None found.", _text(data.get("notes")))


def _site_history(data: Mapping[str, Any]) -> str | None:
    entries = [e for e in data.get("entries") or [] if e.get("relevant", True)]
    rows = [
        " ".join(
            part
            for part in (
                _text(e.get("reference")),
                _text(e.get("description")),
                f"- {e['decision']}" if e.get("decision") else "",
                f"({e['decision_date']})" if e.get("decision_date") else "",
            )
            if part
        )
        + (f". {e['comment']}" if e.get("comment") else "")
        for e in entries
    ]
    return _section("Site history", _items(rows) or "No relevant planning history.", _text(data.get("summary")))


def _site_visits(data: Mapping[str, Any]) -> str | None:
    visits = data.get("visits") or []
    if not visits:
        return None
    rows = [
        f"{'Meeting' if v.get('kind') == 'meeting' else 'Site visit'} on {v.get('on', '')}"
        + (f" by {v['by']}" if v.get("by") else "")
        + (f": {v['notes']}" if v.get("notes") else "")
        for v in visits
    ]
    return _section("Site visits and meetings", _items(rows))


def _policies(data: Mapping[str, Any]) -> str | None:
    considerations = data.get("considerations") or []
    if not considerations:
        return None
    rows = [
        f"{c.get('reference', '')} {c.get('title', '')}".strip()
        + f": {_ASSESSMENTS.get(c.get('assessment', ''), c.get('assessment', ''))}"
        + (f". {c['comment']}" if c.get("comment") else "")
        for c in considerations
    ]
    return _section("Policy considerations", _items(rows))


def _conditions(data: Mapping[str, Any]) -> str | None:
    conditions = data.get("conditions") or []
    rows = [
        f"{c.get('title') or 'Condition'}: {c.get('text', '')}" + (f" Reason: {c['reason']}" if c.get("reason") else "")
        for c in conditions
    ]
    parts: list[str | list[str]] = [_items(rows) or "No conditions."]
    if data.get("informatives"):
        parts += ["Informatives:", _items(_text(i) for i in data["informatives"])]
    if data.get("heads_of_terms"):
        parts += ["Heads of terms (planning obligations):", _items(_text(h) for h in data["heads_of_terms"])]
    return _section("Conditions and informatives", *parts)


def _cil(data: Mapping[str, Any]) -> str | None:
    liable = data.get("liable")
    if liable is None and not _text(data.get("notes")):
        return None
    if liable is True:
        status = "The development is liable for the Community Infrastructure Levy."
    elif liable is False:
        status = "The development is not liable for the Community Infrastructure Levy."
    else:
        status = "CIL liability is to be confirmed."
    details = []
    if data.get("new_floorspace_sqm") is not None:
        details.append(f"New floorspace: {data['new_floorspace_sqm']} m2.")
    if data.get("exemption"):
        details.append(f"Exemption: {data['exemption']}.")
    return _section("Community Infrastructure Levy", " ".join([status, *details]), _text(data.get("notes")))


def _eia(data: Mapping[str, Any]) -> str | None:
    schedule = data.get("schedule")
    if schedule is None:
        return None
    found = {
        "none": "The development is not Schedule 1 or Schedule 2 development",
        "schedule_1": "The development is Schedule 1 development",
        "schedule_2": "The development is Schedule 2 development"
        + (f" ({data['category']})" if data.get("category") else ""),
    }.get(schedule, "EIA screening")
    verdict = (
        "an environmental impact assessment is required."
        if data.get("eia_required")
        else "an environmental impact assessment is not required."
    )
    return _section(
        "Environmental impact assessment screening",
        f"{found} (Town and Country Planning (Environmental Impact Assessment) Regulations 2017): {verdict}",
        _text(data.get("notes")),
    )


def _pd_rights(data: Mapping[str, Any]) -> str | None:
    if not data.get("remove"):
        return None
    classes = ", ".join(data.get("classes") or [])
    return _section(
        "Permitted development rights",
        f"Permitted development rights are removed ({classes or 'classes to be listed'}).",
        _text(data.get("reason")),
    )


def _plans(data: Mapping[str, Any]) -> str | None:
    plans = data.get("plans") or []
    if not plans:
        return None
    rows = [f"{p.get('drawing_number', '')} {p.get('title', '')}".strip() for p in plans]
    return _section("Approved plans", _items(rows))


def draft(case: Mapping[str, Any], tasks: Mapping[str, Mapping[str, Any]]) -> str:
    """The officer report drafted from the case and its saved tasks' data (by task name)."""
    site = case.get("site") or {}
    sections = [
        _section(
            "The application",
            _items(
                [
                    f"Reference: {case.get('reference', '')}",
                    f"Site address: {site.get('address', '')}",
                    f"Proposal: {case.get('description', '')}",
                    f"Application type: {case.get('application_type_name', '')}",
                ]
            ),
        )
    ]
    summaries = tasks.get("summaries") or {}
    builders = (
        ("constraints", _constraints),
        ("site_history", _site_history),
        ("site_visit", _site_visits),
    )
    for name, build in builders:
        if name in tasks:
            built = build(tasks[name])
            if built:
                sections.append(built)
    for key, heading in _SUMMARY_HEADINGS:
        if _text(summaries.get(key)):
            sections.append(_section(heading, _text(summaries[key])))
    for name, build in (
        ("policies", _policies),
        ("conditions", _conditions),
        ("cil", _cil),
        ("eia", _eia),
        ("permitted_development_rights", _pd_rights),
        ("approved_plans", _plans),
    ):
        if name in tasks:
            built = build(tasks[name])
            if built:
                sections.append(built)
    notes = [(name, data) for name, data in tasks.items() if set(data) == {"notes"} and _text(data.get("notes"))]
    for name, data in notes:
        sections.append(_section(name.replace("_", " ").capitalize(), _text(data["notes"])))
    return "\n\n".join(sections) + "\n"


def with_conclusion(text: str, summary: str | None) -> str:
    """The report as published: the officer's text, then their conclusion (the recommendation's summary)
    under its own heading unless the text already gives it word for word."""
    conclusion = _text(summary)
    if not conclusion or conclusion in text:
        return text
    return text.rstrip("\n") + "\n\n" + _section("Conclusion", conclusion) + "\n"


# --- the report as determined ------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerReport:
    """The report as published with the decision."""

    council_name: str
    reference: str
    site_address: str
    description: str
    text: str
    officer: str
    recommendation: str
    decided_on: date
    decision: str
    reviewer: str | None = None
    conditions_or_reasons: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Block:
    kind: str  # "heading", "paragraph" or "list"
    lines: tuple[str, ...]


def blocks(text: str) -> list[_Block]:
    """The report's text read back as headings, paragraphs and lists."""
    out: list[_Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(_Block("paragraph", (" ".join(paragraph),)))
            paragraph.clear()
        if items:
            out.append(_Block("list", tuple(items)))
            items.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("# "):
            flush()
            out.append(_Block("heading", (line[2:].strip(),)))
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return out


def _facts(report: OfficerReport) -> list[tuple[str, str]]:
    facts = [
        ("Reference", report.reference),
        ("Site address", report.site_address),
        ("Proposal", report.description),
        ("Case officer", report.officer),
        ("Recommendation", report.recommendation),
    ]
    if report.reviewer:
        facts.append(("Agreed by", report.reviewer))
    facts.append(("Decision", f"{report.decision} on {format_date(report.decided_on)}"))
    return facts


def render_html(report: OfficerReport) -> str:
    """The report as a standalone HTML5 document: no scripts, no external resources."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>Officer report {e(report.reference)} - {e(report.council_name)}</title>",
        "<style>html{font-family:Arial,Helvetica,sans-serif;line-height:1.45;color:#0b0c0c}"
        "body{margin:0 auto;padding:1.5rem;max-width:46rem}dl{display:grid;grid-template-columns:12rem 1fr;"
        "gap:.25rem 1rem}dt{font-weight:700}dd{margin:0}p,li,dd{white-space:pre-line;overflow-wrap:anywhere}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<p><strong>{e(report.council_name)}</strong></p>",
        "<h1>Officer report (delegated decision)</h1>",
        "<dl>",
        *(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in _facts(report)),
        "</dl>",
    ]
    for block in blocks(report.text):
        if block.kind == "heading":
            out.append(f"<h2>{e(block.lines[0])}</h2>")
        elif block.kind == "list":
            out.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in block.lines) + "</ul>")
        else:
            out.append(f"<p>{e(block.lines[0])}</p>")
    out.extend(["</main>", "</body>", "</html>", ""])
    return "\n".join(out)


def render_pdf(report: OfficerReport, *, compress: bool = True) -> bytes:
    """The report as an A4 PDF (core Helvetica; characters outside latin-1 replaced, never fatal)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(f"Officer report {report.reference}")
    pdf.set_author(latin1(report.council_name))
    pdf.set_creator("BoPS")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(datetime.combine(report.decided_on, time(), tzinfo=UTC))
    pdf.add_page()

    def write(text: str, *, style: str = "", size: float = 10.5, gap: float = 1.5, indent: str = "") -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, 5.2, latin1(indent + text), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(gap)

    write(report.council_name, style="B", size=14)
    write("Officer report (delegated decision)", style="B", size=13, gap=3)
    for label, value in _facts(report):
        write(f"{label}: {value}", gap=0.5)
    for block in blocks(report.text):
        if block.kind == "heading":
            pdf.ln(2)
            write(block.lines[0], style="B", size=12)
        elif block.kind == "list":
            for item in block.lines:
                write(item, indent="- ", gap=0.5)
            pdf.ln(1)
        else:
            write(block.lines[0])
    return bytes(pdf.output())
