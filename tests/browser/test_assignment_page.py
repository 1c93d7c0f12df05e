"""The case officer task: an officer chooses the case officer from the council's officers (an administrator, or
since issue 12 any assessor or reviewer handing the case to a colleague)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, focused, horizontal_overflow, sign_in, tab_to, username

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def test_an_administrator_chooses_the_case_officer_from_the_councils_officers(page, officers):
    # Given an application, and the council's administrator signed in on its case officer task
    reference = officers.submit()
    sign_in(page, officers, "administrator", next_path=f"/application.html?reference={reference}&task=assignment")
    officer = page.locator("select#officer")

    # Then the council's officers are offered, and no free text
    expect(officer).to_be_visible()
    offered = officer.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert offered == ["", *sorted(username(officers, role) for role in ("administrator", "assessor", "reviewer"))]
    assert_accessible(page, "case officer task")

    # When the reviewer is chosen
    officer.select_option(username(officers, "reviewer"))
    page.click("#assignment-form button[type=submit]")

    # Then the case is theirs
    page.wait_for_url(f"**/application.html?reference={reference}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Case officer: {username(officers, 'reviewer')}"
    )
    assert officers.case(reference)["application"]["assigned_officer"] == username(officers, "reviewer")


def test_an_assessor_assigns_the_case_to_a_colleague_by_keyboard_on_a_320_pixel_screen(browsing, officers):
    """Issue 12's newcomer, signed in as the assessor, "assigns the case to a colleague": from the case page's
    own link, by keyboard only (Tab, arrow keys, Enter), on a 320 px wide screen."""
    # Given an unassigned application, and the assessor (not an administrator) on its case page, 320 px wide
    reference = officers.submit()
    page = browsing.new_page(width=320, height=640)
    sign_in(page, officers, "assessor", next_path=f"/application.html?reference={reference}")
    page.locator("h2:text-is('Application')").wait_for()

    # When they follow the case officer link by keyboard
    tab_to(page, lambda element: element["tag"] == "a" and element["text"].startswith("Assign"))
    page.keyboard.press("Enter")
    page.wait_for_url("**task=assignment**")
    officer = page.locator("select#officer")
    expect(officer).to_be_visible()

    # Then the council's officers are offered to them too, themselves first chosen
    offered = officer.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert offered == ["", *sorted(username(officers, role) for role in ("administrator", "assessor", "reviewer"))]
    expect(officer).to_have_value(username(officers, "assessor"))
    assert horizontal_overflow(page) == 0
    assert_accessible(page, "case officer task at 320 px (assessor)")

    # When they reach the list by Tab, choose the reviewer with the arrow keys and send it with Enter
    tab_to(page, lambda element: element["tag"] == "select" and element["id"] == "officer")
    for _ in range(len(offered)):
        if officer.input_value() == username(officers, "reviewer"):
            break
        page.keyboard.press("ArrowDown")
    expect(officer).to_have_value(username(officers, "reviewer"))
    submit = tab_to(page, lambda element: element["tag"] == "button" and element["type"] == "submit")
    assert submit["text"] == "Save", focused(page)
    page.keyboard.press("Enter")

    # Then the case is the colleague's, and the page still fits
    page.wait_for_url(f"**/application.html?reference={reference}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Case officer: {username(officers, 'reviewer')}"
    )
    assert officers.case(reference)["application"]["assigned_officer"] == username(officers, "reviewer")
    assert horizontal_overflow(page) == 0
    assert_accessible(page, "case page after assigning a colleague at 320 px")
