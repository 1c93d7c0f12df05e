"""The table, the buckets and the uploads queue."""

from __future__ import annotations

import pytest

from bops import resources
from tests.infra.infra_template import flatten, logical_id

pytestmark = pytest.mark.infra


@pytest.fixture(scope="module")
def table(synthesized):
    return synthesized.resources[logical_id(synthesized.template, "AWS::DynamoDB::Table", TableName=resources.TABLE)]


@pytest.fixture(scope="module")
def documents_bucket(synthesized):
    (bucket,) = [
        r
        for r in synthesized.of_type("AWS::S3::Bucket").values()
        if flatten(r["Properties"].get("BucketName", "")).startswith(f"{resources.DOCUMENTS_BUCKET}-")
    ]
    return bucket


def test_table_is_on_demand_with_point_in_time_recovery(table):
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["DeletionProtectionEnabled"] is True
    assert table["DeletionPolicy"] == "Retain"
    assert props["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]


def test_table_has_the_indexes_the_repository_queries(table):
    props = table["Properties"]
    indexes = {i["IndexName"]: i for i in props["GlobalSecondaryIndexes"]}
    assert sorted(indexes) == sorted(resources.GSI_NAMES)
    for name, index in indexes.items():
        assert index["KeySchema"] == [
            {"AttributeName": f"{name}pk", "KeyType": "HASH"},
            {"AttributeName": f"{name}sk", "KeyType": "RANGE"},
        ]
        assert index["Projection"] == {"ProjectionType": "ALL"}
    types = {a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]}
    assert set(types.values()) == {"S"}
    assert set(types) == {"pk", "sk", *(f"{g}{k}" for g in resources.GSI_NAMES for k in ("pk", "sk"))}


def test_every_bucket_blocks_public_access_and_requires_tls(synthesized):
    buckets = synthesized.of_type("AWS::S3::Bucket")
    assert len(buckets) == 3  # documents, the site, and their access logs
    policies = {
        flatten(p["Properties"]["Bucket"]): p["Properties"]["PolicyDocument"]["Statement"]
        for p in synthesized.of_type("AWS::S3::BucketPolicy").values()
    }
    for key, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }, key
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"], key
        assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}], key
        denies_plain_http = [
            s
            for s in policies[f"<{key}>"]
            if s["Effect"] == "Deny" and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
        ]
        assert denies_plain_http, key


def test_documents_bucket(documents_bucket):
    props = documents_bucket["Properties"]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["LoggingConfiguration"]["DestinationBucketName"]["Ref"]
    (cors,) = props["CorsConfiguration"]["CorsRules"]
    assert cors["AllowedMethods"] == ["POST"]
    assert documents_bucket["DeletionPolicy"] == "Retain"


def test_uploads_notify_the_queue(synthesized, documents_bucket):
    queue_id = logical_id(synthesized.template, "AWS::SQS::Queue", QueueName=resources.UPLOADS_QUEUE)
    (notification,) = documents_bucket["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert notification["Event"] == "s3:ObjectCreated:*"
    assert notification["Queue"] == {"Fn::GetAtt": [queue_id, "Arn"]}
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": resources.UPLOADS_PREFIX}]
    # S3 checks it may publish when the notification is created: the queue policy must exist first
    (policy_id,) = [
        k
        for k, p in synthesized.of_type("AWS::SQS::QueuePolicy").items()
        if p["Properties"]["Queues"] == [{"Ref": queue_id}]
    ]
    assert policy_id in documents_bucket["DependsOn"]
    statements = synthesized.resources[policy_id]["Properties"]["PolicyDocument"]["Statement"]
    (allow_s3,) = [s for s in statements if s["Effect"] == "Allow"]
    assert allow_s3["Principal"] == {"Service": "s3.amazonaws.com"}
    assert allow_s3["Action"] == "sqs:SendMessage"
    assert flatten(allow_s3["Condition"]["ArnLike"]["aws:SourceArn"]) == "arn:<AWS::Partition>:s3:::" + flatten(
        documents_bucket["Properties"]["BucketName"]
    )


def test_queues_are_encrypted_tls_only_and_redrive_to_the_dlq(synthesized):
    template = synthesized.template
    queue_id = logical_id(template, "AWS::SQS::Queue", QueueName=resources.UPLOADS_QUEUE)
    dlq_id = logical_id(template, "AWS::SQS::Queue", QueueName=resources.UPLOADS_DLQ)
    queue = synthesized.resources[queue_id]["Properties"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": [dlq_id, "Arn"]}
    documents_timeout = resources.FUNCTIONS["Documents"].timeout_seconds
    assert queue["VisibilityTimeout"] >= 6 * documents_timeout
    policies = {
        flatten(q) for p in synthesized.of_type("AWS::SQS::QueuePolicy").values() for q in p["Properties"]["Queues"]
    }
    for key in (queue_id, dlq_id):
        assert synthesized.resources[key]["Properties"]["SqsManagedSseEnabled"] is True
        assert f"<{key}>" in policies


def test_the_site_is_served_by_cloudfront_with_the_api_under_api(synthesized):
    (distribution,) = synthesized.of_type("AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    assert config["DefaultRootObject"] == "index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    (api,) = config["CacheBehaviors"]
    assert api["PathPattern"] == "/api/*"
    assert set(api["AllowedMethods"]) >= {"GET", "POST", "PUT", "DELETE"}
    assert len(config["Origins"]) == 2
    (policy,) = synthesized.of_type("AWS::CloudFront::ResponseHeadersPolicy").values()
    csp = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"]
    assert "script-src 'self'" in flatten(csp["ContentSecurityPolicy"])
    assert "frame-ancestors 'none'" in flatten(csp["ContentSecurityPolicy"])
    assert synthesized.of_type("AWS::CloudFront::OriginAccessControl")


# --- malware scanning (issue 13) -------------------------------------------------------------------
def _documents_bucket_id(synthesized, documents_bucket):
    (key,) = [k for k, r in synthesized.of_type("AWS::S3::Bucket").items() if r is documents_bucket]
    return key


def test_guardduty_scans_and_tags_the_documents_buckets_uploads(synthesized, documents_bucket):
    (plan,) = synthesized.of_type("AWS::GuardDuty::MalwareProtectionPlan").values()
    props = plan["Properties"]
    bucket_id = _documents_bucket_id(synthesized, documents_bucket)
    assert props["ProtectedResource"]["S3Bucket"]["BucketName"] == {"Ref": bucket_id}
    # what people upload: documents and enforcement site visits' photos
    assert props["ProtectedResource"]["S3Bucket"]["ObjectPrefixes"] == ["uploads/", "enforcement/"]
    assert props["Actions"] == {"Tagging": {"Status": "ENABLED"}}
    # the plan's role: assumed by GuardDuty's malware protection, its policy in place before the plan
    role_id = props["Role"]["Fn::GetAtt"][0]
    role = synthesized.resources[role_id]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "malware-protection-plan.guardduty.amazonaws.com"}
    assert role_id in plan["DependsOn"]
    assert any(synthesized.resources[d]["Type"] == "AWS::IAM::Policy" for d in plan["DependsOn"])
    # GuardDuty turns EventBridge notifications on for the bucket: the template keeps them on
    assert documents_bucket["Properties"]["NotificationConfiguration"]["EventBridgeConfiguration"] == {
        "EventBridgeEnabled": True
    }


def test_the_guardduty_role_has_what_aws_documents_and_no_more(synthesized):
    from tests.infra.infra_template import allowed

    (plan,) = synthesized.of_type("AWS::GuardDuty::MalwareProtectionPlan").values()
    role_id = plan["Properties"]["Role"]["Fn::GetAtt"][0]
    granted = allowed(synthesized.template, role_id)
    actions = {action for action, _ in granted}
    assert actions == {
        "events:PutRule",
        "events:DeleteRule",
        "events:PutTargets",
        "events:RemoveTargets",
        "events:DescribeRule",
        "events:ListTargetsByRule",
        "s3:PutObjectTagging",
        "s3:GetObjectTagging",
        "s3:PutObjectVersionTagging",
        "s3:GetObjectVersionTagging",
        "s3:PutBucketNotification",
        "s3:GetBucketNotification",
        "s3:PutObject",
        "s3:ListBucket",
        "s3:GetObject",
        "s3:GetObjectVersion",
    }
    for action, resource in granted:
        if action.startswith("events:"):
            assert resource.endswith(":rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"), resource
        elif action == "s3:PutObject":  # only the object GuardDuty writes to check it owns the bucket
            assert resource.endswith("/malware-protection-resource-validation-object"), resource
        elif action in ("s3:ListBucket", "s3:PutBucketNotification", "s3:GetBucketNotification"):
            assert not resource.endswith("*"), resource
        else:  # reading and tagging: what people upload only (documents, enforcement photos)
            assert resource.endswith(("/uploads/*", "/enforcement/*")), resource


def test_guardduty_scan_results_for_the_bucket_go_to_the_documents_function(synthesized, documents_bucket):
    bucket_id = _documents_bucket_id(synthesized, documents_bucket)
    rules = [
        r["Properties"]
        for r in synthesized.of_type("AWS::Events::Rule").values()
        if r["Properties"].get("EventPattern", {}).get("source") == ["aws.guardduty"]
    ]
    (rule,) = rules
    assert "EventBusName" not in rule  # the default bus, where GuardDuty publishes
    pattern = rule["EventPattern"]
    assert pattern["detail-type"] == ["GuardDuty Malware Protection Object Scan Result"]
    assert pattern["detail"] == {"s3ObjectDetails": {"bucketName": [{"Ref": bucket_id}]}}
    (target,) = rule["Targets"]
    documents = logical_id(
        synthesized.template, "AWS::Lambda::Function", FunctionName=resources.function_name("Documents")
    )
    assert target["Arn"] == {"Fn::GetAtt": [documents, "Arn"]}
    dlq = logical_id(synthesized.template, "AWS::SQS::Queue", QueueName=resources.UPLOADS_DLQ)
    assert target["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": [dlq, "Arn"]}
    # EventBridge may invoke the function (and only from this rule)
    permissions = [
        p["Properties"]
        for p in synthesized.of_type("AWS::Lambda::Permission").values()
        if p["Properties"].get("Principal") == "events.amazonaws.com"
    ]
    assert any(p["FunctionName"] == {"Fn::GetAtt": [documents, "Arn"]} for p in permissions)


def test_the_documents_function_scans_with_guardduty_and_reads_its_tags(synthesized):
    from tests.infra.infra_template import allowed, role_of_function

    documents_id = logical_id(
        synthesized.template, "AWS::Lambda::Function", FunctionName=resources.function_name("Documents")
    )
    function = synthesized.resources[documents_id]
    assert function["Properties"]["Environment"]["Variables"]["BOPS_SCANNER"] == "guardduty"
    granted = allowed(synthesized.template, role_of_function(function))
    # the tags (GuardDuty's verdict) and the bytes of the version that was checked, under uploads/ only
    for action in ("s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:GetObject", "s3:GetObjectVersion"):
        assert (action, f"{_documents_bucket_arn(synthesized)}/{resources.UPLOADS_PREFIX}*") in granted, action


def _documents_bucket_arn(synthesized):
    (key,) = [
        k
        for k, r in synthesized.of_type("AWS::S3::Bucket").items()
        if flatten(r["Properties"].get("BucketName", "")).startswith(f"{resources.DOCUMENTS_BUCKET}-")
    ]
    return f"<{key}.Arn>"
