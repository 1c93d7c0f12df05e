"""Sample plan drawings for the demo householder applications: small, real PDFs made at seed time.

A location plan, a site plan, proposed elevations and proposed floor plans, each an A3 sheet with simple
line work and a title block carrying its drawing number, so a newcomer sees an application's plans (and
opens them in the browser) as soon as ``make run`` is up. Drawn with fpdf2 (already a dependency of the
decision notice); nothing here is served as is: the files are uploaded through the normal upload path,
so they are checked, scanned and recorded like any applicant's file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class SamplePlan:
    file_name: str
    drawing_number: str
    title: str
    tags: tuple[str, ...]
    scale: str
    draw: Callable[[Any], None]


def _location(pdf: Any) -> None:
    """Streets around the site, the site edged red (the red line boundary)."""
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.4)
    for y in (60, 150):
        pdf.line(20, y, 300, y)
    for x in (90, 210):
        pdf.line(x, 30, x, 240)
    pdf.set_line_width(0.2)
    for row, top in enumerate((70, 160)):
        for column in range(9):
            x = 25 + column * 30
            if 80 < x < 100 or 200 < x < 220:
                continue
            pdf.rect(x, top, 22, 28 + 8 * row)
    pdf.set_draw_color(200, 0, 0)
    pdf.set_line_width(1.0)
    pdf.rect(145, 70, 22, 36)
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(60, 60, 60)
    pdf.text(30, 57, "STANSFIELD ROAD")
    pdf.text(30, 147, "ALBERT TERRACE")
    pdf.text(140, 115, "Site edged red")


def _site(pdf: Any) -> None:
    """The plot: the house, the proposed rear extension hatched, the garden and the boundaries."""
    pdf.set_draw_color(200, 0, 0)
    pdf.set_line_width(0.8)
    pdf.rect(90, 40, 120, 190)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.5)
    pdf.rect(105, 55, 90, 60)  # the house
    pdf.rect(115, 115, 60, 30)  # the extension
    pdf.set_line_width(0.2)
    for x in range(115, 175, 6):  # hatched: the new build
        end = min(x + 30, 175)
        pdf.line(x, 145, end, 145 - (end - x))
    pdf.set_font("Helvetica", size=9)
    pdf.text(135, 85, "Existing house")
    pdf.text(120, 152, "Proposed single storey rear extension")
    pdf.text(125, 190, "Rear garden")
    pdf.text(125, 50, "Front garden")


def _elevations(pdf: Any) -> None:
    """Front and rear elevations: walls, pitched roof, windows and doors."""
    for left, label in ((40, "Rear elevation (proposed)"), (180, "Side elevation (proposed)")):
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.5)
        pdf.rect(left, 110, 100, 90)
        pdf.line(left, 110, left + 50, 60)
        pdf.line(left + 50, 60, left + 100, 110)
        pdf.set_line_width(0.3)
        for x in (left + 12, left + 62):
            pdf.rect(x, 125, 26, 22)
            pdf.rect(x, 160, 26, 22)
        pdf.rect(left + 40, 160, 20, 40)
        pdf.line(left - 10, 200, left + 110, 200)  # ground
        pdf.set_font("Helvetica", size=9)
        pdf.text(left + 10, 215, label)


def _floor_plans(pdf: Any) -> None:
    """Ground and first floor plans: rooms with their names and door openings."""
    for left, label, rooms in (
        (30, "Ground floor (proposed)", ("Kitchen / dining", "Living room", "Hall")),
        (170, "First floor (proposed)", ("Bedroom 1", "Bedroom 2", "Bathroom")),
    ):
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.8)
        pdf.rect(left, 50, 110, 150)
        pdf.set_line_width(0.4)
        pdf.line(left, 110, left + 110, 110)
        pdf.line(left + 60, 110, left + 60, 200)
        pdf.set_font("Helvetica", size=9)
        pdf.text(left + 30, 80, rooms[0])
        pdf.text(left + 15, 155, rooms[1])
        pdf.text(left + 72, 155, rooms[2])
        pdf.text(left + 30, 215, label)


PLANS: tuple[SamplePlan, ...] = (
    SamplePlan("PL-01 Location plan.pdf", "PL-01", "Location plan", ("locationPlan",), "1:1250", _location),
    SamplePlan("PL-02 Site plan.pdf", "PL-02", "Proposed site plan", ("sitePlan.proposed",), "1:200", _site),
    SamplePlan(
        "PL-03 Proposed elevations.pdf", "PL-03", "Proposed elevations", ("elevations.proposed",), "1:100", _elevations
    ),
    SamplePlan(
        "PL-04 Proposed floor plans.pdf",
        "PL-04",
        "Proposed floor plans",
        ("floorPlan.proposed",),
        "1:100",
        _floor_plans,
    ),
)


def render(plan: SamplePlan, *, site_address: str, reference: str) -> bytes:
    """One A3 landscape sheet: the drawing, a north point and a title block with the drawing number."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A3")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{plan.drawing_number} {plan.title}")
    pdf.set_author("Demo Architects Ltd (sample drawing)")
    pdf.set_creation_date(datetime(2026, 1, 5, tzinfo=UTC))  # fixed: the same plan makes the same bytes
    pdf.add_page()
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.7)
    pdf.rect(10, 10, 400, 277)  # the sheet's border
    plan.draw(pdf)
    # north point
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.4)
    pdf.line(370, 60, 370, 30)
    pdf.line(370, 30, 365, 40)
    pdf.line(370, 30, 375, 40)
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_text_color(0, 0, 0)
    pdf.text(368, 27, "N")
    # the title block
    pdf.set_line_width(0.5)
    pdf.rect(310, 215, 100, 72)
    rows = (
        ("Project", site_address[:48]),
        ("Drawing", plan.title),
        ("Application", reference),
        ("Scale", f"{plan.scale} at A3"),
        ("Drawn by", "Demo Architects Ltd"),
    )
    y = 223.0
    for label, value in rows:
        pdf.set_font("Helvetica", size=7)
        pdf.set_text_color(90, 90, 90)
        pdf.text(313, y, label.upper())
        pdf.set_font("Helvetica", size=9)
        pdf.set_text_color(0, 0, 0)
        pdf.text(340, y, value)
        y += 8
    pdf.line(310, y - 3, 410, y - 3)
    pdf.set_font("Helvetica", size=7)
    pdf.set_text_color(90, 90, 90)
    pdf.text(313, y + 3, "DRAWING NO.")
    pdf.set_font("Helvetica", "B", 20)
    pdf.set_text_color(0, 0, 0)
    pdf.text(313, y + 14, plan.drawing_number)
    pdf.set_font("Helvetica", size=7)
    pdf.text(360, y + 14, "Sample drawing for the demo")
    return bytes(pdf.output())
