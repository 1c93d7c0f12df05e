"""The repository's aggregates for council settings, documents and validation requests, on moto in process.

What is stored reads back as an equal model, and a write whose condition fails is the domain's
``Conflict`` (or ``NotFound`` where the record is gone), never a botocore exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bops.domain import validation_requests as vr
from bops.domain.application import DocumentScan
from bops.domain.councils import ApiToken, Council, CouncilTemplate, DirectoryConsultee
from bops.domain.errors import Conflict, NotFound
from bops.repository import Repository
from bops.repository.documents import StoredDocument, Upload
from bops.repository.keys import CASE_SK, app_pk
from bops.services.audit import audit_item
from tests.support import fresh_repository

COUNCIL = "demo"
REFERENCE = "26-00001-HAPP"
AT = "2026-03-02T10:00:00Z"


@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[Repository]:
    """A fresh table on moto in this process (moto's data is kept: a session-wide local runtime in the
    same process may share its backends; the table is this test's own and deleted after it)."""
    with fresh_repository(monkeypatch) as repository:
        yield repository


def _audit(action: str, key: str) -> dict:
    return audit_item(COUNCIL, REFERENCE, at=AT, actor="officer:o1", action=action, key=key)


def _audit_actions(repo: Repository) -> list[str]:
    items = repo.query_all(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :a)",
        ExpressionAttributeValues={":pk": app_pk(COUNCIL, REFERENCE), ":a": "AUDIT#"},
    )
    return [i["action"] for i in items]


# --- council settings ------------------------------------------------------------------------------
def test_a_council_reads_back_as_stored_and_its_id_is_taken_once(repo: Repository) -> None:
    council = Council(id=COUNCIL, name="Demo Council", suffix_overrides={"pp.full.householder": "HH"}, created_at=AT)
    repo.councils.add(council)
    assert repo.councils.get(COUNCIL) == council
    assert repo.councils.get("nowhere") is None
    with pytest.raises(Conflict):
        repo.councils.add(council.model_copy(update={"name": "Another"}))
    assert repo.councils.get(COUNCIL) == council


def test_a_local_list_is_kept_on_the_council_and_needs_one(repo: Repository) -> None:
    council = Council(id=COUNCIL, name="Demo Council", created_at=AT)
    repo.councils.add(council)
    local_list = {"rules": [{"id": "site-plan", "requires": ["sitePlan.proposed"]}]}
    changed = repo.councils.set_local_list(COUNCIL, local_list, changed_by="officer:o1", at=AT)
    assert changed == council.model_copy(update={"local_list": local_list})
    assert repo.councils.get(COUNCIL) == changed
    with pytest.raises(NotFound):
        repo.councils.set_local_list("nowhere", local_list, changed_by="officer:o1", at=AT)
    assert repo.councils.get("nowhere") is None  # the failed update created nothing


def test_an_api_token_reads_back_and_is_revoked_once(repo: Repository) -> None:
    token = ApiToken(token_id="t1", name="PlanX", scopes=["read"], hash="h", created_at=AT, created_by="officer:o1")
    repo.councils.add_token(COUNCIL, token)
    assert repo.councils.token(COUNCIL, "t1") == token
    assert repo.councils.tokens(COUNCIL) == [token]
    assert repo.councils.tokens("other") == []
    with pytest.raises(Conflict):
        repo.councils.add_token(COUNCIL, token)

    revoked = repo.councils.revoke_token(COUNCIL, "t1", revoked_by="officer:o1", at=AT)
    assert revoked == token.model_copy(update={"revoked_at": AT, "revoked_by": "officer:o1"})
    again = repo.councils.revoke_token(COUNCIL, "t1", revoked_by="officer:o2", at="2026-03-03T10:00:00Z")
    assert again == revoked  # the first revocation stands
    with pytest.raises(NotFound):
        repo.councils.revoke_token(COUNCIL, "t2", revoked_by="officer:o1", at=AT)
    assert repo.councils.token(COUNCIL, "t2") is None


def test_directory_entries_read_back_and_change_only_while_they_exist(repo: Repository) -> None:
    entry = DirectoryConsultee(
        id="c1",
        name="Highways team",
        organisation="Demo Council",
        email="highways@council.example",
        kind="internal",
        response_days=14,
        changed_by="officer:o1",
        changed_at=AT,
    )
    repo.councils.put_consultee(COUNCIL, entry, new=True)
    assert repo.councils.consultee(COUNCIL, "c1") == entry
    assert repo.councils.consultees(COUNCIL) == [entry]
    with pytest.raises(Conflict):
        repo.councils.put_consultee(COUNCIL, entry, new=True)
    changed = entry.model_copy(update={"response_days": 21, "expertise": "access"})
    repo.councils.put_consultee(COUNCIL, changed, new=False)
    assert repo.councils.consultee(COUNCIL, "c1") == changed

    repo.councils.remove_consultee(COUNCIL, "c1")
    assert repo.councils.consultee(COUNCIL, "c1") is None
    with pytest.raises(NotFound):
        repo.councils.put_consultee(COUNCIL, changed, new=False)
    assert repo.councils.consultees(COUNCIL) == []


def test_a_template_reads_back_and_is_removed(repo: Repository) -> None:
    template = CouncilTemplate(
        name="neighbour_letter", parts={"body": "Dear {name}"}, changed_by="officer:o1", changed_at=AT
    )
    repo.councils.put_template(COUNCIL, template)
    assert repo.councils.template(COUNCIL, "neighbour_letter") == template
    assert repo.councils.templates(COUNCIL) == [template]
    repo.councils.remove_template(COUNCIL, "neighbour_letter")
    assert repo.councils.template(COUNCIL, "neighbour_letter") is None
    assert repo.councils.templates(COUNCIL) == []


# --- documents --------------------------------------------------------------------------------------
def _document(document_id: str = "d1", **changes: object) -> StoredDocument:
    document = StoredDocument(
        id=document_id,
        file_name="site-plan.pdf",
        content_type="application/pdf",
        declared_content_type="application/pdf",
        size=1234,
        sha256="ab" * 32,
        status="received",
        tags=["sitePlan.proposed"],
        uploaded_at=AT,
        uploaded_by="applicant",
        upload_key=f"uploads/{COUNCIL}/{REFERENCE}/{document_id}/site-plan.pdf",
        key=f"documents/{COUNCIL}/{REFERENCE}/{document_id}",
        recorded_at=AT,
        scan=DocumentScan(status="clean", scanner="local", requested_at=AT, at=AT, result="NO_THREATS_FOUND"),
    )
    return document.model_copy(update=changes)


def test_an_upload_reads_back_and_its_id_is_used_once(repo: Repository) -> None:
    upload = Upload(
        document_id="d1",
        file_name="site-plan.pdf",
        content_type="application/pdf",
        tags=["sitePlan.proposed"],
        requested_by="officer:o1",
        requested_at=AT,
    )
    repo.documents.add_upload(COUNCIL, REFERENCE, upload)
    assert repo.documents.upload(COUNCIL, REFERENCE, "d1") == upload
    assert repo.documents.upload(COUNCIL, REFERENCE, "d2") is None
    with pytest.raises(Conflict):
        repo.documents.add_upload(COUNCIL, REFERENCE, upload.model_copy(update={"file_name": "other.pdf"}))
    assert repo.documents.upload(COUNCIL, REFERENCE, "d1") == upload


def test_a_document_is_recorded_once_with_its_audit_entry(repo: Repository) -> None:
    document = _document()
    repo.documents.record(COUNCIL, REFERENCE, document, audit=_audit("document.received", "d1"), conflict_message="x")
    assert repo.documents.get(COUNCIL, REFERENCE, "d1") == document
    assert repo.documents.list(COUNCIL, REFERENCE) == [document]

    with pytest.raises(Conflict, match="already recorded"):
        repo.documents.record(
            COUNCIL,
            REFERENCE,
            document.model_copy(update={"size": 1}),
            audit=_audit("document.received", "d1-again"),
            conflict_message="already recorded",
        )
    assert repo.documents.get(COUNCIL, REFERENCE, "d1") == document
    assert _audit_actions(repo) == ["document.received"]  # the failed transaction wrote nothing

    rejected = _document("d2", status="rejected", rejected_reason="not a PDF", key=None, sha256=None)
    repo.documents.save(COUNCIL, REFERENCE, rejected)
    assert repo.documents.get(COUNCIL, REFERENCE, "d2") == rejected


def test_publishing_is_guarded_by_what_was_read(repo: Repository) -> None:
    repo.documents.save(COUNCIL, REFERENCE, _document())
    publish = {"by": "officer:o1", "at": AT, "conflict_message": "changed meanwhile"}
    repo.documents.set_publishable(
        COUNCIL, REFERENCE, "d1", publishable=True, was=False, audit=_audit("document.published", "p1"), **publish
    )
    published = repo.documents.get(COUNCIL, REFERENCE, "d1")
    assert published == _document(publishable=True, publishable_changed_by="officer:o1", publishable_changed_at=AT)

    with pytest.raises(Conflict, match="changed meanwhile"):  # someone published it meanwhile
        repo.documents.set_publishable(
            COUNCIL, REFERENCE, "d1", publishable=True, was=False, audit=_audit("document.published", "p2"), **publish
        )
    repo.documents.save(COUNCIL, REFERENCE, _document("d3", archived=True, archived_reason="replaced"))
    with pytest.raises(Conflict):  # an archived document is never published
        repo.documents.set_publishable(
            COUNCIL, REFERENCE, "d3", publishable=True, was=False, audit=_audit("document.published", "p3"), **publish
        )
    with pytest.raises(Conflict):  # nor one that is not there
        repo.documents.set_publishable(
            COUNCIL, REFERENCE, "d9", publishable=False, was=True, audit=_audit("document.unpublished", "p4"), **publish
        )
    assert _audit_actions(repo) == ["document.published"]


def test_a_scan_verdict_is_recorded_once_and_only_a_clean_document_is_published(repo: Repository) -> None:
    pending = DocumentScan(status="pending", scanner="guardduty", requested_at=AT)
    repo.documents.save(COUNCIL, REFERENCE, _document("d4", key=None, scan=pending))
    publish = {"by": "officer:o1", "at": AT, "conflict_message": "changed meanwhile"}
    with pytest.raises(Conflict):  # still being scanned: never published
        repo.documents.set_publishable(
            COUNCIL, REFERENCE, "d4", publishable=True, was=False, audit=_audit("document.published", "p5"), **publish
        )
    clean = pending.model_copy(update={"status": "clean", "at": AT, "result": "NO_THREATS_FOUND"})
    verdict = {"conflict_message": "scanned already", "key": f"documents/{COUNCIL}/{REFERENCE}/d4"}
    repo.documents.record_scan(
        COUNCIL, REFERENCE, "d4", scan=clean, audit=_audit("document.scanned_clean", "s1"), **verdict
    )
    stored = repo.documents.get(COUNCIL, REFERENCE, "d4")
    assert stored is not None and stored.scan == clean and stored.key == verdict["key"]
    threat = pending.model_copy(update={"status": "threat", "at": AT, "result": "THREATS_FOUND"})
    with pytest.raises(Conflict, match="scanned already"):  # a verdict is final: a later one changes nothing
        repo.documents.record_scan(
            COUNCIL,
            REFERENCE,
            "d4",
            scan=threat,
            key=None,
            audit=_audit("document.quarantined", "s2"),
            conflict_message="scanned already",
        )
    assert repo.documents.get(COUNCIL, REFERENCE, "d4") == stored
    assert _audit_actions(repo) == ["document.scanned_clean"]

    # A save of the document as read while its scan was pending (a replacement's new tags) keeps the verdict
    read_while_pending = _document("d4", key=None, scan=pending)
    repo.documents.save(COUNCIL, REFERENCE, read_while_pending.model_copy(update={"tags": ["floorPlan.proposed"]}))
    saved = repo.documents.get(COUNCIL, REFERENCE, "d4")
    assert saved is not None and saved.tags == ["floorPlan.proposed"]
    assert saved.scan == clean and saved.key == verdict["key"]


# --- validation requests -------------------------------------------------------------------------
def _request(request_id: str = "r1") -> vr.ValidationRequest:
    return vr.ValidationRequest(
        id=request_id,
        type=vr.RequestType.OTHER_CHANGE,
        created_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
        created_by="Officer One",
        details=vr.parse_details(vr.RequestType.OTHER_CHANGE, {"summary": "Roof", "suggestion": "Show the roof"}),
    )


def test_a_validation_request_reads_back_with_its_link_hash(repo: Repository) -> None:
    request = _request()
    repo.validation.save(
        COUNCIL,
        REFERENCE,
        request,
        audit=_audit("validation_request.created", "r1"),
        link_hash="h1",
        conflict_message="x",
    )
    assert repo.validation.get(COUNCIL, REFERENCE, "r1") == request
    assert repo.validation.list(COUNCIL, REFERENCE) == [request]
    assert repo.validation.link_hash(COUNCIL, REFERENCE, "r1") == "h1"
    assert repo.validation.get(COUNCIL, REFERENCE, "r2") is None
    assert repo.validation.link_hash(COUNCIL, REFERENCE, "r2") is None

    cancelled = vr.cancel(
        vr.send(request, now=datetime(2026, 3, 2, 11, tzinfo=UTC)), reason="no longer needed", now=datetime.now(UTC)
    )
    repo.validation.save(
        COUNCIL, REFERENCE, cancelled, audit=_audit("validation_request.cancelled", "r1c"), conflict_message="x"
    )
    assert repo.validation.get(COUNCIL, REFERENCE, "r1") == cancelled
    assert repo.validation.link_hash(COUNCIL, REFERENCE, "r1") is None  # saved without a hash: the link is dead


def test_the_checks_are_recorded_once_with_their_drafts(repo: Repository) -> None:
    repo.put({"pk": app_pk(COUNCIL, REFERENCE), "sk": CASE_SK, "reference": REFERENCE, "version": 1})
    report = {"passed": False, "checks": [{"id": "site-plan", "outcome": "failed"}]}
    repo.validation.record_checks(
        COUNCIL, REFERENCE, report=report, audit=_audit("validation.checked", "c1"), drafts=[_request("d1")]
    )
    assert repo.validation.report(COUNCIL, REFERENCE) == report
    # the report is an item of its own: the case is not rewritten (nor made bigger) by it
    case = repo.get(app_pk(COUNCIL, REFERENCE), CASE_SK)
    assert case is not None and "validation_report" not in case and case["version"] == 1
    assert repo.validation.list(COUNCIL, REFERENCE) == [_request("d1")]

    with pytest.raises(Conflict):  # a retried task
        repo.validation.record_checks(
            COUNCIL, REFERENCE, report=report, audit=_audit("validation.checked", "c2"), drafts=[_request("d2")]
        )
    assert [r.id for r in repo.validation.list(COUNCIL, REFERENCE)] == ["d1"]
    assert _audit_actions(repo) == ["validation.checked"]
    # the case's file (one Query of its partition) carries the report
    assert repo.cases.file(COUNCIL, REFERENCE).validation_report == report
    assert repo.validation.report(COUNCIL, "26-00002-HAPP") is None
