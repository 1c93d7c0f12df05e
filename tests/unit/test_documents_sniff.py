"""What an uploaded file is, by its bytes: PDF, PNG and JPEG accepted; anything else rejected."""

import struct
import zlib

import pytest

from bops.domain import documents as rules
from bops.odp import load_schema

# A minimal but real PDF, PNG (1x1) and JPEG (JFIF header).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


PNG = _png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
TEXT_NAMED_PDF = b"This is not a PDF, whatever its name says.\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_real_headers_are_identified_and_accepted(content: bytes, expected: str) -> None:
    assert rules.identify(content) == expected
    assert rules.identify(content[: rules.SNIFF_BYTES]) == expected
    assert rules.rejection_reason(head=content[: rules.SNIFF_BYTES], size=len(content), declared=expected) is None


@pytest.mark.parametrize("content", [TEXT_NAMED_PDF, GIF, b"", b"%PD", b"\x89PNG", b"\xff\xd8", b" %PDF-1.4"])
def test_other_bytes_are_not_identified(content: bytes) -> None:
    assert rules.identify(content) is None


def test_text_file_named_pdf_is_rejected() -> None:
    reason = rules.rejection_reason(head=TEXT_NAMED_PDF[:8], size=len(TEXT_NAMED_PDF), declared="application/pdf")
    assert reason == rules.REJECTED_NOT_ACCEPTED
    assert "whatever its name" in reason


def test_gif_is_rejected() -> None:
    assert rules.rejection_reason(head=GIF[:8], size=len(GIF), declared="image/png") == rules.REJECTED_NOT_ACCEPTED


def test_empty_file_is_rejected() -> None:
    assert rules.rejection_reason(head=b"", size=0, declared="application/pdf") == rules.REJECTED_EMPTY


def test_too_large_file_is_rejected() -> None:
    size = rules.MAX_UPLOAD_BYTES + 1
    assert rules.rejection_reason(head=PDF[:8], size=size, declared="application/pdf") == rules.REJECTED_TOO_LARGE
    assert rules.rejection_reason(head=PDF[:8], size=rules.MAX_UPLOAD_BYTES, declared="application/pdf") is None


def test_content_type_other_than_declared_is_rejected() -> None:
    assert (
        rules.rejection_reason(head=PNG[:8], size=len(PNG), declared="application/pdf") == rules.REJECTED_TYPE_DIFFERS
    )


@pytest.mark.parametrize("name", ["plan.pdf", "Site plan (rev B).PDF", "ça.jpg", "x" * 200])
def test_good_file_names(name: str) -> None:
    assert rules.check_file_name(name) == name


@pytest.mark.parametrize(
    "name",
    ["", "   ", "../etc/passwd", "a/b.pdf", "a\\b.pdf", "..", "x" * 201, "bad\nname.pdf", "nul\x00.pdf"],
)
def test_bad_file_names(name: str) -> None:
    with pytest.raises(ValueError):
        rules.check_file_name(name)


def test_download_name_is_header_safe() -> None:
    assert rules.download_name('my "plan"; ça.pdf') == "my _plan__ ca.pdf"
    assert rules.download_name("漢字") == "document"


def test_upload_keys() -> None:
    doc = "0123456789abcdef0123456789abcdef"
    prefix = rules.upload_prefix("demo", "26-00001-HAPP", doc)
    assert prefix == f"uploads/demo/26-00001-HAPP/{doc}/"
    parsed = rules.parse_upload_key(prefix + "site plan.pdf")
    assert parsed == rules.UploadKey("demo", "26-00001-HAPP", doc, "site plan.pdf")
    for key in (
        "uploads/demo/26-00001-HAPP/" + doc,  # no file name
        prefix,
        prefix + "sub/dir.pdf",  # deeper than an upload form allows its file name
        f"uploads/Demo/26-00001-HAPP/{doc}/a.pdf",
        f"uploads/demo/not-a-ref/{doc}/a.pdf",
        "uploads/demo/26-00001-HAPP/nothex/a.pdf",
        f"submissions/demo/26-00001-HAPP/{doc}/a.pdf",
    ):
        assert rules.parse_upload_key(key) is None, key


def test_file_type_codes_match_the_odp_schema() -> None:
    schema = load_schema()  # the official copy bundled in the layer
    codes = {a["properties"]["value"]["const"] for a in schema["definitions"]["FileType"]["anyOf"]}
    assert codes == rules.ODP_FILE_TYPES
