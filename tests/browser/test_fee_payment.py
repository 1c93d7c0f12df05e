"""Agreed is not paid, in the browser: the applicant agrees to pay the rest of the fee and pays on the payment
provider's page (the local stand-in for GOV.UK Pay); the officer sees it paid and the fee check passed."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, focused, horizontal_overflow, sign_in, tab_to
from tests.support import applicant_links, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def _fee_change_link(officers, reference: str) -> str:
    path = f"/api/v1/applications/{reference}/validation-requests"
    (fee,) = [r for r in officers.officer().get(path).json()["validation_requests"] if r["type"] == "fee_change"]
    (token,) = [t for t in applicant_links(officers, reference) if t.split("_")[3] == fee["id"]]
    return f"/applicant.html#{token}"


def test_the_applicant_pays_online_and_the_officer_sees_it_paid(browsing, officers):
    # Given a minor application £32 short of its fee, invalidated: the fee change went to the applicant
    reference = officers.submit("minor")
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "validation_decision")
    invalid = officers.officer().post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"}
    )
    assert invalid.status_code == 200, invalid.text

    # When the applicant agrees to pay, on a narrow screen
    applicant = browsing.new_page(width=320, height=800)
    applicant.goto(_fee_change_link(officers, reference))
    expect(applicant.locator("h1")).to_have_text("Pay the rest of the application fee")
    applicant.check("#approved")
    applicant.click("#response-form button[type=submit]")
    applicant.locator(".govuk-panel--confirmation").wait_for()

    # Then they are offered the payment page, and pay there
    pay = applicant.locator("#pay-now")
    expect(pay).to_have_text("Pay £32.00 now")
    assert_accessible(applicant, "applicant: agreed, pay now")
    assert horizontal_overflow(applicant) == 0
    pay.focus()
    applicant.keyboard.press("Enter")
    # the stand-in pays at once and sends them back, as GOV.UK Pay would, to the application's public page
    applicant.wait_for_url(f"**/public.html#{officers.id}/{reference}")

    # And the officer sees the fee paid by the provider, and the fee check passed
    officer = browsing.new_page()
    sign_in(officer, officers, next_path=f"/application.html?reference={reference}&task=validation-requests")
    officer.wait_for_selector("#validation-requests")
    expect(officer.locator("#fee-status")).to_have_text("Paid")
    assert "GOV.UK Pay" in officer.locator("#fee-summary").inner_text()
    assert "Passed" in officer.locator("tr[data-check=fee]").inner_text()
    assert officer.locator("#fee-payment-form").count() == 0
    assert_accessible(officer, "officer: fee paid online")


def test_the_officer_asks_the_provider_about_a_payer_who_never_came_back(browsing, officers):
    import requests

    from tests.support import WAIT, Caller

    # Given the applicant agreed, and paid on the provider's page but closed it before coming back
    reference = officers.submit("minor")
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "validation_decision")
    officer_api = officers.officer()
    assert (
        officer_api.post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"}
        ).status_code
        == 200
    )
    token = _fee_change_link(officers, reference).split("#", 1)[1]
    answer = Caller(officers.api_url, token).post("/api/v1/applicant/request/response", json_body={"approved": True})
    assert answer.status_code == 200, answer.text
    paid = requests.get(answer.json()["payment_url"], allow_redirects=False, timeout=WAIT)
    assert paid.status_code == 303  # paid; the browser never followed the way back

    # When the officer, seeing it agreed and not paid, asks the provider
    officer = browsing.new_page()
    sign_in(officer, officers, next_path=f"/application.html?reference={reference}&task=validation-requests")
    officer.wait_for_selector("#validation-requests")
    expect(officer.locator("#fee-status")).to_have_text("Agreed, not paid")
    assert_accessible(officer, "officer: fee agreed, online payment started")
    officer.click("#online-payment-form button[type=submit]")

    # Then the payment is found and recorded
    banner = officer.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "Payment received" in banner.inner_text()
    expect(officer.locator("#fee-status")).to_have_text("Paid")
    assert "Passed" in officer.locator("tr[data-check=fee]").inner_text()


def test_the_officer_records_a_payment_by_keyboard_on_a_320_pixel_screen(browsing, officers):
    """Issue 12, "agreed is not paid": the fee check stays failed while the fee is only agreed, and passes once
    the officer records the payment — here by keyboard alone (Tab, Space, typing, Enter), 320 px wide."""
    from zoneinfo import ZoneInfo

    from bops.services.context import context
    from tests.support import Caller

    # Given a minor application £32 short of its fee, invalidated, and the applicant agreeing to pay (not paying)
    reference = officers.submit("minor")
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "validation_decision")
    assert (
        officers.officer()
        .post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"})
        .status_code
        == 200
    )
    token = _fee_change_link(officers, reference).split("#", 1)[1]
    answer = Caller(officers.api_url, token).post("/api/v1/applicant/request/response", json_body={"approved": True})
    assert answer.status_code == 200, answer.text

    # When the officer opens the requests page on a 320 px screen
    officer = browsing.new_page(width=320, height=800)
    sign_in(officer, officers, next_path=f"/application.html?reference={reference}&task=validation-requests")
    officer.wait_for_selector("#fee-payment-form")
    # Then the fee is agreed, not paid, and its check still fails
    expect(officer.locator("#fee-status")).to_have_text("Agreed, not paid")
    assert "Failed" in officer.locator("tr[data-check=fee]").inner_text()
    assert horizontal_overflow(officer) == 0
    assert_accessible(officer, "officer: fee agreed, not paid, at 320 px")

    # When they record the payment by keyboard: the amount owed is filled in; the method, reference and date typed
    tab_to(officer, lambda element: element["id"] == "payment-amount")
    assert officer.locator("#payment-amount").input_value() == "32.00"
    officer.keyboard.press("Tab")
    assert focused(officer)["id"] == "payment-method"  # the first way of paying: card
    officer.keyboard.press("Space")
    officer.keyboard.press("Tab")
    assert focused(officer)["id"] == "payment-reference"
    officer.keyboard.type("PHONE-320")
    today = context().clock.now().astimezone(ZoneInfo("Europe/London")).date()
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        officer.keyboard.press("Tab")
        assert focused(officer)["id"] == f"payment-received-on-{part}"
        officer.keyboard.type(str(value))
    submit = tab_to(officer, lambda element: element["tag"] == "button")
    assert submit["text"] == "Record the payment"
    officer.keyboard.press("Enter")

    # Then the fee is paid and its check passes, on a page that still fits
    officer.locator(".govuk-notification-banner--success").wait_for()
    expect(officer.locator("#fee-status")).to_have_text("Paid")
    assert "Passed" in officer.locator("tr[data-check=fee]").inner_text()
    assert "PHONE-320" in officer.locator("#fee-summary").inner_text()
    assert officer.locator("#fee-payment-form").count() == 0
    assert horizontal_overflow(officer) == 0
    assert_accessible(officer, "officer: payment recorded at 320 px")
