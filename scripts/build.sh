#!/usr/bin/env bash
# Installs the dependencies and builds the release preset (build/release).
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
