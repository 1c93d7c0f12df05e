"""The officer's conditions, policies and EIA screening pages in the browser (issue: "The officer's
assessment"): conditions pre-filled from the council's library, one added from it and the pre-commencement
condition sent to the applicant; a policy finding whose missing reasoning the API names; an EIA screening
opinion moving the case to 16 weeks, and the reviewer agreeing it on its page. axe on each page, and keyboard
use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.helpers import assert_accessible, focused, horizontal_overflow, sign_in, tab_to
from tests.support import consult_if_needed, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def _in_assessment(council, name="fullHouseholder"):
    reference = council.validated(name)
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "assessment")
    response = council.officer("assessor").post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert response.status_code == 200, response.text
    return reference


def _task(council, reference, name):
    return council.officer().get(f"/api/v1/applications/{reference}/assessment/{name}").json()


def test_an_officer_adds_a_condition_from_the_library_and_sends_the_pre_commencement_one(browsing, council):
    reference = _in_assessment(council)
    page = browsing.new_page()
    sign_in(page, council, next_path=f"/application.html?reference={reference}&task=assessment-conditions")
    expect(page.locator("h1")).to_have_text("Conditions, informatives and heads of terms")
    expect(page.locator("[data-condition] > legend")).to_have_text(
        ["Condition 1 (from the library: time-limit)", "Condition 2 (from the library: approved-plans)"]
    )
    expect(page.locator("#condition-0-text")).to_have_value(
        "The development hereby permitted shall be begun before the expiration of three years from the date of "
        "this permission."
    )
    assert_accessible(page, "conditions task")

    # add the construction management plan from the library, by keyboard
    page.select_option("#add-condition", "construction-management-plan")
    page.focus("#add-condition")
    reached = tab_to(page, lambda f: f["text"] == "Add condition")
    assert reached["tag"] == "button"
    page.keyboard.press("Enter")
    expect(page.locator("[data-condition]")).to_have_count(3)
    assert focused(page)["id"] == "condition-2-title"
    expect(page.locator("#condition-2-pre")).to_be_checked()

    # the task's completion must be said
    page.click("#conditions-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Say whether you have completed this task"])
    page.fill("#informatives", "Party Wall etc. Act 1996 applies.")
    page.check("#task-status")
    page.click("#conditions-form button[type=submit]")
    wait_for(lambda: _task(council, reference, "conditions")["status"] == "completed")
    data = _task(council, reference, "conditions")["data"]
    assert [c["standard_code"] for c in data["conditions"]] == [
        "time-limit",
        "approved-plans",
        "construction-management-plan",
    ]
    assert data["informatives"] == ["Party Wall etc. Act 1996 applies."]
    page.wait_for_url("**&task=assessment")  # saving returns to the task list

    # then the pre-commencement condition goes to the applicant
    page.goto(f"/application.html?reference={reference}&task=assessment-conditions")
    expect(page.locator("[data-pre-commencement]")).to_have_attribute("data-pre-commencement", "waiting")
    assert_accessible(page, "conditions task with a pre-commencement condition")
    page.click("#send-pre-commencement button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Pre-commencement conditions sent")
    assert _task(council, reference, "conditions")["data"]["pre_commencement_request_id"]


def test_a_policy_not_complied_with_needs_the_officers_reasoning(browsing, council):
    reference = _in_assessment(council)
    page = browsing.new_page()
    sign_in(page, council, next_path=f"/application.html?reference={reference}&task=assessment-policies")
    expect(page.locator("h1")).to_have_text("Assess against policies")
    row = page.locator("[data-policy=dm2]")
    expect(row.locator("legend")).to_have_text("DM2: Residential amenity")
    assert_accessible(page, "policies task")
    row.locator("select").select_option("does_not_comply")
    page.check("#task-status")
    page.click("#policies-form button[type=submit]")
    summary = page.locator(".govuk-error-summary li a")
    expect(summary).to_have_count(1)
    expect(summary).to_contain_text("Your reasoning")
    summary.click()
    assert focused(page)["tag"] == "textarea"
    page.keyboard.type("Overbears the garden of No. 3.")
    page.click("#policies-form button[type=submit]")
    wait_for(lambda: _task(council, reference, "policies")["status"] == "completed")
    (saved,) = _task(council, reference, "policies")["data"]["considerations"]
    assert (saved["policy_id"], saved["reference"], saved["assessment"]) == ("dm2", "DM2", "does_not_comply")


def test_an_eia_screening_opinion_gives_the_case_sixteen_weeks(browsing, council):
    """EIA development has 16 weeks (DMPO 2015 art. 34(2)(a)); Schedule 2 para. 10(b) urban development
    projects over 150 dwellings are screened (EIA Regulations 2017 Schedule 2)."""
    reference = _in_assessment(council, "minor")
    valid_from = date.fromisoformat(council.case(reference)["application"]["valid_from"])
    page = browsing.new_page()
    sign_in(page, council, next_path=f"/application.html?reference={reference}&task=assessment-eia")
    expect(page.locator("h1")).to_have_text("Environmental impact assessment screening")
    assert_accessible(page, "EIA screening task")
    # by keyboard: the description chosen with the arrow keys, the figures typed, the opinion by arrow key
    tab_to(page, lambda f: f["id"] == "eia-category", limit=150)
    for _ in range(60):
        if page.locator("#eia-category").input_value() == "sch2-10b":
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("#eia-category")).to_have_value("sch2-10b")
    tab_to(page, lambda f: f["id"] == "eia-dwellings")
    page.keyboard.type("160")
    assert tab_to(page, lambda f: f["type"] == "radio" and f["id"].startswith("eia-required"))["id"] == "eia-required-2"
    page.keyboard.press("ArrowUp")
    expect(page.locator("#eia-required")).to_be_checked()
    tab_to(page, lambda f: f["id"] == "eia-notes")
    page.keyboard.type("Likely significant effects on traffic.")
    tab_to(page, lambda f: f["id"] == "task-status")
    page.keyboard.press("Space")
    expect(page.locator("#task-status")).to_be_checked()
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Save")
    page.keyboard.press("Enter")
    expected = (valid_from + timedelta(weeks=16)).isoformat()
    wait_for(lambda: council.case(reference)["application"]["expiry_date"] == expected)
    data = _task(council, reference, "eia")["data"]
    assert data["threshold_met"] is True and data["schedule"] == "schedule_2"

    # at 320 px the screening form reflows (WCAG 1.4.10): no sideways scrolling
    narrow = browsing.new_page(width=320, height=800)
    sign_in(narrow, council, next_path=f"/application.html?reference={reference}&task=assessment-eia")
    narrow.locator("#eia-form").wait_for()
    assert horizontal_overflow(narrow) == 0

    # the reviewer agrees the screening on its page with the form every task page shows, by keyboard
    assessor = council.officer()
    base = f"/api/v1/applications/{reference}/assessment"
    for task in assessor.get(base).json()["tasks"]:
        if task["required"] and task["name"] != "eia":
            saved = assessor.put(f"{base}/{task['name']}", json_body={"status": "completed", "data": task["data"]})
            assert saved.status_code == 200, saved.text
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "recommendation")
    consult_if_needed(council, reference)  # a minor application is publicised first (DMPO 2015 art. 15)
    recommended = assessor.post(
        f"/api/v1/applications/{reference}/recommendation",
        json_body={"decision": "granted", "summary": "Acceptable.", "conditions": []},
    )
    assert recommended.status_code == 200, recommended.text
    reviewer = browsing.new_page(width=320, height=800)
    sign_in(reviewer, council, "reviewer", next_path=f"/application.html?reference={reference}&task=assessment-eia")
    reviewer.locator("#assessment-review-form").wait_for()
    assert reviewer.locator("#eia-form").count() == 0  # read-only for the reviewer
    expect(reviewer.locator("#case")).to_contain_text("Likely significant effects on traffic.")
    assert_accessible(reviewer, "reviewing the EIA screening")
    assert horizontal_overflow(reviewer) == 0
    tab_to(reviewer, lambda f: f["id"] == "review-action", limit=200)
    reviewer.keyboard.press("Space")
    expect(reviewer.locator("#review-action")).to_be_checked()
    tab_to(reviewer, lambda f: f["tag"] == "button" and f["text"] == "Save review")
    reviewer.keyboard.press("Enter")
    reviewer.locator(".govuk-notification-banner--success").wait_for()
    assert _task(council, reference, "eia")["review"]["state"] == "agreed"


def test_an_administrator_keeps_the_standard_conditions_and_policies(browsing, council):
    page = browsing.new_page()
    sign_in(page, council, "administrator", next_path="/settings.html")
    library = page.locator("#conditions-library")
    expect(library.locator("[data-library-condition=time-limit]")).to_contain_text("Time limit")
    expect(page.locator("[data-conditions-library-status]")).to_have_text("Your council uses the bundled list.")
    expect(page.locator("#policies [data-policy=nppf-135]")).to_contain_text("NPPF 135")
    assert_accessible(page, "council settings with the assessment libraries (administrator)")

    # a new standard condition: the form's own checks, then the API's
    page.fill("#library-code", "hours-of-work")
    page.fill("#library-title", "Hours of work")
    page.fill("#library-text", "No construction work outside 08:00-18:00 on weekdays.")
    page.check("#library-applies")  # householder
    page.click("#library-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Enter the reason"])
    page.fill("#library-reason", "To protect the amenity of neighbours.")
    page.check("#library-pre")
    page.click("#library-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_contain_text(["Why it must be met before development begins"])
    page.uncheck("#library-pre")
    page.click("#library-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Hours of work saved")
    expect(page.locator("[data-library-condition=hours-of-work]")).to_contain_text("Householder")
    expect(page.locator("[data-conditions-library-status]")).to_contain_text("Your council's own list")

    # change a policy's title through its Change button, by keyboard
    page.locator("[data-policy=dm1] button", has_text="Change").focus()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "policy-id"
    page.fill("#policy-title", "Design quality and character")
    page.click("#policy-form button[type=submit]")
    expect(page.locator("[data-policy=dm1]")).to_contain_text("Design quality and character")

    # other officers read the lists, without the forms
    reader = browsing.new_page()
    sign_in(reader, council, "assessor", next_path="/settings.html")
    expect(reader.locator("[data-library-condition=hours-of-work]")).to_be_visible()
    assert reader.locator("#library-form, #policy-form").count() == 0
    assert_accessible(reader, "council settings with the assessment libraries (assessor)")
