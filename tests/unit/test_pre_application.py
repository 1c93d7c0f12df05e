"""Pre-application advice: the official ODP example is accepted, mutated ones are refused naming their fields,
the target date counts the council's working days, and the report states that advice does not bind."""

from __future__ import annotations

import copy
import json
from datetime import date
from importlib import resources

import pytest

from bops.domain import pre_application as rules
from bops.domain.errors import InvalidRequest, SubmissionInvalid
from bops.odp.pre_application import is_pre_application, schema_errors, validate_pre_application


def official_example() -> dict:
    text = resources.files("bops.odp").joinpath("schema", "examples", "preApp.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_the_official_odp_pre_application_example_is_accepted_and_read():
    # Given the ODP v0.7.7 pre-application example, unmodified
    payload = official_example()
    # When it is validated
    summary = validate_pre_application(payload)
    # Then it is read into what the case keeps
    assert is_pre_application(payload)
    assert summary.metadata_id == "1a768034-c07a-4cd5-92b6-fc4a1fd0abd4"
    assert summary.site_address == "75, MAIN STREET, AUCKLEY, DONCASTER, DN9 3HW"
    assert summary.uprn == "100050747612" and summary.postcode == "DN9 3HW"
    assert summary.applicant.name == "Ted Hughes" and summary.applicant.email == "ted@poetlaureates.org"
    assert summary.fee_payable == 498
    assert any(d["value"] == "road.classified" and d["intersects"] for d in summary.designations)


MUTATIONS = [
    ("data.applicant.email", lambda p: p["data"]["applicant"].__setitem__("email", "not an email")),
    ("data.proposal.description", lambda p: p["data"]["proposal"].pop("description")),
    ("metadata.id", lambda p: p["metadata"].__setitem__("id", "not-a-uuid")),
    ("data.property.address.uprn", lambda p: p["data"]["property"]["address"].__setitem__("uprn", 100050747612)),
    ("data.unexpected", lambda p: p["data"].__setitem__("unexpected", True)),
    ("files[0].type[0].value", lambda p: p["files"][0]["type"][0].__setitem__("value", "noSuchFileType")),
]


@pytest.mark.parametrize(("path", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_a_mutated_example_is_refused_naming_the_field(path, mutate):
    payload = copy.deepcopy(official_example())
    mutate(payload)
    with pytest.raises(SubmissionInvalid) as refused:
        validate_pre_application(payload)
    assert path in {f.path for f in refused.value.fields}


def test_a_submission_that_is_not_an_object_is_refused_at_the_root():
    with pytest.raises(SubmissionInvalid) as refused:
        validate_pre_application(["not", "an", "object"])
    assert [f.path for f in refused.value.fields] == ["$"]


def test_only_pre_applications_are_taken_for_one():
    # the schema named in metadata, or the application type PlanX sets, marks a pre-application
    assert is_pre_application({"metadata": {"schema": "https://example/@next/schemas/preApplication.json"}})
    assert is_pre_application({"data": {"application": {"type": {"value": "preApp"}}}})
    assert not is_pre_application({"data": {"application": {"type": {"value": "pp.full.householder"}}}})
    assert not is_pre_application([])
    assert schema_errors(official_example()) == []


def test_the_target_date_is_the_service_level_in_working_days():
    # Received Thursday 10 December 2026; 30 working days skip the weekends and the Christmas bank holidays
    # (25 December; Boxing Day's substitute Monday 28 December; 1 January 2027): Tuesday 26 January 2027.
    assert rules.target_date(date(2026, 12, 10), 30) == date(2027, 1, 26)
    # 5 working days from a Friday: the next Friday
    assert rules.target_date(date(2026, 11, 6), 5) == date(2026, 11, 13)


def test_fee_bands_are_data_and_each_id_is_used_once():
    defaults = rules.PreApplicationSettings()
    assert defaults.service_level_days == 30 and defaults.review_required is False
    assert {b.id for b in defaults.fee_bands} >= {"householder", "minor", "major"}
    band = {"id": "householder", "name": "Householder", "amount": 100}
    with pytest.raises(InvalidRequest) as refused:
        rules.PreApplicationSettings.model_validate({"fee_bands": [band, band]})
    assert [f.path for f in refused.value.fields] == ["fee_bands[1].id"]


def _document() -> rules.ReportDocument:
    return rules.ReportDocument(
        council_name="Demo Borough Council",
        reference="26-00001-PRE",
        site_address="75, MAIN STREET, AUCKLEY, DONCASTER, DN9 3HW",
        description="A rear conservatory",
        requester_name="Ted Hughes",
        received_on=date(2026, 12, 10),
        issued_on=date(2027, 1, 20),
        officer="jo.planner",
        reviewer="sam.reviewer",
        report=rules.AdviceReport(
            summary="Likely to be acceptable.\n\nKeep it single storey.",
            requirements=["Floor plans"],
            constraints=[rules.ConstraintLine(name="Classified road", description="Main Street", source="submission")],
            policies=[rules.PolicyLine(reference="NPPF 135", title="Design", plan="NPPF")],
        ),
    )


def test_the_report_states_that_advice_does_not_bind_the_council():
    # TCPA 1990 s.70(2) and PCPA 2004 s.38(6): the decision is taken on the application, not the advice
    html = rules.render_html(_document())
    assert "does not bind the council" in html and "section 38(6)" in html
    assert "Classified road - Main Street" in html and "NPPF 135 Design (NPPF)" in html
    assert "<script" not in html
    pdf = rules.render_pdf(_document(), compress=False)
    assert pdf.startswith(b"%PDF") and b"does not bind the council" in pdf
