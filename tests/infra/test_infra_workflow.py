"""State machines in the template are the files in statemachines/, with the same substitution keys."""

from __future__ import annotations

import json
import re

import pytest

from bops import resources
from tests.infra.infra_template import allowed, flatten, logical_id

pytestmark = pytest.mark.infra

KEY = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


def fake_arn(function_name: str) -> str:
    return f"arn:aws:lambda:eu-west-2:123456789012:function:{function_name}"


@pytest.mark.parametrize("spec", resources.STATE_MACHINES.values(), ids=lambda s: s.name)
def test_state_machine_definition_is_the_file(synthesized, spec):
    template = synthesized.template
    machine_id = logical_id(
        template, "AWS::StepFunctions::StateMachine", StateMachineName=resources.state_machine_name(spec.name)
    )
    props = synthesized.resources[machine_id]["Properties"]
    text = spec.path.read_text(encoding="utf-8")

    # Given the definition body is the file, verbatim (no Fn::Join, no S3 location)
    assert props["DefinitionString"] == text
    # and the substitutions are exactly the file's ${...} keys
    substitutions = props["DefinitionSubstitutions"]
    assert set(substitutions) == set(KEY.findall(text)) == set(spec.function_arns) | set(spec.names)

    # When each function ARN substitution is resolved to the function it names in the template
    functions = synthesized.of_type("AWS::Lambda::Function")
    resolved = {}
    for key, value in substitutions.items():
        if key in spec.function_arns:
            function_id, attribute = value["Fn::GetAtt"]
            assert attribute == "Arn"
            resolved[key] = fake_arn(functions[function_id]["Properties"]["FunctionName"])
        else:
            resolved[key] = flatten(value)
    # Then the definition equals the file after resources.substitute() with the functions resources.py
    # names, which is what the local runtime deploys
    expected = {k: fake_arn(resources.function_name(fn)) for k, fn in spec.function_arns.items()}
    expected.update({k: resolved[k] for k in spec.names})
    deployed = json.loads(resources.substitute(props["DefinitionString"], resolved))
    assert deployed == json.loads(resources.substitute(text, expected))
    assert deployed["QueryLanguage"] == "JSONPath"


@pytest.mark.parametrize("spec", resources.STATE_MACHINES.values(), ids=lambda s: s.name)
def test_state_machine_logs_all_and_traces(synthesized, spec):
    machine_id = logical_id(
        synthesized.template,
        "AWS::StepFunctions::StateMachine",
        StateMachineName=resources.state_machine_name(spec.name),
    )
    props = synthesized.resources[machine_id]["Properties"]
    assert props["StateMachineType"] == "STANDARD"
    assert props["LoggingConfiguration"]["Level"] == "ALL"
    assert props["LoggingConfiguration"]["IncludeExecutionData"] is False
    assert props["TracingConfiguration"] == {"Enabled": True}


def test_state_machine_may_invoke_exactly_its_functions(synthesized):
    for spec in resources.STATE_MACHINES.values():
        machine_id = logical_id(
            synthesized.template,
            "AWS::StepFunctions::StateMachine",
            StateMachineName=resources.state_machine_name(spec.name),
        )
        role_id = synthesized.resources[machine_id]["Properties"]["RoleArn"]["Fn::GetAtt"][0]
        invokes = {target for action, target in allowed(synthesized.template, role_id) if action.startswith("lambda:")}
        functions = synthesized.of_type("AWS::Lambda::Function")
        expected = {
            f"<{k}.Arn>"
            for k, f in functions.items()
            if f["Properties"]["FunctionName"] in {resources.function_name(fn) for fn in spec.function_arns.values()}
        }
        assert invokes == expected


def test_event_bus(synthesized):
    logical_id(synthesized.template, "AWS::Events::EventBus", Name=resources.EVENT_BUS)


def test_documents_function_consumes_the_uploads_queue_with_partial_failures(synthesized):
    template = synthesized.template
    queue_id = logical_id(template, "AWS::SQS::Queue", QueueName=resources.UPLOADS_QUEUE)
    function_id = logical_id(template, "AWS::Lambda::Function", FunctionName=resources.function_name("Documents"))
    # (the open data function reads a queue of its own: tests/infra/test_local_matches_cdk.py)
    (mapping,) = [
        m
        for m in synthesized.of_type("AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["EventSourceArn"] == {"Fn::GetAtt": [queue_id, "Arn"]}
    ]
    props = mapping["Properties"]
    assert props["FunctionName"] == {"Ref": function_id}
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def _states(definition: dict) -> dict:
    """Every state of a definition, those inside Parallel branches and Map processors included."""
    found = {}
    for name, state in definition["States"].items():
        found[name] = state
        for inner in [*state.get("Branches", []), *([state["ItemProcessor"]] if "ItemProcessor" in state else [])]:
            found.update(_states(inner))
    return found


@pytest.mark.parametrize("spec", resources.STATE_MACHINES.values(), ids=lambda s: s.name)
def test_timers_sleep_until_a_timestamp_the_check_task_gives(synthesized, spec):
    """A Wait sleeps until the moment its check task returned (the next deadline), never a fixed period:
    a fixed period bills transitions on every open case every day."""
    states = _states(json.loads(spec.path.read_text(encoding="utf-8")))
    waits = {name: s for name, s in states.items() if s["Type"] == "Wait"}
    assert waits, "every workflow has a timer"
    for name, wait in waits.items():
        assert set(wait) & {"Seconds", "SecondsPath", "Timestamp"} == set(), name
        assert wait["TimestampPath"] == "$.timer.wake_at", name
        check = states[wait["Next"]]
        assert check["Type"] == "Task" and check["ResultSelector"]["wake_at.$"] == "$.Payload.wake_at", name
        assert check["Retry"], name


def test_no_function_caps_how_long_a_timer_sleeps(synthesized):
    """The re-check ceiling is for the local run only (moving the demo clock); on AWS timers sleep until
    their deadlines."""
    for function in synthesized.of_type("AWS::Lambda::Function").values():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        assert "BOPS_TIMER_RECHECK_SECONDS" not in variables
