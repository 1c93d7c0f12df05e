"""Reading routes from a Chalice app, and building API Gateway resources from them (stand-in app)."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match, Template
from chalice import Chalice

from bops_infra.api import Api
from bops_infra.api_spec import ApiSpec

pytestmark = pytest.mark.infra


def stand_in_app() -> Chalice:
    app = Chalice(app_name="stand-in")

    @app.route("/")
    def index():
        return {}

    @app.route("/api/v1/applications/{reference}", methods=["GET", "PATCH"])
    def application(reference):
        return {}

    @app.route("/api/v1/applications/{reference}/documents/{document_id}", methods=["GET"])
    def document(reference, document_id):
        return {}

    return app


def test_spec_from_chalice_lists_each_path_and_its_methods():
    spec = ApiSpec.from_chalice(stand_in_app())
    assert spec.routes == {
        "/": ("GET",),
        "/api/v1/applications/{reference}": ("GET", "PATCH"),
        "/api/v1/applications/{reference}/documents/{document_id}": ("GET",),
    }
    assert spec.operation_names["/api/v1/applications/{reference}"]["PATCH"] == "application"


def test_spec_refuses_sibling_path_variables_api_gateway_would_reject():
    spec = ApiSpec(routes={"/a/{reference}": ("GET",), "/a/{id}/b": ("GET",)})
    with pytest.raises(ValueError, match="one path variable per level"):
        spec.check()


def test_api_construct_builds_one_resource_per_segment():
    # Given a stand-in app with a root route and nested path variables
    stack = cdk.Stack(cdk.App(), "StandIn")
    handler = lambda_.Function(
        stack,
        "Handler",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="app.app",
        code=lambda_.Code.from_inline("app = None"),
    )
    # When the API is built from its spec
    Api(
        stack,
        "Api",
        spec=ApiSpec.from_chalice(stand_in_app()),
        handler=handler,
        stage="",
        cors_origins=["https://planning.example.gov.uk"],
        throttle_rate=10,
        throttle_burst=20,
    )
    template = Template.from_stack(stack)
    # Then each segment is a resource and each route a proxied method
    for part in ("api", "v1", "applications", "{reference}", "documents", "{document_id}"):
        template.has_resource_properties("AWS::ApiGateway::Resource", {"PathPart": part})
    template.resource_count_is("AWS::ApiGateway::Resource", 6)
    template.resource_count_is("AWS::ApiGateway::Method", 4 + 3)  # 4 routes + a preflight per routed resource
    template.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "HttpMethod": "PATCH",
            "AuthorizationType": "NONE",
            "Integration": Match.object_like({"Type": "AWS_PROXY"}),
        },
    )
    # and API Gateway's own errors carry the front end's origin
    template.has_resource_properties(
        "AWS::ApiGateway::GatewayResponse",
        {
            "ResponseParameters": {
                "gatewayresponse.header.Access-Control-Allow-Origin": "'https://planning.example.gov.uk'"
            }
        },
    )


def test_spec_refuses_routes_that_expect_api_gateway_authorizers():
    app = Chalice(app_name="stand-in")

    @app.route("/keyed", api_key_required=True)
    def keyed():
        return {}

    with pytest.raises(ValueError, match="GET /keyed"):
        ApiSpec.from_chalice(app)
