"""National open data: keeps each council's published files (CSV and JSON per dataset of the MHCLG planning
application data specification, plus a field list with the licence) in step with its cases.

Event-driven: the open data function receives the bus's ``application.*`` events (through a queue, in
batches) and calls ``apply_events``. Per event, the case's rows are recomputed and compared with the
stored ones (one GetItem): most events change nothing the datasets show, and then nothing is written.
When a case's rows did change, the council's files are rebuilt once per batch from the open data index
(one Query of the council's partition; no scan of cases) and written under ``open-data/{council}/``.
The public reads them through short-lived links (``public_catalogue``), as it reads decision notices.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain import open_data as rules
from bops.domain.errors import NotFound
from bops.domain.publication import is_published
from bops.domain.time import iso, london_date
from bops.model import Model
from bops.repository.open_data import OpenDataEntry
from bops.resources import OPEN_DATA_PREFIX as PREFIX

if TYPE_CHECKING:
    from bops.services.context import Context

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
FIELD_LIST = "fields.json"
LINK_SECONDS = 300


def key(council: str, name: str) -> str:
    return f"{PREFIX}{council}/{name}"


def digest(rows: rules.Rows) -> str:
    # entry-date follows every change of the case; it alone must not count as a change of the open data
    stable = {d: [{k: v for k, v in r.items() if k != "entry-date"} for r in rs] for d, rs in rows.items()}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


def case_rows(ctx: Context, case: dict[str, Any]) -> rules.Rows:
    from bops.config import settings
    from bops.services.documents import public_documents

    council, reference = case["council"], case["reference"]
    task = ctx.repo.assessment.task(council, reference, "conditions")
    data = task.data if task else {}
    documents = [d.model_dump(mode="json") for d in public_documents(ctx, council, reference)]
    # requests the applicant was sent, and answered (a request closed by the clock was not answered)
    requests = [
        {
            "sent_at": london_date(r.sent_at).isoformat() if r.sent_at else None,
            "answered_at": london_date(r.closed_at).isoformat() if r.closed_at and r.response is not None else None,
        }
        for r in ctx.repo.validation.list(council, reference)
    ]
    site = settings().public_url.rstrip("/")
    return rules.case_rows(
        case,
        conditions=data.get("conditions") or [],
        heads_of_terms=data.get("heads_of_terms") or [],
        documents=documents,
        information_requests=requests,
        register_url=f"{site}/public.html#{council}/{reference}",
        notice_url=f"{site}/api/v1/public/{council}/applications/{reference}/decision-notice",
    )


def refresh_case(ctx: Context, council: str, reference: str) -> bool:
    """Brings the case's entry in the open data index up to date; True when its rows changed (a case that
    is not, or no longer, published has none)."""
    case = ctx.repo.cases.get(council, reference)
    stored = ctx.repo.open_data.get(council, reference)
    if not case or not is_published(case):
        if stored:
            ctx.repo.open_data.delete(council, reference)
            return True
        return False
    rows = case_rows(ctx, case)
    new_digest = digest(rows)
    if stored and stored.digest == new_digest:
        return False
    ctx.repo.open_data.put(
        council, OpenDataEntry(reference=reference, digest=new_digest, rows=rows, updated_at=iso(ctx.clock.now()))
    )
    return True


class RebuildResult(Model):
    council: str
    cases: int
    rows: dict[str, int]
    bytes_written: int


def rebuild(ctx: Context, council: str) -> RebuildResult:
    """Writes the council's files from its open data index: each dataset as CSV and JSON, and the field list."""
    entries = ctx.repo.open_data.all(council)
    generated_at = iso(ctx.clock.now())
    counts: dict[str, int] = {}
    written = 0
    for dataset in rules.DATASETS:
        rows = sorted((r for e in entries for r in e.rows.get(dataset, [])), key=rules.sort_key)
        counts[dataset] = len(rows)
        for fmt, body in (
            ("csv", rules.to_csv(dataset, rows)),
            ("json", rules.to_json(dataset, rows, council=council, generated_at=generated_at)),
        ):
            data = body.encode("utf-8")
            ctx.storage.put(key(council, f"{dataset}.{fmt}"), data, FORMATS[fmt])
            written += len(data)
    field_list = json.dumps(
        {**rules.field_list(), "organisation": council, "generated-at": generated_at, "rows": counts}
    )
    ctx.storage.put(key(council, FIELD_LIST), field_list.encode("utf-8"), FORMATS["json"])
    return RebuildResult(council=council, cases=len(entries), rows=counts, bytes_written=written + len(field_list))


def apply_events(ctx: Context, events: Iterable[tuple[str, str]]) -> list[RebuildResult]:
    """(council, reference) of each event in a batch: refreshes each case once, then rebuilds each council
    whose open data changed, once."""
    changed: set[str] = set()
    for council, reference in dict.fromkeys(events):
        if refresh_case(ctx, council, reference):
            changed.add(council)
    return [rebuild(ctx, council) for council in sorted(changed)]


# --- the public's side -----------------------------------------------------------------------------------
class OpenDataFile(Model):
    dataset: str
    format: str
    url: str = Field(description="A short-lived link to the file")


class OpenDataCatalogue(Model):
    council: str
    licence: str
    licence_note: str
    specification: str
    expires_in: int
    fields_url: str = Field(description="A short-lived link to the field list (fields.json)")
    files: list[OpenDataFile]


def public_catalogue(ctx: Context, council: str) -> OpenDataCatalogue:
    """Links to the council's open data files; 'not found' until the first published case wrote them."""
    if not council.replace("-", "").isalnum():
        raise NotFound("No open data for this council")
    try:
        ctx.storage.head(key(council, FIELD_LIST))
    except Exception as error:  # the adapter's ClientError: no file means no open data yet
        raise NotFound("No open data for this council yet") from error
    files = [
        OpenDataFile(
            dataset=dataset,
            format=fmt,
            url=ctx.storage.presigned_get(
                key(council, f"{dataset}.{fmt}"), file_name=f"{council}-{dataset}.{fmt}", expires_in=LINK_SECONDS
            ),
        )
        for dataset in rules.DATASETS
        for fmt in FORMATS
    ]
    return OpenDataCatalogue(
        council=council,
        licence=rules.LICENCE,
        licence_note=rules.LICENCE_NOTE,
        specification=rules.SPECIFICATION,
        expires_in=LINK_SECONDS,
        fields_url=ctx.storage.presigned_get(
            key(council, FIELD_LIST), file_name=f"{council}-{FIELD_LIST}", expires_in=LINK_SECONDS
        ),
        files=files,
    )
