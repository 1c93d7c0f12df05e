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


def _recommended(officers) -> str:
    """A householder case the assessor has recommended for approval: it waits on a reviewer."""
    from tests.support import complete_assessment, consult_if_needed, wait_for

    reference = officers.submit()
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "validation_decision")
    officer = officers.officer()
    assert officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}).ok
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "assessment")
    assert officer.post(f"/api/v1/applications/{reference}/assessment", json_body={}).ok
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "recommendation")
    complete_assessment(officers, reference)
    consult_if_needed(officers, reference)  # publicised first (DMPO 2015 art. 15)
    recommended = officer.post(
        f"/api/v1/applications/{reference}/recommendation", json_body={"decision": "granted", "summary": "Acceptable."}
    )
    assert recommended.status_code == 200, recommended.text
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "review")
    return reference


def _focused_tab(page) -> str:
    """The dashboard tab the focused element is in ('' outside every tab's list)."""
    return page.evaluate("document.activeElement.closest('[data-tab]')?.dataset.tab || ''")


def test_the_reviewer_reaches_the_to_review_tab_by_keyboard_and_it_fits_320_pixels(browsing, runtime):
    """Issue 12: the reviewer's "To review" tab lists the recommendations waiting for them, reached and opened
    by keyboard alone (Tab to the tabs, arrow keys along them, Tab into the list, Enter), and fits 320 px."""
    from tests.support import new_council

    # Given a case the assessor has recommended (a council of its own: the lists Tab passes through stay short)
    officers = new_council(runtime)
    reference = _recommended(officers)

    # When the reviewer, on the dashboard, goes along the tabs with the arrow keys to "To review"
    page = browsing.new_page()
    sign_in(page, officers, "reviewer")
    page.locator("[data-tab=mine] table, [data-tab=mine] p:not(.app-loading)").first.wait_for()
    tab_to(page, lambda element: element["tag"] == "a" and element["text"] == "Your cases")
    for _ in range(8):
        if page.evaluate("document.activeElement.textContent").strip() == "To review":
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent").strip() == "To review"
    # Then its list shows, with the case
    review_list = page.locator("[data-tab=to_review]")
    expect(page.locator("#to_review")).to_be_visible()
    expect(review_list.locator(f"a:text-is('{reference}')")).to_have_count(1)
    assert_accessible(page, "the reviewer's to review tab")

    # When they Tab into the list to the case and press Enter
    tab_to(page, lambda element: element["tag"] == "a" and element["text"] == reference)
    assert _focused_tab(page) == "to_review"
    page.keyboard.press("Enter")
    # Then the case opens, its review waiting for them
    page.wait_for_url(f"**/application.html?reference={reference}")
    expect(page.locator("a.govuk-task-list__link:text-is('Review the recommendation')")).to_be_visible()

    # And on a 320 px wide screen the to review list shows (every tab's list does) without a horizontal scroll
    narrow = browsing.new_page(width=320, height=640)
    sign_in(narrow, officers, "reviewer")
    narrow_list = narrow.locator("[data-tab=to_review]")
    expect(narrow_list.locator(f"a:text-is('{reference}')")).to_have_count(1)
    assert horizontal_overflow(narrow) == 0
    assert_accessible(narrow, "the reviewer's to review tab at 320 px")
    # and the case is reached by keyboard there too, from the to review list
    tab_to(
        narrow,
        lambda element: element["tag"] == "a" and element["text"] == reference and _focused_tab(narrow) == "to_review",
        limit=200,
    )
    narrow.keyboard.press("Enter")
    narrow.wait_for_url(f"**/application.html?reference={reference}")
    assert horizontal_overflow(narrow) == 0
