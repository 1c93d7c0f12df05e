"""The officer directory: the council's officers as the Cognito user pool holds them.

Officers are users of the one pool with ``custom:council`` naming their council (the claim the API
authorizes by); their roles are the pool's groups (``resources.OFFICER_ROLES``); their full name is the
standard ``name`` attribute and their job title ``custom:job_title``, both set by administrators. In AWS
the API function may call ``READ_USERS_ACTIONS`` on the pool (``infra/cdk/bops_infra/auth.py``); locally
moto's Cognito answers the same calls.
"""

from __future__ import annotations

from typing import Any

from bops import resources
from bops.domain.officers import Officer

COUNCIL_ATTRIBUTE = "custom:council"
NAME_ATTRIBUTE = "name"
JOB_TITLE_ATTRIBUTE = "custom:job_title"


class OfficerDirectory:
    """Reads officers from the user pool (``user_pool_id``); the client is made on first use."""

    def __init__(self, user_pool_id: str) -> None:
        self.user_pool_id = user_pool_id

    @property
    def _idp(self) -> Any:
        from bops.adapters import aws

        return aws.client("cognito-idp")

    def in_council(self, council: str) -> list[Officer]:
        """The council's enabled officers, by username. Cognito filters ListUsers by standard attributes
        only, so the pool is paged through and the council picked here; roles come from one listing per
        role group rather than a call per officer."""
        users = [
            u
            for u in self._pages("list_users", "Users", UserPoolId=self.user_pool_id, Limit=60)
            if u.get("Enabled", True) and _attributes(u.get("Attributes")).get(COUNCIL_ATTRIBUTE) == council
        ]
        roles: dict[str, list[str]] = {}
        if users:
            for role in resources.OFFICER_ROLES:
                for member in self._pages(
                    "list_users_in_group", "Users", UserPoolId=self.user_pool_id, GroupName=role, Limit=60
                ):
                    roles.setdefault(member["Username"], []).append(role)
        officers = [_officer(u["Username"], u.get("Attributes"), roles.get(u["Username"], [])) for u in users]
        return sorted(officers, key=lambda o: o.username)

    def get(self, council: str, username: str) -> Officer | None:
        """The officer of this council with this username; None for anyone else (no such user, another
        council's, disabled)."""
        idp = self._idp
        try:
            user = idp.admin_get_user(UserPoolId=self.user_pool_id, Username=username)
        except idp.exceptions.UserNotFoundException:
            return None
        attributes = _attributes(user.get("UserAttributes"))
        if not user.get("Enabled", True) or attributes.get(COUNCIL_ATTRIBUTE) != council:
            return None
        # the username as the pool spells it: sign-in is case-insensitive, the audit trail should not be
        name = user["Username"]
        groups = self._pages("admin_list_groups_for_user", "Groups", UserPoolId=self.user_pool_id, Username=name)
        roles = [g["GroupName"] for g in groups if g["GroupName"] in resources.OFFICER_ROLES]
        return _officer(name, user.get("UserAttributes"), sorted(roles, key=resources.OFFICER_ROLES.index))

    def _pages(self, operation: str, key: str, **kwargs: Any) -> list[dict[str, Any]]:
        idp = self._idp
        token_name = (
            "NextToken" if operation in {"list_users_in_group", "admin_list_groups_for_user"} else "PaginationToken"
        )
        items: list[dict[str, Any]] = []
        while True:
            page = getattr(idp, operation)(**kwargs)
            items.extend(page.get(key, []))
            token = page.get(token_name)
            if not token:
                return items
            kwargs[token_name] = token


def _attributes(attributes: list[dict[str, str]] | None) -> dict[str, str]:
    return {a["Name"]: a.get("Value", "") for a in attributes or []}


def _officer(username: str, attributes: list[dict[str, str]] | None, roles: list[str]) -> Officer:
    values = _attributes(attributes)
    return Officer(
        username=username,
        name=values.get(NAME_ATTRIBUTE, "").strip() or username,
        job_title=values.get(JOB_TITLE_ATTRIBUTE, "").strip() or None,
        roles=roles,
    )
