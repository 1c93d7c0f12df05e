"""PS1 and PS2 for a seeded quarter (2026Q4: 1 October to 31 December 2026), every figure worked out by hand.

The cases are stored at the repository level with the dates each needs (received, decided, statutory and
extended determination dates), on a table of the test's own under moto in this process.
"""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest

from bops.auth import Identity
from tests.support import fresh_repository

pytestmark = pytest.mark.integration

COUNCIL = "returns-test"
ADMIN = Identity(council=COUNCIL, kind="officer", subject="s", name="admin", roles=frozenset({"administrator"}))


def _case(
    n,
    app_type,
    *,
    received_at,
    received_on,
    decided=None,
    decision=None,
    committee=False,
    expiry=None,
    extended=None,
    development_type=None,
):
    case = {
        "council": COUNCIL,
        "reference": f"26-{n:05d}-X",
        "application_type": app_type,
        "application_type_name": app_type,
        "status": "determined" if decided else "in_assessment",
        "received_at": received_at,
        "received_on": received_on,
        "site": {"address": f"{n} High Street"},
        "description": "Works",
        "version": 1,
        "expiry_date": expiry,
        "extended_expiry_date": extended,
    }
    if decided:
        case["decision"] = {
            "decision": decision,
            "determined_on": decided,
            "made_by": "committee" if committee else "reviewer",
        }
    if development_type:
        case["development_type"] = development_type
    return {k: v for k, v in case.items() if v is not None}


SEEDED = [
    # A: householder (Q15), received and granted in the quarter, before its statutory date
    _case(
        1,
        "pp.full.householder",
        received_at="2026-10-05T10:00:00+01:00",
        received_on="2026-10-05",
        decided="2026-11-20",
        decision="granted",
        expiry="2026-11-30",
    ),
    # B: householder received last quarter, refused in this one after its date but within the agreed extension
    _case(
        2,
        "pp.full.householder",
        received_at="2026-08-01T10:00:00+01:00",
        received_on="2026-08-03",
        decided="2026-10-10",
        decision="refused",
        expiry="2026-09-26",
        extended="2026-10-15",
    ),
    # C: minor for dwellings (the officer set Q07), received last quarter, granted by committee, out of time
    _case(
        3,
        "pp.full.minor",
        received_at="2026-09-30T09:00:00+01:00",
        received_on="2026-09-30",
        decided="2026-12-31",
        decision="granted",
        committee=True,
        expiry="2026-11-25",
        development_type="Q07",
    ),
    # D: major arriving out of hours on 31 December: received (counted) on 4 January 2027, next quarter
    _case(4, "pp.full.major", received_at="2026-12-31T19:00:00+00:00", received_on="2027-01-04"),
    # E: prior approval received and decided (not required) in the quarter
    _case(
        5,
        "pa.part1.classA",
        received_at="2026-11-02T10:00:00+00:00",
        received_on="2026-11-02",
        decided="2026-12-01",
        decision="prior_approval_not_required",
        expiry="2026-12-14",
    ),
    # F: prior approval received last quarter, refused in this one
    _case(
        6,
        "pa.part14.classJ",
        received_at="2026-09-25T10:00:00+01:00",
        received_on="2026-09-25",
        decided="2026-10-20",
        decision="prior_approval_refused",
        expiry="2026-11-20",
    ),
    # G: householder decided last quarter: in neither count
    _case(
        7,
        "pp.full.householder",
        received_at="2026-06-01T10:00:00+01:00",
        received_on="2026-06-01",
        decided="2026-09-30",
        decision="granted",
        expiry="2026-07-27",
    ),
    # H: lawful development certificate received in the quarter, not yet decided
    _case(8, "ldc.proposed", received_at="2026-10-20T10:00:00+01:00", received_on="2026-10-20", expiry="2026-12-15"),
    # I: works to trees (no PS2 line) received and granted in the quarter, in time
    _case(
        9,
        "wtt.consent",
        received_at="2026-10-03T10:00:00+01:00",
        received_on="2026-10-05",
        decided="2026-10-29",
        decision="granted",
        expiry="2026-11-28",
    ),
    # K: householder arriving out of hours on 30 September: received (counted) on 1 October, this quarter
    _case(
        11,
        "pp.full.householder",
        received_at="2026-09-30T18:30:00+01:00",
        received_on="2026-10-01",
        expiry="2026-11-26",
    ),
]


@pytest.fixture
def ctx(monkeypatch):
    with fresh_repository(monkeypatch) as repo:
        for case in SEEDED:
            repo.cases.create(case)
        # another council's case on the same days is never counted
        repo.cases.create({**SEEDED[0], "council": "elsewhere"})
        yield SimpleNamespace(repo=repo)


def test_ps1_for_the_seeded_quarter(ctx):
    from bops.services import returns

    report = returns.ps1(ctx, ADMIN, "2026Q4")

    # received on 1 Oct to 31 Dec: A, E, H, I, K (K out of hours on 30 Sept; D counts from 4 Jan 2027)
    assert report.received == 5
    # decided in the quarter: A, B, C, E, F, I
    assert report.decided == 6
    assert report.major.total == 0
    assert report.minor.model_dump() == {
        "total": 1,
        "granted": 1,
        "refused": 0,
        "delegated": 0,
        "committee": 1,
        "within_time": 0,
        "within_extension": 0,
        "out_of_time": 1,
    }
    assert report.other.model_dump() == {
        "total": 2,
        "granted": 1,
        "refused": 1,
        "delegated": 2,
        "committee": 0,
        "within_time": 1,
        "within_extension": 1,
        "out_of_time": 0,
    }
    assert report.not_on_ps2.total == 1 and report.not_on_ps2.within_time == 1
    assert report.prior_approvals.model_dump() == {
        "received": 1,
        "decided": 2,
        "not_required": 1,
        "granted": 0,
        "refused": 1,
    }
    assert report.enforcement.enforcement_notices_issued == 0
    assert "no enforcement" in report.enforcement.note


def test_ps2_for_the_seeded_quarter(ctx):
    from bops.domain.returns import ps2_csv
    from bops.services import returns

    report = returns.ps2(ctx, ADMIN, "2026Q4")

    lines = {line.code: line for line in report.lines}
    assert len(lines) == 20
    assert (lines["Q15"].total, lines["Q15"].granted, lines["Q15"].refused) == (2, 1, 1)
    assert (lines["Q15"].within_time, lines["Q15"].within_extension, lines["Q15"].delegated) == (1, 1, 2)
    assert (lines["Q07"].total, lines["Q07"].committee, lines["Q07"].out_of_time) == (1, 1, 1)
    assert lines["Q12"].total == 0  # C's default line, changed by the officer
    assert sum(line.total for line in report.lines) == report.total.total == 3
    assert report.total.model_dump() == {
        "total": 3,
        "granted": 2,
        "refused": 1,
        "delegated": 2,
        "committee": 1,
        "within_time": 1,
        "within_extension": 1,
        "out_of_time": 1,
    }
    rows = list(csv.DictReader(io.StringIO(ps2_csv(report))))
    q15 = next(r for r in rows if r["code"] == "Q15")
    assert (q15["total"], q15["granted"], q15["within_extension"]) == ("2", "1", "1")
    assert rows[-1]["code"] == "total" and rows[-1]["total"] == "3"


def test_the_quarter_before_and_a_bad_quarter(ctx):
    from bops.domain.errors import InvalidRequest
    from bops.services import returns

    before = returns.ps1(ctx, ADMIN, "2026Q3")
    # received 1 July to 30 Sept: B (3 Aug), C (30 Sept), F (25 Sept); decided: G (30 Sept)
    assert (before.received, before.decided, before.other.granted) == (3, 1, 1)
    with pytest.raises(InvalidRequest) as raised:
        returns.ps2(ctx, ADMIN, "2026-Q4")
    assert raised.value.fields[0].path == "quarter"
