"""Page weight of the officer dashboard: every byte of HTML, CSS, JavaScript and fonts it loads.

Follows the built page (``frontend/dist/index.html``): its stylesheets (and their ``url()``s: fonts,
images), its scripts and every ES module they import, recursively. Prints each file with its size as
served and gzip-compressed (CloudFront compresses text), and the totals. API answers (the case lists)
are data, not page weight, and are left out. Builds the front end first if it is missing or stale.

    python scripts/page_weight.py [--page index.html] [--json] [--budget-kb 100]

``--budget-kb`` fails (exit 1) when the compressed total is over the budget.
"""

from __future__ import annotations

import argparse
import gzip
import json
import posixpath
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DIST = ROOT / "frontend" / "dist"
LINKS = re.compile(r'<(?:link[^>]*\bhref|script[^>]*\bsrc)="(/[^"]+)"', re.IGNORECASE)
STYLESHEET_OR_SCRIPT = re.compile(r'<link[^>]*rel="(?:stylesheet|icon)"[^>]*>|<script[^>]*>', re.IGNORECASE)
IMPORTS = re.compile(r"""(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*["']([^"']+)["']""")
CSS_URLS = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
KINDS = {
    ".html": "HTML",
    ".css": "CSS",
    ".js": "JavaScript",
    ".mjs": "JavaScript",
    ".woff2": "fonts",
    ".woff": "fonts",
    ".svg": "images",
    ".ico": "images",
    ".png": "images",
}


def resolve(reference: str, base: str) -> str | None:
    if reference.startswith(("data:", "http:", "https:", "#")):
        return None
    if reference.startswith("/"):
        return reference
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), reference))


def files_of(page: str) -> list[str]:
    """The site paths the page loads, in the order found."""
    seen: list[str] = [page]
    queue = [page]
    while queue:
        current = queue.pop(0)
        text = (DIST / current.lstrip("/")).read_text(encoding="utf-8", errors="replace")
        found: list[str] = []
        if current.endswith(".html"):
            for tag in STYLESHEET_OR_SCRIPT.findall(text):
                found += LINKS.findall(tag)
        elif current.endswith((".js", ".mjs")):
            found += [resolve(a or b, current) for a, b in IMPORTS.findall(text)]
        elif current.endswith(".css"):
            found += [resolve(url, current) for url in CSS_URLS.findall(text)]
        for path in found:
            if path and path not in seen and (DIST / path.lstrip("/")).is_file():
                seen.append(path)
                queue.append(path)
    return seen


def measure(page: str) -> dict:
    rows = []
    for path in files_of(page):
        data = (DIST / path.lstrip("/")).read_bytes()
        rows.append(
            {
                "path": path,
                "kind": KINDS.get(Path(path).suffix, "other"),
                "bytes": len(data),
                "gzip_bytes": len(gzip.compress(data, compresslevel=9, mtime=0)),
            }
        )
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        kind = totals.setdefault(row["kind"], {"bytes": 0, "gzip_bytes": 0, "files": 0})
        kind["bytes"] += row["bytes"]
        kind["gzip_bytes"] += row["gzip_bytes"]
        kind["files"] += 1
    counted = [r for r in rows if r["kind"] in ("HTML", "CSS", "JavaScript", "fonts")]
    return {
        "page": page,
        "files": rows,
        "by_kind": totals,
        "total_bytes": sum(r["bytes"] for r in counted),
        "total_gzip_bytes": sum(r["gzip_bytes"] for r in counted),
        "requests": len(rows),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page", default="index.html", help="the built page to weigh (default: the dashboard)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--budget-kb", type=float, help="fail when the gzip total (HTML+CSS+JS+fonts) is larger")
    args = parser.parse_args()

    from local import web

    web.build_frontend(quiet=True)
    result = measure("/" + args.page.lstrip("/"))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"Page weight of /{args.page.lstrip('/')} (as built in frontend/dist)\n")
        print(f"{'file':<44} {'bytes':>9} {'gzip':>9}")
        for row in result["files"]:
            print(f"{row['path']:<44} {row['bytes']:>9,} {row['gzip_bytes']:>9,}")
        print()
        for kind, total in sorted(result["by_kind"].items()):
            label = f"{kind} ({total['files']} files)"
            print(f"{label:<44} {total['bytes']:>9,} {total['gzip_bytes']:>9,}")
        print(
            f"\n{'Total HTML + CSS + JS + fonts':<44} {result['total_bytes']:>9,} {result['total_gzip_bytes']:>9,}"
            f"   ({result['total_bytes'] / 1024:.1f} KB, {result['total_gzip_bytes'] / 1024:.1f} KB gzip,"
            f" {result['requests']} requests)"
        )
    if args.budget_kb is not None and result["total_gzip_bytes"] > args.budget_kb * 1024:
        print(f"Over budget: {result['total_gzip_bytes'] / 1024:.1f} KB > {args.budget_kb} KB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
