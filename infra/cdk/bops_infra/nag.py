"""cdk-nag (v3) registration and acknowledgements.

cdk-nag 3 runs as a CDK policy-validation plugin: violations fail ``app.synth()`` and are written to
``validation-report.json`` in the cloud assembly. Rules are acknowledged with CDK's own
``Validations.of(construct).acknowledge``; each acknowledgement here names one rule (and, for rules that
report several findings, one finding) on one construct, with the reason it is acceptable.
"""

from __future__ import annotations

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct

PACK = "AwsSolutions"
MIN_REASON_LENGTH = 40


def add_checks(app: cdk.App) -> None:
    """Runs the AwsSolutions pack on synth; acknowledgements are also written to template metadata."""
    cdk.Validations.of(app).add_plugins(
        AwsSolutionsChecks(app, verbose=True, write_suppressions_to_cloud_formation=True)
    )


def acknowledge(construct: IConstruct, rule: str, reason: str, *findings: str) -> None:
    """Acknowledges ``AwsSolutions-<rule>`` on ``construct`` (and its children), once per finding.

    ``findings`` are the finding ids of rules that report several (``Resource::*``,
    ``Policy::arn:...``); without them the whole rule is acknowledged.
    """
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValueError(f"acknowledging {rule} needs a concrete reason, got {reason!r}")
    ids = [f"{PACK}-{rule}[{finding}]" for finding in findings] or [f"{PACK}-{rule}"]
    for rule_id in ids:
        cdk.Validations.of(construct).acknowledge(cdk.Acknowledgment(id=rule_id, reason=reason))


def arn_of(resource: cdk.CfnResource) -> str:
    """How cdk-nag spells ``Fn::GetAtt [resource, Arn]`` in a finding id: ``<LogicalId.Arn>``."""
    stack = cdk.Stack.of(resource)
    return f"<{stack.resolve(resource.logical_id)}.Arn>"
