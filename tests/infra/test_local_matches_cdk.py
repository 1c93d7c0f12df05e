"""The local run creates what the CDK app deploys: same names, keys, indexes, handlers and definitions.

moto cannot deploy the synthesized template, so local/stack.py builds the same resources itself; this
test keeps the two from drifting apart.
"""

from __future__ import annotations

import json

import pytest

from bops import resources
from local import stack as local_stack
from tests.infra.infra_template import flatten

pytestmark = pytest.mark.infra


def _one(synthesized, cfn_type):
    (resource,) = synthesized.of_type(cfn_type).values()
    return resource["Properties"]


def test_the_table_has_the_same_keys_and_indexes(synthesized):
    deployed = _one(synthesized, "AWS::DynamoDB::Table")
    local = local_stack.table_definition(resources.TABLE)
    assert deployed["TableName"] == local["TableName"]
    assert deployed["KeySchema"] == local["KeySchema"]
    assert sorted(deployed["AttributeDefinitions"], key=str) == sorted(local["AttributeDefinitions"], key=str)

    def indexes(items):
        return {i["IndexName"]: (i["KeySchema"], i["Projection"]["ProjectionType"]) for i in items}

    assert indexes(deployed["GlobalSecondaryIndexes"]) == indexes(local["GlobalSecondaryIndexes"])
    assert deployed["BillingMode"] == local["BillingMode"] == "PAY_PER_REQUEST"


def test_the_same_functions_with_the_same_handlers(synthesized):
    deployed = {
        flatten(f["Properties"]["FunctionName"]): f["Properties"]["Handler"]
        for f in synthesized.of_type("AWS::Lambda::Function").values()
        if "Handler" in f["Properties"] and "FunctionName" in f["Properties"]
    }
    local = {resources.function_name(s.name): s.handler for s in resources.FUNCTIONS.values()}
    for name, handler in local.items():
        assert deployed.get(name) == handler, name


def test_the_same_state_machines_with_the_same_substitution_keys(synthesized):
    deployed = {
        m["Properties"]["StateMachineName"]: m["Properties"]
        for m in synthesized.of_type("AWS::StepFunctions::StateMachine").values()
    }
    assert set(deployed) == {resources.state_machine_name(s.name) for s in resources.STATE_MACHINES.values()}
    for spec in resources.STATE_MACHINES.values():
        properties = deployed[resources.state_machine_name(spec.name)]
        assert set(properties["DefinitionSubstitutions"]) == set(spec.function_arns)
        # the local run substitutes the same keys into the same file
        text = spec.path.read_text()
        json.loads(resources.substitute(text, {k: "arn:aws:lambda:eu-west-2:1:function:x" for k in spec.function_arns}))


def test_the_same_queues_bus_and_upload_notifications(synthesized):
    queues = {flatten(q["Properties"].get("QueueName", "")) for q in synthesized.of_type("AWS::SQS::Queue").values()}
    assert {resources.UPLOADS_QUEUE, resources.UPLOADS_DLQ} <= queues
    bus = _one(synthesized, "AWS::Events::EventBus")
    assert bus["Name"] == resources.EVENT_BUS
    pool = _one(synthesized, "AWS::Cognito::UserPool")
    assert pool["UserPoolName"] == resources.USER_POOL
    assert any(a["Name"] == "council" for a in pool["Schema"])
    groups = {g["Properties"]["GroupName"] for g in synthesized.of_type("AWS::Cognito::UserPoolGroup").values()}
    assert groups == set(resources.OFFICER_ROLES)
    notifications = json.dumps(synthesized.template)
    assert resources.UPLOADS_PREFIX in notifications


def test_the_malware_scanner_differs_on_purpose_and_one_handler_takes_both_verdicts(synthesized):
    """AWS scans with GuardDuty (its verdict arrives by EventBridge, which moto cannot deliver to a function);
    the local run scans the bytes itself in the same documents function. Both land in the same handler."""
    stack = local_stack.LocalStack(
        endpoint_url="http://127.0.0.1:1",
        region=local_stack.REGION,
        table_name=resources.TABLE,
        bucket=resources.DOCUMENTS_BUCKET,
        queue_url="",
        dlq_url="",
        event_bus=resources.EVENT_BUS,
        user_pool_id="pool",
        client_id="client",
        state_machine_arns={s.name: "arn" for s in resources.STATE_MACHINES.values()},
    )
    assert stack.environment()["BOPS_SCANNER"] == "local"
    functions = {
        flatten(f["Properties"].get("FunctionName", "")): f["Properties"]
        for f in synthesized.of_type("AWS::Lambda::Function").values()
    }
    documents = functions[resources.function_name("Documents")]
    assert documents["Environment"]["Variables"]["BOPS_SCANNER"] == "guardduty"
    assert documents["Handler"] == resources.FUNCTIONS["Documents"].handler


def test_the_open_data_function_is_subscribed_to_the_bus_by_the_same_rule_queue_and_batch(synthesized):
    """EventBridge rule (the same pattern) -> queue (+ DLQ) -> the open data function, locally as in AWS."""
    from bops_infra import open_data as open_data_construct

    rules = [
        r["Properties"]
        for r in synthesized.of_type("AWS::Events::Rule").values()
        if flatten(r["Properties"].get("Name", "")) == resources.OPEN_DATA_RULE
    ]
    (rule,) = rules
    assert rule["EventPattern"] == resources.open_data_event_pattern()
    (target,) = rule["Targets"]
    queues = {
        logical: flatten(q["Properties"].get("QueueName", ""))
        for logical, q in synthesized.of_type("AWS::SQS::Queue").items()
    }
    assert queues[flatten(target["Arn"]).strip("<>").split(".")[0]] == resources.OPEN_DATA_QUEUE
    assert resources.OPEN_DATA_DLQ in queues.values()
    mappings = [
        m["Properties"]
        for m in synthesized.of_type("AWS::Lambda::EventSourceMapping").values()
        if queues.get(flatten(m["Properties"]["EventSourceArn"]).strip("<>").split(".")[0]) == resources.OPEN_DATA_QUEUE
    ]
    (mapping,) = mappings
    assert mapping["BatchSize"] == open_data_construct.BATCH_SIZE == local_stack.OPEN_DATA_BATCH_SIZE
