"""Planning policies a council assesses applications against: its local plan policies and the National
Planning Policy Framework's paragraphs, kept as data its administrators edit. Pure.

Section 38(6) of the Planning and Compulsory Purchase Act 2004 (with TCPA 1990 s.70(2)): a decision is
made in accordance with the development plan unless material considerations (the NPPF among them)
indicate otherwise. So the officer records, for each policy that bears on the case, whether the proposal
complies with it; a refusal gives its reasons by policy, citing each by its stable ``id``.

Until a council edits its own, the bundled set applies (``data/policies.json``): a handful of NPPF
paragraphs on design, amenity and heritage, numbered as in the December 2024 NPPF, summarised in BoPS's
own words (the Framework's text is the authority), and two demonstration local plan policies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from pydantic import Field, ValidationError

from bops.domain.errors import FieldError, InvalidRequest, invalid_from_pydantic
from bops.model import Model

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,59}$"
MAX_POLICIES = 500


class Policy(Model):
    """One policy of the council's list."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id, e.g. 'nppf-135' (refusal reasons cite it)")
    reference: str = Field(min_length=1, max_length=40, description="As officers cite it, e.g. 'DM1', 'NPPF 135'")
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field("", max_length=8000, description="The policy's text or a summary of it")
    plan: str = Field(min_length=1, max_length=200, description="The plan it belongs to, e.g. 'NPPF (December 2024)'")


class PolicyList(Model):
    policies: list[Policy] = Field(max_length=MAX_POLICIES)


@cache
def _bundled() -> tuple[Policy, ...]:
    text = resources.files("bops.domain").joinpath("data/policies.json").read_text(encoding="utf-8")
    return tuple(parse_policies(json.loads(text)["policies"]))


def default_policies() -> list[Policy]:
    """The bundled set a council uses until its administrators edit their own."""
    return list(_bundled())


def parse_policies(entries: Any, *, prefix: str = "policies") -> list[Policy]:
    """The policies from their JSON form, or ``InvalidRequest`` naming each bad entry and field
    (``policies[2].reference``); ids must be unique."""
    if not isinstance(entries, list):
        raise InvalidRequest("The policies must be a list", fields=[FieldError(prefix, "expected a list")])
    try:
        checked = PolicyList.model_validate({"policies": entries})
    except ValidationError as error:
        raise invalid_from_pydantic(error, message="The policies have invalid entries") from None
    errors: list[FieldError] = []
    seen: dict[str, int] = {}
    for i, policy in enumerate(checked.policies):
        if policy.id in seen:
            errors.append(FieldError(f"{prefix}[{i}].id", f"repeats the id of entry {seen[policy.id]}"))
        seen.setdefault(policy.id, i)
    if errors:
        raise InvalidRequest("The policies have invalid entries", fields=errors)
    return checked.policies


def by_id(policies: Iterable[Policy]) -> dict[str, Policy]:
    return {p.id: p for p in policies}
