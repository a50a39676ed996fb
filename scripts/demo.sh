#!/usr/bin/env bash
# Installs, builds and runs the main job on a generated sample clip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
mkdir -p out
sample=out/sample.mp4
if [ ! -f "$sample" ]; then
  # A short synthetic clip: a moving test pattern with a tone, 2 s at 25 fps.
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=2 \
    -f lavfi -i sine=frequency=440:duration=2 -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest "$sample"
fi
build/release/app/permanence-cli info "$sample"
