"""The applicant hears at the key moments: the "valid" email, with the determination date, on the served URL."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
import requests

from tests.support import WAIT, example, wait_for

pytestmark = pytest.mark.integration


def served(runtime: Any) -> str:
    """Where this run serves BoPS, as the process serving it set: the API's port, or the site's once a browser
    test in this session serves it. Links must lead there: a port this run chose, where BoPS answers."""
    from bops.config import public_url

    base = public_url()
    assert base == runtime.api_url or re.fullmatch(r"http://127\.0\.0\.1:\d+", base), base
    assert requests.get(f"{base}/api/v1/health", timeout=WAIT).status_code == 200
    return base


def _awaiting(council: Any, reference: str, milestone: str = "validation_decision") -> bool:
    return council.case(reference)["application"].get("awaiting") == milestone


def _valid_emails(council: Any, reference: str) -> list[dict[str, Any]]:
    from bops.services.context import context

    # what the outbox kept (the outbox page answers only while the outbox itself is the notifier)
    notifier = context().notifier
    emails = getattr(notifier, "inner", notifier).list(council.id)
    return [e for e in emails if e["template"] == "application_valid" and e["reference"] == reference]


def _submit_with_agent(council: Any, agent_email: str) -> str:
    submission = example("fullHouseholder")
    submission["data"]["applicant"]["agent"]["email"] = agent_email
    response = council.integrator.post("/api/v1/submissions", json_body=submission)
    assert response.status_code == 201, response.text
    return response.json()["reference"]


def test_the_applicant_and_the_agent_hear_the_application_is_valid_with_its_determination_date(runtime, council):
    # Given a householder application whose applicant and agent gave different email addresses
    reference = _submit_with_agent(council, "agent.valid@example.com")
    wait_for(lambda: _awaiting(council, reference))

    # When the officer validates it, valid from the day it was received
    received_on = date.fromisoformat(council.case(reference)["application"]["received_on"])
    response = council.officer().post(
        f"/api/v1/applications/{reference}/validation-decision",
        json_body={"decision": "valid", "valid_from": received_on.isoformat()},
    )
    assert response.status_code == 200, response.text

    # Then each of them has the "valid" email
    emails = _valid_emails(council, reference)
    assert sorted(e["to"] for e in emails) == ["agent.valid@example.com", "ziggy@example.com"]
    # 8 weeks for a householder application, beginning with the day after the valid-from date and ending
    # on the 56th day, i.e. the same weekday 8 weeks on (DMPO 2015 art. 34(2)(c) and (4))
    determination = received_on + timedelta(weeks=8)
    for email in emails:
        fields = email["personalisation"]
        assert fields["valid_from"] == received_on.isoformat()
        assert fields["determination_date"] == determination.isoformat()
        assert f"{determination.day} " in fields["body"] and str(determination.year) in fields["body"]
        assert reference in fields["subject"]
        # the link leads to the site as this run serves it, not to a fixed port
        link = fields["register_link"]
        assert link == f"{served(runtime)}/public.html#{council.id}/{reference}"
        assert link in fields["body"]
    assert response.json()["application"]["expiry_date"] == determination.isoformat()


def test_the_valid_email_goes_once_even_when_the_validation_is_retried(runtime, council):
    """Notify down when the officer validates: the decision stands; the email goes at the next attempt
    (the workflow's, as the assessment starts, or the officer's repeat), once."""
    from bops.services.context import context

    # Given an application validated while GOV.UK Notify was down
    reference = council.submit("fullHouseholder")
    wait_for(lambda: _awaiting(council, reference))
    ctx = context()
    notifier = ctx.notifier
    ctx.notifier = _Unavailable(notifier)
    try:
        first = council.officer().post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
        )
        # Then the decision stands (Notify's outage is not the officer's to retry), the email waits
        assert first.status_code == 200, first.text
        assert first.json()["application"]["status"] == "in_assessment"
        wait_for(lambda: _awaiting(council, reference, "assessment"))  # the workflow tried too, in vain
        assert _valid_emails(council, reference) == []
    finally:
        ctx.notifier = notifier

    # When the officer repeats the decision, twice, once Notify is back
    for _ in range(2):
        again = council.officer().post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
        )
        assert again.status_code == 409  # validated already

    # Then the email went once, to the one address the applicant and agent share
    emails = _valid_emails(council, reference)
    assert [e["to"] for e in emails] == ["ziggy@example.com"]

    # And sending it again from the service sends nothing
    from bops.services.validation import tell_applicant_valid

    assert tell_applicant_valid(ctx, ctx.repo.cases.get(council.id, reference)) == 0
    assert len(_valid_emails(council, reference)) == 1


class _Unavailable:
    """GOV.UK Notify down: every email is refused as worth retrying."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def send_email(self, email: Any, *, reference: str) -> str:
        from bops.domain.errors import UpstreamUnavailable

        if email.template == "application_valid":
            raise UpstreamUnavailable("GOV.UK Notify did not answer: try again")
        return str(self.inner.send_email(email, reference=reference))

    def send_letter(self, letter: Any, *, reference: str) -> str:
        return str(self.inner.send_letter(letter, reference=reference))

    def accepted(self, council: str, reference: str) -> str | None:
        return self.inner.accepted(council, reference)  # type: ignore[no-any-return]


def test_the_workflow_sends_the_valid_email_the_decision_could_not(runtime, council):
    from bops.services.context import context

    reference = council.submit("fullHouseholder")
    wait_for(lambda: _awaiting(council, reference))
    ctx = context()
    notifier = ctx.notifier
    ctx.notifier = _Unavailable(notifier)
    try:
        valid = council.officer().post(
            f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
        )
        assert valid.status_code == 200, valid.text
        assert _valid_emails(council, reference) == []
    finally:
        ctx.notifier = notifier
    # the workflow, moving on to the assessment, sends it (unless it ran before Notify came back: then the
    # officer's repeat does, as above); here its step is run again as a retry would
    from bops.services.workflow_tasks import await_officer

    wait_for(lambda: _awaiting(council, reference, "assessment"))
    token = ctx.repo.cases.get(council.id, reference)["task_token"]
    await_officer(ctx, council.id, reference, "assessment", ["in_assessment"], token)
    assert len(_valid_emails(council, reference)) == 1
    await_officer(ctx, council.id, reference, "assessment", ["in_assessment"], token)
    assert len(_valid_emails(council, reference)) == 1


def test_the_valid_email_is_worded_by_the_council(runtime, council):
    # Given the council's own wording of the "valid" email
    admin = council.officer("administrator")
    parts = {
        "subject": "{reference}: valid",
        "body": "Dear {name}, valid from {valid_from}; we decide by {determination_date}. {link}",
    }
    saved = admin.put("/api/v1/council/templates/application_valid", json_body={"parts": parts})
    assert saved.status_code == 200, saved.text
    bad = admin.put(
        "/api/v1/council/templates/application_valid", json_body={"parts": {**parts, "body": "{respond_by}"}}
    )
    assert bad.status_code == 422 and [f["path"] for f in bad.json()["error"]["fields"]] == ["body"]

    # When an application is validated, valid from the day it was received
    reference = council.submit("fullHouseholder")
    wait_for(lambda: _awaiting(council, reference))
    received_on = date.fromisoformat(council.case(reference)["application"]["received_on"])
    response = council.officer().post(
        f"/api/v1/applications/{reference}/validation-decision",
        json_body={"decision": "valid", "valid_from": received_on.isoformat()},
    )
    assert response.status_code == 200, response.text

    # Then the email says what the council wrote, dates as GOV.UK writes them
    (email,) = _valid_emails(council, reference)
    determination = received_on + timedelta(weeks=8)
    as_written = f"{determination.day} {determination.strftime('%B')} {determination.year}"  # C locale: English
    assert email["personalisation"]["subject"] == f"{reference}: valid"
    assert email["personalisation"]["body"].startswith("Dear ")
    assert f"we decide by {as_written}." in email["personalisation"]["body"]
    assert email["personalisation"]["body"].endswith(f"{served(runtime)}/public.html#{council.id}/{reference}")


def test_the_decision_notice_is_emailed_to_the_applicant_and_to_the_agent(runtime, council):
    """Issue 11: the notice is emailed (GOV.UK Notify port) to the applicant and the agent when issued."""
    from bops.services.context import context
    from tests.support import AGREE, complete_assessment, consult_if_needed

    # Given a householder application whose applicant and agent gave different email addresses, validated
    # and consulted on (DMPO 2015 art. 15)
    reference = _submit_with_agent(council, "agent.decision@example.com")
    wait_for(lambda: _awaiting(council, reference))
    path = f"/api/v1/applications/{reference}"
    assert council.officer().post(f"{path}/validation-decision", json_body={"decision": "valid"}).status_code == 200
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    assert council.officer().post(f"{path}/assessment", json_body={}).status_code == 200
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    complete_assessment(council, reference)
    consult_if_needed(council, reference)

    # When it is granted and the notice issued
    body = {"decision": "granted", "summary": "Acceptable."}
    recommended = council.officer().post(f"{path}/recommendation", json_body=body)
    assert recommended.status_code == 200, recommended.text
    wait_for(lambda: _awaiting(council, reference, "review"))
    agreed = council.officer("reviewer").post(f"{path}/review", json_body=AGREE)
    assert agreed.status_code == 200, agreed.text

    # Then each of them has the decision notice email, once, linking to the notice on the public register
    def decision_emails() -> list[dict[str, Any]]:
        notifier = context().notifier
        emails = getattr(notifier, "inner", notifier).list(council.id)
        found = [e for e in emails if e["template"] == "decision_notice" and e["reference"] == reference]
        return found if len(found) == 2 else []

    emails = wait_for(decision_emails)
    assert sorted(e["to"] for e in emails) == ["agent.decision@example.com", "ziggy@example.com"]
    for email in emails:
        assert email["personalisation"]["decision"] == "granted"
        assert email["personalisation"]["link"] == f"{served(runtime)}/public.html#{council.id}/{reference}"
