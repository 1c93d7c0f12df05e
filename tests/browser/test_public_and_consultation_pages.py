"""Consultation in the browser: the public register and commenting, the consultee's page opened from the
link in their email, and the officer's consultation task (headless Chromium, axe-core on every page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from tests.browser.helpers import assert_accessible, horizontal_overflow, sign_in
from tests.support import WAIT, WORKFLOW_WAIT_MS, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

HTMLISH = "<b>bold</b> & <i>not italic</i>"


def _errors(page):
    return page.locator(".govuk-error-summary li")


def _outbox(officers, reference: str, template: str) -> list[dict]:
    emails = officers.officer().get("/api/v1/outbox").json()["emails"]
    return [e for e in emails if e["reference"] == reference and e["template"] == template]


def test_the_public_find_an_application_by_postcode_and_comment(browsing, officers):
    reference = officers.validated()
    page = browsing.new_page()
    page.goto(f"/public.html?council={officers.id}")
    expect(page.locator("h1")).to_have_text("Search planning applications")
    assert page.locator("#app-navigation").count() == 0  # no officers' navigation
    assert "Planning applications" in page.locator(".govuk-service-navigation").inner_text()
    assert_accessible(page, "public search")
    page.fill("#q", "SW9 9RZ")
    page.click("#search-form button[type=submit]")
    result = page.locator("#results li", has_text=reference)
    result.wait_for()
    assert_accessible(page, "public search results")
    result.locator("a").click()
    page.wait_for_selector("#comment-form")
    assert reference in page.locator("main").inner_text()
    assert "STANSFIELD ROAD" in page.locator("h1").inner_text().upper()
    assert "There are no published comments yet." in page.locator("main").inner_text()
    assert_accessible(page, "public application")

    # the form's own checks, linked to the inputs
    page.click("#comment-form button[type=submit]")
    expect(_errors(page)).to_have_text(
        [
            "Enter your name",
            "Enter your address",
            "Select what you think of the proposal",
            "Select what your comment is about",
            "Enter your comment",
        ]
    )
    assert page.locator(".govuk-error-summary a").first.get_attribute("href") == "#name"
    assert_accessible(page, "public comment with errors")
    page.fill("#name", "A Neighbour")
    page.fill("#address", "42 Stansfield Road, London SW9 9RZ")
    page.check("input[name=stance][value=objection]")
    page.check("input[name=topics][value=light]")
    # the API refuses a script: its error is linked to the input
    page.fill("#text", "<script>window.__pwned = 1</script>")
    page.click("#comment-form button[type=submit]")
    link = page.locator(".govuk-error-summary a")
    link.wait_for()
    assert link.get_attribute("href") == "#text"
    page.fill("#text", f"It will block the light. {HTMLISH}")
    page.click("#comment-form button[type=submit]")
    panel = page.locator(".govuk-panel--confirmation")
    panel.wait_for()
    assert "Comment sent" in panel.inner_text() and reference in panel.inner_text()
    assert_accessible(page, "public comment sent")

    # the officer redacts it (keeping the HTML-ish text); the public see it as text
    officer = officers.officer()
    (comment,) = officer.get(f"/api/v1/applications/{reference}/comments").json()["comments"]
    redacted = officer.post(
        f"/api/v1/applications/{reference}/comments/{comment['id']}/redaction",
        json_body={"redacted_text": f"It will block the light. {HTMLISH}"},
    )
    assert redacted.status_code == 200, redacted.text
    page.goto(f"/public.html#{officers.id}/{reference}")
    card = page.locator("#comments .govuk-summary-card")
    card.wait_for()
    assert HTMLISH in card.inner_text()
    assert page.locator("main b, main i, main script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert_accessible(page, "public application with a comment")

    # the officer's count reads "1 comment", not "1 comments" (issue 12)
    officer_page = browsing.new_page()
    sign_in(officer_page, officers, next_path=f"/application.html?reference={reference}&task=consultation")
    expect(officer_page.locator("#comment-summary")).to_have_text(
        "1 comment: 0 supporting, 0 neutral, 1 objecting. 0 to redact."
    )

    narrow = browsing.new_page(width=320, height=640)
    narrow.goto(f"/public.html?council={officers.id}&reference={reference}")
    narrow.wait_for_selector("#comment-form")
    assert horizontal_overflow(narrow) == 0, "public application at 320 px"
    missing = browsing.new_page()
    missing.goto(f"/public.html#{officers.id}/26-99999-HAPP")
    expect(missing.locator("h1")).to_have_text("Application not found")


def test_an_officer_runs_consultation_and_a_consultee_answers_through_their_link(browsing, officers):
    reference = officers.validated()
    page = browsing.new_page()
    sign_in(page, officers, next_path=f"/application.html?reference={reference}")
    item = page.locator(".govuk-task-list__item", has=page.locator("a:text-is('Consult neighbours and consultees')"))
    expect(item.locator(".govuk-task-list__status")).to_have_text("Not started")
    item.locator("a").click()
    page.wait_for_selector("#start-consultation-form")
    assert page.title() == f"Consultation – {reference} – BoPS"
    assert_accessible(page, "consultation not started")

    # neighbours within 50 m
    page.click("#neighbours-radius-form button[type=submit]")
    expect(_errors(page)).to_have_text(["Enter a distance in metres"])
    page.fill("#radius", "50")
    page.click("#neighbours-radius-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Neighbours added")
    count = int(page.locator("#neighbour-count").inner_text())
    assert count > 0
    expect(page.locator("#neighbours tbody tr[data-neighbour]")).to_have_count(count)

    # a consultee
    page.click("summary:has-text('Add a consultee')")
    page.fill("#consultee-name", "Highways team")
    page.fill("#consultee-organisation", "Highways")
    page.fill("#consultee-email", "highways@council.example")
    page.click("#consultee-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Consultee added")
    assert "Highways team, Highways" in page.locator("#consultees").inner_text()

    # start: the end date, explained; the letters go out
    page.click("#start-consultation-form button[type=submit]")
    # the page comes back while the workflow posts 30-odd letters in the same process: give it time
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Consultation started", timeout=WORKFLOW_WAIT_MS
    )
    assert page.locator("#end-date").inner_text()
    assert page.locator("#end-date-explained li").count() > 0
    assert_accessible(page, "consultation in progress")
    wait_for(lambda: len(_outbox(officers, reference, "letter")) == count)
    # each letter is recorded on its neighbour just after it is handed to the post
    wait_for(
        lambda: all(
            n["letters"]
            for n in officers.officer().get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"]
        ),
    )
    page.reload()
    page.wait_for_selector("#neighbours")
    assert int(page.locator("#neighbour-count").inner_text()) == count
    assert "Not sent yet" not in page.locator("#neighbours").inner_text()
    # each letter's line says "sent" once: the tag "Sent", then "on <date>" (not "Sent Sent <date>")
    letters = page.locator("#neighbours li[data-letter-status]").all_inner_texts()
    assert len(letters) == count
    assert all(text.lower().count("sent") == 1 for text in letters), letters
    first = page.locator("#neighbours li[data-letter-status=sent]").first
    assert re.fullmatch(r"Sent on \d{1,2} [A-Z][a-z]+ \d{4}", " ".join(first.inner_text().split()))
    # a letter sent again reads "Sent again on <date>" under the first
    neighbour = officers.officer().get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"][0]
    resent = officers.officer().post(
        f"/api/v1/applications/{reference}/neighbours/{neighbour['id']}/resend",
        json_body={"reason": "Returned by the post office"},
    )
    assert resent.status_code == 200, resent.text
    wait_for(
        lambda: any(
            len(n["letters"]) == 2
            for n in officers.officer().get(f"/api/v1/applications/{reference}/neighbours").json()["neighbours"]
            if n["id"] == neighbour["id"]
        )
    )
    page.reload()
    again = page.locator(f"#neighbours [data-neighbour='{neighbour['id']}'] li[data-letter-status]")
    expect(again).to_have_count(2)
    lines = [" ".join(text.split()) for text in again.all_inner_texts()]
    assert any(re.fullmatch(r"Sent again on \d{1,2} [A-Z][a-z]+ \d{4}", line) for line in lines), lines

    # the consultee answers through their link
    (email,) = wait_for(lambda: _outbox(officers, reference, "consultee_consultation"))
    token = email["personalisation"]["link"].split("#", 1)[1]
    consultee = browsing.new_page()
    consultee.goto(f"/consultee.html#{token}")
    expect(consultee.locator("h1")).to_have_text("Respond to a planning consultation")
    assert token not in consultee.url
    assert reference in consultee.locator("main").inner_text()
    assert_accessible(consultee, "consultee: the consultation")
    consultee.click("#response-form button[type=submit]")
    expect(_errors(consultee)).to_have_text(["Select your advice on the proposal", "Enter your comments"])
    assert_accessible(consultee, "consultee: errors")
    consultee.check("input[name=stance][value=amendments_needed]")
    consultee.fill("#text", f"Move the crossover 2 m east. {HTMLISH}")
    consultee.click("#response-form button[type=submit]")
    panel = consultee.locator(".govuk-panel--confirmation")
    panel.wait_for()
    assert "Response sent" in panel.inner_text()
    assert HTMLISH in consultee.locator("main").inner_text()
    assert consultee.locator("main b").count() == 0
    assert_accessible(consultee, "consultee: response sent")

    page.reload()
    page.wait_for_selector("#consultees")
    assert "Amendments needed" in page.locator("#consultees").inner_text()

    narrow = browsing.new_page(width=320, height=640)
    sign_in(narrow, officers, next_path=f"/application.html?reference={reference}&task=consultation")
    narrow.wait_for_selector("#neighbours")
    assert horizontal_overflow(narrow) == 0, "consultation at 320 px"

    bad = browsing.new_page()
    bad.goto("/consultee.html#consultee_nope_26-00001-HAPP_abc_secret")
    expect(bad.locator("h1")).to_have_text("This link is no longer valid")
    assert_accessible(bad, "consultee: link no longer valid")


def _upload(officers, reference: str, file_name: str, content: bytes, tags: list[str]) -> str:
    form = officers.integrator.post(
        f"/api/v1/applications/{reference}/uploads",
        json_body={"file_name": file_name, "content_type": "application/pdf", "tags": tags},
    )
    assert form.status_code == 201, form.text
    form = form.json()
    posted = requests.post(form["url"], data=form["fields"], files={"file": (file_name, content)}, timeout=WAIT)
    assert posted.status_code in (200, 201, 204)
    # recorded and scanned for viruses (only a clean document can be published)
    wait_for(
        lambda: any(
            d["id"] == form["document_id"] and (d.get("scan") or {}).get("status") == "clean"
            for d in officers.case(reference)["documents"]
        )
    )
    return form["document_id"]


def test_an_officer_publishes_a_document_and_the_public_page_lists_it(browsing, officers):
    plan_pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    reference = officers.validated()
    _upload(officers, reference, "site-plan.pdf", plan_pdf, ["sitePlan.proposed"])
    _upload(officers, reference, "bank-statement.pdf", plan_pdf + b"% private\n", ["bankStatement"])

    page = browsing.new_page()
    sign_in(page, officers, next_path=f"/application.html?reference={reference}")
    publish_plan = page.get_by_role("button", name="Publish site-plan.pdf", exact=True)
    publish_plan.wait_for()
    expect(page.get_by_role("button", name="Publish bank-statement.pdf", exact=True)).to_be_visible()
    assert page.locator("table .govuk-tag", has_text="Published").count() == 0
    assert_accessible(page, "case page with documents to publish")

    publish_plan.click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("site-plan.pdf published")
    row = page.locator("table tr", has_text="site-plan.pdf")
    expect(row.locator(".govuk-tag", has_text="Published")).to_be_visible()
    expect(row.get_by_role("button", name="Remove from public register site-plan.pdf", exact=True)).to_be_visible()
    other = page.locator("table tr", has_text="bank-statement.pdf")
    assert other.locator(".govuk-tag", has_text="Published").count() == 0
    assert "Document published on the public register" in page.locator(".app-timeline").inner_text()
    assert_accessible(page, "case page with a published document")

    public = browsing.new_page()
    public.goto(f"/public.html?council={officers.id}&reference={reference}")
    documents = public.locator("#documents")
    documents.wait_for()
    expect(documents.locator("tbody tr")).to_have_count(1)
    text = documents.inner_text()
    assert "site-plan.pdf" in text and "Proposed site plan" in text
    assert "bank-statement.pdf" not in public.locator("main").inner_text()
    assert_accessible(public, "public application with a document")
    with public.expect_download() as download_info:
        documents.get_by_role("button", name="site-plan.pdf", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "site-plan.pdf"
    assert Path(download.path()).read_bytes() == plan_pdf

    # taken off the register: the public page no longer lists it
    page.get_by_role("button", name="Remove from public register site-plan.pdf", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "site-plan.pdf removed from the public register"
    )
    expect(page.get_by_role("button", name="Publish site-plan.pdf", exact=True)).to_be_visible()
    public.reload()
    expect(public.locator("#documents")).to_have_text(
        "The council has not published any documents for this application."
    )
    assert "site-plan.pdf" not in public.locator("main").inner_text()
