"""Application types as data: the table, its lookups and council overrides."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bops.domain.application_types import (
    ApplicationType,
    Category,
    PeriodKind,
    all_types,
    get_type,
    type_for_suffix,
)
from bops.domain.errors import InvalidRequest, UnknownApplicationType

ODP_EXAMPLES = Path(__file__).resolve().parents[2] / "local" / "demo_data" / "odp"  # the official examples, bundled

REQUIRED = [
    # code, suffix, kind, length, category, major
    ("pp.full.householder", "HAPP", PeriodKind.WEEKS_FROM_VALID, 8, Category.HOUSEHOLDER, False),
    ("pp.full.householder.retro", "HRET", PeriodKind.WEEKS_FROM_VALID, 8, Category.HOUSEHOLDER, False),
    ("pp.full.minor", "MINOR", PeriodKind.WEEKS_FROM_VALID, 8, Category.MINOR, False),
    ("pp.full.major", "MAJOR", PeriodKind.WEEKS_FROM_VALID, 13, Category.MAJOR, True),
    ("ldc.existing", "LDCE", PeriodKind.WEEKS_FROM_VALID, 8, Category.LAWFUL_DEVELOPMENT_CERTIFICATE, False),
    ("ldc.proposed", "LDCP", PeriodKind.WEEKS_FROM_VALID, 8, Category.LAWFUL_DEVELOPMENT_CERTIFICATE, False),
    ("pa.part1.classA", "PA1A", PeriodKind.DAYS_FROM_RECEIPT, 42, Category.PRIOR_APPROVAL, False),
    ("pa.part3.classMA", "PA3MA", PeriodKind.DAYS_FROM_RECEIPT, 56, Category.PRIOR_APPROVAL, False),
    ("pa.part7.classM", "PA7M", PeriodKind.DAYS_FROM_RECEIPT, 56, Category.PRIOR_APPROVAL, False),
    ("pa.part14.classJ", "PA14J", PeriodKind.DAYS_FROM_RECEIPT, 56, Category.PRIOR_APPROVAL, False),
    ("pa.part20.classAB", "PA20AB", PeriodKind.DAYS_FROM_RECEIPT, 56, Category.PRIOR_APPROVAL, False),
    ("listed", "LBC", PeriodKind.WEEKS_FROM_VALID, 8, Category.LISTED_BUILDING_CONSENT, False),
    ("advertConsent", "ADV", PeriodKind.WEEKS_FROM_VALID, 8, Category.ADVERTISEMENT_CONSENT, False),
    ("wtt.consent", "TPO", PeriodKind.WEEKS_FROM_VALID, 8, Category.WORKS_TO_TREES, False),
    ("landDrainageConsent", "LDRC", PeriodKind.WEEKS_FROM_VALID, 8, Category.OTHER_CONSENTS, False),
]


@pytest.mark.parametrize(("code", "suffix", "kind", "length", "category", "major"), REQUIRED)
def test_required_types_have_their_statutory_period_and_suffix(code, suffix, kind, length, category, major):
    t = get_type(code)
    assert t.code == code
    assert t.suffix == suffix
    assert t.determination_period.kind is kind
    assert t.determination_period.length == length
    assert t.category is category
    assert t.major is major


def test_every_odp_example_type_is_in_the_table():
    codes = set()
    for path in sorted(ODP_EXAMPLES.rglob("*.json")):
        codes.add(json.loads(path.read_text())["data"]["application"]["type"]["value"])
    assert codes, "the ODP examples should be bundled in local/demo_data/odp"
    known = {t.code for t in all_types()}
    assert codes <= known, codes - known


def test_names_match_the_odp_descriptions():
    for path in sorted(ODP_EXAMPLES.rglob("*.json")):
        odp_type = json.loads(path.read_text())["data"]["application"]["type"]
        assert get_type(odp_type["value"]).name == odp_type["description"]


def test_suffixes_are_unique_uppercase_and_fit_a_reference():
    suffixes = [t.suffix for t in all_types()]
    assert len(suffixes) == len(set(suffixes))
    for s in suffixes:
        assert re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", s), s
        assert type_for_suffix(s) is not None and type_for_suffix(s).suffix == s
    assert type_for_suffix("NOPE") is None


def test_codes_are_unique():
    codes = [t.code for t in all_types()]
    assert len(codes) == len(set(codes))


def test_part_1_class_a_gives_neighbours_21_days():
    t = get_type("pa.part1.classA")
    assert t.features.neighbour_consultation
    assert t.consultation_days == 21
    assert t.prior_approval


def test_consultation_days_set_exactly_when_consultation_applies():
    for t in all_types():
        assert (t.consultation_days is not None) == t.stages.consultation, t.code


def test_only_major_types_are_major_and_the_guarantee_is_for_planning_permission():
    """Fees Regulations 2012, reg. 9A: the planning guarantee covers applications for planning
    permission, major ones included (26 weeks; 16 weeks for the others since 6 December 2023)."""
    for t in all_types():
        assert t.major == (t.category is Category.MAJOR)
        if t.features.planning_guarantee:
            assert t.code.startswith("pp.")
    assert get_type("pp.full.major").features.planning_guarantee


def test_major_development_needs_a_press_notice_and_may_need_eia():
    t = get_type("pp.full.major")
    assert t.features.press_notice and t.features.eia_possible
    assert not get_type("pp.full.householder").features.eia_possible


def test_period_in_days():
    assert get_type("pp.full.householder").determination_period.days == 56
    assert get_type("pp.full.major").determination_period.days == 91
    assert get_type("pa.part1.classA").determination_period.days == 42


def test_unknown_type_names_the_field():
    with pytest.raises(UnknownApplicationType) as err:
        get_type("pp.full.spaceport")
    assert err.value.fields[0].path == "data.application.type.value"
    assert err.value.status == 422


def test_council_override_changes_only_that_type_and_not_the_table():
    overrides = {"pp.full.householder": 10, "pa.part1.classA": 40}
    assert get_type("pp.full.householder", overrides).determination_period.length == 10
    assert get_type("pa.part1.classA", overrides).determination_period.length == 40
    assert get_type("pp.full.minor", overrides).determination_period.length == 8
    assert get_type("pp.full.householder").determination_period.length == 8


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "8"])
def test_override_must_be_a_positive_whole_number(bad):
    with pytest.raises(InvalidRequest) as err:
        get_type("pp.full.householder", {"pp.full.householder": bad})
    assert err.value.fields[0].path == "determination_period_overrides.pp.full.householder"


def test_types_are_immutable():
    t = get_type("pp.full.householder")
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        t.suffix = "X"  # type: ignore[misc]
    assert isinstance(t, ApplicationType)
