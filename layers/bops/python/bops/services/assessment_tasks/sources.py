"""What the assessment tasks pre-fill from: the submission as the applicant sent it (kept verbatim in
storage, ``case["submission_key"]``). Read raw, not through ``bops.odp.models``: a pre-fill looks up a
few optional answers (CIL, drawing numbers) and must not fail on a submission the schema has since moved
past."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bops.services.context import Context


def submission(ctx: Context, case: dict[str, Any]) -> dict[str, Any]:
    """The case's ODP submission as received, or ``{}`` when it cannot be read (a pre-fill is a help to
    the officer, never a reason to refuse them the task)."""
    key = case.get("submission_key")
    if not key:
        return {}
    try:
        body = json.loads(ctx.storage.read(key))
    except Exception:  # noqa: BLE001 - missing object or bad JSON: the officer fills the task in by hand
        return {}
    return body if isinstance(body, dict) else {}


def file_name(name: str) -> str:
    """The file name of a submission file entry (PlanX sends a URL: ``https://.../private/abc/plans.pdf``)."""
    return name.rsplit("/", 1)[-1].strip()
