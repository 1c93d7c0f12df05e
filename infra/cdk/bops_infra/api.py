"""API: a REST API mirroring the Chalice app's routes, every method proxied to the one API function."""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from bops import resources
from bops_infra import nag
from bops_infra.api_spec import ApiSpec
from bops_infra.functions import LOG_RETENTION

CORS_HEADERS = list(apigw.Cors.DEFAULT_HEADERS)  # Content-Type, Authorization (Bearer), X-Amz-*
APP_AUTHORIZATION = (
    "Authorization is enforced inside the application, route by route, for both credential kinds: "
    "officers' Cognito JWTs are verified against the user pool's JWKS (issuer, audience, expiry, "
    "custom:council and group claims) and integrators' per-council API tokens are checked against "
    "their stored hashes; the few public routes (e.g. the OpenAPI document) are public by design. "
    "A Cognito authorizer in API Gateway could verify only the first kind."
)


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
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            rest_api_name=name,
            description="BoPS HTTP API (routes of the Chalice app in app.py)",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            binary_media_types=list(spec.binary_media_types) or None,
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
        self.integration = apigw.Integration(
            type=apigw.IntegrationType.AWS_PROXY,
            integration_http_method="POST",
            uri=cdk.Fn.join(
                "",
                [
                    f"arn:{cdk.Aws.PARTITION}:apigateway:{cdk.Aws.REGION}:lambda:path/2015-03-31/functions/",
                    handler.function_arn,
                    "/invocations",
                ],
            ),
        )
        # One permission for the whole API instead of one per method (LambdaIntegration's way).
        handler.add_permission(
            "InvokeFromApi",
            principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
            source_arn=self.rest_api.arn_for_execute_api(),
        )
        self.methods: dict[tuple[str, str], apigw.Method] = {}
        for path, methods in spec.routes.items():
            self._route(path, methods)
        self._cors_gateway_responses()
        self._acknowledge()

    def resource_for(self, path: str) -> apigw.IResource:
        """The resource for a path template, one resource per segment (``/a/{b}`` -> ``a``, ``{b}``)."""
        resource: apigw.IResource = self.rest_api.root
        for segment in (s for s in path.strip("/").split("/") if s):
            resource = resource.get_resource(segment) or resource.add_resource(segment)
        return resource

    def _route(self, path: str, methods: Sequence[str]) -> None:
        resource = self.resource_for(path)
        names = self.spec.operation_names.get(path, {})
        for method in methods:
            self.methods[(path, method)] = resource.add_method(
                method,
                self.integration,
                authorization_type=apigw.AuthorizationType.NONE,  # see APP_AUTHORIZATION
                operation_name=names.get(method),
            )
        if "OPTIONS" not in methods:
            resource.add_cors_preflight(
                allow_origins=self.cors_origins,
                allow_methods=[*methods, "OPTIONS"],
                allow_headers=CORS_HEADERS,
                max_age=cdk.Duration.hours(1),
            )

    def _cors_gateway_responses(self) -> None:
        """Errors API Gateway answers itself (throttling, 5xx) carry CORS headers: browsers can read them."""
        if len(self.cors_origins) != 1:
            return  # a static header can name only one origin
        headers = {"Access-Control-Allow-Origin": f"'{self.cors_origins[0]}'"}
        for kind, response_type in (
            ("4xx", apigw.ResponseType.DEFAULT_4_XX),
            ("5xx", apigw.ResponseType.DEFAULT_5_XX),
        ):
            self.rest_api.add_gateway_response(f"Default{kind}", type=response_type, response_headers=headers)

    def _acknowledge(self) -> None:
        for method in self.methods.values():
            nag.acknowledge(method.node.default_child, "APIG4", APP_AUTHORIZATION)
            nag.acknowledge(method.node.default_child, "COG4", APP_AUTHORIZATION)
        nag.acknowledge(
            self.rest_api.node.default_child,
            "APIG2",
            "Request bodies and parameters are validated in the application (pydantic models and the ODP "
            "JSON schema) with typed 400/422 errors; an API Gateway validator would duplicate them.",
        )
        nag.acknowledge(
            self.rest_api.deployment_stage.node.default_child,
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
