"""Creates, in moto, the resources the CDK app deploys: the same names and ``${...}`` keys.

Used by the local run (``make run``) and by the integration tests. moto cannot deploy the synthesized
CloudFormation template, so ``tests/infra`` checks this module and the CDK app agree.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from typing import Any

import boto3

from bops import resources

REGION = "eu-west-2"
ACCOUNT = "123456789012"


@dataclass
class LocalStack:
    endpoint_url: str
    region: str
    table_name: str
    bucket: str
    queue_url: str
    dlq_url: str
    event_bus: str
    user_pool_id: str
    client_id: str
    function_arns: dict[str, str] = field(default_factory=dict)
    state_machine_arns: dict[str, str] = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        """The variables the Lambda code and the API read (bops.config)."""
        return {
            "BOPS_TABLE": self.table_name,
            "BOPS_DOCUMENTS_BUCKET": self.bucket,
            "BOPS_EVENT_BUS": self.event_bus,
            "BOPS_APPLICATION_STATE_MACHINE_ARN": self.state_machine_arns["Application"],
            "BOPS_VALIDATION_REQUEST_STATE_MACHINE_ARN": self.state_machine_arns["ValidationRequest"],
            "BOPS_CONSULTATION_STATE_MACHINE_ARN": self.state_machine_arns["Consultation"],
            "BOPS_PRE_APPLICATION_STATE_MACHINE_ARN": self.state_machine_arns["PreApplication"],
            "BOPS_ENFORCEMENT_STATE_MACHINE_ARN": self.state_machine_arns["Enforcement"],
            "BOPS_NOTIFY": "outbox",
            "BOPS_ADDRESS_SOURCE": "local",  # the bundled demo addresses, never OS Places
            # no GuardDuty locally: the documents function scans each upload's bytes itself, at once
            "BOPS_SCANNER": "local",
            "BOPS_CONSTRAINTS_SOURCE": "bundled",  # the bundled demo designations, never planning.data.gov.uk
            "BOPS_USER_POOL_ID": self.user_pool_id,
            "BOPS_USER_POOL_CLIENT_ID": self.client_id,
            "BOPS_COGNITO_JWKS_URL": f"{self.endpoint_url}/{self.user_pool_id}/.well-known/jwks.json",
        }


def aws_environment(endpoint_url: str, port: int) -> dict[str, str]:
    """Process environment that points every AWS SDK call at the embedded moto server."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "MOTO_PORT": str(port),
        "MOTO_ALLOW_NONEXISTENT_REGION": "true",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "BOPS_CLOCK": "offset",  # the local run and the tests can move time (bops.domain.time.OffsetClock)
        "POWERTOOLS_METRICS_NAMESPACE": "BoPS",
        "POWERTOOLS_SERVICE_NAME": "bops",
        "POWERTOOLS_LOG_LEVEL": "WARNING",  # the local run's console stays readable
    }


def table_definition(name: str) -> dict[str, Any]:
    attributes = [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}]
    indexes = []
    for gsi in resources.GSI_NAMES:
        attributes += [
            {"AttributeName": f"{gsi}pk", "AttributeType": "S"},
            {"AttributeName": f"{gsi}sk", "AttributeType": "S"},
        ]
        indexes.append(
            {
                "IndexName": gsi,
                "KeySchema": [
                    {"AttributeName": f"{gsi}pk", "KeyType": "HASH"},
                    {"AttributeName": f"{gsi}sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        )
    return {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": attributes,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": indexes,
    }


def _placeholder_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "Locally the real handler runs in-process (local/lambda_seam.py).")
    return buffer.getvalue()


def create_comment_source_key(secrets_manager: Any) -> None:
    """The key that hashes commenters' IP addresses (created by CDK in AWS), a random one locally."""
    import secrets

    from bops.adapters.secrets import COMMENT_SOURCE_KEY

    try:
        secrets_manager.create_secret(Name=COMMENT_SOURCE_KEY, SecretString=secrets.token_urlsafe(48))
    except secrets_manager.exceptions.ResourceExistsException:
        pass


OPEN_DATA_BATCH_SIZE = 10


def create_open_data_subscription(sqs: Any, events: Any) -> str:
    """The open data function's subscription to the bus, as CDK makes it: a rule matching the case events
    (``resources.open_data_event_pattern``) whose target is a queue (+ DLQ) the function reads in batches.
    A queue rather than a Lambda target: moto delivers rule targets only to queues, and in AWS the queue
    lets one invocation coalesce a burst of a council's events into one rebuild. Returns the queue's ARN."""

    def arn(url: str) -> str:
        return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    dlq_arn = arn(sqs.create_queue(QueueName=resources.OPEN_DATA_DLQ)["QueueUrl"])
    queue_arn = arn(
        sqs.create_queue(
            QueueName=resources.OPEN_DATA_QUEUE,
            Attributes={
                "VisibilityTimeout": str(resources.FUNCTIONS["OpenData"].timeout_seconds * 6),
                "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}),
            },
        )["QueueUrl"]
    )
    events.put_rule(
        Name=resources.OPEN_DATA_RULE,
        EventBusName=resources.EVENT_BUS,
        EventPattern=json.dumps(resources.open_data_event_pattern()),
        State="ENABLED",
    )
    events.put_targets(
        Rule=resources.OPEN_DATA_RULE,
        EventBusName=resources.EVENT_BUS,
        Targets=[{"Id": "OpenDataQueue", "Arn": queue_arn}],
    )
    return queue_arn


def create(endpoint_url: str, region: str = REGION) -> LocalStack:
    """Creates every resource in the moto server at ``endpoint_url``."""
    session = boto3.session.Session(region_name=region)

    def c(service: str) -> Any:
        return session.client(service, endpoint_url=endpoint_url)

    table = resources.TABLE
    c("dynamodb").create_table(**table_definition(table))

    s3 = c("s3")
    bucket = resources.DOCUMENTS_BUCKET
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedMethods": ["POST", "GET"],
                    "AllowedOrigins": ["*"],
                    "AllowedHeaders": ["*"],
                    "MaxAgeSeconds": 600,
                }
            ]
        },
    )

    sqs = c("sqs")
    dlq_url = sqs.create_queue(QueueName=resources.UPLOADS_DLQ)["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue_url = sqs.create_queue(
        QueueName=resources.UPLOADS_QUEUE,
        Attributes={
            "VisibilityTimeout": "360",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}),
        },
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    c("events").create_event_bus(Name=resources.EVENT_BUS)
    open_data_queue_arn = create_open_data_subscription(c("sqs"), c("events"))
    create_comment_source_key(c("secretsmanager"))

    role_arn = c("iam").create_role(
        RoleName="bops-local-lambda",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
                ],
            }
        ),
    )["Role"]["Arn"]

    lam = c("lambda")
    code = _placeholder_zip()
    function_arns = {}
    for spec in resources.FUNCTIONS.values():
        function_arns[spec.name] = lam.create_function(
            FunctionName=resources.function_name(spec.name),
            Runtime="python3.12",
            Role=role_arn,
            Handler=spec.handler,
            Code={"ZipFile": code},
            Timeout=spec.timeout_seconds,
            MemorySize=spec.memory_mb,
        )["FunctionArn"]

    lam.create_event_source_mapping(
        EventSourceArn=queue_arn,
        FunctionName=resources.function_name("Documents"),
        BatchSize=10,
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )
    lam.create_event_source_mapping(
        EventSourceArn=open_data_queue_arn,
        FunctionName=resources.function_name("OpenData"),
        BatchSize=OPEN_DATA_BATCH_SIZE,
    )
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": resources.UPLOADS_PREFIX}]}},
                }
            ]
        },
    )

    sfn = c("stepfunctions")
    state_machine_arns = {}
    for spec in resources.STATE_MACHINES.values():
        values = {key: function_arns[logical] for key, logical in spec.function_arns.items()}
        definition = resources.substitute(spec.path.read_text(), values)
        state_machine_arns[spec.name] = sfn.create_state_machine(
            name=resources.state_machine_name(spec.name),
            definition=definition,
            roleArn=role_arn.replace("bops-local-lambda", "bops-local-states"),
            type="STANDARD",
        )["stateMachineArn"]

    idp = c("cognito-idp")
    pool_id = idp.create_user_pool(
        PoolName=resources.USER_POOL,
        Schema=[
            {"Name": "council", "AttributeDataType": "String", "Mutable": True},
            {"Name": "job_title", "AttributeDataType": "String", "Mutable": True},
        ],
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=resources.USER_POOL_CLIENT,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    for role in resources.OFFICER_ROLES:
        idp.create_group(UserPoolId=pool_id, GroupName=role)

    return LocalStack(
        endpoint_url=endpoint_url,
        region=region,
        table_name=table,
        bucket=bucket,
        queue_url=queue_url,
        dlq_url=dlq_url,
        event_bus=resources.EVENT_BUS,
        user_pool_id=pool_id,
        client_id=client_id,
        function_arns=function_arns,
        state_machine_arns=state_machine_arns,
    )


def create_officer(
    stack: LocalStack,
    *,
    username: str,
    password: str,
    council: str,
    roles: tuple[str, ...],
    email: str,
    name: str | None = None,
    job_title: str | None = None,
) -> None:
    """An officer of the council, signed up as an administrator would (``name``: the full name, shown on
    the case page and decision notices with the ``job_title``)."""
    idp = boto3.client("cognito-idp", region_name=stack.region, endpoint_url=stack.endpoint_url)
    attributes = [{"Name": "custom:council", "Value": council}, {"Name": "email", "Value": email}]
    if name:
        attributes.append({"Name": "name", "Value": name})
    if job_title:
        attributes.append({"Name": "custom:job_title", "Value": job_title})
    idp.admin_create_user(
        UserPoolId=stack.user_pool_id, Username=username, UserAttributes=attributes, MessageAction="SUPPRESS"
    )
    idp.admin_set_user_password(UserPoolId=stack.user_pool_id, Username=username, Password=password, Permanent=True)
    for role in roles:
        idp.admin_add_user_to_group(UserPoolId=stack.user_pool_id, Username=username, GroupName=role)


def sign_in(stack: LocalStack, username: str, password: str) -> str:
    """The officer's ID token, as the front end gets it (USER_PASSWORD_AUTH)."""
    idp = boto3.client("cognito-idp", region_name=stack.region, endpoint_url=stack.endpoint_url)
    result = idp.initiate_auth(
        ClientId=stack.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )
    return result["AuthenticationResult"]["IdToken"]


def apply_environment(stack: LocalStack, endpoint_url: str, port: int) -> None:
    os.environ.update(aws_environment(endpoint_url, port))
    os.environ.update(stack.environment())
