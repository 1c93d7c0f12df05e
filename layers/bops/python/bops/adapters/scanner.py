"""Malware scanning of uploaded documents: one port, two scanners (issue 13).

``scan(bucket, key)`` answers what the scanner says about one uploaded object, in GuardDuty's words
(``NO_THREATS_FOUND``, ``THREATS_FOUND``, ``UNSUPPORTED``, ``ACCESS_DENIED``, ``FAILED``), or None when
it has not said yet. ``bops.domain.documents.scan_status`` turns those words into the document's status.

- ``GuardDutyTags`` (AWS): GuardDuty Malware Protection for S3 scans every object created under
  ``uploads/`` by itself and tags it ``GuardDutyMalwareScanStatus``; this reads that tag. Its verdict
  usually arrives later, as the EventBridge event "GuardDuty Malware Protection Object Scan Result",
  which the documents function handles (``bops.services.documents.record_scan_result``).
- ``LocalScanner`` (the local run and the tests): reads the bytes and applies a few rules that catch
  the EICAR test file and the risky files of issue 13 (active PDF content, HTML polyglots, data
  smuggled after an image's end). It is no antivirus; it makes the pending -> clean / threat path
  real without AWS.

``BOPS_SCANNER`` chooses (``bops.config``): the CDK app sets ``guardduty``; unset means ``local``.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any, Protocol

from bops.adapters.aws import client
from bops.domain.documents import MAX_UPLOAD_BYTES, NO_THREATS_FOUND, THREATS_FOUND

GUARDDUTY_TAG = "GuardDutyMalwareScanStatus"
GUARDDUTY = "guardduty"
LOCAL = "local"


@dataclass(frozen=True)
class ScanVerdict:
    """A scanner's answer about one object. ``detail`` names the rules that matched (never file content)."""

    result: str  # GuardDuty's words, e.g. THREATS_FOUND
    scanner: str
    detail: str = ""


class Scanner(Protocol):
    name: str

    def scan(
        self, bucket: str, key: str, *, version_id: str | None = None, etag: str | None = None
    ) -> ScanVerdict | None:
        """The verdict on the object (that version, or those bytes when ``etag`` is given), or None: not yet."""
        ...


class GuardDutyTags:
    """Reads the verdict GuardDuty Malware Protection for S3 tagged the object with, if it has yet."""

    name = GUARDDUTY

    def scan(
        self, bucket: str, key: str, *, version_id: str | None = None, etag: str | None = None
    ) -> ScanVerdict | None:
        kwargs: dict[str, Any] = {"Bucket": bucket, "Key": key}
        if version_id:
            kwargs["VersionId"] = version_id  # the version we checked, not a later overwrite
        tags = client("s3").get_object_tagging(**kwargs)["TagSet"]
        value = next((t["Value"] for t in tags if t["Key"] == GUARDDUTY_TAG), None)
        return ScanVerdict(value, self.name) if value else None


class LocalScanner:
    """Scans the bytes itself, at once: every verdict is known when ``scan`` returns."""

    name = LOCAL

    def scan(
        self, bucket: str, key: str, *, version_id: str | None = None, etag: str | None = None
    ) -> ScanVerdict | None:
        from botocore.exceptions import ClientError

        kwargs: dict[str, Any] = {"Bucket": bucket, "Key": key}
        if version_id:
            kwargs["VersionId"] = version_id
        if etag:
            kwargs["IfMatch"] = etag  # the bytes that were checked, or no verdict on them
        try:
            body = client("s3").get_object(**kwargs)["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("PreconditionFailed", "412"):
                return ScanVerdict("FAILED", self.name, "the file changed after it was checked")
            raise
        try:
            data = body.read(MAX_UPLOAD_BYTES + 1)
        finally:
            body.close()
        return verdict_on(data)


def verdict_on(data: bytes) -> ScanVerdict:
    """The local scanner's verdict on a file's bytes."""
    found = findings(data)
    if found:
        return ScanVerdict(THREATS_FOUND, LOCAL, ", ".join(found))
    return ScanVerdict(NO_THREATS_FOUND, LOCAL)


def scanner(name: str) -> Scanner:
    """The scanner ``BOPS_SCANNER`` names; anything unknown is refused rather than left unscanned."""
    if name == GUARDDUTY:
        return GuardDutyTags()
    if name == LOCAL:
        return LocalScanner()
    raise ValueError(f"unknown scanner {name!r}: BOPS_SCANNER must be {GUARDDUTY} or {LOCAL}")


# --- the local scanner's rules ---------------------------------------------------------------------
# The anti-malware industry's test file: every scanner must flag it (https://www.eicar.org).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

# PDF names that make a document do something when opened or clicked, or carry other files:
# JavaScript, launching a program, embedded files, additional actions (on page open, field focus...).
ACTIVE_PDF_NAMES = frozenset({"JS", "JavaScript", "Launch", "EmbeddedFile", "EmbeddedFiles", "AA"})
# An /OpenAction alone usually just opens a page; with JavaScript it runs code on opening.
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
MAX_INFLATED_BYTES = 64 * 1024 * 1024  # a compression bomb stops being inflated here (and is flagged)

# Markup a browser would render if it sniffed the file as HTML (a PDF/HTML or image/HTML polyglot).
HTML_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<iframe", b"<svg")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def findings(data: bytes) -> list[str]:
    """What makes a file unsafe to hand out, as short rule names (empty when none matched)."""
    found: list[str] = []
    if EICAR in data:
        found.append("EICAR test file")
    if data.startswith(b"%PDF-"):
        found += [f"PDF {name}" for name in _active_pdf_content(data)]
    lowered = data.lower()
    found += [f"HTML polyglot ({marker.decode()})" for marker in HTML_MARKERS if marker in lowered]
    if data.startswith(PNG_SIGNATURE) and _png_trailing(data):
        found.append("data after the PNG's IEND")
    if data.startswith(b"\xff\xd8\xff") and _jpeg_trailing(data):
        found.append("data after the JPEG's EOI")
    return found


def _pdf_names(data: bytes) -> set[str]:
    """The PDF names used, with ``#xx`` escapes decoded (``/J#53`` is ``/JS``)."""
    names = set()
    for match in _PDF_NAME.finditer(data):
        raw = match.group(1)
        try:
            decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
            names.add(decoded.decode("latin-1"))
        except ValueError:
            continue
    return names


def _is_object_stream(data: bytes, start: int) -> bool:
    """Whether the stream starting at ``start`` is an object stream (``/Type/ObjStm``): its dictionary is
    between the object's ``obj`` keyword and the ``stream`` keyword."""
    window = data[max(0, start - 2048) : start]
    return b"/ObjStm" in window[window.rfind(b"obj") :]


def _inflated_streams(data: bytes) -> tuple[list[bytes], bool]:
    """The content of the PDF's compressed object streams (where PDF 1.5+ keeps dictionaries, so where
    names can hide), and whether a compression bomb was met. Other streams (page content, images) hold
    drawing operators or pixels, not dictionaries."""
    out: list[bytes] = []
    total = 0
    for match in _PDF_STREAM.finditer(data):
        if not _is_object_stream(data, match.start()):
            continue
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(match.group(1), MAX_INFLATED_BYTES - total)
        except zlib.error:
            continue  # not Flate-encoded (or damaged): its raw bytes were searched already
        total += len(chunk)
        out.append(chunk)
        if inflater.unconsumed_tail or total >= MAX_INFLATED_BYTES:
            return out, True
    return out, False


def _active_pdf_content(data: bytes) -> list[str]:
    streams, bomb = _inflated_streams(data)
    # names are read outside stream bodies: compressed pixels hold "/JS" or "/AA" by chance every few MB
    names = _pdf_names(_PDF_STREAM.sub(b"stream\nendstream", data))
    for stream in streams:
        names |= _pdf_names(stream)
    active = sorted(f"/{n}" for n in names & ACTIVE_PDF_NAMES)
    if "OpenAction" in names and names & {"JS", "JavaScript"}:
        active.append("/OpenAction with JavaScript")
    if bomb:
        active.append("streams too large to inspect")
    return active


def _png_trailing(data: bytes) -> bool:
    """Whether bytes follow the PNG's IEND chunk (a file without a well-formed IEND has none to follow)."""
    at = len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        end = at + 12 + length  # length, type, data, CRC
        if end > len(data):
            return False
        if kind == b"IEND":
            return _meaningful(data[end:])
        at = end
    return False


def _jpeg_trailing(data: bytes) -> bool:
    """Whether bytes follow the JPEG's EOI marker, walking its segments (an EXIF thumbnail has its own EOI)."""
    at = 2
    size = len(data)
    while at + 4 <= size:
        if data[at] != 0xFF:
            return False  # not a marker where one must be: not a JPEG we can walk
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xD9:  # EOI
            return _meaningful(data[at + 2 :])
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        at += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            at = _next_marker(data, at)
    return False


def _next_marker(data: bytes, at: int) -> int:
    """Where the entropy-coded data from ``at`` ends: the next 0xFF not followed by a stuffed 0x00 or RSTn."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1
            continue
        return at


def _meaningful(tail: bytes) -> bool:
    """Trailing bytes other than padding (some writers pad files with NULs or a line end)."""
    return bool(tail.strip(b"\x00\r\n"))
