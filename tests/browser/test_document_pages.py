"""Documents on the case page (issue 12), in headless Chromium with axe: readable type names and drawing
numbers, a PDF viewed inline (keyboard only), its details changed, several published at once; at 320 px
the page does not scroll sideways."""

from __future__ import annotations

import pytest
import requests

from tests.browser.helpers import assert_accessible, horizontal_overflow, sign_in, tab_to
from tests.support import WAIT, add_neighbours_and_consultee, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _upload(officers, reference: str, file_name: str, content: bytes, tags: list[str], **extra) -> str:
    form = officers.integrator.post(
        f"/api/v1/applications/{reference}/uploads",
        json_body={"file_name": file_name, "content_type": "application/pdf", "tags": tags, **extra},
    )
    assert form.status_code == 201, form.text
    form = form.json()
    posted = requests.post(form["url"], data=form["fields"], files={"file": (file_name, content)}, timeout=WAIT)
    assert posted.status_code in (200, 201, 204)
    wait_for(
        lambda: any(
            d["id"] == form["document_id"] and (d.get("scan") or {}).get("status") == "clean"
            for d in officers.case(reference)["documents"]
        )
    )
    return form["document_id"]


def test_an_officer_views_a_plan_inline_changes_its_details_and_publishes_several(browsing, officers):
    reference = officers.submit()
    _upload(officers, reference, "site-plan.pdf", PDF, ["sitePlan.proposed"], drawing_number="PL-02")
    _upload(officers, reference, "elevations.pdf", PDF + b"%e\n", ["elevations.proposed"])

    page = browsing.new_page()
    sign_in(page, officers, next_path=f"/application.html?reference={reference}")
    row = page.locator("table tr", has_text="site-plan.pdf")
    row.wait_for()
    expect(row).to_contain_text("Proposed site plan")
    expect(row).to_contain_text("Drawing PL-02")
    assert "sitePlan.proposed" not in row.inner_text()
    assert_accessible(page, "case page with documents")

    # keyboard only: Tab to "View site-plan.pdf in the browser" and press Enter
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "View site-plan.pdf in the browser", limit=120)
    with page.expect_response(lambda r: "X-Amz-Signature=" in r.url and "/documents/" in r.url) as served:
        page.keyboard.press("Enter")
    response = served.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="site-plan.pdf"'
    assert "/uploads/" not in response.url  # the checked copy, never the upload
    # shown in the tab (a download would leave the case page where it is)
    page.wait_for_url(lambda url: "/documents/" in url and "X-Amz-Signature=" in url)

    # change the elevations' details
    page.goto(f"/application.html?reference={reference}")
    elevations = page.locator("table tr", has_text="elevations.pdf")
    elevations.get_by_role("link", name="Change details of elevations.pdf").click()
    page.locator("#document-form").wait_for()
    assert_accessible(page, "document details")
    page.fill("#drawing-number", "PL-03 rev A")
    page.check("#on-decision-notice")
    page.select_option("#other-type", "streetScene")
    page.click("#document-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Details of elevations.pdf saved")
    elevations = page.locator("table tr", has_text="elevations.pdf")
    expect(elevations).to_contain_text("Proposed elevations, Street scene drawing")
    expect(elevations).to_contain_text("Drawing PL-03 rev A")
    expect(elevations.locator(".govuk-tag", has_text="On decision notice")).to_be_visible()

    # publish both at once
    page.get_by_label("Select site-plan.pdf").check()
    page.get_by_label("Select elevations.pdf").check()
    page.get_by_role("button", name="Publish selected documents").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 documents published")
    expect(page.locator("table .govuk-tag", has_text="Published")).to_have_count(2)
    assert_accessible(page, "case page after publishing")


def test_the_documents_fit_a_320_pixel_screen(browsing, officers):
    reference = officers.submit()
    _upload(officers, reference, "a-plan-with-a-rather-long-file-name.pdf", PDF, ["floorPlan.proposed"])
    page = browsing.new_page(width=320, height=640)
    sign_in(page, officers, next_path=f"/application.html?reference={reference}")
    page.locator("table tr", has_text="a-plan-with-a-rather-long-file-name.pdf").wait_for()
    expect(
        page.get_by_role("button", name="View a-plan-with-a-rather-long-file-name.pdf in the browser")
    ).to_be_attached()
    assert horizontal_overflow(page) == 0
    assert_accessible(page, "case page with documents at 320 px")


def test_a_consultee_views_the_published_plans_from_their_link(browsing, officers):
    reference = officers.validated()
    plan = _upload(officers, reference, "site-plan.pdf", PDF, ["sitePlan.proposed"], drawing_number="PL-02")
    _upload(officers, reference, "bank-statement.pdf", PDF + b"%p\n", ["bankStatement"])
    officer = officers.officer()
    assert officer.post(f"/api/v1/applications/{reference}/documents/publish", json_body={"document_ids": [plan]}).ok
    add_neighbours_and_consultee(officer, reference, ["1 Next Door Road, London"], "SW9 9RZ")
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200

    def consultee_email():
        emails = officer.get("/api/v1/outbox").json()["emails"]
        return next(
            (e for e in emails if e["reference"] == reference and e["template"] == "consultee_consultation"), None
        )

    token = wait_for(consultee_email)["personalisation"]["link"].split("#", 1)[1]
    page = browsing.new_page(width=320, height=640)
    page.goto(f"/consultee.html#{token}")
    documents = page.locator("#consultee-documents")
    expect(documents).to_contain_text("site-plan.pdf")
    expect(documents).to_contain_text("Proposed site plan · drawing PL-02")
    assert "bank-statement.pdf" not in documents.inner_text()  # not published
    assert horizontal_overflow(page) == 0
    assert_accessible(page, "consultee page with documents")

    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "View site-plan.pdf")
    with page.expect_response(lambda r: "X-Amz-Signature=" in r.url and "/documents/" in r.url) as served:
        page.keyboard.press("Enter")
    response = served.value
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    page.wait_for_url(lambda url: "/documents/" in url and "X-Amz-Signature=" in url)
