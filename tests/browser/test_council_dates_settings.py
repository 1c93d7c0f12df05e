"""The council's rule for out-of-hours receipt on its settings page: an administrator sets a closing time
(an application arriving after it, at a weekend or on a bank holiday counts from the next working day);
other officers read it. And an administrator's import of site history from the council's previous system
(CSV uploaded or pasted; the row errors, or how many records were imported), by keyboard and at 320 px."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, horizontal_overflow, sign_in, tab_to

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def test_an_administrator_sets_when_an_application_counts_as_received(browsing, council):
    page = browsing.new_page()
    sign_in(page, council, "administrator", next_path="/settings.html")
    expect(page.locator("h1")).to_have_text("Council settings")
    expect(page.locator("#received-rule")).to_be_checked()  # the day it arrives: the default
    page.check("#received-rule-2")
    page.fill("#out-of-hours-from", "5pm")
    page.click("#received-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Enter the closing time on the 24-hour clock, like 17:00"]
    )
    assert_accessible(page, "council settings, received date with an error")
    page.fill("#out-of-hours-from", "17:30")
    page.click("#received-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("counts as received")
    assert council.officer("administrator").get("/api/v1/council/settings").json() == {"out_of_hours_from": "17:30"}
    expect(page.locator("#received-rule-2")).to_be_checked()
    expect(page.locator("#out-of-hours-from")).to_have_value("17:30")

    reader = browsing.new_page()
    sign_in(reader, council, "assessor", next_path="/settings.html")
    expect(reader.locator("h2#received + p + dl")).to_contain_text("after 17:30, at a weekend or on a bank holiday")
    assert reader.locator("#received-form").count() == 0


# Site history from the council's previous system (issue: "The officer's assessment", site history): the
# columns of bops.domain.site_history; row 3 has two problems, so nothing of the file is stored.
BAD_CSV = (
    "reference,address,uprn,description,decision,decision_date\n"
    "05/01234/FUL,40 Stansfield Road London SW9 9RZ,100021892955,Rear extension,Granted,2005-06-01\n"
    "07/00420/FUL,42 Stansfield Road London SW9 9RZ,12AB,Loft conversion,Refused,31/02/2007\n"
)
GOOD_CSV = (
    "reference,address,uprn,description,decision,decision_date\n"
    "05/01234/FUL,40 Stansfield Road London SW9 9RZ,100021892955,Rear extension,Granted,2005-06-01\n"
    '07/00420/FUL,"42 Stansfield Road, London SW9 9RZ",,Loft conversion,Refused,28/02/2007\n'
)


def test_an_administrator_imports_site_history_by_keyboard(browsing, council, tmp_path):
    page = browsing.new_page()
    sign_in(page, council, "administrator", next_path="/settings.html")
    section = page.locator("#site-history")
    expect(section.locator("h2")).to_have_text("Site history from your previous system")
    expect(section.locator("#site-history-columns li")).to_have_count(6)
    assert_accessible(page, "council settings, site history import")

    # Nothing chosen: the form says what to do
    page.focus("#site-history-file")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Import site history")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Upload a CSV file or paste the CSV"])

    # pasted by keyboard with a bad row: the API's 422 names row 3's UPRN and date, and nothing is stored
    page.focus("#site-history-file")
    assert tab_to(page, lambda f: f["id"] == "site-history-csv")["tag"] == "textarea"
    page.keyboard.type(BAD_CSV)
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Import site history")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        [
            "2 problems in the CSV; nothing was imported. "
            "Correct the rows listed under the form and import the file again"
        ]
    )
    assert page.locator(".govuk-error-summary a").get_attribute("href") == "#site-history-csv"
    problems = page.locator("#site-history-problems tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("3UPRNmust be 1 to 12 digits")
    expect(problems.nth(1)).to_contain_text("decision date")
    assert_accessible(page, "council settings, site history import with row errors")
    admin = council.officer("administrator")
    assert admin.get("/api/v1/council/site-history", params={"uprn": "100021892955"}).json()["entries"] == []

    # both a file and pasted text: one or the other
    upload = tmp_path / "legacy.csv"
    upload.write_text(GOOD_CSV)
    page.set_input_files("#site-history-file", str(upload))
    page.focus("#site-history-csv")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Import site history")
    page.keyboard.press("Space")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Upload a file or paste the CSV, not both"])

    # the file alone: the counts are shown, and the records are the site's history
    page.fill("#site-history-csv", "")
    page.focus("#site-history-csv")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Import site history")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 records of site history imported")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("#site-history-problems")).to_have_count(0)
    result = page.locator("#site-history-result dl")
    expect(result).to_contain_text("Added2")
    expect(result).to_contain_text("Already imported0")
    entries = admin.get("/api/v1/council/site-history", params={"address": "42 Stansfield Road London SW9 9RZ"})
    assert [e["reference"] for e in entries.json()["entries"]] == ["07/00420/FUL"]
    assert_accessible(page, "council settings, site history imported")

    # at 320 px the section (and its problems table) fits the screen
    narrow = browsing.new_page(width=320, height=800)
    sign_in(narrow, council, "administrator", next_path="/settings.html")
    narrow.locator("#site-history-form").wait_for()
    narrow.fill("#site-history-csv", BAD_CSV)
    narrow.click("#site-history-form button[type=submit]")
    narrow.locator("#site-history-problems").wait_for()
    assert horizontal_overflow(narrow) == 0

    # other officers do not see the import (the API allows administrators only)
    reader = browsing.new_page()
    sign_in(reader, council, "assessor", next_path="/settings.html")
    expect(reader.locator("h1")).to_have_text("Council settings")
    reader.locator("#consultees").wait_for()
    assert reader.locator("#site-history").count() == 0
