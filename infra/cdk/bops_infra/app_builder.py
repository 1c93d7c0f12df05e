"""Builds the CDK app: used by ``infra/cdk/app.py`` and by the infra tests (one code path)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aws_cdk as cdk

from bops_infra import nag
from bops_infra.api_spec import ApiSpec, load_api_spec
from bops_infra.paths import CDK_JSON
from bops_infra.settings import DeploymentSettings
from bops_infra.stack import BopsStack


def cdk_json_context() -> dict[str, Any]:
    """``cdk.json``'s context (feature flags, defaults): running app.py directly equals ``cdk synth``."""
    return dict(json.loads(CDK_JSON.read_text(encoding="utf-8")).get("context", {}))


def stack_id(stage: str) -> str:
    return f"Bops-{stage}" if stage else "Bops"


def build_app(
    *,
    outdir: str | None = None,
    context: Mapping[str, Any] | None = None,
    api_spec: ApiSpec | None = None,
) -> tuple[cdk.App, BopsStack]:
    """The app with the BoPS stack and the AwsSolutions checks; ``api_spec`` defaults to app.py's routes."""
    app = cdk.App(outdir=outdir, context={**cdk_json_context(), **(context or {})})
    settings = DeploymentSettings.from_context(app.node)
    stack = BopsStack(
        app,
        stack_id(settings.stage),
        settings=settings,
        api_spec=api_spec or load_api_spec(),
        description="BoPS: back-office planning system (API, workflow, documents, officers' sign-in)",
    )
    cdk.Tags.of(stack).add("project", "bops")
    if settings.stage:
        cdk.Tags.of(stack).add("stage", settings.stage)
    nag.add_checks(app)
    return app, stack
