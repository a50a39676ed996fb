#pragma once
// Registers the "diffusion" amodal and completion backends. Called by the plugin's
// entry point (diffusion_backend_plugin.cpp) in processes that load it, or directly
// by processes that link permanence_torch (tests, benchmarks).
#include "backends/backend_registry.h"

namespace permanence::diffusion {

void registerDiffusionBackends(BackendRegistry& registry);

}  // namespace permanence::diffusion
