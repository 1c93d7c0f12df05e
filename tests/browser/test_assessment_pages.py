"""The officer's assessment in the browser: the case page's task list with each task's status, a task
page filled in and completed by keyboard, and axe on the list and a task page."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, focused, sign_in, tab_to
from tests.support import consult_if_needed, wait_for

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def _in_assessment(officers) -> str:
    reference = officers.validated()
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "assessment")
    started = officers.officer().post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert started.status_code == 200, started.text
    return reference


def _status(page, name: str) -> str:
    return page.locator(f"li[data-task={name}] .govuk-task-list__status").inner_text().strip()


def test_the_case_page_lists_the_assessment_tasks_with_their_statuses(page, officers):
    reference = _in_assessment(officers)
    assessor = officers.officer()
    base = f"/api/v1/applications/{reference}/assessment"
    assert assessor.put(f"{base}/summaries", json_body={"status": "in_progress", "data": {}}).status_code == 200
    cil = assessor.get(f"{base}/cil").json()["data"]
    assert assessor.put(f"{base}/cil", json_body={"status": "completed", "data": cil}).status_code == 200

    sign_in(page, officers, next_path=f"/application.html?reference={reference}")
    page.locator("li[data-task=summaries]").wait_for()
    assert _status(page, "summaries") == "In progress"
    assert _status(page, "cil") == "Completed"
    assert _status(page, "constraints") == "Not started"
    # each task links to its page; the recommendation comes after the tasks
    link = page.locator("li[data-task=site_visit] a")
    assert link.get_attribute("href") == f"/application.html?reference={reference}&task=assessment-site_visit"
    assert "Optional" in page.locator("li[data-task=site_visit]").inner_text()
    names = page.locator("h3:text-is('3. Assessment') + ul > li").all_inner_texts()
    assert names[-1].startswith("Make a recommendation") and "Complete" in names[-1]
    assert_accessible(page, "case page with the assessment's tasks")

    page.goto(f"/application.html?reference={reference}&task=assessment")  # the task list once started
    page.locator("#assessment-tasks").wait_for()
    expect(page.locator("h1")).to_have_text("Assessment")
    assert page.locator("#assessment-tasks > li").count() == len(assessor.get(base).json()["tasks"])
    assert_accessible(page, "assessment task list")


def test_an_officer_fills_in_and_completes_the_summaries_by_keyboard(page, officers):
    reference = _in_assessment(officers)
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=assessment-summaries")
    page.locator("#assessment-summaries-form").wait_for()
    assert "Pre-filled from" in page.locator("#prefilled").inner_text()
    proposal = page.locator("#proposal").input_value()
    assert proposal == officers.case(reference)["application"]["description"]
    assert page.locator("#neighbour-responses").input_value() == (
        "No comments were received from neighbours or the public."
    )
    assert_accessible(page, "summaries task")

    # too long a design summary: the API's 422 names the field, shown in the error summary
    page.fill("#design", "x" * 20001)
    page.click("#save-later")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert summary.locator("a").get_attribute("href") == "#design"
    assert_accessible(page, "summaries task with an error")

    # by keyboard: the amenity summary, the design summary, then "Mark as complete"
    page.locator("#design").fill("")
    page.locator("#proposal").focus()
    tab_to(page, lambda f: f["id"] == "amenity")
    page.keyboard.type("No overlooking: the side window is obscure glazed.")
    tab_to(page, lambda f: f["id"] == "design")
    page.keyboard.type("Subordinate to the host dwelling.")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Mark as complete")
    assert focused(page)["text"] == "Mark as complete"
    page.keyboard.press("Enter")
    page.locator(".govuk-notification-banner--success").wait_for()
    page.locator("li[data-task=summaries]").wait_for()
    assert _status(page, "summaries") == "Completed"

    saved = officers.officer().get(f"/api/v1/applications/{reference}/assessment/summaries").json()
    assert saved["status"] == "completed" and saved["prefilled"] is False
    assert saved["data"]["amenity"] == "No overlooking: the side window is obscure glazed."
    assert saved["data"]["design"] == "Subordinate to the host dwelling."
    assert saved["data"]["proposal"] == proposal


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def test_a_site_visit_with_a_photograph_uploaded_from_the_page(page, officers, tmp_path):
    reference = _in_assessment(officers)
    received = officers.case(reference)["application"]["received_on"]
    year, month, day = received.split("-")
    photo = tmp_path / "rear-garden.jpg"
    photo.write_bytes(JPEG)
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=assessment-site_visit")
    page.locator("#assessment-site_visit-form").wait_for()
    assert_accessible(page, "site visit task")

    # a date in the future: the API's 422 names the new visit's date, shown against the date input
    page.fill("#visit-on-day", "1")
    page.fill("#visit-on-month", "1")
    page.fill("#visit-on-year", str(int(year) + 2))
    page.click("#save-later")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert summary.locator("a").get_attribute("href") == "#visit-on-day"

    page.fill("#visit-on-day", str(int(day)))
    page.fill("#visit-on-month", str(int(month)))
    page.fill("#visit-on-year", year)
    page.fill("#visit-attendees", "The applicant")
    page.fill("#visit-notes", "The rear garden is 12 m deep.")
    page.set_input_files("#visit-photos", str(photo))
    page.click("#assessment-site_visit-form button:text-is('Mark as complete')")
    page.locator(".govuk-notification-banner--success").wait_for()

    task = officers.officer().get(f"/api/v1/applications/{reference}/assessment/site_visit").json()
    assert task["status"] == "completed"
    (visit,) = task["data"]["visits"]
    assert visit["on"] == received and visit["notes"] == "The rear garden is 12 m deep."
    (photo_id,) = visit["photo_document_ids"]
    document = next(d for d in officers.case(reference)["documents"] if d["id"] == photo_id)
    assert document["file_name"] == "rear-garden.jpg" and document["tags"] == ["photographs.existing"]

    # the visit is listed when the officer comes back to the task
    page.goto(f"/application.html?reference={reference}&task=assessment-site_visit")
    card = page.locator("#visits .govuk-summary-card")
    card.wait_for()
    assert "rear-garden.jpg" in card.inner_text()


def test_a_reviewer_returns_a_task_with_a_comment(browsing, officers):
    reference = _in_assessment(officers)
    assessor = officers.officer()
    base = f"/api/v1/applications/{reference}/assessment"
    # the case officer completes every required task as pre-filled, and recommends
    for task in assessor.get(base).json()["tasks"]:
        if task["required"]:
            saved = assessor.put(f"{base}/{task['name']}", json_body={"status": "completed", "data": task["data"]})
            assert saved.status_code == 200, saved.text
    consult_if_needed(officers, reference)  # DMPO 2015 art. 15: publicised first
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "recommendation")
    recommended = assessor.post(
        f"/api/v1/applications/{reference}/recommendation",
        json_body={"decision": "granted", "summary": "Acceptable.", "conditions": []},
    )
    assert recommended.status_code == 200, recommended.text

    page = browsing.new_page()
    sign_in(page, officers, "reviewer", next_path=f"/application.html?reference={reference}&task=assessment-summaries")
    page.locator("#assessment-review-form").wait_for()
    assert page.locator("#assessment-summaries-form").count() == 0  # read-only for the reviewer
    assert "Roof extension" in page.locator("#case").inner_text()
    assert_accessible(page, "reviewing a task")
    page.check("#review-action-2")  # return with comment
    page.click("#assessment-review-form button[type=submit]")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Say what needs changing"])
    page.fill("#review-comment", "Say how the roof terrace affects No. 42's privacy.")
    page.click("#assessment-review-form button[type=submit]")
    page.locator(".govuk-notification-banner--success").wait_for()
    page.locator("li[data-task=summaries]").wait_for()
    assert _status(page, "summaries") == "Returned by reviewer"
    task = assessor.get(f"{base}/summaries").json()
    assert task["review"]["state"] == "returned"
    assert task["review"]["comment"] == "Say how the roof terrace affects No. 42's privacy."


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_plans_rights_and_cil_forms(page, officers):
    import requests

    reference = _in_assessment(officers)
    assessor = officers.officer()
    for name, tags in (("site.pdf", ["sitePlan.proposed"]), ("statement.pdf", ["planningStatement"])):
        form = assessor.post(
            f"/api/v1/applications/{reference}/uploads",
            json_body={"file_name": name, "content_type": "application/pdf", "tags": tags},
        ).json()
        requests.post(form["url"], data=form["fields"], files={"file": (name, PDF)}, timeout=60)
        wait_for(lambda form=form: any(d["id"] == form["document_id"] for d in officers.case(reference)["documents"]))
    base = f"/api/v1/applications/{reference}/assessment"

    # the plans: the site plan is ticked (pre-filled); completing needs its drawing number
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=assessment-approved_plans")
    page.locator("#assessment-approved_plans-form").wait_for()
    assert page.locator("#plan-1-include").is_checked() and not page.locator("#plan-2-include").is_checked()
    assert page.locator("#plan-1-title").input_value() == "Proposed site plan"
    assert_accessible(page, "approved plans task")
    page.click("#assessment-approved_plans-form button:text-is('Mark as complete')")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Enter the drawing number of site.pdf"])
    page.fill("#plan-1-number", "PL-001")
    page.click("#assessment-approved_plans-form button:text-is('Mark as complete')")
    page.locator(".govuk-notification-banner--success").wait_for()
    (plan,) = assessor.get(f"{base}/approved_plans").json()["data"]["plans"]
    assert (plan["drawing_number"], plan["title"]) == ("PL-001", "Proposed site plan")

    # permitted development rights: removing them needs the classes and a reason
    page.goto(f"/application.html?reference={reference}&task=assessment-permitted_development_rights")
    page.locator("#assessment-permitted_development_rights-form").wait_for()
    page.check("#pd-remove")
    page.click("#assessment-permitted_development_rights-form button:text-is('Mark as complete')")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Select the classes removed", "Enter why the rights are removed"]
    )
    assert_accessible(page, "permitted development rights with errors")
    page.check("#pd-classes")  # Part 1 Class A
    page.fill("#pd-reason", "Further extensions would harm No. 3's outlook.")
    page.click("#assessment-permitted_development_rights-form button:text-is('Mark as complete')")
    page.locator(".govuk-notification-banner--success").wait_for()
    assert assessor.get(f"{base}/permitted_development_rights").json()["data"] == {
        "remove": True,
        "classes": ["Part 1 Class A"],
        "reason": "Further extensions would harm No. 3's outlook.",
    }

    # CIL: pre-filled from the applicant's answers (not liable), confirmed as it is
    page.goto(f"/application.html?reference={reference}&task=assessment-cil")
    page.locator("#assessment-cil-form").wait_for()
    assert "applicant's CIL answers" in page.locator("#prefilled").inner_text()
    assert page.locator("#cil-liable-2").is_checked()  # No
    assert_accessible(page, "CIL task")
    page.click("#assessment-cil-form button:text-is('Mark as complete')")
    page.locator(".govuk-notification-banner--success").wait_for()
    cil = assessor.get(f"{base}/cil").json()
    assert cil["status"] == "completed" and cil["data"]["liable"] is False
