"""The case officer task: an administrator chooses the case officer from the council's officers."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, sign_in, username

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
