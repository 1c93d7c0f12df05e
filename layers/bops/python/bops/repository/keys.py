"""The table's key layout, shared by the repository modules. Nothing outside ``bops.repository`` builds keys.

Item layout (pk / sk):
  {council}#COUNCIL              / COUNCIL                 the council
  {council}#TOKEN                / {token_id}              an integrator API token (hash only)
  {council}#COUNTER#{yy}         / COUNTER                 the reference counter for a year
  {council}#SUBMISSION#{id}      / SUBMISSION              idempotency marker: ODP metadata.id -> reference
  {council}#APP#{reference}      / CASE                    the planning application
  {council}#APP#{reference}      / DOC#{document_id}       a document of the application
  {council}#APP#{reference}      / AUDIT#{at}#{n}          an audit entry
Each aggregate's module (cases, documents, consultation, ...) documents the items it adds.
Every partition key starts with the council: tenancy lives in the key.
"""

from __future__ import annotations

CASE_SK = "CASE"


def app_pk(council: str, reference: str) -> str:
    return f"{council}#APP#{reference}"


def council_pk(council: str) -> str:
    return f"{council}#COUNCIL"


def token_pk(council: str) -> str:
    return f"{council}#TOKEN"


def submission_pk(council: str, submission_id: str) -> str:
    return f"{council}#SUBMISSION#{submission_id}"


def counter_pk(council: str, year: int) -> str:
    return f"{council}#COUNTER#{year % 100:02d}"


def list_keys(council: str, status: str, received_at: str, reference: str) -> dict[str, str]:
    """The index attributes of a case item (recomputed whenever its status changes)."""
    sort = f"{received_at}#{reference}"
    return {
        "gsi1pk": f"{council}#APPS",
        "gsi1sk": sort,
        "gsi2pk": f"{council}#STATUS#{status}",
        "gsi2sk": sort,
    }
