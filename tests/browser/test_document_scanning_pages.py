"""Virus scanning on the case page (issue 13): a quarantined document is shown as "Failed virus scan" with
why, with no download link and no publish button; a clean one can be downloaded (headless Chromium, axe)."""

from __future__ import annotations

import pytest
import requests

from bops.adapters.scanner import EICAR
from bops.domain import documents as rules
from tests.browser.helpers import assert_accessible, sign_in
from tests.support import WAIT, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EICAR_PDF = b"%PDF-1.4\n" + EICAR + b"\n%%EOF\n"


def _upload(officers, reference: str, file_name: str, content: bytes) -> str:
    form = officers.integrator.post(
        f"/api/v1/applications/{reference}/uploads",
        json_body={"file_name": file_name, "content_type": "application/pdf", "tags": ["otherDocument"]},
    )
    assert form.status_code == 201, form.text
    form = form.json()
    posted = requests.post(form["url"], data=form["fields"], files={"file": (file_name, content)}, timeout=WAIT)
    assert posted.status_code in (200, 201, 204)
    wait_for(
        lambda: any(
            d["id"] == form["document_id"] and (d.get("scan") or {}).get("status") not in (None, "pending")
            for d in officers.case(reference)["documents"]
        )
    )
    return form["document_id"]


def test_a_document_that_failed_its_virus_scan_is_shown_and_cannot_be_downloaded(browsing, officers):
    reference = officers.validated()
    _upload(officers, reference, "infected.pdf", EICAR_PDF)
    _upload(officers, reference, "site-plan.pdf", PDF)

    page = browsing.new_page()
    sign_in(page, officers, next_path=f"/application.html?reference={reference}")
    infected = page.locator("table tr", has_text="infected.pdf")
    infected.wait_for()
    expect(infected.locator(".govuk-tag", has_text="Failed virus scan")).to_be_visible()
    expect(infected).to_contain_text(rules.SCAN_THREAT_MESSAGE)
    assert infected.get_by_role("button").count() == 0  # no download link, no publish button
    clean = page.locator("table tr", has_text="site-plan.pdf")
    expect(clean.get_by_role("button", name="site-plan.pdf", exact=True)).to_be_visible()
    assert clean.locator(".govuk-tag", has_text="virus").count() == 0
    expect(page.locator(".app-timeline")).to_contain_text("Document failed its virus scan and was quarantined")
    assert_accessible(page, "case page with a quarantined document")
