"""Auth: the officers' Cognito user pool, its role groups and the web app client."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from constructs import Construct

from bops import resources
from bops_infra import nag

COUNCIL_ATTRIBUTE = "council"  # the token claim is "custom:council"
JOB_TITLE_ATTRIBUTE = "job_title"  # "custom:job_title": how decision notices and case pages title the officer
READ_USERS_ACTIONS = (
    "cognito-idp:AdminGetUser",
    "cognito-idp:AdminListGroupsForUser",
    "cognito-idp:ListUsers",
    "cognito-idp:ListUsersInGroup",
)


class Auth(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=resources.resource_name(resources.USER_POOL, stage),
            self_sign_up_enabled=False,  # administrators invite officers
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            sign_in_case_sensitive=False,
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            custom_attributes={
                # set by administrators only: the app client below may read it but not write it
                COUNCIL_ATTRIBUTE: cognito.StringAttribute(min_len=1, max_len=64, mutable=True),
                # set by administrators too (the full name is the standard "name" attribute, optional as
                # every standard attribute not declared required: declaring it would replace the pool)
                JOB_TITLE_ATTRIBUTE: cognito.StringAttribute(min_len=1, max_len=100, mutable=True),
            },
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=cdk.Duration.days(3),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            # Plus tier: threat protection (compromised credentials, adaptive authentication) enforced
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        nag.acknowledge(
            self.user_pool.node.default_child,
            "COG2",
            "MFA is optional by product decision (officers enrol a TOTP app); Plus-tier threat protection "
            "runs in full-function mode on every sign-in meanwhile. Set Mfa.REQUIRED once all have enrolled.",
        )
        self.groups = {
            role: cognito.CfnUserPoolGroup(
                self,
                f"Group{role.title()}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=role,
                description=f"BoPS officers with the {role} role",
            )
            for role in resources.OFFICER_ROLES
        }
        self.client = self.user_pool.add_client(
            "WebClient",
            user_pool_client_name=resources.resource_name(resources.USER_POOL_CLIENT, stage),
            generate_secret=False,  # a browser app cannot keep a secret
            auth_flows=cognito.AuthFlow(user_password=True, user_srp=True),
            disable_o_auth=True,  # the front end signs in through the API flows, no hosted UI
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            access_token_validity=cdk.Duration.hours(1),
            id_token_validity=cdk.Duration.hours(1),
            refresh_token_validity=cdk.Duration.hours(12),
            read_attributes=cognito.ClientAttributes()
            .with_standard_attributes(email=True, email_verified=True, given_name=True, family_name=True, fullname=True)
            .with_custom_attributes(COUNCIL_ATTRIBUTE, JOB_TITLE_ATTRIBUTE),
            # an officer must not be able to move themselves to another council: no custom:council here
            write_attributes=cognito.ClientAttributes().with_standard_attributes(given_name=True, family_name=True),
        )

    def grant_read_users(self, grantee: iam.IGrantable) -> None:
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=list(READ_USERS_ACTIONS), resources=[self.user_pool.user_pool_arn])
        )
