"""The council's rule for out-of-hours receipt on its settings page: an administrator sets a closing time
(an application arriving after it, at a weekend or on a bank holiday counts from the next working day);
other officers read it."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def test_an_administrator_sets_when_an_application_counts_as_received(browsing, council):
    page = browsing.new_page()
    sign_in(page, council, "administrator", next_path="/settings.html")
    expect(page.locator("h1")).to_have_text("Council settings")
    expect(page.locator("#received-rule")).to_be_checked()  # the day it arrives: the default
    page.check("#received-rule-2")
    page.fill("#out-of-hours-from", "5pm")
    page.click("#received-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Enter the closing time on the 24-hour clock, like 17:00"]
    )
    assert_accessible(page, "council settings, received date with an error")
    page.fill("#out-of-hours-from", "17:30")
    page.click("#received-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("counts as received")
    assert council.officer("administrator").get("/api/v1/council/settings").json() == {"out_of_hours_from": "17:30"}
    expect(page.locator("#received-rule-2")).to_be_checked()
    expect(page.locator("#out-of-hours-from")).to_have_value("17:30")

    reader = browsing.new_page()
    sign_in(reader, council, "assessor", next_path="/settings.html")
    expect(reader.locator("h2#received + p + dl")).to_contain_text("after 17:30, at a weekend or on a bank holiday")
    assert reader.locator("#received-form").count() == 0
