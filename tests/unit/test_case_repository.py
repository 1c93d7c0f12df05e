"""The case aggregate's stored form: dashboard rows written only when they change, audit items, sizing."""

from __future__ import annotations

from typing import Any

from benchmarks.writes import item_size, write_units
from bops.domain.application import AuditEntry
from bops.repository import audit
from bops.repository.cases import case_writes, dashboard_rows, dashboard_writes


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
