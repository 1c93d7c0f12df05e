"""The statutory returns page: an administrator sees PS1 and PS2 for a quarter and downloads them;
other officers are told the page is for administrators."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def test_an_administrator_sees_and_downloads_the_returns(browsing, council):
    reference = council.validated("fullHouseholder")
    received_on = council.case(reference)["application"]["received_on"]
    quarter = f"{received_on[:4]}Q{(int(received_on[5:7]) - 1) // 3 + 1}"

    page = browsing.new_page()
    sign_in(page, council, "administrator", next_path=f"/returns.html?quarter={quarter}")
    expect(page.locator("h1")).to_have_text("Statutory returns")
    applications = page.locator("table", has_text="Received in the quarter")
    expect(applications.locator("tr", has_text="Received in the quarter").locator("td")).to_have_text("1")
    expect(page.locator("table", has_text="Decisions by development type").locator("tbody tr")).to_have_count(21)
    expect(page.locator(".govuk-warning-text")).to_contain_text("no enforcement")
    assert_accessible(page, "statutory returns")

    with page.expect_download() as downloaded:
        page.click("[data-download=ps2-csv]")
    assert downloaded.value.suggested_filename == f"PS2-{quarter}.csv"
    assert Path(downloaded.value.path()).read_text(encoding="utf-8").startswith("return,council,quarter,code")

    reader = browsing.new_page()
    sign_in(reader, council, "assessor", next_path="/returns.html")
    expect(reader.locator("h1")).to_have_text("You cannot see the returns")
