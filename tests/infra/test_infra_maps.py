"""The maps' basemap in AWS: the API may read the OS Maps API key (and only read it), and the site's
Content-Security-Policy lets the browser draw Ordnance Survey's tiles."""

from __future__ import annotations

import pytest

from bops import resources
from bops.adapters import os_maps
from tests.infra.infra_template import allowed, flatten, role_of_function

pytestmark = pytest.mark.infra

SECRETS = "arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
OS_MAPS_KEYS = {f"{SECRETS}{os_maps.secret_name('*')}-??????", f"{SECRETS}{os_maps.SHARED_SECRET}-??????"}


def _functions(synthesized):
    return {
        r["Properties"]["FunctionName"]: r
        for r in synthesized.of_type("AWS::Lambda::Function").values()
        if "FunctionName" in r["Properties"]
    }


def test_the_api_reads_the_os_maps_keys_and_no_other_function_is_granted_them(synthesized):
    # Given the stack as synthesized by default (no setting needed: every council's maps may have a basemap)
    assert synthesized.synth_error is None  # cdk-nag has nothing unacknowledged
    functions = _functions(synthesized)
    api = functions[resources.function_name("Api")]

    # Then the API may read each council's OS Maps key and the shared one, and only read them
    perms = allowed(synthesized.template, role_of_function(api))
    assert {("secretsmanager:GetSecretValue", arn) for arn in OS_MAPS_KEYS} <= perms
    assert {action for action, target in perms if target in OS_MAPS_KEYS} == {"secretsmanager:GetSecretValue"}
    # and no other function is granted them by name
    for name, function in functions.items():
        if name != resources.function_name("Api"):
            others = allowed(synthesized.template, role_of_function(function))
            assert not {target for _, target in others} & OS_MAPS_KEYS, name


def test_the_site_may_draw_os_tiles_and_nothing_else_from_elsewhere(synthesized):
    (policy,) = synthesized.of_type("AWS::CloudFront::ResponseHeadersPolicy").values()
    csp = flatten(
        policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"][
            "ContentSecurityPolicy"
        ]
    )
    directives = {part.split()[0]: part.split()[1:] for part in csp.split("; ")}
    assert directives["img-src"] == ["'self'", "data:", "https://api.os.uk"]
    # the tile URL the API hands out is on that origin
    assert os_maps.tiles_url("k").startswith("https://api.os.uk/")
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
