"""Reading routes from a Chalice app, and building the API's OpenAPI body from them (stand-in app)."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from chalice import Chalice

from bops_infra.api import Api, definition
from bops_infra.api_spec import ApiSpec, path_variables

pytestmark = pytest.mark.infra

ORIGIN = "https://planning.example.gov.uk"


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


def synthesize_api(spec: ApiSpec, cors_origins: list[str] | None = None) -> tuple[Api, dict]:
    """The Api construct alone in a stack, and that stack's template."""
    stack = cdk.Stack(cdk.App(), "StandIn")
    handler = lambda_.Function(
        stack,
        "Handler",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="app.app",
        code=lambda_.Code.from_inline("app = None"),
    )
    api = Api(
        stack,
        "Api",
        spec=spec,
        handler=handler,
        stage="",
        cors_origins=cors_origins or [ORIGIN],
        throttle_rate=10,
        throttle_burst=20,
    )
    return api, Template.from_stack(stack).to_json()


def of_type(template: dict, cfn_type: str) -> dict:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == cfn_type}


def test_spec_from_chalice_lists_each_path_and_its_methods():
    spec = ApiSpec.from_chalice(stand_in_app())
    assert spec.routes == {
        "/": ("GET",),
        "/api/v1/applications/{reference}": ("GET", "PATCH"),
        "/api/v1/applications/{reference}/documents/{document_id}": ("GET",),
    }
    assert spec.operation_names["/api/v1/applications/{reference}"]["PATCH"] == "application"


def test_operation_ids_are_the_view_names_made_unique_where_views_share_one():
    ids = ApiSpec.from_chalice(stand_in_app()).operation_ids()
    assert ids["/"]["GET"] == "index"
    assert ids["/api/v1/applications/{reference}/documents/{document_id}"]["GET"] == "document"
    # one view serving GET and PATCH: OpenAPI wants an id per operation
    assert ids["/api/v1/applications/{reference}"] == {
        "GET": "application_get_api_v1_applications_reference",
        "PATCH": "application_patch_api_v1_applications_reference",
    }


def test_path_variables_in_order():
    assert path_variables("/a/{reference}/b/{document_id}") == ["reference", "document_id"]
    assert path_variables("/") == []


def test_spec_refuses_sibling_path_variables_api_gateway_would_reject():
    spec = ApiSpec(routes={"/a/{reference}": ("GET",), "/a/{id}/b": ("GET",)})
    with pytest.raises(ValueError, match="one path variable per level"):
        spec.check()


def test_an_app_whose_routes_clash_on_a_path_variable_is_refused_before_any_body_is_built():
    # Given an app naming the same level's variable two ways (API Gateway's import would fail on deploy)
    app = stand_in_app()

    @app.route("/api/v1/applications/{id}/notes", methods=["GET"])
    def notes(id):  # noqa: A002 - the clash under test
        return {}

    # When its spec is read, Then synth stops with the clashing paths named
    with pytest.raises(ValueError, match="one path variable per level") as refused:
        ApiSpec.from_chalice(app)
    assert "{id}" in str(refused.value) and "{reference}" in str(refused.value)


def test_api_construct_defines_the_routes_in_one_openapi_body():
    # Given a stand-in app with a root route and nested path variables
    # When the API is built from its spec
    api, template = synthesize_api(ApiSpec.from_chalice(stand_in_app()))
    # Then there is no resource per path or method: the RestApi's body holds them
    assert of_type(template, "AWS::ApiGateway::Resource") == {}
    assert of_type(template, "AWS::ApiGateway::Method") == {}
    ((_, rest_api),) = of_type(template, "AWS::ApiGateway::RestApi").items()
    body = rest_api["Properties"]["Body"]
    assert body["swagger"] == "2.0"
    assert set(body["paths"]) == {
        "/",
        "/api/v1/applications/{reference}",
        "/api/v1/applications/{reference}/documents/{document_id}",
    }
    item = body["paths"]["/api/v1/applications/{reference}"]
    assert set(item) == {"get", "patch", "options"}
    patch = item["patch"]
    assert patch["x-amazon-apigateway-integration"]["type"] == "aws_proxy"
    assert patch["x-amazon-apigateway-integration"]["httpMethod"] == "POST"
    assert "security" not in patch
    assert [p["name"] for p in patch["parameters"]] == ["reference"]
    preflight = item["options"]["x-amazon-apigateway-integration"]
    assert preflight["type"] == "mock"
    headers = preflight["responses"]["default"]["responseParameters"]
    assert headers["method.response.header.Access-Control-Allow-Origin"] == f"'{ORIGIN}'"
    assert headers["method.response.header.Access-Control-Allow-Methods"] == "'GET,PATCH,OPTIONS'"
    assert headers["method.response.header.Vary"] == "'Origin'"
    # and API Gateway's own errors carry the front end's origin
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
        response = body["x-amazon-apigateway-gateway-responses"][kind]
        assert response["responseParameters"] == {"gatewayresponse.header.Access-Control-Allow-Origin": f"'{ORIGIN}'"}
    assert api.url  # other constructs (the site's CloudFront origin, the outputs) use it
    assert isinstance(api.rest_api, cdk.aws_apigateway.RestApiBase)


def test_a_route_change_makes_a_new_deployment():
    # Given the API deployed from the stand-in app
    _, before = synthesize_api(ApiSpec.from_chalice(stand_in_app()))
    # When a route is added
    app = stand_in_app()

    @app.route("/api/v1/applications/{reference}/notes", methods=["POST"])
    def add_note(reference):
        return {}

    _, after = synthesize_api(ApiSpec.from_chalice(app))
    # Then the deployment is a new resource (its logical id hashes the body), and the stage serves it
    (old,) = of_type(before, "AWS::ApiGateway::Deployment")
    (new,) = of_type(after, "AWS::ApiGateway::Deployment")
    assert old != new
    (stage,) = of_type(after, "AWS::ApiGateway::Stage").values()
    assert stage["Properties"]["DeploymentId"] == {"Ref": new}
    # and the same routes give the same deployment (no redeploy on every synth)
    _, again = synthesize_api(ApiSpec.from_chalice(stand_in_app()))
    assert set(of_type(again, "AWS::ApiGateway::Deployment")) == {old}


def test_several_origins_echo_the_requests_origin_and_have_no_static_gateway_header():
    origins = [ORIGIN, "https://staging.example.gov.uk"]
    body = definition(ApiSpec.from_chalice(stand_in_app()), title="t", integration_uri="uri", cors_origins=origins)
    response = body["paths"]["/"]["options"]["x-amazon-apigateway-integration"]["responses"]["default"]
    assert response["responseParameters"]["method.response.header.Access-Control-Allow-Origin"] == f"'{ORIGIN}'"
    template = response["responseTemplates"]["application/json"]
    assert '$origin == "https://staging.example.gov.uk"' in template
    assert "responseOverride.header.Access-Control-Allow-Origin" in template
    assert body["x-amazon-apigateway-gateway-responses"] == {}  # a static header can name only one origin


def test_any_origin_mixed_with_named_ones_is_refused():
    with pytest.raises(ValueError, match="cannot mix"):
        definition(ApiSpec.from_chalice(stand_in_app()), title="t", integration_uri="uri", cors_origins=["*", ORIGIN])


def test_a_path_whose_options_the_app_serves_gets_no_mock_preflight():
    app = Chalice(app_name="stand-in")

    @app.route("/things", methods=["GET", "OPTIONS"])
    def things():
        return {}

    body = definition(ApiSpec.from_chalice(app), title="t", integration_uri="uri", cors_origins=["*"])
    options = body["paths"]["/things"]["options"]["x-amazon-apigateway-integration"]
    assert options["type"] == "aws_proxy"


def test_binary_media_types_go_in_the_body():
    spec = ApiSpec(routes={"/": ("GET",)}, binary_media_types=("application/pdf",))
    body = definition(spec, title="t", integration_uri="uri", cors_origins=["*"])
    assert body["x-amazon-apigateway-binary-media-types"] == ["application/pdf"]


def test_the_stand_in_body_is_valid_openapi():
    from openapi_spec_validator import validate

    app = stand_in_app()

    @app.route("/things", methods=["GET", "OPTIONS"])
    def things():
        return {}

    validate(definition(ApiSpec.from_chalice(app), title="t", integration_uri="uri", cors_origins=[ORIGIN]))


def test_spec_refuses_routes_that_expect_api_gateway_authorizers():
    app = Chalice(app_name="stand-in")

    @app.route("/keyed", api_key_required=True)
    def keyed():
        return {}

    with pytest.raises(ValueError, match="GET /keyed"):
        ApiSpec.from_chalice(app)
