"""Functions: one factory for every Lambda function, each with its own role, log group and tracing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from bops import resources
from bops_infra import nag
from bops_infra.paths import LAYER_ROOT, REPO_ROOT

RUNTIME = lambda_.Runtime.PYTHON_3_12  # the dependencies layer is built for it (scripts/build_layers.sh)
ARCHITECTURE = lambda_.Architecture.X86_64
LOG_RETENTION = logs.RetentionDays.THREE_MONTHS

# The functions' code asset is the repository root filtered down to the handlers: functions/ (the
# event-driven handlers, imported as functions.<module>.<fn>) and app.py (the Chalice app). The domain
# package comes from the layer. Docker-style patterns: exclude everything, then re-include.
CODE_EXCLUDE = ["*", "!functions", "!app.py", "**/__pycache__", "**/*.pyc"]


def powertools_environment() -> dict[str, str]:
    return {
        "POWERTOOLS_SERVICE_NAME": "bops",
        "POWERTOOLS_METRICS_NAMESPACE": "BoPS",
        "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",  # responses may hold personal data
        "LOG_LEVEL": "INFO",
    }


class Functions(Construct):
    """Creates each function from its ``FunctionSpec``; ``functions[name]`` is the function."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: str,
        specs: Iterable[resources.FunctionSpec],
        environment: Mapping[str, str],
        dependencies_layer_path: str,
        dependencies_layer_built: bool,
    ) -> None:
        super().__init__(scope, construct_id)
        self.stage = stage
        self.code = lambda_.Code.from_asset(str(REPO_ROOT), ignore_mode=cdk.IgnoreMode.DOCKER, exclude=CODE_EXCLUDE)
        self.domain_layer = lambda_.LayerVersion(
            self,
            "DomainLayer",
            layer_version_name=resources.resource_name("bops-domain", stage),
            description="The bops domain package (models, rules, services, adapters)",
            code=lambda_.Code.from_asset(str(LAYER_ROOT), exclude=["**/__pycache__", "**/*.pyc"]),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
        )
        self.dependencies_layer = lambda_.LayerVersion(
            self,
            "DependenciesLayer",
            layer_version_name=resources.resource_name("bops-dependencies", stage),
            description="Third-party runtime packages (layers/dependencies/requirements.txt)",
            code=lambda_.Code.from_asset(dependencies_layer_path),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
        )
        if not dependencies_layer_built:
            cdk.Annotations.of(self.dependencies_layer).add_warning_v2(
                "bops:dependencies-layer-not-built",
                "build/layers/dependencies is missing: the dependencies layer holds only a placeholder and "
                "deployed functions would fail to import their packages. Run scripts/build_layers.sh first.",
            )
        self.environment = {**powertools_environment(), **environment}
        self.functions: dict[str, lambda_.Function] = {spec.name: self._function(spec) for spec in specs}

    def __getitem__(self, name: str) -> lambda_.Function:
        return self.functions[name]

    def _function(self, spec: resources.FunctionSpec) -> lambda_.Function:
        scope = Construct(self, spec.name)
        name = resources.function_name(spec.name, self.stage)
        # its own role: permissions are granted per function by the stack, nothing is shared
        role = iam.Role(
            scope,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Execution role of the {name} function only",
        )
        log_group = logs.LogGroup(
            scope,
            "LogGroup",
            log_group_name=f"/aws/lambda/{name}",
            retention=LOG_RETENTION,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        log_group.grant_write(role)
        function = lambda_.Function(
            scope,
            "Function",
            function_name=name,
            description=spec.description,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=spec.handler,
            code=self.code,
            layers=[self.domain_layer, self.dependencies_layer],
            role=role,
            log_group=log_group,
            timeout=cdk.Duration.seconds(spec.timeout_seconds),
            memory_size=spec.memory_mb,
            tracing=lambda_.Tracing.ACTIVE,
            environment=dict(self.environment),
        )
        nag.acknowledge(
            function.node.default_child,
            "L1",
            "Pinned to python3.12 on purpose: the dependencies layer is built from cp312 manylinux wheels by "
            "scripts/build_layers.sh, so runtime and layer build must move together.",
        )
        nag.acknowledge(
            role,
            "IAM5",
            "X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords do not "
            "support resource-level permissions, so AWS requires Resource '*'.",
            "Resource::*",
        )
        return function
