"""National open data: a council's files follow its cases through the event bus (rule -> queue -> function)."""

from __future__ import annotations

import csv
import io

import pytest
import requests

from tests.support import AGREE, complete_assessment, consult_if_needed, wait_for

pytestmark = pytest.mark.integration


def _awaiting(council, reference, milestone):
    return council.case(reference)["application"].get("awaiting") == milestone


def _act(caller, reference, path, body=None, method="post"):
    response = getattr(caller, method)(f"/api/v1/applications/{reference}/{path}", json_body=body or {})
    assert response.status_code == 200, response.text
    return response.json()


def _files(council):
    """The council's open data files (dataset.format -> text), or None before the first was written."""
    response = council.anonymous.get(f"/api/v1/public/{council.id}/open-data")
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    catalogue = response.json()
    files = {f"{f['dataset']}.{f['format']}": requests.get(f["url"], timeout=10).text for f in catalogue["files"]}
    files["fields.json"] = requests.get(catalogue["fields_url"], timeout=10).text
    return files


def _rows(files, dataset):
    return list(csv.DictReader(io.StringIO(files[f"{dataset}.csv"])))


def _decided(files, reference):
    return files and any(r["planning-application"] == reference for r in _rows(files, "decision-notice"))


def test_a_granted_case_is_published_with_its_decision_conditions_and_timeline(council):
    # Given an application made valid and one never made valid
    reference = council.validated("fullHouseholder")
    hidden = council.submit("fullHouseholder")
    assessor = council.officer("assessor")
    wait_for(lambda: _awaiting(council, reference, "assessment"))
    _act(assessor, reference, "assessment")

    # When the officer sets its conditions (text and reason apart), recommends a grant and a reviewer agrees
    url = "assessment/conditions"
    task = assessor.get(f"/api/v1/applications/{reference}/{url}").json()
    saved = _act(assessor, reference, url, {"status": "completed", "data": task["data"]}, method="put")
    conditions = saved["data"]["conditions"]
    wait_for(lambda: _awaiting(council, reference, "recommendation"))
    consult_if_needed(council, reference)  # DMPO 2015 art. 15: publicised first
    complete_assessment(council, reference)
    _act(assessor, reference, "recommendation", {"decision": "granted", "summary": "Acceptable."})
    wait_for(lambda: _awaiting(council, reference, "review"))
    _act(council.officer("reviewer"), reference, "review", AGREE)

    # Then the council's open data files show it, decided, within the event's round trip (no nightly scan)
    files = wait_for(lambda: (f := _files(council)) and _decided(f, reference) and f)
    (application,) = [r for r in _rows(files, "planning-application") if r["reference"] == reference]
    assert application["application-types"] == "pp.full.householder"
    assert application["organisation"] == council.id
    (decision,) = _rows(files, "decision-notice")
    assert decision["decision"] == "grant"
    assert decision["decision-maker"] == "planning-officer"
    assert decision["planning-officer-recommendation"] == "grant"
    published = [(c["name"], c["description"], c["reason"]) for c in _rows(files, "planning-condition")]
    assert published == [(c["title"], c["text"], c["reason"]) for c in conditions]
    events = {r["permission-process-event"] for r in _rows(files, "planning-permission-timeline")}
    assert {"application-submitted", "valid-from"} <= events
    assert '"licence":"OGL-UK-3.0"' in files["planning-application.json"]
    assert "OGL-UK-3.0" in files["fields.json"]
    # and the application never made valid is in no file, nor is anyone's name
    everything = "".join(files.values())
    assert hidden not in everything
    case = council.case(reference)["application"]
    assert case["applicant"]["name"] not in everything


def test_no_open_data_before_a_case_is_published(council):
    response = council.anonymous.get(f"/api/v1/public/{council.id}/open-data")
    assert response.status_code == 404
    assert council.anonymous.get("/api/v1/public/not a council/open-data").status_code == 404
