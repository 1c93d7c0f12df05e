"""The officers' user pool: invitation only, strong passwords, council claim, role groups, web client."""

from __future__ import annotations

import pytest

from bops import resources
from tests.infra.infra_template import logical_id

pytestmark = pytest.mark.infra


@pytest.fixture(scope="module")
def pool(synthesized):
    return synthesized.resources[
        logical_id(synthesized.template, "AWS::Cognito::UserPool", UserPoolName=resources.USER_POOL)
    ]["Properties"]


def test_no_self_sign_up_and_strong_passwords(pool):
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] >= 12
    assert all(policy[k] for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"))
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["UserPoolAddOns"]["AdvancedSecurityMode"] == "ENFORCED"
    assert pool["DeletionProtection"] == "ACTIVE"


def test_council_is_a_custom_attribute(pool):
    (council,) = [a for a in pool["Schema"] if a["Name"] == "council"]
    assert council["AttributeDataType"] == "String"


def test_role_groups(synthesized):
    groups = {g["Properties"]["GroupName"] for g in synthesized.of_type("AWS::Cognito::UserPoolGroup").values()}
    assert groups == set(resources.OFFICER_ROLES)


def test_web_client(synthesized):
    (client,) = synthesized.of_type("AWS::Cognito::UserPoolClient").values()
    props = client["Properties"]
    assert props["ClientName"] == resources.USER_POOL_CLIENT
    assert props["GenerateSecret"] is False
    assert {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"} <= set(props["ExplicitAuthFlows"])
    assert "custom:council" in props["ReadAttributes"]
    # officers cannot move themselves to another council
    assert "custom:council" not in props["WriteAttributes"]
