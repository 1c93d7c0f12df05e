"""The maps' weight: what the OpenLayers bundle costs the pages that show a map, and that it costs the
others nothing.

The bundle (``frontend/src/map``, built by esbuild into ``js/map-bundle.js`` and ``.css``) is imported
dynamically by ``js/maps.js`` when a page draws a map, so it is not among the files a page loads up front
(``scripts/page_weight.py`` follows static imports only). Figures are gzip-compressed, as CloudFront
serves them; the bundle is fetched once and then cached.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: What a map may add to a page, gzip-compressed (OpenLayers' map, vector layers, tiles, Draw and Modify).
BUNDLE_TARGET_KB = 130


def _gzip_kb(path: Path) -> float:
    return round(len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)) / 1024, 1)


def run(quick: bool) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from local import web
    from scripts.page_weight import DIST, measure

    web.build_frontend(quiet=True)
    bundle = _gzip_kb(DIST / "js" / "map-bundle.js") + _gzip_kb(DIST / "js" / "map-bundle.css")
    dashboard = measure("/index.html")
    case_page = measure("/application.html")
    up_front = [row["path"] for page in (dashboard, case_page) for row in page["files"]]
    return {
        "map_bundle_gzip_kb": {
            "value": round(bundle, 1),
            "target": f"<= {BUNDLE_TARGET_KB}",
            "ok": bundle <= BUNDLE_TARGET_KB,
        },
        "bundle_loaded_up_front": {
            "value": any("map-bundle" in path for path in up_front),
            "target": "== False",
            "ok": not any("map-bundle" in path for path in up_front),
        },
        "dashboard_gzip_kb": round(dashboard["total_gzip_bytes"] / 1024, 1),
        "case_page_gzip_kb_before_the_map": round(case_page["total_gzip_bytes"] / 1024, 1),
    }
