"""Where things live in the repository, and the import path the CDK app needs to read them."""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
LAYER_ROOT = REPO_ROOT / "layers" / "bops"  # the layer asset: it holds the python/ folder Lambda expects
LAYER_PACKAGES = LAYER_ROOT / "python"
DEPENDENCIES_LAYER_BUILD = REPO_ROOT / "build" / "layers" / "dependencies"  # scripts/build_layers.sh
DEPENDENCIES_LAYER_PLACEHOLDER = REPO_ROOT / "layers" / "dependencies"  # requirements + README only
CHALICE_APP_FILE = REPO_ROOT / "app.py"
CDK_JSON = REPO_ROOT / "infra" / "cdk" / "cdk.json"

# The CDK app reads ``bops.resources`` and imports the Chalice app; both need these on the path.
for entry in (LAYER_PACKAGES, REPO_ROOT):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))
