"""Review and determination (issue 11, "Review and determination"): the safeguards on the recommendation and
the decision, the reviewer's view task by task, refusal reasons tied to policies, and the officer report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support import AGREE, complete_assessment, consult_until_ended, wait_for

pytestmark = pytest.mark.integration


def _awaiting(council, reference, milestone):
    return council.case(reference)["application"].get("awaiting") == milestone


def _validated(council, submission):
    """``council.validated`` for a submission of the test's own (an example changed)."""
    response = council.integrator.post("/api/v1/submissions", json_body=submission)
    assert response.status_code == 201, response.text
    reference = response.json()["reference"]
    wait_for(lambda: _awaiting(council, reference, "validation_decision"))
    valid = council.officer().post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
    )
    assert valid.status_code == 200, valid.text
    return reference


def _ready_to_recommend(council, name="fullHouseholder", *, consult=True, submission=None):
    """A case validated, consulted on where its type must be publicised (DMPO 2015 art. 15; the
    consultation over), and its assessment completed: the officer may recommend."""
    from bops.domain.consultation import publicity_rule

    reference = _validated(council, submission) if submission is not None else council.validated(name)
    if consult and publicity_rule(council.case(reference)["application"]["application_type"]):
        consult_until_ended(council, reference)
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    started = council.officer("assessor").post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert started.status_code == 200, started.text
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    complete_assessment(council, reference)
    return reference


def _recommend(council, reference, body, expect=200):
    response = council.officer("assessor").post(f"/api/v1/applications/{reference}/recommendation", json_body=body)
    assert response.status_code == expect, response.text
    return response.json()


def _review(council, reference, body, role="reviewer"):
    return council.officer(role).post(f"/api/v1/applications/{reference}/review", json_body=body)


def _noon(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12)


BEGIN = {"text": "Begin within 3 years.", "reason": "Section 91 of the Town and Country Planning Act 1990."}
GRANT = {"decision": "granted", "summary": "Acceptable.", "conditions": [BEGIN]}


def test_no_decision_while_the_consultation_runs_the_answer_names_its_end_date(council):
    """DMPO 2015 art. 15 (the periods for representations) and art. 33 (no decision before they end)."""
    from bops.services.context import context

    reference = _ready_to_recommend(council, consult=False)
    officer = council.officer("assessor")
    started = officer.post(f"/api/v1/applications/{reference}/consultation")
    assert started.status_code == 200, started.text
    # the letters go out first (the workflow would complete a consultation it finds past its end date)
    consultation = wait_for(
        lambda: (
            (c := officer.get(f"/api/v1/applications/{reference}/consultation").json()["consultation"]).get(
                "letters_sent_on"
            )
            and c
        )
    )
    end = consultation["end_date"]

    early = _recommend(council, reference, GRANT, expect=409)
    assert end in early["error"]["message"]

    ctx = context()
    try:
        ctx.clock.travel_to(_noon(date.fromisoformat(end) + timedelta(days=1)))
        _recommend(council, reference, GRANT)
    finally:
        ctx.clock.travel_to(datetime.now(UTC))
    # back on a day the consultation still runs (an extension, a late notice): no determination either
    wait_for(lambda: _awaiting(council, reference, "review"))
    blocked = _review(council, reference, AGREE)
    assert blocked.status_code == 409 and end in blocked.json()["error"]["message"], blocked.text
    assert council.case(reference)["application"]["status"] == "awaiting_determination"


def test_no_recommendation_nor_decision_before_a_consultation_was_ever_started(council, monkeypatch):
    """DMPO 2015 art. 15 (a householder application must be publicised) and art. 33 (no determination before
    the period for representations ends): with no consultation started that period has not even begun, so
    both the recommendation and the decision are refused with a 409 saying to start the consultation."""
    from bops.services import cases

    reference = _ready_to_recommend(council, consult=False)
    refused = _recommend(council, reference, GRANT, expect=409)["error"]["message"]
    assert refused.startswith("Start the consultation first") and "(DMPO 2015 art. 15)" in refused
    assert council.case(reference)["application"]["status"] == "assessment_in_progress"

    # a case recommended before this safeguard existed: the reviewer cannot determine it either
    with monkeypatch.context() as before_the_safeguard:
        before_the_safeguard.setattr(cases, "require_consultation_ended", lambda ctx, case: None)
        _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))
    blocked = _review(council, reference, AGREE)
    assert blocked.status_code == 409, blocked.text
    message = blocked.json()["error"]["message"]
    assert message.startswith("Start the consultation first") and "(DMPO 2015 art. 15)" in message
    assert council.case(reference)["application"]["status"] == "awaiting_determination"


def test_a_failed_fee_check_needs_a_reviewers_audited_override(council):
    """The demo householder submission underpays the fee: the check failed on arrival and the officer
    validated without a fee change request, so the decision waits for a reviewer's explicit override."""
    reference = _ready_to_recommend(council)
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))

    assert council.case(reference, "reviewer")["unresolved_checks"] == ["fee"]
    plain = _review(council, reference, {"action": "agree"})
    assert plain.status_code == 409, plain.text
    assert "fee" in plain.json()["error"]["message"] and "override_checks" in plain.json()["error"]["message"]
    blank = _review(council, reference, {"action": "agree", "override_checks": {"reason": ""}})
    assert blank.status_code == 422 and "override_checks.reason" in blank.text
    # an administrator who is not a reviewer may not override
    by_admin = _review(council, reference, AGREE, role="administrator")
    assert by_admin.status_code == 403, by_admin.text

    agreed = _review(council, reference, AGREE)
    assert agreed.status_code == 200, agreed.text
    decision = agreed.json()["application"]["decision"]
    assert decision["checks_overridden"] == {
        "checks": ["fee"],
        "reason": AGREE["override_checks"]["reason"],
        "by": f"reviewer-{council.id}",
    }
    determined = [a for a in agreed.json()["audit"] if a["action"] == "application.determined"]
    assert determined and "fee" in determined[-1]["reason"]
    assert AGREE["override_checks"]["reason"] in determined[-1]["reason"]


def test_a_failed_ownership_certificate_check_needs_a_reviewers_audited_override(council):
    """DMPO 2015 arts. 13 and 14 (notice to owners, and the certificate saying it was given; TCPA 1990
    s. 65(5): no application is entertained without it): certificate A (the applicant the only owner) given by
    a joint owner fails the check on arrival. Validated without an ownership certificate request, the
    decision waits for a reviewer's explicit override with a reason, kept on the decision and audited, as
    for the fee."""
    from tests.support import example

    submission = example("fullHouseholder")
    submission["data"]["applicant"]["ownership"] = {
        "interest": "owner.co",
        "certificate": "a",
        "agriculturalTenants": False,
        "declaration": {"accurate": True},
    }
    reference = _ready_to_recommend(council, submission=submission)
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))

    assert "ownership_certificate" in council.case(reference, "reviewer")["unresolved_checks"]
    plain = _review(council, reference, {"action": "agree"})
    assert plain.status_code == 409, plain.text
    message = plain.json()["error"]["message"]
    assert "ownership_certificate: The ownership certificate is complete and correct" in message
    assert "override_checks" in message
    by_admin = _review(council, reference, AGREE, role="administrator")
    assert by_admin.status_code == 403, by_admin.text
    assert council.case(reference)["application"]["status"] == "awaiting_determination"

    reason = "The co-owner's written consent is on file; certificate B notice was served on 2 December."
    agreed = _review(council, reference, {"action": "agree", "override_checks": {"reason": reason}})
    assert agreed.status_code == 200, agreed.text
    overridden = agreed.json()["application"]["decision"]["checks_overridden"]
    assert "ownership_certificate" in overridden["checks"]
    assert (overridden["reason"], overridden["by"]) == (reason, f"reviewer-{council.id}")
    determined = [a for a in agreed.json()["audit"] if a["action"] == "application.determined"]
    assert determined and "ownership_certificate" in determined[-1]["reason"] and reason in determined[-1]["reason"]


@pytest.mark.parametrize(
    "example,decision",
    [
        ("proposed", "granted"),
        ("largerExtension", "prior_approval_not_required"),
        ("largerExtension", "prior_approval_granted"),
    ],
)
def test_a_certificate_or_a_prior_approval_carries_no_conditions(council, example, decision):
    """A lawful development certificate certifies what is lawful (TCPA 1990 ss. 191-192): no conditions; a
    prior approval decides only the matters the GPDO 2015 lists, the development being granted by the
    Order: none either (as the conditions task holds)."""
    reference = _ready_to_recommend(council, example)
    bad = _recommend(council, reference, {"decision": decision, "summary": "Lawful.", "conditions": [BEGIN]}, 422)
    assert bad["error"]["fields"][0]["path"] == "conditions"
    assert council.case(reference)["application"]["status"] == "assessment_in_progress"
    _recommend(council, reference, {"decision": decision, "summary": "Lawful.", "conditions": []})


def test_refusal_reasons_cite_the_policies_the_assessment_considered(council):
    from bops.domain.assessment import StoredTask, TaskStatus
    from bops.services.context import context

    reference = _ready_to_recommend(council, "minor")
    ctx = context()
    considered = StoredTask(
        name="policies",
        status=TaskStatus.COMPLETED,
        data={
            "considerations": [
                {"policy_id": "dm1", "reference": "DM1", "title": "Design", "assessment": "does_not_comply"},
                {"policy_id": "nppf-135", "reference": "NPPF 135", "title": "Well designed places"},
            ]
        },
        updated_by="test",
        updated_at="2026-12-04T10:00:00.000000Z",
    )
    ctx.repo.transact([ctx.repo.assessment.task_write(council.id, reference, considered)], conflict_message="x")
    refusal = {"decision": "refused", "summary": "Harmful.", "conditions": []}
    unknown = _recommend(
        council, reference, {**refusal, "reasons": [{"text": "Overbearing.", "policy_ids": ["dm9"]}]}, 422
    )
    assert unknown["error"]["fields"][0]["path"] == "reasons[0].policy_ids[0]"

    reasons = [
        {"text": "Overbearing on No. 3, harming their outlook.", "policy_ids": ["dm1"]},
        {"text": "Out of character with the street.", "policy_ids": ["dm1", "nppf-135"]},
    ]
    recommended = _recommend(council, reference, {**refusal, "reasons": reasons})["application"]
    assert recommended["recommendation"]["reasons"] == [r["text"] for r in reasons]
    assert recommended["recommendation"]["refusal_reasons"] == reasons
    wait_for(lambda: _awaiting(council, reference, "review"))
    decided = _review(council, reference, AGREE)
    assert decided.status_code == 200, decided.text
    assert decided.json()["application"]["decision"]["refusal_reasons"] == reasons


def test_a_reviewer_returns_a_task_then_agrees_once_the_officer_answered_it(council):
    reference = _ready_to_recommend(council)
    assessor, reviewer = council.officer("assessor"), council.officer("reviewer")
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))
    # the reviewers' "to review" list shows it
    assert reference in _to_review(council)
    summaries = f"/api/v1/applications/{reference}/assessment/summaries"
    returned = reviewer.post(f"{summaries}/review", json_body={"action": "return", "comment": "Assess the design."})
    assert returned.status_code == 200, returned.text
    # a returned task cannot be agreed over: the recommendation goes back with it
    refused = _review(council, reference, AGREE)
    assert refused.status_code == 409 and "summaries" in refused.json()["error"]["message"]
    # the challenge carries the returned tasks back (they say what needs changing)
    challenged = _review(council, reference, {"action": "challenge"})
    assert challenged.status_code == 200, challenged.text
    case = challenged.json()["application"]
    assert case["status"] == "to_be_reviewed"
    assert case["reviews"][-1]["returned_tasks"] == ["summaries"]
    assert case["reviews"][-1]["comment"] == "Returned tasks: summaries"
    assert reference not in _to_review(council)
    # the officer sees it returned, answers it, and recommends again
    assert assessor.get(f"/api/v1/applications/{reference}/assessment").json()["returned"] == ["summaries"]
    task = assessor.get(summaries).json()
    answered = assessor.put(
        summaries, json_body={"status": "completed", "data": {**task["data"], "design": "Matches the house."}}
    )
    assert answered.status_code == 200, answered.text
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert reviewer.post(f"{summaries}/review", json_body={"action": "agree"}).status_code == 200
    agreed = _review(council, reference, AGREE)
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["application"]["status"] == "determined"
    assert reference not in _to_review(council)


def _to_review(council):
    tab = council.officer("reviewer").get("/api/v1/dashboard", params={"tab": "to_review"})
    assert tab.status_code == 200, tab.text
    return [a["reference"] for a in tab.json()["applications"]]


def test_the_recommendation_page_starts_from_a_report_drafted_from_the_tasks(council):
    reference = _ready_to_recommend(council)
    assessor = council.officer("assessor")
    draft = assessor.get(f"/api/v1/applications/{reference}/recommendation/report")
    assert draft.status_code == 200, draft.text
    text = draft.json()["text"]
    case = council.case(reference)["application"]
    assert "# The application" in text and case["description"] in text
    assert "# Site and surroundings" in text
    edited = text + "\n# Conclusion\n\nThe extension is acceptable.\n"
    _recommend(council, reference, {**GRANT, "report": edited})
    # what the officer recommended with is what the page shows again (after a challenge, say)
    assert assessor.get(f"/api/v1/applications/{reference}/recommendation/report").json()["text"] == edited


CONDITIONS = [
    {
        "id": "time-limit",
        "standard_code": "C01",
        "title": "Time limit",
        "text": "The development hereby permitted shall begin before the expiration of three years from the "
        "date of this permission.",
        "reason": "As required by section 91 of the Town and Country Planning Act 1990.",
        "pre_commencement": False,
    },
    {
        "id": "plans",
        "standard_code": "C02",
        "title": "Approved plans",
        "text": "The development shall be carried out in accordance with the approved plans listed below.",
        "reason": "For the avoidance of doubt and in the interests of proper planning.",
        "pre_commencement": False,
    },
    {
        "id": "materials",
        "standard_code": None,
        "title": "Materials",
        "text": "No development shall take place until samples of the facing bricks have been approved in writing.",
        "reason": "To ensure the extension matches the existing house (policy DM1).",
        "pre_commencement": True,
        "why_pre_commencement": "The bricks must be agreed before the walls are built.",
    },
]
PLANS = [
    {"document_id": "d1", "drawing_number": "ZS-001 Rev B", "title": "Site location plan"},
    {"document_id": "d2", "drawing_number": "ZS-002", "title": "Proposed rear elevation"},
]


def _save_task(council, reference, name, data):
    """Writes a task as the officer would have saved it (the task's own page and rules are tested with it)."""
    from bops.domain.assessment import StoredTask, TaskStatus
    from bops.services.context import context

    ctx = context()
    task = StoredTask(
        name=name, status=TaskStatus.COMPLETED, data=data, updated_by="test", updated_at="2026-12-04T10:00:00.000000Z"
    )
    ctx.repo.transact([ctx.repo.assessment.task_write(council.id, reference, task)], conflict_message="x")


def _answer_pre_commencement(council, reference, *, approved):
    """The officer sends the pre-commencement conditions; the applicant answers through their link
    (Town and Country Planning (Pre-commencement Conditions) Regulations 2018, reg. 2)."""
    from tests.support import Caller, applicant_links

    url = f"/api/v1/applications/{reference}/assessment/conditions/pre-commencement"
    sent = council.officer("assessor").post(url, json_body={})
    assert sent.status_code == 201, sent.text
    (token,) = wait_for(lambda: applicant_links(council, reference))
    answer = {"approved": True} if approved else {"approved": False, "reason": "We cannot supply samples yet."}
    response = Caller(council.api_url, token).post("/api/v1/applicant/request/response", json_body=answer)
    assert response.status_code == 200, response.text


def _notice(council, reference, fmt, role="assessor"):
    import requests

    wait_for(lambda: council.case(reference)["application"].get("decision_notice"))
    link = council.officer(role).get(f"/api/v1/applications/{reference}/decision-notice", params={"format": fmt})
    assert link.status_code == 200, link.text
    return requests.get(link.json()["url"], timeout=30)


def test_a_grant_with_three_conditions_issues_a_lawful_notice_the_report_and_the_email(council):
    import requests

    reference = _ready_to_recommend(council)
    _save_task(
        council,
        reference,
        "conditions",
        {"conditions": CONDITIONS, "informatives": ["The applicant is reminded of the Party Wall Act 1996."]},
    )
    _save_task(council, reference, "approved_plans", {"plans": PLANS})
    _answer_pre_commencement(council, reference, approved=True)
    _recommend(council, reference, {"decision": "granted", "summary": "Acceptable.", "conditions": []})
    wait_for(lambda: _awaiting(council, reference, "review"))
    agreed = _review(council, reference, AGREE)
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["application"]["decision"]["conditions_from_assessment"] is True

    page = _notice(council, reference, "html")
    # the web page opens in the browser
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Content-Disposition"].startswith("inline")
    text = page.text
    assert "Planning permission is GRANTED subject to the following conditions." in text
    for condition in CONDITIONS:
        assert f"{condition['text']}\nReason: {condition['reason']}" in text
    assert "The applicant is reminded of the Party Wall Act 1996." in text
    assert "<li>ZS-001 Rev B - Site location plan</li>" in text and "<li>ZS-002 - Proposed rear elevation</li>" in text
    assert "positive and proactive manner" in text and "article 35(2)" in text
    assert "Your right to appeal" in text and "6 months of the date of this notice" in text
    # signed by the officer who decided, by full name and job title (never a username)
    assert "Tom Okafor" in text and "Senior planning officer" in text
    assert f"reviewer-{council.id}" not in text
    pdf = _notice(council, reference, "pdf")
    assert pdf.content.startswith(b"%PDF-") and pdf.headers["Content-Disposition"].startswith("attachment")

    # the officer report is published with the decision
    public = f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}"
    report = requests.get(f"{public}/officer-report", params={"format": "html"}, timeout=30)
    assert report.status_code == 200, report.text
    report_page = requests.get(report.json()["url"], timeout=30)
    assert report_page.headers["Content-Disposition"].startswith("inline")
    assert "Officer report" in report_page.text and "ZS-001 Rev B Site location plan" in report_page.text
    assert "Reason: As required by section 91" in report_page.text
    report_pdf = requests.get(requests.get(f"{public}/officer-report", timeout=30).json()["url"], timeout=30)
    assert report_pdf.content.startswith(b"%PDF-")
    for_officers = council.officer().get(f"/api/v1/applications/{reference}/officer-report")
    assert for_officers.status_code == 200 and for_officers.json()["format"] == "pdf", for_officers.text
    public_notice = requests.get(f"{public}/decision-notice", params={"format": "html"}, timeout=30)
    assert public_notice.status_code == 200, public_notice.text

    # the applicant (and agent: the same address here) are emailed the notice, once
    def emails():
        listed = council.officer().get("/api/v1/outbox").json()["emails"]
        return [e for e in listed if e["reference"] == reference and e["template"] == "decision_notice"]

    (email,) = wait_for(emails)
    assert email["personalisation"]["decision"] == "granted"
    assert email["personalisation"]["link"].endswith(f"/public.html#{council.id}/{reference}")


def test_a_refusal_notice_gives_each_reason_with_the_policies_it_cites(council):
    reference = _ready_to_recommend(council)
    _save_task(
        council,
        reference,
        "policies",
        {
            "considerations": [
                {"policy_id": "dm1", "reference": "DM1", "title": "Design", "assessment": "does_not_comply"},
                {"policy_id": "nppf-135", "reference": "NPPF 135", "title": "Well designed places"},
            ]
        },
    )
    reasons = [
        {"text": "The extension would be overbearing on No. 3.", "policy_ids": ["dm1"]},
        {"text": "The extension would be out of character with the street.", "policy_ids": ["dm1", "nppf-135"]},
    ]
    _recommend(council, reference, {"decision": "refused", "summary": "Harmful.", "reasons": reasons})
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert _review(council, reference, AGREE).status_code == 200
    text = _notice(council, reference, "html").text
    assert "Planning permission is REFUSED for the following reasons." in text
    assert "The extension would be overbearing on No. 3.\nContrary to: DM1 Design." in text
    assert (
        "The extension would be out of character with the street.\nContrary to: DM1 Design; NPPF 135 Well designed "
        "places." in text
    )
    assert "12 weeks of the date of this notice" in text  # a householder refusal (DMPO 2015 art. 37(2))


def test_a_grant_waits_for_its_pre_commencement_conditions_to_be_settled(council):
    """TCPA 1990 s. 100ZA(5) and SI 2018/566 reg. 2: no grant subject to a pre-commencement condition the
    applicant did not agree (the conditions task's rule, ``bops.domain.conditions.pre_commencement_settled``)."""
    reference = _ready_to_recommend(council)
    _save_task(council, reference, "conditions", {"conditions": CONDITIONS, "informatives": []})
    _answer_pre_commencement(council, reference, approved=False)
    _recommend(council, reference, {"decision": "granted", "summary": "Acceptable.", "conditions": []})
    wait_for(lambda: _awaiting(council, reference, "review"))
    blocked = _review(council, reference, AGREE)
    assert blocked.status_code == 409, blocked.text
    assert "did not agree to the pre-commencement conditions" in blocked.json()["error"]["message"]
    assert council.case(reference)["application"]["status"] == "awaiting_determination"


# --- the notice lawful and complete (issue 11) ------------------------------------------------------


def test_every_condition_added_on_the_recommendation_needs_its_reason(council):
    """DMPO 2015 art. 35(1)(a): the notice states clearly and precisely the full reasons for every condition;
    a condition the officer adds on the recommendation needs its reason, as in the conditions task."""
    reference = _ready_to_recommend(council)
    plain = _recommend(council, reference, {**GRANT, "conditions": ["Begin within 3 years."]}, 422)
    assert [f["path"] for f in plain["error"]["fields"]] == ["conditions[0].reason"]
    blank = _recommend(
        council, reference, {**GRANT, "conditions": [BEGIN, {"text": "Obscure glazing.", "reason": " "}]}, 422
    )
    assert [f["path"] for f in blank["error"]["fields"]] == ["conditions[1].reason"]
    assert "35(1)(a)" in blank["error"]["message"]
    assert council.case(reference)["application"]["status"] == "assessment_in_progress"

    # with its reason, the condition reaches the notice with it
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert _review(council, reference, AGREE).status_code == 200
    assert f"{BEGIN['text']}\nReason: {BEGIN['reason']}" in _notice(council, reference, "html").text


def test_every_refusal_reason_names_a_policy_where_the_type_has_a_policies_task(council):
    """DMPO 2015 art. 35(1)(b): a refusal states its full reasons, specifying all policies in the
    development plan relevant to the decision; a householder application has a policies task, so each
    reason cites at least one of the policies considered there."""
    reference = _ready_to_recommend(council)
    _save_task(
        council,
        reference,
        "policies",
        {"considerations": [{"policy_id": "dm1", "reference": "DM1", "title": "Design"}]},
    )
    refusal = {"decision": "refused", "summary": "Harmful."}
    plain = _recommend(council, reference, {**refusal, "reasons": ["Overbearing.", "Out of character."]}, 422)
    assert [f["path"] for f in plain["error"]["fields"]] == ["reasons[0].policy_ids", "reasons[1].policy_ids"]
    none = {"text": "Overbearing.", "policy_ids": []}
    mixed = _recommend(
        council, reference, {**refusal, "reasons": [{"text": "Ugly.", "policy_ids": ["dm1"]}, none]}, 422
    )
    assert [f["path"] for f in mixed["error"]["fields"]] == ["reasons[1].policy_ids"]
    # a grant gives no reasons, so nothing to cite
    _recommend(council, reference, GRANT)


def test_a_certificate_is_refused_with_plain_reasons_it_has_no_policies_task(council):
    """A lawful development certificate is a question of fact and law, not policy: no policies task, so its
    reasons for refusal cite none (TCPA 1990 ss. 191-192)."""
    reference = _ready_to_recommend(council, "proposed")
    refusal = {"decision": "refused", "summary": "Not lawful.", "reasons": ["The extension exceeds the limits."]}
    recommended = _recommend(council, reference, refusal)["application"]
    assert recommended["recommendation"]["reasons"] == ["The extension exceeds the limits."]


def test_an_officer_without_a_full_name_and_job_title_cannot_decide(runtime, council):
    """The notice is signed by the authorised officer by full name and job title (not a username): an
    officer the directory has neither for is told to add them before deciding (409)."""
    from local import stack
    from tests.support import PASSWORD, Caller

    username = f"unnamed-{council.id}"
    stack.create_officer(
        runtime.resources,
        username=username,
        password=PASSWORD,
        council=council.id,
        roles=("reviewer",),
        email=f"{username}@example.org",
        name="Sam Reed",  # a name, but no job title
    )
    unnamed = Caller(council.api_url, stack.sign_in(runtime.resources, username, PASSWORD))
    reference = _ready_to_recommend(council)
    _recommend(council, reference, GRANT)
    wait_for(lambda: _awaiting(council, reference, "review"))

    blocked = unnamed.post(f"/api/v1/applications/{reference}/review", json_body=AGREE)
    assert blocked.status_code == 409, blocked.text
    message = blocked.json()["error"]["message"]
    assert "add your job title in the officer directory before deciding" in message
    assert council.case(reference)["application"]["status"] == "awaiting_determination"

    # an officer with both decides, and the decision keeps the signature the notice is signed with
    agreed = _review(council, reference, AGREE)
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["application"]["decision"]["signatory"] == {
        "name": "Tom Okafor",
        "job_title": "Senior planning officer",
    }


def test_removing_permitted_development_rights_puts_the_condition_on_the_notice(council):
    """GPDO 2015 art. 3(4): permitted development rights are removed from a site by a condition on its
    permission; the permitted development rights task records which classes and why (NPPF para. 54: only
    with clear justification), and the notice carries the condition with that reason (DMPO 2015
    art. 35(1)(a))."""
    reference = _ready_to_recommend(council)
    assessor = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/assessment/permitted_development_rights"
    reason = "Further extensions would harm the outlook of No. 3 on this tight plot."
    saved = assessor.put(
        url,
        json_body={
            "status": "completed",
            "data": {"remove": True, "classes": ["Part 1 Class A", "Part 1 Class B"], "reason": reason},
        },
    )
    assert saved.status_code == 200, saved.text
    _recommend(council, reference, {"decision": "granted", "summary": "Acceptable.", "conditions": []})
    wait_for(lambda: _awaiting(council, reference, "review"))
    assert _review(council, reference, AGREE).status_code == 200

    text = _notice(council, reference, "html").text
    assert "Notwithstanding the provisions of the Town and Country Planning (General Permitted Development)" in text
    assert "Part 1 Class A (enlargement, improvement or other alteration of a dwellinghouse)" in text
    assert "Part 1 Class B (additions to the roof of a dwellinghouse)" in text
    assert f"without the grant of planning permission by the local planning authority.\nReason: {reason}" in text
    # the conditions task's own conditions are there too, each with its reason
    assert "Reason: To comply with Section 91 of the Town and Country Planning Act 1990" in text


def test_a_pre_commencement_condition_not_answered_lets_the_decision_issue_after_10_working_days(council):
    """TCPA 1990 s. 100ZA(5) and the Town and Country Planning (Pre-commencement Conditions) Regulations 2018
    (SI 2018/566) reg. 2(2): the applicant sent a pre-commencement condition who gives no substantive response
    within "10 working days beginning with the day after the date on which the notice is given" cannot stop
    it being imposed. On the tenth working day the grant is still refused (409 naming the first day it may
    issue); on the day after, it issues (``bops.domain.conditions.may_issue_from``)."""
    from bops.domain.conditions import may_issue_from
    from bops.domain.time import london_date
    from bops.services.context import context

    reference = _ready_to_recommend(council)
    _save_task(council, reference, "conditions", {"conditions": CONDITIONS, "informatives": []})
    url = f"/api/v1/applications/{reference}/assessment/conditions/pre-commencement"
    sent = council.officer("assessor").post(url, json_body={})
    assert sent.status_code == 201, sent.text
    ctx = context()
    first = may_issue_from(london_date(ctx.clock.now()))
    _recommend(council, reference, {"decision": "granted", "summary": "Acceptable.", "conditions": []})
    wait_for(lambda: _awaiting(council, reference, "review"))
    try:
        # the applicant has the whole of the tenth working day to answer
        ctx.clock.travel_to(_noon(first - timedelta(days=1)))
        early = _review(council, reference, AGREE)
        assert early.status_code == 409, early.text
        assert f"the decision may be issued from {first.isoformat()}" in early.json()["error"]["message"]
        assert council.case(reference)["application"]["status"] == "awaiting_determination"

        ctx.clock.travel_to(_noon(first))
        agreed = _review(council, reference, AGREE)
        assert agreed.status_code == 200, agreed.text
        decision = agreed.json()["application"]["decision"]
        assert decision["decision"] == "granted" and decision["conditions_from_assessment"] is True
    finally:
        ctx.clock.travel_to(datetime.now(UTC))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JOURNEY_DRAWINGS = {
    "other.pdf": "SR-010",
    "elevations.pdf": "SR-020 rev A",
    "floor_plans.pdf": "SR-030",
    "myPlans.pdf": "SR-040",
}


def _upload_plan(council, reference, name, tags):
    import requests

    form = council.officer().post(
        f"/api/v1/applications/{reference}/uploads",
        json_body={"file_name": name, "content_type": "application/pdf", "tags": tags},
    )
    assert form.status_code == 201, form.text
    form = form.json()
    posted = requests.post(form["url"], data=form["fields"], files={"file": (name, PDF)}, timeout=60)
    assert posted.status_code in (200, 201, 204), posted.text
    wait_for(lambda: any(d["id"] == form["document_id"] for d in council.case(reference)["documents"]))


def test_a_householder_case_from_arrival_to_a_lawful_grant_through_the_api_alone(council):
    """Issue 11's householder journey, every step through the API (no repository writes): arrival, valid,
    consultation (DMPO 2015 art. 15; a consultee responds), the assessment pre-filled (constraints from the
    submission and the bundled local data, the consultee's stance in the summaries), a policy not complied
    with, the conditions task with the library's time limit (TCPA 1990 s. 91) and approved plans conditions
    and one pre-commencement condition the applicant agrees through their link (TCPA 1990 s. 100ZA(5), SI
    2018/566 reg. 2), the recommendation, the reviewer's agreement, and a notice that gives each condition with
    its reason, the plans by drawing number and the DMPO 2015 art. 35(2) statement."""
    from tests.support import Caller, add_neighbours_and_consultee, complete_assessment, example

    # Arrival: the demo householder submission, PlanX having found a conservation area on the site, its
    # plans numbered (ODP files[].number)
    submission = example("fullHouseholder")
    submission["data"]["property"]["planning"]["designations"].append(
        {"value": "designated.conservationArea", "description": "Conservation area", "intersects": True}
    )
    for entry in submission["files"]:
        entry["number"] = JOURNEY_DRAWINGS[entry["name"].rsplit("/", 1)[-1]]
    reference = _validated(council, submission)
    for entry in submission["files"]:
        _upload_plan(council, reference, entry["name"].rsplit("/", 1)[-1], [t["value"] for t in entry["type"]])
    assessor, reviewer = council.officer("assessor"), council.officer("reviewer")
    path = f"/api/v1/applications/{reference}"

    # Consultation: a neighbour and the highways team; the consultee has no objection
    add_neighbours_and_consultee(assessor, reference, ["42 Stansfield Road, London"], "SW9 9RZ")

    def no_objection(token):
        answered = Caller(council.api_url, token).post(
            "/api/v1/consultee/response", json_body={"stance": "approved", "text": "No highways objection."}
        )
        assert answered.status_code == 200, answered.text

    consult_until_ended(council, reference, respond=no_objection)

    wait_for(lambda: _awaiting(council, reference, "assessment"))
    assert assessor.post(f"{path}/assessment", json_body={}).status_code == 200
    task = f"{path}/assessment"

    # Constraints: the submission's conservation area and the local data's TPO zone and article 4 direction
    constraints = assessor.get(f"{task}/constraints").json()["data"]["constraints"]
    assert {(c["dataset"], c["source"]) for c in constraints} == {
        ("conservation-area", "submission"),
        ("tree-preservation-zone", "local"),
        ("article-4-direction-area", "local"),
    }
    confirmed = [{**c, "status": "confirmed"} for c in constraints]
    saved = assessor.put(f"{task}/constraints", json_body={"status": "completed", "data": {"constraints": confirmed}})
    assert saved.status_code == 200, saved.text

    # Policies: one not complied with, with the officer's reasons
    policy = assessor.get("/api/v1/council/policies").json()["policies"][0]
    considered = {
        "policy_id": policy["id"],
        "assessment": "does_not_comply",
        "comment": "The dormer is slightly wider than the guidance, but hidden from the street.",
    }
    saved = assessor.put(
        f"{task}/policies", json_body={"status": "completed", "data": {"considerations": [considered]}}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["data"]["considerations"][0]["reference"] == policy["reference"]

    # Summaries: the consultee's stance pre-filled
    summaries = assessor.get(f"{task}/summaries").json()["data"]
    assert "Highways (Highways team): No objection." in summaries["consultee_responses"]
    assert [s["stance"] for s in summaries["consultee_stances"]] == ["approved"]
    saved = assessor.put(
        f"{task}/summaries",
        json_body={"status": "completed", "data": {**summaries, "design": "The dormer matches the roof."}},
    )
    assert saved.status_code == 200, saved.text

    # Conditions: the library's defaults for a full permission and its construction management plan
    conditions_task = assessor.get(f"{task}/conditions").json()["data"]
    assert [c["standard_code"] for c in conditions_task["conditions"]] == ["time-limit", "approved-plans"]
    library = {c["code"]: c for c in assessor.get("/api/v1/council/conditions").json()["conditions"]}
    cmp = library["construction-management-plan"]
    assert cmp["pre_commencement"] is True
    added = {k: cmp[k] for k in ("title", "text", "reason", "pre_commencement", "why_pre_commencement")}
    data = {**conditions_task, "conditions": [*conditions_task["conditions"], {**added, "standard_code": cmp["code"]}]}
    saved = assessor.put(f"{task}/conditions", json_body={"status": "completed", "data": data})
    assert saved.status_code == 200, saved.text
    conditions = saved.json()["data"]["conditions"]
    assert len(conditions) == 3

    # the pre-commencement condition sent to the applicant, who agrees through their link
    sent = assessor.post(f"{task}/conditions/pre-commencement", json_body={})
    assert sent.status_code == 201, sent.text

    def applicant_link():
        emails = assessor.get("/api/v1/outbox").json()["emails"]
        return [
            e["personalisation"]["link"].split("#", 1)[1]
            for e in emails
            if e["reference"] == reference
            and "link" in e["personalisation"]
            and e["template"] != "consultee_consultation"
        ]

    (token,) = wait_for(applicant_link)
    agreed = Caller(council.api_url, token).post("/api/v1/applicant/request/response", json_body={"approved": True})
    assert agreed.status_code == 200, agreed.text
    assert assessor.get(f"{task}/conditions/pre-commencement").json()["settled"] is True

    # the plans on the notice: pre-filled from the plan documents with the applicant's drawing numbers
    plans = assessor.get(f"{task}/approved_plans").json()["data"]["plans"]
    assert sorted(p["drawing_number"] for p in plans) == sorted(JOURNEY_DRAWINGS.values())

    # the other required tasks, saved as pre-filled; then the recommendation and the reviewer's agreement
    complete_assessment(council, reference)
    _recommend(council, reference, {"decision": "granted", "summary": "Acceptable.", "conditions": []})
    wait_for(lambda: _awaiting(council, reference, "review"))
    decided = reviewer.post(f"{path}/review", json_body=AGREE)  # the demo submission underpays its fee
    assert decided.status_code == 200, decided.text
    assert decided.json()["application"]["decision"]["decision"] == "granted"

    text = _notice(council, reference, "html").text
    assert "Planning permission is GRANTED subject to the following conditions." in text
    for condition in conditions:
        assert f"{condition['text']}\nReason: {condition['reason']}" in text
    for plan in plans:
        assert f"<li>{plan['drawing_number']} - {plan['title']}</li>" in text
    assert "positive and proactive manner" in text and "article 35(2)" in text
