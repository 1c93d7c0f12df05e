"""The officer's list: newest first, paginated with an opaque cursor, filtered by status, one council."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_pages_newest_first_and_filters_by_status(runtime, council):
    references = [
        council.submit(name) for name in ("fullHouseholder", "minor", "major", "existing", "listedBuildingConsent")
    ]
    officer = council.officer()
    seen, cursor = [], None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = officer.get("/api/v1/applications", params=params).json()
        assert len(page["applications"]) <= 2
        seen += [a["reference"] for a in page["applications"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(references))
    only = officer.get("/api/v1/applications", params={"status": "not_started"}).json()["applications"]
    assert {a["reference"] for a in only} == set(references)
    assert officer.get("/api/v1/applications", params={"status": "determined"}).json()["applications"] == []


def test_a_cursor_of_another_council_is_refused(runtime, council):
    from tests.support import new_council

    for name in ("fullHouseholder", "minor"):
        council.submit(name)
    cursor = council.officer().get("/api/v1/applications", params={"limit": "1"}).json()["next_cursor"]
    other = new_council(runtime, roles=("assessor",))
    response = other.officer().get("/api/v1/applications", params={"cursor": cursor})
    assert response.status_code == 400
