"""Only applications that were made valid are ever on the public register (page, search, documents)."""

from __future__ import annotations

import pytest

from tests.support import wait_for

pytestmark = pytest.mark.integration


def _awaiting_validation(council, reference):
    return council.case(reference)["application"].get("awaiting") == "validation_decision"


def _public(council, reference):
    page = council.anonymous.get(f"/api/v1/public/{council.id}/applications/{reference}")
    found = council.anonymous.get(f"/api/v1/public/{council.id}/applications", params={"q": reference})
    assert found.status_code == 200, found.text
    listed = [a["reference"] for a in found.json()["applications"]]
    return page.status_code, listed


@pytest.mark.parametrize("path", ["withdrawal", "return"])
def test_a_case_ended_before_validation_is_never_public(council, path):
    # Given an application withdrawn or returned before anyone made it valid
    reference = council.submit("existing")
    wait_for(lambda: _awaiting_validation(council, reference))
    ended = council.officer().post(
        f"/api/v1/applications/{reference}/{path}", json_body={"reason": "The applicant asked us to."}
    )
    assert ended.status_code == 200, ended.text

    # Then the public register neither shows it nor finds it
    status, listed = _public(council, reference)
    assert status == 404
    assert listed == []


def test_a_valid_case_withdrawn_later_stays_public(council):
    # Given an application made valid, then withdrawn
    reference = council.validated("existing")
    ended = council.officer().post(
        f"/api/v1/applications/{reference}/withdrawal", json_body={"reason": "The applicant asked us to."}
    )
    assert ended.status_code == 200, ended.text

    # Then it stays on the register: it was public once, and its record is part of the public record
    status, listed = _public(council, reference)
    assert status == 200
    assert listed == [reference]
