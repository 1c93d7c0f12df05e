"""The officer directory on moto's Cognito in process: a council's officers out of a pool of several
councils, paged through, with their roles, names and job titles; one officer looked up by username."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bops.adapters.officers import OfficerDirectory
from bops.domain.officers import Officer
from tests.support import moto_in_process


@pytest.fixture
def pool(monkeypatch: Any) -> Iterator[tuple[Any, str]]:
    import boto3

    from bops.adapters import aws

    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    aws.reset()
    with moto_in_process(monkeypatch):
        idp = boto3.client("cognito-idp")
        pool_id = idp.create_user_pool(
            PoolName="officers-unit",
            Schema=[
                {"Name": "council", "AttributeDataType": "String", "Mutable": True},
                {"Name": "job_title", "AttributeDataType": "String", "Mutable": True},
            ],
        )["UserPool"]["Id"]
        for role in ("assessor", "reviewer", "administrator"):
            idp.create_group(UserPoolId=pool_id, GroupName=role)
        try:
            yield idp, pool_id
        finally:
            idp.delete_user_pool(UserPoolId=pool_id)
            aws.reset()


def _officer(idp: Any, pool_id: str, username: str, council: str, *roles: str, **attributes: str) -> None:
    values = [{"Name": "custom:council", "Value": council}] + [{"Name": k, "Value": v} for k, v in attributes.items()]
    idp.admin_create_user(UserPoolId=pool_id, Username=username, UserAttributes=values, MessageAction="SUPPRESS")
    for role in roles:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=role)


def test_a_councils_officers_come_from_every_page_of_the_pool(pool):
    idp, pool_id = pool
    # Given more officers than one page of ListUsers (60) and of ListUsersInGroup, in two councils
    for n in range(70):
        _officer(idp, pool_id, f"officer{n:02}", "southwark" if n % 2 == 0 else "lambeth", "assessor")
    _officer(idp, pool_id, "lead", "southwark", "reviewer", "administrator", name="Ada Lovelace")
    _officer(
        idp, pool_id, "signer", "southwark", "reviewer", **{"name": "Tom Okafor", "custom:job_title": "Team leader"}
    )
    idp.admin_disable_user(UserPoolId=pool_id, Username="officer68")

    # When the directory lists Southwark's officers
    officers = OfficerDirectory(pool_id).in_council("southwark")

    # Then they are all of Southwark's enabled officers, with their roles, and none of Lambeth's
    usernames = [o.username for o in officers]
    assert usernames == sorted([f"officer{n:02}" for n in range(0, 68, 2)] + ["lead", "signer"])
    by_name = {o.username: o for o in officers}
    assert by_name["officer00"] == Officer(username="officer00", name="officer00", job_title=None, roles=["assessor"])
    assert by_name["lead"].roles == ["reviewer", "administrator"] and by_name["lead"].name == "Ada Lovelace"
    assert by_name["signer"] == Officer(
        username="signer", name="Tom Okafor", job_title="Team leader", roles=["reviewer"]
    )


def test_one_officer_is_found_only_in_their_own_council(pool):
    idp, pool_id = pool
    _officer(
        idp,
        pool_id,
        "signer",
        "southwark",
        "reviewer",
        "assessor",
        **{"name": "Tom Okafor", "custom:job_title": "Lead"},
    )
    _officer(idp, pool_id, "gone", "southwark", "assessor")
    idp.admin_disable_user(UserPoolId=pool_id, Username="gone")
    directory = OfficerDirectory(pool_id)

    assert directory.get("southwark", "signer") == Officer(
        username="signer", name="Tom Okafor", job_title="Lead", roles=["assessor", "reviewer"]
    )
    assert directory.get("lambeth", "signer") is None  # another council's
    assert directory.get("southwark", "nobody") is None
    assert directory.get("southwark", "gone") is None  # disabled
