"""The ODP file types' readable names: one data file, written from the bundled ODP schema, read by the API
(``type_names``) and by the front end's build (``js/file-types.js``)."""

from __future__ import annotations

import json
from pathlib import Path

from bops.domain import documents as rules
from bops.domain.file_types import FILE_TYPES_FILE, file_types, from_schema, readable_name, type_name

SCHEMA = Path(rules.__file__).parents[1] / "odp" / "schema" / "application.json"


def test_the_data_file_is_what_the_bundled_schema_gives():
    """After updating the schema, run scripts/file_types.py: this fails until the data file agrees."""
    written = json.loads(FILE_TYPES_FILE.read_text())["file_types"]
    assert written == from_schema(json.loads(SCHEMA.read_text()))
    assert set(file_types()) == rules.ODP_FILE_TYPES
    assert len(rules.ODP_FILE_TYPES) == 102


def test_drawings_are_named_as_officers_say_them():
    assert type_name("sections.proposed") == "Proposed sections"
    assert type_name("floorPlan.existing") == "Existing floor plan"
    assert type_name("sitePlan.proposed") == "Proposed site plan"
    assert type_name("locationPlan") == "Location plan"
    assert type_name("otherDrawing") == "Other drawing"
    assert type_name("designAndAccessStatement") == "Design and Access Statement"
    assert type_name("notAType") == "notAType"  # never an error for a code ODP does not know


def test_a_description_is_turned_round_only_for_a_state_of_the_drawing():
    assert readable_name("x.proposed", "BNG plan - proposed") == "Proposed BNG plan"
    assert readable_name("townCentreImpactAssessment", "Town centre uses - Impact assessment") == (
        "Town centre uses - Impact assessment"
    )
    assert readable_name("disabilityExemptionEvidence", "Evidence for application fee exemption - disability") == (
        "Evidence for application fee exemption - disability"
    )


def test_only_pdfs_and_images_are_viewed_in_the_browser():
    assert rules.viewable_as("application/pdf") == "application/pdf"
    assert rules.viewable_as("image/jpeg") == "image/jpeg"
    for other in ("text/html", "image/svg+xml", None, "application/octet-stream"):
        assert rules.viewable_as(other) is None
    assert rules.check_disposition(None) == "attachment"
    assert rules.check_disposition("inline") == "inline"


def test_a_drawing_number_is_one_trimmed_line():
    assert rules.check_drawing_number("  PL-02 rev A ") == "PL-02 rev A"
    for bad in ("PL-01\nPL-02", "x" * 101, "PL\u202e01"):
        try:
            rules.check_drawing_number(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")
