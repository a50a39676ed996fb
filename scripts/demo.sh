#!/usr/bin/env bash
# Installs, builds and runs the main job on a generated clip in which a textured
# object passes behind a bar: one click on the object, then `permanence-cli run`
# tracks it, infers its hidden shape (Top-3), paints its hidden pixels, fills the
# background and exports the composite with the object moved 80 px up, so it is
# seen whole, in front of the bar. Results in out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cli=build/release/app/permanence-cli
out=out/demo
rm -rf "$out"
mkdir -p "$out"
summary=$($cli sample --out "$out/clip")
echo "$summary"
video="$out/clip/sample.mp4"
# The sample suggests where a user would click the object on frame 0.
click=$(echo "$summary" | sed -n 's/.*"click":"\([0-9]*,[0-9]*\)".*/\1/p')
$cli info "$video"
$cli run --video "$video" --click "$click@0" --topk 3 --move obj1:0,-80 --out "$out"
echo "demo: composite in $out/composite.mp4, project in $out/sample.permanence/ (open it in the editor),"
echo "      layers and masks in $out/objects/obj1/{modal,amodal,rgba}/"
