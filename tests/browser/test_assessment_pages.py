"""The officer's assessment in the browser: the case page's task list with each task's status, reached and
opened by keyboard; the task pages (summaries, site visit, approved plans, permitted development rights,
CIL) filled in and completed by keyboard; the reviewer agreeing and returning tasks by keyboard; axe on
each page, and no horizontal scrolling at 320 px."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, focused, horizontal_overflow, sign_in, tab_to
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


def _button(text: str):
    return lambda f: f["tag"] == "button" and f["text"] == text


def _press(page, text: str, key: str = "Enter") -> None:
    """Tabs from where the focus is to the button and presses it (Enter, or Space)."""
    tab_to(page, _button(text), limit=120)
    page.keyboard.press(key)


def _narrow(browsing, officers, path: str, ready: str, role: str = "assessor"):
    """The page at 320 px (WCAG 1.4.10 reflow): no horizontal scrolling."""
    narrow = browsing.new_page(width=320, height=800)
    sign_in(narrow, officers, role, next_path=path)
    narrow.locator(ready).wait_for()
    assert horizontal_overflow(narrow) == 0, f"{path} scrolls sideways at 320 px"
    return narrow


def _return_by_keyboard(page, what, comment, *, limit):
    """The reviewer returns the task on the page by keyboard: Tab into the choice (the focus is on "Agree"),
    the down arrow picks "Return with comment"; saving with no comment is refused and the error's link leads
    to the comment box; the comment typed, the task is returned."""
    assert tab_to(page, lambda f: f["id"] == "review-action", limit=limit)["type"] == "radio"
    page.keyboard.press("ArrowDown")
    assert focused(page)["id"] == "review-action-2"
    expect(page.locator("#review-action-2")).to_be_checked()
    _press(page, "Save review")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Say what needs changing"])
    assert_accessible(page, f"{what}, with an error")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Say what needs changing", limit=10)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "review-comment"
    page.keyboard.type(comment)
    _press(page, "Save review")
    page.locator(".govuk-notification-banner--success").wait_for()


def test_the_case_page_lists_the_assessment_tasks_with_their_statuses(browsing, page, officers):
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

    # by keyboard: Tab from the top of the page to a task's link, and Enter opens the task
    reached = tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Site visit and meetings", limit=150)
    assert reached["tag"] == "a"
    page.keyboard.press("Enter")
    page.wait_for_url("**&task=assessment-site_visit")
    page.locator("#assessment-site_visit-form").wait_for()
    _narrow(browsing, officers, f"/application.html?reference={reference}", "li[data-task=summaries]")

    page.goto(f"/application.html?reference={reference}&task=assessment")  # the task list once started
    page.locator("#assessment-tasks").wait_for()
    expect(page.locator("h1")).to_have_text("Assessment")
    assert page.locator("#assessment-tasks > li").count() == len(assessor.get(base).json()["tasks"])
    assert_accessible(page, "assessment task list")
    page.keyboard.press("Tab")  # from the top: the skip link, then on to the first task
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Check constraints", limit=150)
    page.keyboard.press("Enter")
    page.wait_for_url("**&task=assessment-constraints")
    _narrow(browsing, officers, f"/application.html?reference={reference}&task=assessment", "#assessment-tasks")


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


def test_a_site_visit_with_a_photograph_uploaded_from_the_page(browsing, page, officers, tmp_path):
    reference = _in_assessment(officers)
    received = officers.case(reference)["application"]["received_on"]
    year, month, day = received.split("-")
    photo = tmp_path / "rear-garden.jpg"
    photo.write_bytes(JPEG)
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=assessment-site_visit")
    page.locator("#assessment-site_visit-form").wait_for()
    assert_accessible(page, "site visit task")

    # by keyboard. A date in the future: the API's 422 names the new visit's date, shown against the date input
    tab_to(page, lambda f: f["id"] == "visit-on-day", limit=150)
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "visit-on-year"
    page.keyboard.type(str(int(year) + 2))
    tab_to(page, lambda f: f["id"] == "save-later")
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert summary.locator("a").get_attribute("href") == "#visit-on-day"
    assert_accessible(page, "site visit task with an error")

    # the error summary's link takes the focus to the day
    tab_to(page, lambda f: f["tag"] == "a" and "date" in f["text"].lower(), limit=10)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "visit-on-day"
    for value in (str(int(day)), str(int(month)), year):
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    tab_to(page, lambda f: f["id"] == "visit-attendees")
    page.keyboard.type("The applicant")
    tab_to(page, lambda f: f["id"] == "visit-notes")
    page.keyboard.type("The rear garden is 12 m deep.")
    # the photograph's file chooser opened from the keyboard
    tab_to(page, lambda f: f["id"] == "visit-photos")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(photo))
    _press(page, "Mark as complete")
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
    narrow = _narrow(
        browsing, officers, f"/application.html?reference={reference}&task=assessment-site_visit", "#visits"
    )
    assert_accessible(narrow, "site visit task with a visit, at 320 px")


def _awaiting_review(officers):
    """A case whose officer completed every required task as pre-filled and recommended it: awaiting review."""
    reference = _in_assessment(officers)
    assessor = officers.officer()
    base = f"/api/v1/applications/{reference}/assessment"
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
    return reference, assessor, base


def test_a_reviewer_returns_a_task_and_agrees_another_by_keyboard(browsing, officers):
    reference, assessor, base = _awaiting_review(officers)

    page = browsing.new_page()
    sign_in(page, officers, "reviewer", next_path=f"/application.html?reference={reference}&task=assessment-summaries")
    page.locator("#assessment-review-form").wait_for()
    assert page.locator("#assessment-summaries-form").count() == 0  # read-only for the reviewer
    assert "Roof extension" in page.locator("#case").inner_text()
    assert_accessible(page, "reviewing a task")
    # by keyboard: Tab into the choice (no option yet: the focus is on "Agree"), the down arrow chooses
    # "Return with comment" and reveals the comment box
    _return_by_keyboard(page, "reviewing a task", "Say how the roof terrace affects No. 42's privacy.", limit=150)
    page.locator("li[data-task=summaries]").wait_for()
    assert _status(page, "summaries") == "Returned by reviewer"
    task = assessor.get(f"{base}/summaries").json()
    assert task["review"]["state"] == "returned"
    assert task["review"]["comment"] == "Say how the roof terrace affects No. 42's privacy."

    # and agrees the plans: Tab to the choice, Space picks "Agree", Enter saves
    page.goto(f"/application.html?reference={reference}&task=assessment-approved_plans")
    page.locator("#assessment-review-form").wait_for()
    tab_to(page, lambda f: f["id"] == "review-action", limit=150)
    page.keyboard.press("Space")
    expect(page.locator("#review-action")).to_be_checked()
    _press(page, "Save review")
    page.locator(".govuk-notification-banner--success").wait_for()
    page.locator("li[data-task=approved_plans]").wait_for()
    assert _status(page, "approved_plans") == "Agreed"
    assert assessor.get(f"{base}/approved_plans").json()["review"]["state"] == "agreed"
    _narrow(
        browsing,
        officers,
        f"/application.html?reference={reference}&task=assessment-summaries",
        "#assessment-review-form",
        role="reviewer",
    )


def test_a_reviewer_returns_the_conditions_and_agrees_the_constraints_and_policies_by_keyboard(browsing, officers):
    """The tasks with pages of their own (conditions, constraints, policies, site history; EIA alike) show the
    same "Do you agree with this task?" form as every other task page, posting to the same review API."""
    reference, assessor, base = _awaiting_review(officers)
    page = browsing.new_page()
    sign_in(page, officers, "reviewer", next_path=f"/application.html?reference={reference}&task=assessment-conditions")
    page.locator("#assessment-review-form").wait_for()
    assert page.locator("#conditions-form").count() == 0  # read-only for the reviewer
    expect(page.locator("#assessment-review-form legend")).to_have_text("Do you agree with this task?")
    assert_accessible(page, "reviewing the conditions")
    # Tab into the choice, the down arrow picks "Return with comment"; saving with no comment is refused
    _return_by_keyboard(
        page, "reviewing the conditions", "Add a condition restricting the roof terrace's use.", limit=200
    )
    page.locator("li[data-task=conditions]").wait_for()
    assert _status(page, "conditions") == "Returned by reviewer"
    returned = assessor.get(f"{base}/conditions").json()["review"]
    assert returned["state"] == "returned"
    assert returned["comment"] == "Add a condition restricting the roof terrace's use."

    # agrees the constraints and the policies: Tab to the choice, Space picks "Agree", Enter saves
    for name, ready in (("constraints", "#assessment-review-form"), ("policies", "#assessment-review-form")):
        page.goto(f"/application.html?reference={reference}&task=assessment-{name}")
        page.locator(ready).wait_for()
        assert_accessible(page, f"reviewing the {name}")
        tab_to(page, lambda f: f["id"] == "review-action", limit=200)
        page.keyboard.press("Space")
        expect(page.locator("#review-action")).to_be_checked()
        _press(page, "Save review")
        page.locator(".govuk-notification-banner--success").wait_for()
        page.locator(f"li[data-task={name}]").wait_for()
        assert _status(page, name) == "Agreed"
        assert assessor.get(f"{base}/{name}").json()["review"]["state"] == "agreed"

    # the site history shows the same form
    page.goto(f"/application.html?reference={reference}&task=assessment-site_history")
    page.locator("#assessment-review-form").wait_for()
    assert page.locator("#site-history-form").count() == 0

    # the case officer sees the reviewer's comment on the conditions page, as on every task page
    officer = browsing.new_page()
    conditions = f"/application.html?reference={reference}&task=assessment-conditions"
    sign_in(officer, officers, "assessor", next_path=conditions)
    expect(officer.locator("#returned")).to_contain_text("Add a condition restricting the roof terrace's use.")
    assert_accessible(officer, "the conditions, returned by the reviewer")
    for name in ("conditions", "constraints"):
        _narrow(
            browsing,
            officers,
            f"/application.html?reference={reference}&task=assessment-{name}",
            "#assessment-review-form",
            role="reviewer",
        )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_plans_rights_and_cil_forms_by_keyboard(browsing, page, officers):
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
    _press(page, "Mark as complete")
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Enter the drawing number of site.pdf"])
    # the error summary's link takes the focus to the drawing number
    tab_to(page, lambda f: f["tag"] == "a" and "drawing number" in f["text"], limit=10)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "plan-1-number"
    page.keyboard.type("PL-001")
    _press(page, "Mark as complete")
    page.locator(".govuk-notification-banner--success").wait_for()
    (plan,) = assessor.get(f"{base}/approved_plans").json()["data"]["plans"]
    assert (plan["drawing_number"], plan["title"]) == ("PL-001", "Proposed site plan")

    # permitted development rights: removing them needs the classes and a reason
    page.goto(f"/application.html?reference={reference}&task=assessment-permitted_development_rights")
    page.locator("#assessment-permitted_development_rights-form").wait_for()
    # by keyboard: Tab reaches the chosen "No", the up arrow chooses "Yes" and reveals the classes
    assert tab_to(page, lambda f: f["type"] == "radio", limit=150)["id"] == "pd-remove-2"
    page.keyboard.press("ArrowUp")
    expect(page.locator("#pd-remove")).to_be_checked()
    _press(page, "Mark as complete")
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Select the classes removed", "Enter why the rights are removed"]
    )
    assert_accessible(page, "permitted development rights with errors")
    tab_to(page, lambda f: f["id"] == "pd-classes", limit=20)  # Part 1 Class A
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["id"] == "pd-reason", limit=80)
    page.keyboard.type("Further extensions would harm No. 3's outlook.")
    _press(page, "Mark as complete")
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
    # confirmed as it is, by keyboard: Enter on "Mark as complete"
    _press(page, "Mark as complete")
    page.locator(".govuk-notification-banner--success").wait_for()
    cil = assessor.get(f"{base}/cil").json()
    assert cil["status"] == "completed" and cil["data"]["liable"] is False

    # at 320 px: the plans' table and the rights' classes reflow
    for name in ("approved_plans", "permitted_development_rights", "cil"):
        path = f"/application.html?reference={reference}&task=assessment-{name}"
        _narrow(browsing, officers, path, f"#assessment-{name}-form")
