"""Documents of an application and the uploads asked for them.

Items on the application's partition (pk ``{council}#APP#{reference}``):
  ``UPLOAD#{document_id}``   an upload an officer or applicant asked for (``Upload``): what the file is said to be
  ``DOC#{document_id}``      a document recorded from an uploaded file (``StoredDocument``), received or rejected
A document's id is its upload's id, so an upload is recorded at most once. A received document carries
its malware scan (``scan``); its ``key`` (the copy under documents/, the only one served) is set when the
scan says it is clean.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import Field

from bops.domain.application import Document, DocumentScan
from bops.model import Model
from bops.repository.keys import app_pk
from bops.repository.writes import audit_write, put_write

if TYPE_CHECKING:
    from bops.repository.table import Table

DOCUMENT_PREFIX = "DOC#"
UPLOAD_PREFIX = "UPLOAD#"
NEW = "attribute_not_exists(pk)"
SCANNER_FIELDS = ("scan", "key")  # written by record_scan only, once a document exists


def document_sk(document_id: str) -> str:
    return f"{DOCUMENT_PREFIX}{document_id}"


def upload_sk(document_id: str) -> str:
    return f"{UPLOAD_PREFIX}{document_id}"


class Upload(Model):
    """An upload handed out: the file's name, declared content type and tags, and who asked for it."""

    document_id: str
    file_name: str
    content_type: str
    tags: list[str] = Field(default_factory=list)
    drawing_number: str | None = None
    requested_by: str
    requested_at: str


class StoredDocument(Document):
    """A document as stored: what officers see (``Document``) and where its file is."""

    declared_content_type: str | None = None  # what the uploader said it was
    upload_key: str | None = None  # the object uploaded (never served)
    key: str | None = None  # the copy under documents/ (the only one served): set once scanned clean
    upload_etag: str | None = None  # the bytes checked (and scanned): a scan of other bytes is not theirs
    upload_version: str | None = None  # the upload's S3 version, when the bucket keeps versions
    recorded_at: str | None = None
    archived_reason: str | None = None
    replaces: str | None = None  # the document this one replaced through a validation request


class DocumentRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    # --- uploads ------------------------------------------------------------------------------------
    def add_upload(self, council: str, reference: str, upload: Upload) -> None:
        """Records an upload handed out; Conflict when its id is taken."""
        item = {"pk": app_pk(council, reference), "sk": upload_sk(upload.document_id), "kind": "upload"}
        self.table.put({**item, **upload.model_dump(exclude_none=True)}, condition=NEW)

    def upload(self, council: str, reference: str, document_id: str) -> Upload | None:
        item = self.table.get(app_pk(council, reference), upload_sk(document_id))
        return Upload.model_validate(item) if item else None

    # --- documents ----------------------------------------------------------------------------------
    def get(self, council: str, reference: str, document_id: str) -> StoredDocument | None:
        item = self.table.get(app_pk(council, reference), document_sk(document_id))
        return StoredDocument.model_validate(item) if item else None

    def list(self, council: str, reference: str) -> list[StoredDocument]:
        """Every document of the application, received or rejected, current or archived."""
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :doc)",
            ExpressionAttributeValues={":pk": app_pk(council, reference), ":doc": DOCUMENT_PREFIX},
        )
        return [StoredDocument.model_validate(i) for i in items]

    def _item(self, council: str, reference: str, document: StoredDocument) -> dict[str, Any]:
        keys = {"pk": app_pk(council, reference), "sk": document_sk(document.id), "kind": "document"}
        # type_names are worked out from the tags when read, never stored (a renamed type shows at once)
        return {**keys, **document.model_dump(mode="json", exclude={"type_names"})}

    def record(
        self,
        council: str,
        reference: str,
        document: StoredDocument,
        *,
        audit: Mapping[str, Any],
        conflict_message: str,
    ) -> None:
        """Records a new document with its audit entry, all or nothing; Conflict when it is recorded already."""
        self.table.transact(
            [put_write(self._item(council, reference, document), condition=NEW), audit_write(audit)],
            conflict_message=conflict_message,
        )

    def save(self, council: str, reference: str, document: StoredDocument) -> None:
        """Writes a document as it is (tags, archiving, replacement), except its scan verdict and served key.

        Those two are the scanner's to write (``record_scan``): a save of a document read while its scan was
        pending must not undo a verdict recorded meanwhile (a new document takes them as given).
        """
        item = self._item(council, reference, document)
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        assignments, removals = [], []
        for index, (field, value) in enumerate(item.items()):
            if field in ("pk", "sk"):
                continue
            name, placeholder = f"#f{index}", f":v{index}"
            if field in SCANNER_FIELDS:
                if value is not None:  # None is "not yet": never written over what the scanner wrote
                    names[name], values[placeholder] = field, value
                    assignments.append(f"{name} = if_not_exists({name}, {placeholder})")
            elif value is None:  # as a put would: an attribute without a value is not stored
                names[name] = field
                removals.append(name)
            else:
                names[name], values[placeholder] = field, value
                assignments.append(f"{name} = {placeholder}")
        expression = "SET " + ", ".join(assignments) + (" REMOVE " + ", ".join(removals) if removals else "")
        self.table.update(item["pk"], item["sk"], expression=expression, names=names, values=values)

    def record_scan(
        self,
        council: str,
        reference: str,
        document_id: str,
        *,
        scan: DocumentScan,
        key: str | None,
        audit: Mapping[str, Any],
        conflict_message: str,
    ) -> None:
        """Records the scanner's verdict (and, when clean, the served copy's key) with its audit entry.

        Only a document still waiting for its scan takes a verdict: Conflict when it has one already
        (a repeated event), so a verdict is recorded and audited once.
        """
        names = {"#scan": "scan", "#status": "status"}
        values: dict[str, Any] = {":scan": scan.model_dump(mode="json"), ":pending": "pending"}
        update_expression = "SET #scan = :scan"
        if key is not None:
            names["#key"] = "key"
            values[":key"] = key
            update_expression += ", #key = :key"
        update: dict[str, Any] = {
            "Key": {"pk": app_pk(council, reference), "sk": document_sk(document_id)},
            "UpdateExpression": update_expression,
            "ConditionExpression": "attribute_exists(pk) AND #scan.#status = :pending",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        self.table.transact([{"Update": update}, audit_write(audit)], conflict_message=conflict_message)

    def set_publishable(
        self,
        council: str,
        reference: str,
        document_id: str,
        *,
        publishable: bool,
        was: bool,
        by: str,
        at: str,
        audit: Mapping[str, Any],
        conflict_message: str,
    ) -> None:
        """Puts a document on the public register or takes it off, with its audit entry, all or nothing.

        Guarded by the flag as it was read (``was``) and, when publishing, by the document still being
        received, current and scanned clean: Conflict when any of that changed meanwhile.
        """
        values: dict[str, Any] = {":p": publishable, ":by": by, ":at": at, ":was": was}
        condition = "attribute_exists(pk) AND " + (
            "publishable = :was" if was else "(attribute_not_exists(publishable) OR publishable = :was)"
        )
        update: dict[str, Any] = {
            "Key": {"pk": app_pk(council, reference), "sk": document_sk(document_id)},
            "UpdateExpression": "SET publishable = :p, publishable_changed_by = :by, publishable_changed_at = :at",
            "ExpressionAttributeValues": values,
        }
        if publishable:
            # received, current and scanned clean, as it was read: a publication never races a scan
            condition += (
                " AND #status = :received AND (attribute_not_exists(archived) OR archived = :no)"
                " AND #scan.#status = :clean"
            )
            values.update({":received": "received", ":no": False, ":clean": "clean"})
            update["ExpressionAttributeNames"] = {"#status": "status", "#scan": "scan"}
        update["ConditionExpression"] = condition
        self.table.transact([{"Update": update}, audit_write(audit)], conflict_message=conflict_message)

    def publish_many(
        self,
        council: str,
        reference: str,
        document_ids: Sequence[str],
        *,
        by: str,
        at: str,
        audit: Mapping[str, Any],
        conflict_message: str,
    ) -> None:
        """Publishes several documents with one audit entry in one transaction, all or nothing: each
        must still be received, current and scanned clean (Conflict otherwise). At most 50 documents
        (a transaction holds 100 writes)."""
        writes: list[dict[str, Any]] = []
        for document_id in document_ids:
            update = {
                "Key": {"pk": app_pk(council, reference), "sk": document_sk(document_id)},
                "UpdateExpression": "SET publishable = :p, publishable_changed_by = :by, publishable_changed_at = :at",
                "ConditionExpression": (
                    "attribute_exists(pk) AND #status = :received"
                    " AND (attribute_not_exists(archived) OR archived = :no) AND #scan.#status = :clean"
                ),
                "ExpressionAttributeNames": {"#status": "status", "#scan": "scan"},
                "ExpressionAttributeValues": {
                    ":p": True,
                    ":by": by,
                    ":at": at,
                    ":received": "received",
                    ":no": False,
                    ":clean": "clean",
                },
            }
            writes.append({"Update": update})
        writes.append(audit_write(audit))
        self.table.transact(writes, conflict_message=conflict_message)

    def update_details(
        self,
        council: str,
        reference: str,
        document_id: str,
        *,
        changes: Mapping[str, Any],
        was_changed_at: str | None,
        by: str,
        at: str,
        audit: Mapping[str, Any],
        conflict_message: str,
    ) -> None:
        """Writes an officer's change to a document's details (tags, drawing number, decision notice flag)
        with its audit entry, all or nothing; guarded by the details as they were read (Conflict when
        another officer changed them meanwhile). A value of None removes the attribute."""
        names: dict[str, str] = {}
        values: dict[str, Any] = {":by": by, ":at": at}
        assignments = ["details_changed_by = :by", "details_changed_at = :at"]
        removals = []
        for index, (field, value) in enumerate(changes.items()):
            names[f"#f{index}"] = field
            if value is None:
                removals.append(f"#f{index}")
            else:
                values[f":v{index}"] = value
                assignments.append(f"#f{index} = :v{index}")
        expression = "SET " + ", ".join(assignments) + (" REMOVE " + ", ".join(removals) if removals else "")
        condition = "attribute_exists(pk) AND " + (
            "details_changed_at = :was" if was_changed_at else "attribute_not_exists(details_changed_at)"
        )
        if was_changed_at:
            values[":was"] = was_changed_at
        update: dict[str, Any] = {
            "Key": {"pk": app_pk(council, reference), "sk": document_sk(document_id)},
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeValues": values,
        }
        if names:
            update["ExpressionAttributeNames"] = names
        self.table.transact([{"Update": update}, audit_write(audit)], conflict_message=conflict_message)
