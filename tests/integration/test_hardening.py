"""Hardening: limits that hold under concurrency, identifiers the API checks, a contract that names its fields."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

pytestmark = pytest.mark.integration


# --- the comments' rate limit holds when a client sends them all at once ----------------------------


def test_comments_sent_all_at_once_are_accepted_only_up_to_the_limit(runtime, council):
    from bops.domain.comments import COMMENT_RATE_LIMIT

    # Given a published application, and a client with more comments than the limit allows
    reference = council.validated()
    limit = COMMENT_RATE_LIMIT.max_count
    url = f"{council.api_url}/api/v1/public/{council.id}/applications/{reference}/comments"
    headers = {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.21"}

    def post(index: int) -> requests.Response:
        body = {"name": "N", "address": "1 Road", "stance": "neutral", "topics": ["other"], "text": f"Hello {index}"}
        return requests.post(url, data=json.dumps(body), headers=headers, timeout=60)

    # When it sends 20 of them at once
    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(post, range(20)))

    # Then exactly the limit is accepted, and every other one is refused with a 429 in the API's envelope
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * limit + [429] * (20 - limit), [r.text for r in responses if r.status_code not in (201, 429)]
    for refused in (r for r in responses if r.status_code == 429):
        error = refused.json()["error"]
        assert error["code"] == "too_many_requests" and "Too many comments" in error["message"]
    # and exactly that many comments are stored
    officer = council.officer("assessor")
    listed = officer.get(f"/api/v1/applications/{reference}/comments")
    assert listed.status_code == 200, listed.text
    assert len(listed.json()["comments"]) == limit
