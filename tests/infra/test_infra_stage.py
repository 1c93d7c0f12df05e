"""A stage suffixes every name (resources.resource_name) and the wiring still agrees with itself."""

from __future__ import annotations

import pytest

from bops import resources
from tests.infra.conftest import synthesize
from tests.infra.infra_template import flatten, logical_id

pytestmark = pytest.mark.infra

STAGE = "test"
ORIGIN = "https://planning.example.gov.uk"


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    return synthesize(tmp_path_factory.mktemp("cdk.out.staged"), {"bops:stage": STAGE, "bops:corsOrigins": ORIGIN})


def test_stage_suffixes_every_name(staged):
    template = staged.template
    assert staged.template_path.name == f"Bops-{STAGE}.template.json"
    assert staged.synth_error is None
    logical_id(template, "AWS::DynamoDB::Table", TableName=f"{resources.TABLE}-{STAGE}")
    logical_id(template, "AWS::SQS::Queue", QueueName=f"{resources.UPLOADS_QUEUE}-{STAGE}")
    logical_id(template, "AWS::SQS::Queue", QueueName=f"{resources.UPLOADS_DLQ}-{STAGE}")
    logical_id(template, "AWS::Events::EventBus", Name=f"{resources.EVENT_BUS}-{STAGE}")
    logical_id(template, "AWS::Cognito::UserPool", UserPoolName=f"{resources.USER_POOL}-{STAGE}")
    for spec in [*resources.FUNCTIONS.values(), resources.API_FUNCTION]:
        logical_id(template, "AWS::Lambda::Function", FunctionName=f"bops-{spec.name}-{STAGE}")
    for spec in resources.STATE_MACHINES.values():
        logical_id(template, "AWS::StepFunctions::StateMachine", StateMachineName=f"bops-{spec.name}-{STAGE}")
    bucket_names = [flatten(b["Properties"].get("BucketName", "")) for b in staged.of_type("AWS::S3::Bucket").values()]
    assert [n for n in bucket_names if n.startswith(f"{resources.DOCUMENTS_BUCKET}-{STAGE}-")]


def test_functions_are_told_the_staged_names(staged):
    for function in staged.of_type("AWS::Lambda::Function").values():
        env = function["Properties"]["Environment"]["Variables"]
        assert env["BOPS_EVENT_BUS"] == f"{resources.EVENT_BUS}-{STAGE}"
        assert flatten(env["BOPS_APPLICATION_STATE_MACHINE_ARN"]).endswith(f":stateMachine:bops-Application-{STAGE}")


def test_cors_names_the_front_end(staged):
    (bucket,) = [b for b in staged.of_type("AWS::S3::Bucket").values() if "CorsConfiguration" in b["Properties"]]
    assert bucket["Properties"]["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"] == [ORIGIN]
    ((_, rest_api),) = staged.of_type("AWS::ApiGateway::RestApi").items()
    body = rest_api["Properties"]["Body"]
    preflights = [item["options"]["x-amazon-apigateway-integration"] for item in body["paths"].values()]
    assert preflights
    for integration in preflights:
        response = integration["responses"]["default"]
        assert response["responseParameters"]["method.response.header.Access-Control-Allow-Origin"] == f"'{ORIGIN}'"
    # API Gateway's own errors (throttling, 5xx) name the front end too
    for response in body["x-amazon-apigateway-gateway-responses"].values():
        assert response["responseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{ORIGIN}'"


def test_the_api_is_named_for_the_stage(staged):
    ((_, rest_api),) = staged.of_type("AWS::ApiGateway::RestApi").items()
    assert rest_api["Properties"]["Name"] == f"bops-api-{STAGE}"
    assert rest_api["Properties"]["Body"]["info"]["title"] == f"bops-api-{STAGE}"
