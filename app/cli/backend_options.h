#pragma once
// The options that configure a model backend (--backend diffusion): weights, device,
// sampling. Shared by amodal, complete and run.
#include <CLI/CLI.hpp>

#include "backends/backend_registry.h"

namespace permanence::cli {

void addBackendOptions(CLI::App* command, ModelBackendSettings& settings);

}  // namespace permanence::cli
