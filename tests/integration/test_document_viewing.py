"""Documents as officers and consultees use them, in the local stack (issue 12): viewed in the browser (PDFs and
images inline, from the checked copy, as the type their bytes showed), readable type names, re-tagging, drawing
numbers and the decision notice flag (audited), publishing several at once (all or none), a consultee's link
listing the published documents, and the demo's sample plans."""

from __future__ import annotations

import pytest
import requests

from tests.support import Caller, add_neighbours_and_consultee, wait_for

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TEXT = b"Dear planning officer, this is a letter, not a PDF.\n"


def _upload(council, reference, file_name, content, tags, content_type="application/pdf", **extra):
    form = council.integrator.post(
        f"/api/v1/applications/{reference}/uploads",
        json_body={"file_name": file_name, "content_type": content_type, "tags": tags, **extra},
    )
    assert form.status_code == 201, form.text
    form = form.json()
    posted = requests.post(form["url"], data=form["fields"], files={"file": (file_name, content)}, timeout=60)
    assert posted.status_code in (200, 201, 204)
    document_id = form["document_id"]
    return wait_for(
        lambda: next((d for d in council.case(reference)["documents"] if d["id"] == document_id and _settled(d)), None)
    )


def _settled(document):
    return document["status"] == "rejected" or (document.get("scan") or {}).get("status") not in (None, "pending")


def _document(council, reference, document_id):
    return next(d for d in council.case(reference)["documents"] if d["id"] == document_id)


def _patch(caller, reference, document_id, body):
    return caller.request("PATCH", f"/api/v1/applications/{reference}/documents/{document_id}", json_body=body)


def _audit(council, reference, action):
    return [e for e in council.case(reference)["audit"] if e["action"] == action]


def test_a_pdf_and_an_image_are_viewed_inline_from_the_checked_copy_as_their_bytes_say(runtime, council):
    reference = council.submit()
    plan = _upload(council, reference, "site-plan.pdf", PDF, ["sitePlan.proposed"])
    photo = _upload(council, reference, "front.png", PNG, ["photographs.existing"], content_type="image/png")
    officer = council.officer()

    viewed = officer.get(f"/api/v1/applications/{reference}/documents/{plan['id']}", params={"disposition": "inline"})
    assert viewed.status_code == 200, viewed.text
    link = viewed.json()
    assert link["disposition"] == "inline"
    # the checked copy under documents/, never the upload
    assert f"/documents/{council.id}/{reference}/{plan['id']}" in link["url"] and "/uploads/" not in link["url"]
    served = requests.get(link["url"], timeout=30)
    assert served.status_code == 200 and served.content == PDF
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"] == 'inline; filename="site-plan.pdf"'
    assert served.headers["Cache-Control"] == "private, no-store"

    image = officer.get(
        f"/api/v1/applications/{reference}/documents/{photo['id']}", params={"disposition": "inline"}
    ).json()
    shown = requests.get(image["url"], timeout=30)
    assert shown.headers["Content-Type"] == "image/png"
    assert shown.headers["Content-Disposition"].startswith("inline;")

    # a download stays a download
    download = officer.get(f"/api/v1/applications/{reference}/documents/{plan['id']}").json()
    assert download["disposition"] == "attachment"
    downloaded = requests.get(download["url"], timeout=30)
    assert downloaded.headers["Content-Disposition"] == 'attachment; filename="site-plan.pdf"'
    # the checked copy itself is stored as its bytes' type, a download by default, never cached by others
    from bops.services.context import context

    stored = context().repo.documents.get(council.id, reference, plan["id"])
    head = context().storage.head(stored.key)
    assert head["ContentType"] == "application/pdf"
    assert head["ContentDisposition"] == "attachment" and head["CacheControl"] == "private, no-store"
    # anything else is named
    bad = officer.get(f"/api/v1/applications/{reference}/documents/{plan['id']}", params={"disposition": "render"})
    assert bad.status_code == 422
    assert [f["path"] for f in bad.json()["error"]["fields"]] == ["disposition"]


def test_a_rejected_file_is_never_viewed(runtime, council):
    reference = council.submit()
    letter = _upload(council, reference, "letter.pdf", TEXT, ["otherDocument"])
    assert letter["status"] == "rejected"
    refused = council.officer().get(
        f"/api/v1/applications/{reference}/documents/{letter['id']}", params={"disposition": "inline"}
    )
    assert refused.status_code == 404


def test_documents_carry_readable_type_names_and_are_retagged_with_drawing_numbers(runtime, council):
    reference = council.submit()
    plan = _upload(council, reference, "drawing.pdf", PDF, ["sections.proposed"], drawing_number=" PL-07 ")
    assert plan["type_names"] == ["Proposed sections"]
    assert plan["drawing_number"] == "PL-07"  # given with the upload, trimmed
    officer = council.officer()

    changed = _patch(
        officer,
        reference,
        plan["id"],
        {
            "tags": ["elevations.proposed", "floorPlan.proposed"],
            "drawing_number": "PL-03 rev A",
            "on_decision_notice": True,
        },
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["tags"] == ["elevations.proposed", "floorPlan.proposed"]
    assert body["type_names"] == ["Proposed elevations", "Proposed floor plan"]
    assert body["drawing_number"] == "PL-03 rev A" and body["on_decision_notice"] is True
    stored = _document(council, reference, plan["id"])
    assert stored["type_names"] == ["Proposed elevations", "Proposed floor plan"]
    assert stored["drawing_number"] == "PL-03 rev A" and stored["on_decision_notice"] is True
    assert stored["details_changed_by"] == f"officer:assessor-{council.id}"
    (entry,) = _audit(council, reference, "document.details_changed")
    assert entry["before"] == {
        "document_id": plan["id"],
        "tags": ["sections.proposed"],
        "drawing_number": "PL-07",
        "on_decision_notice": False,
    }
    assert entry["after"]["tags"] == ["elevations.proposed", "floorPlan.proposed"]

    # only what is sent changes; an empty drawing number removes it; the same again changes nothing
    cleared = _patch(officer, reference, plan["id"], {"drawing_number": ""}).json()
    assert cleared["drawing_number"] is None and cleared["tags"] == ["elevations.proposed", "floorPlan.proposed"]
    assert _patch(officer, reference, plan["id"], {"drawing_number": ""}).status_code == 200
    assert len(_audit(council, reference, "document.details_changed")) == 2

    # another officer's change meanwhile: the write guarded by what was read is refused
    from bops.domain.errors import Conflict
    from bops.services.context import context

    with pytest.raises(Conflict):
        context().repo.documents.update_details(
            council.id,
            reference,
            plan["id"],
            changes={"drawing_number": "PL-99"},
            was_changed_at=None,  # as read before the officer's change above
            by="officer:someone-else",
            at="2026-12-04T12:00:00Z",
            audit={"pk": "x", "sk": "y"},
            conflict_message="changed meanwhile",
        )
    assert _document(council, reference, plan["id"])["drawing_number"] is None  # as the last change left it

    # bad input is named
    unknown = _patch(officer, reference, plan["id"], {"tags": ["elevations.proposed", "sections.sideways"]})
    assert unknown.status_code == 422
    assert [f["path"] for f in unknown.json()["error"]["fields"]] == ["tags[1]"]
    for body, field in (
        ({"tags": []}, "tags"),
        ({"drawing_number": "x" * 101}, "drawing_number"),
        ({"drawing_number": "PL-01\nPL-02"}, "drawing_number"),
        ({"on_decision_notice": "yes"}, "on_decision_notice"),
    ):
        refused = _patch(officer, reference, plan["id"], body)
        assert refused.status_code == 422, body
        assert field in {f["path"] for f in refused.json()["error"]["fields"]}, refused.text
    assert _patch(officer, reference, plan["id"], {}).status_code == 422
    # officers only; not another application's document
    assert _patch(council.integrator, reference, plan["id"], {"drawing_number": "X"}).status_code == 403
    assert _patch(officer, reference, "0" * 32, {"drawing_number": "X"}).status_code == 404


def test_the_approved_plans_prefer_the_documents_drawing_numbers_and_the_decision_notice_flag(runtime, council):
    from bops.services.assessment_tasks import approved_plans
    from bops.services.context import context

    reference = council.submit()
    site = _upload(council, reference, "site.pdf", PDF, ["sitePlan.proposed"], drawing_number="PL-02")
    elevations = _upload(council, reference, "elevations.pdf", PDF + b"%e\n", ["elevations.proposed"])
    statement = _upload(council, reference, "statement.pdf", PDF + b"%s\n", ["planningStatement"])
    ctx = context()
    case = ctx.repo.cases.get(council.id, reference)
    plans = approved_plans.prefill(ctx, case).plans
    assert [(p.document_id, p.drawing_number) for p in plans] == [(site["id"], "PL-02"), (elevations["id"], "")]

    # once officers mark documents as referenced on the notice, those are the plans listed
    officer = council.officer()
    assert _patch(officer, reference, elevations["id"], {"on_decision_notice": True, "drawing_number": "PL-03"}).ok
    assert _patch(officer, reference, statement["id"], {"on_decision_notice": True}).ok
    plans = approved_plans.prefill(ctx, case).plans
    assert [(p.document_id, p.drawing_number, p.title) for p in plans] == [
        (elevations["id"], "PL-03", "Proposed elevations"),
        (statement["id"], "", "Planning statement"),
    ]


def test_several_documents_are_published_at_once_all_or_none(runtime, council):
    reference = council.submit()
    plan = _upload(council, reference, "site-plan.pdf", PDF, ["sitePlan.proposed"])
    elevations = _upload(council, reference, "elevations.pdf", PDF + b"%e\n", ["elevations.proposed"])
    letter = _upload(council, reference, "letter.pdf", TEXT, ["otherDocument"])
    officer = council.officer()
    path = f"/api/v1/applications/{reference}/documents/publish"

    refused = officer.post(path, json_body={"document_ids": [plan["id"], letter["id"], elevations["id"]]})
    assert refused.status_code == 409
    assert "letter.pdf" in refused.json()["error"]["message"]
    assert not any(d["publishable"] for d in council.case(reference)["documents"])  # none published

    unknown = officer.post(path, json_body={"document_ids": [plan["id"], "f" * 32]})
    assert unknown.status_code == 422
    assert [f["path"] for f in unknown.json()["error"]["fields"]] == ["document_ids[1]"]
    assert officer.post(path, json_body={"document_ids": []}).status_code == 422
    assert officer.post(path, json_body={"document_ids": ["a" * 32] * 51}).status_code == 422
    assert council.integrator.post(path, json_body={"document_ids": [plan["id"]]}).status_code == 403

    published = officer.post(path, json_body={"document_ids": [plan["id"], elevations["id"], plan["id"]]})
    assert published.status_code == 200, published.text
    assert [d["id"] for d in published.json()["documents"]] == [plan["id"], elevations["id"]]
    by_id = {d["id"]: d for d in council.case(reference)["documents"]}
    assert by_id[plan["id"]]["publishable"] and by_id[elevations["id"]]["publishable"]
    assert not by_id[letter["id"]]["publishable"]
    (entry,) = _audit(council, reference, "documents.published")
    assert entry["after"] == {"document_ids": [plan["id"], elevations["id"]], "publishable": True}


def test_a_consultees_link_shows_the_published_documents_to_view_and_download(runtime, council):
    reference = council.validated()
    officer = council.officer()
    plan = _upload(council, reference, "site-plan.pdf", PDF, ["sitePlan.proposed"], drawing_number="PL-02")
    private = _upload(council, reference, "bank-statement.pdf", PDF + b"%p\n", ["bankStatement"])
    published = officer.post(
        f"/api/v1/applications/{reference}/documents/publish", json_body={"document_ids": [plan["id"]]}
    )
    assert published.status_code == 200, published.text
    add_neighbours_and_consultee(officer, reference, ["1 Next Door Road, London"], "SW9 9RZ")
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200

    def link():
        emails = officer.get("/api/v1/outbox").json()["emails"]
        return next(
            (e for e in emails if e["reference"] == reference and e["template"] == "consultee_consultation"), None
        )

    email = wait_for(link)
    consultee = Caller(council.api_url, email["personalisation"]["link"].split("#", 1)[1])
    view = consultee.get("/api/v1/consultee/consultation")
    assert view.status_code == 200, view.text
    (listed,) = view.json()["documents"]
    assert listed["id"] == plan["id"] and listed["type_names"] == ["Proposed site plan"]
    assert listed["drawing_number"] == "PL-02" and listed["content_type"] == "application/pdf"

    shown = consultee.get(f"/api/v1/consultee/documents/{plan['id']}", params={"disposition": "inline"})
    assert shown.status_code == 200, shown.text
    served = requests.get(shown.json()["url"], timeout=30)
    assert served.content == PDF and served.headers["Content-Disposition"].startswith("inline;")
    downloaded = consultee.get(f"/api/v1/consultee/documents/{plan['id']}")
    assert requests.get(downloaded.json()["url"], timeout=30).headers["Content-Disposition"].startswith("attachment;")
    # nothing the council has not published; no link without a consultee's token
    assert consultee.get(f"/api/v1/consultee/documents/{private['id']}").status_code == 404
    assert Caller(council.api_url, None).get(f"/api/v1/consultee/documents/{plan['id']}").status_code == 401


def test_the_demo_householder_applications_carry_numbered_sample_plans(runtime, council):
    from bops.services.context import context
    from local import demo

    reference = council.submit()
    ids = demo.upload_sample_plans(context(), council.api_url, council.token, reference, council=council.id)
    assert len(ids) == 4
    demo.publish_sample_plans([reference], council=council.id, within=60)
    documents = {d["id"]: d for d in council.case(reference)["documents"]}
    plans = sorted((documents[i] for i in ids), key=lambda d: d["drawing_number"])
    assert [(d["drawing_number"], d["type_names"]) for d in plans] == [
        ("PL-01", ["Location plan"]),
        ("PL-02", ["Proposed site plan"]),
        ("PL-03", ["Proposed elevations"]),
        ("PL-04", ["Proposed floor plan"]),
    ]
    assert all(d["status"] == "received" and d["scan"]["status"] == "clean" for d in plans)
    assert all(d["publishable"] for d in plans)
    assert all(d["content_type"] == "application/pdf" and 500 < d["size"] < 20_000 for d in plans)
    link = council.officer().get(
        f"/api/v1/applications/{reference}/documents/{ids[0]}", params={"disposition": "inline"}
    )
    served = requests.get(link.json()["url"], timeout=30)
    assert served.content.startswith(b"%PDF-") and b"PL-01" in served.content
