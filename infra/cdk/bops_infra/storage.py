"""Storage: the one DynamoDB table, the documents bucket (and its access logs), the uploads queue, and
the malware scanning of uploads (GuardDuty Malware Protection for S3, issue 13)."""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_guardduty as guardduty
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from bops import resources
from bops_infra import nag

TABLE_READ_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
)
TABLE_WRITE_ACTIONS = (
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
)
OBJECT_READ_ACTIONS = ("s3:GetObject", "s3:GetObjectTagging")
OBJECT_WRITE_ACTIONS = ("s3:PutObject", "s3:PutObjectTagging")  # nothing deletes: versioned records
OBJECT_READ_WRITE_ACTIONS = OBJECT_READ_ACTIONS + OBJECT_WRITE_ACTIONS
# SQS retries a message this many times before parking it in the dead-letter queue
MAX_RECEIVE_COUNT = 5

# GuardDuty Malware Protection for S3 (https://docs.aws.amazon.com/guardduty/latest/ug/
# malware-protection-s3-iam-policy-prerequisite.html): the service assumes the plan's role, manages its
# own EventBridge rule (named below) to hear of new objects, validates it owns the bucket with a test
# object and ListBucket, reads each object and tags it with its verdict.
GUARDDUTY_MALWARE_PRINCIPAL = "malware-protection-plan.guardduty.amazonaws.com"
GUARDDUTY_MANAGED_RULE = "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"
GUARDDUTY_VALIDATION_OBJECT = "malware-protection-resource-validation-object"
SCAN_RESULT_DETAIL_TYPE = "GuardDuty Malware Protection Object Scan Result"
# Lambda retries a failed asynchronous invocation twice (e.g. a verdict that arrived before the upload
# was recorded); EventBridge retries delivering it for up to this long
SCAN_RESULT_MAX_AGE = cdk.Duration.hours(24)


class Storage(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: str,
        cors_origins: Sequence[str],
        uploads_visibility_timeout: cdk.Duration,
    ) -> None:
        super().__init__(scope, construct_id)
        self.table = self._table(stage)
        self.uploads_dlq, self.uploads_queue = self._queues(stage, uploads_visibility_timeout)
        self.access_logs_bucket = self._access_logs_bucket()
        self.documents_bucket = self._documents_bucket(stage, cors_origins)

    # --- table ---------------------------------------------------------------------------------------
    def _table(self, stage: str) -> dynamodb.Table:
        string = dynamodb.AttributeType.STRING
        table = dynamodb.Table(
            self,
            "Table",
            table_name=resources.resource_name(resources.TABLE, stage),
            partition_key=dynamodb.Attribute(name="pk", type=string),
            sort_key=dynamodb.Attribute(name="sk", type=string),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            deletion_protection=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        for gsi in resources.GSI_NAMES:
            table.add_global_secondary_index(
                index_name=gsi,
                partition_key=dynamodb.Attribute(name=f"{gsi}pk", type=string),
                sort_key=dynamodb.Attribute(name=f"{gsi}sk", type=string),
                projection_type=dynamodb.ProjectionType.ALL,
            )
        return table

    def grant_table(self, grantee: iam.IGrantable, *, write: bool) -> None:
        """Item access to the table and to each named index; no ``index/*`` wildcard, no table admin."""
        actions = TABLE_READ_ACTIONS + (TABLE_WRITE_ACTIONS if write else ())
        arn = self.table.table_arn
        indexes = [f"{arn}/index/{gsi}" for gsi in resources.GSI_NAMES]
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=list(actions), resources=[arn, *indexes])
        )

    # --- uploads queue -----------------------------------------------------------------------------
    def _queues(self, stage: str, visibility_timeout: cdk.Duration) -> tuple[sqs.Queue, sqs.Queue]:
        dlq = sqs.Queue(
            self,
            "UploadsDeadLetterQueue",
            queue_name=resources.resource_name(resources.UPLOADS_DLQ, stage),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=cdk.Duration.days(14),
        )
        nag.acknowledge(
            dlq.node.default_child,
            "SQS3",
            "This queue is itself the dead-letter queue of the uploads queue; a DLQ of a DLQ adds nothing.",
        )
        queue = sqs.Queue(
            self,
            "UploadsQueue",
            queue_name=resources.resource_name(resources.UPLOADS_QUEUE, stage),
            # SSE-SQS rather than a KMS key: S3 event notifications cannot publish to a queue
            # encrypted with the AWS managed aws/sqs key, and SSE-SQS needs no key policy.
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            visibility_timeout=visibility_timeout,
            dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=MAX_RECEIVE_COUNT),
        )
        return dlq, queue

    # --- buckets -----------------------------------------------------------------------------------
    def _access_logs_bucket(self) -> s3.Bucket:
        bucket = s3.Bucket(
            self,
            "AccessLogsBucket",
            encryption=s3.BucketEncryption.S3_MANAGED,  # S3 log delivery cannot write to SSE-KMS buckets
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(400))],
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        nag.acknowledge(
            bucket.node.default_child,
            "S1",
            "This is the server access log bucket of the documents bucket; logging its own access loops.",
        )
        return bucket

    def _documents_bucket(self, stage: str, cors_origins: Sequence[str]) -> s3.Bucket:
        stack = cdk.Stack.of(self)
        # Bucket names are global: the account and region make ours unique. The name is known without
        # referring to the bucket, which lets the queue policy name the bucket as its source while the
        # bucket waits for that policy (S3 checks it can publish when the notification is created).
        name = f"{resources.resource_name(resources.DOCUMENTS_BUCKET, stage)}-{stack.account}-{stack.region}"
        bucket = s3.Bucket(
            self,
            "DocumentsBucket",
            bucket_name=name,
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=self.access_logs_bucket,
            server_access_logs_prefix="documents/",
            cors=[
                # browsers upload straight to S3 with a presigned POST (the API fixes key and size)
                s3.CorsRule(
                    allowed_methods=[s3.HttpMethods.POST],
                    allowed_origins=list(cors_origins),
                    allowed_headers=["*"],
                    exposed_headers=["ETag", "Location"],
                    max_age=3000,
                )
            ],
            lifecycle_rules=[
                s3.LifecycleRule(
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(1),
                    noncurrent_version_expiration=cdk.Duration.days(90),
                )
            ],
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        self._notify_uploads(bucket, stack.format_arn(service="s3", region="", account="", resource=name))
        return bucket

    def _notify_uploads(self, bucket: s3.Bucket, bucket_arn: str) -> None:
        """S3 ObjectCreated under ``uploads/`` -> the uploads queue, as native bucket configuration.

        CDK's ``add_event_notification`` would deploy a custom-resource Lambda to do the same.
        """
        self.uploads_queue.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("s3.amazonaws.com")],
                actions=["sqs:SendMessage"],
                resources=[self.uploads_queue.queue_arn],
                conditions={
                    "ArnLike": {"aws:SourceArn": bucket_arn},
                    "StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID},
                },
            )
        )
        cfn_bucket: s3.CfnBucket = bucket.node.default_child  # type: ignore[assignment]
        cfn_bucket.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(
            # GuardDuty's malware protection turns EventBridge notifications on for the bucket; declaring
            # them here keeps a later deployment of this configuration from turning them off again.
            event_bridge_configuration=s3.CfnBucket.EventBridgeConfigurationProperty(event_bridge_enabled=True),
            queue_configurations=[
                s3.CfnBucket.QueueConfigurationProperty(
                    event="s3:ObjectCreated:*",
                    queue=self.uploads_queue.queue_arn,
                    filter=s3.CfnBucket.NotificationFilterProperty(
                        s3_key=s3.CfnBucket.S3KeyFilterProperty(
                            rules=[s3.CfnBucket.FilterRuleProperty(name="prefix", value=resources.UPLOADS_PREFIX)]
                        )
                    ),
                )
            ],
        )
        queue_policy = self.uploads_queue.node.find_child("Policy")  # made by add_to_resource_policy
        cfn_bucket.node.add_dependency(queue_policy)

    # --- malware scanning ------------------------------------------------------------------------------
    def scan_uploads_for_malware(self, stage: str, function: lambda_.IFunction) -> None:
        """GuardDuty scans every object created under ``uploads/`` and ``enforcement/`` (site visits' photos)
        and tags it ``GuardDutyMalwareScanStatus``;
        its "Object Scan Result" event for this bucket (on the default bus) goes to ``function``."""
        bucket = self.documents_bucket
        self.malware_protection_role = role = self._malware_protection_role(bucket)
        self.malware_protection_plan = plan = guardduty.CfnMalwareProtectionPlan(
            self,
            "MalwareProtectionPlan",
            role=role.role_arn,
            protected_resource=guardduty.CfnMalwareProtectionPlan.CFNProtectedResourceProperty(
                s3_bucket=guardduty.CfnMalwareProtectionPlan.S3BucketProperty(
                    bucket_name=bucket.bucket_name, object_prefixes=list(resources.SCANNED_PREFIXES)
                )
            ),
            actions=guardduty.CfnMalwareProtectionPlan.CFNActionsProperty(
                tagging=guardduty.CfnMalwareProtectionPlan.CFNTaggingProperty(status="ENABLED")
            ),
        )
        # GuardDuty checks the role's permissions when the plan is created: the policy must exist first
        plan.node.add_dependency(role, self.malware_protection_policy)
        self.scan_result_rule = events.Rule(
            self,
            "MalwareScanResultRule",
            rule_name=resources.resource_name("bops-malware-scan-result", stage),
            description="GuardDuty's malware scan result of an upload -> the documents function",
            event_pattern=events.EventPattern(
                source=["aws.guardduty"],
                detail_type=[SCAN_RESULT_DETAIL_TYPE],
                detail={"s3ObjectDetails": {"bucketName": [bucket.bucket_name]}},
            ),
            targets=[
                targets.LambdaFunction(
                    function,  # type: ignore[arg-type]
                    dead_letter_queue=self.uploads_dlq,  # a result that cannot be delivered is kept
                    max_event_age=SCAN_RESULT_MAX_AGE,
                    retry_attempts=185,
                )
            ],
        )

    def _malware_protection_role(self, bucket: s3.Bucket) -> iam.Role:
        stack = cdk.Stack.of(self)
        role = iam.Role(
            self,
            "MalwareProtectionRole",
            assumed_by=iam.ServicePrincipal(GUARDDUTY_MALWARE_PRINCIPAL),
            description="GuardDuty Malware Protection for S3: scans and tags the documents bucket's uploads",
        )
        managed_rule = stack.format_arn(service="events", resource="rule", resource_name=GUARDDUTY_MANAGED_RULE)
        uploads = [bucket.arn_for_objects(f"{prefix}*") for prefix in resources.SCANNED_PREFIXES]
        statements = [
            iam.PolicyStatement(
                sid="AllowManagedRuleToSendS3EventsToGuardDuty",
                actions=["events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"],
                resources=[managed_rule],
                conditions={"StringLike": {"events:ManagedBy": GUARDDUTY_MALWARE_PRINCIPAL}},
            ),
            iam.PolicyStatement(
                sid="AllowGuardDutyToMonitorEventBridgeManagedRule",
                actions=["events:DescribeRule", "events:ListTargetsByRule"],
                resources=[managed_rule],
            ),
            iam.PolicyStatement(
                sid="AllowPostScanTag",
                actions=[
                    "s3:PutObjectTagging",
                    "s3:GetObjectTagging",
                    "s3:PutObjectVersionTagging",
                    "s3:GetObjectVersionTagging",
                ],
                resources=uploads,
            ),
            iam.PolicyStatement(
                sid="AllowEnableS3EventBridgeEvents",
                actions=["s3:PutBucketNotification", "s3:GetBucketNotification"],
                resources=[bucket.bucket_arn],
            ),
            iam.PolicyStatement(
                sid="AllowPutValidationObject",
                actions=["s3:PutObject"],
                resources=[bucket.arn_for_objects(GUARDDUTY_VALIDATION_OBJECT)],
            ),
            iam.PolicyStatement(
                sid="AllowCheckBucketOwnership", actions=["s3:ListBucket"], resources=[bucket.bucket_arn]
            ),
            iam.PolicyStatement(
                sid="AllowMalwareScan", actions=["s3:GetObject", "s3:GetObjectVersion"], resources=uploads
            ),
            # The bucket is encrypted with S3-managed keys (SSE-S3): no KMS permissions are needed. A
            # KMS-encrypted bucket would need kms:GenerateDataKey and kms:Decrypt on its key here.
        ]
        policy = iam.Policy(self, "MalwareProtectionPolicy", statements=statements)
        policy.attach_to_role(role)
        nag.acknowledge(
            policy,
            "IAM5",
            "GuardDuty Malware Protection for S3 scans and tags every object created under uploads/ and "
            "enforcement/ (keys are generated per upload) and manages its own EventBridge rule, whose name AWS "
            "fixes only by prefix.",
            *(
                f"Resource::{nag.arn_of(bucket.node.default_child)}/{prefix}*"  # type: ignore[arg-type]
                for prefix in resources.SCANNED_PREFIXES
            ),
            "Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/" + GUARDDUTY_MANAGED_RULE,
        )
        self.malware_protection_policy = policy
        return role

    def grant_objects(
        self, grantee: iam.IGrantable, actions: Sequence[str], *, prefix: str = "", list_bucket: bool = False
    ) -> None:
        """Object ``actions`` on the documents bucket, on every key or only under ``prefix``."""
        principal = grantee.grant_principal
        principal.add_to_principal_policy(
            iam.PolicyStatement(actions=list(actions), resources=[self.documents_bucket.arn_for_objects(f"{prefix}*")])
        )
        if list_bucket:
            # without ListBucket a missing key answers 403 instead of 404
            principal.add_to_principal_policy(
                iam.PolicyStatement(actions=["s3:ListBucket"], resources=[self.documents_bucket.bucket_arn])
            )

    def documents_finding(self, prefix: str = "") -> str:
        """The cdk-nag IAM5 finding id of an object grant made by ``grant_objects``."""
        return f"Resource::{nag.arn_of(self.documents_bucket.node.default_child)}/{prefix}*"  # type: ignore[arg-type]
