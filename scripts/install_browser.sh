#!/usr/bin/env bash
# Headless Chromium for the browser tests (tests/browser): Debian's package, driven by Playwright with
# executable_path (Playwright's own browser download is not used). Idempotent: does nothing when
# /usr/bin/chromium (or $BOPS_CHROMIUM) is already there. Needs root or sudo for apt-get.
set -euo pipefail

CHROMIUM="${BOPS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "Chromium is installed: $CHROMIUM"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "No $CHROMIUM and no apt-get: install Chromium yourself and set BOPS_CHROMIUM to its path." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "Installing Chromium needs root (apt-get); run this script as root or install sudo." >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# fonts-liberation: Arial's metric-compatible stand-in, so pages render as officers see them
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation
"$CHROMIUM" --version
