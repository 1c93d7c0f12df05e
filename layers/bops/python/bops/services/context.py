"""The adapters a service works with, built once per process from the settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from bops.adapters.events import EventBus
from bops.adapters.notify import GovNotifyNotifier, OutboxNotifier
from bops.adapters.officers import OfficerDirectory
from bops.adapters.scanner import Scanner, scanner
from bops.adapters.storage import Storage
from bops.adapters.workflow import Workflow
from bops.config import settings
from bops.domain.time import Clock, OffsetClock, SystemClock
from bops.repository import Repository


@dataclass
class Context:
    repo: Repository
    storage: Storage
    workflow: Workflow
    events: EventBus
    clock: Clock
    timer_recheck_seconds: int
    notifier: Any
    officers: OfficerDirectory
    scanner: Scanner
    payments: Any = None  # the payments port (``bops.adapters.payments``)


@cache
def context() -> Context:
    s = settings()
    repo = Repository(s.table_name)
    clock: Clock = OffsetClock() if os.environ.get("BOPS_CLOCK") == "offset" else SystemClock()
    notifier = GovNotifyNotifier(repo) if s.notify == "govuk" else OutboxNotifier(repo, clock)
    return Context(
        repo=repo,
        storage=Storage(s.documents_bucket),
        workflow=Workflow(
            s.application_state_machine_arn, s.validation_request_state_machine_arn, s.consultation_state_machine_arn
        ),
        events=EventBus(s.event_bus_name),
        clock=clock,
        timer_recheck_seconds=s.timer_recheck_seconds,
        notifier=notifier,
        officers=OfficerDirectory(s.cognito_user_pool_id),
        scanner=scanner(s.scanner),
        payments=_payments(s.payments, repo, clock, notifier),
    )


def _payments(kind: str, repo: Repository, clock: Clock, notifier: Any) -> Any:
    from bops.adapters.payments import GovUkPay, LocalPayments
    from bops.config import link

    if kind == "govuk_pay":
        return GovUkPay()
    # the stub's payment page is an API route of the local run, on the site as served
    return LocalPayments(repo, clock, notifier, lambda council, pid: link(f"/api/v1/local/payments/{council}/{pid}"))


def reset() -> None:
    """Forget the cached settings, clients and context (tests and the local run call this)."""
    from bops.adapters import aws

    settings.cache_clear()
    context.cache_clear()
    aws.reset()
