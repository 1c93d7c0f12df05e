"""The demo council, its officers and integrator token, and the demo applications."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import requests

from bops.auth import SCOPES
from bops.services import councils
from bops.services.context import context
from local import stack

DEMO_DATA = Path(__file__).parent / "demo_data" / "odp"
SITE_HISTORY = Path(__file__).parent / "demo_data" / "site_history.csv"
COUNCIL = "demo"
COUNCIL_NAME = "Demo Borough Council"
PASSWORD = "Demo-Passw0rd!"
OFFICERS = (
    # username, roles, email — the first is the one the README and credentials.json name
    ("assessor", ("assessor",), "assessor@demo.example"),
    ("reviewer", ("reviewer",), "reviewer@demo.example"),
    ("admin", ("administrator", "assessor", "reviewer"), "admin@demo.example"),
)
#: The demo officers' full names and job titles, as case pages and decision notices show them.
OFFICER_NAMES = {
    "assessor": ("Priya Shah", "Planning officer"),
    "reviewer": ("Tom Okafor", "Senior planning officer"),
    "admin": ("Helen Marsh", "Development management team leader"),
}


#: The demo council's consultee directory (made-up addresses on the reserved example domains).
DIRECTORY = (
    ("Highways team", "Demo Borough Council", "highways@demo.example", "internal", 21, "access and parking"),
    ("Tree officer", "Demo Borough Council", "trees@demo.example", "internal", 21, "trees and landscaping"),
    ("Conservation officer", "Demo Borough Council", "conservation@demo.example", "internal", 21, "heritage"),
    ("Planning consultations", "Environment Agency", "planning@ea.example.org", "external", 21, "flood risk"),
    ("Development advice", "Historic England", "advice@he.example.org", "external", 21, "listed buildings"),
    ("Clerk", "Demo Parish Council", "clerk@parish.example.org", "external", 21, "local views"),
)


def examples() -> list[Path]:
    return sorted(DEMO_DATA.rglob("*.json"))


def seed(local: stack.LocalStack, api_url: str) -> dict[str, Any]:
    ctx = context()
    councils.create_council(ctx, COUNCIL, COUNCIL_NAME)
    for username, roles, email in OFFICERS:
        name, job_title = OFFICER_NAMES[username]
        stack.create_officer(
            local,
            username=username,
            password=PASSWORD,
            council=COUNCIL,
            roles=roles,
            email=email,
            name=name,
            job_title=job_title,
        )
    from bops.services import consultee_directory

    for name, organisation, email, kind, days, expertise in DIRECTORY:
        consultee_directory.add_entry(
            ctx,
            COUNCIL,
            consultee_directory.DirectoryEntry(
                name=name, organisation=organisation, email=email, kind=kind, response_days=days, expertise=expertise
            ),
            changed_by="system:demo",
        )
    from bops.services import site_history

    # Made-up applications "from the council's previous system" at some demo sites (the assessment's site history)
    site_history.import_records(
        ctx, COUNCIL, site_history.SiteHistoryImport(csv=SITE_HISTORY.read_text()), imported_by="system:demo"
    )
    token = councils.create_token(
        ctx, COUNCIL, councils.TokenRequest(name="Demo PlanX", scopes=list(SCOPES)), created_by="system:demo"
    ).token
    references = []
    for path in examples():
        response = requests.post(
            f"{api_url}/api/v1/submissions",
            data=path.read_bytes(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=30,
        )
        response.raise_for_status()
        references.append(response.json()["reference"])
    # The README's walkthrough starts by validating this one: a resubmission of the first householder example
    walkthrough = submit_walkthrough_case(api_url, token)
    from local import demo_enforcement, demo_pre_application

    # the bundled ODP pre-application and breach report examples, as PlanX posts them
    pre_application = demo_pre_application.seed(api_url, token)
    enforcement_case = demo_enforcement.seed(api_url, token)
    householder = [r for path, r in zip(examples(), references, strict=True) if path.name in PLANS_FOR]
    householder.append(walkthrough)
    for reference in householder:
        upload_sample_plans(ctx, api_url, token, reference)
    if householder:
        # published once scanned (a moment later), so a consultee's link shows them: in the background,
        # so start-up does not wait for the scans
        threading.Thread(target=publish_sample_plans, args=(householder,), name="demo-plans", daemon=True).start()
    # The examples are made valid (as the demo assessor), so the public register, its ODP post-submission
    # API (v2) and the open data hold all thirteen from the start
    validate(local, api_url, references)
    from local import demo_decisions

    # two of them decided (refused and granted), so PS1/PS2 and the decision open data have figures to show
    decided = demo_decisions.decide(
        local, api_url, {path.name: r for path, r in zip(examples(), references, strict=True)}, PASSWORD
    )
    return {
        "api": api_url,
        "council": COUNCIL,
        "api_token": token,
        "officer": {"username": OFFICERS[0][0], "password": PASSWORD},
        "officers": [{"username": u, "password": PASSWORD, "roles": list(r)} for u, r, _ in OFFICERS],
        "cognito": {
            "endpoint_url": local.endpoint_url,
            "region": local.region,
            "user_pool_id": local.user_pool_id,
            "client_id": local.client_id,
        },
        "applications": references,
        "walkthrough": walkthrough,
        "decided": decided,
        "pre_applications": [pre_application],
        "enforcement": [enforcement_case],
    }


#: The example the walkthrough case resubmits (a householder application, left for the newcomer to validate).
WALKTHROUGH_EXAMPLE = "fullHouseholder.json"
WALKTHROUGH_SUBMISSION_ID = "5b0f6a52-8d7e-4c1b-9a43-2f1c7e9d0b14"  # its own ODP metadata.id (fixed: idempotent)
VALIDATED_WITHIN = 120  # seconds for each example's workflow to reach the officer's validation step


def submit_walkthrough_case(api_url: str, token: str) -> str:
    """The README walkthrough's case: the first householder example again, as a resubmission of its own."""
    path = next(p for p in examples() if p.name == WALKTHROUGH_EXAMPLE)
    payload = json.loads(path.read_text())
    payload["metadata"]["id"] = WALKTHROUGH_SUBMISSION_ID
    proposal = payload["data"]["proposal"]
    proposal["description"] = f"Resubmission. {proposal['description']}"
    response = requests.post(
        f"{api_url}/api/v1/submissions",
        json=payload,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["reference"])


def validate(local: stack.LocalStack, api_url: str, references: list[str], *, within: float = VALIDATED_WITHIN) -> None:
    """Makes each application valid through the API, as the demo assessor would, once its workflow waits for
    the officer's validation decision (valid from the received date: DMPO 2015 art. 34)."""
    headers = {"Authorization": f"Bearer {stack.sign_in(local, OFFICERS[0][0], PASSWORD)}"}
    deadline = time.monotonic() + within
    for reference in references:
        while True:
            case = requests.get(f"{api_url}/api/v1/applications/{reference}", headers=headers, timeout=30)
            case.raise_for_status()
            if case.json()["application"].get("awaiting") == "validation_decision":
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the workflow of {reference} did not reach its validation step")
            time.sleep(0.2)  # the local workflow's first steps, in moto's threads: nothing to be told about
        decided = requests.post(
            f"{api_url}/api/v1/applications/{reference}/validation-decision",
            json={"decision": "valid"},
            headers=headers,
            timeout=30,
        )
        decided.raise_for_status()


#: The demo householder applications that carry sample plans (``local/demo_plans.py``).
PLANS_FOR = ("fullHouseholder.json", "fullHouseholderInConservationArea.json")
PLANS_PUBLISHED_WITHIN = 120  # seconds to wait for the sample plans' scans before giving up publishing them


def upload_sample_plans(ctx: Any, api_url: str, token: str, reference: str, *, council: str = COUNCIL) -> list[str]:
    """Uploads the sample plans to an application through the normal path (an upload form, then the file
    straight to storage): they are checked, scanned and recorded like any file, with their drawing numbers."""
    from local import demo_plans

    case = ctx.repo.cases.get(council, reference) or {}
    address = (case.get("site") or {}).get("address", "")
    ids = []
    for plan in demo_plans.PLANS:
        form = requests.post(
            f"{api_url}/api/v1/applications/{reference}/uploads",
            json={
                "file_name": plan.file_name,
                "content_type": "application/pdf",
                "tags": list(plan.tags),
                "drawing_number": plan.drawing_number,
            },
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        form.raise_for_status()
        created = form.json()
        content = demo_plans.render(plan, site_address=address, reference=reference)
        posted = requests.post(
            created["url"],
            data=created["fields"],
            files={"file": (plan.file_name, content, "application/pdf")},
            timeout=30,
        )
        posted.raise_for_status()
        ids.append(created["document_id"])
    return ids


def publish_sample_plans(
    references: list[str], *, council: str = COUNCIL, within: float = PLANS_PUBLISHED_WITHIN
) -> None:
    """Publishes each application's sample plans once they are scanned clean (as the demo assessor)."""
    from bops.auth import Identity
    from bops.domain.errors import Conflict, InvalidRequest, NotFound
    from bops.services import documents

    ctx = context()
    assessor = Identity(council=council, kind="officer", subject="demo", name=OFFICERS[0][0])
    deadline = time.monotonic() + within
    waiting = list(references)
    while waiting and time.monotonic() < deadline:
        for reference in list(waiting):
            stored = ctx.repo.documents.list(council, reference)
            clean = [d.id for d in stored if d.scan and d.scan.status == "clean"]
            if len(clean) >= len(stored) > 0:
                try:
                    documents.publish_documents(
                        ctx, assessor, reference, documents.PublishDocuments(document_ids=clean)
                    )
                except (Conflict, InvalidRequest, NotFound) as error:
                    print(f"The sample plans of {reference} were not published: {error}", flush=True)
                waiting.remove(reference)
        time.sleep(0.5)  # polling a local table while the demo starts: no workflow waits on this


def write_credentials(credentials: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(credentials, indent=2) + "\n")
    path.chmod(0o600)
