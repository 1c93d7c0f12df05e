"""Deployment settings, read from CDK context (``cdk.json``, ``-c key=value``) with safe defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from constructs import Node

from bops_infra.paths import DEPENDENCIES_LAYER_BUILD, DEPENDENCIES_LAYER_PLACEHOLDER, REPO_ROOT

STAGE = "bops:stage"  # "" (default) or e.g. "dev", "prod": suffixes every resource name
CORS_ORIGINS = "bops:corsOrigins"  # list or comma-separated origins of the front end; default "*"
DEPENDENCIES_LAYER = "bops:dependenciesLayer"  # folder holding python/ with the third-party packages
API_THROTTLE_RATE = "bops:apiThrottleRate"  # steady requests per second for the whole stage
API_THROTTLE_BURST = "bops:apiThrottleBurst"
# where the council's officers and applicants open BoPS (links in emails); default: the CloudFront domain
PUBLIC_URL = "bops:publicUrl"
ADDRESS_SOURCE = "bops:addressSource"  # neighbours' addresses: "local" (demo data) or "os_places"
ADDRESS_SOURCES = ("local", "os_places")

_STAGE_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$")


@dataclass(frozen=True)
class DeploymentSettings:
    stage: str = ""
    cors_origins: tuple[str, ...] = ("*",)
    dependencies_layer: Path = DEPENDENCIES_LAYER_PLACEHOLDER
    dependencies_layer_built: bool = False
    api_throttle_rate: int = 50
    api_throttle_burst: int = 100
    public_url: str = ""  # "": the site's CloudFront domain, as deployed
    address_source: str = "local"

    @classmethod
    def from_context(cls, node: Node) -> DeploymentSettings:
        stage = str(node.try_get_context(STAGE) or "")
        # bucket names are global and at most 63 characters: keep the stage short and DNS-safe
        if stage and not _STAGE_PATTERN.match(stage):
            raise ValueError(f"{STAGE} must be 1-16 lowercase letters, digits or hyphens, got {stage!r}")
        origins = node.try_get_context(CORS_ORIGINS) or "*"
        if isinstance(origins, str):
            origins = [o.strip() for o in origins.split(",")]
        layer, built = _dependencies_layer(node.try_get_context(DEPENDENCIES_LAYER))
        address_source = str(node.try_get_context(ADDRESS_SOURCE) or cls.address_source)
        if address_source not in ADDRESS_SOURCES:
            raise ValueError(f"{ADDRESS_SOURCE} must be one of {', '.join(ADDRESS_SOURCES)}, got {address_source!r}")
        return cls(
            stage=stage,
            cors_origins=tuple(o for o in origins if o),
            dependencies_layer=layer,
            dependencies_layer_built=built,
            api_throttle_rate=int(node.try_get_context(API_THROTTLE_RATE) or cls.api_throttle_rate),
            api_throttle_burst=int(node.try_get_context(API_THROTTLE_BURST) or cls.api_throttle_burst),
            public_url=str(node.try_get_context(PUBLIC_URL) or cls.public_url),
            address_source=address_source,
        )


def _dependencies_layer(explicit: str | None) -> tuple[Path, bool]:
    """The dependencies layer folder, and whether it holds built packages.

    Synth never builds it (no network, no Docker): ``scripts/build_layers.sh`` does, beforehand. Without
    a build the placeholder folder (requirements and a README) keeps synth working for tests and review;
    the stack then warns that the deployed functions would lack their packages.
    """
    if explicit:
        path = Path(explicit)
        path = path if path.is_absolute() else REPO_ROOT / path
        if not (path / "python").is_dir():
            raise ValueError(f"{DEPENDENCIES_LAYER}={explicit!r} has no python/ folder")
        return path, True
    if (DEPENDENCIES_LAYER_BUILD / "python").is_dir():
        return DEPENDENCIES_LAYER_BUILD, True
    return DEPENDENCIES_LAYER_PLACEHOLDER, False
