#!/usr/bin/env bash
# Install the formatting tools of make lint (prettier and its XML plugin, the
# versions OCA's repositories use) into node_modules/ from the npm registry,
# when package-lock.json changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v npm >/dev/null || { echo "setup: npm not found (Node.js 18+ is required for make lint)" >&2; exit 2; }
stamp="$(sha1sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.setup-stamp 2>/dev/null)" != "$stamp" ]; then
    echo "setup: installing prettier into node_modules"
    npm ci --no-audit --no-fund --silent
    echo "$stamp" > node_modules/.setup-stamp
fi
