"""The BoPS stack: one construct per capability, and the grants between them."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from bops import resources
from bops_infra import nag
from bops_infra.api import Api
from bops_infra.api_spec import ApiSpec
from bops_infra.auth import Auth
from bops_infra.functions import Functions
from bops_infra.open_data import OpenData
from bops_infra.settings import DeploymentSettings
from bops_infra.site import Site
from bops_infra.storage import (
    OBJECT_READ_ACTIONS,
    OBJECT_READ_WRITE_ACTIONS,
    Storage,
)
from bops_infra.workflow import Workflow, state_machine_arn


def public_url_parameter(stage: str) -> str:
    """The SSM parameter holding the site's address when it is CloudFront's (under ``/bops/``, which the
    functions that send emails may read)."""
    return resources.resource_name("/bops/public-url", stage)


# SQS must hide a message longer than the consumer may run; AWS advises six times the function timeout
VISIBILITY_TIMEOUT_FACTOR = 6
# the functions the state machines run as tasks
WORKFLOW_FUNCTIONS = sorted({fn for sm in resources.STATE_MACHINES.values() for fn in sm.function_arns.values()})


class BopsStack(cdk.Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: DeploymentSettings,
        api_spec: ApiSpec,
        **kwargs: object,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.settings = settings
        stage = settings.stage
        documents = resources.FUNCTIONS["Documents"]

        self.storage = Storage(
            self,
            "Storage",
            stage=stage,
            cors_origins=settings.cors_origins,
            uploads_visibility_timeout=cdk.Duration.seconds(documents.timeout_seconds * VISIBILITY_TIMEOUT_FACTOR),
        )
        self.auth = Auth(self, "Auth", stage=stage)
        event_bus_name = resources.resource_name(resources.EVENT_BUS, stage)
        application_machine_arn = state_machine_arn(self, "Application", stage)
        request_timer_arn = state_machine_arn(self, "ValidationRequest", stage)
        consultation_arn = state_machine_arn(self, "Consultation", stage)
        pre_application_arn = state_machine_arn(self, "PreApplication", stage)
        enforcement_arn = state_machine_arn(self, "Enforcement", stage)
        self.functions = Functions(
            self,
            "Functions",
            stage=stage,
            specs=[*resources.FUNCTIONS.values(), resources.API_FUNCTION],
            environment={
                "BOPS_TABLE": self.storage.table.table_name,
                "BOPS_DOCUMENTS_BUCKET": self.storage.documents_bucket.bucket_name,
                "BOPS_EVENT_BUS": event_bus_name,
                "BOPS_APPLICATION_STATE_MACHINE_ARN": application_machine_arn,
                "BOPS_VALIDATION_REQUEST_STATE_MACHINE_ARN": request_timer_arn,
                "BOPS_CONSULTATION_STATE_MACHINE_ARN": consultation_arn,
                "BOPS_PRE_APPLICATION_STATE_MACHINE_ARN": pre_application_arn,
                "BOPS_ENFORCEMENT_STATE_MACHINE_ARN": enforcement_arn,
                "BOPS_NOTIFY": "govuk",
                "BOPS_SCANNER": "guardduty",  # GuardDuty Malware Protection for S3 tags each upload's verdict
                "BOPS_PAYMENTS": "govuk_pay",
                **self._public_url(settings.public_url, stage),
            },
            dependencies_layer_path=str(settings.dependencies_layer),
            dependencies_layer_built=settings.dependencies_layer_built,
        )
        api_function = self.functions[resources.API_FUNCTION.name]
        api_function.add_environment("BOPS_USER_POOL_ID", self.auth.user_pool.user_pool_id)
        api_function.add_environment("BOPS_USER_POOL_CLIENT_ID", self.auth.client.user_pool_client_id)
        # neighbours are picked (by radius or polygon) only through the API
        api_function.add_environment("BOPS_ADDRESS_SOURCE", settings.address_source)
        # the assessment's constraints: planning.data.gov.uk (open data, no key) rather than the demo data set
        api_function.add_environment("BOPS_CONSTRAINTS_SOURCE", "planning_data")

        self.workflow = Workflow(
            self,
            "Workflow",
            stage=stage,
            functions=self.functions.functions,
            names={
                "event_bus_name": event_bus_name,
                "table_name": self.storage.table.table_name,
                "documents_bucket": self.storage.documents_bucket.bucket_name,
            },
            uploads_queue=self.storage.uploads_queue,
        )
        self.api = Api(
            self,
            "Api",
            spec=api_spec,
            handler=api_function,
            stage=stage,
            cors_origins=settings.cors_origins,
            throttle_rate=settings.api_throttle_rate,
            throttle_burst=settings.api_throttle_burst,
        )
        self.site = Site(
            self,
            "Site",
            api=self.api.rest_api,
            client=self.auth.client,
            documents_bucket=self.storage.documents_bucket,
            access_logs_bucket=self.storage.access_logs_bucket,
        )
        if not settings.public_url:
            # the site's address is CloudFront's, known once deployed; the functions cannot be told it in
            # their environment (the distribution fronts the API, whose function would then depend on it),
            # so it is kept in a parameter they read when they make a link (``bops.config.public_url``)
            ssm.StringParameter(
                self,
                "PublicUrl",
                parameter_name=public_url_parameter(stage),
                string_value=self.site.url,
                description="Where the BoPS site is served: the base of links in emails and letters",
            )
        self._grant_api(api_function)
        for name in WORKFLOW_FUNCTIONS:
            self._grant_workflow_task(self.functions[name], name, stage)
        # the enforcement task also starts a served notice's timer whose start was lost (its own machine, named
        # by its ARN: the machine runs the function, so a reference back would be a cycle)
        from aws_cdk import aws_iam as iam

        self.functions["EnforcementTask"].add_to_role_policy(
            iam.PolicyStatement(actions=["states:StartExecution"], resources=[enforcement_arn])
        )
        # the consultation's letters and emails go through GOV.UK Notify
        self._grant_notify(self.functions["ConsultationSend"])
        # the decision notice is emailed to the applicant and agent, signed by the officer's name and job
        # title from the council's officer directory (the user pool)
        self._grant_notify(self.functions["RecordDetermination"])
        # the pre-application advice report is emailed to the requester
        self._grant_notify(self.functions["PreApplicationTask"])
        self.auth.grant_read_users(self.functions["RecordDetermination"])
        self.functions["RecordDetermination"].add_environment("BOPS_USER_POOL_ID", self.auth.user_pool.user_pool_id)
        self._grant_documents(self.functions["Documents"])
        self.storage.scan_uploads_for_malware(stage, self.functions["Documents"])
        self._open_data(stage)
        self._outputs()

    @staticmethod
    def _public_url(public_url: str, stage: str) -> dict[str, str]:
        """The functions' setting for links in emails: the council's own address when given, else the name of
        the parameter holding the CloudFront one."""
        if public_url:
            return {"BOPS_PUBLIC_URL": public_url}
        return {"BOPS_PUBLIC_URL_PARAMETER": public_url_parameter(stage)}

    # --- grants: each function gets what its code calls, on the resources it calls it on ----------------
    def _grant_api(self, function: lambda_.Function) -> None:
        self.storage.grant_table(function, write=True)
        # presigned POSTs to uploads/, submissions kept verbatim, presigned GETs of documents and notices
        self.storage.grant_objects(function, OBJECT_READ_WRITE_ACTIONS, list_bucket=True)
        machine = self.workflow.state_machines["Application"]
        machine.grant_start_execution(function)
        machine.grant_task_response(function)  # SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat
        # validation requests that close themselves start their own timer
        self.workflow.state_machines["ValidationRequest"].grant_start_execution(function)
        self.workflow.state_machines["Consultation"].grant_start_execution(function)
        # pre-application advice: its workflow starts on intake and the officer's report and review resume it
        self.workflow.state_machines["PreApplication"].grant_start_execution(function)
        self.workflow.state_machines["PreApplication"].grant_task_response(function)
        # enforcement cases: one execution each, resumed by the officer's steps (task tokens)
        enforcement = self.workflow.state_machines["Enforcement"]
        enforcement.grant_start_execution(function)
        enforcement.grant_task_response(function)
        self._grant_notify(function)
        self._comment_source_key(function)
        self._grant_basemap(function)
        if self.settings.address_source == "os_places":
            self._grant_os_places(function)
        self.workflow.event_bus.grant_put_events_to(function)
        self.auth.grant_read_users(function)
        self._acknowledge_objects(function, "")

    def _grant_notify(self, function: lambda_.Function) -> None:
        """GOV.UK Notify: each council's API key and callback token (Secrets Manager: the API checks Notify's
        delivery receipts against ``bops/<council>/notify-callback-token``) and template ids (SSM), read only."""
        from aws_cdk import aws_iam as iam

        stack = cdk.Stack.of(self)
        function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["secretsmanager:GetSecretValue"],
                resources=[
                    stack.format_arn(
                        service="secretsmanager",
                        resource="secret",
                        resource_name="bops/*",
                        arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
                    )
                ],
            )
        )
        function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["ssm:GetParameter"],
                resources=[stack.format_arn(service="ssm", resource="parameter", resource_name="bops/*")],
            )
        )
        assert function.role is not None
        nag.acknowledge(
            function.role,
            "IAM5",
            "Each council has its own GOV.UK Notify key, callback token and template ids, named bops/<council>/...: "
            "the grant reads only names under bops/, never writes.",
            "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:bops/*",
            "Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/bops/*",
        )

    def _comment_source_key(self, function: lambda_.Function) -> None:
        """The key that hashes commenters' IP addresses for the comments' rate limit: a generated secret,
        read only by the API (``bops.adapters.secrets.COMMENT_SOURCE_KEY``)."""
        from aws_cdk import aws_secretsmanager as secretsmanager

        from bops.adapters.secrets import COMMENT_SOURCE_KEY

        key = secretsmanager.Secret(
            self,
            "CommentSourceKey",
            secret_name=COMMENT_SOURCE_KEY,
            description="Hashes commenters' IP addresses for the comments' rate limit (never stored in clear)",
            generate_secret_string=secretsmanager.SecretStringGenerator(password_length=64, exclude_punctuation=True),
        )
        key.grant_read(function)
        nag.acknowledge(
            key,
            "SMG4",
            "The key only hashes IP addresses for a one-hour rate limit: rotating it by hand (a new value) only "
            "restarts the limit's window, and no rotation Lambda is worth running for it.",
        )

    def _grant_basemap(self, function: lambda_.Function) -> None:
        """The maps' basemap: the API reads the OS Maps API key (``bops/<council>/os-maps-api-key``, else the
        shared ``bops/os-maps-api-key``; ``bops.adapters.os_maps``) and hands it to the site by an API route,
        so it is never in the site's files. The operator stores the key (OS Data Hub, restricted to the site's
        address); with none, the maps draw on a plain background. Named here, not left to another grant's
        ``bops/*``, so narrowing that one keeps the maps working."""
        from aws_cdk import aws_iam as iam

        from bops.adapters import os_maps

        stack = cdk.Stack.of(self)
        keys = [
            stack.format_arn(
                service="secretsmanager",
                resource="secret",
                resource_name=f"{name}-??????",
                arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
            )
            for name in (os_maps.secret_name("*"), os_maps.SHARED_SECRET)
        ]
        function.add_to_role_policy(iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=keys))
        assert function.role is not None
        nag.acknowledge(
            function.role,
            "IAM5",
            "Each council may have its own OS Maps API key, named bops/<council>/os-maps-api-key: the grant reads "
            "only secrets with that name (any council; Secrets Manager adds six random characters), never writes.",
            "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
            "bops/*/os-maps-api-key-??????",
        )

    def _grant_os_places(self, function: lambda_.Function) -> None:
        """OS Places: read each council's API key (``bops/<council>/os-places-api-key``) and the shared one
        (``bops/os-places-api-key``), nothing else. Secrets Manager ends each secret's ARN with ``-`` and six
        random characters, hence ``-??????``."""
        from aws_cdk import aws_iam as iam

        stack = cdk.Stack.of(self)
        council_keys = stack.format_arn(
            service="secretsmanager",
            resource="secret",
            resource_name="bops/*/os-places-api-key-??????",
            arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
        )
        shared_key = stack.format_arn(
            service="secretsmanager",
            resource="secret",
            resource_name="bops/os-places-api-key-??????",
            arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
        )
        function.add_to_role_policy(
            iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=[council_keys, shared_key])
        )
        assert function.role is not None
        nag.acknowledge(
            function.role,
            "IAM5",
            "Each council has its own OS Places key, named bops/<council>/os-places-api-key: the grant reads only "
            "secrets with that name (any council), never writes.",
            "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
            "bops/*/os-places-api-key-??????",
        )

    def _grant_workflow_task(self, function: lambda_.Function, name: str, stage: str) -> None:
        from aws_cdk import aws_iam as iam

        self.storage.grant_table(function, write=True)
        # A task that waits for an officer (a task token) resumes its execution at once when the case is past
        # that step already: SendTask* on the machines that call it, by ARN from their names (the machine
        # refers to the function, so a reference back would be a cycle).
        calling = sorted(spec.name for spec in resources.STATE_MACHINES.values() if name in spec.function_arns.values())
        if calling:
            function.add_to_role_policy(
                iam.PolicyStatement(
                    actions=["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
                    resources=[state_machine_arn(self, machine, stage) for machine in calling],
                )
            )
        # decision notices (notices/), and what the tasks read back
        self.storage.grant_objects(function, OBJECT_READ_WRITE_ACTIONS, list_bucket=True)
        self.workflow.event_bus.grant_put_events_to(function)
        self._acknowledge_objects(function, "")

    def _grant_documents(self, function: lambda_.Function) -> None:
        # reads the upload (tagging it when rejected), copies it to documents/ once its checks pass;
        # it never writes an upload's bytes
        self.storage.grant_table(function, write=True)
        # (the version checked: its malware scan tag, and the copy made once it is scanned clean)
        self.storage.grant_objects(
            function,
            (*OBJECT_READ_ACTIONS, "s3:GetObjectVersion", "s3:GetObjectVersionTagging", "s3:PutObjectTagging"),
            prefix=resources.UPLOADS_PREFIX,
        )
        self.storage.grant_objects(function, OBJECT_READ_WRITE_ACTIONS, prefix=resources.DOCUMENTS_PREFIX)
        self._acknowledge_objects(function, resources.UPLOADS_PREFIX, resources.DOCUMENTS_PREFIX)

    def _open_data(self, stage: str) -> None:
        """The open data function: reads cases (table), writes the council's files under open-data/."""
        function = self.functions["OpenData"]
        self.open_data = OpenData(
            self,
            "OpenData",
            stage=stage,
            event_bus=self.workflow.event_bus,
            function=function,
            visibility_timeout=cdk.Duration.seconds(
                resources.FUNCTIONS["OpenData"].timeout_seconds * VISIBILITY_TIMEOUT_FACTOR
            ),
        )
        self.storage.grant_table(function, write=True)
        # reads the publishable documents' records only (table); writes only its own prefix
        self.storage.grant_objects(function, OBJECT_READ_WRITE_ACTIONS, prefix=resources.OPEN_DATA_PREFIX)
        self._acknowledge_objects(function, resources.OPEN_DATA_PREFIX)

    def _acknowledge_objects(self, function: lambda_.Function, *prefixes: str) -> None:
        assert function.role is not None
        nag.acknowledge(
            function.role,
            "IAM5",
            "S3 object permissions name objects by key and keys are generated per application and upload: "
            "the grant covers the documents bucket's keys (all, or those under one prefix), no other bucket.",
            *(self.storage.documents_finding(prefix) for prefix in prefixes),
        )

    def _outputs(self) -> None:
        outputs = {
            "ApiUrl": self.api.url,
            "SiteUrl": self.site.url,
            "SiteBucketName": self.site.bucket.bucket_name,
            "DistributionId": self.site.distribution.distribution_id,
            "UserPoolId": self.auth.user_pool.user_pool_id,
            "UserPoolClientId": self.auth.client.user_pool_client_id,
            "TableName": self.storage.table.table_name,
            "DocumentsBucketName": self.storage.documents_bucket.bucket_name,
            "EventBusName": self.workflow.event_bus.event_bus_name,
            "ApplicationStateMachineArn": self.workflow.state_machines["Application"].state_machine_arn,
        }
        for key, value in outputs.items():
            cdk.CfnOutput(self, key, value=value)
