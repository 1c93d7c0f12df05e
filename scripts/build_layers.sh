#!/usr/bin/env bash
# Builds the dependencies Lambda layer: build/layers/dependencies/python/<packages>
# for the Lambda runtime (python3.12, x86_64, manylinux wheels only), without Docker.
# Usage: scripts/build_layers.sh   (PYTHON=... to choose the interpreter that runs pip)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
REQUIREMENTS="$ROOT/layers/dependencies/requirements.txt"
OUT="$ROOT/build/layers/dependencies"
TARGET="$OUT/python"
# packages installed without their dependencies (see the comments in requirements.txt)
NO_DEPS_PATTERN='^(chalice|aws-xray-sdk)([^A-Za-z0-9_.-]|$)'

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
grep -Ev '^[[:space:]]*(#|$)' "$REQUIREMENTS" | grep -Eiv "$NO_DEPS_PATTERN" > "$work/with-deps.txt"
grep -Ev '^[[:space:]]*(#|$)' "$REQUIREMENTS" | grep -Ei "$NO_DEPS_PATTERN" > "$work/no-deps.txt"

pip_install() {
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-compile \
    --platform manylinux2014_x86_64 --python-version 3.12 --implementation cp \
    --only-binary=:all: --upgrade --target "$TARGET" "$@"
}

rm -rf "$OUT"
mkdir -p "$TARGET"
pip_install -r "$work/with-deps.txt"
pip_install --no-deps -r "$work/no-deps.txt"

# The runtime's boto3/botocore must win: a copy in the layer would shadow it with another version.
for shadow in boto3 botocore s3transfer; do
  if [ -e "$TARGET/$shadow" ]; then
    echo "error: $shadow ended up in the layer (a dependency pulled it in); fix requirements.txt" >&2
    exit 1
  fi
done
find "$TARGET" -type d -name __pycache__ -prune -exec rm -rf {} +

size_kb="$(du -sk "$OUT" | cut -f1)"
echo "dependencies layer: $OUT ($((size_kb / 1024)) MB unzipped; the Lambda limit is 250 MB with all layers)"
