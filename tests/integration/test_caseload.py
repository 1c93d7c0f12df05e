"""The team's caseload: each officer's open cases, overdue and due soon, from the dashboard's own figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.integration


def _received_days_ago(council, days: int) -> str:
    """A householder application received and validated ``days`` ago (the clock moved back meanwhile): its
    determination date is eight weeks after it was received."""
    from bops.services.context import context

    clock = context().clock
    try:
        clock.travel_to(datetime.now(UTC) - timedelta(days=days))
        return council.validated("fullHouseholder")
    finally:
        clock.travel_to(datetime.now(UTC))


def _assign(council, reference: str, officer: str) -> None:
    response = council.officer("administrator").post(
        f"/api/v1/applications/{reference}/assignment", json_body={"officer": officer}
    )
    assert response.status_code == 200, response.text


def test_the_team_view_counts_each_officers_open_overdue_and_due_soon_cases(runtime, council):
    assessor, reviewer = f"assessor-{council.id}", f"reviewer-{council.id}"
    # Given a case past its determination date with the assessor; one due in two days and one just
    # received with the reviewer; one unassigned; one closed
    overdue = _received_days_ago(council, 70)
    due_soon = _received_days_ago(council, 54)
    fresh = council.submit("fullHouseholder")
    unassigned = council.submit("fullHouseholder")
    closed = council.submit("fullHouseholder")
    _assign(council, overdue, assessor)
    _assign(council, due_soon, reviewer)
    _assign(council, fresh, reviewer)
    response = council.officer("administrator").post(
        f"/api/v1/applications/{closed}/closure", json_body={"reason": "Submitted in error"}
    )
    assert response.status_code == 200, response.text

    # When any officer of the council looks at the team's caseload
    page = council.officer("assessor").get("/api/v1/council/caseload")

    # Then each officer's figures agree with the dashboard's deadline tags
    assert page.status_code == 200, page.text
    figures = {row["username"]: row for row in page.json()["officers"]}
    assert set(figures) == {assessor, reviewer, f"administrator-{council.id}", None}
    assert (figures[assessor]["open"], figures[assessor]["overdue"], figures[assessor]["due_soon"]) == (1, 1, 0)
    assert figures[assessor]["by_status"] == {"in_assessment": 1}
    assert (figures[reviewer]["open"], figures[reviewer]["overdue"], figures[reviewer]["due_soon"]) == (2, 0, 1)
    assert figures[None]["name"] == "Unassigned"
    assert figures[None]["open"] == 1  # the closed case is in no one's caseload
    assert figures[f"administrator-{council.id}"]["open"] == 0

    # and an officer's figures link to their cases on the dashboard, each saying whom it waits on
    def cases_of(officer: str) -> dict[str, dict]:
        tab = council.officer("administrator").get("/api/v1/dashboard", params={"tab": "mine", "officer": officer})
        assert tab.status_code == 200, tab.text
        return {row["reference"]: row for row in tab.json()["applications"]}

    assert set(cases_of(reviewer)) == {due_soon, fresh}
    mine = cases_of(assessor)
    assert set(mine) == {overdue}
    assert mine[overdue]["deadline_status"] == "overdue"
    assert (mine[overdue]["waiting_on"], mine[overdue]["waiting_reason"]) == ("officer", "Consultation and assessment")
    unassigned_row = council.officer().get("/api/v1/dashboard", params={"tab": "unassigned"}).json()["applications"]
    assert [row["reference"] for row in unassigned_row] == [unassigned]
    # the other tabs are the council's, whoever is named
    everyone = council.officer().get("/api/v1/dashboard", params={"tab": "unassigned", "officer": assessor})
    assert [row["reference"] for row in everyone.json()["applications"]] == [unassigned]
    too_long = council.officer().get("/api/v1/dashboard", params={"tab": "mine", "officer": "x" * 129})
    assert too_long.status_code == 422 and too_long.json()["error"]["fields"][0]["path"] == "officer"


def test_the_caseload_is_for_officers_only(runtime, council):
    assert council.anonymous.get("/api/v1/council/caseload").status_code == 401
    assert council.integrator.get("/api/v1/council/caseload").status_code in (401, 403)


def test_the_case_says_it_waits_on_consultees_while_its_consultation_runs(runtime, council):
    from tests.support import add_neighbours_and_consultee

    # Given a valid householder case, waiting on its officer
    reference = council.validated("fullHouseholder")
    officer = council.officer()
    assert council.case(reference)["waiting"]["party"] == "officer"

    # When the officer starts its consultation
    add_neighbours_and_consultee(officer, reference, ["1 Example Street"], "SE1 1AA")
    started = officer.post(f"/api/v1/applications/{reference}/consultation")
    assert started.status_code == 200, started.text
    end = started.json()["consultation"]["end_date"]

    # Then the case waits on its consultees until the consultation's last day (the dashboard row, which
    # carries only the status, still says the officer's: starting a consultation rewrites no row)
    waiting = council.case(reference)["waiting"]
    assert waiting == {"party": "consultee", "reason": f"Consultation until {end}"}
