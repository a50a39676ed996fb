#!/usr/bin/env bash
# The model tier on a machine that has PyTorch (and, for CUDA, the CUDA toolkit) but
# none of our Debian packages: builds it alone (PERMANENCE_MODEL_TIER_ONLY) against
# PyTorch's libtorch, then runs the speed harnesses and prints their JSON lines.
#   scripts/device-check.sh            CUDA: harness_sam2 (tiny, 1024) and
#                                      harness_diffusion_vas --full in bf16, within 8 minutes
#   scripts/device-check.sh cpu        the same build checked on a CPU, small sizes
# nlohmann/json.hpp (header-only) is taken from its CMake package, else from
# PERMANENCE_JSON_INCLUDE_DIR, a folder holding nlohmann/json.hpp (e.g. D with a copy of
# Debian's /usr/include/nlohmann in D/nlohmann).
# The build goes to build/model-tier (BUILD_DIR to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
device="${1:-cuda}"
build="${BUILD_DIR:-build/model-tier}"
# The whole check must fit 8 minutes on the GPU machine; the build takes what it takes,
# each harness gets what is left of this budget.
budget_s=480
started=$(date +%s)
left() { echo $((budget_s - ($(date +%s) - started))); }

mkdir -p "$build"
prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DPERMANENCE_MODEL_TIER_ONLY=ON \
  -DCMAKE_PREFIX_PATH="$prefix" ${PERMANENCE_JSON_INCLUDE_DIR:+-DPERMANENCE_JSON_INCLUDE_DIR="$PERMANENCE_JSON_INCLUDE_DIR"} \
  >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" -j "$(nproc)" >"$build/build.log" 2>&1 || { tail -40 "$build/build.log" >&2; exit 1; }
echo "device-check: built $build in $(( $(date +%s) - started )) s against $prefix" >&2

case "$device" in
  cuda)
    timeout "$(left)" "$build/bench/harness_sam2" --model tiny --image-size 1024 --frames 32 --device cuda
    timeout "$(left)" "$build/bench/harness_diffusion_vas" --full --device cuda+bf16 --frames 25
    ;;
  cpu)
    timeout "$(left)" "$build/bench/harness_sam2" --model tiny --image-size 256 --frames 3 --device cpu
    timeout "$(left)" "$build/bench/harness_diffusion_vas" --device cpu --frames 8 --steps 2
    ;;
  *)
    echo "usage: scripts/device-check.sh [cuda|cpu]" >&2
    exit 1
    ;;
esac
echo "device-check: done in $(( $(date +%s) - started )) s" >&2
