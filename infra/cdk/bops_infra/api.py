"""API: a REST API mirroring the Chalice app's routes, every method proxied to the one API function.

The API is defined by one OpenAPI (Swagger 2.0) body on the ``AWS::ApiGateway::RestApi`` resource rather
than an ``AWS::ApiGateway::Resource`` per path segment and an ``AWS::ApiGateway::Method`` per verb (plus a
preflight ``Method`` per path): those came to ~350 of the 500 resources a CloudFormation stack may hold,
and every new route added two or three. With the body the whole API is a handful of resources whatever
the number of routes. The body is part of the deployment's logical id (CDK hashes the RestApi's
properties), so changing a route makes a new deployment of the stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from bops import resources
from bops_infra import nag
from bops_infra.api_spec import ApiSpec, path_variables
from bops_infra.functions import LOG_RETENTION

CORS_HEADERS = list(apigw.Cors.DEFAULT_HEADERS)  # Content-Type, Authorization (Bearer), X-Amz-*
CORS_MAX_AGE = cdk.Duration.hours(1)
PREFLIGHT_STATUS = "204"
DESCRIPTION = "BoPS HTTP API (routes of the Chalice app in app.py)"
APP_AUTHORIZATION = (
    "Authorization is enforced inside the application, route by route, for both credential kinds: "
    "officers' Cognito JWTs are verified against the user pool's JWKS (issuer, audience, expiry, "
    "custom:council and group claims) and integrators' per-council API tokens are checked against "
    "their stored hashes; the few public routes (e.g. the OpenAPI document) are public by design. "
    "A Cognito authorizer in API Gateway could verify only the first kind."
)


def lambda_proxy_uri(function_arn: str) -> str:
    """The integration URI API Gateway invokes a Lambda function through (``function_arn`` may be a token)."""
    return cdk.Fn.join(
        "",
        [
            f"arn:{cdk.Aws.PARTITION}:apigateway:{cdk.Aws.REGION}:lambda:path/2015-03-31/functions/",
            function_arn,
            "/invocations",
        ],
    )


def definition(spec: ApiSpec, *, title: str, integration_uri: str, cors_origins: Sequence[str]) -> dict[str, Any]:
    """The API as an OpenAPI 2.0 document with API Gateway's extensions.

    Every Chalice route is a method proxied (``aws_proxy``) to the API function, which authorizes it
    (no API Gateway authorizers, see APP_AUTHORIZATION); every path also answers the CORS preflight
    itself (a ``mock`` OPTIONS method) unless the app serves OPTIONS there.
    """
    origins = list(cors_origins)
    check_cors_origins(origins)
    operation_ids = spec.operation_ids()
    paths: dict[str, dict[str, Any]] = {}
    for path, methods in spec.routes.items():
        parameters = [{"name": name, "in": "path", "required": True, "type": "string"} for name in path_variables(path)]
        operations: dict[str, Any] = {}
        for method in methods:
            operations[method.lower()] = {
                "operationId": operation_ids[path][method],
                "parameters": parameters,
                # a proxy integration passes the function's response through whatever its status
                "responses": {"200": {"description": "The application's response"}},
                "x-amazon-apigateway-integration": {
                    "type": "aws_proxy",
                    "httpMethod": "POST",
                    "uri": integration_uri,
                    "passthroughBehavior": "when_no_match",
                },
            }
        if "OPTIONS" not in methods:
            operations["options"] = preflight(origins, [*methods, "OPTIONS"], parameters)
        paths[path] = operations
    body: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": title, "description": DESCRIPTION, "version": "1.0"},
        "schemes": ["https"],
        "paths": paths,
        "x-amazon-apigateway-gateway-responses": gateway_responses(origins),
    }
    if spec.binary_media_types:
        body["x-amazon-apigateway-binary-media-types"] = list(spec.binary_media_types)
    return body


def check_cors_origins(origins: Sequence[str]) -> None:
    if not origins:
        raise ValueError("CORS needs at least one allowed origin")
    if "*" in origins and len(origins) > 1:
        raise ValueError(f"CORS origins cannot mix '*' with specific origins: {list(origins)}")


def preflight(origins: Sequence[str], methods: Sequence[str], parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """A ``mock`` OPTIONS method answering the browser's preflight without invoking the function.

    The same answer CDK's ``Resource.addCorsPreflight`` gives: the first origin (or ``*``) as a static
    header, and with several origins a template that echoes the request's ``Origin`` when it is one of
    the others (a static header can name only one).
    """
    headers = {
        "Access-Control-Allow-Headers": f"'{','.join(CORS_HEADERS)}'",
        "Access-Control-Allow-Origin": f"'{origins[0]}'",
        "Access-Control-Allow-Methods": f"'{','.join(methods)}'",
        "Access-Control-Max-Age": f"'{int(CORS_MAX_AGE.to_seconds())}'",
    }
    if origins[0] != "*":
        headers["Vary"] = "'Origin'"  # the answer depends on the request's origin: caches must key on it
    response: dict[str, Any] = {
        "statusCode": PREFLIGHT_STATUS,
        "responseParameters": {f"method.response.header.{name}": value for name, value in headers.items()},
    }
    others = list(origins[1:])
    if others:
        condition = " || ".join(f'$origin == "{origin}"' for origin in others)
        response["responseTemplates"] = {
            "application/json": "\n".join(
                [
                    '#set($origin = $input.params().header.get("Origin"))',
                    '#if($origin == "")',
                    '  #set($origin = $input.params().header.get("origin"))',
                    "#end",
                    f"#if({condition})",
                    "  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
                    "#end",
                ]
            )
        }
    return {
        "summary": "CORS preflight",
        "parameters": parameters,
        "responses": {
            PREFLIGHT_STATUS: {
                "description": "The origins, methods and headers the browser may use",
                "headers": {name: {"type": "string"} for name in headers},
            }
        },
        "x-amazon-apigateway-integration": {
            "type": "mock",
            "requestTemplates": {"application/json": "{ statusCode: 200 }"},
            "passthroughBehavior": "when_no_match",
            "responses": {"default": response},
        },
    }


def gateway_responses(origins: Sequence[str]) -> dict[str, Any]:
    """Errors API Gateway answers itself (throttling, 5xx) carry CORS headers: browsers can read them.

    In the body, not as ``AWS::ApiGateway::GatewayResponse`` resources: importing the body on an update
    would drop responses defined beside it.
    """
    if len(origins) != 1:
        return {}  # a static header can name only one origin
    parameters = {"gatewayresponse.header.Access-Control-Allow-Origin": f"'{origins[0]}'"}
    return {kind: {"responseParameters": parameters} for kind in ("DEFAULT_4XX", "DEFAULT_5XX")}


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: ApiSpec,
        handler: lambda_.IFunction,
        stage: str,
        cors_origins: Sequence[str],
        throttle_rate: int,
        throttle_burst: int,
    ) -> None:
        super().__init__(scope, construct_id)
        self.spec = spec
        self.cors_origins = list(cors_origins)
        name = resources.resource_name("bops-api", stage)
        access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            log_group_name=f"/aws/apigateway/{name}/access",
            retention=LOG_RETENTION,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        self.definition = definition(
            spec,
            title=name,
            integration_uri=lambda_proxy_uri(handler.function_arn),
            cors_origins=self.cors_origins,
        )
        self.rest_api = apigw.SpecRestApi(
            self,
            "RestApi",
            api_definition=apigw.ApiDefinition.from_inline(self.definition),
            rest_api_name=name,
            description=DESCRIPTION,
            endpoint_types=[apigw.EndpointType.REGIONAL],
            # access and execution logging need the account-level API Gateway logging role
            cloud_watch_role=True,
            deploy_options=apigw.StageOptions(
                stage_name="live",
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=False,
                ),
                logging_level=apigw.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,  # would log request and response bodies: personal data
                metrics_enabled=True,
                tracing_enabled=True,
                throttling_rate_limit=throttle_rate,
                throttling_burst_limit=throttle_burst,
            ),
        )
        # One permission for the whole API instead of one per method (LambdaIntegration's way).
        handler.add_permission(
            "InvokeFromApi",
            principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
            source_arn=self.rest_api.arn_for_execute_api(),
        )
        self._acknowledge()

    def _acknowledge(self) -> None:
        rest_api, stage = self.rest_api.node.default_child, self.rest_api.deployment_stage.node.default_child
        assert rest_api is not None and stage is not None  # CDK's L2 constructs always wrap their L1
        # cdk-nag looks for authorizers on Method resources, which the body replaces; the reason is kept on
        # the API that holds the methods now, for the reader and for rule versions that read the body
        for rule in ("APIG4", "COG4"):
            nag.acknowledge(rest_api, rule, APP_AUTHORIZATION)
        nag.acknowledge(
            rest_api,
            "APIG2",
            "Request bodies and parameters are validated in the application (pydantic models and the ODP "
            "JSON schema) with typed 400/422 errors; an API Gateway validator would duplicate them.",
        )
        nag.acknowledge(
            stage,
            "APIG3",
            "No WAF web ACL yet: the stage is throttled and every route authenticates in the application; "
            "attach an AWS WAF web ACL (managed rule groups, rate rule) per deployment when budgets allow.",
        )
        cloud_watch_role = self.rest_api.node.try_find_child("CloudWatchRole")
        if cloud_watch_role is not None:
            nag.acknowledge(
                cloud_watch_role,
                "IAM4",
                "The account-level API Gateway logging role uses the AWS managed policy made for it "
                "(AmazonAPIGatewayPushToCloudWatchLogs); API Gateway needs it for access and execution logs.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
            )

    @property
    def url(self) -> str:
        return self.rest_api.url
