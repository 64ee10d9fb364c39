#!/usr/bin/env bash
# System packages the tests drive for real, from Debian:
# - Chromium for the browser tests, driven by Playwright with executable_path=/usr/bin/chromium
#   (Playwright's own browser download is never used);
# - the PostgreSQL server, which the PostgreSQL store tests start in a throwaway cluster of their own
#   (the package's own cluster is left alone).
# Idempotent: installs only what is missing.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

missing=()
if [ ! -x /usr/bin/chromium ]; then
    missing+=(chromium fonts-dejavu-core)
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    missing+=(postgresql)
fi

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
