"""The officer report drafted from the assessment tasks, rendered back from the officer's edited text, and the
notice's signatory from the officer directory."""

from __future__ import annotations

import sys
import types
from datetime import date
from types import SimpleNamespace

from bops.domain.officer_report import OfficerReport, blocks, draft, render_html, render_pdf, with_conclusion

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


def test_the_published_report_ends_with_the_officers_conclusion_once():
    """The delegated report gives the officer's conclusion (the recommendation's summary) under its own
    heading, unless the officer's edited text already has it."""
    text = "# The proposal\n\nA rear extension.\n"
    published = with_conclusion(text, "Acceptable: it respects its neighbours.")
    assert [b.lines for b in blocks(published)][-2:] == [("Conclusion",), ("Acceptable: it respects its neighbours.",)]
    assert with_conclusion(published, "Acceptable: it respects its neighbours.") == published
    assert with_conclusion(text, "  ") == text and with_conclusion(text, None) == text


def test_the_notice_is_signed_with_the_officers_name_and_job_title(monkeypatch):
    """A decision notice is signed by the authorised officer by full name and job title (the delegated
    officer under the council's scheme of delegation, LGA 1972 s.101), never by a username."""
    import pytest

    from bops.domain.errors import Conflict
    from bops.services import determination

    ctx = SimpleNamespace()
    kept = {"determined_by": "jsmith", "signatory": {"name": "Jane Smith", "job_title": "Principal Planning Officer"}}
    case = {"council": "demo", "reference": "26-00001-HAPP", "decision": {**kept, "made_by": "reviewer"}}
    # the signature kept on the decision when it was made
    assert determination.signatory(ctx, case) == ("Jane Smith", "Principal Planning Officer")
    committee = {**case, "decision": {**kept, "made_by": "committee"}}
    assert determination.signatory(ctx, committee) == (
        "Jane Smith",
        "Principal Planning Officer, on behalf of the Planning Committee",
    )
    # a decision recorded before signatures were kept: the officer directory
    legacy = {**case, "decision": {"determined_by": "jsmith", "made_by": "reviewer"}}
    monkeypatch.setitem(sys.modules, "bops.services.officers", types.ModuleType("bops.services.officers"))
    officer = SimpleNamespace(username="jsmith", name="Jane Smith", job_title="Principal Planning Officer")
    sys.modules["bops.services.officers"].get_officer = lambda ctx, council, username: officer  # type: ignore[attr-defined]
    assert determination.signatory(ctx, legacy) == ("Jane Smith", "Principal Planning Officer")
    # and no notice signed with a username: no name (the directory gives the username) or no job title
    for unnamed in (
        SimpleNamespace(username="jsmith", name="jsmith", job_title="Planning officer"),
        SimpleNamespace(username="jsmith", name="Jane Smith", job_title=None),
        None,
    ):
        sys.modules["bops.services.officers"].get_officer = lambda ctx, council, username, o=unnamed: o  # type: ignore[attr-defined]
        with pytest.raises(Conflict, match="full name and job title"):
            determination.signatory(ctx, legacy)


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
    added = [{"text": "Build as approved.", "reason": "Certainty."}, {"text": "Obscure glazing.", "reason": "Privacy."}]
    decision = {"conditions": added, "conditions_from_assessment": True}
    assert notice_conditions(decision, tasks) == [
        "Begin within 3 years.\nReason: Section 91.",
        "Build as approved.",
        "Obscure glazing.\nReason: Privacy.",
    ]
    # a decision that did not take the recommended conditions (a committee's own): its own, with reasons
    committee = {"conditions": [{"text": "Committee's condition.", "reason": "Members' concern."}]}
    assert notice_conditions(committee, tasks) == ["Committee's condition.\nReason: Members' concern."]
    # a plain condition kept from before conditions carried reasons is still worded
    assert notice_conditions({"conditions": ["Old condition."]}, tasks) == ["Old condition."]
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


def test_the_removal_of_permitted_development_rights_is_a_condition_on_the_notice():
    """GPDO 2015 art. 3(4): rights the Order grants are removed from a site by a condition on its planning
    permission; the notice states it with the officer's reason (DMPO 2015 art. 35(1)(a))."""
    from bops.services.determination import notice_conditions

    rights = {"remove": True, "classes": ["Part 1 Class A", "Part 1 Class E"], "reason": "The garden is small."}
    tasks = _stored(
        conditions={"conditions": [{"text": "Begin within 3 years.", "reason": "Section 91."}]},
        permitted_development_rights=rights,
    )
    granted = {"decision": "granted", "conditions": [], "conditions_from_assessment": True}
    worded = notice_conditions(granted, tasks)
    assert worded[0] == "Begin within 3 years.\nReason: Section 91."
    assert worded[1].startswith("Notwithstanding the provisions of the Town and Country Planning (General Permitted")
    assert (
        "Part 1 Class A (enlargement, improvement or other alteration of a dwellinghouse); Part 1 Class E" in worded[1]
    )
    assert worded[1].endswith("\nReason: The garden is small.")
    # even with no other condition
    assert len(notice_conditions({"decision": "granted", "conditions": []}, tasks)) == 1
    # rights kept: nothing added
    kept = _stored(permitted_development_rights={"remove": False, "classes": [], "reason": ""})
    assert notice_conditions({"decision": "granted", "conditions": []}, kept) == []
    # the officer's own wording in the conditions task replaces the one worded from the rights task
    own = {"text": "No extensions.", "reason": "Small garden.", "standard_code": "permitted-development-rights"}
    tasks = _stored(conditions={"conditions": [own]}, permitted_development_rights=rights)
    assert notice_conditions(granted, tasks) == ["No extensions.\nReason: Small garden."]
