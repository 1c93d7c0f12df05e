"""The first README command, started as a newcomer would, driven over HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests

from local.runtime import free_port

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    credentials_path = tmp_path_factory.mktemp("run") / "credentials.json"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOPS_", "MOTO_"))}
    process = subprocess.Popen(
        [sys.executable, "local/run.py", "--port", str(port), "--credentials", str(credentials_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not credentials_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the local run did not start:\n" + (process.stdout.read() if process.stdout else ""))
        time.sleep(0.25)
    yield process, json.loads(credentials_path.read_text())
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def _sign_in(credentials):
    cognito = credentials["cognito"]
    client = boto3.client(
        "cognito-idp",
        endpoint_url=cognito["endpoint_url"],
        region_name=cognito["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    result = client.initiate_auth(
        ClientId=cognito["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": credentials["officer"]["username"], "PASSWORD": credentials["officer"]["password"]},
    )
    return {"Authorization": f"Bearer {result['AuthenticationResult']['IdToken']}", "Content-Type": "application/json"}


def _poll(fn, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_newcomer_signs_in_sees_the_demo_applications_uploads_a_pdf_and_validates_one(local_run):
    process, credentials = local_run
    api = credentials["api"]
    headers = _sign_in(credentials)

    listed = requests.get(f"{api}/api/v1/applications", params={"limit": "100"}, headers=headers, timeout=10)
    assert listed.status_code == 200
    applications = listed.json()["applications"]
    assert len(applications) == 13
    householder = next(a for a in applications if a["application_type"] == "pp.full.householder")
    reference = householder["reference"]

    upload = requests.post(
        f"{api}/api/v1/applications/{reference}/uploads",
        json={"file_name": "site-plan.pdf", "content_type": "application/pdf", "tags": ["sitePlan.proposed"]},
        headers=headers,
        timeout=10,
    )
    assert upload.status_code == 201, upload.text
    form = upload.json()
    posted = requests.post(
        form["url"], data=form["fields"], files={"file": ("site-plan.pdf", PDF, "application/pdf")}, timeout=10
    )
    assert posted.status_code in (200, 201, 204), posted.text

    def recorded():
        case = requests.get(f"{api}/api/v1/applications/{reference}", headers=headers, timeout=10).json()
        return [d for d in case["documents"] if d["file_name"] == "site-plan.pdf"]

    document = _poll(recorded)[0]
    assert document["status"] == "received" and document["content_type"] == "application/pdf"
    assert document["size"] == len(PDF)

    def waiting():
        case = requests.get(f"{api}/api/v1/applications/{reference}", headers=headers, timeout=10).json()
        return "validate" in case["available_actions"] and case["application"].get("awaiting") == "validation_decision"

    _poll(waiting)
    decided = requests.post(
        f"{api}/api/v1/applications/{reference}/validation-decision",
        json={"decision": "valid"},
        headers=headers,
        timeout=10,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["application"]["status"] == "in_assessment"

    # bad credentials are refused; the integrator token from credentials.json works for reading
    assert requests.get(f"{api}/api/v1/applications", timeout=10).status_code == 401
    token_headers = {"Authorization": f"Bearer {credentials['api_token']}"}
    assert requests.get(f"{api}/api/v1/applications/{reference}", headers=token_headers, timeout=10).status_code == 200


def test_ctrl_c_stops_it_cleanly(local_run):
    process, _credentials = local_run
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
