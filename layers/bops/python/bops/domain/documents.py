"""Uploaded documents: what their bytes say they are, and whether the back office accepts them. Pure.

A file is identified by its first bytes (its "magic number"), never by its name or the content type a
client declared: a text file named ``plan.pdf`` is not a PDF.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from bops.domain.application import COUNCIL_ID_PATTERN, is_reference
from bops.domain.file_types import file_types
from bops.resources import DOCUMENTS_PREFIX, UPLOADS_PREFIX

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
ACCEPTED_CONTENT_TYPES = (PDF, PNG, JPEG)

MAX_UPLOAD_BYTES = 30 * 1024 * 1024  # 30 MB, the content-length-range of the upload policy
MAX_FILE_NAME = 200
MAX_TAGS = 20
SNIFF_BYTES = 8  # the longest signature below (PNG)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
)

# Why a document is rejected (shown to officers; no personal data).
REJECTED_EMPTY = "empty file"
REJECTED_TOO_LARGE = "larger than 30 MB"
REJECTED_NOT_ACCEPTED = "not a PDF, PNG or JPEG file (the bytes say otherwise, whatever its name)"
REJECTED_TYPE_DIFFERS = "content type differs from what was declared"

DOCUMENT_ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")  # uuid4().hex

# The ODP schema's file type codes (``#/definitions/FileType``): the tags a document may carry. Their
# readable names are in ``bops.domain.file_types`` (one data file, written from the bundled schema).
ODP_FILE_TYPES = frozenset(file_types())


def identify(head: bytes) -> str | None:
    """The content type the first bytes of a file show: PDF, PNG or JPEG; None for anything else."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def rejection_reason(*, head: bytes, size: int, declared: str | None) -> str | None:
    """Why a received file is refused, or None when it is acceptable.

    ``head`` is the file's first bytes, ``size`` its full length, ``declared`` the content type the
    uploader announced (and the upload policy fixed).
    """
    if size <= 0:
        return REJECTED_EMPTY
    if size > MAX_UPLOAD_BYTES:
        return REJECTED_TOO_LARGE
    identified = identify(head)
    if identified is None:
        return REJECTED_NOT_ACCEPTED
    if declared is not None and identified != declared:
        return REJECTED_TYPE_DIFFERS
    return None


# --- malware scanning ----------------------------------------------------------------------------
# A received document is scanned for malware before anyone is given it (issue 13). In AWS GuardDuty
# Malware Protection for S3 scans each upload and tags it; locally a scanner reading the bytes stands in.
SCAN_PENDING = "pending"
SCAN_CLEAN = "clean"
SCAN_THREAT = "threat"
SCAN_FAILED = "failed"
SCAN_STATUSES = (SCAN_PENDING, SCAN_CLEAN, SCAN_THREAT, SCAN_FAILED)

# GuardDuty's scan result values (the ``GuardDutyMalwareScanStatus`` tag and the EventBridge event's
# ``scanResultStatus``); the local scanner speaks the same words, so one mapping serves both.
NO_THREATS_FOUND = "NO_THREATS_FOUND"
THREATS_FOUND = "THREATS_FOUND"
SCAN_RESULTS = {
    NO_THREATS_FOUND: SCAN_CLEAN,
    THREATS_FOUND: SCAN_THREAT,
    # not scanned (an unsupported file, no access, an internal error): never served, as if it were a
    # threat, but officers are told it could not be scanned rather than that it is infected
    "UNSUPPORTED": SCAN_FAILED,
    "ACCESS_DENIED": SCAN_FAILED,
    "FAILED": SCAN_FAILED,
}

# What officers are told (the tag on the documents list, the 409 of a download or a publication).
SCAN_PENDING_MESSAGE = "This document is still being scanned for viruses: try again in a minute"
SCAN_THREAT_MESSAGE = (
    "This document failed its virus scan and is quarantined: it cannot be downloaded, published or sent. "
    "Ask for the document again"
)
SCAN_FAILED_MESSAGE = (
    "This document could not be scanned for viruses, so it cannot be downloaded, published or sent. "
    "Ask for the document again, as a PDF, PNG or JPEG"
)
SCAN_MESSAGES = {
    SCAN_PENDING: SCAN_PENDING_MESSAGE,
    SCAN_THREAT: SCAN_THREAT_MESSAGE,
    SCAN_FAILED: SCAN_FAILED_MESSAGE,
}


def scan_status(result: str | None) -> str | None:
    """The document's scan status for a scanner's result (GuardDuty's words), or None when not scanned yet.

    An unknown word counts as a failed scan: a document is served only on an explicit all-clear.
    """
    if not result:
        return None
    return SCAN_RESULTS.get(result, SCAN_FAILED)


def scan_refusal(scan: str | None) -> str | None:
    """Why a received document may not be handed to anyone yet (download, publication, consultees), or None.

    ``scan`` is the document's scan status; a document without one (recorded before scanning existed)
    is treated as not yet scanned.
    """
    if scan == SCAN_CLEAN:
        return None
    return SCAN_MESSAGES.get(scan or SCAN_PENDING, SCAN_FAILED_MESSAGE)


def is_servable(*, status: str | None, scan: str | None, key: str | None) -> bool:
    """Whether a document's file may be handed out at all: received, scanned clean, and copied to documents/."""
    return status == "received" and scan == SCAN_CLEAN and bool(key)


# --- publication ---------------------------------------------------------------------------------
# Why a document cannot be put on the public register (shown to officers with the 409).
NOT_PUBLISHABLE_REJECTED = "Only a received document can be published: this one was rejected when it was checked"
NOT_PUBLISHABLE_ARCHIVED = "This document was replaced and archived: publish its replacement instead"


def publication_refusal(*, status: str | None, archived: bool, scan: str | None) -> str | None:
    """Why an officer may not mark a document publishable, or None: only a received, current, clean document.

    Withdrawing a document from the register is always allowed, so this is asked only when publishing.
    """
    if status != "received":
        return NOT_PUBLISHABLE_REJECTED
    if archived:
        return NOT_PUBLISHABLE_ARCHIVED
    return scan_refusal(scan)


def is_public(*, status: str | None, archived: bool, publishable: bool, key: str | None, scan: str | None) -> bool:
    """Whether the public may see and download a document (of a published application).

    Every condition is checked again here, not only when the officer publishes: a document archived by
    a later replacement keeps its flag but leaves the register, and only a document scanned clean shows.
    """
    return publishable is True and not archived and is_servable(status=status, scan=scan, key=key)


# --- viewing in the browser ---------------------------------------------------------------------
# Shown inline only when the file's own bytes say it is one of these: a browser renders them without
# running the council's pages' scripts. Anything else (HTML, SVG: script in a document) stays a download.
VIEWABLE_CONTENT_TYPES = (PDF, PNG, JPEG)
DISPOSITIONS = ("attachment", "inline")
NOT_VIEWABLE = "This document can only be downloaded: it is not a PDF or an image the browser can show"


def viewable_as(content_type: str | None) -> str | None:
    """The content type to show a document inline as (identified from its bytes), or None: download only."""
    return content_type if content_type in VIEWABLE_CONTENT_TYPES else None


def check_disposition(value: str | None) -> str:
    """``attachment`` (download, the default) or ``inline`` (view in the browser); ValueError otherwise."""
    if value in (None, ""):
        return "attachment"
    if value not in DISPOSITIONS:
        raise ValueError("must be attachment or inline")
    return value


# --- drawing numbers ---------------------------------------------------------------------------
MAX_DRAWING_NUMBER = 100


def check_drawing_number(value: str) -> str:
    """A drawing number as written on the drawing (e.g. "PL-02 rev A"): one line, at most 100 characters."""
    number = unicodedata.normalize("NFC", value).strip()
    if len(number) > MAX_DRAWING_NUMBER:
        raise ValueError(f"must be at most {MAX_DRAWING_NUMBER} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in number):
        raise ValueError("must be one line, without control characters")
    return number


# --- names and tags ----------------------------------------------------------------------------
def check_content_type(value: str) -> str:
    if value not in ACCEPTED_CONTENT_TYPES:
        raise ValueError(f"must be one of {', '.join(ACCEPTED_CONTENT_TYPES)}")
    return value


def check_file_name(value: str) -> str:
    """A file name as the uploader gave it, or ValueError: a plain name, never a path."""
    name = unicodedata.normalize("NFC", value).strip()
    if not name:
        raise ValueError("must not be empty")
    if len(name) > MAX_FILE_NAME:
        raise ValueError(f"must be at most {MAX_FILE_NAME} characters")
    if "/" in name or "\\" in name:
        raise ValueError("must be a file name, without path separators")
    if name in (".", ".."):
        raise ValueError("must be a file name")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise ValueError("must not contain control characters")
    return name


#: An ODP file type code in the OpenAPI description (``check_tag`` is the rule).
FILE_TYPE_SCHEMA: dict[str, Any] = {"enum": sorted(ODP_FILE_TYPES)}


def check_tag(value: str) -> str:
    if value not in ODP_FILE_TYPES:
        raise ValueError("must be an ODP file type code, e.g. sitePlan.proposed")
    return value


def download_name(file_name: str) -> str:
    """A file name safe inside ``Content-Disposition: attachment; filename="..."`` (ASCII, no quotes)."""
    ascii_name = unicodedata.normalize("NFKD", file_name).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9._() -]", "_", ascii_name).strip(" .")
    return safe[:MAX_FILE_NAME] or "document"


# --- object keys -------------------------------------------------------------------------------
@dataclass(frozen=True)
class UploadKey:
    """Where an uploaded file landed: ``uploads/{council}/{reference}/{document_id}/{file_name}``."""

    council: str
    reference: str
    document_id: str
    file_name: str


def upload_prefix(council: str, reference: str, document_id: str) -> str:
    """The key prefix an upload policy fixes; the uploader chooses only the file name after it."""
    return f"{UPLOADS_PREFIX}{council}/{reference}/{document_id}/"


def stored_key(council: str, reference: str, document_id: str) -> str:
    """Where an accepted document is kept: a prefix no upload policy can write to, the only one served."""
    return f"{DOCUMENTS_PREFIX}{council}/{reference}/{document_id}"


def parse_upload_key(key: str) -> UploadKey | None:
    """The parts of an upload's key, or None when the key is not one an upload policy hands out."""
    if not key.startswith(UPLOADS_PREFIX):
        return None
    parts = key[len(UPLOADS_PREFIX) :].split("/")
    if len(parts) != 4:
        return None
    council, reference, document_id, file_name = parts
    if not (
        COUNCIL_ID_PATTERN.match(council)
        and is_reference(reference)
        and DOCUMENT_ID_PATTERN.match(document_id)
        and file_name
    ):
        return None
    return UploadKey(council, reference, document_id, file_name)
