"""The dashboard's tabs: which stored rows each tab reads."""

from __future__ import annotations

from bops.domain.dashboard import TABS, TO_REVIEW_STATUS, tabs_of, view_of


def test_the_reviewers_tab_is_a_view_of_all_by_status_and_writes_no_row_of_its_own():
    assert "to_review" in TABS
    assert view_of("to_review", "jsmith", None) == ("all", "awaiting_determination")
    # a status filter asked for on the tab does not widen it
    assert view_of("to_review", "jsmith", "determined") == ("all", TO_REVIEW_STATUS)
    case = {"status": "awaiting_determination", "assigned_officer": "jsmith"}
    assert tabs_of(case) == ["all", "officer:jsmith"]


def test_the_other_tabs_read_their_own_rows():
    assert view_of("mine", "jsmith", "in_assessment") == ("officer:jsmith", "in_assessment")
    assert view_of("unassigned", "jsmith", None) == ("unassigned", None)
    assert view_of("all", "jsmith", "determined") == ("all", "determined")
