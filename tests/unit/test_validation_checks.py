"""Automated validation on arrival (``bops.domain.validation_checks``): the 13 ODP examples and mutations.

The expected outcomes below were worked out by hand from each example (files and their ODP types, fee,
ownership, red line, designations), for an application received on 27 November 2026 with the demo
council's local list. The fees are those from 1 April 2026: the 1 April 2025 table indexed by 3.8 %, each
amount rounded to the nearest £1 (Fees Regulations 2012, reg. 18A).
"""

from __future__ import annotations

import copy
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bops.domain.application_types import all_types
from bops.domain.validation_checks import (
    CHECK_TITLES,
    Check,
    DraftRequest,
    LocalList,
    ValidationReport,
    boundary_polygons,
    demo_local_list,
    national_requirements,
    polygons_area_m2,
    proposed_dwellings,
    proposed_structures,
    run_checks,
)
from bops.odp import Submission, validate_submission

REPO = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO / "local" / "demo_data" / "odp"
RECEIVED = date(2026, 11, 27)
CHECK_IDS = ("schema", "required_documents", "fee", "ownership_certificate", "red_line_boundary")

P, F, W, NA = "passed", "failed", "warning", "not_applicable"

# example: (schema, required_documents, fee, ownership_certificate, red_line_boundary)
EXPECTED: dict[str, tuple[str, str, str, str, str]] = {
    # Location plan = the drawn red line; no national document list beyond it. £50 x 4 structures = £200 paid.
    "landDrainageConsent": (P, P, P, NA, P),
    # Evidence: otherEvidence, constructionInvoice. A studio in the garden is category 7(a): £272 due
    # from 1 April 2026 (£262 x 1.038 = £271.96, reg. 18A), £258 paid.
    "lawfulDevelopmentCertificate/existing": (P, P, F, NA, P),
    # Drawings of the proposal given. Disability exemption claimed: nothing due, nothing paid.
    "lawfulDevelopmentCertificate/proposed": (P, P, P, NA, P),
    # Drawings and heritage statement given; no fee. Sole owner giving certificate B (agricultural
    # tenants do not count for listed building consent), and notice served on 1 April 2024, 29 days
    # before the application was made on 30 April 2024.
    "listedBuildingConsent": (P, P, P, F, P),
    # All six national documents; £258 paid, £548 due (£528 x 1.038 = £548.06, reg. 18A).
    "planningPermission/fullHouseholder": (P, P, F, P, P),
    # As above, plus the local list's heritage statement for a conservation area (given).
    "planningPermission/fullHouseholderInConservationArea": (P, P, F, P, P),
    # Files typed only as necessary/relevant information: site plan, floor plans, elevations, design and
    # access statement and the local list's planning statement and statement of community involvement
    # missing. 25 dwellings at £659 (£635 x 1.038 = £659.13, reg. 18A) = £16,475 due, £2,535 paid.
    # Certificate B with notice served on 1 January 2024, six months before the application. 6.19 ha is
    # plausible for major development.
    "planningPermission/major": (P, F, F, F, P),
    # Change of use only (no elevations needed) but no site plan or floor plans. 1 dwelling at £610
    # (£588 x 1.038 = £610.34, reg. 18A), £578 paid. Certificate A, sole owner.
    "planningPermission/minor": (P, F, F, P, P),
    # Site plan, floor plans, elevations given. Free go claimed after 6 December 2023: the officer must
    # confirm the earlier application (£4,760 otherwise: 10 x £476, reg. 18A).
    "priorApproval/buildHomes": (P, P, W, NA, P),
    # Use plan serves as the floor plans, but no elevations (GPDO Pt 3, para. W(2)(ba)). 1 dwelling at
    # £260 (£250 x 1.038 = £259.50, rounded up, reg. 18A), £258 paid: underpaid by £2.
    "priorApproval/convertCommercialToHome": (P, F, F, NA, P),
    # Site plan and elevations given. £249 due (£240 x 1.038 = £249.12, reg. 18A), £120 paid.
    "priorApproval/extendUniversity": (P, P, F, NA, P),
    # Site plan given; disability exemption. The red line is drawn in Peckham, 14.2 km from the site
    # address in Purley.
    "priorApproval/largerExtension": (P, P, P, NA, F),
    # Site plan given. £249 due, £120 paid.
    "priorApproval/solarPanels": (P, P, F, NA, P),
}

# example: (fee due, fee paid) in pence, received 27 November 2026
FEES: dict[str, tuple[int, int]] = {
    "landDrainageConsent": (20000, 20000),
    "lawfulDevelopmentCertificate/existing": (27200, 25800),
    "lawfulDevelopmentCertificate/proposed": (0, 0),
    "listedBuildingConsent": (0, 0),
    "planningPermission/fullHouseholder": (54800, 25800),
    "planningPermission/fullHouseholderInConservationArea": (54800, 25800),
    "planningPermission/major": (1647500, 253500),
    "planningPermission/minor": (61000, 57800),
    "priorApproval/buildHomes": (0, 0),
    "priorApproval/convertCommercialToHome": (26000, 25800),
    "priorApproval/extendUniversity": (24900, 12000),
    "priorApproval/largerExtension": (0, 0),
    "priorApproval/solarPanels": (24900, 12000),
}

MISSING_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "planningPermission/major": (
        "sitePlan.proposed",
        "floorPlan.proposed",
        "elevations.proposed",
        "designAndAccessStatement",
        "planningStatement",
        "statementOfCommunityInvolvement",
    ),
    "planningPermission/minor": ("sitePlan.proposed", "floorPlan.proposed"),
    "priorApproval/convertCommercialToHome": ("elevations.proposed",),
}


@cache
def _example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def example(name: str) -> dict[str, Any]:
    """A fresh copy of an example, to mutate."""
    return copy.deepcopy(_example(name))


def submission(payload: dict[str, Any]) -> Submission:
    """The payload as a ``Submission``, through the same validation as on arrival (mutations stay valid)."""
    return validate_submission(payload)


def report(payload: dict[str, Any], *, received_on: date = RECEIVED, **kwargs: Any) -> ValidationReport:
    kwargs.setdefault("local_list", demo_local_list())
    return run_checks(submission(payload), received_on=received_on, **kwargs)


def test_every_example_has_an_expected_row():
    found = {path.relative_to(EXAMPLES_DIR).with_suffix("").as_posix() for path in EXAMPLES_DIR.rglob("*.json")}
    assert found == set(EXPECTED) == set(FEES)


# --- the 13 examples -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_outcomes(name):
    result = report(example(name))
    assert tuple(check.id for check in result.checks) == CHECK_IDS
    assert tuple(check.outcome for check in result.checks) == EXPECTED[name], result.outcomes()
    assert result.passed == (F not in EXPECTED[name])
    assert [check.id for check in result.failed_checks] == [
        check_id for check_id, outcome in zip(CHECK_IDS, EXPECTED[name], strict=True) if outcome == F
    ]
    for check in result.checks:
        assert check.title == CHECK_TITLES[check.id]
        assert check.evidence
        # a failed check always drafts its request; nothing else does
        assert (check.draft_request is not None) == (check.outcome == F)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_fee_evidence(name):
    due, paid = FEES[name]
    fee = report(example(name)).check("fee")
    assert f"fee due £{due / 100:,.2f}" in fee.evidence
    if fee.outcome == F:
        assert fee.draft_request.type == "fee_change"
        assert fee.draft_request.amount_pence == due - paid
        assert f"Underpaid by £{(due - paid) / 100:,.2f}" in fee.evidence


@pytest.mark.parametrize("name", sorted(MISSING_DOCUMENTS))
def test_example_missing_documents(name):
    check = report(example(name)).check("required_documents")
    assert check.outcome == F
    assert check.draft_request.type == "additional_document"
    assert check.draft_request.document_types == MISSING_DOCUMENTS[name]
    # the files typed only as "necessary/relevant information" are pointed out to the officer
    assert ("only a general type" in check.evidence) == name.startswith("planningPermission/")


def test_full_householder_fee_evidence_reads_as_an_officer_would_write_it():
    """Fees Regulations 2012, reg. 18A: £528 x 1.038 = £548 from 1 April 2026."""
    fee = report(example("planningPermission/fullHouseholder")).check("fee")
    assert fee.evidence.startswith(
        "Fee paid £258.00 (GOV.UK Pay reference sandbox-ref-456); "
        "fee due £548.00 (householder, one dwelling, from 1 April 2026)."
    )
    assert fee.draft_request.summary == "Pay the outstanding fee of £290.00"
    assert "£548.00" in fee.draft_request.detail


def test_received_before_april_2026_the_2025_fee_applies():
    """Fees Regulations 2012, reg. 18A: the index applies to applications made on or after 1 April 2026."""
    result = report(example("planningPermission/fullHouseholder"), received_on=date(2026, 3, 31))
    assert "fee due £528.00 (householder, one dwelling, from 1 April 2025)" in result.check("fee").evidence


def test_received_before_april_2025_the_old_fee_applies():
    result = report(example("planningPermission/fullHouseholder"), received_on=date(2024, 6, 1))
    assert result.check("fee").outcome == P
    assert "fee due £258.00 (householder, one dwelling, from 6 December 2023)" in result.check("fee").evidence


def test_larger_extension_red_line_far_from_the_address():
    check = report(example("priorApproval/largerExtension")).check("red_line_boundary")
    assert "14.2 km outside the red line boundary" in check.evidence
    assert check.draft_request.type == "red_line_boundary_change"
    assert "32 ST JAMES ROAD" in check.draft_request.detail


def test_major_ownership_notice_too_early():
    check = report(example("planningPermission/major")).check("ownership_certificate")
    assert "served on 1 January 2024, more than 21 days before the application was made on 3 July 2024" in (
        check.evidence
    )
    assert check.draft_request.type == "ownership_certificate"


def test_report_serialises_with_passed():
    dumped = report(example("planningPermission/fullHouseholder")).model_dump(mode="json")
    assert dumped["passed"] is False
    assert dumped["received_on"] == "2026-11-27"
    assert dumped["checks"][2]["draft_request"]["amount_pence"] == 29000  # £548 - £258


# --- required documents: mutations ---------------------------------------------------------------------

LOCATION_PLAN = {
    "name": "https://example.org/files/location%20plan.pdf",
    "type": [{"value": "locationPlan", "description": "Location plan"}],
}


def householder_with_location_plan_and_no_boundary() -> dict[str, Any]:
    payload = example("planningPermission/fullHouseholder")
    payload["files"].append(copy.deepcopy(LOCATION_PLAN))
    del payload["data"]["proposal"]["boundary"]
    return payload


def test_uploaded_location_plan_counts_when_no_boundary_was_drawn():
    result = report(householder_with_location_plan_and_no_boundary())
    documents = result.check("required_documents")
    assert documents.outcome == P
    assert "Location plan: location plan.pdf" in documents.evidence
    assert result.check("red_line_boundary").outcome == W  # the red line is on the uploaded plan


def test_missing_location_plan_drafts_an_additional_document_request():
    payload = householder_with_location_plan_and_no_boundary()
    payload["files"] = [f for f in payload["files"] if f["type"][0]["value"] != "locationPlan"]
    result = report(payload)
    documents = result.check("required_documents")
    assert documents.outcome == F
    assert "Missing: Location plan." in documents.evidence
    draft = documents.draft_request
    assert draft.type == "additional_document"
    assert draft.document_types == ("locationPlan",)
    assert "location plan" in draft.summary
    assert "site edged in red" in draft.detail
    assert result.check("red_line_boundary").outcome == F


def test_documents_uploaded_later_count():
    payload = example("planningPermission/minor")
    result = report(payload, uploaded_file_types=["sitePlan.proposed", "usePlan.proposed"])
    check = result.check("required_documents")
    assert check.outcome == P
    assert "Floor plans - proposed: an uploaded document (use plan - proposed)" in check.evidence


def test_removing_a_drawing_type_from_a_combined_drawing():
    payload = example("planningPermission/fullHouseholder")
    for file in payload["files"]:
        file["type"] = [t for t in file["type"] if t["value"] != "elevations.existing"]
    check = report(payload).check("required_documents")
    assert check.outcome == F
    assert check.draft_request.document_types == ("elevations.existing",)


def test_change_of_use_with_building_works_needs_elevations():
    payload = example("planningPermission/minor")
    payload["data"]["proposal"]["projectType"].append(
        {"value": "extend.rear", "description": "Add a rear or side extension (or conservatory)"}
    )
    check = report(payload, uploaded_file_types=["sitePlan.proposed", "floorPlan.proposed"]).check("required_documents")
    assert check.outcome == F
    assert check.draft_request.document_types == ("elevations.proposed",)


def test_conservation_area_needs_a_heritage_statement_on_the_local_list():
    payload = example("planningPermission/fullHouseholderInConservationArea")
    payload["files"] = [f for f in payload["files"] if f["type"][0]["value"] != "heritageStatement"]
    check = report(payload).check("required_documents")
    assert check.outcome == F
    assert check.draft_request.document_types == ("heritageStatement",)
    assert "the site is in a conservation area" in check.draft_request.detail
    # without a local list, nothing more than the national list is asked for
    assert report(payload, local_list=LocalList.empty()).check("required_documents").outcome == P


def test_unknown_type_without_national_list_is_a_warning():
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["application"]["type"] = {
        "value": "pp.outline.minor.all",
        "description": (
            "Outline Planning Permission - Consent for the principle of a project witholding all details (minor)"
        ),
    }
    result = report(payload)
    assert result.check("required_documents").outcome == W
    # an outline is charged on the red line's site area (Fees Regulations 2012, Sch. 1, Pt 2): 0.0126 ha is
    # one 0.1 ha unit, £610 (£588 x 1.038, reg. 18A), and £258 was paid
    fee = result.check("fee")
    assert fee.outcome == F and fee.draft_request.amount_pence == 61000 - 25800
    assert result.check("ownership_certificate").outcome == W


def test_every_type_the_council_handles_has_a_national_list():
    for app_type in all_types():
        assert national_requirements(app_type.code), app_type.code


# --- fee: mutations ------------------------------------------------------------------------------------


def test_wrong_fee_drafts_a_fee_change_for_the_difference():
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["application"]["fee"]["payable"] = 100
    fee = report(payload).check("fee")
    assert fee.outcome == F
    assert fee.draft_request.amount_pence == 54800 - 10000
    assert fee.draft_request.summary == "Pay the outstanding fee of £448.00"


def test_overpaid_fee_is_a_warning():
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["application"]["fee"]["payable"] = 600
    fee = report(payload).check("fee")
    assert fee.outcome == W
    assert "Overpaid by £52.00" in fee.evidence


def test_exact_fee_passes():
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["application"]["fee"]["payable"] = 548  # from 1 April 2026 (reg. 18A)
    assert report(payload).check("fee").outcome == P


def test_parish_council_reduction_claimed_in_the_submission():
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["application"]["fee"]["reduction"]["parishCouncil"] = True
    payload["data"]["application"]["fee"]["payable"] = 274  # half of £548 (reg. 18A)
    fee = report(payload).check("fee")
    assert fee.outcome == P
    assert "fee due £274.00" in fee.evidence


def test_fee_not_applicable_when_a_fee_is_due():
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["application"]["fee"] = {"notApplicable": True}
    fee = report(payload).check("fee")
    assert fee.outcome == F
    assert fee.evidence.startswith("The submission says no fee applies; fee due £548.00")
    assert fee.draft_request.amount_pence == 54800


# --- ownership certificate: mutations ------------------------------------------------------------------

OWNER_ADDRESS = {"line1": "1 High Street", "town": "Reading", "postcode": "RG1 1AA"}


def with_ownership(ownership: dict[str, Any]) -> dict[str, Any]:
    payload = example("planningPermission/fullHouseholder")  # made on 2 October 2023
    payload["data"]["applicant"]["ownership"] = ownership
    return payload


def test_certificate_b_without_notice_details_fails():
    check = report(
        with_ownership(
            {"interest": "owner.co", "certificate": "b", "ownersKnown": "all", "declaration": {"accurate": True}}
        )
    ).check("ownership_certificate")
    assert check.outcome == F
    assert "none are named" in check.evidence
    assert check.draft_request.type == "ownership_certificate"
    assert "none are named" in check.draft_request.detail


def test_certificate_b_with_notice_served_in_time_passes():
    owner = {"name": "Jo Bloggs", "address": OWNER_ADDRESS, "noticeDate": "2023-09-20"}
    check = report(
        with_ownership(
            {"interest": "owner.co", "certificate": "b", "ownersKnown": "all", "noticeGiven": True, "owners": [owner]}
        )
    ).check("ownership_certificate")
    assert check.outcome == P, check.evidence
    assert "Owners named: 1" in check.evidence


@pytest.mark.parametrize(
    ("notice_date", "expected"),
    [
        ("2023-09-11", P),  # 21 days before 2 October 2023
        ("2023-09-10", F),  # 22 days before
        ("2023-10-02", P),  # the day of the application
        ("2023-10-03", F),  # after it
    ],
)
def test_notice_must_be_served_within_21_days_before_the_application(notice_date, expected):
    owner = {"name": "Jo Bloggs", "address": OWNER_ADDRESS, "noticeDate": notice_date}
    payload = with_ownership({"interest": "owner.co", "certificate": "b", "owners": [owner]})
    assert report(payload).check("ownership_certificate").outcome == expected


def test_owner_not_given_notice_fails():
    owner = {
        "name": "Jo Bloggs",
        "address": OWNER_ADDRESS,
        "interest": "owner",
        "noticeGiven": False,
        "noNoticeReason": "Lives abroad",
    }
    check = report(with_ownership({"interest": "owner.co", "certificate": "b", "owners": [owner]})).check(
        "ownership_certificate"
    )
    assert check.outcome == F
    assert "Notice was not given to Jo Bloggs (reason given: Lives abroad)" in check.evidence


def test_notice_given_without_a_date_is_a_warning():
    owner = {"name": "Jo Bloggs", "address": OWNER_ADDRESS, "interest": "owner", "noticeGiven": True}
    check = report(with_ownership({"interest": "owner.co", "certificate": "b", "owners": [owner]})).check(
        "ownership_certificate"
    )
    assert check.outcome == W
    assert "date is not recorded" in check.evidence


@pytest.mark.parametrize(
    ("ownership", "message"),
    [
        ({"interest": "other", "certificate": "a"}, "their interest is other (not an owner)"),
        ({"interest": "owner.co", "certificate": "a"}, "the applicant is a joint owner"),
        ({"interest": "owner.sole", "certificate": "a", "agriculturalTenants": True}, "agricultural tenants"),
        ({"interest": "owner.sole", "certificate": "b", "owners": []}, "certificate A applies"),
        ({"interest": "other", "certificate": "b", "ownersKnown": "some"}, "certificate C applies"),
        ({"interest": "lessee", "certificate": "d", "ownersKnown": "none"}, "published in a newspaper"),
        ({"interest": "owner.sole"}, "No ownership certificate was completed."),
    ],
)
def test_certificate_inconsistent_with_the_interest_fails(ownership, message):
    check = report(with_ownership(ownership)).check("ownership_certificate")
    assert check.outcome == F
    assert message in check.evidence
    assert check.draft_request.type == "ownership_certificate"


def test_no_ownership_at_all_fails_where_a_certificate_is_needed():
    payload = example("planningPermission/fullHouseholder")
    del payload["data"]["applicant"]["ownership"]
    check = report(payload).check("ownership_certificate")
    assert check.outcome == F
    assert check.evidence == "No ownership certificate was completed."


def test_certificate_c_with_known_owners_and_a_newspaper_notice_passes():
    owner = {"name": "Jo Bloggs", "address": OWNER_ADDRESS, "noticeDate": "2023-09-20"}
    ownership = {
        "interest": "lessee",
        "certificate": "c",
        "ownersKnown": "some",
        "noticeGiven": True,
        "owners": [owner],
        "noticePublished": {"status": True, "date": "2023-09-25", "newspaperName": "Reading Chronicle"},
    }
    assert report(with_ownership(ownership)).check("ownership_certificate").outcome == P


def test_certificate_d_with_an_old_newspaper_notice_fails():
    ownership = {
        "interest": "occupier",
        "certificate": "d",
        "ownersKnown": "none",
        "noticePublished": {"status": True, "date": "2023-01-05", "newspaperName": "Reading Chronicle"},
    }
    check = report(with_ownership(ownership)).check("ownership_certificate")
    assert check.outcome == F
    assert "The newspaper notice was served on 5 January 2023" in check.evidence


def test_lessee_giving_certificate_a_is_a_warning():
    check = report(with_ownership({"interest": "lessee", "certificate": "a"})).check("ownership_certificate")
    assert check.outcome == W
    assert "7 years" in check.evidence


def test_prior_approval_needs_no_certificate_even_when_one_is_given():
    payload = example("priorApproval/solarPanels")
    payload["data"]["applicant"]["ownership"] = {"interest": "owner.sole", "certificate": "a"}
    check = report(payload).check("ownership_certificate")
    assert check.outcome == NA
    assert "gave certificate A all the same" in check.evidence


# --- red line boundary: mutations ----------------------------------------------------------------------


def householder_boundary(geometry: Any) -> dict[str, Any]:
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["proposal"]["boundary"]["site"] = geometry
    return payload


def householder_polygon() -> dict[str, Any]:
    return copy.deepcopy(_example("planningPermission/fullHouseholder")["data"]["proposal"]["boundary"]["site"])


def test_no_boundary_fails():
    payload = example("planningPermission/fullHouseholder")
    del payload["data"]["proposal"]["boundary"]
    check = report(payload).check("red_line_boundary")
    assert check.outcome == F
    assert check.evidence == "No red line boundary was drawn and no location plan was provided."
    assert check.draft_request.type == "red_line_boundary_change"


def test_bare_geometry_and_feature_collection_are_read():
    feature = householder_polygon()
    for geometry in (feature["geometry"], {"type": "FeatureCollection", "features": [feature]}):
        check = report(householder_boundary(geometry)).check("red_line_boundary")
        assert check.outcome == P, check.evidence
        assert "126 m²" in check.evidence


def _ring(feature: dict[str, Any]) -> list[list[float]]:
    return feature["geometry"]["coordinates"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: _ring(f).pop(), "a ring is not closed"),
        (lambda f: f["geometry"]["coordinates"].__setitem__(0, _ring(f)[:2] + _ring(f)[:1]), "fewer than 4 positions"),
        (
            lambda f: [p.__setitem__(0, p[0] + 20) for p in _ring(f)],
            "not a longitude and latitude in the United Kingdom",
        ),
        (
            lambda f: f.__setitem__("geometry", {"type": "LineString", "coordinates": [[0, 51], [0.1, 51.1]]}),
            "it is a LineString, not a Polygon or MultiPolygon",
        ),
    ],
)
def test_unreadable_boundary_fails(change, message):
    feature = householder_polygon()
    change(feature)
    check = report(householder_boundary(feature)).check("red_line_boundary")
    assert check.outcome == F
    assert message in check.evidence
    assert check.draft_request.type == "red_line_boundary_change"


def test_boundary_with_no_area_fails():
    feature = householder_polygon()
    point = _ring(feature)[0]
    feature["geometry"]["coordinates"] = [[point, point, point, point]]
    check = report(householder_boundary(feature)).check("red_line_boundary")
    assert check.outcome == F
    assert "too small" in check.evidence


def square(lon: float, lat: float, size: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_implausibly_large_boundary_fails_but_major_development_may_be_larger():
    # about 1.5 km x 2.2 km = 330 ha around the householder site
    big = square(-0.13, 51.455, 0.02)
    check = report(householder_boundary(big)).check("red_line_boundary")
    assert check.outcome == F
    assert "larger than 100.00 ha" in check.evidence
    major = example("planningPermission/major")
    site = major["data"]["property"]["address"]
    large = square(site["longitude"] - 0.01, site["latitude"] - 0.01, 0.02)
    major["data"]["proposal"]["boundary"] = {
        "site": large,
        "area": {"squareMetres": round(polygons_area_m2(boundary_polygons(large)), 2)},
    }
    assert report(major).check("red_line_boundary").outcome == P


def test_stated_area_far_from_the_drawn_area_is_a_warning():
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["proposal"]["boundary"]["area"]["squareMetres"] = 400
    check = report(payload).check("red_line_boundary")
    assert check.outcome == W
    assert "differs from the area drawn" in check.evidence


def test_address_just_outside_the_boundary_is_a_warning():
    payload = example("planningPermission/fullHouseholder")
    payload["data"]["property"]["address"]["latitude"] += 0.0003  # about 33 m north
    check = report(payload).check("red_line_boundary")
    assert check.outcome == W
    assert "outside the red line boundary" in check.evidence


def test_area_matches_what_planx_measured():
    for name in EXPECTED:
        boundary = _example(name)["data"]["proposal"]["boundary"]
        area = polygons_area_m2(boundary_polygons(boundary["site"]))
        assert area == pytest.approx(boundary["area"]["squareMetres"], rel=0.01), name


# --- reading the proposal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "dwellings"),
    [
        ("planningPermission/major", 25),
        ("planningPermission/minor", 1),
        ("priorApproval/buildHomes", 10),
        ("priorApproval/convertCommercialToHome", 1),
        ("planningPermission/fullHouseholder", None),
    ],
)
def test_proposed_dwellings(name, dwellings):
    assert proposed_dwellings(submission(example(name))) == dwellings


def test_proposed_dwellings_from_the_residential_lists():
    parsed = submission(example("planningPermission/major"))
    extra = parsed.data.proposal.model_extra
    extra["units"] = {"residential": extra["units"]["residential"]}  # no total: sum identicalUnits
    assert proposed_dwellings(parsed) == 25
    extra["units"] = {  # the London form: new and rebuilt homes count, removed and retained do not
        "residential": {
            "new": [{"identicalUnits": 2}],
            "rebuilt": [{"identicalUnits": 1}],
            "removed": [{"identicalUnits": 5}],
        }
    }
    assert proposed_dwellings(parsed) == 3
    extra["units"] = {"residential": "unexpected"}
    assert proposed_dwellings(parsed) is None


def test_proposed_structures():
    assert proposed_structures(submission(example("landDrainageConsent"))) == 4
    assert proposed_structures(submission(example("planningPermission/minor"))) is None


# --- the local list and the report models --------------------------------------------------------------


def test_demo_local_list_loads_once():
    assert demo_local_list() is demo_local_list()
    assert {rule.id for rule in demo_local_list().rules} >= {"heritage-conservation-area", "major-development"}


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"id": "x", "reason": "r", "require": ["notAFileType"]}, "not ODP file types: notAFileType"),
        (
            {"id": "x", "reason": "r", "require": ["heritageStatement"], "when": {"designation": "conservation"}},
            "not ODP planning designations: conservation",
        ),
        ({"id": "x", "reason": "r", "require": []}, "at least 1 item"),
        ({"id": "x", "reason": "r", "require": ["heritageStatement"], "when": {"colour": "red"}}, "colour"),
    ],
)
def test_local_list_rules_are_checked(rule, message):
    with pytest.raises(ValidationError, match=message):
        LocalList.model_validate({"council": "c", "name": "n", "rules": [rule]})


def test_local_list_rule_ids_are_unique():
    rule = {"id": "x", "reason": "r", "require": ["heritageStatement"]}
    with pytest.raises(ValidationError, match="unique"):
        LocalList.model_validate({"council": "c", "name": "n", "rules": [rule, rule]})


def test_local_list_rule_without_types_applies_to_every_type_and_prefixes_cover_narrower_codes():
    local = LocalList.model_validate(
        {
            "council": "c",
            "name": "Our list",
            "rules": [
                {
                    "id": "photos",
                    "reason": "we always want photos",
                    "require": [["photographs.existing", "photographs.proposed"]],
                },
                {
                    "id": "flood",
                    "reason": "flooding",
                    "when": {"designation": "flood"},
                    "require": ["floodRiskAssessment"],
                    "types": ["landDrainageConsent"],
                },
            ],
        }
    )
    check = report(example("landDrainageConsent"), local_list=local).check("required_documents")
    assert check.outcome == F
    assert check.draft_request.document_types == ("photographs.existing", "floodRiskAssessment")
    proposed = report(example("lawfulDevelopmentCertificate/existing"), local_list=local).check("required_documents")
    assert proposed.outcome == P  # photographs.proposed is among the files


def test_draft_request_fits_its_type():
    with pytest.raises(ValidationError):
        DraftRequest(type="additional_document", summary="s", detail="d")
    with pytest.raises(ValidationError):
        DraftRequest(type="fee_change", summary="s", detail="d")
    with pytest.raises(ValidationError):
        DraftRequest(type="fee_change", summary="s", detail="d", amount_pence=0)
    with pytest.raises(ValidationError):
        DraftRequest(type="additional_document", summary="s", detail="d", document_types=("plans",))
    with pytest.raises(ValidationError):
        DraftRequest(type="other_change", summary="s", detail="d", amount_pence=100)
    assert DraftRequest(type="other_change", summary="s", detail="d").document_types == ()


def test_only_failed_checks_draft_requests():
    draft = DraftRequest(type="other_change", summary="s", detail="d")
    with pytest.raises(ValidationError):
        Check(id="fee", title="t", outcome="warning", evidence="e", draft_request=draft)


def test_report_lookups():
    result = report(example("planningPermission/major"))
    assert [d.type for d in result.draft_requests] == ["additional_document", "fee_change", "ownership_certificate"]
    assert result.warnings == []
    with pytest.raises(KeyError):
        result.check("nonsense")  # type: ignore[arg-type]
