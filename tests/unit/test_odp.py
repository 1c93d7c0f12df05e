"""ODP v0.7.7 submission intake: the official examples, and agreement with the official schema.

The agreement tests mutate the official examples, and one synthetic document using the variants no example
uses (``all_variants``), deterministically (targeted cases plus a seeded sample, and every wrong JSON type
for every field the models read), and compare three verdicts on each mutated copy:
- the reference: stock jsonschema ``Draft7Validator`` on the official schema, with jsonschema's own checks
  for the formats the schema uses (uuid, date, date-time, email);
- ``Submission.model_validate`` alone (our hand-written models), for mutations of fields the models read;
- ``validate_submission`` (our fast validator, then the models), for every mutation, which must also name the
  mutated path or a path above it.

Stock jsonschema takes 50-400 ms per verdict on this schema, so the mutations start from a trimmed copy of
each example (see ``trimmed``) and the reference remembers ``anyOf`` verdicts for unchanged objects (see
``memoised_stock_validator``).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker
from pydantic import ValidationError

from bops.domain.errors import SubmissionInvalid
from bops.odp import (
    SCHEMA_VERSION,
    Submission,
    application_type_description,
    load_schema,
    schema_errors,
    validate_submission,
)
from bops.odp.models import DATE_TIME_PATTERN, FORMAT_CHECKS, code_list
from bops.odp.validate import MAX_FIELD_ERRORS, format_path

REPO = Path(__file__).resolve().parents[2]
# Both official files ship in the repository (a clone with nothing beside it runs these tests): the schema in
# the layer, the 13 application examples with the local run's demo data. Each is the unmodified official file,
# which the sha256 sums below pin.
BUNDLED = REPO / "layers" / "bops" / "python" / "bops" / "odp" / "schema"
EXAMPLES_DIR = REPO / "local" / "demo_data" / "odp"
EXAMPLES = sorted(EXAMPLES_DIR.rglob("*.json"))
SCHEMA_SHA256 = "a2da20f471ec171a59e74c528dbecb8953a4b0170a60d80f81c583b88d230d18"
# sha256 of each file of v0.7.7/examples/application/ in theopensystemslab/digital-planning-data-schemas
EXAMPLE_SHA256 = {
    "landDrainageConsent": "29730b677b10bfbe8b5a41f878b2fc4034aa03420008530f11f5b0021b08a0a0",
    "lawfulDevelopmentCertificate/existing": "ef5228f50cd0388578fd1f857b97cb294a411d0818f538930d51b09a80fd301f",
    "lawfulDevelopmentCertificate/proposed": "7a49ffbca361bd2d4ab86b76f93ca006de9d7bdd45dbe31209b34d2f039a4d04",
    "listedBuildingConsent": "414dd0bb370f182c0f971fc88ec54ae69eb0d2c29398d0e6fea672faf605739c",
    "planningPermission/fullHouseholder": "5bcbb19b66fd24bf72abf3c852ce3296de7dbb1f6ff0d5374a8814061964571e",
    "planningPermission/fullHouseholderInConservationArea": (
        "cd611339ffa8d2094902a6020474271baef52fcdb7befbbcc9ce20a5411e0989"
    ),
    "planningPermission/major": "b89f079d10216cfd285ca7a98aeca273b81ddea7d27e3b8308ea32899bd8fec4",
    "planningPermission/minor": "fad57599314a0aa63b39e198ae369bd1cbe834899a41bacd634775c7769b825b",
    "priorApproval/buildHomes": "e19608f23eea32cdadc67f7b3c8e5c41936898edb60965bf14ce6c941a339ee7",
    "priorApproval/convertCommercialToHome": "682e0270aaad977ddb3f8ce698aee59d89312ed0affcaf7f8e6936c4f62e9745",
    "priorApproval/extendUniversity": "ff087d9dbde7395b136037df2ea67ae519623c1ddab98c7f6b0288e2d2992a80",
    "priorApproval/largerExtension": "0367a70761e52811e003bb1c2b3e196e35339b17004673a7f0ec8667652462cd",
    "priorApproval/solarPanels": "b88b33b678f85ae3ad2891bd54cc33e6b465cd4718356b7f44161cd38e9a373a",
}


def example_id(path: Path) -> str:
    return path.relative_to(EXAMPLES_DIR).with_suffix("").as_posix()


@cache
def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _stock_formats() -> FormatChecker:
    return FormatChecker(formats=("date", "date-time", "email", "uuid"))


@cache
def stock_validator() -> Draft7Validator:
    """The reference: unmodified jsonschema, the schema's own draft, jsonschema's own format checks."""
    schema = load_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    return Draft7Validator(schema, format_checker=_stock_formats())


@cache
def memoised_stock_validator() -> Draft7Validator:
    """Stock jsonschema that remembers each ``anyOf`` verdict for an object it has already judged.

    A verdict depends only on the object and the subschema (the schema's ``$id``s are all fragments, so
    there is no resolution scope), and a mutated copy shares every object off the mutated path with its
    original, so those verdicts are reused: a mutation costs a few ms instead of stock's 50-400 ms. The
    keyword code that decides is still stock jsonschema's; ``test_the_memoised_reference_is_stock_jsonschema``
    compares the two.
    """
    from jsonschema.exceptions import ValidationError as SchemaError
    from jsonschema.validators import extend

    stock_any_of = Draft7Validator.VALIDATORS["anyOf"]
    verdicts: dict[tuple[int, int], tuple[object, bool]] = {}

    def any_of(validator, branches, instance, schema):
        if not isinstance(instance, dict | list):
            yield from stock_any_of(validator, branches, instance, schema)
            return
        key = (id(instance), id(branches))
        known = verdicts.get(key)
        if known is None or known[0] is not instance:  # the entry keeps the object alive: ids are not reused
            known = verdicts[key] = (
                instance,
                next(stock_any_of(validator, branches, instance, schema), None) is None,
            )
        if not known[1]:
            yield SchemaError("is not valid under any of the given schemas")

    return extend(Draft7Validator, {"anyOf": any_of})(load_schema(), format_checker=_stock_formats())


def models_accept(doc: object) -> bool:
    try:
        Submission.model_validate(doc)
    except ValidationError:
        return False
    return True


# --- the bundled schema ----------------------------------------------------------------------------------


def test_bundled_schema_is_the_unmodified_official_copy():
    # Given the schema and licence shipped in the layer
    bundled = (BUNDLED / "application.json").read_bytes()
    # Then the schema is byte-for-byte the official v0.7.7 file, under the MPL-2.0 text beside it
    assert hashlib.sha256(bundled).hexdigest() == SCHEMA_SHA256
    assert (BUNDLED / "LICENSE").read_text().startswith("Mozilla Public License Version 2.0")
    assert "Mozilla Public License" in (BUNDLED / "README.md").read_text()
    assert load_schema()["$id"] == f"v{SCHEMA_VERSION}"
    Draft7Validator.check_schema(load_schema())


def test_date_time_pattern_in_the_models_is_the_schemas():
    # The models copy the schema's DateTime pattern (so that importing them does not read the schema)
    assert load_schema()["definitions"]["DateTime"]["pattern"] == DATE_TIME_PATTERN


def test_importing_the_package_does_not_load_the_schema_or_jsonschema():
    import subprocess
    import sys

    code = (
        "import sys; import bops.odp, bops.odp.models as m; "
        "assert 'jsonschema' not in sys.modules, 'jsonschema imported'; "
        "assert 'boto3' not in sys.modules, 'boto3 imported'; "
        "assert m.load_schema.cache_info().currsize == 0, 'schema loaded'"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "layers" / "bops" / "python")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=REPO)


# --- the official examples -------------------------------------------------------------------------------


def test_all_thirteen_examples_are_found():
    assert len(EXAMPLES) == 13, f"expected the 13 ODP examples under {EXAMPLES_DIR}"


def test_bundled_examples_are_the_unmodified_official_copies():
    # Given the examples shipped with the local run's demo data
    found = {example_id(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in EXAMPLES}
    # Then each is byte-for-byte the official v0.7.7 example, with the same MPL-2.0 text as the schema
    assert found == EXAMPLE_SHA256
    assert (EXAMPLES_DIR / "LICENSE").read_bytes() == (BUNDLED / "LICENSE").read_bytes()
    assert "Mozilla Public License" in (EXAMPLES_DIR / "README.md").read_text()


# name -> (application type, site address, description starts with, postcode, uprn)
EXPECTED = {
    "landDrainageConsent": (
        "landDrainageConsent",
        "ROCHESTER CASTLE, CASTLE HILL, ROCHESTER, MEDWAY, ME1 1SW",
        "Upgrading of our drawbridge",
        "ME1 1SW",
        "000044026089",
    ),
    "lawfulDevelopmentCertificate/existing": (
        "ldc.existing",
        "GIPSY HOUSE, WHITEFIELD LANE, GREAT MISSENDEN, HP16 0BP",
        "Construction of a small outbuilding for use as a writing studio.",
        "HP16 0BP",
        "100081174436",
    ),
    "lawfulDevelopmentCertificate/proposed": (
        "ldc.proposed",
        "7, BLYTON CLOSE, BEACONSFIELD, HP9 2LX",
        "Rear extension of a home",
        "HP9 2LX",
        "100080482163",
    ),
    "listedBuildingConsent": (
        "listed",
        "50, DOWNSHIRE HILL, LONDON, CAMDEN, NW3 1PA",
        "Remove an internal wall and construct a puppet theatre",
        "NW3 1PA",
        "000005023627",
    ),
    "planningPermission/fullHouseholder": (
        "pp.full.householder",
        "40, STANSFIELD ROAD, LONDON, SW9 9RZ",
        "Roof extension to the rear of the property",
        "SW9 9RZ",
        "100021892955",
    ),
    "planningPermission/fullHouseholderInConservationArea": (
        "pp.full.householder",
        "140, WOODWARDE ROAD, LONDON, SOUTHWARK, SE22 8UR",
        "Single storey rear extension.",
        "SE22 8UR",
        "200003442431",
    ),
    "planningPermission/major": (
        "pp.full.major",
        "House McHouseface Housing",
        "The erection of 25 private dwellinghouses",
        None,
        None,
    ),
    "planningPermission/minor": (
        "pp.full.minor",
        "WHADDON JUBILEE HALL, STOCK LANE, WHADDON, BUCKINGHAMSHIRE, MK17 0LS",
        "Change of use from sui generis",
        "MK17 0LS",
        "000766301871",
    ),
    "priorApproval/buildHomes": (
        "pa.part20.classAB",
        "7, BLYTON CLOSE, BEACONSFIELD, BUCKINGHAMSHIRE, HP9 2LX",
        "The addition of homes as upper storeys",
        "HP9 2LX",
        "100080482163",
    ),
    "priorApproval/convertCommercialToHome": (
        "pa.part3.classMA",
        "87, HACKFORD ROAD, LONDON, LAMBETH, SW9 0RE",
        "Change of use from my sunflower and art supplies shop into a home.",
        "SW9 0RE",
        "100021847182",
    ),
    "priorApproval/extendUniversity": (
        "pa.part7.classM",
        "31, HIGHGATE WEST HILL, LONDON, CAMDEN, N6 6NP",
        "New extension to university building",
        "N6 6NP",
        "000005008312",
    ),
    "priorApproval/largerExtension": (
        "pa.part1.classA",
        "32 ST JAMES ROAD, PURLEY, CROYDON, CR8 2DL",
        "A 2 storey rear extension with a roof garden and built in pizza oven",
        "CR8 2DL",
        "100020623888",
    ),
    "priorApproval/solarPanels": (
        "pa.part14.classJ",
        "INTERNATIONAL SHAKESPEARE GLOBE CENTRE LTD, SHAKESPEARE GLOBE THEATRE, 21, NEW GLOBE WALK, LONDON, "
        "SOUTHWARK, SE1 9DT",
        "Not provided",
        "SE1 9DT",
        "200003377200",
    ),
}


@pytest.mark.parametrize("path", EXAMPLES, ids=example_id)
def test_every_official_example_is_accepted_and_summarised(path):
    name = example_id(path)
    doc = example(name)
    # Given an official example, which the official schema accepts
    assert stock_validator().is_valid(doc)
    # When it is validated
    submission = validate_submission(doc)
    summary = submission.summary()
    # Then its summary carries the type, description and site address
    app_type, site_address, description, postcode, uprn = EXPECTED[name]
    assert summary.application_type == app_type
    assert summary.application_type_description == application_type_description(app_type)
    assert summary.site_address == site_address
    assert summary.description.startswith(description)
    assert summary.postcode == postcode
    assert summary.uprn == uprn
    assert summary.metadata_id == doc["metadata"]["id"]
    assert summary.submitted_at.tzinfo is not None
    assert summary.files and all(f.name and f.types for f in summary.files)
    # And the summary round-trips through JSON (it is what the back office stores)
    assert type(summary).model_validate_json(summary.model_dump_json()) == summary


def test_full_householder_summary_in_detail():
    # Given the full householder example (submitted by a proxy, with an agent)
    summary = validate_submission(example("planningPermission/fullHouseholder")).summary()
    # Then
    assert summary.metadata_id == "81bcaa0f-baf5-4573-ba0a-ea868c573faf"
    assert summary.organisation == "LBH"
    assert summary.source == "PlanX"
    assert summary.submitted_at.isoformat() == "2023-10-02T00:00:00+00:00"
    assert summary.application_type == "pp.full.householder"
    assert summary.application_type_description == "Planning Permission - Full householder"
    assert summary.user_role == "proxy"
    assert summary.postcode == "SW9 9RZ"
    assert summary.uprn == "100021892955"
    assert (summary.easting, summary.northing) == (530787, 175754)
    assert (summary.latitude, summary.longitude) == (51.4656522, -0.1185926)
    assert summary.region == "London"
    assert summary.applicant.model_dump() == {
        "name": "David Bowie",
        "email": "ziggy@example.com",
        "phone": "Not provided by agent",
        "type": "individual",
        "company": None,
    }
    assert summary.agent is not None
    assert summary.agent.name == "Ziggy Stardust"
    assert summary.agent.email == "ziggy@example.com"
    assert summary.agent.phone == "01100 0110 0011"
    assert summary.agent.address == "40 Stansfield Road, Brixton, London, Greater London, SW9 9RZ, UK"
    assert (summary.fee_calculated, summary.fee_payable, summary.fee_reference) == (
        258,
        258,
        "sandbox-ref-456",
    )
    assert summary.fee_exemptions == {"disability": False, "resubmission": False}
    assert summary.fee_reductions == {"alternative": False, "parishCouncil": False, "sports": False}
    assert (summary.ownership_interest, summary.ownership_certificate) == ("owner.sole", "a")
    assert summary.boundary_area_m2 == 125.92
    assert summary.boundary_geojson is not None and summary.boundary_geojson["type"] == "Feature"
    assert summary.red_line_geojson is not None
    assert summary.designations_intersecting == []
    assert summary.project_types == ["extend.roof.dormer"]
    assert len(summary.files) == 4


def test_other_examples_spot_checks():
    # A proposed (non-UPRN) site address, an agent with a company, certificate B with owners given notice
    major = validate_submission(example("planningPermission/major")).summary()
    assert (major.uprn, major.postcode, major.site_address) == (None, None, "House McHouseface Housing")
    assert major.agent is not None and major.agent.company == "AGNC Agency"
    assert major.ownership_certificate == "b"
    assert major.designations_intersecting == ["greenBelt"]
    assert major.red_line_area_m2 == 61751.95 and major.boundary_area_m2 == 594820.2

    # A fee that does not apply; a company applicant
    listed = validate_submission(example("listedBuildingConsent")).summary()
    assert listed.fee_not_applicable and listed.fee_calculated is None and listed.fee_payable is None
    assert listed.fee_exemptions == {} and listed.fee_reductions == {}
    assert listed.applicant.type == "company"
    assert "listed.gradeTwo" in listed.designations_intersecting

    # A lower-case RFC 3339 date-time; an owner given notice
    existing = example("lawfulDevelopmentCertificate/existing")
    assert existing["metadata"]["submittedAt"] == "2023-10-02t00:00:00z"
    submission = validate_submission(existing)
    assert submission.summary().submitted_at.isoformat() == "2023-10-02T00:00:00+00:00"
    ownership = submission.data.applicant.ownership
    assert ownership is not None and ownership.owners is not None
    assert ownership.owners[0].name == "Matilda Wormwood"

    # No title boundary on the property: none in the summary
    minor = validate_submission(example("planningPermission/minor")).summary()
    assert minor.boundary_geojson is None and minor.boundary_area_m2 is None
    assert minor.designations_intersecting == ["road.classified"]

    # A fee with an exemption, nothing payable
    proposed = validate_submission(example("lawfulDevelopmentCertificate/proposed")).summary()
    assert (proposed.fee_calculated, proposed.fee_payable) == (129, 0)
    assert proposed.fee_exemptions == {"disability": True, "resubmission": True}


# --- plain rejections ------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [None, [], "submission", 42, True, [{"data": {}}]])
def test_a_payload_that_is_not_an_object_is_rejected(payload):
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission(payload)
    assert caught.value.fields and caught.value.fields[0].path == "$"
    assert "object" in caught.value.fields[0].message
    assert caught.value.as_dict()["error"]["code"] == "submission_invalid"


def test_a_payload_without_data_is_rejected_naming_data():
    doc = dict(example("planningPermission/fullHouseholder"))
    del doc["data"]
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission(doc)
    assert caught.value.message == "Submission does not conform to ODP schema v0.7.7"
    assert [(f.path, f.message) for f in caught.value.fields] == [("data", "is required")]


def test_an_empty_object_names_each_missing_top_level_property():
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission({})
    assert {f.path for f in caught.value.fields} == {"data", "responses", "files", "metadata"}


def test_an_unknown_application_type_is_rejected_naming_its_value():
    doc = with_value(
        example("planningPermission/fullHouseholder"), ("data", "application", "type", "value"), "pp.bogus"
    )
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission(doc)
    assert [f.path for f in caught.value.fields] == ["data.application.type.value"]
    assert "ApplicationType" in caught.value.fields[0].message
    assert not models_accept(doc)


def test_a_known_type_with_another_types_description_is_rejected_naming_the_type():
    doc = with_value(example("planningPermission/fullHouseholder"), ("data", "application", "type", "value"), "listed")
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission(doc)
    assert [f.path for f in caught.value.fields] == ["data.application.type"]
    assert "ApplicationType" in caught.value.fields[0].message


def test_a_bad_file_type_is_reported_with_list_indices():
    doc = with_value(example("planningPermission/fullHouseholder"), ("files", 2, "type", 0, "value"), "selfie")
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission(doc)
    assert [f.path for f in caught.value.fields] == ["files[2].type[0].value"]


def test_missing_name_of_an_agent_points_into_the_agent():
    doc = example("planningPermission/fullHouseholder")
    doc = with_value(doc, ("data", "applicant", "agent", "name"), {"last": "Stardust"})
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission(doc)
    assert [f.path for f in caught.value.fields] == ["data.applicant.agent.name.first"]


def test_field_errors_are_deduplicated_and_bounded():
    doc = example("planningPermission/major")
    files = [{"name": f"f{i}", "type": [{"value": "nope", "description": "nope"}]} for i in range(40)]
    doc = with_value(doc, ("files",), files)
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission(doc)
    paths = [f.path for f in caught.value.fields]
    assert len(paths) == MAX_FIELD_ERRORS == len(set(paths))
    assert paths[0] == "files[0].type[0].value"


def test_messages_do_not_repeat_submitted_values():
    secret = "very-private@example.com-but-wrong-type"
    doc = with_value(example("planningPermission/fullHouseholder"), ("data", "applicant", "phone", "primary"), [secret])
    with pytest.raises(SubmissionInvalid) as caught:
        validate_submission(doc)
    assert [f.path for f in caught.value.fields] == ["data.applicant.phone.primary"]
    assert secret not in json.dumps(caught.value.as_dict())


def test_format_path():
    assert format_path(()) == "$"
    assert format_path(("files", 2, "type", 0, "value")) == "files[2].type[0].value"
    assert format_path(("data", "applicant", "name", "first")) == "data.applicant.name.first"


def test_our_format_checks_agree_with_jsonschemas_where_both_check():
    # Given jsonschema's own checks for the formats the schema uses
    theirs = FormatChecker(formats=("date", "date-time", "email", "uuid"))
    samples = {
        "uuid": [
            "81bcaa0f-baf5-4573-ba0a-ea868c573faf",
            "81BCAA0F-BAF5-4573-BA0A-EA868C573FAF",
            "81bcaa0f",
            "81bcaa0fbaf54573ba0aea868c573faf",
            "",
            "zz-unknown",
            "81bcaa0f-baf5-4573-ba0a-ea868c573fa",
        ],
        "date": [
            "2024-04-01",
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-4-1",
            "",
            "2024-04-01T00:00:00Z",
        ],
        "date-time": [
            "2023-10-02t00:00:00z",
            "2024-07-11T08:28:22.493Z",
            "2023-10-02T00:00:00+01:00",
            "2024-02-30T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00+24:00",
            "",
        ],
        "email": ["ziggy@example.com", "ziggy", "", "@"],
    }
    for fmt, values in samples.items():
        for value in values:
            # Then ours reads each the same way
            assert FORMAT_CHECKS[fmt](value) == theirs.conforms(value, fmt), (fmt, value)
    # Known, deliberate difference: RFC 3339 allows a leap second, which jsonschema's checker refuses
    assert FORMAT_CHECKS["date-time"]("2016-12-31T23:59:60Z")


# --- mutations -------------------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]

# Paths the models read (list indices as [*]). "value": the models check the value as the schema does, so
# any mutation there must get the schema's verdict from the models alone. "presence": the models only
# require the property (its content is not read), so only deleting it is compared.
_ADDRESS = ["line1", "line2", "town", "county", "postcode", "country"]
_NAME = ["first", "last", "title"]


def _paths(prefix: str, names: list[str]) -> list[str]:
    return [f"{prefix}.{name}" for name in names]


VALUE_PATHS = {
    "data",
    "files",
    "metadata",
    "responses",
    "metadata.id",
    "metadata.organisation",
    "metadata.submittedAt",
    "metadata.schema",
    "metadata.source",
    "metadata.service",
    "metadata.service.flowId",
    "metadata.service.url",
    "metadata.service.files",
    *(
        f"metadata.service.files.{kind}{suffix}"
        for kind in ("required", "recommended", "optional")
        for suffix in ("", "[*]", "[*].value", "[*].description")
    ),
    "data.user",
    "data.user.role",
    "data.application",
    "data.application.type",
    "data.application.type.value",
    "data.application.type.description",
    "data.application.fee",
    *_paths(
        "data.application.fee",
        ["calculated", "payable", "exemption", "reduction", "reference", "notApplicable"],
    ),
    *_paths("data.application.fee.exemption", ["disability", "resubmission"]),
    *_paths("data.application.fee.reduction", ["alternative", "parishCouncil", "sports"]),
    *_paths("data.application.fee.reference", ["govPay", "metadata"]),
    # (any key of the GOV.UK Pay metadata; these are the keys the all-variants document uses)
    *_paths("data.application.fee.reference.metadata", ["source", "paid", "amount"]),
    "data.applicant",
    *_paths("data.applicant", ["type", "name", "email", "phone", "address", "company", "ownership", "agent"]),
    *_paths("data.applicant.name", _NAME),
    "data.applicant.phone.primary",
    "data.applicant.company.name",
    *_paths("data.applicant.address", ["sameAsSiteAddress", *_ADDRESS]),
    *_paths(
        "data.applicant.ownership",
        [
            "interest",
            "interestDescription",
            "certificate",
            "agriculturalTenants",
            "ownersKnown",
            "owners",
            "owners[*]",
            "noticeGiven",
            "noticePublished",
            "declaration",
            "declaration.accurate",
        ],
    ),
    *_paths("data.applicant.ownership.noticePublished", ["status", "date", "newspaperName"]),
    *_paths(
        "data.applicant.ownership.owners[*]",
        ["address", "interest", "name", "noticeGiven", "noNoticeReason", "noticeDate"],
    ),
    *_paths("data.applicant.ownership.owners[*].address", _ADDRESS),
    *_paths(
        "data.applicant.agent",
        ["name", "email", "phone", "address", "company", "phone.primary", "company.name"],
    ),
    *_paths("data.applicant.agent.name", _NAME),
    *_paths("data.applicant.agent.address", _ADDRESS),
    "data.property",
    *_paths(
        "data.property",
        [
            "address",
            "region",
            "localAuthorityDistrict",
            "localAuthorityDistrict[*]",
            "ward",
            "boundary",
            "planning",
        ],
    ),
    *_paths(
        "data.property.address",
        [
            "source",
            "singleLine",
            "title",
            "uprn",
            "usrn",
            "pao",
            "street",
            "town",
            "postcode",
            "x",
            "y",
            "latitude",
            "longitude",
            "organisation",
            "paoEnd",
            "sao",
            "saoEnd",
        ],
    ),
    *(
        f"data.{owner}.boundary{suffix}"
        for owner in ("property", "proposal")
        for suffix in ("", ".site", ".area", ".area.squareMetres", ".area.hectares")
    ),
    *_paths(
        "data.property.planning",
        [
            "sources",
            "sources[*]",
            "designations",
            "designations[*]",
            "designations[*].value",
            "designations[*].description",
            "designations[*].intersects",
            "designations[*].entities",
        ],
    ),
    "data.proposal",
    *_paths(
        "data.proposal",
        [
            "description",
            "boundary",
            "projectType",
            "projectType[*]",
            "projectType[*].value",
            "projectType[*].description",
        ],
    ),
    "files[*]",
    "files[*].name",
    "files[*].type",
    "files[*].type[*]",
    "files[*].type[*].value",
    "files[*].type[*].description",
    "files[*].description",
    "files[*].number",
}
PRESENCE_PATHS = {"data.application.declaration", "data.property.type", "metadata.service.fee"}

CODE_LISTS = {
    "data.application.type.value": "ApplicationType",
    "files[*].type[*].value": "FileType",
    "data.property.planning.designations[*].value": "PlanningDesignation",
    "data.proposal.projectType[*].value": "ProjectType",
    **{f"metadata.service.files.{kind}[*].value": "FileType" for kind in ("required", "recommended", "optional")},
}
WRONG_TYPES: list[Any] = [None, 7, 2.5, True, "text", [], {}]
UNKNOWN = "zz-unknown-value"
ADDED = "zzUnknownProperty"


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def pattern(path: Path_) -> str:
    return re.sub(r"\[\d+\]", "[*]", format_path(path))


@dataclass(frozen=True)
class Mutation:
    path: Path_
    kind: str
    value: Any = None

    @property
    def target(self) -> Path_:
        """The path the mutation changes (for an added property, the new property)."""
        return (*self.path, ADDED) if self.kind == "add_property" else self.path

    @property
    def models_read_it(self) -> bool:
        """Whether the hand-written models alone must give the schema's verdict on this mutation."""
        if self.kind == "add_property":
            return False  # extra properties are allowed by design; the schema check refuses them
        where = pattern(self.path)
        return where in VALUE_PATHS or (where in PRESENCE_PATHS and self.kind == "delete")

    def __str__(self) -> str:
        return f"{self.kind} {format_path(self.path)}" + ("" if self.kind == "delete" else f" -> {self.value!r}")


def with_value(doc: Any, path: Path_, value: Any, *, delete: bool = False) -> Any:
    """A copy of ``doc`` with ``path`` set to ``value`` (or deleted), sharing everything off the path."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy: Any = dict(doc) if isinstance(doc, dict) else list(doc)
    if not rest:
        if delete:
            del copy[head]
        else:
            copy[head] = value
    else:
        copy[head] = with_value(doc[head], rest, value, delete=delete)
    return copy


def apply(doc: dict[str, Any], mutation: Mutation) -> dict[str, Any]:
    if mutation.kind == "delete":
        return with_value(doc, mutation.path, None, delete=True)
    return with_value(doc, mutation.path, mutation.value)


def walk(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


_DATE_PREFIX = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def candidate_mutations(path: Path_, value: Any, rng: random.Random) -> list[Mutation]:
    """Every kind of mutation that applies to ``value`` at ``path``."""
    found: list[Mutation] = []
    if path and isinstance(path[-1], str):
        found.append(Mutation(path, "delete"))
    wrong = [candidate for candidate in WRONG_TYPES if json_type(candidate) != json_type(value)]
    if path:
        found.append(Mutation(path, "wrong_type", rng.choice(wrong)))
    if isinstance(value, dict):
        found.append(Mutation(path, "add_property", {**value, ADDED: 1}))
    elif isinstance(value, list) and value:
        found.append(Mutation(path, "empty_array", []))
    elif isinstance(value, bool):
        found.append(Mutation(path, "flip", not value))
    elif isinstance(value, int | float):
        found.append(Mutation(path, "negate", -value if value else -1))
    elif isinstance(value, str):
        found.append(Mutation(path, "empty_string", ""))
        found.append(Mutation(path, "unknown_string", UNKNOWN))
        found.append(Mutation(path, "long_string", value + "X" * 13))
        if _DATE_PREFIX.match(value):
            found.append(Mutation(path, "impossible_date", value[:4] + "-02-30" + value[10:]))
        if re.fullmatch(r"[0-9a-f-]{36}", value):
            found.append(Mutation(path, "upper_case", value.upper()))
        code_list_name = CODE_LISTS.get(pattern(path))
        if code_list_name:
            others = sorted(set(code_list(code_list_name)) - {value})
            found.append(Mutation(path, "other_code", rng.choice(others)))
    return found


# Mutations every base document gets where the path exists: the cases the brief names, and a few more.
TARGETED: list[tuple[Path_, str, Any]] = [
    (("metadata", "id"), "delete", None),
    (("metadata", "id"), "unknown_string", "not-a-uuid"),
    (("metadata", "organisation"), "at_max_length", "ABCD"),
    (("metadata", "organisation"), "over_max_length", "ABCDE"),
    (("metadata", "submittedAt"), "impossible_date", "2024-02-30T00:00:00Z"),
    (("metadata", "submittedAt"), "other_offset", "2024-02-29T23:59:59.5-05:30"),
    (("metadata", "source"), "unknown_string", "Any"),
    (("metadata", "source"), "other_code", "PlanX"),
    (("data", "application", "type", "value"), "unknown_string", "pp.full.bogus"),
    (("data", "application", "type"), "delete", None),
    (("data", "application", "fee", "payable"), "wrong_type", "258"),
    (("data", "application", "fee", "notApplicable"), "flip", False),
    (("data", "applicant", "name", "first"), "empty_string", ""),
    (("data", "applicant", "name", "last"), "delete", None),
    (("data", "applicant", "email"), "unknown_string", "not-an-email"),
    (("data", "applicant", "address", "sameAsSiteAddress"), "flip", None),
    (("data", "applicant", "ownership", "certificate"), "unknown_string", "e"),
    (("data", "applicant", "ownership", "interest"), "unknown_string", "squatter"),
    (("data", "applicant", "ownership", "owners", 0, "noticeDate"), "impossible_date", "2024-02-30"),
    (("data", "applicant", "ownership", "owners", 0, "noticeGiven"), "flip", None),
    (("data", "applicant", "ownership", "owners", 1, "noticeGiven"), "flip", None),
    (("data", "applicant", "ownership", "owners", 1, "noticeGiven"), "delete", None),
    (("data", "applicant", "agent"), "delete", None),
    (("data", "applicant", "agent", "email"), "delete", None),
    (("data", "applicant", "agent", "address", "postcode"), "wrong_type", 12345),
    (("data", "property", "address", "uprn"), "delete", None),
    (("data", "property", "address", "uprn"), "at_max_length", "123456789012"),
    (("data", "property", "address", "uprn"), "over_max_length", "1234567890123"),
    (("data", "property", "address", "usrn"), "at_max_length", "12345678"),
    (("data", "property", "address", "usrn"), "over_max_length", "123456789"),
    (("data", "property", "address", "source"), "unknown_string", "Proposed by applicant"),
    (("data", "property", "address", "source"), "other_code", "Ordnance Survey"),
    (("data", "property", "address", "x"), "wrong_type", "530787"),
    (("data", "property", "boundary", "site"), "wrong_type", "POLYGON((0 0))"),
    (("data", "property", "planning", "designations", 0, "intersects"), "flip", None),
    (("data", "property", "planning", "designations", 2, "intersects"), "flip", None),
    (("data", "proposal", "description"), "delete", None),
    (("data", "user", "role"), "unknown_string", "neighbour"),
    (("files", 0, "type", 0, "value"), "unknown_string", "selfie"),
    (("files", 0, "name"), "wrong_type", None),
    (("responses",), "wrong_type", {}),
]

# Per base document: the targeted mutations, then a seeded sample of the rest (fields the models read, other).
SAMPLE = (20, 5)


def _exists(doc: Any, path: Path_) -> bool:
    for part in path:
        if (
            isinstance(doc, dict)
            and isinstance(part, str)
            and part in doc
            or isinstance(doc, list)
            and isinstance(part, int)
            and part < len(doc)
        ):
            doc = doc[part]
        else:
            return False
    return True


def _get(doc: Any, path: Path_) -> Any:
    for part in path:
        doc = doc[part]
    return doc


SMALL_SITE = {
    "type": "Feature",
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[-0.1186, 51.4656], [-0.1185, 51.4656], [-0.1185, 51.4657], [-0.1186, 51.4656]]],
    },
    "properties": None,
}


@cache
def trimmed(name: str) -> dict[str, Any]:
    """The example made cheap for stock jsonschema, still valid, every kind of field still present.

    Long lists are cut to a few items, boundaries become a small polygon, and the property type becomes the
    first entry of its 604-entry code list (stock jsonschema tries the entries one by one).
    """
    doc = example(name)
    cuts: list[tuple[Path_, Any]] = [
        (("responses",), doc["responses"][:3]),
        (("files",), doc["files"][:2]),
        (("data", "proposal", "projectType"), doc["data"]["proposal"]["projectType"][:1]),
        (("data", "property", "type"), first_code("PropertyType")),
    ]
    designations = doc["data"]["property"].get("planning", {}).get("designations")
    if designations:
        intersecting = sorted(
            (d for d in designations if d["intersects"]), key=lambda d: len(d.get("entities", [])) != 1
        )
        keep = [d for d in designations if not d["intersects"]][:2] + intersecting[:1]
        cuts.append((("data", "property", "planning", "designations"), keep))
    for kind in ("required", "recommended", "optional"):
        path = ("metadata", "service", "files", kind)
        cuts.append((path, _get(doc, path)[:2]))
    for owner in ("property", "proposal"):
        if "boundary" in doc["data"][owner]:
            cuts.append((("data", owner, "boundary", "site"), SMALL_SITE))
    for path, value in cuts:
        doc = with_value(doc, path, value)
    return doc


def first_code(definition: str) -> dict[str, str]:
    branch = load_schema()["definitions"][definition]["anyOf"][0]["properties"]
    return {"value": branch["value"]["const"], "description": branch["description"]["const"]}


def _address(line1: str) -> dict[str, str]:
    return {
        "line1": line1,
        "line2": "Flat 2",
        "town": "London",
        "county": "Greater London",
        "postcode": "SW9 9RZ",
        "country": "UK",
    }


@cache
def all_variants() -> dict[str, Any]:
    """A document (from the full householder example) using the variants no official example uses.

    The applicant's own address, all three forms of owner notice, a published notice, an "Any" provider's
    metadata, GOV.UK Pay metadata on the fee, and every optional site address and file property.
    """
    doc = trimmed("planningPermission/fullHouseholder")
    metadata = {key: doc["metadata"][key] for key in ("id", "organisation", "schema", "submittedAt")}
    changes: list[tuple[Path_, Any]] = [
        (("metadata",), {**metadata, "source": "Any"}),
        (("data", "applicant", "address"), {"sameAsSiteAddress": False, **_address("1 Ziggy Street")}),
        (("data", "applicant", "company"), {"name": "Stardust Ltd"}),
        (("data", "applicant", "agent", "company"), {"name": "Spiders Ltd"}),
        (("data", "applicant", "agent", "name", "title"), "Mx"),
        (
            ("data", "applicant", "ownership"),
            {
                "interest": "owner.co",
                "interestDescription": "Joint owner",
                "certificate": "c",
                "agriculturalTenants": False,
                "ownersKnown": "some",
                "noticeGiven": True,
                "noticePublished": {"status": True, "date": "2024-01-02", "newspaperName": "The Gazette"},
                "owners": [
                    {
                        "name": "Ann Owner",
                        "interest": "owner",
                        "address": _address("2 Owner Road"),
                        "noticeGiven": True,
                    },
                    {
                        "name": "Bob Owner",
                        "interest": "tenant",
                        "address": _address("3 Owner Road"),
                        "noticeGiven": False,
                        "noNoticeReason": "Could not be found",
                    },
                    {"name": "Cat Owner", "address": _address("4 Owner Road"), "noticeDate": "2024-01-01"},
                ],
                "declaration": {"accurate": True},
            },
        ),
        (
            ("data", "application", "fee", "reference", "metadata"),
            {"source": "BOPS", "paid": True, "amount": 258},
        ),
        (("data", "property", "address", "organisation"), "STARDUST LTD"),
        (("data", "property", "address", "paoEnd"), "42"),
        (("data", "property", "address", "sao"), "FLAT 1"),
        (("data", "property", "address", "saoEnd"), "FLAT 3"),
        (("files", 0, "description"), "Front elevation"),
        (("files", 0, "number"), "DRW-001"),
    ]
    for path, value in changes:
        doc = with_value(doc, path, value)
    return doc


BASES = [example_id(path) for path in EXAMPLES] + ["synthetic/all-variants"]


def base(name: str) -> dict[str, Any]:
    return all_variants() if name == "synthetic/all-variants" else trimmed(name)


@cache
def mutations_of(name: str) -> tuple[Mutation, ...]:
    """The mutations of one base document: seeded, so the same on every run."""
    doc = base(name)
    rng = random.Random(f"odp-mutations-{name}")
    chosen: dict[tuple[Path_, str], Mutation] = {}
    for path, kind, value in TARGETED:
        if _exists(doc, path):
            chosen[(path, kind)] = Mutation(path, kind, (not _get(doc, path)) if kind == "flip" else value)
    pool = [m for path, value in walk(doc) for m in candidate_mutations(path, value, rng)]
    pool = [m for m in pool if (m.path, m.kind) not in chosen]
    rng.shuffle(pool)
    modelled, others = SAMPLE
    sample = [m for m in pool if m.models_read_it][:modelled] + [m for m in pool if not m.models_read_it][:others]
    return (*chosen.values(), *sample)


def test_the_base_documents_are_valid():
    for name in BASES:
        assert stock_validator().is_valid(base(name)), name
    submission = validate_submission(all_variants())
    assert submission.summary().source == "Any"
    assert submission.summary().applicant.company == "Stardust Ltd"


def test_there_are_several_hundred_mutations_mostly_of_fields_the_models_read():
    every = [m for name in BASES for m in mutations_of(name)]
    assert len(every) >= 700
    assert sum(m.models_read_it for m in every) >= 600
    assert {m.kind for m in every} >= {
        "delete",
        "wrong_type",
        "add_property",
        "flip",
        "negate",
        "empty_string",
        "unknown_string",
        "long_string",
        "impossible_date",
        "empty_array",
        "other_code",
        "upper_case",
        "at_max_length",
        "over_max_length",
    }


def test_the_memoised_reference_is_stock_jsonschema():
    # Given the first mutations of each base document
    for name in BASES:
        for mutation in mutations_of(name)[::20]:
            mutated = apply(base(name), mutation)
            # Then the memoised reference gives stock jsonschema's verdict
            assert memoised_stock_validator().is_valid(mutated) == stock_validator().is_valid(mutated), mutation


def _points_at(reported: set[str], mutation: Mutation) -> bool:
    above = {format_path(mutation.target[:depth]) for depth in range(1, len(mutation.target) + 1)}
    return bool(reported & above)


@pytest.mark.parametrize("name", BASES)
def test_mutations_get_the_official_schemas_verdict(name):
    doc = base(name)
    problems: list[str] = []
    verdicts = set()
    for mutation in mutations_of(name):
        # Given a mutated copy of an official example
        mutated = apply(doc, mutation)
        # When jsonschema judges it against the official schema
        official = memoised_stock_validator().is_valid(mutated)
        verdicts.add(official)
        # Then our models alone agree, for a field they read
        if mutation.models_read_it and models_accept(mutated) != official:
            problems.append(f"models {'reject' if official else 'accept'}: {mutation}")
        # And validate_submission agrees, naming the mutated path (or one above it) when it rejects
        try:
            validate_submission(mutated)
        except SubmissionInvalid as exc:
            if official:
                problems.append(f"validate_submission rejects a valid document: {mutation}: {exc.fields}")
            elif not _points_at({f.path for f in exc.fields}, mutation):
                problems.append(f"{[f.path for f in exc.fields]} do not point at {mutation}")
        else:
            if not official:
                problems.append(f"validate_submission accepts an invalid document: {mutation}")
    assert not problems, "\n".join(problems)
    assert verdicts == {True, False}  # the mutations are neither all harmless nor all fatal


def _first_occurrences() -> dict[str, tuple[str, Path_]]:
    """Each path pattern the models read, with the first base document and concrete path where it occurs."""
    found: dict[str, tuple[str, Path_]] = {}
    for name in reversed(BASES):  # the synthetic document first: it has the most variants
        for path, _ in walk(base(name)):
            where = pattern(path)
            if path and (where in VALUE_PATHS or where in PRESENCE_PATHS):
                found.setdefault(where, (name, path))
    return found


def test_every_field_the_models_read_gets_every_wrong_type_and_a_deletion():
    # Given each field the models read, where it first occurs in a base document
    occurrences = _first_occurrences()
    assert len(occurrences) >= 150
    problems = []
    checked = 0
    for where, (name, path) in occurrences.items():
        value = _get(base(name), path)
        mutations = [Mutation(path, "delete")] if isinstance(path[-1], str) else []
        if where in VALUE_PATHS:
            mutations += [Mutation(path, "wrong_type", v) for v in WRONG_TYPES if json_type(v) != json_type(value)]
        for mutation in mutations:
            # When it is deleted, or replaced by a value of each other JSON type
            mutated = apply(base(name), mutation)
            checked += 1
            # Then the models alone give the official schema's verdict
            official = memoised_stock_validator().is_valid(mutated)
            if models_accept(mutated) != official:
                problems.append(f"models {'reject' if official else 'accept'}: {mutation} (in {name})")
    assert not problems, "\n".join(problems)
    assert checked >= 900


def test_every_modelled_path_is_present_in_some_base_document():
    # So that the exhaustive test above leaves none out
    assert (VALUE_PATHS | PRESENCE_PATHS) - set(_first_occurrences()) == set()


def test_the_fast_validator_explains_what_the_stock_one_rejects():
    # Given a mutation that breaks a code list deep inside an anyOf
    doc = example("landDrainageConsent")
    designations = doc["data"]["property"]["planning"]["designations"]
    index = next(i for i, d in enumerate(designations) if d["intersects"] and d.get("entities"))
    mutated = with_value(doc, ("data", "property", "planning", "designations", index, "intersects"), False)
    # Then both validators reject it, and the report points at that designation
    assert not stock_validator().is_valid(mutated)
    paths = [f.path for f in schema_errors(mutated)]
    assert paths and all(p.startswith(f"data.property.planning.designations[{index}]") for p in paths)
