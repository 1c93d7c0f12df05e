"""The enforcement pages (issue 15): an officer finds a breach report on the dashboard's enforcement tab,
triages it, records a site visit, and serves an enforcement notice whose dates the page shows (the API's
defaults under s.172(3)(b), s.174(3) and s.173(9)); a notice's bad date is shown against its field. axe on
the dashboard tab and on the case page."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.browser.helpers import assert_accessible, dashboard_tab, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64) + b"\xff\xd9"
BREACH = Path(__file__).resolve().parents[2] / "layers/bops/python/bops/odp/schema/examples/breach.json"


def _fill_date(page, prefix, day):
    page.fill(f"#{prefix}-day", str(day.day))
    page.fill(f"#{prefix}-month", str(day.month))
    page.fill(f"#{prefix}-year", str(day.year))


def test_an_officer_takes_a_breach_report_to_a_served_enforcement_notice(browsing, council):
    body = json.loads(BREACH.read_text())
    body["metadata"]["id"] = str(uuid.uuid4())
    created = council.integrator.post("/api/v1/submissions", json_body=body)
    assert created.status_code == 201, created.text
    reference = created.json()["reference"]

    page = browsing.new_page()
    sign_in(page, council, "assessor")
    slot = dashboard_tab(page, "enforcement")
    expect(slot.locator("tbody tr", has_text=reference)).to_contain_text("EASTGATE HOUSE")
    assert_accessible(page, "dashboard's enforcement tab")
    slot.get_by_role("link", name=reference).click()

    expect(page.locator("h1")).to_have_text(reference)
    expect(page.locator("main")).to_contain_text("Ebenezer Scrooge")  # the officers see the reporter
    assert_accessible(page, "enforcement case")

    # triage by keyboard-reachable controls: the kind of breach sets the priority
    page.get_by_text("Triage", exact=True).click()
    page.check("#triage-categories")  # the first kind: works to a listed building
    page.check("#triage-immunity_kind")  # operations
    _fill_date(page, "triage-began_on", date(2024, 12, 25))
    page.click("#triage-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Triage saved")
    expect(page.locator("main")).to_contain_text("High priority")
    expect(page.locator("main")).to_contain_text("25 December 2034")  # immune from (s.171B(1), 10 years)

    today = date.today()
    page.get_by_text("Record a site visit").click()
    _fill_date(page, "visit-visited_on", today)
    page.fill("#visit-notes", "A timber library in the front garden.")
    # a photo goes straight to storage (presigned POST), then opens by a short-lived link
    page.set_input_files("#visit-photos", files=[{"name": "front.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    page.click("#visit-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Visit recorded")
    page.get_by_role("button", name="View front.jpg").click()
    page.wait_for_url("**front.jpg**")
    page.go_back()
    expect(page.locator("h1")).to_have_text(reference)

    # a notice taking effect too soon: the error names the field
    page.get_by_text("Serve a notice").click()
    page.check("#notice-kind")  # enforcement notice
    _fill_date(page, "notice-served_on", today)
    _fill_date(page, "notice-takes_effect_on", today + timedelta(days=10))
    page.fill("#notice-requirements", "Remove the building.")
    page.click("#notice-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_contain_text("28 days")
    assert_accessible(page, "notice with an error")
    _fill_date(page, "notice-takes_effect_on", today + timedelta(days=28))
    page.click("#notice-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Notice served")
    notices = page.locator("table", has_text="Notices served")
    fmt = lambda d: f"{d.day} {d.strftime('%B')} {d.year}"  # noqa: E731
    expect(notices).to_contain_text(fmt(today + timedelta(days=27)))  # appeal by: before it takes effect
    expect(notices).to_contain_text(fmt(today + timedelta(days=28 + 90)))  # comply by
    assert_accessible(page, "served notice")


def test_an_officer_records_a_report_taken_by_phone_using_the_keyboard(browsing, council):
    page = browsing.new_page()
    sign_in(page, council, "assessor")
    # the tabs move with the arrow keys (GOV.UK Tabs), from the selected one; Enter follows the focused tab
    page.focus("a.govuk-tabs__tab[href='#mine']")
    # your cases, unassigned, closed, all, team, pre-applications, enforcement (an assessor has no "to review")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#enforcement")).to_be_visible()
    expect(page.locator("a.govuk-tabs__tab[href='#enforcement']")).to_be_focused()
    expect(page.locator("[data-tab=enforcement]")).to_contain_text("No open enforcement cases.")
    page.get_by_role("link", name="Record a breach report").click()

    expect(page.locator("h1")).to_have_text("Record a breach report")
    page.click("#report-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what was reported")
    assert_accessible(page, "breach report form with errors")
    page.fill("#description", "Trees felled in the conservation area at the back of the site.")
    page.fill("#address", "3 Demo Lane, Demo Town")
    page.fill("#reporter-name", "A Caller")
    page.focus("#address")
    page.keyboard.press("Enter")  # submits the form

    page.wait_for_url("**/enforcement.html?reference=*")
    expect(page.locator("h1")).to_have_text(re.compile(r"^\d{2}-\d{5}-ENF$"))
    expect(page.locator("main")).to_contain_text("taken by an officer")
    expect(page.locator("main")).to_contain_text("A Caller")
    assert_accessible(page, "new enforcement case")
