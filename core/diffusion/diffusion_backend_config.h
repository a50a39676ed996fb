#pragma once
// From the user's ModelBackendSettings (--weights-dir, --depth-weights, --device, ...) to
// what the diffusion backends need; validation of paths happens when a backend opens
// them, before any model is built.
#include <filesystem>

#include "backends/backend_registry.h"
#include "diffusion/vas_models.h"
#include "diffusion/vas_pipeline.h"

namespace permanence::diffusion {

struct DiffusionBackendConfig {
  std::filesystem::path pipelineFolder;
  std::filesystem::path depthWeights;  // stage 1 only
  VasDevice device;
  VasSettings settings;
  int64_t depthInputSize = 518;  // Depth Anything V2's input size

  // Throws InputError when the weights folder is not given or (stage 1) no depth file
  // is given or found (weightsDir/depth_anything_v2*.safetensors).
  static DiffusionBackendConfig forAmodal(const ModelBackendSettings& settings);
  static DiffusionBackendConfig forCompletion(const ModelBackendSettings& settings);
};

}  // namespace permanence::diffusion
