"""The data-access layer: the only code that knows the table's keys, indexes and expressions.

``Repository`` is what services get as ``ctx.repo``: one attribute per aggregate, each loaded on first
use (a Lambda imports only the aggregates it touches), and ``transact`` to write several aggregates'
changes all or nothing. Aggregate repositories speak the domain's pydantic models and raise the
domain's ``Conflict`` / ``NotFound``; the writes they hand out for ``transact`` are opaque to services.

  cases.py          the case record, its audit trail, dashboard rows, lists and reference numbers
  search.py         the search index (by token) and public-search throttling
  documents.py      documents and uploads of a case
  validation.py     validation requests
  consultation.py   consultation, neighbours, letters, consultees, comments, notices
  delivery.py       outgoing messages and their delivery status
  councils.py       councils, API tokens, local list, consultee directory, templates
  assessment.py     the officer's assessment tasks of a case
  site_history.py   records imported from the council's previous system, by site
  open_data.py      each published case's rows of the national open data datasets
  returns.py        a quarter's cases for the statutory returns (PS1, PS2)
  pre_applications.py  pre-application advice cases, their audit trail, list and the council's service
  enforcement.py    enforcement cases (reports of a breach), their open list and served notices
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from bops.repository.table import Table

if TYPE_CHECKING:
    from bops.repository.assessment import AssessmentRepository
    from bops.repository.cases import CaseRepository
    from bops.repository.consultation import ConsultationRepository
    from bops.repository.councils import CouncilRepository
    from bops.repository.delivery import DeliveryRepository
    from bops.repository.documents import DocumentRepository
    from bops.repository.enforcement import EnforcementRepository
    from bops.repository.open_data import OpenDataRepository
    from bops.repository.pre_applications import PreApplicationRepository
    from bops.repository.returns import ReturnsRepository
    from bops.repository.search import SearchRepository
    from bops.repository.site_history import SiteHistoryRepository
    from bops.repository.validation import ValidationRepository

Write = dict[str, Any]  # one TransactWriteItems entry, built only by the repository modules


class Repository(Table):
    """The table plus its aggregate repositories (``repo.cases``, ``repo.documents``, ...).

    It still offers ``Table``'s generic operations while services move onto the aggregate methods;
    those generic calls from services are going away (the architecture test lists what is left).
    """

    @cached_property
    def cases(self) -> CaseRepository:
        from bops.repository.cases import CaseRepository

        return CaseRepository(self)

    @cached_property
    def search(self) -> SearchRepository:
        from bops.repository.search import SearchRepository

        return SearchRepository(self)

    @cached_property
    def documents(self) -> DocumentRepository:
        from bops.repository.documents import DocumentRepository

        return DocumentRepository(self)

    @cached_property
    def validation(self) -> ValidationRepository:
        from bops.repository.validation import ValidationRepository

        return ValidationRepository(self)

    @cached_property
    def consultation(self) -> ConsultationRepository:
        from bops.repository.consultation import ConsultationRepository

        return ConsultationRepository(self)

    @cached_property
    def delivery(self) -> DeliveryRepository:
        from bops.repository.delivery import DeliveryRepository

        return DeliveryRepository(self)

    @cached_property
    def councils(self) -> CouncilRepository:
        from bops.repository.councils import CouncilRepository

        return CouncilRepository(self)

    @cached_property
    def assessment(self) -> AssessmentRepository:
        from bops.repository.assessment import AssessmentRepository

        return AssessmentRepository(self)

    @cached_property
    def site_history(self) -> SiteHistoryRepository:
        from bops.repository.site_history import SiteHistoryRepository

        return SiteHistoryRepository(self)

    @cached_property
    def open_data(self) -> OpenDataRepository:
        from bops.repository.open_data import OpenDataRepository

        return OpenDataRepository(self)

    @cached_property
    def returns(self) -> ReturnsRepository:
        from bops.repository.returns import ReturnsRepository

        return ReturnsRepository(self)

    @cached_property
    def pre_applications(self) -> PreApplicationRepository:
        from bops.repository.pre_applications import PreApplicationRepository

        return PreApplicationRepository(self)

    @cached_property
    def enforcement(self) -> EnforcementRepository:
        from bops.repository.enforcement import EnforcementRepository

        return EnforcementRepository(self)
