"""The team tab: each officer's open, overdue and due-soon cases, each officer linking to their cases."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, dashboard_tab, horizontal_overflow, sign_in, tab_to, username

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def test_the_team_tab_shows_each_officers_caseload_and_links_to_their_cases(browsing, runtime):
    from tests.support import OFFICER_NAMES, new_council

    officers = new_council(runtime)  # a council of its own: the counts are exact
    # Given a case assigned to the reviewer
    reference = officers.submit()
    assigned = officers.officer("administrator").post(
        f"/api/v1/applications/{reference}/assignment", json_body={"officer": username(officers, "reviewer")}
    )
    assert assigned.status_code == 200, assigned.text
    page = browsing.new_page()
    sign_in(page, officers)

    # When the assessor opens the team tab
    team = dashboard_tab(page, "team")

    # Then each officer has a row with their open cases, and the reviewer's links to their cases
    # (shown by the full name the officer directory gives them)
    reviewer_name = OFFICER_NAMES["reviewer"][0]
    reviewer_row = team.locator("tbody tr", has=page.locator(f"a:text-is('{reviewer_name}')"))
    expect(reviewer_row.locator("td").first).to_have_text("1")
    expect(team.locator("tbody tr", has=page.locator("a:text-is('Unassigned')"))).to_have_count(1)
    assert_accessible(page, "team tab")

    # and, by keyboard only, the reviewer's link opens the dashboard on their cases, saying whom each waits on
    tab_to(page, lambda element: element["tag"] == "a" and element["text"] == reviewer_name)
    page.keyboard.press("Enter")
    page.wait_for_url("**officer=**#mine")
    mine = page.locator("[data-tab=mine]")
    mine.locator("table").wait_for()
    expect(page.locator("#mine-heading")).to_have_text(f"Cases of {username(officers, 'reviewer')}")
    expect(mine.locator(f"a:text-is('{reference}')")).to_have_count(1)
    expect(mine.locator("th:text-is('Waiting on')")).to_have_count(1)
    assert_accessible(page, "an officer's cases")

    # and the case itself says whom it waits on (not validated yet: its officer)
    mine.locator(f"a:text-is('{reference}')").click()
    expect(page.locator("dt:text-is('Waiting on') + dd")).to_have_text("Case officer: To validate")


def test_the_team_tab_fits_a_320_pixel_wide_screen(browsing, officers):
    page = browsing.new_page(width=320, height=640)
    sign_in(page, officers)
    page.locator("[data-tab=team] table").wait_for()  # on a small screen every tab's list shows
    assert horizontal_overflow(page) == 0
    assert_accessible(page, "team tab at 320 px")
