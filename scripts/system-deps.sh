#!/usr/bin/env bash
# System packages the browser tests need: Debian's Chromium, driven by Playwright with
# executable_path=/usr/bin/chromium (Playwright's own browser download is never used).
# Idempotent: does nothing when chromium is already installed.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
