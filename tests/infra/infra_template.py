"""Reading a synthesized CloudFormation template in tests: references, IAM statements per role."""

from __future__ import annotations

import json
from typing import Any

Template = dict[str, Any]


def flatten(value: Any) -> str:
    """A CloudFormation value as one string, references spelled ``<LogicalId>`` / ``<LogicalId.Attr>``."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "Ref" in value:
            return f"<{value['Ref']}>"
        if "Fn::GetAtt" in value:
            resource, attribute = value["Fn::GetAtt"]
            return f"<{resource}.{attribute}>"
        if "Fn::Join" in value:
            delimiter, items = value["Fn::Join"]
            return delimiter.join(flatten(item) for item in items)
        if "Fn::Sub" in value:
            return flatten(value["Fn::Sub"])
    return json.dumps(value, sort_keys=True)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def role_of_function(function: dict[str, Any]) -> str:
    return function["Properties"]["Role"]["Fn::GetAtt"][0]


def statements_of_role(template: Template, role_id: str) -> list[dict[str, Any]]:
    """Every IAM statement that applies to the role: its inline policies and the policies attached to it."""
    resources = template["Resources"]
    statements = []
    for policy in resources[role_id]["Properties"].get("Policies", []):
        statements += policy["PolicyDocument"]["Statement"]
    for resource in resources.values():
        if resource["Type"] == "AWS::IAM::Policy" and {"Ref": role_id} in resource["Properties"].get("Roles", []):
            statements += resource["Properties"]["PolicyDocument"]["Statement"]
    return statements


def allowed(template: Template, role_id: str) -> set[tuple[str, str]]:
    """(action, flattened resource) pairs the role is allowed."""
    return {
        (action, flatten(resource))
        for statement in statements_of_role(template, role_id)
        if statement["Effect"] == "Allow"
        for action in as_list(statement["Action"])
        for resource in as_list(statement["Resource"])
    }


def logical_id(template: Template, cfn_type: str, **properties: Any) -> str:
    """The one resource of ``cfn_type`` whose properties include ``properties``."""
    found = [
        key
        for key, resource in template["Resources"].items()
        if resource["Type"] == cfn_type
        and all(resource.get("Properties", {}).get(k) == v for k, v in properties.items())
    ]
    assert len(found) == 1, f"expected one {cfn_type} with {properties}, found {found}"
    return found[0]
