"""The public API v2 in the local stack: the register in the ODP post-submission published shape, as the
Digital Planning Register reads it. Every answer is validated against the bundled official schema, and
scanned for the demo applicant's and agent's personal data."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from bops.domain.time import london_date
from bops.odp.post_submission import definition_errors, published_errors
from tests.support import AGREE, Caller, complete_assessment, consult_if_needed, refusal_reasons, wait_for

pytestmark = pytest.mark.integration

# The personal data in the demo submissions (fullHouseholder: applicant and agent; existing: an owner)
PERSONAL = ("ziggy@example.com", "David", "Bowie", "Ziggy", "Stardust", "01100 0110 0011", "40 Stansfield Road")
PERSONAL += ("Matilda", "Wormwood", "9, Library Way", "sandbox-ref-456")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _v2(council):
    return Caller(f"{council.api_url}/api/v2/{council.id}", None)


def _no_personal_data(*responses):
    text = "\n".join(r.text for r in responses)
    found = [p for p in PERSONAL if p in text]
    assert found == [], f"personal data in a public answer: {found}"


def _dpr_comment(council, reference, ip="198.51.100.7", **body):
    payload = {
        "name": "A Neighbour",
        "address": "42 Stansfield Road, London SW9 9RZ",
        "response": "It will block the light to my kitchen.",
        "summary_tag": "objection",
        "tags": ["light"],
        **body,
    }
    return requests.post(
        f"{council.api_url}/api/v2/{council.id}/public/planning_applications/{reference}/comments/public",
        data=json.dumps(payload),
        headers={"Content-Type": "application/json", "X-Forwarded-For": ip},
        timeout=30,
    )


def test_search_and_show_serve_only_valid_applications_in_the_published_odp_shape(runtime, council):
    # Given three valid applications of three types and one not yet validated
    householder = council.validated("fullHouseholder")
    ldc = council.validated("existing")
    prior_approval = council.validated("largerExtension")
    pending = council.submit("minor")
    public = _v2(council)

    # When DPR searches the register
    found = public.get("/public/planning_applications/search")
    assert found.status_code == 200, found.text
    body = found.json()

    # Then it gets the valid ones, newest first, each valid against the official published schema
    references = [a["data"]["application"]["reference"] for a in body["data"]]
    assert references == [prior_approval, ldc, householder]
    assert body["status"] == {"code": 200, "message": "OK"}
    assert body["pagination"] == {
        "resultsPerPage": 10,
        "currentPage": 1,
        "totalPages": 1,
        "totalResults": 3,
        "totalAvailableItems": 3,
    }
    for application in body["data"]:
        assert published_errors(application) == [], application["data"]["application"]["reference"]
        assert application["data"]["application"]["stage"] == "assessment"
        assert application["data"]["application"]["status"] == "undetermined"
        assert application["data"]["validation"]["isValid"] is True
    assert {a["applicationType"] for a in body["data"]} == {"pp.full.householder", "ldc.existing", "pa.part1.classA"}

    # And one application on its own, under data as DPR reads it; the unvalidated one is not there
    shown = public.get(f"/public/planning_applications/{householder}")
    assert shown.status_code == 200, shown.text
    assert shown.json()["data"]["data"]["application"]["reference"] == householder
    assert published_errors(shown.json()["data"]) == []
    assert public.get(f"/public/planning_applications/{pending}").status_code == 404
    assert public.get("/public/planning_applications/26-99999-HAPP").status_code == 404

    # And nothing of the applicant's, the agent's or the owners' personal data is in any of it
    _no_personal_data(found, shown, *(public.get(f"/public/planning_applications/{r}") for r in (ldc, prior_approval)))


def test_search_filters_sorts_and_pages(runtime, council):
    householder = council.validated("fullHouseholder")
    ldc = council.validated("existing")
    council.submit("minor")  # never listed
    public = _v2(council)

    def refs(**params):
        response = public.get("/public/planning_applications/search", params=params)
        assert response.status_code == 200, response.text
        return [a["data"]["application"]["reference"] for a in response.json()["data"]]

    assert refs(applicationType="ldc.existing") == [ldc]
    assert refs(applicationType="pp.full.householder,ldc.existing") == [ldc, householder]
    assert refs(reference=householder) == [householder]
    assert refs(applicationStatus="undetermined") == [ldc, householder]
    assert refs(applicationStatus="determined") == []
    assert refs(councilDecision="granted") == []
    today = date.today()
    assert refs(receivedAtFrom=(today - timedelta(days=3)).isoformat(), receivedAtTo=today.isoformat()) == [
        ldc,
        householder,
    ]
    assert refs(receivedAtFrom=(today + timedelta(days=3)).isoformat()) == []
    assert refs(validatedAtTo=(today - timedelta(days=30)).isoformat()) == []
    assert refs(orderBy="asc") == [householder, ldc]
    # paging: one a page
    second = public.get("/public/planning_applications/search", params={"resultsPerPage": 1, "page": 2})
    assert [a["data"]["application"]["reference"] for a in second.json()["data"]] == [householder]
    assert second.json()["pagination"]["totalPages"] == 2 and second.json()["pagination"]["currentPage"] == 2
    # a postcode matches exactly (spaces and case aside)
    postcode = council.case(householder)["application"]["site"]["postcode"]
    assert householder in refs(postcode=postcode.lower().replace(" ", ""))
    # bad parameters: a 422 naming the parameter
    for params, field in (
        ({"sortBy": "reference"}, "sortBy"),
        ({"resultsPerPage": "500"}, "resultsPerPage"),
        ({"receivedAtFrom": "yesterday"}, "receivedAtFrom"),
    ):
        bad = public.get("/public/planning_applications/search", params=params)
        assert bad.status_code == 422, bad.text
        assert bad.json()["error"]["fields"][0]["path"] == field


def test_comments_specialists_and_documents_in_the_published_shapes(runtime, council):
    # Given a valid application with a published document, in consultation, a consultee's response and
    # two comments from the public sent as DPR sends them, one redacted by the officer
    reference = council.validated("fullHouseholder")
    officer = council.officer()
    form = council.integrator.post(
        f"/api/v1/applications/{reference}/uploads",
        json_body={"file_name": "site-plan.pdf", "content_type": "application/pdf", "tags": ["sitePlan.proposed"]},
    ).json()
    requests.post(form["url"], data=form["fields"], files={"file": ("site-plan.pdf", PDF)}, timeout=60)
    wait_for(
        lambda: any(
            d["id"] == form["document_id"] and (d.get("scan") or {}).get("status") == "clean"
            for d in council.case(reference)["documents"]
        )
    )
    published = officer.put(
        f"/api/v1/applications/{reference}/documents/{form['document_id']}/publication",
        json_body={"publishable": True},
    )
    assert published.status_code == 200, published.text
    added = officer.post(
        f"/api/v1/applications/{reference}/consultees",
        json_body={"name": "Hana Officer", "organisation": "Highways", "email": "highways@council.example"},
    )
    assert added.status_code == 201, added.text
    assert officer.post(f"/api/v1/applications/{reference}/consultation").status_code == 200
    emails = wait_for(
        lambda: [
            e
            for e in officer.get("/api/v1/outbox").json()["emails"]
            if e["reference"] == reference and e["template"] == "consultee_consultation"
        ]
    )
    consultee = Caller(council.api_url, emails[0]["personalisation"]["link"].split("#", 1)[1])
    answered = consultee.post(
        "/api/v1/consultee/response", json_body={"stance": "amendments_needed", "text": "Move the crossover 2 m east."}
    )
    assert answered.status_code == 200, answered.text
    first = _dpr_comment(council, reference)
    second = _dpr_comment(
        council,
        reference,
        ip="198.51.100.8",
        name="B Resident",
        email="b.resident@example.org",
        summary_tag="supportive",
        tags=["design", "other"],
        response="A good design. My phone is 07700 900123.",
    )
    assert first.status_code == second.status_code == 200, (first.text, second.text)
    assert first.json() == {"id": reference, "message": "Response submitted"}
    comments = officer.get(f"/api/v1/applications/{reference}/comments").json()["comments"]
    kept = next(c for c in comments if c["name"] == "B Resident")
    assert kept["stance"] == "supportive" and kept["topics"] == ["design", "other"] and "email" not in kept
    assert (
        officer.post(
            f"/api/v1/applications/{reference}/comments/{kept['id']}/redaction",
            json_body={"redacted_text": "A good design. My phone is [removed]."},
        ).status_code
        == 200
    )
    public = _v2(council)

    # Then the public comments are the redacted one, counted, in the schema's redacted shape
    listed = public.get(f"/public/planning_applications/{reference}/comments/public")
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert [c["commentRedacted"] for c in page["data"]["comments"]] == ["A good design. My phone is [removed]."]
    summary = page["data"]["summary"]
    assert summary == {"totalComments": 1, "sentiment": {"supportive": 1, "objection": 0, "neutral": 0}}
    assert definition_errors("PublicCommentsRedacted", page["data"]) == []
    assert page["pagination"]["totalResults"] == 1 and page["status"] == {"code": 200, "message": "OK"}

    # And the consultee's response under their organisation, in the specialist shape
    specialists = public.get(f"/public/planning_applications/{reference}/comments/specialist")
    assert specialists.status_code == 200, specialists.text
    data = specialists.json()["data"]
    assert definition_errors("SpecialistCommentsRedacted", data) == []
    (specialist,) = data["comments"]
    assert specialist["name"] == {"singleLine": "Highways"}
    assert specialist["comments"][0]["sentiment"] == "amendmentsNeeded"
    assert data["summary"]["sentiment"] == {"approved": 0, "amendmentsNeeded": 1, "objected": 0}
    assert data["summary"]["totalConsulted"] == 1

    # And the published document, as a redacted post-submission file with a link that serves it
    files = public.get(f"/public/planning_applications/{reference}/documents")
    assert files.status_code == 200, files.text
    (file,) = files.json()["data"]
    assert file["name"] == "site-plan.pdf" and file["type"] == ["sitePlan.proposed"]
    assert definition_errors("PostSubmissionFileRedacted", file) == []
    assert files.json()["pagination"]["totalResults"] == 1
    link = requests.get(f"{council.api_url}{file['redactedUrl']}", timeout=30)
    assert link.status_code == 200, link.text

    # And the application is in the consultation stage, with its consultation dates, still schema-valid
    shown = public.get(f"/public/planning_applications/{reference}").json()["data"]
    assert shown["data"]["application"]["stage"] == "consultation"
    assert shown["data"]["consultation"]["startDate"] <= shown["data"]["consultation"]["endDate"]
    assert published_errors(shown) == []

    # And nobody's personal data is in any answer: applicant, agent, commenters, consultee officer
    everything = [listed, specialists, files, public.get(f"/public/planning_applications/{reference}")]
    _no_personal_data(*everything)
    text = "\n".join(r.text for r in everything)
    for private in ("B Resident", "A Neighbour", "07700 900123", "b.resident@example.org", "Hana Officer"):
        assert private not in text


def test_a_dpr_comment_is_checked_limited_and_only_for_published_applications(runtime, council):
    reference = council.validated("fullHouseholder")

    # bad input: a 422 naming DPR's field
    bad = _dpr_comment(council, reference, ip="203.0.113.20", summary_tag="furious")
    assert bad.status_code == 422, bad.text
    assert bad.json()["error"]["fields"][0]["path"] == "summary_tag"
    unknown_topic = _dpr_comment(council, reference, ip="203.0.113.20", tags=["light", "smell"])
    assert unknown_topic.status_code == 422 and unknown_topic.json()["error"]["fields"][0]["path"] == "tags[1]"
    extra = _dpr_comment(council, reference, ip="203.0.113.20", telephone="07700 900123")
    assert extra.status_code == 422 and extra.json()["error"]["fields"][0]["path"] == "telephone"
    assert _dpr_comment(council, reference, ip="203.0.113.20", response="x" * 10_001).status_code == 422
    assert _dpr_comment(council, reference, ip="203.0.113.20", response="<script>x</script>").status_code == 422
    # not published, or not there: not found
    assert _dpr_comment(council, council.submit("minor"), ip="203.0.113.21").status_code == 404
    assert _dpr_comment(council, "26-99999-HAPP", ip="203.0.113.21").status_code == 404

    # DPR's own comment handler: the application's id first, then its neighbour_responses (same checks)
    base = f"{council.api_url}/api/v2/{council.id}/planning_applications"
    found = requests.get(f"{base}/{reference}", timeout=30)
    assert found.status_code == 200 and found.json() == {"id": reference}
    assert requests.get(f"{base}/{council.submit('minor')}", timeout=30).status_code == 404
    body = {"name": "C", "address": "1 Road", "response": "Fine.", "summary_tag": "neutral", "tags": ["other"]}
    via_bops_path = requests.post(
        f"{base}/{reference}/neighbour_responses",
        data=json.dumps(body),
        headers={"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.22"},
        timeout=30,
    )
    assert via_bops_path.status_code == 200, via_bops_path.text
    assert via_bops_path.json() == {"id": reference, "message": "Response submitted"}

    # the same rate limit as the v1 comment route: five an hour from one client (one spent just above)
    codes = [_dpr_comment(council, reference, ip="203.0.113.22").status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]
    comments = council.officer().get(f"/api/v1/applications/{reference}/comments").json()["comments"]
    assert len(comments) == 5


def _awaiting(council, reference, milestone):
    from bops.services.context import context

    case = context().repo.cases.get(council.id, reference)
    return case if case and case.get("awaiting") == milestone and case.get("task_token") else None


def test_a_determined_application_carries_its_decision_and_takes_no_more_comments(runtime, council):
    # Given an application assessed, refused on the officer's recommendation and the reviewer's agreement
    reference = council.validated("minor")
    other = council.validated("existing")
    assessor, reviewer = council.officer("assessor"), council.officer("reviewer")
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    assert assessor.post(f"/api/v1/applications/{reference}/assessment").status_code == 200
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    consult_if_needed(council, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(council, reference)
    recommended = assessor.post(
        f"/api/v1/applications/{reference}/recommendation",
        json_body={
            "decision": "refused",
            "summary": "Harm to the street scene.",
            "reasons": refusal_reasons(council, reference, "Overbearing."),
        },
    )
    assert recommended.status_code == 200, recommended.text
    wait_for(lambda: _awaiting(council, reference, "review"))
    agreed = reviewer.post(f"/api/v1/applications/{reference}/review", json_body=AGREE)
    assert agreed.status_code == 200, agreed.text
    wait_for(lambda: council.case(reference)["application"]["status"] == "determined")
    public = _v2(council)

    # Then the register shows it determined and refused, valid against the schema
    shown = public.get(f"/public/planning_applications/{reference}").json()["data"]
    assert (shown["data"]["application"]["stage"], shown["data"]["application"]["status"]) == (
        "assessment",
        "determined",
    )
    assert shown["data"]["assessment"]["planningOfficerDecision"] == "refused"
    decided_on = london_date(datetime.now(UTC)).isoformat()  # the day in England, as the decision records it
    assert shown["data"]["assessment"]["planningOfficerDecisionDate"] == decided_on
    assert published_errors(shown) == []

    # And DPR's filters find it by its decision and decision date, and not the undecided one
    def refs(**params):
        response = public.get("/public/planning_applications/search", params=params)
        assert response.status_code == 200, response.text
        return [a["data"]["application"]["reference"] for a in response.json()["data"]]

    assert refs(councilDecision="refused") == [reference]
    assert refs(councilDecision="granted") == []
    assert refs(applicationStatus="determined") == [reference]
    assert refs(applicationStatus="undetermined") == [other]
    assert refs(councilDecisionDateFrom=decided_on, councilDecisionDateTo=decided_on) == [reference]
    assert refs(sortBy="councilDecisionDate", orderBy="desc")[0] == reference

    # And comments are closed
    assert _dpr_comment(council, reference, ip="203.0.113.40").status_code == 409
