"""What a householder case costs in DynamoDB write units, counted (not timed) with the benchmark's counter.

The counter computes write units from the items written, by DynamoDB's rules (``benchmarks/writes.py``),
so these figures are the same on every run.
"""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.writes import (
    ASSESSMENT_TASKS_STEP,
    CASE_AGGREGATE,
    TARGET_WCU_ASSESSMENT,
    TARGET_WCU_PER_CASE,
    CapacityCounter,
    assessment_units,
    householder_case,
    lifecycle_units,
    page_reads,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def counted(runtime):
    from tests.support import new_council

    council = new_council(runtime)
    counter = CapacityCounter(council.id)
    with counter.counting():
        householder_case(council, counter)
    return council, counter


def _by(counter, **match):
    totals: Counter[str] = Counter()
    for phase, _operation, kind, units in counter.log:
        if all({"phase": phase, "kind": kind}[k] == v for k, v in match.items()):
            totals[kind] += units
    return totals


def test_the_case_aggregate_of_a_householder_case_stays_within_its_share(counted):
    _, counter = counted
    # the assessment's own writes (its tasks' audit entries included) are measured apart, below
    own = sum(
        units for phase, _op, kind, units in counter.log if kind in CASE_AGGREGATE and phase != ASSESSMENT_TASKS_STEP
    )
    # two dashboard rows per change of status or tab (52 WCU: the caseload tab's row is in no index), the
    # case item (1.2-2.7 KB, 16 writes: 60), the checks' report (4) and the audit entries (31): 150 WCU when
    # measured. With the report on the case (~4.5 KB) and the workflow's task token kept in transactions it
    # was 228; with filter indexes on every tab's row, 168.
    assert own <= 160, dict(counter.by_kind)
    assert counter.by_kind["application"] <= 65, dict(counter.by_kind)
    assert counter.by_kind["dashboard"] <= 55, dict(counter.by_kind)


def test_the_case_item_stays_small_and_the_workflows_wait_is_one_update(counted):
    _, counter = counted
    case_writes = [(operation, units) for _phase, operation, kind, units in counter.log if kind == "application"]
    # the checks' report is kept beside the case: no write before the decision reaches 3 KB (a transaction
    # bills twice: 6 units); with the report on it they were 8-10. The decision's write stays within 4 KB
    # (8 units): it keeps the notice's signature (the officer's full name and job title) and each condition
    # with its reason (DMPO 2015 art. 35(1)(a)), about 3.4 KB when measured.
    decided = [
        units for phase, _operation, kind, units in counter.log if kind == "application" and "determination" in phase
    ]
    before = [
        units
        for phase, _operation, kind, units in counter.log
        if kind == "application" and "determination" not in phase
    ]
    assert max(before) <= 6, case_writes
    assert max(decided) <= 8, case_writes
    # keeping the task token for each of the four milestones is one UpdateItem, outside any transaction
    assert [operation for operation, _units in case_writes].count("UpdateItem") == 4, case_writes


def test_a_change_no_dashboard_row_shows_rewrites_no_row(counted):
    _, counter = counted
    consultation = _by(counter, phase="consultation")
    # starting the consultation, recording the site notice...: the case is written, its rows are not
    assert consultation["application"] > 0
    assert consultation["dashboard"] == 0


def test_a_list_page_reads_summary_rows_not_whole_cases(runtime, counted):
    council, _ = counted
    for _ in range(3):
        council.submit("fullHouseholder")
    reads = page_reads(council)
    assert reads["rows"] == 4
    assert reads["rcu_list_page_20"] <= reads["rcu_dashboard_page_20"]


def test_a_householder_case_costs_at_most_270_write_units(counted):
    """Issue 10's target (250), moved by the writes of what cases have gained since (``TARGET_WCU_PER_CASE``):
    one householder case, 32 neighbour letters and a consultee, end to end. Measured
    242 at issue 10 (make benchmark: writes): letters 2 each (the neighbour added, then marked sent), the case 60,
    dashboard rows 52, audit 31, search 14."""
    _, counter = counted
    assert lifecycle_units(counter) <= TARGET_WCU_PER_CASE, dict(counter.by_kind)


def test_the_officers_assessment_costs_at_most_its_own_write_units(counted):
    """Saving the required assessment tasks adds writes of its own (issue 11), measured apart from issue 10's
    case figure: each required task of a householder case (constraints, site history, summaries, policies,
    conditions, approved plans) saved once, as a task item and its audit entry in one transaction (billed
    twice), and the recommendation's report kept as an item beside the case."""
    _, counter = counted
    assessment = assessment_units(counter)
    assert 0 < assessment <= TARGET_WCU_ASSESSMENT, (assessment, dict(counter.by_phase))
