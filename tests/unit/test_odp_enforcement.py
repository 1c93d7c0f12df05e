"""ODP v0.7.7 breach reports: recognised apart from applications, checked against the bundled official
schema (``enforcement.json``) with field paths, and read with the reporter kept apart."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from bops.domain.errors import SubmissionInvalid
from bops.odp.enforcement import is_breach_report, validate_report


def _example(name: str) -> dict:
    return json.loads(resources.files("bops.odp").joinpath(f"schema/examples/{name}.json").read_text())


def test_the_official_breach_example_is_a_breach_report_and_an_application_is_not():
    assert is_breach_report(_example("breach"))
    assert not is_breach_report(_example("fullHouseholder"))
    assert not is_breach_report([1, 2]) and not is_breach_report({"data": []})
    # recognised by its schema's name alone, so an invalid report is still refused as a report
    assert is_breach_report({"metadata": {"schema": "https://example.org/@next/schemas/enforcement.json"}})


def test_the_official_breach_example_is_accepted_and_read():
    report = validate_report(_example("breach"))
    assert report.metadata_id == "df4bba83-5f7a-4d82-9ecf-ba2a0fffda72"
    assert report.postcode == "ME1 1EW" and report.uprn == "000044009430"
    assert report.began_on.isoformat() == "2024-12-25" and report.ended_on is None
    assert [t["value"] for t in report.breach_types] == ["outbuilding"]
    assert report.reporter.name == "Ebenezer Scrooge" and report.reporter.email == "scrooge@waltdisney.com"


@pytest.mark.parametrize(
    ("path", "mutate"),
    [
        ("data.complainant.phone", lambda d: d["data"]["complainant"].pop("phone")),
        ("data.report.date.start", lambda d: d["data"]["report"]["date"].update(start="2024-02-30")),
        ("data.report.projectType[0].value", lambda d: d["data"]["report"]["projectType"][0].pop("value")),
        ("metadata.id", lambda d: d["metadata"].update(id="not-a-uuid")),
        ("data.unexpected", lambda d: d["data"].update(unexpected=True)),
    ],
)
def test_a_mutated_report_is_refused_naming_the_path(path, mutate):
    body = copy.deepcopy(_example("breach"))
    mutate(body)
    with pytest.raises(SubmissionInvalid) as refused:
        validate_report(body)
    assert path in [f.path for f in refused.value.fields]
    # a message never repeats the value sent (it may be personal data)
    assert not [f for f in refused.value.fields if "Scrooge" in f.message or "2024-02-30" in f.message]
