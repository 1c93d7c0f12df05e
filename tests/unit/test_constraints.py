"""Constraints on a site: the hand-written geometry (do two shapes touch?), the submission's designations as
constraints, the bundled demo data set, merging sources, consultees suggested from the directory, and the
planning.data.gov.uk adapter against a recorded-shape answer played back by a fake ``urlopen``."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
from pathlib import Path

import pytest

from bops.adapters import constraints as adapters
from bops.adapters.constraints import BundledConstraints, PlanningDataConstraints, demo_designations
from bops.domain import constraints as rules
from bops.domain.constraints import Constraint
from bops.domain.councils import DirectoryConsultee
from bops.domain.errors import UpstreamError, UpstreamUnavailable
from bops.domain.geometry import intersects, segments_intersect, shape_of, to_wkt
from bops.services.assessment_tasks.constraints import site_shape

EXAMPLES = Path(__file__).resolve().parents[2] / "local" / "demo_data" / "odp"


def square(x: float, y: float, size: float, holes: list | None = None) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring, *(holes or [])]}


def example(name: str) -> dict:
    return json.loads(next(EXAMPLES.rglob(f"{name}.json")).read_text())


# --- geometry ------------------------------------------------------------------------------------


def test_segments_cross_touch_overlap_or_miss():
    assert segments_intersect((0, 0), (2, 2), (0, 2), (2, 0))  # cross
    assert segments_intersect((0, 0), (2, 0), (2, 0), (3, 1))  # touch at an end
    assert segments_intersect((0, 0), (2, 0), (1, 0), (3, 0))  # overlap, in line
    assert not segments_intersect((0, 0), (2, 0), (3, 0), (4, 0))  # in line, apart
    assert not segments_intersect((0, 0), (2, 2), (0, 1), (0.4, 1))  # short of it


def test_polygons_overlapping_inside_touching_and_apart():
    big = square(0, 0, 10)
    assert intersects(big, square(8, 8, 5))  # edges cross
    assert intersects(big, square(2, 2, 1))  # wholly inside: no edge crosses
    assert intersects(square(2, 2, 1), big)  # and the other way round
    assert intersects(big, square(10, 0, 3))  # sharing an edge counts
    assert not intersects(big, square(11, 11, 2))
    # an L-shaped area whose bounding box holds the site but which does not
    ell = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 2], [2, 2], [2, 10], [0, 10], [0, 0]]]}
    assert not intersects(ell, square(5, 5, 2))


def test_a_site_inside_a_hole_is_not_in_the_area():
    with_hole = square(0, 0, 10, holes=[[[3, 3], [7, 3], [7, 7], [3, 7], [3, 3]]])
    assert not intersects(with_hole, square(4, 4, 1))
    assert intersects(with_hole, square(6, 6, 2))  # crosses the hole's edge into the area


def test_points_features_and_multipolygons():
    area = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [
        square(0, 0, 1)["coordinates"], square(5, 5, 1)["coordinates"]]}}  # fmt: skip
    assert intersects(area, {"type": "Point", "coordinates": [5.5, 5.5]})
    assert not intersects(area, {"type": "Point", "coordinates": [3, 3]})
    with pytest.raises(ValueError, match="LineString"):
        shape_of({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})


def test_wkt_for_the_entity_api():
    assert to_wkt(([], [(-0.1, 51.5)])) == "POINT (-0.1000000 51.5000000)"
    wkt = to_wkt(shape_of(square(0, 0, 1)))
    assert wkt.startswith("MULTIPOLYGON (((0.0000000 0.0000000, 1.0000000 0.0000000")


# --- the submission's designations ---------------------------------------------------------------


def test_the_submissions_designations_become_suggested_constraints_one_per_entity():
    designations = example("listedBuildingConsent")["data"]["property"]["planning"]["designations"]
    found = rules.from_submission(designations)
    assert {c.source for c in found} == {"submission"} and {c.status for c in found} == {"suggested"}
    by_dataset: dict[str, list[Constraint]] = {}
    for c in found:
        by_dataset.setdefault(c.dataset, []).append(c)
    # "designated" is a grouping, not a designation; not-intersecting ones are left out
    assert set(by_dataset) == {"conservation-area", "listed-building-outline", "article-4-direction-area"}
    assert [c.entity for c in by_dataset["listed-building-outline"]] == [31535771, 42115931]
    assert by_dataset["conservation-area"][0].description == "Hampstead"
    assert by_dataset["conservation-area"][0].name == "Conservation area"


def test_a_designation_without_entities_is_described_by_its_narrowest_value():
    found = rules.from_submission(
        [
            {"value": "flood", "description": "Flood risk", "intersects": True},
            {"value": "flood.zoneThree", "description": "Flood zone 3", "intersects": True},
            {"value": "tpo", "description": "Tree Preservation Order (TPO) or zone", "intersects": False},
            {"value": "road.classified", "description": "Classified road", "intersects": True},
            {"value": "somethingNew", "description": "A new designation", "intersects": True},
        ]
    )
    assert [(c.dataset, c.description) for c in found] == [
        ("flood-risk-zone", "Flood zone 3"),
        ("classified-road", None),
        ("somethingnew", "A new designation"),
    ]


def test_merging_keeps_one_entry_per_designation_and_fills_a_vague_one():
    submitted = [
        Constraint(dataset="conservation-area", name="Conservation area", source="submission", status="suggested")
    ]
    found = [
        Constraint(dataset="conservation-area", name="Conservation area", entity=1, description="Old Town",
                   source="local", status="suggested"),
        Constraint(dataset="conservation-area", name="Conservation area", entity=1, source="local", status="suggested"),
        Constraint(dataset="tree-preservation-zone", name="Tree preservation order", reference="T1",
                   source="local", status="suggested"),
    ]  # fmt: skip
    merged = rules.merge(submitted, found)
    assert [(c.dataset, c.entity, c.source, c.description) for c in merged] == [
        ("conservation-area", 1, "submission", "Old Town"),
        ("tree-preservation-zone", None, "local", None),
    ]


# --- the bundled data set ------------------------------------------------------------------------


def test_the_bundled_data_set_loads_and_finds_designations_on_demo_sites():
    assert {d.dataset for d in demo_designations()} >= {
        "conservation-area", "listed-building-outline", "tree-preservation-zone", "article-4-direction-area"
    }  # fmt: skip
    householder = example("fullHouseholder")
    site = site_shape({"site": {}}, householder)
    found = BundledConstraints().intersecting(site)
    assert {(c.dataset, c.reference, c.source) for c in found} == {
        ("tree-preservation-zone", "DEMO-TPO-1", "local"),
        ("article-4-direction-area", "DEMO-A4-1", "local"),
    }  # the listed coach house beside the site is not on it


def test_a_bad_data_set_is_refused_naming_the_feature():
    with pytest.raises(ValueError, match="feature 0: unknown dataset 'castle'"):
        rules.load_features({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"dataset": "castle"}, "geometry": square(0, 0, 1)}]})  # fmt: skip
    with pytest.raises(ValueError, match="feature 0"):
        rules.load_features({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"dataset": "green-belt"},
             "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}}]})  # fmt: skip


def test_the_site_is_the_accepted_red_line_else_the_proposal_else_the_point():
    householder = example("fullHouseholder")
    changed = square(1, 1, 1)
    assert site_shape({"red_line_boundary": changed}, householder) == shape_of(changed)
    proposal = householder["data"]["proposal"]["boundary"]["site"]
    assert site_shape({}, householder) == shape_of(proposal)
    assert site_shape({"site": {"latitude": 51.5, "longitude": -0.1}}, {}) == ([], [(-0.1, 51.5)])
    assert site_shape({"site": {}}, {}) is None


def test_the_source_is_chosen_by_configuration(monkeypatch):
    monkeypatch.delenv("BOPS_CONSTRAINTS_SOURCE", raising=False)
    assert isinstance(adapters.constraints_source(), BundledConstraints)
    monkeypatch.setenv("BOPS_CONSTRAINTS_SOURCE", "planning_data")
    assert isinstance(adapters.constraints_source(), PlanningDataConstraints)
    monkeypatch.setenv("BOPS_CONSTRAINTS_SOURCE", "nowhere")
    with pytest.raises(ValueError, match="BOPS_CONSTRAINTS_SOURCE"):
        adapters.constraints_source()


# --- consultees ----------------------------------------------------------------------------------


def entry(id_: str, name: str, organisation: str, expertise: str | None = None) -> DirectoryConsultee:
    return DirectoryConsultee(
        id=id_, name=name, organisation=organisation, email=f"{id_}@example.org", expertise=expertise,
        changed_by="t", changed_at="2026-01-01T00:00:00Z",
    )  # fmt: skip


DIRECTORY = [
    entry("c1", "Conservation officer", "Demo Borough Council", "heritage"),
    entry("c2", "Development advice", "Historic England", "listed buildings"),
    entry("c3", "Planning consultations", "Environment Agency", "flood risk"),
    entry("c4", "Tree officer", "Demo Borough Council", "trees and landscaping"),
    entry("c5", "Highways team", "Demo Borough Council", "access and parking"),
]


def test_constraints_suggest_consultees_from_the_directory_by_the_mapping():
    def c(dataset: str, status: str = "confirmed") -> Constraint:
        return Constraint(dataset=dataset, name=rules.dataset_name(dataset), source="officer", status=status)  # type: ignore[arg-type]

    suggested = rules.suggest_consultees(
        [c("listed-building-outline"), c("flood-risk-zone"), c("tree-preservation-zone", "removed"), c("green-belt")],
        DIRECTORY,
    )
    assert [(s.constraint, s.consultee_id) for s in suggested] == [
        ("listed-building-outline", "c1"),
        ("listed-building-outline", "c2"),
        ("flood-risk-zone", "c3"),
    ]
    assert suggested[1].name == "Development advice" and suggested[1].organisation == "Historic England"
    assert rules.suggest_consultees([c("tree-preservation-zone")], DIRECTORY)[0].name == "Tree officer"


def test_every_dataset_in_the_table_has_a_name_and_odp_values():
    for name, spec in rules.datasets().items():
        assert spec.name and spec.odp, name
        assert rules.dataset_for_odp(spec.odp[0]) == name


# --- planning.data.gov.uk --------------------------------------------------------------------------

#: The shape of an entity.json answer (fields as the API names them; values made up for the test).
RECORDED = {
    "entities": [
        {
            "entry-date": "2023-03-01", "start-date": "1968-01-01", "end-date": "", "entity": 44007440,
            "name": "Dulwich Village", "dataset": "conservation-area", "typology": "geography",
            "reference": "CA12", "prefix": "conservation-area", "organisation-entity": "329",
        },
        {
            "entry-date": "2024-01-01", "start-date": "", "end-date": "", "entity": 19100123,
            "name": "", "dataset": "tree-preservation-zone", "typology": "geography", "reference": "TPO 210",
            "prefix": "tree-preservation-zone", "organisation-entity": "329",
        },
        {"entity": 1, "name": "Something else", "dataset": "ward", "reference": "W1"},
    ],
    "links": {"first": "https://www.planning.data.gov.uk/entity.json?limit=100"},
    "count": 3,
}  # fmt: skip


class FakeOpener:
    """Stands in for ``urllib.request.urlopen``: records each request, answers from a list."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list = []

    def __call__(self, request, timeout):
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return io.BytesIO(json.dumps(answer).encode() if not isinstance(answer, bytes) else answer)


def test_planning_data_asks_about_the_red_line_and_maps_the_entities():
    opener = FakeOpener(RECORDED)
    source = PlanningDataConstraints(opener=opener)
    site = shape_of(square(-0.0824, 51.4514, 0.0003))
    found = source.intersecting(site)
    assert [(c.dataset, c.entity, c.reference, c.description, c.source) for c in found] == [
        ("conservation-area", 44007440, "CA12", "Dulwich Village", "planning.data"),
        ("tree-preservation-zone", 19100123, "TPO 210", None, "planning.data"),
    ]  # the ward is not a dataset the assessment knows
    url = urllib.parse.urlsplit(opener.requests[0].full_url)
    assert url.netloc == "www.planning.data.gov.uk" and url.path == "/entity.json"
    query = urllib.parse.parse_qs(url.query)
    assert "conservation-area" in query["dataset"] and "flood-risk-zone" in query["dataset"]
    assert query["geometry_relation"] == ["intersects"] and query["geometry"][0].startswith("MULTIPOLYGON")
    assert query["limit"] == ["100"] and query["entries"] == ["current"]
    # asked again for the same site within minutes: answered from memory
    assert source.intersecting(site) == found and len(opener.requests) == 1


def test_planning_data_follows_the_next_page():
    first = {"entities": RECORDED["entities"][:1], "links": {"next": "https://x/entity.json?offset=1"}}
    second = {"entities": RECORDED["entities"][1:2], "links": {}}
    opener = FakeOpener(first, second)
    found = PlanningDataConstraints(opener=opener).intersecting(([], [(-0.08, 51.45)]))
    assert [c.entity for c in found] == [44007440, 19100123]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(opener.requests[1].full_url).query)["offset"] == ["1"]


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (urllib.error.HTTPError("u", 503, "down", {}, None), UpstreamUnavailable),  # type: ignore[arg-type]
        (urllib.error.HTTPError("u", 400, "bad", {}, None), UpstreamError),  # type: ignore[arg-type]
        (urllib.error.URLError("no route"), UpstreamUnavailable),
        (TimeoutError(), UpstreamUnavailable),
        (b"<html>not json</html>", UpstreamError),
        ({"unexpected": []}, UpstreamError),
    ],
)
def test_planning_data_failures_become_upstream_errors(answer, error):
    with pytest.raises(error):
        PlanningDataConstraints(opener=FakeOpener(answer)).intersecting(([], [(-0.08, 51.45)]))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_failure_is_remembered_for_a_minute_then_asked_again():
    clock = FakeClock()
    opener = FakeOpener(urllib.error.URLError("down"), RECORDED)
    source = PlanningDataConstraints(opener=opener, clock=clock)
    site = ([], [(-0.08, 51.45)])
    with pytest.raises(UpstreamUnavailable):
        source.intersecting(site)
    clock.now += adapters.FAILURE_SECONDS - 1
    with pytest.raises(UpstreamUnavailable):
        source.intersecting(site)  # not asked again: the list does not wait for a timeout each time
    assert len(opener.requests) == 1
    clock.now += 2
    assert len(source.intersecting(site)) == 2 and len(opener.requests) == 2


def test_a_lookup_stops_when_its_time_is_up():
    clock = FakeClock()

    class SlowOpener(FakeOpener):
        def __call__(self, request, timeout):
            assert timeout <= adapters.TIMEOUT_S
            clock.now += adapters.BUDGET_S  # this page took the whole budget
            return super().__call__(request, timeout)

    first = {"entities": RECORDED["entities"][:1], "links": {"next": "https://x/entity.json?offset=1"}}
    source = PlanningDataConstraints(opener=SlowOpener(first, first), clock=clock)
    with pytest.raises(UpstreamUnavailable, match="too slowly"):
        source.intersecting(([], [(-0.08, 51.45)]))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fullHouseholderInConservationArea", {("conservation-area", 44007440)}),
        ("convertCommercialToHome", {("listed-building-outline", None)}),
        ("minor", set()),  # far from every bundled designation
    ],
)
def test_the_bundled_data_set_covers_other_demo_sites(name, expected):
    found = BundledConstraints().intersecting(site_shape({"site": {}}, example(name)))
    assert {(c.dataset, c.entity) for c in found} == expected
