"""Workflow: the integrators' event bus, the Step Functions state machines and the uploads event source."""

from __future__ import annotations

from collections.abc import Mapping

import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from bops import resources
from bops_infra import nag
from bops_infra.functions import LOG_RETENTION


def state_machine_arn(scope: Construct, logical: str, stage: str) -> str:
    """A state machine's ARN from its name alone, for functions created before it (no reference cycle)."""
    return cdk.Stack.of(scope).format_arn(
        service="states",
        resource="stateMachine",
        resource_name=resources.state_machine_name(logical, stage),
        arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
    )


class Workflow(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: str,
        functions: Mapping[str, lambda_.IFunction],
        names: Mapping[str, str],
        uploads_queue: sqs.IQueue,
    ) -> None:
        """``names`` maps the kinds a ``StateMachineSpec.names`` entry may ask for to their values."""
        super().__init__(scope, construct_id)
        self.event_bus = events.EventBus(
            self, "EventBus", event_bus_name=resources.resource_name(resources.EVENT_BUS, stage)
        )
        self.state_machines = {
            spec.name: self._state_machine(spec, stage, functions, names) for spec in resources.STATE_MACHINES.values()
        }
        functions["Documents"].add_event_source(
            event_sources.SqsEventSource(
                uploads_queue,
                batch_size=10,
                max_batching_window=cdk.Duration.seconds(1),
                report_batch_item_failures=True,  # powertools batch processing returns the failed ids
            )
        )

    def _state_machine(
        self,
        spec: resources.StateMachineSpec,
        stage: str,
        functions: Mapping[str, lambda_.IFunction],
        names: Mapping[str, str],
    ) -> sfn.StateMachine:
        name = resources.state_machine_name(spec.name, stage)
        log_group = logs.LogGroup(
            self,
            f"{spec.name}Logs",
            # the /aws/vendedlogs/ prefix keeps CloudWatch Logs resource policies small
            log_group_name=f"/aws/vendedlogs/states/{name}",
            retention=LOG_RETENTION,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        substitutions = {key: functions[fn].function_arn for key, fn in spec.function_arns.items()}
        unknown = set(spec.names.values()) - set(names)
        if unknown:
            raise KeyError(f"state machine {spec.name} asks for names the stack does not provide: {unknown}")
        substitutions.update({key: names[kind] for key, kind in spec.names.items()})
        machine = sfn.StateMachine(
            self,
            spec.name,
            state_machine_name=name,
            state_machine_type=sfn.StateMachineType.STANDARD,
            # the file verbatim: the same ${Key} placeholders the local runtime substitutes
            definition_body=sfn.DefinitionBody.from_string(spec.path.read_text(encoding="utf-8")),
            definition_substitutions=substitutions,
            tracing_enabled=True,
            logs=sfn.LogOptions(
                destination=log_group,
                level=sfn.LogLevel.ALL,
                include_execution_data=False,  # execution input and output hold personal data
            ),
        )
        machine.add_to_role_policy(
            iam.PolicyStatement(
                actions=["lambda:InvokeFunction"],
                resources=[functions[fn].function_arn for fn in sorted(set(spec.function_arns.values()))],
            )
        )
        nag.acknowledge(
            machine.role,
            "IAM5",
            "Step Functions logging and X-Ray: logs:CreateLogDelivery/GetLogDelivery/UpdateLogDelivery/"
            "DeleteLogDelivery/ListLogDeliveries/PutResourcePolicy/DescribeResourcePolicies/"
            "DescribeLogGroups and xray:PutTraceSegments/PutTelemetryRecords/GetSamplingRules/"
            "GetSamplingTargets support no resource-level permissions, so AWS requires Resource '*'.",
            "Resource::*",
        )
        return machine
