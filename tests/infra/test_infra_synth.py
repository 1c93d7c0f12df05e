"""The synthesized template passes cfn-lint and cdk-nag (AwsSolutions), every acknowledgement justified."""

from __future__ import annotations

import pytest
from cfnlint.api import ManualArgs, lint_file

from bops_infra.nag import MIN_REASON_LENGTH

pytestmark = pytest.mark.infra

# cfn-lint warnings accepted, each for a reason:
ACCEPTED_LINT_WARNINGS = {
    # CDK adds an explicit DependsOn from a function (and a state machine) to its role and the role's
    # default policy, so the policy exists before the first invocation; the GetAtt already implies the role.
    "W3005",
}


def test_synth_succeeds_without_cdk_nag_violations(synthesized):
    # Given the app synthesized with the AwsSolutions checks
    # When the validation report is read
    violations = [
        f"{v['ruleName']} at {[c['constructPath'] for c in v['violatingConstructs']]}"
        for report in synthesized.validation_report["pluginReports"]
        for v in report["violations"]
    ]
    # Then nothing is left unacknowledged, and synth did not fail
    assert violations == []
    assert synthesized.synth_error is None


def test_every_acknowledgement_carries_a_concrete_reason(synthesized):
    acknowledgements = [
        (logical_id, rule)
        for logical_id, resource in synthesized.resources.items()
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
    ]
    assert acknowledgements, "expected the acknowledged rules in the template metadata"
    for logical_id, rule in acknowledgements:
        assert rule["id"].startswith("AwsSolutions-"), (logical_id, rule)
        assert len(rule["reason"].strip()) >= MIN_REASON_LENGTH, (logical_id, rule)


def test_acknowledgements_stay_narrow(synthesized):
    # Whole-rule acknowledgements only where a rule has a single finding per resource: IAM findings are
    # always acknowledged one finding at a time, never as a whole rule.
    for logical_id, resource in synthesized.resources.items():
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", []):
            if rule["id"].startswith(("AwsSolutions-IAM4", "AwsSolutions-IAM5")):
                assert "[" in rule["id"], (logical_id, rule["id"])
    # and nothing is acknowledged on the stack as a whole
    assert "cdk_nag" not in synthesized.template.get("Metadata", {})


def test_template_passes_cfn_lint(synthesized):
    matches = lint_file(synthesized.template_path, config=ManualArgs(regions=["eu-west-2"]))
    findings = [f"{m.rule.id} line {m.linenumber}: {m.message}" for m in matches]
    errors = [f for f, m in zip(findings, matches, strict=True) if m.rule.id.startswith("E")]
    unexpected = [f for f, m in zip(findings, matches, strict=True) if m.rule.id not in ACCEPTED_LINT_WARNINGS]
    assert errors == []
    assert unexpected == []
