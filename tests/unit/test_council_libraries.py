"""A council's libraries as stored (repository.councils) and served (services.council_libraries), on moto in
process: the bundled list until an administrator saves one, each council its own, every entry checked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bops.domain.errors import InvalidRequest
from bops.repository import Repository
from bops.repository.councils import CouncilLibrary
from tests.support import fresh_repository


@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[Repository]:
    with fresh_repository(monkeypatch) as repository:
        yield repository


class _Clock:
    def now(self) -> datetime:
        return datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


class _Ctx:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.clock = _Clock()


def test_a_library_reads_back_as_stored_and_belongs_to_its_council(repo):
    entries = [{"id": "dm1", "reference": "DM1", "title": "Design", "summary": "", "plan": "Local Plan"}]
    stored = CouncilLibrary(name="policies", entries=entries, changed_by="officer:a", changed_at="2026-12-04T10:00:00Z")
    repo.councils.put_library("north", stored)
    assert repo.councils.library("north", "policies") == stored
    assert repo.councils.library("south", "policies") is None
    assert repo.councils.library("north", "conditions") is None


def test_the_bundled_conditions_apply_until_an_administrator_saves_the_councils_own(repo):
    from bops.services import council_libraries as libraries

    ctx = _Ctx(repo)
    view = libraries.get_conditions_library(ctx, "north")  # type: ignore[arg-type]
    assert view.is_default and "time-limit" in [c.code for c in view.conditions]

    mine = [c for c in view.conditions if c.code != "obscure-glazing"]
    saved = libraries.set_conditions_library(
        ctx,  # type: ignore[arg-type]
        "north",
        libraries.ConditionsLibraryChange(conditions=mine),
        changed_by="officer:admin",
    )
    assert not saved.is_default and saved.changed_by == "officer:admin"
    assert "obscure-glazing" not in [c.code for c in saved.conditions]
    assert libraries.get_conditions_library(ctx, "south").is_default  # type: ignore[arg-type]

    again = libraries.set_conditions_library(
        ctx,  # type: ignore[arg-type]
        "north",
        libraries.ConditionsLibraryChange(conditions=mine),
        changed_by="officer:admin",
    )
    assert repo.councils.library("north", "conditions").version == 2  # type: ignore[union-attr]
    assert again.conditions == saved.conditions


def test_a_repeated_code_is_refused_and_nothing_is_kept(repo):
    from bops.services import council_libraries as libraries

    ctx = _Ctx(repo)
    bundled = libraries.get_conditions_library(ctx, "north").conditions  # type: ignore[arg-type]
    with pytest.raises(InvalidRequest) as raised:
        libraries.set_conditions_library(
            ctx,  # type: ignore[arg-type]
            "north",
            libraries.ConditionsLibraryChange(conditions=[*bundled, bundled[0]]),
            changed_by="officer:admin",
        )
    assert raised.value.fields[0].path == f"conditions[{len(bundled)}].code"
    assert repo.councils.library("north", "conditions") is None


def test_a_library_too_large_for_one_item_is_refused_naming_the_list(repo):
    from bops.services import council_libraries as libraries

    ctx = _Ctx(repo)
    policies = [
        {"id": f"p{i}", "reference": f"P{i}", "title": "A policy", "summary": "x" * 7900, "plan": "Plan"}
        for i in range(60)
    ]
    with pytest.raises(InvalidRequest) as raised:
        libraries.set_policies(
            ctx,  # type: ignore[arg-type]
            "north",
            libraries.PoliciesChange.model_validate({"policies": policies}),
            changed_by="officer:admin",
        )
    assert raised.value.fields[0].path == "policies"
