"""An officer's journeys through the site, in headless Chromium, with axe-core on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.helpers import (
    assert_accessible,
    dashboard_tab,
    focused,
    horizontal_overflow,
    oversized_pdf,
    sign_in,
    tab_to,
    username,
)
from tests.support import PASSWORD, WORKFLOW_WAIT_MS, complete_assessment, consult_if_needed, example, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INJECTED = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'


def _submit(officers, name: str = "fullHouseholder") -> str:
    """Submits an application and waits until its workflow is waiting for the officer's validation decision
    (acting earlier races the workflow's own first steps: the API answers 409, as it should)."""
    reference = officers.submit(name)

    def settled():
        application = officers.case(reference)["application"]
        return application.get("awaiting") == "validation_decision" or application.get("workflow_error")

    wait_for(settled)
    return reference


def _search_available(officers) -> bool:
    response = officers.officer().get("/api/v1/search", params={"q": "SW9 9RZ"})
    return response.status_code == 200


def test_an_officer_signs_in_and_sees_the_councils_applications(page, runtime):
    from tests.support import new_council

    # A council of its own: the session's council has cases other browser tests assigned to its assessor
    officers = new_council(runtime)
    references = [_submit(officers), _submit(officers, "largerExtension")]

    page.goto("/")
    page.wait_for_url("**/sign-in.html?next=**")
    assert page.title() == "Sign in – BoPS"
    assert_accessible(page, "sign in")
    sign_in(page, officers)

    expect(page.locator("h1")).to_have_text("Planning applications")
    expect(page.locator("#signed-in-as")).to_have_text(f"Signed in as {username(officers)} (case officer)")
    expect(dashboard_tab(page, "mine")).to_contain_text("No cases are assigned to you.")
    assert_accessible(page, "dashboard, your cases")
    rows = dashboard_tab(page, "all")
    for reference in references:
        row = rows.locator("tr", has=page.locator(f"a:text-is('{reference}')"))
        assert row.count() == 1
        assert "Not started" in row.inner_text() and "Unassigned" in row.inner_text()
        assert re.search(r"\d+ days? left", row.inner_text())
    assert_accessible(page, "dashboard, all cases")

    # filters: a status nothing is in, then a type
    page.select_option("#status", "determined")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?status=determined#all")
    expect(dashboard_tab(page, "all")).to_contain_text("No cases match the filters.")
    page.select_option("#status", "")
    page.select_option("#type", "pa.part1.classA")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?type=pa.part1.classA#all")
    listed = dashboard_tab(page, "all").inner_text()
    assert references[1] in listed and references[0] not in listed

    page.click("#sign-out")
    page.wait_for_url("**/sign-in.html?signed-out=1")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out.")
    page.goto("/")
    page.wait_for_url("**/sign-in.html?next=**")


def test_a_wrong_password_or_empty_fields_show_the_error_summary(page, officers):
    page.goto("/sign-in.html")
    page.click("#sign-in-form button[type=submit]")
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator("li")).to_have_text(["Enter your username", "Enter your password"])
    assert page.title().startswith("Error: ")
    assert focused(page)["tag"] == "div"  # GOV.UK Frontend moves focus to the summary
    expect(page.locator("#username-error")).to_have_text("Error: Enter your username")
    assert "username-error" in page.get_attribute("#username", "aria-describedby")
    assert_accessible(page, "sign in with errors")
    summary.locator("a", has_text="Enter your password").click()
    assert focused(page)["id"] == "password"

    page.fill("#username", username(officers))
    page.fill("#password", "not-the-password")
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_selector(".govuk-error-summary li >> text=Enter a correct username and password")
    assert page.locator(".govuk-error-summary li").count() == 1
    assert page.input_value("#password") == ""
    assert "/sign-in.html" in page.url


def test_an_officer_finds_an_application_by_reference_postcode_and_description(page, officers):
    reference = _submit(officers)
    sign_in(page, officers)

    page.fill("#q", reference.lower())
    page.press("#q", "Enter")
    page.wait_for_url("**/search.html?q=**")
    if not _search_available(officers):
        pytest.skip("GET /api/v1/search is not available yet")
    expect(page.locator("#results h2")).to_have_text("1 application found by reference")
    assert page.locator("#results tbody tr").count() == 1
    assert_accessible(page, "search results")

    # an officer typing just the reference's number finds it too (issue 12: "00005" finds 26-00005-HAPP)
    page.goto("/search.html?q=" + reference.split("-")[1])
    expect(page.locator("#results h2")).to_have_text("1 application found by reference")
    assert page.locator(f"#results a:text-is('{reference}')").count() == 1

    page.goto("/search.html?q=" + "SW9%209RZ")
    expect(page.locator("#results h2")).to_contain_text("found by postcode")
    assert page.locator(f"#results a:text-is('{reference}')").count() == 1

    page.goto("/search.html?q=starship")  # fullHouseholder's description: "... incorporating starship launchpad."
    expect(page.locator("#results h2")).to_contain_text("found by words in the description")
    assert page.locator(f"#results a:text-is('{reference}')").count() == 1

    page.goto("/search.html?q=zzqxnotaword")
    expect(page.locator("#results h2")).to_have_text("No applications found")
    page.click("#search-form button[type=submit]")  # the field still holds the query: searches again
    page.fill("#q", "")
    page.click("#search-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text("Enter a reference, postcode, address or description")

    page.fill("#q", reference)
    page.click("#search-form button[type=submit]")
    page.locator(f"#results a:text-is('{reference}')").click()
    page.wait_for_selector("h1.app-wrap")
    expect(page.locator(".govuk-caption-l")).to_contain_text(reference)


def test_an_officer_opens_an_application_and_validates_it(page, officers):
    reference = _submit(officers)
    sign_in(page, officers)
    dashboard_tab(page, "all").locator(f"a:text-is('{reference}')").click()
    page.wait_for_selector("h1.app-wrap")

    assert page.locator("h1").inner_text() == "40, STANSFIELD ROAD, LONDON, SW9 9RZ"
    assert page.title() == f"{reference} – 40, STANSFIELD ROAD, LONDON, SW9 9RZ – BoPS"
    summary = page.locator(".govuk-summary-list").first.inner_text()
    assert "Planning Permission - Full householder" in summary and "starship launchpad" in summary
    dates = page.locator("h2:text-is('Key dates') + dl").inner_text()
    assert "Received" in dates and "Not validated yet" in dates and "(provisional until valid)" in dates
    expect(page.locator(".govuk-task-list").nth(1)).to_contain_text("Not started")  # loaded a moment later
    tasks = page.locator(".govuk-task-list").all_inner_texts()
    assert "Not yet started" in tasks[0] and "Not started" in tasks[1] and "Cannot start yet" in tasks[2]
    assert page.locator(".app-timeline__title").first.is_visible()
    assert_accessible(page, "case page")

    page.click("a.govuk-task-list__link:text-is('Check and validate')")
    page.wait_for_selector("#validation-form")
    assert page.title() == f"Check the application is valid – {reference} – BoPS"
    assert_accessible(page, "validation task")
    page.click("#validation-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Select if the application is valid"])
    assert_accessible(page, "validation task with an error")

    # invalid without a reason: the conditional textarea asks for one
    page.check("#decision-2")
    page.click("#validation-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Enter what is missing or wrong"])
    page.click(".govuk-error-summary a")
    assert focused(page)["id"] == "invalid-reason"

    # a valid-from date that is not a real date
    page.check("#decision")
    page.fill("#valid-from-day", "31")
    page.fill("#valid-from-month", "2")
    page.fill("#valid-from-year", "2025")
    page.click("#validation-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["The valid from date must be a real date"])
    # a real date the API refuses (before the application was received): the API's field error is linked
    page.fill("#valid-from-day", "1")
    page.fill("#valid-from-month", "1")
    page.fill("#valid-from-year", "2001")
    page.click("#validation-form button[type=submit]")
    api_error = page.locator(".govuk-error-summary a")
    api_error.wait_for()
    assert api_error.get_attribute("href") == "#valid-from-day"
    assert "Valid from" in api_error.inner_text()

    for part in ("day", "month", "year"):
        page.fill(f"#valid-from-{part}", "")
    page.click("#validation-form button[type=submit]")
    banner = page.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "Application is valid" in banner.inner_text()
    assert page.locator("h1 + p .govuk-tag").first.inner_text() == "In assessment"
    assert "Completed" in page.locator(".govuk-task-list").first.inner_text()
    assert page.locator(".app-timeline__title").first.inner_text() == "Validated"
    assert_accessible(page, "case page after validation")
    # the applicant's right of appeal against non-determination (TCPA 1990 s. 78(2), DMPO 2015 art. 37(2))
    dates = page.locator("h2:text-is('Key dates') + dl").inner_text()
    assert "Appeal against non-determination from" in dates
    assert "Last day to appeal against non-determination" in dates


def test_keyboard_only_sign_in_and_validation(page, officers):
    reference = _submit(officers)
    page.goto("/sign-in.html")
    tab_to(page, lambda f: f["id"] == "username")
    page.keyboard.type(username(officers))
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(page.url.split("/sign-in")[0] + "/")

    tab_to(page, lambda f: f["id"] == "q")
    page.keyboard.type(reference)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=**")
    page.locator(f"#results a:text-is('{reference}')").wait_for()
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == reference)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1.app-wrap")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Check and validate")
    page.keyboard.press("Enter")
    page.wait_for_selector("#validation-form")
    tab_to(page, lambda f: f["id"] == "decision")
    page.keyboard.press("Space")  # a radio is chosen with Space, as in every browser
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Save and continue")
    page.keyboard.press("Enter")
    banner = page.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "Application is valid" in banner.inner_text()
    assert focused(page)["tag"] == "div"  # the success banner takes focus, so it is read out


@pytest.mark.parametrize("width", [320])
def test_a_320_pixel_wide_screen_has_no_horizontal_scroll(browsing, officers, width):
    reference = _submit(officers)
    page = browsing.new_page(width=width, height=640)
    sign_in(page, officers)
    page.locator("[data-tab=all] table").wait_for()  # on a small screen every tab's list shows
    assert horizontal_overflow(page) == 0, "dashboard"
    page.goto(f"/application.html?reference={reference}")
    page.wait_for_selector("h1.app-wrap")
    assert horizontal_overflow(page) == 0, "case page"
    page.goto(f"/application.html?reference={reference}&task=validation")
    page.wait_for_selector("#validation-form")
    page.click("#validation-form button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    assert horizontal_overflow(page) == 0, "validation with errors"
    page.goto(f"/search.html?q={reference}")
    page.wait_for_selector("#results h2")
    assert horizontal_overflow(page) == 0, "search"


def test_a_script_in_a_description_shows_as_text(page, officers):
    submission = example("fullHouseholder")
    submission["data"]["proposal"]["description"] = f"Rear extension {INJECTED}"
    response = officers.integrator.post("/api/v1/submissions", json_body=submission)
    assert response.status_code == 201, response.text
    reference = response.json()["reference"]
    sign_in(page, officers)  # only read here: no need to wait for the workflow

    listed = dashboard_tab(page, "all")
    assert listed.locator(f"a:text-is('{reference}')").count() == 1
    page.goto(f"/application.html?reference={reference}")
    description = page.locator("dt:text-is('Description') + dd")
    description.wait_for()
    assert description.inner_text() == f"Rear extension {INJECTED}"
    assert page.locator("main script, main img").count() == 0
    assert page.evaluate("window.__pwned") is None
    if _search_available(officers):
        page.goto("/search.html?q=extension")
        page.wait_for_selector("#results h2")
        assert page.evaluate("window.__pwned") is None


def test_an_officer_uploads_a_document_with_progress_and_downloads_it(page, officers, tmp_path):
    reference = _submit(officers)
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=upload")
    page.wait_for_selector("#upload-form")
    assert_accessible(page, "upload")

    page.click("#upload-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Select a file"])
    text = tmp_path / "notes.txt"
    text.write_text("not a plan")
    page.set_input_files("#file", str(text))
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["The selected file must be a PDF, PNG or JPEG"])
    disguised = tmp_path / "plan.pdf"
    disguised.write_text("<html>not a pdf</html>")
    page.set_input_files("#file", str(disguised))
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["The selected file must be a PDF, PNG or JPEG"])
    page.set_input_files("#file", str(oversized_pdf(tmp_path)))
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["The selected file must be smaller than 30 MB"])
    assert_accessible(page, "upload with an error")

    plan = tmp_path / "site-plan.pdf"
    plan.write_bytes(PDF)
    page.set_input_files("#file", str(plan))
    page.select_option("#document-type", "sitePlan.proposed")
    page.fill("#drawing-number", "PL-02")
    page.click("#upload-form button[type=submit]")
    page.locator("#upload-progress progress").wait_for()
    # the page waits while the back office checks and records the file (a workflow step)
    banner = page.locator(".govuk-notification-banner--success")
    banner.wait_for(timeout=WORKFLOW_WAIT_MS)
    assert "site-plan.pdf uploaded" in banner.inner_text()
    row = page.locator("table tr", has_text="site-plan.pdf")
    assert "Proposed site plan" in row.inner_text() and "Received" in row.inner_text()
    assert "Drawing PL-02" in row.inner_text()
    assert_accessible(page, "case page with a document")

    with page.expect_download() as download_info:
        row.get_by_role("button", name="site-plan.pdf", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "site-plan.pdf"
    assert Path(download.path()).read_bytes() == PDF
    # the link came from the short-lived URL endpoint: a presigned GET, not a public object URL
    assert "X-Amz-Signature=" in download.url and "X-Amz-Expires=" in download.url


def test_a_recommendation_is_agreed_by_a_reviewer_and_the_decision_notice_opens(browsing, officers):
    reference = _submit(officers)
    validated = officers.officer().post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
    )
    assert validated.status_code == 200, validated.text

    page = browsing.new_page()
    sign_in(page, officers, next_path=f"/application.html?reference={reference}")
    page.click("a.govuk-task-list__link:text-is('Start the assessment')")
    page.click("#assessment-form button[type=submit]")
    page.locator(".govuk-notification-banner--success").wait_for()
    assert page.locator("dt:text-is('Case officer') + dd").inner_text() == username(officers)
    page.click("a.govuk-task-list__link:text-is('Make a recommendation')")
    # the page says which required tasks are still to do (the recommendation waits for them)
    expect(page.locator(".govuk-inset-text")).to_contain_text("Complete these assessment tasks before recommending")
    consult_if_needed(officers, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(officers, reference)  # the required tasks, through the API (their pages are tested apart)
    page.reload()
    page.wait_for_selector("#recommendation-form")
    # the officer report is drafted from the assessment, for the officer to edit
    expect(page.locator("#report")).to_have_value(re.compile(r"^# The application"))
    assert_accessible(page, "recommendation")
    page.check("#decision-2")  # refuse
    page.fill("#summary", "Out of scale with the street.")
    page.click("#recommendation-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Enter at least one reason for refusal"])
    page.check("#decision")  # grant
    # no conditions typed here: the notice states the conditions task's, each with its reason (DMPO 2015
    # art. 35(1)(a)); the page says so and links to the task
    assert page.locator("#recommendation-form").count() == 1 and page.locator("#conditions").count() == 0
    expect(page.locator("a.govuk-link:text-is('conditions task')")).to_have_attribute(
        "href", re.compile(r"task=assessment-conditions")
    )
    page.click("#recommendation-form button[type=submit]")
    page.locator(".govuk-notification-banner--success").wait_for()
    expect(page.locator(".govuk-task-list").nth(3)).to_contain_text(
        "You made the recommendation, so another reviewer must review it."
    )

    page = browsing.new_page()  # another context: the reviewer's own session
    sign_in(page, officers, "reviewer")
    # the reviewer finds it in their "To review" list
    page.click("#dashboard-tabs a.govuk-tabs__tab:text-is('To review')")
    page.locator(f"#to_review a:text-is('{reference}')").wait_for()
    assert_accessible(page, "the reviewer's to review tab")
    page.click(f"#to_review a:text-is('{reference}')")
    page.click("a.govuk-task-list__link:text-is('Review the recommendation')")
    page.wait_for_selector("#review-form")
    assert "Out of scale with the street." in page.locator(".govuk-summary-list").inner_text()
    # the officer report the recommendation was made with, for the reviewer to read
    page.click("#officer-report summary")
    expect(page.locator("#officer-report h3").first).to_have_text("The application")
    assert_accessible(page, "review")
    page.check("#review-action-2")
    page.click("#review-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Enter why you are challenging the recommendation"])
    page.check("#review-action")
    # the demo submission underpaid the fee and was validated without asking: the reviewer says why it
    # can be determined anyway
    page.click("#review-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Enter why the application can be determined despite the failed checks"]
    )
    page.fill("#override-reason", "The balance of the fee was paid by card on 3 December.")
    page.click("#review-form button[type=submit]")
    banner = page.locator(".govuk-notification-banner--success")
    banner.wait_for()
    assert "Application determined: granted" in banner.inner_text()
    assert "Granted" in page.locator("h2:text-is('Decision') + dl").inner_text()
    # the notice words the conditions task's conditions: the decision's summary leads to them
    assert officers.case(reference)["application"]["decision"]["conditions_from_assessment"] is True
    expect(
        page.locator(
            "h2:text-is('Decision') + dl a:text-is(\"The conditions task's conditions, each with its reason\")"
        )
    ).to_be_visible()
    assert_accessible(page, "determined case")

    wait_for(lambda: officers.case(reference)["application"].get("decision_notice"))  # rendered in the workflow
    page.reload()
    with page.expect_download() as download_info:
        page.click("button:text-is('Download the decision notice (PDF)')")
    assert download_info.value.suggested_filename == f"{reference}-decision-notice.pdf"

    # the web page version opens in the browser as a page (text/html, inline), not as a download (issue 12)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    with page.expect_navigation() as navigation:
        page.click("button:text-is('View the decision notice (web page)')")
    notice = navigation.value
    assert notice is not None and notice.ok, notice
    assert notice.headers["content-type"].startswith("text/html"), notice.headers
    assert notice.headers.get("content-disposition", "").startswith("inline"), notice.headers
    expect(page.locator("body")).to_contain_text(reference)
    # the conditions task's standard time limit, with its reason (DMPO 2015 art. 35(1)(a))
    expect(page.locator("body")).to_contain_text(
        "The development hereby permitted shall be begun before the expiration"
    )
    expect(page.locator("body")).to_contain_text("Reason: To comply with Section 91")
    assert downloads == []

    # the public register shows the officer report with the decision, as a web page in the browser
    public = browsing.new_page()
    public.goto(f"/public.html#{officers.id}/{reference}")
    assert_accessible(public, "public application with its decision")
    public.click("#officer-report-page")
    public.wait_for_url("**/officer-report-*.html**")
    expect(public.locator("h1")).to_have_text("Officer report (delegated decision)")
    expect(public.locator("main")).to_contain_text(reference)


def test_the_local_run_demo_clock_on_the_outbox_page(page, officers):
    sign_in(page, officers, next_path="/outbox.html")
    page.wait_for_selector("#clock-form")
    assert "(today)" in page.locator("#clock-now").inner_text()
    try:
        page.fill("#clock-days", "soon")
        page.click("#clock-form button[type=submit]")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a whole number of days")
        assert_accessible(page, "outbox with a demo clock error")
        page.fill("#clock-days", "22")
        page.click("#clock-form button[type=submit]")
        expect(page.locator("#clock-now")).to_contain_text("(22 days ahead)")
        assert_accessible(page, "outbox with the demo clock moved")
    finally:
        page.request.post("/local/clock", data={"days": 0})


def test_a_refusal_cites_the_policies_considered_and_the_reviewer_sees_a_returned_task(browsing, officers):
    from bops.domain.assessment import StoredTask, TaskStatus
    from bops.services.context import context

    reference = _submit(officers)
    officer = officers.officer()
    assert officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}).ok
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "assessment")
    assert officer.post(f"/api/v1/applications/{reference}/assessment", json_body={}).ok
    consult_if_needed(officers, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(officers, reference)
    considered = StoredTask(
        name="policies",
        status=TaskStatus.COMPLETED,
        data={"considerations": [{"policy_id": "dm1", "reference": "DM1", "title": "Design"}]},
        updated_by="test",
        updated_at="2026-12-04T10:00:00.000000Z",
    )
    ctx = context()
    ctx.repo.transact([ctx.repo.assessment.task_write(officers.id, reference, considered)], conflict_message="x")
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "recommendation")

    page = browsing.new_page()
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=recommendation")
    page.wait_for_selector("#recommendation-form")
    page.check("#decision-2")  # refuse
    page.fill("#summary", "Harm to the street scene.")
    page.fill("#reasons", "Overbearing on No. 3.")
    page.check("#policy-ids")  # DM1 Design
    assert_accessible(page, "recommendation with policies")
    page.click("#recommendation-form button[type=submit]")
    page.locator(".govuk-notification-banner--success").wait_for()
    recommendation = officers.case(reference)["application"]["recommendation"]
    assert recommendation["refusal_reasons"] == [{"text": "Overbearing on No. 3.", "policy_ids": ["dm1"]}]

    # the reviewer returns a task: the review page says so
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "review")
    returned = officers.officer("reviewer").post(
        f"/api/v1/applications/{reference}/assessment/summaries/review",
        json_body={"action": "return", "comment": "Assess the design."},
    )
    assert returned.status_code == 200, returned.text
    review = browsing.new_page()
    sign_in(review, officers, "reviewer", next_path=f"/application.html?reference={reference}&task=review")
    review.wait_for_selector("#review-form")
    expect(review.locator(".govuk-inset-text")).to_contain_text("You returned these tasks to the case officer")
    assert_accessible(review, "review with a returned task")


def test_a_reviewer_overrides_the_failed_fee_check_by_keyboard_alone(browsing, officers):
    reference = _submit(officers)
    officer = officers.officer()
    assert officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}).ok
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "assessment")
    assert officer.post(f"/api/v1/applications/{reference}/assessment", json_body={}).ok
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "recommendation")
    consult_if_needed(officers, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(officers, reference)
    recommended = officer.post(
        f"/api/v1/applications/{reference}/recommendation",
        json_body={
            "decision": "granted",
            "summary": "Acceptable.",
            "conditions": [{"text": "Begin within 3 years.", "reason": "Section 91 of the TCPA 1990."}],
        },
    )
    assert recommended.status_code == 200, recommended.text
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "review")

    page = browsing.new_page()
    sign_in(page, officers, "reviewer", next_path=f"/application.html?reference={reference}&task=review")
    page.wait_for_selector("#review-form")
    page.focus("#review-action")
    page.keyboard.press("Space")  # "Yes, agree" reveals the reason for overriding the failed fee check
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "override-reason"
    page.keyboard.type("The fee balance was paid by card.")
    for _ in range(5):  # past the challenge option to the button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    assert page.evaluate("document.activeElement.textContent").strip() == "Save and continue"
    page.keyboard.press("Enter")
    page.locator(".govuk-notification-banner--success").wait_for()
    decision = officers.case(reference)["application"]["decision"]
    assert decision["checks_overridden"]["reason"] == "The fee balance was paid by card."
