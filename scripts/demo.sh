#!/usr/bin/env bash
# Installs, builds and runs the main job on a generated clip in which a textured
# object passes behind a bar: track it, infer its hidden shape (Top-3), paint its
# hidden pixels and fill the background plate. Results in out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cli=build/release/app/permanence-cli
out=out/demo
rm -rf "$out"
mkdir -p "$out"
$cli sample --out "$out"
video="$out/sample.mp4"
$cli info "$video"
# Tracking from the exact frame-0 mask the sample ships (on your footage: --click X,Y@FRAME).
$cli track --frames "$video" --init-mask "$out/truth/modal/00000.png" --out "$out/tracked"
# De-occlusion from the sample's exact visible masks, so the stages are shown on their own.
$cli amodal --frames "$video" --masks "$out/truth/modal" --out "$out/amodal" --topk 3
$cli complete --frames "$video" --masks "$out/truth/modal" --amodal "$out/amodal" --out "$out/rgba" --topk 3
$cli complete --frames "$video" --masks "$out/truth/modal" --amodal "$out/amodal" --background --out "$out/background"
echo "demo: tracked masks, amodal masks, RGBA layers and the background plate are in $out/"
