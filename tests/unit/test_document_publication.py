"""Which documents may go on the public register, and which the public may see: pure rules."""

import pytest

from bops.domain import documents as rules


def test_only_a_received_current_document_may_be_published():
    assert rules.publication_refusal(status="received", archived=False, scan="clean") is None
    assert rules.publication_refusal(status="rejected", archived=False, scan=None) == rules.NOT_PUBLISHABLE_REJECTED
    assert rules.publication_refusal(status=None, archived=False, scan=None) == rules.NOT_PUBLISHABLE_REJECTED
    assert rules.publication_refusal(status="received", archived=True, scan="clean") == rules.NOT_PUBLISHABLE_ARCHIVED


@pytest.mark.parametrize(
    "scan,message",
    [
        ("pending", rules.SCAN_PENDING_MESSAGE),
        (None, rules.SCAN_PENDING_MESSAGE),  # recorded before scanning existed: not scanned yet
        ("threat", rules.SCAN_THREAT_MESSAGE),
        ("failed", rules.SCAN_FAILED_MESSAGE),
        ("something new", rules.SCAN_FAILED_MESSAGE),
    ],
)
def test_only_a_document_scanned_clean_may_be_published(scan, message):
    assert rules.publication_refusal(status="received", archived=False, scan=scan) == message


@pytest.mark.parametrize(
    "status,archived,publishable,key,shown",
    [
        ("received", False, True, "documents/c/26-00001-HAPP/abc", True),
        ("received", False, False, "documents/c/26-00001-HAPP/abc", False),  # not marked publishable
        ("rejected", False, True, None, False),  # a rejected file is never served
        ("received", True, True, "documents/c/26-00001-HAPP/abc", False),  # replaced: leaves the register
        ("received", False, True, None, False),  # nothing stored to serve
    ],
)
def test_the_public_sees_only_publishable_received_current_documents(status, archived, publishable, key, shown):
    assert rules.is_public(status=status, archived=archived, publishable=publishable, key=key, scan="clean") is shown


@pytest.mark.parametrize("scan", ["pending", "threat", "failed", None])
def test_the_public_never_sees_a_document_not_scanned_clean(scan):
    key = "documents/c/26-00001-HAPP/abc"
    assert rules.is_public(status="received", archived=False, publishable=True, key=key, scan=scan) is False
