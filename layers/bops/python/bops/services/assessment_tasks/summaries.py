"""Summaries: the site and its surroundings, the proposal, what neighbours and consultees said, and the
officer's assessment of amenity and design: the body of the officer report.

Pre-filled from what the case already holds: the site's address, the applicant's description, the
public comments counted by stance with the topics they raise, and each consultee's stance. The counts
are kept beside the text (``neighbour_tally``, ``consultee_stances``) as they were when the officer
started: the text is the officer's, the tallies are the evidence it was written from.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field

from bops.domain.assessment import TaskUpdate
from bops.domain.comments import Stance, Topic
from bops.model import Model

if TYPE_CHECKING:
    from bops.repository.consultation import Consultee
    from bops.services.context import Context

TEXT = 20000

#: A consultee's stance (``bops.services.consultation.ConsulteeResponse``) as an officer report words it.
CONSULTEE_STANCES = {
    "approved": "No objection",
    "amendments_needed": "Amendments needed",
    "objected": "Objection",
}
NO_RESPONSE = "No response yet"
TOPIC_WORDS = {
    Topic.DESIGN: "design",
    Topic.USE: "use",
    Topic.PRIVACY: "privacy",
    Topic.LIGHT: "light",
    Topic.ACCESS: "access",
    Topic.NOISE: "noise",
    Topic.TRAFFIC: "traffic",
    Topic.OTHER: "other matters",
}


class NeighbourTally(Model):
    """The public comments on the application, counted when the summaries were pre-filled."""

    total: int = Field(0, ge=0)
    objection: int = Field(0, ge=0)
    supportive: int = Field(0, ge=0)
    neutral: int = Field(0, ge=0)
    topics: list[str] = Field(
        default_factory=list, max_length=len(Topic), description="Topics raised, most raised first"
    )


class ConsulteeStance(Model):
    """One consultee and what they said, when the summaries were pre-filled."""

    consultee_id: str = Field(max_length=100)
    name: str = Field(max_length=200)
    organisation: str = Field(max_length=200)
    stance: str | None = Field(None, description="approved, amendments_needed or objected; null before a response")
    responded_at: str | None = None


class Summaries(Model):
    site_and_surroundings: str = Field("", max_length=TEXT, description="The site and its surroundings")
    proposal: str = Field("", max_length=TEXT, description="What is proposed")
    neighbour_responses: str = Field("", max_length=TEXT, description="What neighbours and the public said")
    consultee_responses: str = Field("", max_length=TEXT, description="What consultees said")
    amenity: str = Field("", max_length=TEXT, description="The effect on neighbours' amenity")
    design: str = Field("", max_length=TEXT, description="Design, character and appearance")
    neighbour_tally: NeighbourTally | None = Field(None, description="The comments counted by stance and topic")
    consultee_stances: list[ConsulteeStance] = Field(
        default_factory=list, max_length=200, description="Each consultee's stance"
    )


Data = Summaries  # the name bops.services.assessment reads


class SummariesUpdate(TaskUpdate):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "in_progress",
                    "data": {
                        "proposal": "Single storey rear extension.",
                        "amenity": "No overlooking: the extension has no side windows.",
                    },
                }
            ]
        }
    )

    data: Summaries


def prefill(ctx: Context, case: dict[str, Any]) -> Summaries:
    """The site's address and the proposal as the applicant described it; the comments counted by stance
    with the topics raised; each consultee's stance. The officer writes the judgement."""
    council, reference = case["council"], case["reference"]
    site = case.get("site") or {}
    tally = neighbour_tally(ctx.repo.consultation.comments(council, reference))
    stances = [consultee_stance(c) for c in ctx.repo.consultation.consultees(council, reference)]
    return Summaries(
        site_and_surroundings=f"The site is {site['address']}." if site.get("address") else "",
        proposal=case.get("description", ""),
        neighbour_responses=neighbour_text(tally),
        consultee_responses=consultee_text(stances),
        neighbour_tally=tally,
        consultee_stances=stances,
    )


def neighbour_tally(comments: list[Any]) -> NeighbourTally:
    """Counts by stance, and the topics raised (most raised first, then in the form's order)."""
    stances = Counter(c.stance for c in comments)
    topics = Counter(t for c in comments for t in c.topics)
    order = list(Topic)
    raised = sorted((t for t in topics if topics[t]), key=lambda t: (-topics[t], order.index(t)))
    return NeighbourTally(
        total=len(comments),
        objection=stances[Stance.OBJECTION],
        supportive=stances[Stance.SUPPORTIVE],
        neutral=stances[Stance.NEUTRAL],
        topics=[t.value for t in raised],
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def neighbour_text(tally: NeighbourTally) -> str:
    """The tally as the officer report's opening sentence on the public's responses."""
    if not tally.total:
        return "No comments were received from neighbours or the public."
    text = (
        f"{_count(tally.total, 'comment was', 'comments were')} received: "
        f"{_count(tally.objection, 'objection', 'objections')}, "
        f"{tally.supportive} in support and {tally.neutral} neutral."
    )
    if tally.topics:
        text += " Topics raised: " + ", ".join(TOPIC_WORDS[Topic(t)] for t in tally.topics) + "."
    return text


def consultee_stance(consultee: Consultee) -> ConsulteeStance:
    response = consultee.response or {}
    return ConsulteeStance(
        consultee_id=consultee.id,
        name=consultee.name,
        organisation=consultee.organisation,
        stance=response.get("stance"),
        responded_at=response.get("at"),
    )


def consultee_text(stances: list[ConsulteeStance]) -> str:
    """One line per consultee: who, and their stance."""
    if not stances:
        return "No consultees were consulted."
    lines = []
    for s in stances:
        who = s.organisation if s.name == s.organisation else f"{s.organisation} ({s.name})"
        lines.append(f"{who}: {CONSULTEE_STANCES.get(s.stance or '', NO_RESPONSE)}.")
    return "\n".join(lines)
