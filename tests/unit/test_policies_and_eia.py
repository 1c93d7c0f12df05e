"""A council's policies (the bundled NPPF paragraphs, checks) and EIA screening thresholds from the Town and
Country Planning (Environmental Impact Assessment) Regulations 2017, Schedules 1 and 2."""

from __future__ import annotations

import pytest

from bops.domain import eia, policies
from bops.domain.errors import InvalidRequest


def test_the_bundled_policies_cite_the_december_2024_nppf_with_stable_ids():
    bundled = policies.by_id(policies.default_policies())
    for pid in ("nppf-135", "nppf-212", "nppf-215"):
        assert bundled[pid].plan == "NPPF (December 2024)"
    assert bundled["nppf-135"].reference == "NPPF 135"
    assert bundled["dm1"].reference == "DM1"


def test_a_policy_missing_its_reference_or_repeating_an_id_is_refused_naming_the_entry():
    good = {"id": "dm9", "reference": "DM9", "title": "Parking", "plan": "Local Plan"}
    with pytest.raises(InvalidRequest) as raised:
        policies.parse_policies([good, {**good, "id": "dm10", "reference": ""}])
    assert [f.path for f in raised.value.fields] == ["policies[1].reference"]
    with pytest.raises(InvalidRequest) as raised:
        policies.parse_policies([good, good])
    assert [f.path for f in raised.value.fields] == ["policies[1].id"]


# --- EIA: Schedule 2 paragraph 10(b), urban development projects ---------------------------------------
@pytest.mark.parametrize(
    ("figures", "met"),
    [
        ({"dwellings": 150}, False),  # "more than 150 dwellings"
        ({"dwellings": 151}, True),
        ({"non_dwelling_area_ha": 1.0}, False),  # "more than 1 hectare of ... not dwellinghouse development"
        ({"non_dwelling_area_ha": 1.01}, True),
        ({"site_area_ha": 5.0}, False),  # "the overall area of the development exceeds 5 hectares"
        ({"site_area_ha": 5.5}, True),
        ({}, False),
    ],
)
def test_schedule_2_paragraph_10b_thresholds(figures, met):
    result = eia.screen("sch2-10b", eia.Figures(**figures))
    assert result.schedule == "schedule_2" and result.paragraph == "10(b)"
    assert result.threshold_met is met
    assert result.eia_development is False  # Schedule 2: the screening opinion decides


def test_schedule_2_paragraph_10a_industrial_estates_over_half_a_hectare():
    assert not eia.screen("sch2-10a", eia.Figures(site_area_ha=0.5)).threshold_met
    assert eia.screen("sch2-10a", eia.Figures(site_area_ha=0.6)).threshold_met


def test_in_a_sensitive_area_no_schedule_2_threshold_applies():
    # reg. 2(1): Schedule 2 development where "any part of that development is to be carried out in a sensitive area"
    result = eia.screen("sch2-10b", eia.Figures(dwellings=3, sensitive_area=True))
    assert result.threshold_met and "sensitive area" in result.reasons[-1]


def test_schedule_1_development_is_always_eia_development():
    quarry = eia.screen("sch1-19", eia.Figures(site_area_ha=26))  # Schedule 1 para. 19: over 25 hectares
    assert quarry.threshold_met and quarry.eia_development
    assert not eia.screen("sch1-19", eia.Figures(site_area_ha=25)).threshold_met
    assert eia.screen("sch1-2b", eia.Figures()).eia_development  # nuclear power stations: any size


def test_schedule_1_pipelines_need_both_the_diameter_and_the_length():
    assert not eia.screen("sch1-16", eia.Figures(diameter_mm=900, length_km=30)).threshold_met
    assert eia.screen("sch1-16", eia.Figures(diameter_mm=900, length_km=41)).eia_development


def test_wind_farms_more_than_two_turbines_or_a_hub_over_15_metres():
    assert not eia.screen("sch2-3i", eia.Figures(turbines=2, hub_height_m=15)).threshold_met
    assert eia.screen("sch2-3i", eia.Figures(turbines=3)).threshold_met
    assert eia.screen("sch2-3i", eia.Figures(turbines=1, hub_height_m=16)).threshold_met


def test_an_unknown_description_is_refused_naming_the_field():
    with pytest.raises(InvalidRequest) as raised:
        eia.screen("sch9-99", eia.Figures(), field="data.category")
    assert raised.value.fields[0].path == "data.category"


def test_every_description_uses_known_measures():
    assert eia.descriptions()  # loading checks each criterion's measure
    assert {d.schedule for d in eia.descriptions()} == {"schedule_1", "schedule_2"}
