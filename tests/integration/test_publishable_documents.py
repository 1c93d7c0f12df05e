"""Documents on the public register, in the local stack: an officer marks a received document publishable,
the public sees it with the published application and downloads it; nothing else is ever shown."""

from __future__ import annotations

import pytest
import requests

from bops.domain import documents as rules
from bops.domain.time import london_date, parse_iso
from tests.support import Caller, new_council, wait_for

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TEXT = b"Dear planning officer, this is a letter, not a PDF.\n"
PUBLIC_FIELDS = {"id", "file_name", "tags", "type_names", "drawing_number", "content_type", "size", "received_on"}


def _case(council, reference):
    from bops.services.context import context

    return context().repo.cases.get(council.id, reference)


def _upload(council, reference, file_name, content, tags):
    form = council.integrator.post(
        f"/api/v1/applications/{reference}/uploads",
        json_body={"file_name": file_name, "content_type": "application/pdf", "tags": tags},
    )
    assert form.status_code == 201, form.text
    form = form.json()
    posted = requests.post(form["url"], data=form["fields"], files={"file": (file_name, content)}, timeout=60)
    assert posted.status_code in (200, 201, 204)
    document_id = form["document_id"]
    return wait_for(
        lambda: next((d for d in council.case(reference)["documents"] if d["id"] == document_id and _scanned(d)), None)
    )


def _scanned(document):
    """Recorded and past its malware scan (served only once clean), or rejected when checked."""
    return document["status"] == "rejected" or (document.get("scan") or {}).get("status") not in (None, "pending")


def _validate(council, reference):
    wait_for(lambda: (_case(council, reference) or {}).get("awaiting") == "validation_decision")
    response = council.officer().post(
        f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "valid"}
    )
    assert response.status_code == 200, response.text


def _publish(caller, reference, document_id, publishable=True):
    return caller.put(
        f"/api/v1/applications/{reference}/documents/{document_id}/publication",
        json_body={"publishable": publishable},
    )


def _public_application(council, reference, council_id=None):
    return Caller(council.api_url, None).get(f"/api/v1/public/{council_id or council.id}/applications/{reference}")


def _public_document(council, reference, document_id, council_id=None):
    return Caller(council.api_url, None).get(
        f"/api/v1/public/{council_id or council.id}/applications/{reference}/documents/{document_id}"
    )


def test_a_published_document_is_listed_and_downloadable_until_it_is_withdrawn(runtime, council):
    reference = council.submit()
    plan = _upload(council, reference, "site-plan.pdf", PDF, ["sitePlan.proposed"])
    private = _upload(council, reference, "bank-statement.pdf", PDF + b"% private\n", ["bankStatement"])
    assert plan["status"] == private["status"] == "received"
    assert plan["publishable"] is False
    assessor = council.officer("assessor")

    # Marked publishable while the application is still pending: nothing is public yet
    marked = _publish(assessor, reference, plan["id"])
    assert marked.status_code == 200, marked.text
    assert marked.json()["publishable"] is True
    assert marked.json()["publishable_changed_by"] == f"officer:assessor-{council.id}"
    assert marked.json()["publishable_changed_at"]
    assert _public_application(council, reference).status_code == 404
    assert _public_document(council, reference, plan["id"]).status_code == 404

    # Once valid, the application is published with that document and only that one
    _validate(council, reference)
    public = _public_application(council, reference)
    assert public.status_code == 200, public.text
    listed = public.json()["documents"]
    assert [d["id"] for d in listed] == [plan["id"]]
    assert set(listed[0]) == PUBLIC_FIELDS
    assert listed[0]["file_name"] == "site-plan.pdf"
    assert listed[0]["tags"] == ["sitePlan.proposed"]
    assert listed[0]["size"] == len(PDF)
    assert listed[0]["received_on"] == london_date(parse_iso(plan["uploaded_at"])).isoformat()
    assert "bank-statement.pdf" not in public.text and private["id"] not in public.text
    # searches list applications without their documents
    found = Caller(council.api_url, None).get(f"/api/v1/public/{council.id}/applications", params={"q": reference})
    assert found.status_code == 200 and all(a["documents"] == [] for a in found.json()["applications"])

    link = _public_document(council, reference, plan["id"])
    assert link.status_code == 200, link.text
    body = link.json()
    assert body["file_name"] == "site-plan.pdf" and 0 < body["expires_in"] <= 300
    assert requests.get(body["url"], timeout=10).content == PDF

    # A received document the officer did not publish is not there for the public
    assert _public_document(council, reference, private["id"]).status_code == 404
    # nor under another council's register, nor for an unknown or malformed id
    other = new_council(runtime, roles=("assessor",))
    assert _public_document(council, reference, plan["id"], council_id=other.id).status_code == 404
    assert _public_application(council, reference, council_id=other.id).status_code == 404
    assert _public_document(council, reference, "0" * 32).status_code == 404
    assert _public_document(council, reference, "not-an-id").status_code == 404
    # and another council's officer cannot publish it
    assert _publish(other.officer("assessor"), reference, private["id"]).status_code == 404

    # Asking again changes nothing (no second audit entry)
    again = _publish(council.officer("reviewer"), reference, plan["id"])
    assert again.status_code == 200 and again.json()["publishable_changed_by"] == f"officer:assessor-{council.id}"

    # Withdrawn from the register: gone from the page, and its link is refused
    withdrawn = _publish(council.officer("reviewer"), reference, plan["id"], publishable=False)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["publishable"] is False
    assert withdrawn.json()["publishable_changed_by"] == f"officer:reviewer-{council.id}"
    assert _public_application(council, reference).json()["documents"] == []
    assert _public_document(council, reference, plan["id"]).status_code == 404

    # The officer's view shows the flag; the audit trail has both changes, each by its officer
    documents = {d["id"]: d for d in council.case(reference)["documents"]}
    assert documents[plan["id"]]["publishable"] is False and documents[private["id"]]["publishable"] is False
    audit = [a for a in council.case(reference)["audit"] if a["action"].startswith("document.")]
    changes = [
        (a["action"], a["actor"], a["before"], a["after"])
        for a in audit
        if a["action"] not in ("document.received", "document.scanned_clean")
    ]
    assert sorted(changes) == [
        (
            "document.published",
            f"officer:assessor-{council.id}",
            {"document_id": plan["id"], "publishable": False},
            {"document_id": plan["id"], "publishable": True},
        ),
        (
            "document.unpublished",
            f"officer:reviewer-{council.id}",
            {"document_id": plan["id"], "publishable": True},
            {"document_id": plan["id"], "publishable": False},
        ),
    ]


def test_a_rejected_or_archived_document_cannot_be_published(runtime, council):
    from bops.services.context import context

    reference = council.submit()
    rejected = _upload(council, reference, "letter.pdf", TEXT, ["otherDocument"])
    plan = _upload(council, reference, "site-plan.pdf", PDF, ["sitePlan.proposed"])
    assert rejected["status"] == "rejected"
    _validate(council, reference)
    officer = council.officer("administrator")

    refused = _publish(officer, reference, rejected["id"])
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["message"] == rules.NOT_PUBLISHABLE_REJECTED
    assert _public_document(council, reference, rejected["id"]).status_code == 404
    # taking a document off the register is always allowed, and here changes nothing
    assert _publish(officer, reference, rejected["id"], publishable=False).status_code == 200

    # A published document replaced through a validation request (archived) leaves the register
    assert _publish(officer, reference, plan["id"]).status_code == 200
    assert _public_document(council, reference, plan["id"]).status_code == 200
    ctx = context()
    stored = ctx.repo.documents.get(council.id, reference, plan["id"])
    assert stored is not None
    archived = {"archived": True, "archived_reason": "Replaced through validation request x"}
    ctx.repo.documents.save(council.id, reference, stored.model_copy(update=archived))
    assert _public_application(council, reference).json()["documents"] == []
    assert _public_document(council, reference, plan["id"]).status_code == 404
    # and cannot be published again
    assert _publish(officer, reference, plan["id"], publishable=False).status_code == 200
    again = _publish(officer, reference, plan["id"])
    assert again.status_code == 409 and again.json()["error"]["message"] == rules.NOT_PUBLISHABLE_ARCHIVED

    audit = [a["action"] for a in council.case(reference)["audit"]]
    assert audit.count("document.published") == 1 and audit.count("document.unpublished") == 1


def test_bad_publication_requests_are_refused_with_the_field_named(runtime, council):
    reference = council.submit()
    plan = _upload(council, reference, "site-plan.pdf", PDF, ["sitePlan.proposed"])
    officer = council.officer()
    url = f"/api/v1/applications/{reference}/documents/{plan['id']}/publication"
    for body in ({"publishable": "yes"}, {"publishable": 1}, {}):
        response = officer.put(url, json_body=body)
        assert response.status_code == 422, (body, response.text)
        assert [f["path"] for f in response.json()["error"]["fields"]] == ["publishable"]
    assert officer.put(url, data=b"not json").status_code == 400
    assert _publish(officer, reference, "0" * 32).status_code == 404
    assert _publish(officer, "26-99999-HAPP", plan["id"]).status_code == 404
    assert council.case(reference)["documents"][0]["publishable"] is False
