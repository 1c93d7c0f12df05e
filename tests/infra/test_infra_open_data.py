"""The open data function: subscribed to the bus through its own queue, and allowed what it calls only."""

from __future__ import annotations

import pytest

from bops import resources
from tests.infra.infra_template import flatten, logical_id
from tests.infra.test_infra_functions import functions, ids, permissions, services  # noqa: F401 (fixtures)

pytestmark = pytest.mark.infra


def test_open_data_function_permissions(synthesized, functions, ids):  # noqa: F811
    perms = permissions(synthesized, functions, "OpenData")
    queue = logical_id(synthesized.template, "AWS::SQS::Queue", QueueName=resources.OPEN_DATA_QUEUE)
    bucket = ids["bucket"]
    assert ("sqs:ReceiveMessage", f"<{queue}.Arn>") in perms
    assert ("dynamodb:Query", f"<{ids['table']}.Arn>") in perms
    # writes only the council's open data files, under open-data/
    writes = {target for action, target in perms if action == "s3:PutObject"}
    assert writes == {f"<{bucket}.Arn>/{resources.OPEN_DATA_PREFIX}*"}
    assert services(perms) == {"logs", "xray", "dynamodb", "s3", "sqs"}


def test_the_rule_sends_case_events_to_the_queue_with_a_dead_letter_queue(synthesized):
    template = synthesized.template
    queue = logical_id(template, "AWS::SQS::Queue", QueueName=resources.OPEN_DATA_QUEUE)
    dlq = logical_id(template, "AWS::SQS::Queue", QueueName=resources.OPEN_DATA_DLQ)
    properties = synthesized.of_type("AWS::SQS::Queue")[queue]["Properties"]
    assert flatten(properties["RedrivePolicy"]["deadLetterTargetArn"]) == f"<{dlq}.Arn>"
    # EventBridge may send to the queue (CDK's queue policy for the rule)
    policies = [p["Properties"] for p in synthesized.of_type("AWS::SQS::QueuePolicy").values()]
    assert any(
        flatten(q) == f"<{queue}>" and "events.amazonaws.com" in str(p["PolicyDocument"])
        for p in policies
        for q in p["Queues"]
    )
