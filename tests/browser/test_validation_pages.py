"""Validation in the browser: the officer's report and requests, and the applicant's page opened from the
link in their email (headless Chromium, axe-core on every page)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bops.domain import validation_requests as vr
from tests.browser.helpers import assert_accessible, focused, horizontal_overflow, oversized_pdf, sign_in, tab_to
from tests.support import WORKFLOW_WAIT_MS, applicant_links, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

SRC = Path(__file__).resolve().parents[2] / "frontend" / "src"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INJECTED = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'


# --- helpers ---------------------------------------------------------------------------------------
def _waiting(officers, reference: str):
    application = officers.case(reference)["application"]
    return application.get("awaiting") == "validation_decision" or application.get("workflow_error")


def _submit(officers, name: str = "minor") -> str:
    """Submits an application and waits until its workflow waits for the validation decision (the checks
    on arrival have run by then, and drafted their requests)."""
    reference = officers.submit(name)
    wait_for(lambda: _waiting(officers, reference))
    return reference


def _requests(officers, reference: str) -> list[dict]:
    response = officers.officer().get(f"/api/v1/applications/{reference}/validation-requests")
    assert response.status_code == 200, response.text
    return response.json()["validation_requests"]


def _invalidate(officers, reference: str) -> None:
    response = officers.officer().post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"}
    )
    assert response.status_code == 200, response.text


def _link_for(officers, reference: str, request_id: str) -> str:
    """The applicant's page for one request, on the test's site (the email names the configured address)."""
    tokens = [t for t in applicant_links(officers, reference) if t.split("_")[3] == request_id]
    assert len(tokens) == 1, tokens
    return f"/applicant.html#{tokens[0]}"


def _requests_page(page, reference: str) -> None:
    page.goto(f"/application.html?reference={reference}&task=validation-requests")
    page.wait_for_selector("#validation-requests")


def _card(page, request_type: str):
    return page.locator(f"#validation-requests .govuk-summary-card[data-request-type={request_type}]")


def _errors(page):
    return page.locator(".govuk-error-summary li")


# --- the front end's copies of the domain's vocabulary ------------------------------------------------
def _js_object(name: str, text: str) -> dict:
    body = re.search(rf"export const {name} = (\{{.*?\n\}});", text, re.S)
    assert body, name
    entries = re.findall(r"^  ([a-z_]+): (.+?),?$", body.group(1), re.M)
    return {key: value for key, value in entries}


def test_the_request_vocabulary_agrees_with_the_domain():
    text = (SRC / "js" / "requests.js").read_text()
    kinds = {key: json.loads(value) for key, value in _js_object("RESPONSE_KINDS", text).items()}
    assert kinds == {t.value: k.value for t, k in vr.RESPONSE_KINDS.items()}
    types = re.search(r"export const REQUEST_TYPES = \{(.*?)\n\};", text, re.S).group(1)
    labelled = set(re.findall(r"^  ([a-z_]+): \[", types, re.M))
    assert labelled == {t.value for t in vr.RequestType}
    pre_validation = json.loads(re.search(r"export const PRE_VALIDATION_ONLY = (\[.*?\]);", text).group(1))
    assert set(pre_validation) == {t.value for t in vr.PRE_VALIDATION_ONLY}


# --- the journeys ----------------------------------------------------------------------------------
def test_the_officer_sends_the_drafted_requests_and_the_applicant_answers_them(browsing, officers, tmp_path):
    reference = _submit(officers, "minor")  # drawings missing, fee paid at the old rate
    officer = browsing.new_page()
    sign_in(officer, officers, next_path=f"/application.html?reference={reference}")
    item = officer.locator(".govuk-task-list__item", has=officer.locator("a:text-is('Validation checks and requests')"))
    expect(item.locator(".govuk-task-list__status")).to_have_text("2 to send")
    item.locator("a").click()

    # the report: the failed checks, with what was found
    officer.wait_for_selector("#report-verdict")
    assert officer.title() == f"Validation checks and requests – {reference} – BoPS"
    expect(officer.locator("#report-verdict")).to_contain_text("2 checks failed.")
    assert "Failed" in officer.locator("tr[data-check=required_documents]").inner_text()
    assert "Failed" in officer.locator("tr[data-check=fee]").inner_text()
    assert "Passed" in officer.locator("tr[data-check=schema]").inner_text()
    # the drafted requests, one per failed check
    expect(officer.locator("#validation-requests .govuk-summary-card")).to_have_count(2)
    for request_type in ("additional_document", "fee_change"):
        card = _card(officer, request_type).inner_text()
        assert "Draft" in card and "The automated checks" in card and "Not sent yet" in card
    # £610 due from 1 April 2026 (Fees Regulations 2012 reg. 18A), £578 paid
    assert "£32.00" in _card(officer, "fee_change").inner_text()
    assert_accessible(officer, "validation report and drafted requests")

    # one action sends them all and marks the application invalid
    officer.click("#send-requests-form button[type=submit]")
    banner = officer.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "Application marked invalid" in banner.inner_text() and "2 requests sent" in banner.inner_text()
    for request_type in ("additional_document", "fee_change"):
        card = _card(officer, request_type).inner_text()
        assert "Awaiting response" in card and "Response due" in card
    assert officer.locator("#send-requests-form").count() == 0
    assert_accessible(officer, "validation requests sent")

    # the emails, in the local outbox
    officer.click("a:text-is('See the emails sent (local outbox)')")
    officer.wait_for_url("**/outbox.html?reference=**")
    emails = officer.locator(".govuk-summary-card[data-template=validation_request]")
    expect(emails).to_have_count(2)
    assert_accessible(officer, "outbox")
    links = [a.get_attribute("href") for a in officer.locator("a[data-applicant-link]").all()]
    assert len(links) == 2 and all(link.startswith("/applicant.html#bopsr_") for link in links)

    answered = set()
    for link in links:
        applicant = browsing.new_page()  # the applicant's own browser: no officer session
        applicant.goto(link)
        heading = applicant.locator("h1")
        expect(heading).not_to_have_text("Loading the request…")
        assert "#" not in applicant.url, "the link's secret must leave the address bar"
        assert applicant.locator("#app-navigation").count() == 0, "no officer navigation"
        assert reference in applicant.locator(".govuk-summary-list").first.inner_text()
        if heading.inner_text() == "Send us more documents":
            assert_accessible(applicant, "applicant: additional documents")
            applicant.click("#response-form button[type=submit]")
            expect(_errors(applicant)).to_have_text(["Select a file"])
            text = tmp_path / "notes.txt"
            text.write_text("not a plan")
            applicant.set_input_files("#file", str(text))
            applicant.click("#response-form button[type=submit]")
            expect(_errors(applicant)).to_have_text(["The selected file must be a PDF, PNG or JPEG"])
            applicant.set_input_files("#file", str(oversized_pdf(tmp_path)))
            applicant.click("#response-form button[type=submit]")
            expect(_errors(applicant)).to_have_text(["The selected file must be smaller than 30 MB"])
            assert_accessible(applicant, "applicant: upload with an error")
            drawings = tmp_path / "drawings.pdf"
            drawings.write_bytes(PDF)
            applicant.set_input_files("#file", str(drawings))
            applicant.fill("#response-text", "Floor plans and elevations, in one file.")
            applicant.click("#response-form button[type=submit]")
            applicant.locator("#upload-progress progress").wait_for()
            answered.add("additional_document")
        else:
            assert heading.inner_text() == "Pay the rest of the application fee"
            assert "You need to pay £32.00 more." in applicant.locator("main").inner_text()
            assert_accessible(applicant, "applicant: fee change")
            applicant.click("#response-form button[type=submit]")
            expect(_errors(applicant)).to_have_text(["Select yes if you agree to pay the rest of the fee"])
            applicant.check("#approved")
            applicant.click("#response-form button[type=submit]")
            answered.add("fee_change")
        panel = applicant.locator(".govuk-panel--confirmation")
        panel.wait_for(timeout=WORKFLOW_WAIT_MS)  # the upload, the back office's check of the file, the answer
        assert "Response sent" in panel.inner_text() and reference in panel.inner_text()
        assert applicant.locator(".govuk-error-summary").count() == 0
        assert_accessible(applicant, "applicant: response sent")
    assert answered == {"additional_document", "fee_change"}

    # the officer sees the answers, then validates
    wait_for(lambda: _waiting(officers, reference))
    _requests_page(officer, reference)
    assert "Answered" in _card(officer, "additional_document").inner_text()
    assert "1 document" in _card(officer, "additional_document").inner_text()
    assert "Accepted" in _card(officer, "fee_change").inner_text()
    # agreed is not paid: the fee check stays failed until the officer records the payment
    expect(officer.locator("#fee-status")).to_have_text("Agreed, not paid")
    assert "Failed" in officer.locator("tr[data-check=fee]").inner_text()
    assert_accessible(officer, "officer: fee agreed, not paid")
    officer.fill("#payment-amount", "")
    officer.click("#fee-payment-form button[type=submit]")
    expect(_errors(officer)).to_have_text(
        ["Enter the amount received", "Select how it was paid", "Enter the date the payment was received"]
    )
    assert_accessible(officer, "officer: payment with errors")
    from zoneinfo import ZoneInfo

    from bops.services.context import context

    year, month, day = context().clock.now().astimezone(ZoneInfo("Europe/London")).date().isoformat().split("-")
    officer.fill("#payment-amount", "40.00")  # more than is owed: the API refuses it, on the amount
    officer.check("#payment-method")
    officer.fill("#payment-received-on-day", str(int(day)))
    officer.fill("#payment-received-on-month", str(int(month)))
    officer.fill("#payment-received-on-year", year)
    officer.click("#fee-payment-form button[type=submit]")
    expect(_errors(officer)).to_have_count(1)
    assert "3200" in _errors(officer).inner_text()
    officer.fill("#payment-amount", "32.00")
    officer.fill("#payment-reference", "PHONE-104233")
    officer.click("#fee-payment-form button[type=submit]")
    officer.locator(".govuk-notification-banner--success").wait_for()
    expect(officer.locator("#fee-status")).to_have_text("Paid")
    assert "Passed" in officer.locator("tr[data-check=fee]").inner_text()
    assert "PHONE-104233" in officer.locator("#fee-summary").inner_text()
    assert officer.locator("#fee-payment-form").count() == 0
    officer.click("a:text-is('Check and validate the application')")
    officer.wait_for_selector("#validation-form")
    officer.click("#validation-form button[type=submit]")
    banner = officer.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "Application is valid" in banner.inner_text()
    assert officers.case(reference)["application"]["fee"]["payable"] == 610.0  # £578 paid + the £32 asked for


def test_an_officer_makes_changes_and_discards_a_draft(browsing, officers):
    reference = _submit(officers, "minor")
    page = browsing.new_page()
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=validation-requests")
    page.wait_for_selector("#validation-requests")

    # a new request: the type first, then its fields
    page.click("a:text-is('Add a request')")
    page.wait_for_selector("#request-type-form")
    assert_accessible(page, "request type chooser")
    page.click("#request-type-form button[type=submit]")
    expect(_errors(page)).to_have_text(["Select what you want to ask for"])
    page.check("input[name=type][value=other_change]")
    page.click("#request-type-form button[type=submit]")
    page.wait_for_url("**type=other_change**")
    page.wait_for_selector("#request-form")
    page.click("#request-form button[type=submit]")
    expect(_errors(page)).to_have_text(["Enter what is missing or wrong", "Enter what the applicant should do"])
    assert_accessible(page, "new request with errors")
    page.fill("#summary", "Site address")
    page.fill("#suggestion", "Confirm the house number.")
    page.click("#request-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Other change request drafted")
    expect(page.locator("#validation-requests .govuk-summary-card")).to_have_count(3)
    assert "Confirm the house number." in _card(page, "other_change").inner_text()

    # an error the API finds is linked to its input
    page.goto(f"/application.html?reference={reference}&task=new-request&type=additional_document")
    page.wait_for_selector("#request-form")
    page.check("#document-types")
    page.fill("#other-document-types", "notAFileType")
    page.fill("#summary", "We need a location plan.")
    page.click("#request-form button[type=submit]")
    link = page.locator(".govuk-error-summary a")
    link.wait_for()
    assert link.get_attribute("href") == "#document-types"
    assert "notAFileType" in link.inner_text()

    # change a draft
    _requests_page(page, reference)
    _card(page, "fee_change").locator("a[href*='task=edit-request']").click()
    page.wait_for_selector("#request-form")
    assert page.input_value("#amount") == "32.00"
    page.fill("#amount", "ten pounds")
    page.click("#request-form button[type=submit]")
    expect(_errors(page)).to_have_text(["Enter the amount in pounds and pence, like 10 or 10.50"])
    page.fill("#amount", "12.50")
    page.click("#request-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Fee change request changed")
    assert "£12.50" in _card(page, "fee_change").inner_text()

    # discard one, with a reason
    _card(page, "additional_document").locator("a[href*='task=cancel-request']").click()
    page.wait_for_selector("#cancel-request-form")
    assert_accessible(page, "discard a draft")
    page.click("#cancel-request-form button[type=submit]")
    expect(_errors(page)).to_have_text(["Enter why you are discarding the draft"])
    page.fill("#cancel-reason", "The drawings came by post.")
    page.click("#cancel-request-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Additional documents draft discarded")
    card = _card(page, "additional_document").inner_text()
    assert "Discarded" in card and "The drawings came by post." in card and "Not sent" in card
    assert_accessible(page, "validation requests after changes")

    narrow = browsing.new_page(width=320, height=640)
    sign_in(narrow, officers, next_path=f"/application.html?reference={reference}&task=validation-requests")
    narrow.wait_for_selector("#validation-requests")
    assert horizontal_overflow(narrow) == 0, "validation requests at 320 px"


def test_a_cancelled_requests_link_says_it_is_no_longer_valid(browsing, officers):
    reference = _submit(officers, "minor")
    _invalidate(officers, reference)
    fee = next(r for r in _requests(officers, reference) if r["type"] == "fee_change")
    link = _link_for(officers, reference, fee["id"])

    applicant = browsing.new_page()
    applicant.goto(link)
    expect(applicant.locator("h1")).to_have_text("Pay the rest of the application fee")

    officer = browsing.new_page()
    sign_in(officer, officers, next_path=f"/application.html?reference={reference}&task=validation-requests")
    _card(officer, "fee_change").locator("a[href*='task=cancel-request']").click()
    officer.wait_for_selector("#cancel-request-form")
    officer.click("#cancel-request-form button[type=submit]")
    expect(_errors(officer)).to_have_text(["Enter why you are cancelling the request"])
    officer.fill("#cancel-reason", "The fee was paid by phone.")
    officer.click("#cancel-request-form button[type=submit]")
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("Fee change request cancelled")
    card = _card(officer, "fee_change").inner_text()
    assert "Cancelled" in card and "The fee was paid by phone." in card

    applicant.reload()  # the token is kept in the tab, not in the address
    expect(applicant.locator("h1")).to_have_text("This link is no longer valid")
    assert applicant.title() == "This link is no longer valid – BoPS"
    assert applicant.locator("form").count() == 0
    assert_accessible(applicant, "applicant: link no longer valid")
    fresh = browsing.new_page()
    fresh.goto(link)
    expect(fresh.locator("h1")).to_have_text("This link is no longer valid")
    incomplete = browsing.new_page()
    incomplete.goto("/applicant.html")
    expect(incomplete.locator("h1")).to_have_text("This link is not complete")


def test_a_second_link_opened_in_the_same_tab_shows_its_own_request(browsing, officers):
    """The applicant follows the fee link, then the documents link in the same tab: only the address's
    fragment changes, so the page must load the second request itself (issue 12). A link within the page
    (the skip link's #main-content) is not taken for a token."""
    reference = _submit(officers, "minor")
    _invalidate(officers, reference)
    by_type = {r["type"]: r["id"] for r in _requests(officers, reference)}
    fee_link = _link_for(officers, reference, by_type["fee_change"])
    documents_link = _link_for(officers, reference, by_type["additional_document"])

    applicant = browsing.new_page()
    applicant.goto(fee_link)
    expect(applicant.locator("h1")).to_have_text("Pay the rest of the application fee")
    applicant.goto(documents_link)
    expect(applicant.locator("h1")).to_have_text("Send us more documents")
    assert "#" not in applicant.url  # the new token left the address bar too
    assert_accessible(applicant, "applicant: the second link in the same tab")

    # the skip link changes the fragment to #main-content: the page stays as it is, with its token
    applicant.keyboard.press("Tab")
    applicant.keyboard.press("Enter")
    applicant.wait_for_url("**/applicant.html#main-content")
    applicant.reload()
    expect(applicant.locator("h1")).to_have_text("Send us more documents")


def test_a_script_in_a_request_shows_as_text(browsing, officers):
    reference = _submit(officers, "fullHouseholder")
    created = officers.officer().post(
        f"/api/v1/applications/{reference}/validation-requests",
        json_body={"type": "other_change", "details": {"summary": INJECTED, "suggestion": f"Say more {INJECTED}"}},
    )
    assert created.status_code == 201, created.text
    _invalidate(officers, reference)

    officer = browsing.new_page()
    sign_in(officer, officers, next_path=f"/application.html?reference={reference}&task=validation-requests")
    card = _card(officer, "other_change")
    card.wait_for()
    assert INJECTED in card.inner_text() and f"Say more {INJECTED}" in card.inner_text()
    assert officer.locator("main script, main img").count() == 0
    assert officer.evaluate("window.__pwned") is None

    applicant = browsing.new_page()
    applicant.goto(_link_for(officers, reference, created.json()["id"]))
    expect(applicant.locator("h1")).to_have_text("We need more information")
    assert applicant.locator("main h2").first.inner_text() == INJECTED
    assert f"Say more {INJECTED}" in applicant.locator("main").inner_text()
    assert applicant.locator("main script, main img").count() == 0
    assert applicant.evaluate("window.__pwned") is None
    assert_accessible(applicant, "applicant: other change")
    applicant.fill("#response-text", f"The house is number 40 {INJECTED}")
    applicant.click("#response-form button[type=submit]")
    applicant.locator(".govuk-panel--confirmation").wait_for()
    assert f"The house is number 40 {INJECTED}" in applicant.locator("main").inner_text()
    assert applicant.evaluate("window.__pwned") is None


def test_keyboard_only_answer_of_an_approve_or_reject_request(browsing, officers):
    reference = _submit(officers, "minor")
    _invalidate(officers, reference)
    fee = next(r for r in _requests(officers, reference) if r["type"] == "fee_change")
    page = browsing.new_page()
    page.goto(_link_for(officers, reference, fee["id"]))
    expect(page.locator("h1")).to_have_text("Pay the rest of the application fee")

    tab_to(page, lambda f: f["id"] == "approved")
    page.keyboard.press("ArrowDown")  # the second option, "No": its reason is revealed
    assert focused(page)["id"] == "approved-2"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "reason"
    page.keyboard.type("The fee was paid in full by cheque.")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Send response")
    page.keyboard.press("Enter")
    page.locator(".govuk-panel--confirmation").wait_for()
    assert focused(page)["text"] == "Response sent"  # the panel's heading takes focus, so it is read out
    assert "The fee was paid in full by cheque." in page.locator("main").inner_text()

    answer = next(r for r in _requests(officers, reference) if r["id"] == fee["id"])
    assert answer["state"] == "closed" and answer["response"]["approved"] is False


def test_the_valid_from_hint_names_the_date_validating_sets(browsing, officers):
    """DMPO 2015 art. 34: an application is valid from the day the last missing item arrived. Received three
    days ago (the clock moved back meanwhile) and completed by the applicant's answer today, the validation
    form's hint names the date the API works out, not the received date; left blank, that date is set."""
    from datetime import UTC, date, datetime, timedelta

    from bops.services.context import context
    from tests.support import Caller

    clock = context().clock
    try:
        clock.travel_to(datetime.now(UTC) - timedelta(days=3))
        reference = officers.submit("proposed")
    finally:
        clock.travel_to(datetime.now(UTC))
    wait_for(lambda: _waiting(officers, reference))
    officer = officers.officer()
    invalid = officer.post(
        f"/api/v1/applications/{reference}/validation-decision",
        json_body={"decision": "invalid", "reason": "The location plan is missing"},
    )
    assert invalid.status_code == 200, invalid.text
    wait_for(lambda: _waiting(officers, reference))
    (token,) = applicant_links(officers, reference)
    answer = Caller(officers.api_url, token).post(
        "/api/v1/applicant/request/response", json_body={"response_text": "A location plan is now attached."}
    )
    assert answer.status_code == 200, answer.text
    received_on = officers.case(reference)["application"]["received_on"]
    worked = officer.get(f"/api/v1/applications/{reference}/validation-requests").json()["default_valid_from"]
    assert worked and worked != received_on
    shown = date.fromisoformat(worked)

    page = browsing.new_page()
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=validation")
    page.wait_for_selector("#validation-form")
    # already invalid, so the form asks only for the date it is valid from
    expect(page.locator("#valid-from-hint")).to_contain_text(
        f"Leave blank to use {shown.day} {shown:%B %Y}, the day the last missing item arrived."
    )
    assert "received" not in page.locator("#valid-from-hint").inner_text()
    assert_accessible(page, "validation task naming the valid from date")
    page.click("#validation-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Application is valid")
    assert officers.case(reference)["application"]["valid_from"] == worked
