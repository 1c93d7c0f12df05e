"""API Gateway mirrors the Chalice app's routes: its OpenAPI body has a path per route and a method per verb."""

from __future__ import annotations

import pytest

from bops import resources
from tests.infra.infra_template import flatten, logical_id

pytestmark = pytest.mark.infra

# CloudFormation refuses a stack of more than 500 resources; the margin leaves room for the functions,
# state machines and alarms still to come. The API is one RestApi whatever its routes (its OpenAPI body),
# so a count near the limit means something else grows per route or per function again.
RESOURCE_BUDGET = 420
# and a template uploaded through S3 may be at most 1 MB; the API's body grows with every route
TEMPLATE_BYTES_BUDGET = 800_000
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


@pytest.fixture(scope="module")
def chalice_app(synthesized):
    from app import app

    return app


@pytest.fixture(scope="module")
def api(synthesized):
    """The REST API as deployed: its logical id, properties and body's operations {(path, METHOD): op}."""
    ((rest_api_id, rest_api),) = synthesized.of_type("AWS::ApiGateway::RestApi").items()
    body = rest_api["Properties"]["Body"]
    operations = {
        (path, method.upper()): operation
        for path, item in body["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }
    return {"rest_api_id": rest_api_id, "properties": rest_api["Properties"], "body": body, "operations": operations}


def test_the_stack_stays_well_under_cloudformations_resource_limit(synthesized):
    count = len(synthesized.resources)
    print(f"the stack holds {count} CloudFormation resources (limit 500, budget {RESOURCE_BUDGET})")
    assert count <= RESOURCE_BUDGET, (
        f"{count} resources: CloudFormation refuses more than 500 in a stack and this budget keeps room for "
        "what is still to come; look for a resource made per route or per function (the API must stay one "
        "OpenAPI body, not a Resource and Method per path)"
    )
    size = synthesized.template_path.stat().st_size
    print(f"the template is {size} bytes (limit 1,000,000 through S3, budget {TEMPLATE_BYTES_BUDGET})")
    assert size <= TEMPLATE_BYTES_BUDGET, f"the template is {size} bytes; CloudFormation takes at most 1 MB"


def test_the_api_is_one_body_not_a_resource_per_path(synthesized):
    assert synthesized.of_type("AWS::ApiGateway::Resource") == {}
    assert synthesized.of_type("AWS::ApiGateway::Method") == {}
    # gateway responses live in the body: importing it on an update would drop ones defined beside it
    assert synthesized.of_type("AWS::ApiGateway::GatewayResponse") == {}


def test_every_route_has_a_method_and_nothing_else(api, chalice_app):
    expected = {(path, method) for path, methods in chalice_app.routes.items() for method in methods}
    deployed = {key for key, op in api["operations"].items() if op["x-amazon-apigateway-integration"]["type"] != "mock"}
    assert expected  # the app has routes
    assert deployed == expected
    assert set(api["body"]["paths"]) == set(chalice_app.routes)


def test_no_greedy_proxy_path(api):
    assert not [p for p in api["body"]["paths"] if "+" in p]


def test_methods_proxy_to_the_api_function_and_authorize_in_the_app(synthesized, api, chalice_app):
    function_id = logical_id(synthesized.template, "AWS::Lambda::Function", FunctionName=resources.function_name("Api"))
    assert synthesized.resources[function_id]["Properties"]["Handler"] == "app.app"
    for (path, method), operation in api["operations"].items():
        if method == "OPTIONS":
            continue
        integration = operation["x-amazon-apigateway-integration"]
        assert integration["type"] == "aws_proxy", (path, method)
        assert integration["httpMethod"] == "POST", (path, method)
        assert f"<{function_id}.Arn>" in flatten(integration["uri"]), (path, method)
        assert flatten(integration["uri"]).endswith("/invocations"), (path, method)
        # verified inside the app (see bops_infra/api.py APP_AUTHORIZATION): no authorizer, no API key
        assert "security" not in operation, (path, method)
        assert operation["operationId"].startswith(chalice_app.routes[path][method].view_name), (path, method)
    body = api["body"]
    assert "security" not in body
    assert "securityDefinitions" not in body
    assert "x-amazon-apigateway-authorizer" not in str(body)
    assert synthesized.of_type("AWS::ApiGateway::Authorizer") == {}
    # the reason stays on record where the methods are now
    rules = synthesized.resources[api["rest_api_id"]]["Metadata"]["cdk_nag"]["rules_to_suppress"]
    assert {"AwsSolutions-APIG4", "AwsSolutions-COG4"} <= {rule["id"] for rule in rules}


def test_operation_ids_are_unique(api):
    ids = [op["operationId"] for (_, method), op in api["operations"].items() if method != "OPTIONS"]
    assert len(ids) == len(set(ids))


def test_every_path_answers_cors_preflight_itself(api):
    for path, item in api["body"]["paths"].items():
        integration = item["options"]["x-amazon-apigateway-integration"]
        assert integration["type"] == "mock", path
        response = integration["responses"]["default"]
        assert response["statusCode"] == "204", path
        headers = response["responseParameters"]
        assert headers["method.response.header.Access-Control-Allow-Origin"] == "'*'", path  # the default origin
        routed = sorted(m.upper() for m in item if m in HTTP_METHODS and m != "options")
        assert headers["method.response.header.Access-Control-Allow-Methods"] == f"'{','.join([*routed, 'OPTIONS'])}'"
        assert "Authorization" in headers["method.response.header.Access-Control-Allow-Headers"], path
        assert headers["method.response.header.Access-Control-Max-Age"] == "'3600'", path
        # each header the integration sets is declared on the method response (API Gateway requires it)
        declared = set(item["options"]["responses"]["204"]["headers"])
        assert {h.removeprefix("method.response.header.") for h in headers} == declared, path


def test_the_body_is_valid_openapi(api):
    from openapi_spec_validator import validate

    def without_intrinsics(value):  # CloudFormation resolves the integration URI's Fn::Join on deploy
        if isinstance(value, dict):
            if "Fn::Join" in value:
                return flatten(value)
            return {k: without_intrinsics(v) for k, v in value.items()}
        if isinstance(value, list):
            return [without_intrinsics(v) for v in value]
        return value

    validate(without_intrinsics(api["body"]))


def test_one_invoke_permission_for_the_whole_api(synthesized, api):
    permissions = synthesized.of_type("AWS::Lambda::Permission").values()
    # (the others let EventBridge invoke functions, e.g. GuardDuty's scan results the documents function)
    (permission,) = [p for p in permissions if p["Properties"]["Principal"] == "apigateway.amazonaws.com"]
    props = permission["Properties"]
    assert f"<{api['rest_api_id']}>/*/*/*" in flatten(props["SourceArn"])


def test_stage_logs_throttles_and_traces(synthesized, api):
    (stage,) = synthesized.of_type("AWS::ApiGateway::Stage").values()
    props = stage["Properties"]
    assert props["AccessLogSetting"]["DestinationArn"]
    assert props["TracingEnabled"] is True
    (settings,) = props["MethodSettings"]
    assert settings["ThrottlingRateLimit"] > 0
    assert settings["ThrottlingBurstLimit"] > 0
    assert settings["LoggingLevel"] in {"ERROR", "INFO"}
    assert settings["MetricsEnabled"] is True
    assert settings["DataTraceEnabled"] is False
    # the stage serves the deployment of this API (whose logical id hashes the body, see test_infra_api_spec)
    (deployment_id,) = synthesized.of_type("AWS::ApiGateway::Deployment")
    assert props["DeploymentId"] == {"Ref": deployment_id}
    assert props["RestApiId"] == {"Ref": api["rest_api_id"]}


def test_regional_endpoint(api):
    assert api["properties"]["EndpointConfiguration"] == {"Types": ["REGIONAL"]}


def test_binary_media_types_follow_the_app(api, chalice_app):
    body = api["body"]
    assert body.get("x-amazon-apigateway-binary-media-types", []) == list(chalice_app.api.binary_types)
    assert "BinaryMediaTypes" not in api["properties"]  # only in the body: one place to change them


def test_api_gateways_own_errors_carry_cors_headers(api):
    responses = api["body"]["x-amazon-apigateway-gateway-responses"]
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
        assert responses[kind]["responseParameters"] == {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}


def test_the_api_url_output_is_the_live_stage_of_this_api(synthesized, api):
    url = flatten(synthesized.template["Outputs"]["ApiUrl"]["Value"])
    assert url.startswith(f"https://<{api['rest_api_id']}>.execute-api.")
    ((stage_id, stage),) = synthesized.of_type("AWS::ApiGateway::Stage").items()
    assert stage["Properties"]["StageName"] == "live"
    assert url.endswith(f"/<{stage_id}>/")
