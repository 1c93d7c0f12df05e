#!/usr/bin/env python3
"""CDK entry: ``python infra/cdk/app.py`` (or ``cdk synth`` in infra/cdk) writes the cloud assembly.

Synth needs no network and no Docker. Context: ``bops:stage``, ``bops:corsOrigins``,
``bops:dependenciesLayer`` (see bops_infra/settings.py). Run ``scripts/build_layers.sh`` before a deploy.
"""

import os
import sys

from bops_infra.app_builder import build_app
from bops_infra.paths import REPO_ROOT

if __name__ == "__main__":
    # the cdk CLI says where (CDK_OUTDIR); run directly, write <repo>/cdk.out like cdk.json's "output"
    app, stack = build_app(outdir=os.environ.get("CDK_OUTDIR") or str(REPO_ROOT / "cdk.out"))
    if not stack.settings.dependencies_layer_built:
        print(
            "warning: build/layers/dependencies is missing, the dependencies layer is a placeholder; "
            "run scripts/build_layers.sh before deploying",
            file=sys.stderr,
        )
    app.synth()
