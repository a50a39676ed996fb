#pragma once
// A warning for the user from the model tier (a run that will take hours, ...). In the
// full build it goes to spdlog, whose level and sink the executables set; in the
// model-tier build (PERMANENCE_MODEL_TIER_ONLY, no spdlog) to stderr.
#include <string>

namespace permanence::nn {

void warn(const std::string& message);

}  // namespace permanence::nn
