#pragma once
// Registers the "sam2" tracking backend. Called by the plugin's entry point
// (sam2_backend_plugin.cpp) or directly by processes that link permanence_torch.
#include "backends/backend_registry.h"

namespace permanence::sam2 {

void registerSam2Backends(BackendRegistry& registry);

}  // namespace permanence::sam2
