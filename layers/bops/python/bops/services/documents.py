"""Documents of an application: uploads straight to S3, checked and recorded when they land.

1. ``request_upload``: the API records an upload on the case and hands out a presigned POST whose
   policy fixes the key prefix ``uploads/{council}/{reference}/{document_id}/``, the content type and
   the size range. The file never passes through Lambda.
2. ``record_upload``: S3 -> SQS -> the documents function reads the object once (streaming), hashes
   it, identifies it from its bytes and records a ``received`` or ``rejected`` document with its audit
   entry in one transaction (at most once per document id, however often S3 repeats the event).
   A received document waits for its malware scan (``scan.status`` ``pending``); a rejected file is
   tagged and never served.
3. The malware scan (issue 13, ``bops.adapters.scanner``): locally the scanner reads the bytes at once,
   in the same invocation; in AWS GuardDuty Malware Protection for S3 scans the upload, tags it and
   sends an EventBridge event that the documents function hands to ``record_scan_result``. Clean: the
   file is copied to ``documents/``, a prefix no upload policy can write to, and only that copy is
   ever served. A threat: the document is quarantined (the upload tagged, nothing copied, audited).
4. ``download``: a short-lived presigned GET, for received documents scanned clean only (409 otherwise),
   of the checked copy under documents/ only: a download (``attachment``), or ``inline`` to view a PDF or
   an image in the browser, served as the type its bytes showed (never as what the uploader declared).
5. ``set_publishable``: an officer puts a received, clean document on the public register (or takes it
   off); ``publish_documents`` publishes several at once, all or nothing. ``public_documents`` and
   ``public_download`` show the public only those documents, of published applications; consultees
   see the same list from their link (``consultee_download``), published register or not.
6. ``update_details``: an officer re-tags a document (ODP file types), sets its drawing number and
   whether the decision notice refers to it; audited.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import unquote_plus

from pydantic import AfterValidator, ConfigDict, Field, StrictBool, model_validator

from bops.adapters.scanner import ScanVerdict
from bops.domain import documents as rules
from bops.domain.application import Document, DocumentScan, is_reference
from bops.domain.errors import Conflict, FieldError, InvalidRequest, NotFound
from bops.domain.publication import is_published
from bops.domain.time import iso, london_date, parse_iso
from bops.model import Model
from bops.repository.documents import StoredDocument, Upload
from bops.services.audit import audit_item
from bops.services.context import Context

if TYPE_CHECKING:  # the documents function imports this module: keep its cold start lean
    from bops.auth import Identity

UPLOAD_EXPIRES_IN = 900  # seconds a presigned POST stays usable
DOWNLOAD_EXPIRES_IN = 300  # seconds a presigned GET stays usable (at most 5 minutes)
DOCUMENTS_ACTOR = "system:documents"
REJECTED_TAG = {"bops-status": "rejected"}
QUARANTINED_TAG = {"bops-status": "quarantined"}
CHUNK_BYTES = 1024 * 1024


# --- API models --------------------------------------------------------------------------------
class UploadRequest(Model):
    file_name: Annotated[str, AfterValidator(rules.check_file_name)] = Field(
        description="The file's name as the uploader knows it: no path, at most 200 characters",
        # check_file_name is the rule (it normalises first); the schema states it for clients.
        json_schema_extra={"minLength": 1, "maxLength": rules.MAX_FILE_NAME, "pattern": r"^[^/\\]+$"},
    )
    content_type: Annotated[str, AfterValidator(rules.check_content_type)] = Field(
        description="application/pdf, image/png or image/jpeg; the upload must be sent with exactly this type",
        json_schema_extra={"enum": list(rules.ACCEPTED_CONTENT_TYPES)},
    )
    tags: list[Annotated[str, AfterValidator(rules.check_tag), Field(json_schema_extra=rules.FILE_TYPE_SCHEMA)]] = (
        Field(
            default_factory=list,
            max_length=rules.MAX_TAGS,
            description="ODP file type codes this document provides, e.g. sitePlan.proposed",
        )
    )
    drawing_number: Annotated[str, AfterValidator(rules.check_drawing_number)] | None = Field(
        None,
        max_length=rules.MAX_DRAWING_NUMBER,
        description="The drawing number, as on the drawing (e.g. PL-02), when the document is a drawing",
    )


class UploadCreated(Model):
    document_id: str
    url: str = Field(description="POST the file here as multipart/form-data, with every field below first")
    fields: dict[str, str]
    key_prefix: str
    max_bytes: int
    expires_in: int = Field(description="Seconds the upload form stays usable")


class DocumentDownload(Model):
    document_id: str
    file_name: str
    content_type: str | None
    size: int
    sha256: str | None
    url: str = Field(description="A presigned GET of the document")
    expires_in: int
    disposition: Literal["attachment", "inline"] = Field(
        "attachment", description="attachment: the link downloads the file; inline: the browser shows it"
    )


class PublicationRequest(Model):
    publishable: StrictBool = Field(
        description="true to show the document on the public register, false to take it off"
    )


class DocumentDetails(Model):
    """An officer's change to a document's details: only the fields sent are changed."""

    # at least one field: the schema says so too, so clients (and schemathesis) know {} is refused
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    # null is refused (it would clear what a case must have): absent means unchanged, so the schema has no null
    tags: (
        list[Annotated[str, AfterValidator(rules.check_tag), Field(json_schema_extra=rules.FILE_TYPE_SCHEMA)]] | None
    ) = Field(
        None,
        min_length=1,
        max_length=rules.MAX_TAGS,
        description="The ODP file type codes the document provides (replacing its tags), e.g. sitePlan.proposed",
    )
    drawing_number: Annotated[str, AfterValidator(rules.check_drawing_number)] | None = Field(
        None,
        max_length=rules.MAX_DRAWING_NUMBER,
        description="The drawing number, as on the drawing (e.g. PL-02); an empty string removes it",
    )
    on_decision_notice: StrictBool | None = Field(
        None, description="Whether the decision notice refers to this document (its approved plans)"
    )

    @model_validator(mode="after")
    def _something(self) -> DocumentDetails:
        if not self.model_fields_set & {"tags", "drawing_number", "on_decision_notice"}:
            raise ValueError("send at least one of tags, drawing_number, on_decision_notice")
        # null tags or flag: left as they are (null is "no change", never "none")
        return self


MAX_PUBLISH = 50  # one transaction: a conditional update per document, and the audit entry


class PublishDocuments(Model):
    document_ids: list[str] = Field(
        min_length=1, max_length=MAX_PUBLISH, description="The documents to put on the public register, all or none"
    )


class PublishedDocuments(Model):
    documents: list[Document] = Field(description="The documents published, as they are now")


class PublicDocument(Model):
    """A document as the public register shows it: nothing about who uploaded it or how it was checked."""

    id: str
    file_name: str
    tags: list[str] = Field(description="ODP file type codes, e.g. sitePlan.proposed")
    type_names: list[str] = Field(
        default_factory=list, description="The readable name of each tag, in the same order, e.g. 'Proposed site plan'"
    )
    drawing_number: str | None = Field(None, description="The drawing number, as on the drawing")
    content_type: str | None = Field(
        None, description="The type its bytes show: application/pdf, image/png, image/jpeg"
    )
    size: int = Field(description="Bytes")
    received_on: str = Field(description="The date the council received the document")


class PublicDocumentLink(Model):
    document_id: str
    file_name: str
    url: str = Field(description="A presigned GET of the document")
    expires_in: int
    disposition: Literal["attachment", "inline"] = Field(
        "attachment", description="attachment: the link downloads the file; inline: the browser shows it"
    )


# --- the API side --------------------------------------------------------------------------------
def request_upload(ctx: Context, identity: Identity, reference: str, request: UploadRequest) -> UploadCreated:
    """Records an upload on the case and hands out the form to send the file straight to S3."""
    council = identity.council
    from bops.services.cases import load_case

    load_case(ctx, council, reference)  # NotFound for an unknown case or one of another council
    document_id = uuid.uuid4().hex
    prefix = rules.upload_prefix(council, reference, document_id)
    ctx.repo.documents.add_upload(
        council,
        reference,
        Upload(
            document_id=document_id,
            file_name=request.file_name,
            content_type=request.content_type,
            tags=list(dict.fromkeys(request.tags)),
            drawing_number=request.drawing_number or None,
            requested_by=identity.actor,
            requested_at=iso(ctx.clock.now()),
        ),
    )
    form = ctx.storage.presigned_post(
        key_prefix=prefix,
        content_type=request.content_type,
        max_bytes=rules.MAX_UPLOAD_BYTES,
        expires_in=UPLOAD_EXPIRES_IN,
    )
    return UploadCreated(
        document_id=document_id,
        url=form["url"],
        fields={k: str(v) for k, v in form["fields"].items()},
        key_prefix=prefix,
        max_bytes=rules.MAX_UPLOAD_BYTES,
        expires_in=UPLOAD_EXPIRES_IN,
    )


def disposition_of(query: dict[str, Any]) -> Literal["attachment", "inline"]:
    """The ``?disposition=`` of a document link (attachment by default); 422 naming it otherwise."""
    try:
        value = rules.check_disposition(query.get("disposition"))
    except ValueError as error:
        raise InvalidRequest(
            "disposition must be attachment or inline", fields=[FieldError("disposition", str(error))]
        ) from error
    return "inline" if value == "inline" else "attachment"


def _link(ctx: Context, document: StoredDocument, disposition: str) -> str:
    """A presigned GET of the checked copy (documents/), as a download or to view: PDFs and images only are
    shown inline, as the type their bytes showed; anything else is a Conflict (it may only be downloaded)."""
    if not document.key:
        raise NotFound(f"No document {document.id}")
    name = rules.download_name(document.file_name)
    inline_as = None
    if disposition == "inline":
        inline_as = rules.viewable_as(document.content_type)
        if inline_as is None:
            raise Conflict(rules.NOT_VIEWABLE)
    return ctx.storage.presigned_get(document.key, file_name=name, expires_in=DOWNLOAD_EXPIRES_IN, inline_as=inline_as)


def download(
    ctx: Context,
    identity: Identity,
    reference: str,
    document_id: str,
    disposition: Literal["attachment", "inline"] = "attachment",
) -> DocumentDownload:
    """A short-lived link to a received document scanned clean, to download or (``inline``) to view. Rejected
    and unknown documents are both 'not found'; one still being scanned, quarantined or not scannable is a
    Conflict saying so."""
    missing = NotFound(f"No document {document_id} on application {reference}")
    if not is_reference(reference) or not rules.DOCUMENT_ID_PATTERN.match(document_id):
        raise missing
    document = ctx.repo.documents.get(identity.council, reference, document_id)
    if document is None or document.status != "received":
        raise missing
    refusal = rules.scan_refusal(_scan_status(document))
    if refusal:
        raise Conflict(refusal)
    if not document.key:
        raise missing
    return DocumentDownload(
        document_id=document_id,
        file_name=document.file_name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        url=_link(ctx, document, disposition),
        expires_in=DOWNLOAD_EXPIRES_IN,
        disposition=disposition,
    )


def set_publishable(
    ctx: Context, identity: Identity, reference: str, document_id: str, request: PublicationRequest
) -> Document:
    """Marks a document publishable (only a received, current one: else Conflict) or not publishable.

    The flag, who changed it and when, and the audit entry are written in one transaction, guarded by
    the flag as it was read (and, when publishing, by the document still being received and current).
    Asking for what is already so changes nothing.
    """
    if not is_reference(reference) or not rules.DOCUMENT_ID_PATTERN.match(document_id):
        raise NotFound(f"No document {document_id} on application {reference}")
    document = ctx.repo.documents.get(identity.council, reference, document_id)
    if document is None:
        raise NotFound(f"No document {document_id} on application {reference}")
    was = document.publishable
    if request.publishable:
        refusal = rules.publication_refusal(
            status=document.status, archived=document.archived, scan=_scan_status(document)
        )
        if refusal:
            raise Conflict(refusal)
    if was == request.publishable:
        return Document.model_validate(document.model_dump())

    at = iso(ctx.clock.now())
    audit = audit_item(
        identity.council,
        reference,
        at=at,
        actor=identity.actor,
        action="document.published" if request.publishable else "document.unpublished",
        before={"document_id": document_id, "publishable": was},
        after={"document_id": document_id, "publishable": request.publishable},
    )
    ctx.repo.documents.set_publishable(
        identity.council,
        reference,
        document_id,
        publishable=request.publishable,
        was=was,
        by=identity.actor,
        at=at,
        audit=audit,
        conflict_message=f"Document {document_id} changed meanwhile: reload the application and try again",
    )
    changed = {
        "publishable": request.publishable,
        "publishable_changed_by": identity.actor,
        "publishable_changed_at": at,
    }
    return Document.model_validate({**document.model_dump(), **changed})


def publish_documents(
    ctx: Context, identity: Identity, reference: str, request: PublishDocuments
) -> PublishedDocuments:
    """Puts several documents on the public register at once, all or none.

    An id that is not a document of the application is a 422 naming it; a document that may not be
    published (rejected, replaced, not scanned clean) is a 409 naming the first such one, and nothing is
    published. The flags and one audit entry are one transaction, each document guarded as it was read.
    """
    council = identity.council
    from bops.services.cases import load_case

    load_case(ctx, council, reference)
    documents = {d.id: d for d in ctx.repo.documents.list(council, reference)}
    ids = list(dict.fromkeys(request.document_ids))
    unknown = [
        FieldError(f"document_ids[{i}]", "is not a document of this application")
        for i, document_id in enumerate(request.document_ids)
        if document_id not in documents
    ]
    if unknown:
        raise InvalidRequest("Some documents are not documents of this application", fields=unknown[:20])
    for document_id in ids:
        document = documents[document_id]
        refusal = rules.publication_refusal(
            status=document.status, archived=document.archived, scan=_scan_status(document)
        )
        if refusal:
            raise Conflict(f"{document.file_name} cannot be published, so none were: {refusal}")
    at = iso(ctx.clock.now())
    audit = audit_item(
        council,
        reference,
        at=at,
        actor=identity.actor,
        action="documents.published",
        before={"document_ids": [i for i in ids if documents[i].publishable]},
        after={"document_ids": ids, "publishable": True},
    )
    ctx.repo.documents.publish_many(
        council,
        reference,
        ids,
        by=identity.actor,
        at=at,
        audit=audit,
        conflict_message="A document changed meanwhile (replaced or scanned): reload the application and try again",
    )
    changed = {"publishable": True, "publishable_changed_by": identity.actor, "publishable_changed_at": at}
    return PublishedDocuments(
        documents=[Document.model_validate({**documents[i].model_dump(), **changed}) for i in ids]
    )


def update_details(
    ctx: Context, identity: Identity, reference: str, document_id: str, request: DocumentDetails
) -> Document:
    """Re-tags a document, sets its drawing number and whether the decision notice refers to it.

    Only the fields sent change; the change and its audit entry (before and after) are one transaction,
    guarded by the details as they were read (409 when another officer changed them meanwhile). A
    rejected document has no details to change (404, as for a download).
    """
    missing = NotFound(f"No document {document_id} on application {reference}")
    if not is_reference(reference) or not rules.DOCUMENT_ID_PATTERN.match(document_id):
        raise missing
    document = ctx.repo.documents.get(identity.council, reference, document_id)
    if document is None or document.status != "received":
        raise missing
    wanted: dict[str, Any] = {}
    if "tags" in request.model_fields_set and request.tags is not None:
        wanted["tags"] = list(dict.fromkeys(request.tags))
    if "drawing_number" in request.model_fields_set:
        wanted["drawing_number"] = request.drawing_number or None
    if "on_decision_notice" in request.model_fields_set and request.on_decision_notice is not None:
        wanted["on_decision_notice"] = request.on_decision_notice
    current = document.model_dump()
    changes = {k: v for k, v in wanted.items() if current.get(k) != v}
    if not changes:
        return Document.model_validate(current)
    at = iso(ctx.clock.now())
    audit = audit_item(
        identity.council,
        reference,
        at=at,
        actor=identity.actor,
        action="document.details_changed",
        before={"document_id": document_id, **{k: current.get(k) for k in changes}},
        after={"document_id": document_id, **changes},
    )
    ctx.repo.documents.update_details(
        identity.council,
        reference,
        document_id,
        changes=changes,
        was_changed_at=document.details_changed_at,
        by=identity.actor,
        at=at,
        audit=audit,
        conflict_message=f"Document {document_id} changed meanwhile: reload the application and try again",
    )
    return Document.model_validate(
        {**current, **changes, "details_changed_by": identity.actor, "details_changed_at": at}
    )


# --- the public's side ---------------------------------------------------------------------------
def _scan_status(document: Document) -> str | None:
    return document.scan.status if document.scan else None


def _is_public(document: StoredDocument) -> bool:
    return rules.is_public(
        status=document.status,
        archived=document.archived,
        publishable=document.publishable,
        key=document.key,
        scan=_scan_status(document),
    )


def public_documents(ctx: Context, council: str, reference: str) -> list[PublicDocument]:
    """The publishable documents of an application (the caller has checked the application is published)."""
    documents = ctx.repo.documents.list(council, reference)
    # numbered drawings first, by drawing number (PL-01, PL-02, ...), then the rest as they arrived
    shown = sorted(
        (d for d in documents if _is_public(d)),
        key=lambda d: (d.drawing_number is None, d.drawing_number or "", d.uploaded_at, d.file_name),
    )
    return [
        PublicDocument(
            id=d.id,
            file_name=d.file_name,
            tags=list(d.tags),
            type_names=d.type_names,
            drawing_number=d.drawing_number,
            content_type=d.content_type,
            size=d.size,
            received_on=london_date(parse_iso(d.uploaded_at)).isoformat(),
        )
        for d in shown
    ]


def public_download(
    ctx: Context,
    council: str,
    reference: str,
    document_id: str,
    disposition: Literal["attachment", "inline"] = "attachment",
) -> PublicDocumentLink:
    """A short-lived link to a publishable document of a published application; anything else is 'not found'."""
    known = is_reference(reference) and council.replace("-", "").isalnum()
    case = ctx.repo.cases.get(council, reference) if known else None
    if not case or not is_published(case):
        raise NotFound(f"No published application {reference}")
    return _published_link(ctx, council, reference, document_id, disposition)


def consultee_download(
    ctx: Context,
    council: str,
    reference: str,
    document_id: str,
    disposition: Literal["attachment", "inline"] = "attachment",
) -> PublicDocumentLink:
    """A link to one of the documents a consultee's page lists (the application's publishable documents,
    whether or not the application is on the public register yet); anything else is 'not found'.
    The caller has checked the consultee's link."""
    return _published_link(ctx, council, reference, document_id, disposition)


def _published_link(
    ctx: Context, council: str, reference: str, document_id: str, disposition: Literal["attachment", "inline"]
) -> PublicDocumentLink:
    document = (
        ctx.repo.documents.get(council, reference, document_id)
        if rules.DOCUMENT_ID_PATTERN.match(document_id)
        else None
    )
    if document is None or not _is_public(document) or document.key is None:
        raise NotFound(f"No published document {document_id} on application {reference}")
    return PublicDocumentLink(
        document_id=document_id,
        file_name=document.file_name,
        url=_link(ctx, document, disposition),
        expires_in=DOWNLOAD_EXPIRES_IN,
        disposition=disposition,
    )


# --- the event side ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recorded:
    """What became of one uploaded object. Carries no personal data: it is logged as is."""

    outcome: Literal["received", "rejected", "duplicate", "skipped", "clean", "threat", "failed"]
    detail: str = ""
    council: str | None = None
    reference: str | None = None
    document_id: str | None = None
    content_type: str | None = None
    size: int | None = None
    scan: str | None = None  # a received document's scan status once recorded (pending, clean, ...)

    def log_fields(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


@dataclass(frozen=True)
class _Checked:
    size: int
    sha256: str | None
    content_type: str | None
    etag: str | None
    reason: str | None
    version_id: str | None = None


class ScanNotYetRecordable(Exception):
    """A scan result for an upload not recorded yet: raised so the event is retried once it is."""


def record_upload(ctx: Context, *, bucket: str, key: str, event_time: str | None = None) -> Recorded:
    """Checks and records one uploaded object (``key`` already URL-decoded). Idempotent.

    Objects that are not uploads of a known case are skipped, not failed: retrying cannot help them.
    A missing object or a storage error raises, so the message is retried and then dead-lettered.
    """
    if bucket != ctx.storage.bucket:
        return Recorded("skipped", "object of another bucket")
    parsed = rules.parse_upload_key(key)
    if parsed is None:
        return Recorded("skipped", "key is not an upload key")
    ids: dict[str, Any] = {"council": parsed.council, "reference": parsed.reference, "document_id": parsed.document_id}
    council, reference = parsed.council, parsed.reference
    if not ctx.repo.cases.get(parsed.council, parsed.reference):
        return Recorded("skipped", "no such application", **ids)

    existing = ctx.repo.documents.get(council, reference, parsed.document_id)
    if existing is not None:
        return _already_recorded(ctx, existing, key, ids)
    upload = ctx.repo.documents.upload(council, reference, parsed.document_id)
    if upload is None:
        ctx.storage.tag(key, REJECTED_TAG)
        return Recorded("skipped", "no upload was requested for this document id", **ids)

    checked = _check_object(ctx, key, declared=upload.content_type)
    status: Literal["received", "rejected"] = "rejected" if checked.reason else "received"
    # Storage first, then the record: a retry after a crash repeats the (idempotent) tag. A received
    # file is copied to documents/ only once it is scanned clean.
    if checked.reason:
        ctx.storage.tag(key, REJECTED_TAG)

    at = iso(ctx.clock.now())
    document = StoredDocument(
        id=parsed.document_id,
        file_name=upload.file_name or parsed.file_name,
        content_type=checked.content_type,
        declared_content_type=upload.content_type,
        size=checked.size,
        sha256=checked.sha256,
        status=status,
        rejected_reason=checked.reason,
        tags=upload.tags,
        drawing_number=upload.drawing_number,
        uploaded_at=_event_time(event_time) or at,
        uploaded_by=upload.requested_by,
        upload_key=key,
        key=None,
        upload_etag=checked.etag,
        upload_version=checked.version_id,
        recorded_at=at,
        scan=None
        if checked.reason
        else DocumentScan(status=rules.SCAN_PENDING, scanner=ctx.scanner.name, requested_at=at),
    )
    audit = audit_item(
        parsed.council,
        parsed.reference,
        at=at,
        actor=DOCUMENTS_ACTOR,
        action=f"document.{status}",
        reason=checked.reason,
        after={
            "document_id": parsed.document_id,
            "status": status,
            "content_type": checked.content_type,
            "size": checked.size,
            "sha256": checked.sha256,
            "tags": document.tags,
        },
        key=parsed.document_id,
    )
    try:
        ctx.repo.documents.record(
            council,
            reference,
            document,
            audit=audit,
            conflict_message=f"Document {parsed.document_id} is already recorded",
        )
    except Conflict:
        return Recorded("duplicate", "recorded by a concurrent delivery", **ids)
    scan = _scan(ctx, document, ids) if status == "received" else None
    return Recorded(
        status, checked.reason or "", content_type=checked.content_type, size=checked.size, scan=scan, **ids
    )


def record_scan_result(
    ctx: Context,
    *,
    bucket: str,
    key: str,
    result: str,
    scanner: str,
    etag: str | None = None,
    version_id: str | None = None,
) -> Recorded:
    """Records a scanner's verdict on an upload, as GuardDuty's EventBridge event reports it. Idempotent.

    Scans of objects that are not uploads of a known case, of files rejected when checked, or of other
    bytes than those checked (a later overwrite of the key) are skipped. A result for an upload not
    recorded yet raises ``ScanNotYetRecordable``, so the event is retried after the upload is recorded.
    """
    if bucket != ctx.storage.bucket:
        return Recorded("skipped", "object of another bucket")
    parsed = rules.parse_upload_key(key)
    if parsed is None:
        return Recorded("skipped", "key is not an upload key")
    ids: dict[str, Any] = {"council": parsed.council, "reference": parsed.reference, "document_id": parsed.document_id}
    document = ctx.repo.documents.get(parsed.council, parsed.reference, parsed.document_id)
    if document is None:
        if ctx.repo.documents.upload(parsed.council, parsed.reference, parsed.document_id) is None:
            return Recorded("skipped", "no upload was requested for this document id", **ids)
        raise ScanNotYetRecordable(f"document {parsed.document_id} is not recorded yet")
    # S3's own notifications URL-encode keys; take GuardDuty's either way rather than miss a verdict
    if document.upload_key not in (key, unquote_plus(key)):
        return Recorded("skipped", "a scan of another file sent with the same upload form", **ids)
    if document.status != "received" or document.scan is None:
        return Recorded("skipped", "the document was rejected when it was checked", **ids)
    if _other_bytes(document, etag=etag, version_id=version_id):
        return Recorded("skipped", "a scan of other bytes than those checked", **ids)
    return _record_verdict(ctx, document, ScanVerdict(result, scanner), ids)


def _other_bytes(document: StoredDocument, *, etag: str | None, version_id: str | None) -> bool:
    if version_id and document.upload_version:
        return version_id != document.upload_version
    if etag and document.upload_etag:
        return etag.strip('"') != document.upload_etag.strip('"')
    return False


def _record_verdict(ctx: Context, document: StoredDocument, verdict: ScanVerdict, ids: dict[str, Any]) -> Recorded:
    """Records a verdict on a document waiting for its scan: clean is copied to documents/ and served,
    a threat quarantined, a failed scan never served. Each recorded once, with its audit entry."""
    council, reference = ids["council"], ids["reference"]
    if document.scan is None or document.scan.status != rules.SCAN_PENDING:
        return Recorded("duplicate", "scan already recorded", **ids)
    status = rules.scan_status(verdict.result) or rules.SCAN_FAILED
    upload_key = document.upload_key or ""
    stored = None
    # Storage first, then the record (as for the upload): repeating the copy or the tag is harmless.
    if status == rules.SCAN_CLEAN:
        stored = rules.stored_key(council, reference, document.id)
        ctx.storage.copy(
            upload_key,
            stored,
            if_match=document.upload_etag,
            version_id=document.upload_version,
            content_type=document.content_type,  # as its bytes showed, not as the upload said
        )
    elif status == rules.SCAN_THREAT:
        ctx.storage.tag(upload_key, QUARANTINED_TAG)
    at = iso(ctx.clock.now())
    scan = DocumentScan(
        status=status,
        scanner=verdict.scanner,
        requested_at=document.scan.requested_at,
        at=at,
        result=verdict.result,
        message=rules.SCAN_MESSAGES.get(status),
    )
    audit = audit_item(
        council,
        reference,
        at=at,
        actor=f"system:scanner:{verdict.scanner}",
        action=_SCAN_ACTIONS[status],
        reason=rules.SCAN_MESSAGES.get(status),
        before={"document_id": document.id, "scan": rules.SCAN_PENDING},
        after={"document_id": document.id, "scan": status, "result": verdict.result, "rules": verdict.detail or None},
        key=f"{document.id}-scan",
    )
    try:
        ctx.repo.documents.record_scan(
            council,
            reference,
            document.id,
            scan=scan,
            key=stored,
            audit=audit,
            conflict_message=f"The scan of document {document.id} is already recorded",
        )
    except Conflict:
        return Recorded("duplicate", "scan recorded by a concurrent delivery", **ids)
    outcome: Literal["clean", "threat", "failed"] = status  # type: ignore[assignment]
    return Recorded(outcome, verdict.detail, scan=status, **ids)


_SCAN_ACTIONS = {
    rules.SCAN_CLEAN: "document.scanned_clean",
    rules.SCAN_THREAT: "document.quarantined",
    rules.SCAN_FAILED: "document.scan_failed",
}


def _already_recorded(ctx: Context, existing: StoredDocument, key: str, ids: dict[str, Any]) -> Recorded:
    """A repeated event, or a second file sent with the same upload form: the first one recorded wins.

    A repeat of a document still waiting for its scan asks the scanner again: the delivery that recorded
    it may have failed while scanning, and this retry is what finishes the job.
    """
    if existing.upload_key and existing.upload_key != key:
        ctx.storage.tag(key, REJECTED_TAG)  # a later file under the same document id is never used
        return Recorded("duplicate", "another file was already recorded for this document id", **ids)
    scan = None
    if existing.status == "received" and existing.scan and existing.scan.status == rules.SCAN_PENDING:
        scan = _scan(ctx, existing, ids)
    return Recorded("duplicate", "already recorded", scan=scan, **ids)


def _scan(ctx: Context, document: StoredDocument, ids: dict[str, Any]) -> str:
    """Asks the scanner about a document waiting for its scan; records a verdict if there is one.

    Locally the verdict is known at once; GuardDuty's usually comes later, by its event (but the upload
    may be tagged already: then this records it and the event finds nothing left to do).
    """
    verdict = ctx.scanner.scan(
        ctx.storage.bucket, document.upload_key or "", version_id=document.upload_version, etag=document.upload_etag
    )
    if verdict is None:
        return rules.SCAN_PENDING
    recorded = _record_verdict(ctx, document, verdict, ids)
    return recorded.scan or rules.SCAN_PENDING


def _check_object(ctx: Context, key: str, *, declared: str | None) -> _Checked:
    """Reads the object once, as a stream: its size, SHA-256 and first bytes, and the verdict on them."""
    response = ctx.storage.get_object(key)
    body = response["Body"]
    etag = response.get("ETag")
    version_id = response.get("VersionId")
    if version_id == "null":  # an object written before versioning was on: no version to name
        version_id = None
    length = int(response.get("ContentLength") or 0)
    if length > rules.MAX_UPLOAD_BYTES:
        body.close()  # never read a file we refuse anyway (the upload policy stops these in AWS)
        return _Checked(length, None, None, etag, rules.REJECTED_TOO_LARGE)
    digest = hashlib.sha256()
    head = b""
    size = 0
    try:
        for chunk in body.iter_chunks(CHUNK_BYTES):
            if len(head) < rules.SNIFF_BYTES:
                head += chunk[: rules.SNIFF_BYTES - len(head)]
            digest.update(chunk)
            size += len(chunk)
            if size > rules.MAX_UPLOAD_BYTES:
                return _Checked(size, None, None, etag, rules.REJECTED_TOO_LARGE)
    finally:
        body.close()
    reason = rules.rejection_reason(head=head, size=size, declared=declared)
    return _Checked(size, digest.hexdigest(), rules.identify(head), etag, reason, version_id)


def _event_time(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return iso(parse_iso(value))
    except ValueError:
        return None
