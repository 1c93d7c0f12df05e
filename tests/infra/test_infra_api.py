"""API Gateway mirrors the Chalice app's routes: one resource per path segment, one method per route."""

from __future__ import annotations

import pytest

from bops import resources
from tests.infra.infra_template import flatten, logical_id

pytestmark = pytest.mark.infra


@pytest.fixture(scope="module")
def chalice_app(synthesized):
    from app import app

    return app


@pytest.fixture(scope="module")
def api(synthesized):
    """Resource paths and methods as deployed: {(path, method): method resource}."""
    (rest_api_id,) = synthesized.of_type("AWS::ApiGateway::RestApi")
    root = f"<{rest_api_id}.RootResourceId>"
    paths = {root: ""}
    pending = dict(synthesized.of_type("AWS::ApiGateway::Resource"))
    while pending:  # parents first
        for key, resource in list(pending.items()):
            parent = flatten(resource["Properties"]["ParentId"])
            if parent in paths:
                paths[f"<{key}>"] = f"{paths[parent]}/{resource['Properties']['PathPart']}"
                del pending[key]
    methods = {}
    for method in synthesized.of_type("AWS::ApiGateway::Method").values():
        props = method["Properties"]
        methods[(paths[flatten(props["ResourceId"])] or "/", props["HttpMethod"])] = props
    return {"rest_api_id": rest_api_id, "paths": set(paths.values()), "methods": methods}


def test_every_route_has_a_method_and_nothing_else(api, chalice_app):
    expected = {(path, method) for path, methods in chalice_app.routes.items() for method in methods}
    deployed = {key for key, props in api["methods"].items() if props["Integration"]["Type"] != "MOCK"}
    assert expected  # the app has routes
    assert deployed == expected


def test_no_greedy_proxy_resource(api):
    assert not [p for p in api["paths"] if "+" in p]


def test_methods_proxy_to_the_api_function_and_authorize_in_the_app(synthesized, api):
    function_id = logical_id(synthesized.template, "AWS::Lambda::Function", FunctionName=resources.function_name("Api"))
    assert synthesized.resources[function_id]["Properties"]["Handler"] == "app.app"
    for key, props in api["methods"].items():
        if props["HttpMethod"] == "OPTIONS":
            continue
        integration = props["Integration"]
        assert integration["Type"] == "AWS_PROXY", key
        assert integration["IntegrationHttpMethod"] == "POST", key
        assert f"<{function_id}.Arn>" in flatten(integration["Uri"]), key
        assert props["AuthorizationType"] == "NONE", key  # verified inside the app, see bops_infra/api.py


def test_every_resource_with_methods_answers_cors_preflight(api):
    routed = {path for path, method in api["methods"] if method != "OPTIONS"}
    for path in routed:
        preflight = api["methods"][(path, "OPTIONS")]
        assert preflight["Integration"]["Type"] == "MOCK"
        (response,) = preflight["Integration"]["IntegrationResponses"]
        assert "method.response.header.Access-Control-Allow-Origin" in response["ResponseParameters"]


def test_one_invoke_permission_for_the_whole_api(synthesized, api):
    permissions = synthesized.of_type("AWS::Lambda::Permission").values()
    # (the others let EventBridge invoke functions, e.g. GuardDuty's scan results the documents function)
    (permission,) = [p for p in permissions if p["Properties"]["Principal"] == "apigateway.amazonaws.com"]
    props = permission["Properties"]
    assert f"<{api['rest_api_id']}>/*/*/*" in flatten(props["SourceArn"])


def test_stage_logs_throttles_and_traces(synthesized):
    (stage,) = synthesized.of_type("AWS::ApiGateway::Stage").values()
    props = stage["Properties"]
    assert props["AccessLogSetting"]["DestinationArn"]
    assert props["TracingEnabled"] is True
    (settings,) = props["MethodSettings"]
    assert settings["ThrottlingRateLimit"] > 0
    assert settings["ThrottlingBurstLimit"] > 0
    assert settings["LoggingLevel"] in {"ERROR", "INFO"}
    assert settings["DataTraceEnabled"] is False


def test_binary_media_types_follow_the_app(synthesized, chalice_app):
    (rest_api,) = synthesized.of_type("AWS::ApiGateway::RestApi").values()
    assert rest_api["Properties"].get("BinaryMediaTypes", []) == list(chalice_app.api.binary_types)
