"""Open data: the open data function's subscription to the bus (rule -> queue + DLQ -> function).

The rule's pattern is ``resources.open_data_event_pattern()`` (the local run makes the same rule). A queue
between the rule and the function, rather than a Lambda target: the function reads batches, so a burst of
one council's events costs one rebuild of its files, and a failed batch is retried and then dead-lettered.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from bops import resources
from bops_infra import nag

MAX_RECEIVE_COUNT = 5
BATCH_SIZE = 10  # the local run's event source mapping uses the same (local/stack.py)


class OpenData(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: str,
        event_bus: events.IEventBus,
        function: lambda_.IFunction,
        visibility_timeout: cdk.Duration,
    ) -> None:
        super().__init__(scope, construct_id)
        self.dlq = sqs.Queue(
            self,
            "DeadLetterQueue",
            queue_name=resources.resource_name(resources.OPEN_DATA_DLQ, stage),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=cdk.Duration.days(14),
        )
        nag.acknowledge(
            self.dlq.node.default_child,
            "SQS3",
            "This queue is itself the dead-letter queue of the open data queue; a DLQ of a DLQ adds nothing.",
        )
        self.queue = sqs.Queue(
            self,
            "Queue",
            queue_name=resources.resource_name(resources.OPEN_DATA_QUEUE, stage),
            # SSE-SQS: EventBridge can deliver to it without a KMS key policy
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            visibility_timeout=visibility_timeout,
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dlq, max_receive_count=MAX_RECEIVE_COUNT),
        )
        self.rule = events.Rule(
            self,
            "Rule",
            rule_name=resources.resource_name(resources.OPEN_DATA_RULE, stage),
            description="Case events that may change a council's national open data files",
            event_bus=event_bus,
            event_pattern=events.EventPattern(
                source=["bops"],
                detail_type=events.Match.any_of(*(events.Match.prefix(p) for p in resources.OPEN_DATA_EVENT_PREFIXES)),
            ),
            targets=[targets.SqsQueue(self.queue)],
        )
        function.add_event_source(
            event_sources.SqsEventSource(self.queue, batch_size=BATCH_SIZE, max_batching_window=cdk.Duration.seconds(5))
        )
