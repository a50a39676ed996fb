#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running Permanence
# needs. Idempotent: a fast no-op when everything is already installed.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev libgl-dev
  libqt6svg6  # Qt's SVG icon engine: draws the editor's icons (resources/icons)
  libtorch-dev libopenblas0-pthread
  libopencv-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev ffmpeg zlib1g-dev
  libspdlog-dev nlohmann-json3-dev libcli11-dev
  libopenexr-dev  # OpenEXR export for compositors (core/media/exr_writer)
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev  # libclang-rt: libFuzzer runtime for tests/fuzz
  xvfb xauth
  desktop-file-utils shared-mime-info libglib2.0-bin  # the .deb's test: desktop entry, MIME type (tests/package)
  munge slurmctld slurmd slurm-client  # the farm tests' one-node Slurm cluster (tests/farm)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
