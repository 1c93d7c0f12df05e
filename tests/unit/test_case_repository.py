"""The case aggregate's stored form: dashboard rows written only when they change, audit items, sizing;
and, on moto in process, the workflow's one-UpdateItem bookkeeping."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.writes import item_size, write_units
from bops.domain.application import AuditEntry
from bops.domain.errors import Conflict
from bops.repository import Repository, audit
from bops.repository.cases import case_writes, dashboard_rows, dashboard_writes
from tests.support import fresh_repository


def _case(**changes: Any) -> dict[str, Any]:
    case = {
        "council": "southwark",
        "reference": "26-00001-HAPP",
        "kind": "application",
        "application_type": "pp.full.householder",
        "application_type_name": "Householder",
        "status": "in_assessment",
        "received_at": "2026-01-05T10:00:00Z",
        "received_on": "2026-01-05",
        "description": "Single storey rear extension",
        "site": {"address": "1 High Street", "postcode": "SE1 1AA"},
        "expiry_date": "2026-03-02",
        "version": 3,
    }
    case.update(changes)
    return {k: v for k, v in case.items() if v is not None}


def _kinds(writes: list[dict[str, Any]]) -> list[str]:
    return sorted(next(iter(w)) for w in writes)


def test_a_case_is_in_two_rows_the_all_tab_and_its_own():
    rows = dashboard_rows(_case())
    assert [r["pk"] for r in rows] == ["southwark#DASH#all#*#*", "southwark#DASH#unassigned#*#*"]
    all_row = rows[0]
    assert all_row["gsi5pk"] == "southwark#DASH#all#in_assessment#*"
    assert all_row["gsi6pk"] == "southwark#DASH#all#*#pp.full.householder"
    assert all_row["gsi7pk"] == "southwark#DASH#all#in_assessment#pp.full.householder"
    assert all_row["gsi1pk"] == "southwark#APPS" and all_row["gsi2pk"] == "southwark#STATUS#in_assessment"
    assert "gsi1pk" not in rows[1]
    # rows carry what a list shows, never the whole case
    assert "version" not in all_row and "received_on" not in all_row


def test_an_unchanged_dashboard_row_is_not_rewritten():
    before = _case()
    # a change to the case that no row shows (the consultation, say) writes no row
    assert dashboard_writes(before, _case(consultation={"status": "in_progress"}, version=4)) == []
    # the case item itself is still written, guarded by the version it was read at
    (put,) = case_writes(before, _case(consultation={"status": "in_progress"}, version=4))
    assert put["Put"]["ExpressionAttributeValues"] == {":expected": 3}
    assert "gsi1pk" not in put["Put"]["Item"]  # the case is in no index


def test_a_status_change_rewrites_the_two_rows_and_an_assignment_moves_one():
    before = _case()
    assert _kinds(dashboard_writes(before, _case(status="assessment_in_progress"))) == ["Put", "Put"]
    moved = dashboard_writes(before, _case(assigned_officer="alex"))
    assert _kinds(moved) == ["Delete", "Put", "Put"]
    assert moved[-1]["Delete"]["Key"]["pk"] == "southwark#DASH#unassigned#*#*"
    # the all row is rewritten (it shows the officer); the officer's tab gains a row
    assert {w["Put"]["Item"]["pk"] for w in moved if "Put" in w} == {
        "southwark#DASH#all#*#*",
        "southwark#DASH#officer:alex#*#*",
    }


def test_a_new_case_writes_its_rows_and_may_not_exist_yet():
    writes = case_writes(None, _case())
    assert writes[0]["Put"]["ConditionExpression"] == "attribute_not_exists(pk)"
    assert _kinds(writes) == ["Put", "Put", "Put"]


def test_a_deterministic_audit_key_makes_the_same_item():
    entry = AuditEntry(at="2026-01-05T10:00:00Z", actor="workflow", action="validation.report")
    first = audit.audit_item("southwark", "26-00001-HAPP", entry, key="task-1")
    assert first == audit.audit_item("southwark", "26-00001-HAPP", entry, key="task-1")
    assert audit.is_audit(first) and first["kind"] == "audit"


def test_item_sizes_follow_dynamodbs_rules():
    # names and values in UTF-8 bytes; numbers one byte per two digits, plus one
    assert item_size({"pk": "abc", "n": 12345}) == 2 + 3 + 1 + 4
    assert write_units({"pk": "x" * 1022}) == 1
    assert write_units({"pk": "x" * 1023}) == 2


# --- the workflow's bookkeeping, on moto -----------------------------------------------------------------
@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[Repository]:
    """A table of this test's own on moto in this process (its data kept: a session-wide local runtime in
    the same process may share moto's backends)."""
    with fresh_repository(monkeypatch) as repository:
        yield repository


def _rows(repo: Repository) -> list[dict[str, Any]]:
    return [
        item
        for tab in ("all", "unassigned")
        for item in repo.query_all(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"southwark#DASH#{tab}#*#*"}
        )
    ]


def test_the_workflows_bookkeeping_is_one_version_guarded_update_that_leaves_the_rows_alone(repo: Repository):
    # Given a stored case and its rows
    case = _case()
    repo.cases.create(case)
    rows = _rows(repo)

    # When the workflow keeps its task token on it
    kept = repo.cases.set_unlisted(case, {"task_token": "t-1", "awaiting": "assessment"}, at="2026-01-06T09:00:00Z")

    # Then the case has them, one version on, and the rows are as they were
    stored = repo.cases.get("southwark", "26-00001-HAPP")
    assert stored == kept
    assert stored is not None and stored["task_token"] == "t-1" and stored["awaiting"] == "assessment"
    assert stored["version"] == 4 and stored["updated_at"] == "2026-01-06T09:00:00Z"
    assert stored["description"] == case["description"]  # the rest of the case untouched
    assert _rows(repo) == rows

    # And a None removes an attribute
    cleared = repo.cases.set_unlisted(stored, {"awaiting": None}, at="2026-01-06T09:01:00Z")
    assert "awaiting" not in cleared and cleared["task_token"] == "t-1" and cleared["version"] == 5


def test_the_workflows_bookkeeping_fails_on_a_case_changed_meanwhile_or_gone(repo: Repository):
    case = _case()
    repo.cases.create(case)
    repo.cases.set_unlisted(case, {"awaiting": "validation_decision"}, at="2026-01-06T09:00:00Z")
    # written from the case as read before that change: its version is stale
    with pytest.raises(Conflict):
        repo.cases.set_unlisted(case, {"task_token": "t-2"}, at="2026-01-06T09:01:00Z")
    stored = repo.cases.get("southwark", "26-00001-HAPP")
    assert stored is not None and "task_token" not in stored
    with pytest.raises(Conflict):  # no such case: nothing is created
        repo.cases.set_unlisted(_case(reference="26-00002-HAPP"), {"awaiting": "x"}, at="2026-01-06T09:02:00Z")
    assert repo.cases.get("southwark", "26-00002-HAPP") is None


def test_the_workflows_bookkeeping_may_not_change_what_a_row_shows():
    # a field a row shows would leave the rows stale: such a change goes through case_writes
    from bops.repository.cases import CaseRepository

    with pytest.raises(ValueError, match="status"):
        CaseRepository(table=None).set_unlisted(_case(), {"status": "determined"}, at="2026-01-06T09:00:00Z")  # type: ignore[arg-type]


def test_a_filtered_caseload_view_pages_through_its_tab_without_an_index(repo: Repository):
    """An officer's own cases (a caseload, not a history) are in no filter index: filtering by status
    reads the tab's rows with a filter, and each page is full until the last, in deadline order."""
    cases = [
        _case(
            reference=f"26-0000{n}-HAPP",
            assigned_officer="jo",
            status="assessment_in_progress" if n % 2 else "in_assessment",
            expiry_date=f"2026-03-0{n}",
        )
        for n in range(1, 8)
    ]
    for case in cases:
        repo.transact(case_writes(None, case), conflict_message="exists")
    mine = [r for r in dashboard_rows(cases[0]) if r["pk"].startswith("southwark#DASH#officer:jo")]
    assert mine and not any(key.startswith("gsi") for key in mine[0])  # no index entries to write
    partition = repo.cases.dashboard_partition("southwark", "officer:jo", "assessment_in_progress", None)
    seen, cursor, pages = [], None, 0
    while True:
        rows, cursor = repo.cases.dashboard("southwark", partition, limit=2, cursor=cursor)
        pages += 1
        seen += [r["reference"] for r in rows]
        assert len(rows) == 2 or cursor is None
        if cursor is None:
            break
    assert seen == ["26-00001-HAPP", "26-00003-HAPP", "26-00005-HAPP", "26-00007-HAPP"]
    assert pages in (2, 3)
    by_type = repo.cases.dashboard_partition("southwark", "officer:jo", None, "pp.full.minor")
    assert repo.cases.dashboard("southwark", by_type, limit=20, cursor=None) == ([], None)
