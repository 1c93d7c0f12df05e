"""An officer finds a pre-application advice request on the dashboard and issues the advice report (PDF)."""

from __future__ import annotations

import json
import uuid
from importlib import resources

import pytest

from tests.browser.helpers import assert_accessible, dashboard_tab, sign_in, tab_to, username
from tests.support import wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def _pre_app() -> dict:
    text = resources.files("bops.odp").joinpath("schema", "examples", "preApp.json").read_text(encoding="utf-8")
    payload = json.loads(text)
    payload["metadata"]["id"] = str(uuid.uuid4())
    return payload


def test_an_officer_issues_pre_application_advice_from_the_dashboard(browsing, runtime):
    from tests.support import new_council

    officers = new_council(runtime)  # a council of its own: its tab lists exactly this request
    # Given a pre-application advice request from PlanX
    created = officers.integrator.post("/api/v1/submissions", json_body=_pre_app())
    assert created.status_code == 201, created.text
    reference = created.json()["reference"]
    page = browsing.new_page()
    sign_in(page, officers)

    # When the officer opens the dashboard's pre-applications tab
    tab = dashboard_tab(page, "pre_applications")
    row = tab.locator(f"tr[data-reference='{reference}']")
    expect(row).to_contain_text("75, MAIN STREET, AUCKLEY")
    expect(row).to_contain_text("Submitted")
    assert_accessible(page, "pre-applications tab")

    # and opens the request by keyboard
    tab_to(page, lambda element: element["tag"] == "a" and element["text"] == reference)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/pre-application.html?reference={reference}")
    expect(page.locator("h1")).to_have_text(reference)
    assert_accessible(page, "a pre-application")

    # Then they assign it to themselves, start, and write and submit the report
    expect(page.locator("#assign-officer")).to_have_value(username(officers))
    # chosen from the council's officers (a colleague among them), not typed in
    assert page.locator("#assign-officer").evaluate("e => e.tagName") == "SELECT"
    assert "Senior planning officer" in page.locator("#assign-officer").inner_text()
    page.select_option("#assign-band", "householder")
    page.click("#assign-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Officer assigned")
    page.click("#start-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Work started")
    page.click("#save_report-form button[type=submit]")  # nothing written: the error summary says so
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the summary of advice")
    assert_accessible(page, "the report form with an error")
    page.fill("#report-summary", "A single storey rear conservatory is likely to be acceptable.")
    page.fill("#report-requirements", "Existing and proposed floor plans\nA site location plan")
    page.click("#save_report-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Report saved")
    page.click("#submit_report-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("being issued")

    # and once the workflow has issued it, the page links to the PDF
    def issued() -> bool:
        page.reload()
        page.locator("h1").wait_for()
        return page.locator("#report-links").count() == 1

    wait_for(issued, interval=0.5)
    expect(page.locator("#report-links a[data-report=pdf]")).to_have_count(1)
    expect(page.locator("#pre-application .govuk-tag").first).to_have_text("Advice issued")
    assert_accessible(page, "an issued pre-application")


def test_an_administrator_sets_the_fee_bands_service_level_and_review(browsing, runtime):
    from tests.support import new_council

    officers = new_council(runtime)
    page = browsing.new_page()
    sign_in(page, officers, "administrator", next_path="/pre-application-settings.html")
    page.locator("#pre-application-settings-form").wait_for()
    assert_accessible(page, "pre-application settings")

    # When the administrator asks for 20 working days, review, and adds a band
    page.fill("#service-level", "20")
    page.check("#review-required")  # "Yes"
    page.fill("#band-5-name", "Listed building")
    page.fill("#band-5-amount", "x")
    page.click("#pre-application-settings-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the charge in pounds")
    page.fill("#band-5-amount", "450")
    page.click("#pre-application-settings-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Settings saved")

    # Then the council's service is as set, and a new request is due 20 working days after it arrives
    saved = officers.officer().get("/api/v1/council/pre-application-settings").json()
    assert saved["service_level_days"] == 20 and saved["review_required"] is True
    assert {"id": "listed-building", "name": "Listed building", "description": "", "amount": 450.0,
            "meeting_included": False} in saved["fee_bands"]  # fmt: skip
    reference = officers.integrator.post("/api/v1/submissions", json_body=_pre_app()).json()["reference"]
    case = officers.officer().get(f"/api/v1/pre-applications/{reference}").json()["pre_application"]
    assert case["service_level_days"] == 20 and case["review_required"] is True

    # and an assessor sees the settings but cannot change them
    other = browsing.new_page()
    sign_in(other, officers, "assessor", next_path="/pre-application-settings.html")
    expect(other.locator(".govuk-inset-text")).to_contain_text("Only an administrator")
    expect(other.locator("#pre-application-settings-form")).to_have_count(0)
