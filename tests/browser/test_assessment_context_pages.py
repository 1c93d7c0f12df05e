"""The assessment's constraints and site history pages in the browser: pre-filled, each constraint's source
shown, the officer's choices made with the keyboard, errors the GOV.UK way, axe (no serious or critical
findings), and what is saved read back through the API."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, focused, sign_in, tab_to
from tests.support import wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def _in_assessment(council):
    reference = council.validated("fullHouseholder")
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "assessment")
    started = council.officer("assessor").post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert started.status_code == 200, started.text
    return reference


def test_an_officer_checks_the_constraints_with_the_keyboard(browsing, council):
    added = council.officer("administrator").post(
        "/api/v1/council/consultees",
        json_body={"name": "Tree officer", "organisation": "Council", "email": "trees@council.example",
                   "kind": "internal", "expertise": "trees"},
    )  # fmt: skip
    assert added.status_code == 201, added.text
    reference = _in_assessment(council)
    page = browsing.new_page()
    # the consultation page marks the consultees the constraints suggest
    sign_in(page, council, next_path=f"/application.html?reference={reference}&task=consultation")
    expect(page.locator("#consultee-directory option")).to_contain_text(
        ["Council – Tree officer (suggested for the tree preservation order)"]
    )
    page.goto(f"/application.html?reference={reference}&task=assessment-constraints")
    expect(page.locator("h1")).to_have_text("Check constraints")
    expect(page.locator("legend")).to_have_text(["Tree preservation order", "Article 4 direction area"])
    expect(page.locator("#constraints-form")).to_contain_text("Local designation data")
    expect(page.locator("#main-content")).to_contain_text("Tree officer (Council) – for the tree preservation order")
    assert_accessible(page, "constraints task")

    # marking it complete without a choice for each constraint: the error summary links to the radios
    page.click("#constraints-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        [
            "Say whether the tree preservation order applies to the site",
            "Say whether the article 4 direction area applies to the site",
        ]
    )
    assert_accessible(page, "constraints task with errors")

    # keyboard only: to the first radio, choose "Does not apply" with the arrow key; then the second
    page.locator("#main-content h1").focus()
    tab_to(page, lambda e: e["id"] == "constraint-0")
    page.keyboard.press("ArrowRight")  # moves to and selects "Does not apply"
    assert focused(page)["id"] == "constraint-0-2"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "constraint-1"
    page.keyboard.press("Space")
    page.select_option("#add-dataset", "listed-building-outline")
    page.fill("#add-description", "Garden wall")
    page.locator("#constraints-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**task=assessment")

    task = council.officer().get(f"/api/v1/applications/{reference}/assessment/constraints").json()
    assert task["status"] == "completed"
    assert [(c["dataset"], c["source"], c["status"]) for c in task["data"]["constraints"]] == [
        ("tree-preservation-zone", "local", "removed"),
        ("article-4-direction-area", "local", "confirmed"),
        ("listed-building-outline", "officer", "confirmed"),
    ]


def test_an_officer_marks_the_relevant_site_history_and_summarises_it(browsing, council):
    imported = council.officer("administrator").post(
        "/api/v1/council/site-history/import",
        json_body={
            "csv": "reference,address,uprn,description,decision,decision_date\n"
            "98/0077/H,40 Stansfield Road London SW9 9RZ,100021892955,Loft conversion,Granted,1998-03-14\n"
        },
    )
    assert imported.status_code == 200, imported.text
    reference = _in_assessment(council)
    page = browsing.new_page()
    sign_in(page, council, next_path=f"/application.html?reference={reference}&task=assessment-site_history")
    expect(page.locator("h1")).to_have_text("Check site history")
    card = page.locator(".govuk-summary-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("98/0077/H")
    expect(card).to_contain_text("Previous system")
    expect(card).to_contain_text("Granted, 14 March 1998")
    assert_accessible(page, "site history task")

    page.click("#site-history-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Write a summary of the site's history"])

    page.locator("#main-content h1").focus()
    tab_to(page, lambda e: e["id"] == "entry-0-relevant")
    page.keyboard.press("Space")
    page.fill("#entry-0-comment", "The dormer dates from this.")
    page.fill("#site-history-summary", "A loft conversion was granted in 1998.")
    page.click("#site-history-form button[type=submit]")
    page.wait_for_url("**task=assessment")
    task = council.officer().get(f"/api/v1/applications/{reference}/assessment/site_history").json()
    assert task["status"] == "completed" and task["data"]["summary"] == "A loft conversion was granted in 1998."
    assert task["data"]["entries"][0]["relevant"] is True
    assert task["data"]["entries"][0]["comment"] == "The dormer dates from this."

    # the application's reference in the previous system
    page.goto(f"/application.html?reference={reference}&task=assessment-site_history")
    page.fill("#alternative-reference", "OLD/55")
    page.click("#alternative-reference-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Reference in the previous system saved"
    )
    expect(page.locator("#alternative-reference")).to_have_value("OLD/55")


def test_the_datasets_copy_agrees_with_the_domain():
    import json
    import re
    from pathlib import Path

    from bops.domain.constraints import datasets

    text = (Path(__file__).resolve().parents[2] / "frontend/src/js/case/assessment/constraints.js").read_text()
    body = re.search(r"const DATASETS = (\[.*?\n\]);", text, re.S)
    assert body
    copied = json.loads(re.sub(r",\s*\]$", "]", body.group(1)))
    assert copied == [[name, spec.name] for name, spec in datasets().items()]
