"""Every function exists as resources.py names it, each with its own least-privilege role and log group."""

from __future__ import annotations

import pytest

from bops import resources
from tests.infra.conftest import synthesize
from tests.infra.infra_template import (
    allowed,
    as_list,
    flatten,
    logical_id,
    role_of_function,
    statements_of_role,
)

pytestmark = pytest.mark.infra

ALL_SPECS = [*resources.FUNCTIONS.values(), resources.API_FUNCTION]
WORKFLOW_TASKS = sorted({fn for sm in resources.STATE_MACHINES.values() for fn in sm.function_arns.values()})


@pytest.fixture(scope="module")
def functions(synthesized):
    """Function name -> (logical id, resource)."""
    return {
        r["Properties"]["FunctionName"]: (key, r)
        for key, r in synthesized.of_type("AWS::Lambda::Function").items()
        if "FunctionName" in r["Properties"]  # ours are named; CDK's own deployment helper is not
    }


@pytest.fixture(scope="module")
def ids(synthesized):
    template = synthesized.template
    buckets = synthesized.of_type("AWS::S3::Bucket")
    (documents_bucket,) = [
        k for k, r in buckets.items() if flatten(r["Properties"].get("BucketName", "")).startswith("bops-documents-")
    ]
    return {
        "table": logical_id(template, "AWS::DynamoDB::Table", TableName=resources.TABLE),
        "bucket": documents_bucket,
        "queue": logical_id(template, "AWS::SQS::Queue", QueueName=resources.UPLOADS_QUEUE),
        "bus": logical_id(template, "AWS::Events::EventBus", Name=resources.EVENT_BUS),
        "machine": logical_id(
            template,
            "AWS::StepFunctions::StateMachine",
            StateMachineName=resources.state_machine_name("Application"),
        ),
        "pool": logical_id(template, "AWS::Cognito::UserPool", UserPoolName=resources.USER_POOL),
    }


def permissions(synthesized, functions, logical: str) -> set[tuple[str, str]]:
    _, function = functions[resources.function_name(logical)]
    return allowed(synthesized.template, role_of_function(function))


def services(perms: set[tuple[str, str]]) -> set[str]:
    return {action.split(":")[0] for action, _ in perms}


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.name)
def test_function_exists_as_resources_names_it(synthesized, functions, spec):
    _, function = functions[resources.function_name(spec.name)]
    props = function["Properties"]
    assert props["Handler"] == spec.handler
    assert props["Runtime"] == "python3.12"
    assert props["Timeout"] == spec.timeout_seconds
    assert props["MemorySize"] == spec.memory_mb
    assert props["TracingConfig"] == {"Mode": "Active"}
    assert len(props["Layers"]) == 2
    env = props["Environment"]["Variables"]
    for name in (
        "BOPS_TABLE",
        "BOPS_DOCUMENTS_BUCKET",
        "BOPS_EVENT_BUS",
        "BOPS_APPLICATION_STATE_MACHINE_ARN",
    ):
        assert name in env
    assert env["POWERTOOLS_SERVICE_NAME"] == "bops"
    assert env["LOG_LEVEL"] == "INFO"
    # its own log group, with a retention
    log_group_id = props["LoggingConfig"]["LogGroup"]["Ref"]
    log_group = synthesized.resources[log_group_id]["Properties"]
    assert log_group["LogGroupName"] == f"/aws/lambda/{resources.function_name(spec.name)}"
    assert log_group["RetentionInDays"] > 0


def test_no_other_functions(functions):
    # e.g. no custom-resource handlers slipped in (bucket notifications, log retention)
    assert set(functions) == {resources.function_name(s.name) for s in ALL_SPECS}


def test_api_function_knows_the_user_pool(functions):
    env = functions[resources.function_name("Api")][1]["Properties"]["Environment"]["Variables"]
    assert {"BOPS_USER_POOL_ID", "BOPS_USER_POOL_CLIENT_ID"} <= set(env)


def test_each_function_has_its_own_role(synthesized, functions):
    roles = [role_of_function(function) for _, function in functions.values()]
    assert len(set(roles)) == len(roles)
    used_elsewhere = {
        flatten(r["Properties"]["RoleArn"]) for r in synthesized.of_type("AWS::StepFunctions::StateMachine").values()
    }
    for role_id in roles:
        role = synthesized.resources[role_id]["Properties"]
        assert f"<{role_id}.Arn>" not in used_elsewhere
        (statement,) = role["AssumeRolePolicyDocument"]["Statement"]
        assert statement["Principal"] == {"Service": "lambda.amazonaws.com"}
        assert "ManagedPolicyArns" not in role  # no broad AWS managed policies


def test_each_function_writes_only_its_own_log_group(synthesized, functions):
    for key, function in functions.values():
        log_group_id = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        logs = {(a, r) for a, r in allowed(synthesized.template, role_of_function(function)) if a.startswith("logs:")}
        assert logs == {
            ("logs:CreateLogStream", f"<{log_group_id}.Arn>"),
            ("logs:PutLogEvents", f"<{log_group_id}.Arn>"),
        }, key


def test_no_wildcard_actions_anywhere(synthesized):
    for key, resource in synthesized.resources.items():
        if resource["Type"] == "AWS::IAM::Role":
            statements = statements_of_role(synthesized.template, key)
            for statement in statements:
                if statement["Effect"] == "Allow":
                    assert not [a for a in as_list(statement["Action"]) if "*" in a], (key, statement)


def test_only_xray_and_step_functions_logging_get_resource_star(synthesized):
    for key, resource in synthesized.of_type("AWS::IAM::Role").items():
        for action, target in allowed(synthesized.template, key):
            if target == "*":
                assert action.startswith(("xray:", "logs:")), (key, action)
                if action.startswith("logs:"):  # only the state machine's log delivery needs it
                    assert "lambda.amazonaws.com" not in str(resource["Properties"]["AssumeRolePolicyDocument"])


def test_api_function_permissions(synthesized, functions, ids):
    perms = permissions(synthesized, functions, "Api")
    table, bucket, machine = ids["table"], ids["bucket"], ids["machine"]
    assert ("dynamodb:PutItem", f"<{table}.Arn>") in perms
    assert ("dynamodb:Query", f"<{table}.Arn>/index/gsi1") in perms
    assert ("s3:PutObject", f"<{bucket}.Arn>/*") in perms
    assert ("states:StartExecution", f"<{machine}>") in perms
    assert ("states:SendTaskSuccess", f"<{machine}>") in perms
    assert ("states:SendTaskFailure", f"<{machine}>") in perms
    assert ("events:PutEvents", f"<{ids['bus']}.Arn>") in perms
    assert ("cognito-idp:AdminGetUser", f"<{ids['pool']}.Arn>") in perms
    assert ("secretsmanager:GetSecretValue" in {a for a, _ in perms}) and ("ssm:GetParameter" in {a for a, _ in perms})
    assert services(perms) == {
        "logs",
        "xray",
        "dynamodb",
        "s3",
        "states",
        "events",
        "cognito-idp",
        "secretsmanager",
        "ssm",
    }


@pytest.mark.parametrize("logical", WORKFLOW_TASKS)
def test_workflow_task_permissions(synthesized, functions, ids, logical):
    perms = permissions(synthesized, functions, logical)
    assert ("dynamodb:UpdateItem", f"<{ids['table']}.Arn>") in perms
    assert ("s3:PutObject", f"<{ids['bucket']}.Arn>/*") in perms
    assert ("events:PutEvents", f"<{ids['bus']}.Arn>") in perms
    # only the tasks that send the consultation's letters and emails, and the decision notice, read the Notify
    # key and templates; the decision notice's signatory comes from the officer directory (the user pool)
    # (and the pre-application task, which emails the advice report to the requester)
    notify = (
        {"secretsmanager", "ssm"}
        if logical in ("ConsultationSend", "RecordDetermination", "PreApplicationTask")
        else set()
    )
    if logical == "RecordDetermination":
        notify |= {"cognito-idp"}
    assert services(perms) == {"logs", "xray", "dynamodb", "s3", "events", "states"} | notify
    # a task waiting for an officer resumes its execution itself when the case is past that step already:
    # SendTask* on the machines that call it, and no others
    calling = {spec.name for spec in resources.STATE_MACHINES.values() if logical in spec.function_arns.values()}
    for action in ("states:SendTaskSuccess", "states:SendTaskFailure"):
        targets = {target for name, target in perms if name == action}
        assert {m for m in resources.STATE_MACHINES if any(f"stateMachine:bops-{m}" in t for t in targets)} == calling


def test_documents_function_permissions(synthesized, functions, ids):
    perms = permissions(synthesized, functions, "Documents")
    bucket, queue = ids["bucket"], ids["queue"]
    assert ("sqs:ReceiveMessage", f"<{queue}.Arn>") in perms
    assert ("sqs:DeleteMessage", f"<{queue}.Arn>") in perms
    assert ("s3:GetObject", f"<{bucket}.Arn>/{resources.UPLOADS_PREFIX}*") in perms
    assert ("dynamodb:PutItem", f"<{ids['table']}.Arn>") in perms
    assert ("s3:PutObjectTagging", f"<{bucket}.Arn>/{resources.UPLOADS_PREFIX}*") in perms  # rejected
    # writes only under documents/, never over the uploads it checks
    writes = {target for action, target in perms if action == "s3:PutObject"}
    assert writes == {f"<{bucket}.Arn>/{resources.DOCUMENTS_PREFIX}*"}
    assert services(perms) == {"logs", "xray", "dynamodb", "s3", "sqs"}


def test_code_asset_holds_only_the_handlers(synthesized, functions):
    (key,) = {f["Properties"]["Code"]["S3Key"] for _, f in functions.values()}
    asset = synthesized.outdir / f"asset.{key.removesuffix('.zip')}"
    assert sorted(p.name for p in asset.iterdir()) == ["app.py", "functions"]
    assert (asset / "functions" / "workflow.py").is_file()
    assert not list(asset.rglob("__pycache__"))


def test_domain_layer_holds_the_bops_package(synthesized):
    layers = synthesized.of_type("AWS::Lambda::LayerVersion")
    keys = {r["Properties"]["Content"]["S3Key"].removesuffix(".zip") for r in layers.values()}
    assert any((synthesized.outdir / f"asset.{k}" / "python" / "bops" / "resources.py").is_file() for k in keys)


def test_functions_are_told_the_state_machines_that_exist(synthesized, functions):
    names = {
        m["Properties"]["StateMachineName"] for m in synthesized.of_type("AWS::StepFunctions::StateMachine").values()
    }
    assert names == {
        "bops-Application",
        "bops-ValidationRequest",
        "bops-Consultation",
        "bops-PreApplication",
        "bops-Enforcement",
    }
    for variable, name in (
        ("BOPS_APPLICATION_STATE_MACHINE_ARN", "bops-Application"),
        ("BOPS_PRE_APPLICATION_STATE_MACHINE_ARN", "bops-PreApplication"),
        ("BOPS_ENFORCEMENT_STATE_MACHINE_ARN", "bops-Enforcement"),
        ("BOPS_VALIDATION_REQUEST_STATE_MACHINE_ARN", "bops-ValidationRequest"),
        ("BOPS_CONSULTATION_STATE_MACHINE_ARN", "bops-Consultation"),
    ):
        for _, function in functions.values():
            arn = flatten(function["Properties"]["Environment"]["Variables"][variable])
            assert arn == f"arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:{name}"


# --- where neighbours' addresses come from (bops:addressSource) ------------------------------------

SECRETS = "arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
OS_PLACES_KEYS = {f"{SECRETS}bops/*/os-places-api-key-??????", f"{SECRETS}bops/os-places-api-key-??????"}


@pytest.fixture(scope="module")
def with_os_places(tmp_path_factory):
    return synthesize(tmp_path_factory.mktemp("cdk.out.os_places"), {"bops:addressSource": "os_places"})


def os_places_functions(synthesized):
    return {
        r["Properties"]["FunctionName"]: r
        for r in synthesized.of_type("AWS::Lambda::Function").values()
        if "FunctionName" in r["Properties"]
    }


def test_the_api_uses_the_local_address_source_by_default(synthesized, functions):
    for name, (_, function) in functions.items():
        env = function["Properties"]["Environment"]["Variables"]
        if name == resources.function_name("Api"):
            assert env["BOPS_ADDRESS_SOURCE"] == "local"
        else:
            assert "BOPS_ADDRESS_SOURCE" not in env  # only the API picks neighbours
    perms = permissions(synthesized, functions, "Api")
    assert not {target for _, target in perms} & OS_PLACES_KEYS


def test_os_places_gives_the_api_its_setting_and_the_keys_and_nothing_more(with_os_places):
    # Given the stack synthesized with -c bops:addressSource=os_places
    assert with_os_places.synth_error is None  # cdk-nag has nothing unacknowledged
    functions = os_places_functions(with_os_places)
    api = functions[resources.function_name("Api")]
    # Then the API function is told to use OS Places
    assert api["Properties"]["Environment"]["Variables"]["BOPS_ADDRESS_SOURCE"] == "os_places"
    # and may read the OS Places secrets (each council's and the shared one), only read them
    perms = allowed(with_os_places.template, role_of_function(api))
    assert {("secretsmanager:GetSecretValue", arn) for arn in OS_PLACES_KEYS} <= perms
    assert {action for action, target in perms if target in OS_PLACES_KEYS} == {"secretsmanager:GetSecretValue"}
    # and no other function gets them
    for name, function in functions.items():
        if name != resources.function_name("Api"):
            others = allowed(with_os_places.template, role_of_function(function))
            assert not {target for _, target in others} & OS_PLACES_KEYS, name
