"""The case aggregate: the case record, its audit trail, dashboard rows, lists and reference numbers.

Items (pk / sk):
  {council}#APP#{reference}          / CASE                  the case (its partition also holds documents
                                                              and audit entries, see ``audit.py``)
  {council}#COUNTER#{yy}             / COUNTER               reference numbers
  {council}#SUBMISSION#{id}          / SUBMISSION            intake's idempotency marker (``SubmissionMarker``)
  {council}#DASH#{tab}#*#*           / {deadline}#{reference}   a dashboard row (``CaseRow``), one per tab

Dashboard rows copy the few fields a list shows, so a page of 20 is one Query of ~0.5 KB rows. A case is
in two tabs (``all`` and one of ``closed``/``unassigned``/``officer:{name}``): two rows. The row's
partition is the tab's unfiltered view. The filtered views of the tabs that grow with the council's
history (``all``, ``closed``) are indexes on the same row, keyed ``{council}#DASH#{tab}#{status|*}#{type|*}``
/ ``{deadline}#{reference}``: gsi5 (by status), gsi6 (by type), gsi7 (both). An officer's own cases and the
unassigned ones are a caseload, not a history (tens of rows): their filtered views read the tab's
partition with a filter instead, so their rows are in no index and every status change writes them at a
third of the cost. A change rewrites only the rows whose content changed (an officer's edit that leaves
the row's fields alone writes none) and deletes the row of a tab the case left: a status change writes
two small rows (and their index entries), not eight.

The reviewers' "to review" tab is the ``all`` tab's view by status (``awaiting_determination``, gsi5): it
adds no row and no write to a case.

The officer's list (newest first, optionally by status) is served by the ``all`` row too: it carries
gsi1 (``{council}#APPS`` / ``{received_at}#{reference}``) and gsi2 (``{council}#STATUS#{status}`` / the
same). The case item itself is in no index, so writing a case (several KB) never copies it into one.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict

from bops.domain.application import AuditEntry
from bops.domain.dashboard import deadline, tabs_of
from bops.domain.errors import Conflict, NotFound
from bops.model import Model
from bops.repository.audit import audit_write, is_audit
from bops.repository.keys import CASE_SK, REPORT_SK, app_pk, counter_pk, submission_pk
from bops.repository.table import decode_cursor, encode_cursor

if TYPE_CHECKING:
    from bops.repository.table import Table

Write = dict[str, Any]  # = bops.repository.Write (not imported: the package imports this module)

# What a dashboard or list row carries (copied from the case), so a page needs no further reads.
ROW_FIELDS = (
    "reference",
    "application_type",
    "application_type_name",
    "status",
    "received_at",
    "description",
    "assigned_officer",
    "expiry_date",
    "extended_expiry_date",
    "site",
)
DOCUMENT_PREFIX = "DOC#"
REQUEST_PREFIX = "REQ#"  # = bops.repository.validation.REQUEST_PREFIX (that module builds the items)
# Attributes of the stored case that are keys, never part of the case itself.
KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")


class CaseRow(Model):
    """A case as a dashboard or list row shows it."""

    model_config = ConfigDict(extra="ignore")

    reference: str
    application_type: str
    application_type_name: str
    status: str
    received_at: str
    description: str
    site: dict[str, Any]
    assigned_officer: str | None = None
    expiry_date: str | None = None
    extended_expiry_date: str | None = None


class SubmissionMarker(Model):
    """Intake's record of an ODP submission (its ``metadata.id``): claimed by the request that will make it
    an application (``claim``), then holding the application's reference."""

    model_config = ConfigDict(extra="ignore")

    submission_id: str
    reference: str | None = None  # None while the claiming request is making the application
    received_at: str | None = None
    claim: str | None = None
    claimed_at: str | None = None


def _partition(council: str, tab: str, status: str | None, application_type: str | None) -> str:
    return f"{council}#DASH#{tab}#{status or '*'}#{application_type or '*'}"


def _list_keys(council: str, status: str | None, received_at: str, reference: str) -> dict[str, str]:
    sort = f"{received_at}#{reference}"
    if status is None:
        return {"gsi1pk": f"{council}#APPS", "gsi1sk": sort}
    return {"gsi2pk": f"{council}#STATUS#{status}", "gsi2sk": sort}


# The index holding each filtered view of a tab: (status filter?, type filter?) -> index. The unfiltered
# view is the row's own partition.
FILTER_INDEXES = {(True, False): "gsi5", (False, True): "gsi6", (True, True): "gsi7"}
# Tabs whose filtered views are indexes: those that grow with the council's history.
INDEXED_TABS = frozenset({"all", "closed"})


def dashboard_rows(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The stored dashboard rows of a case: one per tab. The row's partition is the tab's unfiltered view;
    its filtered views (by status, type, both) are indexes on the same row; the ``all`` row also carries
    the list indexes' keys."""
    council, reference = case["council"], case["reference"]
    row = {k: case[k] for k in ROW_FIELDS if case.get(k) is not None}
    # a row shows the site's address and postcode; its coordinates and UPRN stay on the case
    row["site"] = {k: v for k, v in case["site"].items() if k in ("address", "postcode") and v is not None}
    sort_key = f"{deadline(case)}#{reference}"
    status, app_type = case["status"], case["application_type"]
    items = []
    for tab in tabs_of(case):
        item = {"pk": _partition(council, tab, None, None), "sk": sort_key, "kind": "dashboard", **row}
        for (by_status, by_type), index in FILTER_INDEXES.items() if tab in INDEXED_TABS else ():
            item[f"{index}pk"] = _partition(council, tab, status if by_status else None, app_type if by_type else None)
            item[f"{index}sk"] = sort_key
        if tab == "all":
            item.update(_list_keys(council, None, case["received_at"], reference))
            item.update(_list_keys(council, status, case["received_at"], reference))
        items.append(item)
    return items


def dashboard_writes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[Write]:
    """The writes moving a case's dashboard rows from ``before`` to ``after``: a row whose content is
    unchanged is not written again; a row the case left (another tab, another deadline) is deleted."""
    old = {(i["pk"], i["sk"]): i for i in dashboard_rows(before)} if before is not None else {}
    new = {(i["pk"], i["sk"]): i for i in dashboard_rows(after)}
    writes: list[Write] = [{"Put": {"Item": item}} for key, item in new.items() if old.get(key) != item]
    writes += [{"Delete": {"Key": {"pk": pk, "sk": sk}}} for (pk, sk) in old if (pk, sk) not in new]
    return writes


def _case(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in KEY_ATTRIBUTES}


def case_writes(before: dict[str, Any] | None, after: dict[str, Any]) -> builtins.list[Write]:
    """The writes storing ``after``: the case (guarded by ``before``'s version, or new) and the
    dashboard rows that changed."""
    item = {"pk": app_pk(after["council"], after["reference"]), "sk": CASE_SK, **_case(after)}
    item["kind"] = "application"
    put: dict[str, Any] = {"Item": item}
    if before is None:
        put["ConditionExpression"] = "attribute_not_exists(pk)"
    else:
        put["ConditionExpression"] = "#v = :expected"
        put["ExpressionAttributeNames"] = {"#v": "version"}
        put["ExpressionAttributeValues"] = {":expected": before["version"]}
    return [{"Put": put}, *dashboard_writes(before, after)]


class CaseFile(Model):
    """A case with its documents, audit trail and the report of the checks on arrival, read in one Query."""

    case: dict[str, Any]
    documents: builtins.list[dict[str, Any]]
    audit: builtins.list[AuditEntry]
    validation_report: dict[str, Any] | None = None
    #: the validation requests (kept on the case's partition: read by the same Query)
    requests: builtins.list[dict[str, Any]] = []


class CaseRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- reference numbers ----------------------------------------------------------------------------
    def next_number(self, council: str, year: int) -> int:
        """The next reference number of a council for a year (atomic, never reused)."""
        item = self.table.update(
            counter_pk(council, year), "COUNTER", expression="ADD #n :one", names={"#n": "number"}, values={":one": 1}
        )
        return int(item["number"])

    # --- the case ------------------------------------------------------------------------------------
    def get(self, council: str, reference: str) -> dict[str, Any] | None:
        item = self.table.get(app_pk(council, reference), CASE_SK)
        return _case(item) if item else None

    def require(self, council: str, reference: str) -> dict[str, Any]:
        case = self.get(council, reference)
        if not case:
            raise NotFound(f"No application {reference}")
        return case

    def get_with_children(self, council: str, reference: str) -> builtins.list[dict[str, Any]]:
        """The case, its documents and its audit trail: one partition, one Query."""
        return self.table.query_all(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": app_pk(council, reference)}
        )

    def file(self, council: str, reference: str) -> CaseFile:
        """The case with its documents, audit trail and checks' report (``NotFound`` when there is no such
        case)."""
        items = self.get_with_children(council, reference)
        case = next((i for i in items if i["sk"] == CASE_SK), None)
        if not case:
            raise NotFound(f"No application {reference}")
        report = next((dict(i["report"]) for i in items if i["sk"] == REPORT_SK), None)
        return CaseFile(
            case=_case(case),
            documents=[i for i in items if i["sk"].startswith(DOCUMENT_PREFIX)],
            audit=[AuditEntry.model_validate(i) for i in items if is_audit(i)],
            validation_report=report,
            requests=[i for i in items if i["sk"].startswith(REQUEST_PREFIX)],
        )

    def case_writes(self, before: dict[str, Any] | None, after: dict[str, Any]) -> builtins.list[Write]:
        return case_writes(before, after)

    def set_unlisted(self, case: dict[str, Any], fields: dict[str, Any], *, at: str) -> dict[str, Any]:
        """Sets attributes that no dashboard or list row shows (the workflow's task token and the
        milestone it awaits) with one UpdateItem, guarded by the case's version as read: ``Conflict`` when
        anyone changed the case meanwhile. A ``None`` removes the attribute. Returns the case as written.

        Cheaper than ``case_writes`` (one write of the case outside a transaction, which bills twice),
        and nothing else changes with it: no row, no audit entry."""
        listed = set(fields) & {*ROW_FIELDS, *KEY_ATTRIBUTES, "council", "version", "kind"}
        if listed:
            raise ValueError(f"{sorted(listed)} are shown in the case's rows or keep it whole; use case_writes")
        names = {"#v": "version", "#at": "updated_at"}
        values: dict[str, Any] = {":expected": case["version"], ":one": 1, ":at": at}
        sets, removes = ["#at = :at"], []
        for n, (name, value) in enumerate(fields.items()):
            names[f"#f{n}"] = name
            if value is None:
                removes.append(f"#f{n}")
            else:
                values[f":f{n}"] = value
                sets.append(f"#f{n} = :f{n}")
        expression = f"SET {', '.join(sets)} ADD #v :one" + (f" REMOVE {', '.join(removes)}" if removes else "")
        item = self.table.update(
            app_pk(case["council"], case["reference"]),
            CASE_SK,
            expression=expression,
            names=names,
            values=values,
            condition="#v = :expected",
            conflict_message=f"Application {case['reference']} was changed meanwhile",
        )
        return _case(item)

    def create(self, case: dict[str, Any]) -> None:
        """Stores a new case and its dashboard rows (a case with this reference must not exist)."""
        self.table.transact(self.case_writes(None, case), conflict_message=f"Application {case['reference']} exists")

    # --- audit ---------------------------------------------------------------------------------------
    def audit_write(self, council: str, reference: str, entry: AuditEntry, *, key: str | None = None) -> Write:
        return audit_write(council, reference, entry, key=key)

    # --- intake's idempotency marker -----------------------------------------------------------------
    def submission(self, council: str, submission_id: str) -> SubmissionMarker | None:
        item = self.table.get(submission_pk(council, submission_id), "SUBMISSION")
        return SubmissionMarker.model_validate({"submission_id": submission_id, **item}) if item else None

    def claim_submission(self, council: str, submission_id: str, *, claim: str, at: str, stale_before: str) -> bool:
        """Claims a submission for the request that will make it an application (before it takes a
        reference number, so duplicates arriving together use one number). False when another request has
        it: received already, or claimed since ``stale_before`` (a claim older than that, never completed,
        is taken over)."""
        try:
            self.table.put(
                {
                    "pk": submission_pk(council, submission_id),
                    "sk": "SUBMISSION",
                    "kind": "submission",
                    "claim": claim,
                    "claimed_at": at,
                },
                condition="attribute_not_exists(pk) OR (attribute_not_exists(#ref) AND claimed_at < :stale)",
                names={"#ref": "reference"},
                values={":stale": stale_before},
            )
        except Conflict:
            return False
        return True

    def submission_write(self, council: str, marker: SubmissionMarker) -> Write:
        """Completes the claimed marker with the application's reference: fails the transaction
        (``Conflict``) unless this request's claim still holds and no application was recorded."""
        return {
            "Update": {
                "Key": {"pk": submission_pk(council, marker.submission_id), "sk": "SUBMISSION"},
                "UpdateExpression": "SET #ref = :ref, received_at = :at",
                "ConditionExpression": "claim = :claim AND attribute_not_exists(#ref)",
                "ExpressionAttributeNames": {"#ref": "reference"},
                "ExpressionAttributeValues": {
                    ":ref": marker.reference,
                    ":at": marker.received_at,
                    ":claim": marker.claim,
                },
            }
        }

    # --- lists ---------------------------------------------------------------------------------------
    def dashboard_partition(self, council: str, tab: str, status: str | None, application_type: str | None) -> str:
        return _partition(council, tab, status, application_type)

    def dashboard(
        self, council: str, partition: str, *, limit: int, cursor: str | None
    ) -> tuple[builtins.list[dict[str, Any]], str | None]:
        """A dashboard view (``dashboard_partition``), soonest determination date first: the tab's
        partition, for a filtered view of ``all`` or ``closed`` the index holding it, and for a filtered
        view of a caseload tab its partition read with the filter until the page is full."""
        _, _, rest = partition.partition(f"{council}#DASH#")
        tab, status, app_type = rest.rsplit("#", 2)
        filtered = (status != "*", app_type != "*")
        if any(filtered) and tab not in INDEXED_TABS:
            return self._filtered_caseload(council, tab, status, app_type, limit=limit, cursor=cursor)
        index = FILTER_INDEXES.get(filtered)
        pk_name = f"{index}pk" if index else "pk"
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "#pk = :pk",
            "ExpressionAttributeNames": {"#pk": pk_name},
            "ExpressionAttributeValues": {":pk": partition},
            "Limit": limit,
        }
        if index:
            kwargs["IndexName"] = index
        start = decode_cursor(cursor, council, partition=(pk_name, partition))
        if start:
            kwargs["ExclusiveStartKey"] = start
        items, last = self.table.query(**kwargs)
        return items, encode_cursor(last, council)

    def caseload(self, council: str, officer: str | None) -> builtins.list[dict[str, Any]]:
        """An officer's open cases as dashboard rows (``officer`` none: the unassigned ones): their tab's
        partition, read whole (a caseload is tens of rows; decided cases are in the ``closed`` tab)."""
        partition = _partition(council, f"officer:{officer}" if officer else "unassigned", None, None)
        return self.table.query_all(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": partition})

    def _filtered_caseload(
        self, council: str, tab: str, status: str, app_type: str, *, limit: int, cursor: str | None
    ) -> tuple[builtins.list[dict[str, Any]], str | None]:
        partition = _partition(council, tab, None, None)
        conditions, names, values = [], {"#pk": "pk"}, {":pk": partition}
        if status != "*":
            conditions.append("#status = :status")
            names["#status"], values[":status"] = "status", status
        if app_type != "*":
            conditions.append("#type = :type")
            names["#type"], values[":type"] = "application_type", app_type
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "#pk = :pk",
            "FilterExpression": " AND ".join(conditions),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
            "Limit": limit,
        }
        start = decode_cursor(cursor, council, partition=("pk", partition))
        found: builtins.list[dict[str, Any]] = []
        while True:
            if start:
                kwargs["ExclusiveStartKey"] = start
            items, start = self.table.query(**kwargs)
            found.extend(items)
            if len(found) >= limit:
                # the page ends at its last row: the next page starts after it, not after what was read
                found = found[:limit]
                start = {"pk": found[-1]["pk"], "sk": found[-1]["sk"]}
                break
            if not start:
                break
        return found, encode_cursor(start, council) if start else None

    def list(
        self, council: str, *, status: str | None, limit: int, cursor: str | None
    ) -> tuple[builtins.list[dict[str, Any]], str | None]:
        """The council's cases as rows (``ROW_FIELDS``), newest first, optionally of one status."""
        keys = _list_keys(council, status, "", "")
        ((pk_name, pk_value),) = ((k, v) for k, v in keys.items() if k.endswith("pk"))
        kwargs: dict[str, Any] = {
            "IndexName": pk_name[:-2],
            "KeyConditionExpression": "#pk = :pk",
            "ExpressionAttributeNames": {"#pk": pk_name},
            "ExpressionAttributeValues": {":pk": pk_value},
            "ScanIndexForward": False,
            "Limit": limit,
        }
        start = decode_cursor(cursor, council, partition=(pk_name, pk_value))
        if start:
            kwargs["ExclusiveStartKey"] = start
        items, last = self.table.query(**kwargs)
        return items, encode_cursor(last, council)
