"""The assessment's constraints source in AWS: the API asks planning.data.gov.uk (no other function does)."""

from __future__ import annotations

from bops import resources


def test_only_the_api_asks_planning_data_for_constraints(synthesized):
    for function in synthesized.of_type("AWS::Lambda::Function").values():
        name = function["Properties"].get("FunctionName")
        if name is None:
            continue  # CDK's own helpers
        env = function["Properties"]["Environment"]["Variables"]
        if name == resources.function_name("Api"):
            assert env["BOPS_CONSTRAINTS_SOURCE"] == "planning_data"
        else:
            assert "BOPS_CONSTRAINTS_SOURCE" not in env
