"""Writes the ODP file types with their readable names (``bops/domain/data/file_types.json``) from the bundled
ODP schema: the one list the API (``bops.domain.file_types``) and the front end (``frontend/build.mjs`` makes
``js/file-types.js`` of it) both read.

    .venv/bin/python scripts/file_types.py      # after updating bops/odp/schema/application.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "layers" / "bops" / "python"))

from bops.domain.file_types import FILE_TYPES_FILE, from_schema  # noqa: E402

SCHEMA = ROOT / "layers" / "bops" / "python" / "bops" / "odp" / "schema" / "application.json"


def main() -> int:
    schema = json.loads(SCHEMA.read_text())
    document = {
        "source": "ODP schema bops/odp/schema/application.json, #/definitions/FileType (scripts/file_types.py)",
        "file_types": from_schema(schema),
    }
    FILE_TYPES_FILE.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(document['file_types'])} file types to {FILE_TYPES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
