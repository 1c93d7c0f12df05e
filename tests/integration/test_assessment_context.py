"""The assessment's context (issue: "The officer's assessment", tasks 1 and 2), through the API with the
real workflow under moto: constraints pre-filled from the submission and the bundled designation data,
confirmed, removed and added by the officer, suggesting consultees from the council's directory; site
history from imported legacy records and the council's earlier cases at the same site."""

from __future__ import annotations

import pytest

from tests.support import wait_for

pytestmark = pytest.mark.integration

HOUSEHOLDER_UPRN = "100021892955"  # 40 Stansfield Road (the fullHouseholder example)


def _in_assessment(council, name="fullHouseholder"):
    reference = council.validated(name)
    wait_for(lambda: council.case(reference)["application"].get("awaiting") == "assessment")
    response = council.officer("assessor").post(f"/api/v1/applications/{reference}/assessment", json_body={})
    assert response.status_code == 200, response.text
    return reference


def _directory(council):
    admin = council.officer("administrator")
    ids = {}
    for name, organisation, expertise in (
        ("Tree officer", "Council", "trees and landscaping"),
        ("Conservation officer", "Council", "heritage"),
        ("Highways team", "Council", "access and parking"),
    ):
        added = admin.post(
            "/api/v1/council/consultees",
            json_body={
                "name": name,
                "organisation": organisation,
                "email": f"{name.split()[0].lower()}@council.example",
                "kind": "internal",
                "expertise": expertise,
            },
        )
        assert added.status_code == 201, added.text
        ids[name] = added.json()["id"]
    return ids


def test_constraints_come_from_the_submission_and_the_bundled_data_and_the_officer_decides(council):
    directory = _directory(council)
    assessor = council.officer("assessor")

    # The submission says the site is in a conservation area (PlanX names Dulwich Village, entity 44007440);
    # the bundled data has the same area: listed once, from the submission.
    in_area = council.submit("fullHouseholderInConservationArea")
    task = assessor.get(f"/api/v1/applications/{in_area}/assessment/constraints").json()
    assert task["prefilled"] is True
    assert [(c["dataset"], c["entity"], c["source"], c["status"]) for c in task["data"]["constraints"]] == [
        ("conservation-area", 44007440, "submission", "suggested")
    ]
    assert task["data"]["constraints"][0]["description"] == "Dulwich Village"
    assert [s["consultee_id"] for s in task["data"]["suggested_consultees"]] == [directory["Conservation officer"]]

    # The householder site has nothing in its submission: the bundled data finds a TPO zone and an
    # article 4 direction on its red line.
    reference = _in_assessment(council)
    url = f"/api/v1/applications/{reference}/assessment/constraints"
    task = assessor.get(url).json()
    found = {c["dataset"]: c for c in task["data"]["constraints"]}
    assert set(found) == {"tree-preservation-zone", "article-4-direction-area"}
    assert {c["source"] for c in found.values()} == {"local"}
    assert found["tree-preservation-zone"]["reference"] == "DEMO-TPO-1"
    assert [(s["constraint"], s["name"]) for s in task["data"]["suggested_consultees"]] == [
        ("tree-preservation-zone", "Tree officer")
    ]

    # The officer removes the TPO (the trees are outside the site, say), confirms the article 4 direction and
    # adds a listed building the data missed; the suggestions follow what is left.
    constraints = [
        {**found["tree-preservation-zone"], "status": "removed"},
        {**found["article-4-direction-area"], "status": "confirmed"},
        {"dataset": "listed-building-outline", "name": "Listed building", "description": "Garden wall, grade II",
         "source": "officer", "status": "confirmed"},
    ]  # fmt: skip
    saved = assessor.put(
        url,
        json_body={"status": "completed", "data": {"constraints": constraints, "notes": "Checked on site."}},
    )
    assert saved.status_code == 200, saved.text
    data = saved.json()["data"]
    assert [(c["dataset"], c["source"], c["status"]) for c in data["constraints"]] == [
        ("tree-preservation-zone", "local", "removed"),
        ("article-4-direction-area", "local", "confirmed"),
        ("listed-building-outline", "officer", "confirmed"),
    ]
    assert [(s["constraint"], s["consultee_id"], s["name"]) for s in data["suggested_consultees"]] == [
        ("listed-building-outline", directory["Conservation officer"], "Conservation officer")
    ]
    assert assessor.get(url).json()["data"]["constraints"][2]["description"] == "Garden wall, grade II"

    # An added constraint left unconfirmed, or an unknown status, is refused naming the field.
    bad = assessor.put(
        url,
        json_body={
            "status": "in_progress",
            "data": {"constraints": [{**constraints[2], "status": "suggested"}]},
        },
    )
    assert bad.status_code == 422 and "data.constraints[0].status" in bad.text
    bad = assessor.put(
        url, json_body={"status": "in_progress", "data": {"constraints": [{**constraints[2], "status": "maybe"}]}}
    )
    assert bad.status_code == 422 and "data.constraints[0].status" in bad.text


LEGACY_CSV = (
    "reference,address,uprn,description,decision,decision_date\n"
    f'98/0077/H,"40 Stansfield Road, London SW9 9RZ",{HOUSEHOLDER_UPRN},Loft conversion,Granted,14/03/1998\n'
    "05/01234/FUL,40 STANSFIELD ROAD LONDON SW9 9RZ,,Rear extension,Refused,2005-06-01\n"
    "07/00001/FUL,42 Stansfield Road London SW9 9RZ,,Next door,Granted,2007-01-01\n"
)


def test_site_history_lists_legacy_records_and_earlier_cases_at_the_same_site(council):
    admin, assessor = council.officer("administrator"), council.officer("assessor")
    # only an administrator imports; each bad row is named
    assert assessor.post("/api/v1/council/site-history/import", json_body={"csv": LEGACY_CSV}).status_code == 403
    bad = admin.post(
        "/api/v1/council/site-history/import",
        json_body={"csv": LEGACY_CSV + "09/1,Nowhere,,,,\n10/1,1 High St AB1 2CD,x1,,,\n"},
    )
    assert bad.status_code == 422, bad.text
    assert {f["path"] for f in bad.json()["error"]["fields"]} == {"csv[5].address", "csv[6].uprn"}

    imported = admin.post("/api/v1/council/site-history/import", json_body={"csv": LEGACY_CSV})
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"rows": 3, "added": 3, "changed": 0, "unchanged": 0}
    again = admin.post("/api/v1/council/site-history/import", json_body={"csv": LEGACY_CSV})
    assert again.json() == {"rows": 3, "added": 0, "changed": 0, "unchanged": 3}

    # An earlier application at the same site, with its reference in the old system (one of the imported
    # records: listed once, as the council's case).
    earlier = council.submit("fullHouseholder")
    alternative = f"/api/v1/applications/{earlier}/alternative-reference"
    recorded = assessor.put(alternative, json_body={"alternative_reference": "OLD/1"})
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["application"]["alternative_reference"] == "OLD/1"
    cleared = assessor.put(alternative, json_body={"alternative_reference": None})
    assert "alternative_reference" not in {k for k, v in cleared.json()["application"].items() if v is not None}
    assert assessor.put(alternative, json_body={"alternative_reference": "05/01234/FUL"}).status_code == 200
    audit = council.case(earlier)["audit"]
    assert [a["after"] for a in audit if a["action"] == "application.alternative_reference_set"] == [
        {"alternative_reference": "OLD/1"},
        {},  # cleared
        {"alternative_reference": "05/01234/FUL"},
    ]

    reference = _in_assessment(council)
    url = f"/api/v1/applications/{reference}/assessment/site_history"
    task = assessor.get(url).json()
    entries = task["data"]["entries"]
    assert [(e["reference"], e["source"]) for e in entries] == [
        (earlier, "council"),  # with 05/01234/FUL, the same address without a UPRN: not listed again
        ("98/0077/H", "legacy"),
    ]  # not the case itself, not next door
    assert entries[0]["alternative_reference"] == "05/01234/FUL" and entries[0]["status"] == "not_started"
    assert (entries[1]["decision"], entries[1]["decision_date"]) == ("Granted", "1998-03-14")

    listed = assessor.get("/api/v1/council/site-history", params={"uprn": HOUSEHOLDER_UPRN})
    assert listed.status_code == 200, listed.text
    assert {e["reference"] for e in listed.json()["entries"]} == {"98/0077/H"}  # by UPRN alone
    assert assessor.get("/api/v1/council/site-history", params={"uprn": "12x"}).status_code == 422
    assert assessor.get("/api/v1/council/site-history").json()["entries"] == []  # no site named: nothing matches

    entries[1] = {**entries[1], "relevant": True, "comment": "The loft conversion added the rear dormer."}
    saved = assessor.put(
        url,
        json_body={
            "status": "completed",
            "data": {"entries": entries, "summary": "A loft conversion was granted in 1998."},
        },
    )
    assert saved.status_code == 200, saved.text
    stored = assessor.get(url).json()
    assert stored["prefilled"] is False and stored["data"]["entries"][1]["relevant"] is True
    assert stored["data"]["summary"] == "A loft conversion was granted in 1998."
    own = {**entries[0], "reference": reference}
    refused = assessor.put(url, json_body={"status": "in_progress", "data": {"entries": [own]}})
    assert refused.status_code == 422 and "data.entries[0].reference" in refused.text


def test_when_the_designation_data_cannot_be_asked_the_submissions_constraints_remain(council, monkeypatch):
    import urllib.error
    import urllib.request

    from bops.adapters import constraints as adapters

    def unreachable(request, timeout):
        raise urllib.error.URLError("no route to planning.data.gov.uk")

    # The API runs in this process: point it at planning.data.gov.uk, which (here) cannot be reached.
    monkeypatch.setenv("BOPS_CONSTRAINTS_SOURCE", "planning_data")
    monkeypatch.setattr(urllib.request, "urlopen", unreachable)
    adapters._planning_data.cache_clear()
    try:
        reference = council.submit("fullHouseholderInConservationArea")
        task = council.officer().get(f"/api/v1/applications/{reference}/assessment/constraints")
        assert task.status_code == 200, task.text
        data = task.json()["data"]
        assert [(c["dataset"], c["source"]) for c in data["constraints"]] == [("conservation-area", "submission")]
        assert data["lookup_note"].startswith("The designation data could not be checked")
    finally:
        adapters._planning_data.cache_clear()
