"""Links in emails and letters lead to the site as deployed: the council's own address, else CloudFront's."""

from __future__ import annotations

import json

import pytest

from bops import resources
from tests.infra.infra_template import allowed, role_of_function


@pytest.fixture(scope="module")
def functions(synthesized):
    """Function name -> resource."""
    return {
        r["Properties"]["FunctionName"]: r
        for r in synthesized.of_type("AWS::Lambda::Function").values()
        if "FunctionName" in r["Properties"]
    }


def test_links_in_emails_lead_to_the_site_as_deployed(synthesized, functions):
    # Given no address of the council's own: the functions read the site's CloudFront address from a
    # parameter the stack writes (the distribution fronts the API, so no function's environment can name it)
    parameters = synthesized.of_type("AWS::SSM::Parameter")
    (parameter,) = [p for p in parameters.values() if p["Properties"]["Name"] == "/bops/public-url"]
    assert "DomainName" in json.dumps(parameter["Properties"]["Value"])
    for function in functions.values():
        env = function["Properties"]["Environment"]["Variables"]
        assert env["BOPS_PUBLIC_URL_PARAMETER"] == "/bops/public-url"
        assert "BOPS_PUBLIC_URL" not in env
        assert env["BOPS_PAYMENTS"] == "govuk_pay"
    for name in ("Api", "ConsultationSend"):  # they send the emails: they may read it
        role = role_of_function(functions[resources.function_name(name)])
        assert ("ssm:GetParameter", "arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/bops/*") in (
            allowed(synthesized.template, role)
        )
