"""The officers' user pool: invitation only, strong passwords, council claim, role groups, web client."""

from __future__ import annotations

import pytest

from bops import resources
from tests.infra.infra_template import allowed, logical_id, role_of_function

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


def test_officers_have_a_job_title_the_web_client_reads_but_cannot_write(synthesized, pool):
    (job_title,) = [a for a in pool["Schema"] if a["Name"] == "job_title"]
    assert job_title["AttributeDataType"] == "String" and job_title["Mutable"] is True
    (client,) = synthesized.of_type("AWS::Cognito::UserPoolClient").values()
    props = client["Properties"]
    assert {"custom:job_title", "name"} <= set(props["ReadAttributes"])
    # administrators set an officer's title (it signs decision notices), not the officer
    assert "custom:job_title" not in props["WriteAttributes"]


def test_the_api_may_read_the_officer_directory(synthesized):
    """The officer directory (``bops.adapters.officers``) pages through ListUsers, lists each role group's
    members and looks one officer up with their groups: the API function's role allows each call on the pool."""
    template = synthesized.template
    (api,) = [
        r
        for r in synthesized.of_type("AWS::Lambda::Function").values()
        if r["Properties"].get("FunctionName") == resources.function_name(resources.API_FUNCTION.name)
    ]
    pool_arn = f"<{logical_id(template, 'AWS::Cognito::UserPool', UserPoolName=resources.USER_POOL)}.Arn>"
    perms = allowed(template, role_of_function(api))
    for action in ("ListUsers", "ListUsersInGroup", "AdminGetUser", "AdminListGroupsForUser"):
        assert (f"cognito-idp:{action}", pool_arn) in perms, action
