"""The officer report drafted from the assessment tasks, rendered back from the officer's edited text, and the
notice's signatory from the officer directory."""

from __future__ import annotations

import sys
import types
from datetime import date
from types import SimpleNamespace

from bops.domain.officer_report import OfficerReport, blocks, draft, render_html, render_pdf

CASE = {
    "reference": "26-00100-HAPP",
    "site": {"address": "11 Abbey Gardens, London SE16 3RQ"},
    "description": "Erection of a single storey rear extension.",
    "application_type_name": "Planning Permission - Full householder",
}
TASKS = {
    "constraints": {
        "constraints": [
            {
                "dataset": "conservation-area",
                "name": "Conservation area",
                "reference": "CA12",
                "source": "local",
                "status": "confirmed",
            },
            {
                "dataset": "tree-preservation-zone",
                "name": "Tree preservation zone",
                "reference": None,
                "source": "planning.data",
                "status": "removed",
            },
        ],
        "notes": "",
    },
    "site_history": {
        "entries": [
            {
                "reference": "19/AP/0001",
                "description": "Loft conversion",
                "decision": "granted",
                "decision_date": "2019-05-01",
                "relevant": True,
                "comment": "Same roof",
            },
            {"reference": "01/AP/0002", "description": "Shed", "decision": "granted", "relevant": False},
        ],
        "summary": "One relevant permission.",
    },
    "summaries": {"site_and_surroundings": "A terraced house.", "proposal": "A rear extension.", "design": "Fine."},
    "policies": {
        "considerations": [
            {"policy_id": "dm1", "reference": "DM1", "title": "Design", "assessment": "complies", "comment": "Good."},
        ]
    },
    "conditions": {
        "conditions": [{"title": "Time limit", "text": "Begin within 3 years.", "reason": "Section 91."}],
        "informatives": ["Party Wall Act."],
        "heads_of_terms": [],
    },
    "cil": {"liable": False, "new_floorspace_sqm": 20, "exemption": None, "notes": ""},
    "eia": {"schedule": "none", "category": None, "threshold_met": False, "eia_required": False, "notes": ""},
    "approved_plans": {"plans": [{"document_id": "d1", "drawing_number": "ZS-001", "title": "Site plan"}]},
    "site_visit": {"visits": [{"kind": "site_visit", "on": "2026-12-01", "by": "J Smith", "notes": "Seen."}]},
}


def test_the_draft_assembles_every_task_the_officer_saved():
    text = draft(CASE, TASKS)
    headings = [b.lines[0] for b in blocks(text) if b.kind == "heading"]
    assert headings == [
        "The application",
        "Constraints",
        "Site history",
        "Site visits and meetings",
        "Site and surroundings",
        "The proposal",
        "Design, character and appearance",
        "Policy considerations",
        "Conditions and informatives",
        "Community Infrastructure Levy",
        "Environmental impact assessment screening",
        "Approved plans",
    ]
    assert "- Conservation area (CA12) - source: local" in text
    assert "Tree preservation zone" not in text  # removed by the officer
    assert "19/AP/0001 Loft conversion - granted (2019-05-01). Same roof" in text
    assert "Shed" not in text  # not relevant
    assert "- DM1 Design: complies. Good." in text
    assert "- Time limit: Begin within 3 years. Reason: Section 91." in text and "- Party Wall Act." in text
    assert "not liable for the Community Infrastructure Levy" in text
    assert "an environmental impact assessment is not required" in text
    assert "- ZS-001 Site plan" in text


def test_a_case_with_nothing_saved_still_drafts_its_facts():
    text = draft(CASE, {})
    assert text.startswith("# The application\n") and CASE["description"] in text


def test_the_report_renders_the_officers_edited_text_as_headings_paragraphs_and_lists():
    text = "# Assessment\n\nThe <extension> is modest.\nIt matches.\n\n- one\n- two\n# Conclusion\nGrant."
    report = OfficerReport(
        council_name="Demo Borough Council",
        reference="26-00100-HAPP",
        site_address=CASE["site"]["address"],
        description=CASE["description"],
        text=text,
        officer="assessor",
        recommendation="granted",
        decided_on=date(2026, 12, 4),
        decision="granted",
        reviewer="reviewer",
    )
    html = render_html(report)
    assert "<h2>Assessment</h2>" in html and "<p>The &lt;extension&gt; is modest. It matches.</p>" in html
    assert "<ul><li>one</li><li>two</li></ul>" in html and "<h2>Conclusion</h2>" in html
    assert "<script" not in html and "<dt>Agreed by</dt><dd>reviewer</dd>" in html
    pdf = render_pdf(report, compress=False)
    assert pdf.startswith(b"%PDF-") and b"The <extension> is modest. It matches." in pdf


def test_the_notice_is_signed_with_the_officers_name_and_job_title(monkeypatch):
    from bops.services import determination

    ctx = SimpleNamespace()
    # without a directory entry: the username, and the role as title
    monkeypatch.setitem(sys.modules, "bops.services.officers", types.ModuleType("bops.services.officers"))
    sys.modules["bops.services.officers"].get_officer = lambda ctx, council, username: None  # type: ignore[attr-defined]
    assert determination.signatory(ctx, "demo", "jsmith", "reviewer") == ("jsmith", "Reviewing planning officer")
    officer = SimpleNamespace(username="jsmith", name="Jane Smith", job_title="Principal Planning Officer")
    sys.modules["bops.services.officers"].get_officer = lambda ctx, council, username: officer  # type: ignore[attr-defined]
    assert determination.signatory(ctx, "demo", "jsmith", "reviewer") == ("Jane Smith", "Principal Planning Officer")
    assert determination.signatory(ctx, "demo", "jsmith", "committee") == (
        "Jane Smith",
        "Principal Planning Officer, on behalf of the Planning Committee",
    )


def _stored(**tasks):
    from bops.domain.assessment import StoredTask

    return {name: StoredTask(name=name, data=data) for name, data in tasks.items()}


def test_the_notice_takes_the_conditions_tasks_conditions_with_their_reasons_then_the_plain_ones():
    from bops.services.determination import notice_conditions, notice_plans

    tasks = _stored(
        conditions={
            "conditions": [
                {"text": "Begin within 3 years.", "reason": "Section 91."},
                {"text": "Build as approved.", "reason": ""},
                {"text": "  ", "reason": "blank conditions are left out"},
            ]
        },
        approved_plans={"plans": [{"drawing_number": "ZS-001", "title": "Site plan"}, {"drawing_number": "ZS-002"}]},
    )
    decision = {"conditions": ["Build as approved.", "Obscure glazing."], "conditions_from_assessment": True}
    assert notice_conditions(decision, tasks) == [
        "Begin within 3 years.\nReason: Section 91.",
        "Build as approved.",
        "Obscure glazing.",
    ]
    # a decision that did not take the recommended conditions (a committee's own): its plain conditions
    assert notice_conditions({"conditions": ["Committee's condition."]}, tasks) == ["Committee's condition."]
    assert notice_plans(tasks) == ["ZS-001 - Site plan", "ZS-002"]


def test_each_refusal_reason_names_the_policies_it_cites():
    from bops.services.determination import notice_reasons

    tasks = _stored(
        policies={"considerations": [{"policy_id": "dm1", "reference": "DM1", "title": "Design"}, {"policy_id": "x"}]}
    )
    decision = {
        "reasons": ["Overbearing.", "Too tall.", "Ugly."],
        "refusal_reasons": [{"text": "Overbearing.", "policy_ids": ["dm1", "x"]}, {"text": "Ugly.", "policy_ids": []}],
    }
    assert notice_reasons(decision, tasks) == ["Overbearing.\nContrary to: DM1 Design; x.", "Too tall.", "Ugly."]
