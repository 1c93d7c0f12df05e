"""PlanX submits as it submits to BoPS: ``POST /api/v2/planning_applications`` answers BoPS's ``{id, message}``,
with intake's token scope, validation and idempotency; ``POST /api/v1/submissions`` is unchanged."""

from __future__ import annotations

import pytest

from tests.support import Caller, example

pytestmark = pytest.mark.integration

PATH = "/api/v2/planning_applications"


def test_planx_gets_an_id_and_the_same_id_again_for_the_same_submission(runtime, council):
    # Given an ODP submission, as PlanX sends it
    body = example("fullHouseholder")

    # When PlanX posts it to the BoPS route
    created = council.integrator.post(PATH, json_body=body)

    # Then it gets BoPS's answer: the id it records is the application's reference
    assert created.status_code == 200, created.text
    answer = created.json()
    assert answer == {"id": answer["id"], "message": "Application successfully created"}
    assert council.case(answer["id"])["application"]["reference"] == answer["id"]

    # And the same submission again (a retry) answers with the same id and makes no second application
    again = council.integrator.post(PATH, json_body=body)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == answer["id"]
    v1 = council.integrator.post("/api/v1/submissions", json_body=body)
    assert v1.status_code == 201 and v1.json()["reference"] == answer["id"] and v1.json()["created"] is False


def test_bad_submissions_and_credentials_are_refused_as_on_v1(runtime, council):
    body = example("fullHouseholder")
    del body["data"]["applicant"]["email"]
    body["data"]["proposal"]["description"] = 42
    bad = council.integrator.post(PATH, json_body=body)
    assert bad.status_code == 422, bad.text
    paths = {f["path"] for f in bad.json()["error"]["fields"]}
    assert {"data.applicant.email", "data.proposal.description"} <= paths
    assert council.integrator.post(PATH, data=b"{not json").status_code == 400
    # no credential, an officer's (not an integrator token), or none at all: no application
    assert Caller(council.api_url, None).post(PATH, json_body=example("fullHouseholder")).status_code == 401
    assert council.officer().post(PATH, json_body=example("fullHouseholder")).status_code == 403
    # a token without the submission scope is refused, as on v1
    from bops.services import councils
    from bops.services.context import context

    reader = councils.create_token(
        context(), council.id, councils.TokenRequest(name="Reader", scopes=["application:read"]), created_by="test"
    ).token
    assert Caller(council.api_url, reader).post(PATH, json_body=example("fullHouseholder")).status_code == 403
