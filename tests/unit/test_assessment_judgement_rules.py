"""The pure parts of the officer's judgement tasks: CIL from the applicant's answers, the comments counted
for the summaries, the plans' order and drawing numbers, and the GPDO classes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from bops.domain.comments import PublicComment
from bops.services.assessment_tasks import approved_plans, cil, permitted_development_rights, summaries


def _comment(n: int, stance: str, topics: list[str]) -> PublicComment:
    return PublicComment(
        id=f"c{n}",
        name="A Neighbour",
        address="1 Road, London SW9 9RZ",
        stance=stance,
        topics=tuple(topics),
        text="Text.",
        received_at=datetime(2026, 3, 1, tzinfo=UTC),
    )


def test_cil_not_liable_from_the_applicants_answers():
    data = cil.from_answers(
        {"result": "notLiable", "declaration": True, "newDwellings": False, "floorAreaHundredPlus": False}
    )
    assert data.liable is False and data.exemption is None and data.new_floorspace_sqm is None
    assert data.notes.splitlines() == [
        "From the applicant's CIL answers:",
        "- Creates one or more new dwellings: no",
        "- Creates 100 m² or more of new floorspace: no",
    ]


def test_cil_an_exemption_claimed_is_still_liable_with_the_net_new_floorspace():
    data = cil.from_answers(
        {
            "result": "exempt.selfBuild",
            "newDwellings": True,
            "proposedTotalArea": {"net": {"squareMetres": 142.5}},
        }
    )
    assert (data.liable, data.exemption, data.new_floorspace_sqm) == (True, "exempt.selfBuild", 142.5)
    assert "- Claimed: Self-build exemption" in data.notes


def test_cil_answers_the_prefill_does_not_understand_leave_it_undecided():
    data = cil.from_answers({"result": "somethingNew", "proposedTotalArea": {"net": {"squareMetres": -3}}})
    assert (data.liable, data.exemption, data.new_floorspace_sqm, data.notes) == (None, None, None, "")


def test_comments_are_counted_by_stance_and_topics_most_raised_first():
    tally = summaries.neighbour_tally(
        [
            _comment(1, "objection", ["noise", "privacy"]),
            _comment(2, "objection", ["privacy"]),
            _comment(3, "neutral", ["design"]),
        ]
    )
    assert (tally.total, tally.objection, tally.supportive, tally.neutral) == (3, 2, 0, 1)
    assert tally.topics == ["privacy", "design", "noise"]  # ties in the comment form's order
    assert summaries.neighbour_text(tally) == (
        "3 comments were received: 2 objections, 0 in support and 1 neutral. Topics raised: privacy, design, noise."
    )
    one = summaries.neighbour_tally([_comment(1, "supportive", ["other"])])
    assert summaries.neighbour_text(one) == (
        "1 comment was received: 0 objections, 1 in support and 0 neutral. Topics raised: other matters."
    )


def test_a_document_is_a_plan_by_its_first_plan_type_in_the_notices_order():
    assert approved_plans.plan_title(["elevations.existing", "elevations.proposed"]) == (3, "Proposed elevations")
    assert approved_plans.plan_title(["roofPlan.proposed", "locationPlan"]) == (0, "Location plan")
    assert approved_plans.plan_title(["photographs.existing", "planningStatement"]) is None


def test_drawing_numbers_come_from_the_submissions_files_by_file_name():
    body = {
        "files": [
            {"name": "https://api.editor.planx.dev/file/private/abc/site.pdf", "number": " PL-01 ", "type": []},
            {"name": "https://api.editor.planx.dev/file/private/def/other.pdf", "type": []},
            {"name": 7, "number": "X"},
        ]
    }
    assert approved_plans.drawing_numbers(body) == {"site.pdf": "PL-01"}
    assert approved_plans.drawing_numbers({}) == {}


def test_only_gpdo_classes_it_knows_may_be_removed():
    rights = permitted_development_rights.PermittedDevelopmentRights(
        remove=True, classes=["Part 1 Class A", "Part 1 Class A", "Part 1 Class E"], reason="Protect the garden."
    )
    assert rights.classes == ["Part 1 Class A", "Part 1 Class E"]
    with pytest.raises(ValidationError):
        permitted_development_rights.PermittedDevelopmentRights(remove=True, classes=["Class Z"], reason="x")
