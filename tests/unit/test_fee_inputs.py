"""The fee due is worked out from what the submission carries: the red line's site area for an outline,
the floor space created for other buildings (Fees Regulations 2012, Sch. 1, Pt 2, categories 1 and 2)."""

from __future__ import annotations

import copy
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from bops.domain.validation_checks import demo_local_list, floorspace_created_m2, run_checks, site_area_hectares
from bops.odp import Submission, validate_submission

EXAMPLES = Path(__file__).resolve().parents[2] / "local" / "demo_data" / "odp"
# from 1 April 2026 every rate is indexed by 3.8 % (reg. 18A): £588 -> £610.34 -> £610 (nearest £1)
RECEIVED = date(2026, 11, 27)


@cache
def _example(name: str) -> dict[str, Any]:
    return json.loads(next(EXAMPLES.rglob(f"{name}.json")).read_text())


def _submission(payload: dict[str, Any]) -> Submission:
    return validate_submission(payload)


def _outline(hectares: float) -> dict[str, Any]:
    payload = copy.deepcopy(_example("minor"))
    payload["data"]["application"]["type"] = {
        "value": "pp.outline.minor.all",
        "description": (
            "Outline Planning Permission - Consent for the principle of a project witholding all details (minor)"
        ),
    }
    payload["data"]["proposal"]["boundary"]["area"] = {"hectares": hectares, "squareMetres": hectares * 10_000}
    del payload["data"]["proposal"]["units"]
    return payload


def _new_building(square_metres: float) -> dict[str, Any]:
    """A minor application for a building other than a dwelling (a workshop): no homes, new floor space."""
    payload = copy.deepcopy(_example("minor"))
    proposal = payload["data"]["proposal"]
    del proposal["units"]
    proposal["projectType"] = [{"value": "new.office", "description": "New offices"}]
    proposal["new"] = {"area": {"squareMetres": square_metres}}
    return payload


def _fee(payload: dict[str, Any]):
    report = run_checks(_submission(payload), received_on=RECEIVED, local_list=demo_local_list())
    return report.check("fee")


def test_an_outline_is_charged_per_0_1_hectare_of_the_red_line():
    """Sch. 1, Pt 2, categories 1 and 2 (outline): £588 for each 0.1 ha of the site area or part of it
    (1 April 2025), indexed to £610 on 1 April 2026. 0.25 ha is three parts: 3 x £610 = £1,830."""
    payload = _outline(0.25)
    assert site_area_hectares(_submission(payload)) == 0.25
    fee = _fee(payload)
    assert "fee due £1,830" in fee.evidence, fee.evidence
    assert fee.draft_request.amount_pence == 183_000 - 57_800  # £578 paid


def test_an_outline_site_area_from_square_metres_only():
    """The ODP area's hectares are optional: 1,000.01 m2 is just over 0.1 ha, so two parts: £1,220."""
    payload = _outline(0.1)
    payload["data"]["proposal"]["boundary"]["area"] = {"squareMetres": 1000.01}
    assert "fee due £1,220" in _fee(payload).evidence


def test_a_full_minor_application_for_a_building_is_charged_by_floor_space_created():
    """Sch. 1, Pt 2, category 2: £588 for each 75 m2 of gross floor space created or part of it (1 April
    2025), £610 indexed. 120 m2 is two parts: 2 x £610 = £1,220, not the £610 of a change of use."""
    payload = _new_building(120)
    assert floorspace_created_m2(_submission(payload)) == 120
    fee = _fee(payload)
    assert "fee due £1,220" in fee.evidence, fee.evidence
    assert fee.draft_request.amount_pence == 122_000 - 57_800


def test_a_small_building_pays_the_flat_fee():
    """Sch. 1, Pt 2, category 2: not more than 40 m2 created, £298 (1 April 2025), £309 indexed (£309.32)."""
    fee = _fee(_new_building(40))
    assert "fee due £309" in fee.evidence, fee.evidence
    assert fee.outcome == "warning" and "Overpaid by £269.00" in fee.evidence  # £578 paid


def test_extensions_and_new_buildings_add_up():
    payload = _new_building(50)
    payload["data"]["proposal"]["extend"] = {"area": {"squareMetres": 30}}
    assert floorspace_created_m2(_submission(payload)) == 80
    assert "fee due £1,220" in _fee(payload).evidence  # 80 m2: two parts of 75 m2


def test_homes_are_charged_per_dwelling_whatever_the_floor_space():
    """Sch. 1, Pt 2, category 1: a new home is £610 (indexed) however large."""
    payload = copy.deepcopy(_example("minor"))
    payload["data"]["proposal"]["new"] = {"area": {"squareMetres": 300}}
    assert "fee due £610" in _fee(payload).evidence
