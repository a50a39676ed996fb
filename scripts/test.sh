#!/usr/bin/env bash
# Installs, builds and runs the whole test suite (core, cli and gui labels).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --preset release -j "$(nproc)" "$@"
