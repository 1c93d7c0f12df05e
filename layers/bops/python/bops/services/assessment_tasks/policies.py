"""Policy considerations: the council's policies (local plan, NPPF) that bear on the case, each with the
officer's finding — complies, does not comply, needs more information — and a comment.

The task's data (``PolicyConsiderations``; the report and the refusal reasons read it):
  ``considerations``: each ``policy_id`` (the stable id of the council's policy: refusal reasons cite it),
  ``reference`` and ``title`` (copied from the council's list when saved, so the case keeps what it
  assessed even if the list changes later), ``assessment`` and ``comment``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from bops.domain.assessment import TaskUpdate
from bops.domain.errors import FieldError, InvalidRequest
from bops.model import Model

if TYPE_CHECKING:
    from bops.services.context import Context

MAX_CONSIDERATIONS = 200


class PolicyConsideration(Model):
    policy_id: str = Field(min_length=1, max_length=60, description="The id of the council's policy")
    reference: str = Field("", max_length=40, description="Filled in from the council's list, e.g. 'NPPF 135'")
    title: str = Field("", max_length=200, description="Filled in from the council's list")
    assessment: Literal["complies", "does_not_comply", "needs_more_information"]
    comment: str = Field("", max_length=10000, description="Why: the officer's reasoning")


class PolicyConsiderations(Model):
    considerations: list[PolicyConsideration] = Field(default_factory=list, max_length=MAX_CONSIDERATIONS)


Data = PolicyConsiderations  # the name bops.services.assessment reads


class PolicyConsiderationsUpdate(TaskUpdate):
    data: PolicyConsiderations


def prefill(ctx: Context, case: dict[str, Any]) -> PolicyConsiderations:
    """Nothing chosen: the officer picks the policies that bear on the case."""
    return PolicyConsiderations()


def check(ctx: Context, case: dict[str, Any], data: PolicyConsiderations) -> None:
    """Each policy must be one of the council's (or one the case assessed before), once; a finding other
    than "complies" says why. Reference and title are taken from the council's list."""
    from bops.domain.policies import by_id
    from bops.services.council_libraries import council_policies

    policies = by_id(council_policies(ctx, case["council"]))
    # a policy the council has since taken off its list stays on a case that assessed it, as recorded
    stored = ctx.repo.assessment.task(case["council"], case["reference"], "policies")
    earlier = {c["policy_id"]: c for c in (stored.data.get("considerations") or [])} if stored else {}
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, item in enumerate(data.considerations):
        path = f"data.considerations[{i}]"
        if item.policy_id not in policies and item.policy_id not in earlier:
            errors.append(FieldError(f"{path}.policy_id", f"{item.policy_id!r} is not one of the council's policies"))
        elif item.policy_id in seen:
            errors.append(FieldError(f"{path}.policy_id", "is already assessed above"))
        if item.assessment != "complies" and not item.comment.strip():
            errors.append(FieldError(f"{path}.comment", "say why"))
        seen.add(item.policy_id)
    if errors:
        raise InvalidRequest("The policy considerations are not complete", fields=errors)
    for item in data.considerations:
        policy = policies.get(item.policy_id)
        if policy is not None:
            item.reference, item.title = policy.reference, policy.title
        else:
            item.reference, item.title = earlier[item.policy_id]["reference"], earlier[item.policy_id]["title"]
