"""The open data rows of a case: the specification's column names and value codes, no personal data."""

from __future__ import annotations

import csv
import io
import json

from bops.domain import open_data as rules

CASE = {
    "council": "southwark",
    "reference": "26-00042-HAPP",
    "application_type": "pp.full.householder",
    "application_type_name": "Householder planning permission",
    "status": "determined",
    "received_at": "2026-10-01T09:00:00+00:00",
    "received_on": "2026-10-01",
    "valid_from": "2026-10-02",
    "validated_at": "2026-10-05T10:00:00+00:00",
    "updated_at": "2026-11-20T12:00:00+00:00",
    "site": {
        "address": "1 High Street, London",
        "uprn": "100021",
        "postcode": "SE1 1AA",
        "latitude": 51.5,
        "longitude": -0.09,
    },
    "description": "Rear extension",
    "applicant": {"name": "Ada Applicant", "email": "ada@example.com"},
    "agent": {"name": "Alan Agent", "email": "alan@example.com"},
    "consultation": {"start_date": "2026-10-06", "end_date": "2026-10-27"},
    "extensions": [{"agreed_date": "2026-12-20", "agreed_with": "Alan Agent", "recorded_at": "2026-11-01T09:00:00"}],
    "recommendation": {"decision": "granted", "by": "Officer One"},
    "decision": {
        "decision": "granted",
        "determined_on": "2026-11-20",
        "made_by": "reviewer",
        "determined_by": "Reviewer Two",
        "conditions": ["plain text only"],
    },
    "decision_notice": {"pdf_key": "notices/x.pdf"},
}


def test_each_dataset_has_the_specification_columns_and_codes():
    # Given a householder granted by an officer with two conditions (text and reason apart) and an obligation
    conditions = [
        {"title": "Time limit", "text": "Begin within three years.", "reason": "Section 91 of the 1990 Act."},
        {"title": "Materials", "text": "Materials to match.", "reason": "Visual amenity."},
    ]
    rows = rules.case_rows(
        CASE,
        conditions=conditions,
        heads_of_terms=["A contribution to street trees"],
        documents=[{"id": "doc-1", "file_name": "plans.pdf", "received_on": "2026-10-01"}],
        information_requests=[
            {"sent_at": "2026-10-02T09:00:00+00:00", "answered_at": "2026-10-03T12:00:00+00:00"},
            {"sent_at": "2026-10-03T09:00:00+00:00", "answered_at": None},
        ],
        register_url="https://x/public.html#southwark/26-00042-HAPP",
        notice_url="https://x/notice",
    )

    # Then each dataset has its rows under the specification's column names
    (application,) = rows["planning-application"]
    assert application["reference"] == "26-00042-HAPP"
    assert application["received-date"] == "2026-10-01"
    assert application["decision-date"] == "2026-11-20"
    assert application["organisation"] == "southwark"
    assert application["point"] == "POINT (-0.09 51.5)"
    (decision,) = rows["decision-notice"]
    assert decision["decision"] == "grant"
    assert decision["decision-maker"] == "planning-officer"
    assert decision["planning-officer-recommendation"] == "grant"
    assert decision["document-url"] == "https://x/notice"
    assert [(c["name"], c["description"], c["reason"]) for c in rows["planning-condition"]] == [
        ("Time limit", "Begin within three years.", "Section 91 of the 1990 Act."),
        ("Materials", "Materials to match.", "Visual amenity."),
    ]
    assert rows["section-106"][0]["description"] == "A contribution to street trees"
    assert rows["planning-application-document"][0]["public-register-status"] == "publish"
    events = [(r["permission-process-event"], r["event-date"]) for r in rows["planning-permission-timeline"]]
    assert events == [
        ("application-submitted", "2026-10-01"),
        ("additional-information-requested", "2026-10-02"),
        ("valid-from", "2026-10-02"),
        ("additional-information-received", "2026-10-03"),
        ("additional-information-requested", "2026-10-03"),
        ("validation-completed", "2026-10-05"),
        ("consultation-start", "2026-10-06"),
        ("consultation-end", "2026-10-27"),
        ("time-extension-agreed", "2026-11-01"),
    ]
    # and no one's name or contact details are in any row
    text = json.dumps(rows)
    for personal in ("Ada", "Alan", "example.com", "Officer One", "Reviewer Two"):
        assert personal not in text


def test_a_committee_refusal_against_the_officers_recommendation():
    case = {
        **CASE,
        "recommendation": {"decision": "granted"},
        "decision": {
            "decision": "refused",
            "determined_on": "2026-11-20",
            "made_by": "committee",
            "reasons": ["Harm"],
            "conditions": [],
        },
    }
    rows = rules.case_rows(case)
    (decision,) = rows["decision-notice"]
    assert (decision["decision"], decision["decision-maker"], decision["planning-officer-recommendation"]) == (
        "refuse",
        "committee",
        "grant",
    )
    assert rows["planning-condition"] == []  # a refusal imposes no conditions


def test_the_decision_codelist_has_grant_and_refuse_only():
    assert rules.decision_code("prior_approval_not_required") == "grant"
    assert rules.decision_code("prior_approval_refused") == "refuse"
    assert rules.decision_code(None) == ""


def test_csv_header_is_the_field_list_and_values_are_quoted_as_csv():
    rows = rules.case_rows({**CASE, "description": 'Extension, with "quotes"\nand a new line'})
    text = rules.to_csv("planning-application", rows["planning-application"])
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0]) == [f.field for f in rules.FIELDS["planning-application"]]
    assert parsed[0]["description"] == 'Extension, with "quotes"\nand a new line'


def test_the_field_list_names_the_licence_and_marks_unconfirmed_columns():
    listed = rules.field_list()
    assert listed["licence"] == "OGL-UK-3.0"
    unconfirmed = {f["field"] for f in listed["datasets"]["planning-application"] if not f["confirmed"]}
    assert {"uprn", "point", "decision-date"} <= unconfirmed
