#include <spdlog/spdlog.h>

#include "nn/warning.h"

namespace permanence::nn {

void warn(const std::string& message) { spdlog::warn("{}", message); }

}  // namespace permanence::nn
