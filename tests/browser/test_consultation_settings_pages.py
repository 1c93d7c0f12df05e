"""The council's consultation settings in the browser: an administrator keeps the consultee directory and the
consultee email's wording (other officers read them), and a case officer consults from the directory, sends
a link again and consults again with reasons kept in the consultee's history, and plans the notices.

Each test has a council of its own (the ``council`` fixture): the directory and the templates are the
council's, so changing them must not reach other tests' emails.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, focused, horizontal_overflow, sign_in, tab_to, username
from tests.support import WORKFLOW_WAIT_MS, Caller, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

HTMLISH = "<b>bold</b> & <i>not italic</i>"
SUBJECT = "Please advise on {reference} by {respond_by}"
BODY = "Dear {consultee_name},\n\nPlease look at {reference}, {site_address}.\n    Kept indented.\n\n{link}\n"


def _errors(page):
    return page.locator(".govuk-error-summary li")


def _banner(page):
    return page.locator(".govuk-notification-banner--success")


def _consultee_emails(council, reference: str) -> list[dict]:
    emails = council.officer().get("/api/v1/outbox").json()["emails"]
    return [e for e in emails if e["reference"] == reference and e["template"] == "consultee_consultation"]


def test_an_administrator_keeps_the_directory_and_the_consultee_email(browsing, council):
    page = browsing.new_page()
    sign_in(page, council, "administrator", next_path="/settings.html")
    expect(page.locator("h1")).to_have_text("Council settings")
    expect(page.locator("#directory")).to_have_text("The council has no consultees on its list yet.")
    nav = page.locator("#app-navigation a[aria-current=page]")
    expect(nav).to_have_text("Council settings")
    expect(page.locator("#consultee-email-placeholders li")).to_contain_text(
        ["{consultee_name}", "{reference}", "{link}"]
    )
    expect(page.locator("[data-template-status]").first).to_have_text("Your council uses the default wording.")
    assert page.locator("#consultee-email-reset").count() == 0
    assert_accessible(page, "council settings (administrator)")

    # add a consultee: the form's own checks first, linked to the inputs
    page.click("#add-consultee")
    expect(page.locator("h1")).to_have_text("Add a consultee")
    page.click("#directory-consultee-form button[type=submit]")
    expect(_errors(page)).to_have_text(
        [
            "Enter the consultee's name",
            "Enter the organisation",
            "Enter the email address",
            "Select if the consultee is internal or external",
        ]
    )
    assert page.locator(".govuk-error-summary a").first.get_attribute("href") == "#name"
    assert page.title().startswith("Error: ")
    assert_accessible(page, "add a consultee, with errors")
    page.fill("#name", "Flood risk team")
    page.fill("#organisation", "Environment Agency")
    page.fill("#email", "floods at agency")
    page.check("input[name=kind][value=external]")
    page.fill("#response-days", "100")
    page.fill("#expertise", f"Flood risk {HTMLISH}")
    page.click("#directory-consultee-form button[type=submit]")
    expect(_errors(page)).to_have_text(
        [
            "Enter an email address in the correct format, like name@example.com",
            "Enter a number of days from 1 to 99",
        ]
    )
    page.fill("#email", "floods@agency.example")
    page.fill("#response-days", "15")
    page.click("#directory-consultee-form button[type=submit]")
    expect(_banner(page)).to_contain_text("Environment Agency – Flood risk team added to the council's consultees")
    row = page.locator("#directory tbody tr")
    expect(row).to_have_count(1)
    text = row.inner_text()
    assert "Environment Agency" in text and "floods@agency.example" in text and "External" in text
    assert "15" in text and HTMLISH in text
    assert page.locator("main b, main i").count() == 0

    # change it
    row.get_by_role("link", name="Change Environment Agency – Flood risk team").click()
    expect(page.locator("h1")).to_have_text("Change a consultee")
    expect(page.locator("#email")).to_have_value("floods@agency.example")
    page.fill("#response-days", "10")
    page.click("#directory-consultee-form button[type=submit]")
    expect(_banner(page)).to_contain_text("Environment Agency – Flood risk team changed")
    expect(page.locator("#directory tbody tr td.govuk-table__cell--numeric")).to_have_text("10")

    # the consultee email: a placeholder the email does not have is refused, and says which part
    section = page.locator("#template-consultee-email")
    page.fill("#consultee-email-subject", "About {reference} {nope}")
    page.fill("#consultee-email-body", "Dear {applicant},\n\n{link}")
    section.get_by_role("button", name="Save the email to consultees").click()
    expect(_errors(page)).to_have_count(2)
    links = page.locator(".govuk-error-summary a")
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "#consultee-email-subject",
        "#consultee-email-body",
    ]
    expect(_errors(page).nth(1)).to_contain_text("Text of the email: unknown placeholder {applicant}")
    expect(page.locator("#consultee-email-body-error")).to_contain_text("{applicant}")
    assert "consultee-email-body-error" in page.get_attribute("#consultee-email-body", "aria-describedby")
    assert_accessible(page, "council settings, a template with errors")
    page.fill("#consultee-email-subject", SUBJECT)
    page.fill("#consultee-email-body", BODY)
    section.get_by_role("button", name="Save the email to consultees").click()
    expect(_banner(page)).to_contain_text("Email to consultees saved")
    section = page.locator("#template-consultee-email")
    expect(section.locator("[data-template-status]")).to_contain_text(
        f"changed by {username(council, 'administrator')}"
    )
    preview = page.locator("#preview-consultee-email")
    expect(preview).to_contain_text("Subject: Please advise on 26-00042-HAPP by 14 January 2027")
    assert "Dear Highways team,\n\nPlease look at 26-00042-HAPP" in preview.inner_text()
    assert "\n    Kept indented." in preview.inner_text()
    assert (
        page.eval_on_selector("#preview-consultee-email .app-pre-wrap", "e => getComputedStyle(e).whiteSpace")
        == "pre-wrap"
    )
    saved = council.officer().get("/api/v1/council/templates").json()["templates"]
    (email,) = [t for t in saved if t["name"] == "consultee_email"]
    assert email["parts"]["subject"] == SUBJECT and not email["is_default"]

    # other officers read the settings but cannot change them
    reader = browsing.new_page()
    sign_in(reader, council, "assessor", next_path="/settings.html")
    expect(reader.locator("#directory tbody tr")).to_have_count(1)
    expect(reader.locator(".govuk-inset-text").first).to_have_text("Only an administrator can change these settings.")
    assert reader.locator("#add-consultee, #directory a, textarea, #consultee-email-form").count() == 0
    expect(reader.locator("#template-consultee-email .govuk-summary-list")).to_contain_text(
        "Please advise on {reference}"
    )
    assert_accessible(reader, "council settings (case officer)")
    reader.goto("/settings.html?consultee=new")
    expect(reader.locator("h1")).to_have_text("You cannot change these settings")

    narrow = browsing.new_page(width=320, height=640)
    sign_in(narrow, council, "administrator", next_path="/settings.html")
    narrow.wait_for_selector("#directory tbody tr")
    assert horizontal_overflow(narrow) == 0, "council settings at 320 px"

    # back to the default wording; the consultee taken off the list (after a confirmation)
    page.get_by_role("button", name="Use the default wording for the email to consultees").click()
    expect(_banner(page)).to_contain_text("Email to consultees: back to the default wording")
    expect(page.locator("#template-consultee-email [data-template-status]")).to_have_text(
        "Your council uses the default wording."
    )
    expect(page.locator("#consultee-email-subject")).to_have_value(
        "Consultation on planning application {reference}: please respond by {respond_by}"
    )
    page.get_by_role("link", name="Remove Environment Agency – Flood risk team").click()
    expect(page.locator("h1")).to_have_text("Remove a consultee from the council's list")
    assert_accessible(page, "remove a consultee")
    page.click("#remove-consultee-form button[type=submit]")
    expect(_banner(page)).to_contain_text("Environment Agency – Flood risk team removed from the council's consultees")
    expect(page.locator("#directory")).to_have_text("The council has no consultees on its list yet.")


def test_a_case_officer_consults_from_the_directory_and_plans_the_notices(browsing, council):
    administrator = council.officer("administrator")
    added = administrator.post(
        "/api/v1/council/consultees",
        json_body={
            "name": "Highways team",
            "organisation": "Council highways",
            "email": "highways@council.example",
            "kind": "internal",
            "response_days": 14,
            "expertise": "access and parking",
        },
    )
    assert added.status_code == 201, added.text
    changed = administrator.put(
        "/api/v1/council/templates/consultee_email", json_body={"parts": {"subject": SUBJECT, "body": BODY}}
    )
    assert changed.status_code == 200, changed.text
    reference = council.validated()

    page = browsing.new_page()
    sign_in(page, council, next_path=f"/application.html?reference={reference}&task=consultation")
    page.wait_for_selector("#start-consultation-form")
    expect(page.locator("#site-notice-plan")).to_be_visible()

    # consult from the council's list, with the keyboard
    page.click("summary:has-text('Add a consultee')")
    page.click("#consultee-form button[type=submit]")
    expect(_errors(page)).to_have_text(["Select who you want to consult"])
    assert page.locator(".govuk-error-summary a").get_attribute("href") == "#consultee-source"
    assert_accessible(page, "consultation, add a consultee with errors")
    expect(page.locator("#consultee-directory")).to_be_hidden()
    tab_to(page, lambda f: f["id"] == "consultee-source")  # from the error summary, which has the focus
    page.keyboard.press("Space")
    expect(page.locator("#consultee-source")).to_be_checked()
    expect(page.locator("#consultee-directory")).to_be_visible()
    expect(page.locator("#consultee-name")).to_be_hidden()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "consultee-directory"
    page.click("#consultee-form button[type=submit]")
    expect(_errors(page)).to_have_text(["Choose a consultee from the council's list"])
    page.focus("#consultee-directory")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#consultee-directory option:checked")).to_have_text("Council highways – Highways team")
    page.click("#consultee-form button[type=submit]")
    expect(_banner(page)).to_contain_text("Consultee added")
    card = page.locator("#consultees .govuk-summary-card", has_text="Highways team, Council highways")
    expect(card.locator(".govuk-tag")).to_have_text("Not consulted yet")
    assert "Internal" in card.inner_text() and "14 days" in card.inner_text()
    assert card.locator("details").count() == 0  # nothing to send again before consultation starts

    # someone else, typed in
    page.click("summary:has-text('Add a consultee')")
    page.check("#consultee-source-2")
    page.fill("#consultee-name", "Clerk")
    page.fill("#consultee-organisation", f"Parish council {HTMLISH}")
    page.fill("#consultee-email", "clerk@parish.example")
    page.fill("#consultee-days", "0")
    page.click("#consultee-form button[type=submit]")
    expect(_errors(page)).to_have_text(["Enter a number of days from 1 to 99"])
    page.fill("#consultee-days", "")
    page.click("#consultee-form button[type=submit]")
    expect(_banner(page)).to_contain_text("Consultee added")
    expect(page.locator("#consultees .govuk-summary-card")).to_have_count(2)
    assert HTMLISH in page.locator("#consultees").inner_text()
    assert page.locator("main b, main i").count() == 0

    # the notice plan
    page.click("summary:has-text('Plan the notices')")
    page.check("#site-notice-required-2")
    page.check("#press-notice-required-2")
    page.click("#notices-form button[type=submit]")
    expect(_banner(page)).to_contain_text("Notice plan saved")
    expect(page.locator("#site-notice-plan")).to_have_text("Not required")
    expect(page.locator("#press-notice-plan")).to_have_text("Not required")
    page.click("summary:has-text('Plan the notices')")
    page.check("#site-notice-required")
    page.fill("#site-notice-count", "60")
    page.check("#press-notice-required")
    page.fill("#press-notice-publication", "The Local Gazette")
    page.click("#notices-form button[type=submit]")
    expect(_errors(page)).to_have_text(
        ["Enter a number of site notices from 1 to 50", "Select who puts the site notice up"]
    )
    page.fill("#site-notice-count", "2")
    page.check("input[name='site_notice.delivery'][value=applicant]")
    page.click("#notices-form button[type=submit]")
    expect(_banner(page)).to_contain_text("Notice plan saved")
    expect(page.locator("#site-notice-plan")).to_have_text("Required: 2 notices, put up by the applicant")
    expect(page.locator("#press-notice-plan")).to_have_text("Required, in The Local Gazette")
    page.click("summary:has-text('Plan the notices')")
    expect(page.locator("#site-notice-count")).to_have_value("2")
    expect(page.locator("#site-notice-delivery-2")).to_be_checked()
    plan = council.officer().get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]
    assert plan["site_notice"]["count"] == 2 and plan["site_notice"]["delivery"] == "applicant"
    assert plan["press_notice"]["required"] and plan["press_notice"]["publication"] == "The Local Gazette"

    # consultation starts: the directory consultee is emailed in the council's own wording
    page.click("#start-consultation-form button[type=submit]")
    expect(_banner(page)).to_contain_text("Consultation started", timeout=WORKFLOW_WAIT_MS)
    card = page.locator("#consultees .govuk-summary-card", has_text="Highways team, Council highways")
    expect(card.locator(".govuk-tag")).to_have_text("Awaiting response")
    expect(card.locator("[data-consultee-history] li")).to_have_count(1)
    expect(card.locator("[data-consultee-history] li")).to_contain_text("Consulted: link emailed")
    first = wait_for(
        lambda: [e for e in _consultee_emails(council, reference) if e["to"] == "highways@council.example"]
    )
    assert first[0]["personalisation"]["subject"].startswith(f"Please advise on {reference} by ")
    assert_accessible(page, "consultation in progress, with consultees and the notice plan")

    # the consultee answers through their link
    token = first[0]["personalisation"]["link"].split("#", 1)[1]
    answered = Caller(council.api_url, token).post(
        "/api/v1/consultee/response", json_body={"stance": "amendments_needed", "text": "Widen the access."}
    )
    assert answered.status_code == 200, answered.text

    # the link sent again, with a reason
    page.reload()
    card = page.locator("#consultees .govuk-summary-card", has_text="Highways team, Council highways")
    expect(card.locator(".govuk-tag")).to_have_text("Amendments needed")
    card.locator("summary", has_text="Send the link again").click()
    card.get_by_role("button", name="Send the link again to Highways team, Council highways").click()
    expect(_errors(page)).to_have_text(["Enter why you are sending the link again"])
    card.get_by_label("Why send the link again").fill("The first email went to spam")
    card.get_by_role("button", name="Send the link again to Highways team, Council highways").click()
    expect(_banner(page)).to_contain_text("Link sent again")
    card = page.locator("#consultees .govuk-summary-card", has_text="Highways team, Council highways")
    latest = card.locator("[data-consultee-history] li").first
    expect(latest).to_contain_text("Link sent again")
    expect(latest).to_contain_text("Reason: The first email went to spam")
    expect(latest).to_contain_text(f"by {username(council)}")
    wait_for(
        lambda: len([e for e in _consultee_emails(council, reference) if e["to"] == "highways@council.example"]) == 2
    )

    # consulted again: the earlier response is kept
    card.locator("summary", has_text="Consult again").click()
    card.get_by_label("Why consult them again").fill("Amended plans received")
    card.get_by_label("Days to respond (optional)").fill("10")
    card.get_by_role("button", name="Consult again Highways team, Council highways").click()
    expect(_banner(page)).to_contain_text("Consulted again")
    card = page.locator("#consultees .govuk-summary-card", has_text="Highways team, Council highways")
    expect(card.locator(".govuk-tag")).to_have_text("Awaiting response")
    expect(card.locator("[data-consultee-history] li")).to_have_count(4)
    latest = card.locator("[data-consultee-history] li").first
    expect(latest).to_contain_text("Consulted again: 10 days to respond")
    expect(latest).to_contain_text("Reason: Amended plans received")
    expect(card.locator("[data-previous-responses]")).to_contain_text("Amendments needed")
    expect(card.locator("[data-previous-responses]")).to_contain_text("Widen the access.")
    assert "10 days" in card.inner_text() and "No response yet" in card.inner_text()
    assert_accessible(page, "consultation after a resend and a reconsultation")

    narrow = browsing.new_page(width=320, height=640)
    sign_in(narrow, council, next_path=f"/application.html?reference={reference}&task=consultation")
    narrow.wait_for_selector("#consultees .govuk-summary-card")
    assert horizontal_overflow(narrow) == 0, "consultation with consultees at 320 px"
