"""The table's key layout, shared by the repository modules. Nothing outside ``bops.repository`` builds keys.

Item layout (pk / sk):
  {council}#COUNCIL              / COUNCIL                 the council
  {council}#TOKEN                / {token_id}              an integrator API token (hash only)
  {council}#COUNTER#{yy}         / COUNTER                 the reference counter for a year
  {council}#SUBMISSION#{id}      / SUBMISSION              idempotency marker: ODP metadata.id -> reference
  {council}#APP#{reference}      / CASE                    the planning application
  {council}#APP#{reference}      / DOC#{document_id}       a document of the application
  {council}#APP#{reference}      / AUDIT#{at}#{n}          an audit entry (audit.py)
  {council}#ENF#{reference}      / CASE                    an enforcement case (enforcement.py, with its audit)
  {council}#DASH#{tab}#{filters} / {deadline}#{reference}  a dashboard / list row (cases.py)
  {council}#PRE#{reference}      / CASE, AUDIT#...         a pre-application advice case (pre_applications.py)
Each aggregate's module (cases, documents, consultation, ...) documents the items it adds.
Every partition key starts with the council: tenancy lives in the key.
"""

from __future__ import annotations

CASE_SK = "CASE"
# The automated checks' report, beside the case in its partition (see ``validation.py``).
REPORT_SK = "CHECKS"


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


def pre_application_pk(council: str, reference: str) -> str:
    return f"{council}#PRE#{reference}"


def enforcement_pk(council: str, reference: str) -> str:
    return f"{council}#ENF#{reference}"
