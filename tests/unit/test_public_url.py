"""Links in emails lead to the site as it is served: set by whatever serves it, never a fixed port."""

from __future__ import annotations

import secrets

import boto3
import pytest

from bops import config
from bops.adapters import secrets as secret_store
from tests.support import moto_in_process


@pytest.fixture
def fresh_settings(monkeypatch):
    monkeypatch.delenv("BOPS_PUBLIC_URL", raising=False)
    monkeypatch.delenv("BOPS_PUBLIC_URL_PARAMETER", raising=False)
    config.settings.cache_clear()
    yield
    config.settings.cache_clear()


def test_the_process_serving_the_site_sets_the_links(fresh_settings, monkeypatch):
    # nobody said where the site is: a link nobody can follow, rather than a guess at a port
    assert config.link("/public.html#c/26-00001-HAPP") == "http://bops.invalid/public.html#c/26-00001-HAPP"
    monkeypatch.setenv("BOPS_PUBLIC_URL", "http://unused")  # so that monkeypatch restores the variable
    config.use_public_url("http://127.0.0.1:41234/")
    assert config.link("/applicant.html#t") == "http://127.0.0.1:41234/applicant.html#t"
    assert config.link("consultee.html#t") == "http://127.0.0.1:41234/consultee.html#t"


def test_in_aws_the_site_address_comes_from_the_stacks_parameter(fresh_settings, monkeypatch):
    with moto_in_process(monkeypatch):
        name = f"/bops/public-url-{secrets.token_hex(4)}"
        boto3.client("ssm").put_parameter(Name=name, Value="https://d111111abcdef8.cloudfront.net", Type="String")
        secret_store.reset()
        monkeypatch.setenv("BOPS_PUBLIC_URL_PARAMETER", name)
        config.settings.cache_clear()
        try:
            assert config.link("/public.html#x") == "https://d111111abcdef8.cloudfront.net/public.html#x"
        finally:
            secret_store.reset()
