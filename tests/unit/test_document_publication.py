"""Which documents may go on the public register, and which the public may see: pure rules."""

import pytest

from bops.domain import documents as rules


def test_only_a_received_current_document_may_be_published():
    assert rules.publication_refusal(status="received", archived=False) is None
    assert rules.publication_refusal(status="rejected", archived=False) == rules.NOT_PUBLISHABLE_REJECTED
    assert rules.publication_refusal(status=None, archived=False) == rules.NOT_PUBLISHABLE_REJECTED
    assert rules.publication_refusal(status="received", archived=True) == rules.NOT_PUBLISHABLE_ARCHIVED


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
    assert rules.is_public(status=status, archived=archived, publishable=publishable, key=key) is shown
