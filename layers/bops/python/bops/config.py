"""Runtime settings, read once from the environment (the same variables in AWS and locally)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from bops import resources


@dataclass(frozen=True)
class Settings:
    table_name: str
    documents_bucket: str
    event_bus_name: str
    application_state_machine_arn: str
    cognito_user_pool_id: str
    cognito_client_id: str
    cognito_issuer: str
    cognito_jwks_url: str
    region: str
    max_submission_bytes: int
    max_upload_bytes: int
    # The longest a workflow timer sleeps before re-reading the case. Timers sleep until the next deadline
    # (a change that moves a deadline is found when the old one comes), so by default this is longer
    # than a Standard execution may last and never applies; the local run sets a short one so that
    # moving the demo clock shows the timers.
    timer_recheck_seconds: int
    # Where the site is served: the base of every link in emails and letters. Set by whatever serves the
    # site: the CDK stack (the CloudFront domain, or the council's own) in AWS, the local run (the port it
    # chose) on this machine; see ``use_public_url``.
    public_url: str
    notify: str  # "outbox" (stored, listed through the API) or "govuk" (GOV.UK Notify)
    validation_request_state_machine_arn: str
    consultation_state_machine_arn: str
    address_source: str = "local"  # neighbours' addresses: "local" (bundled demo data) or "os_places"
    scanner: str = "local"  # malware scanning of uploads: "guardduty" (AWS) or "local" (bops.adapters.scanner)
    pre_application_state_machine_arn: str = ""  # one execution per pre-application (bops.services.pre_applications)
    enforcement_state_machine_arn: str = ""  # one execution per enforcement case (bops.adapters.enforcement_workflow)
    # In AWS without a domain of its own the site is served on CloudFront's, known only once deployed:
    # the stack keeps it in this SSM parameter (read when a link is made; see ``public_url``).
    public_url_parameter: str = ""
    payments: str = "local"  # fee payments: "local" (a stub, its payment page in the outbox) or "govuk_pay"


PUBLIC_URL_VARIABLE = "BOPS_PUBLIC_URL"
#: A link nobody can follow, rather than one to a port where something else may be listening: only a
#: process that serves no site (a unit test) builds links without saying where the site is.
UNSET_PUBLIC_URL = "http://bops.invalid"

# A Standard execution lasts at most a year: a timer capped at more than that is never capped.
NO_RECHECK_SECONDS = 366 * 24 * 3600


@cache
def settings() -> Settings:
    env = os.environ
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "eu-west-2"
    pool = env.get("BOPS_USER_POOL_ID", "")
    issuer = env.get("BOPS_COGNITO_ISSUER") or f"https://cognito-idp.{region}.amazonaws.com/{pool}"
    return Settings(
        table_name=env.get("BOPS_TABLE", resources.TABLE),
        documents_bucket=env.get("BOPS_DOCUMENTS_BUCKET", resources.DOCUMENTS_BUCKET),
        event_bus_name=env.get("BOPS_EVENT_BUS", resources.EVENT_BUS),
        application_state_machine_arn=env.get("BOPS_APPLICATION_STATE_MACHINE_ARN", ""),
        cognito_user_pool_id=pool,
        cognito_client_id=env.get("BOPS_USER_POOL_CLIENT_ID", ""),
        cognito_issuer=issuer,
        cognito_jwks_url=env.get("BOPS_COGNITO_JWKS_URL") or f"{issuer}/.well-known/jwks.json",
        region=region,
        max_submission_bytes=int(env.get("BOPS_MAX_SUBMISSION_BYTES", str(2 * 1024 * 1024))),
        max_upload_bytes=30 * 1024 * 1024,
        timer_recheck_seconds=int(env.get("BOPS_TIMER_RECHECK_SECONDS") or NO_RECHECK_SECONDS),
        public_url=env.get(PUBLIC_URL_VARIABLE) or UNSET_PUBLIC_URL,
        notify=env.get("BOPS_NOTIFY", "outbox"),
        validation_request_state_machine_arn=env.get("BOPS_VALIDATION_REQUEST_STATE_MACHINE_ARN", ""),
        consultation_state_machine_arn=env.get("BOPS_CONSULTATION_STATE_MACHINE_ARN", ""),
        address_source=env.get("BOPS_ADDRESS_SOURCE", "local"),
        scanner=env.get("BOPS_SCANNER", "local"),
        pre_application_state_machine_arn=env.get("BOPS_PRE_APPLICATION_STATE_MACHINE_ARN", ""),
        enforcement_state_machine_arn=env.get("BOPS_ENFORCEMENT_STATE_MACHINE_ARN", ""),
        public_url_parameter=env.get("BOPS_PUBLIC_URL_PARAMETER", ""),
        payments=env.get("BOPS_PAYMENTS", "local"),
    )


def use_public_url(url: str) -> None:
    """Links in emails and letters lead to ``url`` from now on: the process that serves the site calls this
    with the address it actually serves on (the local run, once its port is known)."""
    os.environ[PUBLIC_URL_VARIABLE] = url.rstrip("/")
    settings.cache_clear()


def public_url() -> str:
    """Where the site is served: ``BOPS_PUBLIC_URL``, else the SSM parameter the stack keeps it in (cached
    a few minutes, read only when a link is made)."""
    s = settings()
    if s.public_url != UNSET_PUBLIC_URL or not s.public_url_parameter:
        return s.public_url.rstrip("/")
    from bops.adapters.secrets import parameter

    return str(parameter(s.public_url_parameter)).rstrip("/")


def link(path: str) -> str:
    """``path`` (``/applicant.html#...``) on the site: where a link in an email or letter leads."""
    return f"{public_url()}/{path.lstrip('/')}"
