"""The decision notice: wording, validation, escaping, and the HTML and PDF renderings."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import ValidationError

from bops.domain.decision_notice import DecisionNotice, format_date, latin1, render_html, render_pdf
from bops.domain.errors import InvalidRequest

CONDITIONS = [
    "The development hereby permitted shall be begun before the expiration of three years from the date "
    "of this permission.\nReason: To comply with section 91 of the Town and Country Planning Act 1990.",
    "The development shall be carried out in accordance with the approved plans.",
    "The materials of the external surfaces shall match those of the existing building.",
]
REASON = "The dormer, by reason of its size and bulk, would harm the character of the host building."
REFUSE = {"decision": "refused", "conditions": [], "reasons": [REASON]}
PA_REQUIRED = "is required for the development described above, and that prior approval is"
GPDO = "Schedule 2 to the Town and Country Planning (General Permitted Development) (England) Order 2015"


def make(**overrides) -> DecisionNotice:
    data = {
        "council_name": "London Borough of Southwark",
        "reference": "26-00100-HAPP",
        "application_type_name": "Planning Permission - Full householder",
        "site_address": "11 Abbey Gardens\nLondon\nSE16 3RQ",
        "description": "Erection of a single storey rear extension.",
        "applicant_name": "Ms Ada Lovelace",
        "agent_name": None,
        "decision": "granted",
        "decided_on": date(2026, 3, 3),
        "received_on": date(2026, 1, 5),
        "valid_from": date(2026, 1, 7),
        "conditions": CONDITIONS,
        "reasons": [],
        "informatives": ["This permission does not override any private rights."],
        "signatory_name": "Jane Smith",
        "signatory_title": "Director of Planning",
    }
    data.update(overrides)
    return DecisionNotice(**data)


def refusal(**overrides) -> DecisionNotice:
    return make(**{**REFUSE, **overrides})


def squash(text: str) -> str:
    return " ".join(text.split())


class _Outline(HTMLParser):
    """Headings, list items per section, and a check that every element is closed in order."""

    VOID = {"meta", "br", "link", "img", "hr", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.items: dict[str, list[str]] = {}
        self.section = ""
        self._text: list[str] | None = None
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "section":
            self.section = attrs.get("aria-labelledby") or ""
        if re.fullmatch(r"h[1-6]|li", tag):
            self._text = []
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()
        if self._text is not None and re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), "".join(self._text)))
            self._text = None
        elif self._text is not None and tag == "li":
            self.items.setdefault(self.section, []).append("".join(self._text))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def outline(document: str) -> _Outline:
    parser = _Outline()
    parser.feed(document)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


def pdf_text(data: bytes) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize("decision", ["refused", "prior_approval_refused"])
def test_a_refusal_needs_a_reason(decision):
    with pytest.raises(InvalidRequest) as caught:
        make(decision=decision, conditions=[], reasons=[], application_type_code=None)
    assert [f.path for f in caught.value.fields] == ["reasons"]
    assert caught.value.status == 422


@pytest.mark.parametrize("decision", ["refused", "prior_approval_refused", "prior_approval_not_required"])
def test_only_a_grant_has_conditions(decision):
    reasons = [REASON] if "refused" in decision else []
    with pytest.raises(InvalidRequest) as caught:
        make(decision=decision, reasons=reasons)
    assert [f.path for f in caught.value.fields] == ["conditions"]


def test_only_a_refusal_gives_reasons():
    with pytest.raises(InvalidRequest) as caught:
        make(reasons=[REASON])
    assert [f.path for f in caught.value.fields] == ["reasons"]


def test_a_lawful_development_certificate_has_no_conditions():
    with pytest.raises(InvalidRequest) as caught:
        make(application_type_code="ldc.proposed", reference="26-00101-LDCP")
    assert [f.path for f in caught.value.fields] == ["conditions"]


def test_the_decision_must_suit_the_application_type():
    with pytest.raises(InvalidRequest) as caught:
        make(application_type_code="pp.full.householder", decision="prior_approval_not_required", conditions=[])
    assert [f.path for f in caught.value.fields] == ["decision"]
    with pytest.raises(InvalidRequest) as caught:
        make(application_type_code="no.such.type")
    assert [f.path for f in caught.value.fields] == ["application_type_code"]


def test_dates_run_forwards():
    with pytest.raises(InvalidRequest) as caught:
        make(decided_on=date(2026, 1, 1))
    assert {f.path for f in caught.value.fields} == {"decided_on"}
    with pytest.raises(InvalidRequest) as caught:
        make(valid_from=date(2026, 1, 1))
    assert [f.path for f in caught.value.fields] == ["valid_from"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"reference": "  "},
        {"conditions": ["ok", " \n\t "]},
        {"signatory_name": ""},
        {"decision": "approved"},
        {"decided_on": "3 March"},
        {"colour": "red"},
    ],
)
def test_shape_errors_are_pydantic_validation_errors(overrides):
    with pytest.raises(ValidationError):
        make(**overrides)


def test_text_is_tidied():
    notice = make(
        description="  Two\r\nlines\x00 \t ",
        applicant_name="   ",
        reference=" 26-00100-HAPP\n",
    )
    assert notice.description == "Two\nlines"
    assert notice.applicant_name is None
    assert notice.reference == "26-00100-HAPP"


def test_format_date():
    assert format_date(date(2026, 3, 3)) == "3 March 2026"
    assert format_date(date(2025, 12, 25)) == "25 December 2025"


# --- wording ---------------------------------------------------------------------------------------


def test_headlines():
    assert make().headline == "Planning permission is GRANTED subject to the following conditions."
    assert make(conditions=[]).headline == "Planning permission is GRANTED."
    assert refusal().headline == "Planning permission is REFUSED for the following reasons."
    pa = {"application_type_code": "pa.part1.classA", "reference": "26-00102-PA1A", "conditions": []}
    assert make(**pa, decision="prior_approval_not_required").headline == "Prior approval is NOT REQUIRED."
    assert (
        make(**{**pa, "conditions": CONDITIONS}, decision="prior_approval_granted").headline
        == "Prior approval is REQUIRED and is GRANTED subject to the following conditions."
    )
    assert (
        make(**pa, decision="prior_approval_refused", reasons=[REASON]).headline
        == "Prior approval is REQUIRED and is REFUSED for the following reasons."
    )
    listed = make(application_type_code="listed", reference="26-00103-LBC")
    assert listed.headline == "Listed building consent is GRANTED subject to the following conditions."


@pytest.mark.parametrize(
    ("decision", "reasons", "statutory"),
    [
        ("prior_approval_not_required", [], "the prior approval of the authority is not required"),
        ("prior_approval_granted", [], f"{PA_REQUIRED} given"),
        ("prior_approval_refused", [REASON], f"{PA_REQUIRED} refused"),
    ],
)
def test_prior_approval_decisions_use_the_statutory_wording(decision, reasons, statutory):
    notice = make(
        application_type_code="pa.part3.classMA",
        reference="26-00104-PA3MA",
        application_type_name="Prior Approval - Part 3 Class MA",
        decision=decision,
        conditions=[],
        reasons=reasons,
    )
    document = squash(render_html(notice))
    assert statutory in document
    assert GPDO in document


@pytest.mark.parametrize(
    ("overrides", "period"),
    [
        (REFUSE, "within 12 weeks of the date of this notice"),
        ({}, "within 6 months of the date of this notice"),  # conditions on a householder permission
        (
            {
                **REFUSE,
                "application_type_code": "pp.full.minor",
                "reference": "26-00105-MINOR",
                "application_type_name": "Planning Permission - Minor application",
            },
            "within 6 months of the date of this notice",
        ),
        (
            {**REFUSE, "application_type_code": "advertConsent"},
            "within 8 weeks of the date of this notice",
        ),
        (
            {**REFUSE, "application_type_code": "wtt.consent"},
            "within 28 days of the date of this notice",
        ),
        (
            {**REFUSE, "application_type_code": "ldc.existing"},
            "There is no fixed time limit for this appeal.",
        ),
    ],
)
def test_the_right_to_appeal(overrides, period):
    document = squash(render_html(make(**overrides)))
    assert "Your right to appeal" in document
    assert "If you are aggrieved by the decision" in document
    assert "appeal to the Secretary of State" in document
    assert "Planning Inspectorate" in document
    assert period in document


def test_the_householder_period_is_found_without_the_code():
    by_suffix = refusal(application_type_name="Householder planning")
    assert "within 12 weeks" in render_html(by_suffix)
    unknown = refusal(reference="26-00100-ZZZ", application_type_name="Full planning")
    assert "within 6 months" in render_html(unknown)


@pytest.mark.parametrize(
    "overrides",
    [
        {"conditions": []},
        {
            "decision": "prior_approval_not_required",
            "conditions": [],
            "application_type_code": "pa.part3.classMA",
        },
    ],
)
def test_no_appeal_note_when_there_is_nothing_to_appeal(overrides):
    assert "right to appeal" not in render_html(make(**overrides))


# --- HTML ------------------------------------------------------------------------------------------

HOSTILE = "<script>alert('x')</script> & \"quotes\" <img src=x onerror=alert(1)>"


def test_html_escapes_every_value():
    notice = make(
        council_name=f"Council {HOSTILE}",
        reference=f"26-00100-HAPP {HOSTILE}",
        application_type_name=HOSTILE,
        site_address=HOSTILE,
        description=HOSTILE,
        applicant_name=HOSTILE,
        agent_name=HOSTILE,
        conditions=[HOSTILE],
        informatives=[HOSTILE],
        signatory_name=HOSTILE,
        signatory_title=HOSTILE,
    )
    document = render_html(notice)
    assert "<script" not in document.lower()
    assert "<img" not in document.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in document
    assert "&quot;quotes&quot;" in document
    outline(document)  # still well formed


def test_html_shows_a_hostile_description_as_text():
    document = render_html(make(description="<script>alert(1)</script>"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "<script>" not in document


def test_html_is_a_standalone_accessible_document():
    document = render_html(make())
    assert document.startswith("<!DOCTYPE html>\n")
    assert '<html lang="en-GB">' in document
    assert "<title>Decision notice 26-00100-HAPP - London Borough of Southwark</title>" in document
    for external in ("<script", "<link", "src=", "href=", "url(", "@import"):
        assert external not in document
    parsed = outline(document)
    levels = [level for level, _ in parsed.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert [text for _, text in parsed.headings] == [
        "Notice of decision",
        "The application",
        "Decision",
        "Conditions",
        "Informatives",
        "Working with the applicant",
        "Your right to appeal",
    ]
    assert "<dl>" in document and "<dt>Reference</dt><dd>26-00100-HAPP</dd>" in document
    assert "@media print" in document and "@page" in document


def test_html_lists_the_conditions_in_order():
    conditions = [f"Condition number {n}." for n in range(1, 13)]
    parsed = outline(render_html(make(conditions=conditions)))
    assert parsed.items["conditions"] == conditions
    assert "Planning permission is GRANTED subject to the following conditions." in render_html(make())


def test_html_lists_the_reasons_for_refusal():
    document = render_html(refusal(reasons=["First reason.", "Second reason."]))
    assert outline(document).items["reasons"] == ["First reason.", "Second reason."]
    assert "Planning permission is REFUSED for the following reasons." in document
    assert "Conditions</h2>" not in document


def test_html_keeps_unicode():
    document = render_html(make(description="Café – “quoted”", applicant_name="Łódź"))
    assert "Café – “quoted”" in document
    assert "Łódź" in document


# --- PDF -------------------------------------------------------------------------------------------


def test_pdf_is_a_pdf_with_the_reference_decision_and_conditions():
    data = render_pdf(make())
    assert data.startswith(b"%PDF-")
    text = squash(" ".join(pdf_text(data)))
    assert "26-00100-HAPP" in text
    assert "Planning permission is GRANTED subject to the following conditions." in text
    for condition in CONDITIONS:
        assert squash(condition) in text
    assert re.search(r"Page 1 of \d", text)
    assert "London Borough of Southwark" in text


def test_pdf_refusal_has_reasons_and_the_appeal_note():
    text = squash(" ".join(pdf_text(render_pdf(refusal()))))
    assert "Planning permission is REFUSED for the following reasons." in text
    assert REASON in text
    assert "within 12 weeks of the date of this notice" in text


def test_pdf_content_without_a_text_extractor():
    data = render_pdf(make(conditions=["Short condition one.", "Short condition two."]), compress=False)
    assert data.startswith(b"%PDF-")
    assert b"26-00100-HAPP" in data
    assert b"Planning permission is GRANTED subject to the following conditions." in data
    assert b"Short condition one." in data and b"Short condition two." in data
    assert data.index(b"Short condition one.") < data.index(b"Short condition two.")


def test_pdf_metadata():
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(make())))
    assert reader.metadata.title == "Decision notice 26-00100-HAPP - London Borough of Southwark"
    assert reader.metadata.author == "London Borough of Southwark"
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_sixty_conditions_flow_over_several_pages():
    conditions = [
        f"Condition {n}: no development shall take place until details of item {n} have been submitted to "
        f"and approved in writing by the local planning authority.\nReason: In the interests of amenity."
        for n in range(1, 61)
    ]
    pages = pdf_text(render_pdf(make(conditions=conditions, description="A long description. " * 80)))
    assert len(pages) >= 4
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert "26-00100-HAPP" in page
    text = squash(" ".join(pages))
    positions = [text.index(f"Condition {n}: no development") for n in range(1, 61)]
    assert positions == sorted(positions)


def test_pdf_survives_unicode():
    notice = make(
        description="Café – “quoted” — Łódź ‘ok’ … € 🏠 中文",
        applicant_name="Łódź",
        conditions=["Keep the “oak” tree – and the beech."],
        council_name="Ynys Môn – Łódź Borough",
    )
    data = render_pdf(notice)
    text = squash(" ".join(pdf_text(data)))
    assert "Café - \"quoted\" - Lódz 'ok' ... EUR ? ??" in text
    assert 'Keep the "oak" tree - and the beech.' in text


def test_the_page_count_placeholder_in_a_value_is_not_replaced():
    text = " ".join(pdf_text(render_pdf(make(description="Literally {bops:nb} and {nb}"))))
    assert "{nb}" in text
    assert "Literally 1 and" not in text


def test_latin1():
    assert latin1("Café – “quoted”") == 'Café - "quoted"'
    assert latin1("Łódź Kraków Ölçü") == "Lódz Kraków Ölçü"
    assert latin1("🏠 中") == "? ?"
    "".join(latin1(chr(c)) for c in range(0x20, 0x3000)).encode("latin-1")


def test_importing_the_module_does_not_import_fpdf():
    code = "import sys, bops.domain.decision_notice; assert 'fpdf' not in sys.modules"
    layer = Path(__file__).resolve().parents[2] / "layers" / "bops" / "python"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=layer)


def _every_type_and_decision():
    from bops.domain.application_types import all_types
    from bops.domain.lifecycle import allowed_decisions

    for app_type in all_types():
        for decision in sorted(allowed_decisions(app_type)):
            yield app_type, decision


@pytest.mark.parametrize(("app_type", "decision"), list(_every_type_and_decision()))
def test_every_type_and_decision_renders(app_type, decision):
    refused = decision.endswith("refused")
    conditional = not refused and decision != "prior_approval_not_required" and "ldc" not in app_type.code
    notice = make(
        application_type_code=app_type.code,
        application_type_name=app_type.name,
        reference=f"26-00100-{app_type.suffix}",
        decision=decision,
        reasons=[REASON] if refused else [],
        conditions=CONDITIONS if conditional else [],
    )
    document = render_html(notice)
    assert notice.headline in document
    assert render_pdf(notice).startswith(b"%PDF-")


# --- issue 11: the plans, the article 35 statement, which decisions take conditions --------------------


def test_the_notice_lists_the_approved_plans_by_drawing_number():
    notice = make(approved_plans=["1234/01 Rev A - Site plan", "1234/02 - Proposed elevations"])
    document = render_html(notice)
    parsed = outline(document)
    assert "Approved plans" in [text for _, text in parsed.headings]
    assert "<li>1234/01 Rev A - Site plan</li>" in document and "<li>1234/02 - Proposed elevations</li>" in document
    assert b"1234/01 Rev A - Site plan" in render_pdf(notice, compress=False)


def test_a_planning_decision_states_the_article_35_positive_and_proactive_working():
    """DMPO 2015 art. 35(2): grant or refusal, the notice says how the authority worked with the applicant."""
    from bops.domain.decision_notice import POSITIVE_AND_PROACTIVE

    for notice in (make(), refusal()):
        assert POSITIVE_AND_PROACTIVE in render_html(notice)
        assert "article 35(2)" in POSITIVE_AND_PROACTIVE
    # a certificate of lawfulness is not a planning decision: no such statement
    ldc = make(
        application_type_name="Lawful Development Certificate - Proposed use",
        application_type_code="ldc.proposed",
        reference="26-00100-LDCP",
        conditions=[],
        informatives=[],
    )
    assert POSITIVE_AND_PROACTIVE not in render_html(ldc)


@pytest.mark.parametrize(
    "code,decision,allowed",
    [
        ("pp.full.householder", "granted", True),
        ("pp.full.householder", "refused", False),
        ("ldc.proposed", "granted", False),
        ("ldc.existing", "granted", False),
        ("pa.part1.classA", "prior_approval_not_required", False),
        # as the conditions task holds (the issue: "an LDC or prior approval cannot carry planning conditions"),
        # though GPDO 2015 Sch. 2 Part 1 para. W(13) would allow conditions on a prior approval granted
        ("pa.part1.classA", "prior_approval_granted", False),
        ("pa.part1.classA", "prior_approval_refused", False),
    ],
)
def test_which_decisions_may_carry_conditions(code, decision, allowed):
    from bops.domain.decision_notice import conditions_allowed

    assert conditions_allowed(code, decision) is allowed
