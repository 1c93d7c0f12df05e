"""Agreed is not paid, in the browser: the applicant agrees to pay the rest of the fee and pays on the payment
provider's page (the local stand-in for GOV.UK Pay); the officer sees it paid and the fee check passed."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, horizontal_overflow, sign_in
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
