"""`make run` keeps its memory bounded as cases pile up (scripts/seed_many.py measures 1,000 submissions).

moto used to deep-copy the whole table on every transaction, so seeding 1,000 cases drove the local server to
16 GB. Here 100 submissions go through the intake API of a real `local/run.py` and the server's growth per
case is held to what keeps 1,000 cases under 2 GB.
"""

from __future__ import annotations

import pytest

from scripts import seed_many

pytestmark = pytest.mark.e2e

SUBMISSIONS = 100
#: 2 GB for 1,000 cases, less the ~300 MB of a freshly seeded server, leaves ~1.7 MB a case; measured ~0.6 MB.
MAX_GROWTH_PER_CASE_KB = 1200


def test_the_local_server_grows_by_a_bounded_amount_per_case():
    result = seed_many.measure(SUBMISSIONS, concurrency=4)

    assert result["accepted"] == SUBMISSIONS, result["failures"]
    assert result["workflows_settled"]
    assert result["tracebacks"] == []
    assert result["growth_per_case_kb"] < MAX_GROWTH_PER_CASE_KB, result
