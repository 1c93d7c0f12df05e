"""Deployment settings from context, and where the dependencies layer comes from."""

from __future__ import annotations

import aws_cdk as cdk
import pytest

from bops_infra import settings
from bops_infra.paths import DEPENDENCIES_LAYER_BUILD, DEPENDENCIES_LAYER_PLACEHOLDER

pytestmark = pytest.mark.infra


def from_context(**context):
    return settings.DeploymentSettings.from_context(cdk.App(context=context).node)


def test_defaults():
    s = from_context()
    assert s.stage == ""
    assert s.cors_origins == ("*",)


def test_origins_from_a_comma_separated_string():
    s = from_context(**{settings.CORS_ORIGINS: "https://a.example, https://b.example"})
    assert s.cors_origins == ("https://a.example", "https://b.example")


@pytest.mark.parametrize("stage", ["Prod", "dev_1", "-dev", "a" * 17])
def test_refuses_stages_that_cannot_name_a_bucket(stage):
    with pytest.raises(ValueError):
        from_context(**{settings.STAGE: stage})


def test_dependencies_layer_falls_back_to_the_placeholder_without_a_build():
    layer, built = settings._dependencies_layer(None)
    if (DEPENDENCIES_LAYER_BUILD / "python").is_dir():
        assert (layer, built) == (DEPENDENCIES_LAYER_BUILD, True)
    else:
        assert (layer, built) == (DEPENDENCIES_LAYER_PLACEHOLDER, False)
    assert (DEPENDENCIES_LAYER_PLACEHOLDER / "requirements.txt").is_file()


def test_explicit_dependencies_layer_must_hold_python(tmp_path):
    with pytest.raises(ValueError, match="python/"):
        settings._dependencies_layer(str(tmp_path))
    (tmp_path / "python").mkdir()
    assert settings._dependencies_layer(str(tmp_path)) == (tmp_path, True)


def test_address_source_is_local_unless_os_places_is_chosen():
    assert from_context().address_source == "local"
    assert from_context(**{settings.ADDRESS_SOURCE: "os_places"}).address_source == "os_places"
    with pytest.raises(ValueError, match=settings.ADDRESS_SOURCE):
        from_context(**{settings.ADDRESS_SOURCE: "google"})
